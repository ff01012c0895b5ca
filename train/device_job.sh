#!/usr/bin/env bash
# One GPU device call: train the reader from the shipped weights on all of SQuAD 1.1 with the
# shipped recipe (the squad2_dev_train training articles' unanswerables, entity swaps, antonyms,
# echoes of the question, the reference pages' definition look-ups, the sentence loss), for as much
# of three epochs as fit in $MINUTES, with the learning rate annealed to 0 at that time limit
# (--anneal-by-time: the device's speed is not known beforehand), then put its weights in $OUT as
# float16 parts of at most 15 MiB, with the run's config and log.
#
# Here, first:  .venv/bin/python -m train.pack_device --data ../shared/data \
#                   --docs /usr/share/doc/python3.11/html --docs-questions 3000 --docs-attributes --docs-glossary 3 --seed 41
#               (runs/device-pack; the docs settings and seed must match the training command below)
# The call:     device run, command "bash train/device_job.sh", carry ["runs/device-pack"],
#               timeout_s 600 (the training command stops itself after $MINUTES minutes)
# Back here:    .venv/bin/python -m train.shards join FILES_AT --out runs/gpu/reader.safetensors
#               then export, calibrate and judge as train/README.md says.
# A dry run on this machine's CPU (minutes; what the call does, on a sliver of the data):
#   PYTHON=.venv/bin/python DEVICE=cpu OUT=/tmp/dry MINUTES=1.5 \
#     EXTRA="--squad11-questions 300 --max-steps 4 --dev-size 40 --batch-size 8" bash train/device_job.sh
set -euo pipefail
PACK=${PACK:-runs/device-pack}
WORK=${WORK:-/tmp/docqa-train}
PYTHON=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
MINUTES=${MINUTES:-8.5}  # of the training command, building the windows included
OUT=${OUT:?OUT must name the folder the results go to}
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=true TQDM_MININTERVAL=20 PYTHONUNBUFFERED=1
started=$(date +%s)
rm -rf "$WORK" && mkdir -p "$WORK/data/squad11_train" "$WORK/data/squad2_dev_split" "$OUT"
gunzip -c "$PACK/squad11_train.json.gz" > "$WORK/data/squad11_train/squad11_train.json"
gunzip -c "$PACK/squad2_dev_train.json.gz" > "$WORK/data/squad2_dev_split/squad2_dev_train.json"
"$PYTHON" -m train.import_onnx qa/models/reader/reader-int8.onnx --encoder "$PACK/encoder" \
    --out "$WORK/shipped/reader.safetensors"
bf16=$([ "$DEVICE" = cpu ] || echo --bf16)
# shellcheck disable=SC2086  # $bf16 and $EXTRA are lists of flags
"$PYTHON" -m train.train_reader --data "$WORK/data" --encoder "$PACK/encoder" --init "$WORK/shipped/reader.safetensors" \
    --out "$WORK/run" --device "$DEVICE" $bf16 --max-minutes "$MINUTES" \
    --squad11-questions 87599 --squad2-repeats 8 --swap-rate 0.3 --antonym-rate 1.0 --echo-rate 0.5 --sentence-loss 0.5 \
    --docs "$PACK/docs_examples.json.gz" --batch-size 64 --lr 3e-5 --epochs 3 --anneal-by-time --seed 41 \
    --eval-every 1000 --log-every 100 --save-every 100000 \
    ${EXTRA:-} 2>&1 | tee "$OUT/train.txt"
"$PYTHON" -m train.shards split "$WORK/run/reader.safetensors" "$OUT"
cp "$WORK/run/config.json" "$OUT/config.json"
cp "$WORK/run/log.jsonl" "$OUT/log.jsonl"
echo "device job done in $(( $(date +%s) - started )) s; $OUT holds: $(ls "$OUT" | tr '\n' ' ')"
