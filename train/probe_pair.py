"""Would the sentence ranker (``train.pair_ranker``) help the calibration choose and refuse?

    python -m train.probe_pair runs/calib-rows.json --weights runs/pair1/pair.safetensors --out runs/calib-pair-rows.json

Scores every candidate of ``train.calibrate``'s rows with the ranker (``pair_score``, and
``pair_gap``: minus the question's best), then judges feature sets by the calibration's
leave-one-article-out fit (log loss, hit@1 before the threshold, abstention F1, answerable
refused), beside hit@1 when the ranker alone picks among the five candidates.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from train.probe_cosine import judge

EXTRA = ("pair_score", "pair_gap")
TRIED = ((), ("pair_score",), ("pair_gap",), ("pair_score", "pair_gap"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=Path)
    parser.add_argument("--weights", type=Path, required=True, help="pair.safetensors (or a checkpoint's model.safetensors)")
    parser.add_argument("--out", type=Path, required=True, help="the rows with the ranker's scores (reused if present)")
    parser.add_argument("--max-wrongly-abstained", type=float, default=0.12)
    args = parser.parse_args(argv)
    if args.out.is_file():
        rows = json.loads(args.out.read_text())
    else:
        from train.pair_ranker import load_ranker, score_rows

        rows = json.loads(args.rows.read_text())
        model, tokenizer = load_ranker(args.weights)
        score_rows(rows, model, tokenizer)
        args.out.write_text(json.dumps(rows))
    answerable = [r for r in rows if r["answerable"] and r["candidates"]]
    alone = np.mean([r["candidates"][int(np.argmax([c["features"]["pair_score"] for c in r["candidates"]]))]["correct"]
                     for r in answerable])
    margin = np.mean([r["candidates"][int(np.argmax([c["features"]["sentence_margin"] for c in r["candidates"]]))]["correct"]
                      for r in answerable])
    best = np.mean([any(c["correct"] for c in r["candidates"]) for r in answerable])
    sys.stdout.write(f"answerable {len(answerable)}: hit@1 by the ranker alone {alone:.3f}, by the sentence margin "
                     f"{margin:.3f}, some candidate right {best:.3f}\n")
    judge(rows, EXTRA, TRIED, args.max_wrongly_abstained)


if __name__ == "__main__":
    main()
