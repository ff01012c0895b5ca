"""Would reading the best candidates side by side, in one window, cite and refuse better?

    python -m train.probe_joint runs/calib-soup4-rows.json --model qa/models/reader --out runs/joint-rows.json

The answerer compares candidates from different passages by their calibrated margins, each
measured in its own window (and, for the focused reading, in a window of its neighbours only):
the reader never weighs one candidate against another. Here each calibration question's
``--top`` candidates (highest sentence margin first, as the focused reading chooses them) are
read once more **together**: their focused texts (the sentence and its neighbours) joined into
one text, in candidate order, the neighbours uncitable. One softmax then runs over all of
them, so ``joint_margin`` (the log-probability that the answer starts and ends in the
candidate's sentence, minus "no answer", within the joint reading) is directly comparable
between candidates; ``joint_gap`` is that minus the best other candidate's. Candidates not read
get :data:`qa.focus.FOCUS_FLOOR`.

Each feature set is then judged by ``train.calibrate``'s leave-one-article-out fit (log loss,
hit@1, abstention F1, answerable refused at the threshold picked on the other articles).
Reads the rows of ``train.calibrate --rows`` (which keep each candidate's sentence and passage).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

from index.sentences import split_sentences
from qa.focus import FOCUS_FLOOR, focus
from qa.model_answerer import FOCUS_TOP
from qa.reader import OnnxReader, sentence_scores

BASE = ("sentence_margin", "answerable", "negation_mismatch", "focus_margin", "missing_numbers")
SETS = (BASE, BASE + ("joint_margin",), BASE + ("joint_gap",), BASE + ("joint_margin", "joint_gap"),
        ("sentence_margin", "answerable", "negation_mismatch", "joint_margin", "missing_numbers"))


def joined(candidates: list[tuple[str, str]], order: list[int]) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """The focused texts of ``candidates`` (sentence, passage) in ``order``, joined by blank lines:
    the text, each candidate's sentence range in it, and the ranges no reading may cite."""
    parts, spans, uncitable, at = [], [], [], 0
    for k in order:
        sentence, passage = candidates[k]
        a = passage.find(sentence)
        b = a + len(sentence)
        lo, hi = focus(passage, a, b)
        piece = passage[lo:hi]
        parts.append(piece)
        spans.append((at + a - lo, at + b - lo))
        uncitable += [(at, at + a - lo), (at + b - lo, at + len(piece) + 2)]
        at += len(piece) + 2
    return "\n\n".join(parts), spans, uncitable


def joint_margins(reader: OnnxReader, question: str, text: str, spans: list[tuple[int, int]]) -> list[float]:
    """Each span's best sentence score over the windows of ``text`` read as one passage."""
    windows, start, end, _ = reader.logits(question, [text])
    best = [FOCUS_FLOOR] * len(spans)
    for row, w in enumerate(windows):
        n = len(w.input_ids)
        _, scored = sentence_scores(w, spans, start[row, :n], end[row, :n])
        for score, a, b, _ in scored:
            k = spans.index((a, b))
            best[k] = max(best[k], max(FOCUS_FLOOR, score))
    return best


def add_features(rows: list[dict], reader: OnnxReader, *, top: int = FOCUS_TOP, shuffle: bool = False,
                 seed: int = 0) -> None:
    from tqdm import tqdm

    rng = random.Random(seed)
    for row in tqdm(rows, desc="joint readings", unit="q"):
        cands = row["candidates"]
        for c in cands:
            c["features"]["joint_margin"] = FOCUS_FLOOR
            c["features"]["joint_gap"] = FOCUS_FLOOR
        usable = [i for i, c in enumerate(cands) if c["passage"].find(c["sentence"]) >= 0
                  and split_sentences(c["sentence"])]
        chosen = sorted(usable, key=lambda i: -cands[i]["features"]["sentence_margin"])[:top]
        # the same sentence from two overlapping passages is read once
        seen: dict[str, int] = {}
        order = []
        for i in chosen:
            if cands[i]["sentence"] not in seen:
                seen[cands[i]["sentence"]] = i
                order.append(i)
        if not order:
            continue
        if shuffle:
            rng.shuffle(order)
        text, spans, _ = joined([(cands[i]["sentence"], cands[i]["passage"]) for i in order], list(range(len(order))))
        margins = joint_margins(reader, row["question"], text, spans)
        by_sentence = {cands[i]["sentence"]: m for i, m in zip(order, margins, strict=True)}
        for i in chosen:
            m = by_sentence[cands[i]["sentence"]]
            others = [v for s, v in by_sentence.items() if s != cands[i]["sentence"]]
            cands[i]["features"]["joint_margin"] = m
            cands[i]["features"]["joint_gap"] = m - max(others) if others else 0.0


def main() -> None:
    import qa.reader
    from train.calibrate import cross_validated

    qa.reader.FEATURES = (*qa.reader.FEATURES, "joint_margin", "joint_gap")  # a probe's features, not the answerer's
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=Path)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="write the rows with the joint features here")
    parser.add_argument("--top", type=int, default=FOCUS_TOP)
    parser.add_argument("--shuffle", action="store_true", help="join the candidates in random order")
    parser.add_argument("--max-wrongly-abstained", type=float, default=0.12)
    args = parser.parse_args()
    rows = json.loads(args.rows.read_text(encoding="utf-8"))
    reader = OnnxReader(args.model, by_sentence=True)
    add_features(rows, reader, top=args.top, shuffle=args.shuffle)
    if args.out:
        args.out.write_text(json.dumps(rows), encoding="utf-8")
    report = {",".join(names): cross_validated(rows, names, args.max_wrongly_abstained) for names in SETS}
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
    answerable = [r for r in rows if r["answerable"] and r["candidates"]]
    some = np.mean([any(c["correct"] for c in r["candidates"] if c["features"]["joint_margin"] > FOCUS_FLOOR)
                    for r in answerable])
    sys.stdout.write(f"some joined candidate holds the answer: {some:.3f} of {len(answerable)} answerable\n")


if __name__ == "__main__":
    main()
