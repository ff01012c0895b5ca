#!/usr/bin/env bash
# One GPU device call: train the reader from the shipped weights on all of SQuAD 1.1 with the
# shipped recipe (the squad2_dev_train training articles' unanswerables, entity swaps, antonyms,
# echoes of the question, the reference pages' definition look-ups, the sentence loss), for as much
# of three epochs as fit in $MINUTES, with the learning rate annealed to 0 at that time limit
# (--anneal-by-time: the device's speed is not known beforehand), then put its weights in
# $OUT/NAME/ as float16 parts of at most 15 MiB (three for the reader), and every run's config,
# log and output in $OUT/logs.tar.gz.
#
# $RECIPES runs several variants side by side on the one device (its speed is bound by the host's
# Python, not the GPU: run 31 used a sliver of an H200; two side by side kept 30 steps/s each, run
# 33): "NAME:FLAGS" separated by ";", FLAGS added to (and overriding) the shipped recipe's, e.g.
# RECIPES="seed42:--seed 42;lookups:--squad11-questions 43800".
# A call returns at most 64 MiB (8 files of 16 MiB), one reader (43 MiB): the first recipe's parts go
# to $OUT/NAME/, the others' to $WORK/parts/NAME/ on the device, and the next call, made AT ONCE
# (the machine goes back after 30 s idle), fetches one of them: "FETCH=NAME bash train/device_job.sh".
#
# Here, first:  .venv/bin/python -m train.pack_device --data ../shared/data \
#                   --docs /usr/share/doc/python3.11/html --docs-questions 3000 --docs-attributes --docs-glossary 3 --seed 41
#               (runs/device-pack; a recipe with another --seed trains on this pack's look-ups, and says so)
# The call:     device run, command "bash train/device_job.sh" (or "RECIPES='...' bash train/device_job.sh"),
#               carry ["runs/device-pack"], timeout_s 600 (each training command stops itself after $MINUTES)
# Back here:    .venv/bin/python -m train.shards join FILES_AT/NAME --out runs/gpu-NAME/reader.safetensors
#               then export, calibrate and judge as train/README.md says.
# A dry run on this machine's CPU (minutes; what the call does, on a sliver of the data):
#   PYTHON=.venv/bin/python DEVICE=cpu OUT=/tmp/dry MINUTES=1.5 RECIPES="a:;b:--seed 42" \
#     EXTRA="--squad11-questions 300 --max-steps 4 --dev-size 40 --batch-size 8" bash train/device_job.sh
set -euo pipefail
PACK=${PACK:-runs/device-pack}
WORK=${WORK:-/tmp/docqa-train}
PYTHON=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
MINUTES=${MINUTES:-8.5}  # of each training command, building the windows included
RECIPES=${RECIPES:-run:}
OUT=${OUT:?OUT must name the folder the results go to}
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=true TQDM_MININTERVAL=20 PYTHONUNBUFFERED=1
if [ -n "${FETCH:-}" ]; then  # a recipe's parts, left on the device by the call before
    [ -d "$WORK/parts/$FETCH" ] || { echo "FETCH: no $WORK/parts/$FETCH (this machine holds: $(ls "$WORK/parts" 2>&1))"; exit 2; }
    mkdir -p "$OUT" && cp -r "$WORK/parts/$FETCH" "$OUT/"
    echo "fetched $FETCH: $(cd "$OUT" && find . -type f | sort | tr '\n' ' ')"
    exit 0
fi
started=$(date +%s)
rm -rf "$WORK" && mkdir -p "$WORK/data/squad11_train" "$WORK/data/squad2_dev_split" "$WORK/logs" "$OUT"
gunzip -c "$PACK/squad11_train.json.gz" > "$WORK/data/squad11_train/squad11_train.json"
gunzip -c "$PACK/squad2_dev_train.json.gz" > "$WORK/data/squad2_dev_split/squad2_dev_train.json"
"$PYTHON" -m train.import_onnx qa/models/reader/reader-int8.onnx --encoder "$PACK/encoder" \
    --out "$WORK/shipped/reader.safetensors"
bf16=$([ "$DEVICE" = cpu ] || echo --bf16)
names=()
pids=()
IFS=';' read -ra recipes <<< "$RECIPES"
for recipe in "${recipes[@]}"; do
    name=${recipe%%:*}
    flags=${recipe#*:}
    [[ "$name" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "RECIPES: bad name '$name' in '$recipe' (letters, digits, _ and -)"; exit 2; }
    # shellcheck disable=SC2086  # $bf16, $EXTRA and $flags are lists of flags
    "$PYTHON" -m train.train_reader --data "$WORK/data" --encoder "$PACK/encoder" \
        --init "$WORK/shipped/reader.safetensors" --out "$WORK/$name" --device "$DEVICE" $bf16 --max-minutes "$MINUTES" \
        --squad11-questions 87599 --squad2-repeats 8 --swap-rate 0.3 --antonym-rate 1.0 --echo-rate 0.5 --sentence-loss 0.5 \
        --docs "$PACK/docs_examples.json.gz" --batch-size 64 --lr 3e-5 --epochs 3 --anneal-by-time --seed 41 \
        --eval-every 1000 --log-every 100 --save-every 100000 \
        ${EXTRA:-} $flags > "$WORK/logs/$name-train.txt" 2>&1 &
    names+=("$name")
    pids+=("$!")
done
failed=0
for i in "${!names[@]}"; do
    name=${names[$i]}
    if wait "${pids[$i]}"; then
        # one reader per call comes back: the first here, the others fetched by the next call
        dest=$([ "$i" = 0 ] && echo "$OUT" || echo "$WORK/parts")
        "$PYTHON" -m train.shards split "$WORK/$name/reader.safetensors" "$dest/$name"
        [ "$i" = 0 ] || echo "recipe $name: fetch its parts by calling at once with FETCH=$name"
        cp "$WORK/$name/config.json" "$WORK/logs/$name-config.json"
        cp "$WORK/$name/log.jsonl" "$WORK/logs/$name-log.jsonl"
    else
        failed=1
        echo "recipe $name failed:"
    fi
    tail -n 5 "$WORK/logs/$name-train.txt"
done
tar -czf "$OUT/logs.tar.gz" -C "$WORK/logs" .
echo "device job done in $(( $(date +%s) - started )) s; $OUT holds: $(cd "$OUT" && find . -type f | sort | tr '\n' ' ')"
exit $failed
