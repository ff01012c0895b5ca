#!/usr/bin/env bash
# Seconds per reader training step under each allocator: short runs of the same training command,
# one after the other (steps 5-25 of 25; run on a quiet machine, from the repository root).
#
#     bash bench/train_allocator.sh ../shared/data [ROUNDS]
#
# Needs `apt-get install libjemalloc2`. DOCQA_TRAIN_MALLOC=system keeps train_reader from
# re-running itself under jemalloc (train/allocator.py), so the C library's allocator is measured.
set -euo pipefail
data=${1:?usage: bash bench/train_allocator.sh DATA_DIR [ROUNDS]}
rounds=${2:-2}
python=${PYTHON:-.venv/bin/python}
je=$("$python" -c "from train.allocator import find_jemalloc; print(find_jemalloc() or '')")
[ -n "$je" ] || { echo "libjemalloc.so.2 not found: apt-get install libjemalloc2" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
one() {  # name, then the environment to run in
    local name=$1; shift
    env HF_HUB_OFFLINE=1 "$@" "$python" -m train.train_reader --data "$data" --out "$work/$name" \
        --squad11-questions 1500 --squad2-repeats 1 --swap-rate 0.3 --antonym-rate 1.0 --echo-rate 0.5 \
        --sentence-loss 0.5 --bf16 --seed 5 --lr 3e-5 --max-steps 25 --log-every 5 --eval-every 100000 \
        --save-every 100000 --dev-size 20 > "$work/$name.log" 2>&1
    "$python" - "$work/$name/log.jsonl" "$name" <<'PY'
import json, sys
times = {r["step"]: r["time"] for r in map(json.loads, open(sys.argv[1])) if "loss" in r}
print(f"{sys.argv[2]:<28} {(times[25] - times[5]) / 20:.2f} s/step", flush=True)
PY
    rm -rf "${work:?}/$name"
}
for round in $(seq 1 "$rounds"); do
    one "glibc-$round" DOCQA_TRAIN_MALLOC=system
    one "glibc-hugetlb-$round" DOCQA_TRAIN_MALLOC=system GLIBC_TUNABLES=glibc.malloc.hugetlb=1
    one "jemalloc-default-$round" LD_PRELOAD="$je" MALLOC_CONF=
    one "jemalloc-keep-$round" LD_PRELOAD="$je" MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
    one "jemalloc-keep-thp-$round" LD_PRELOAD="$je" MALLOC_CONF=thp:always,dirty_decay_ms:-1,muzzy_decay_ms:-1
done
