"""Would the bi-encoder's view of a candidate help the calibration?

    python -m train.probe_cosine runs/calib-rows.json --out runs/calib-cosine-rows.json

Reads ``train.calibrate``'s rows (each candidate keeps its sentence and passage), embeds the
questions and the candidates' texts with the bundled embedder (int8 ONNX where onnxruntime
runs) and adds, per candidate:

- ``sentence_cosine``: the question against the cited sentence (judged, not shipped: ``train/README.md``);
- ``focus_cosine``: against the sentence with its neighbours (``qa.focus.focus``);
- ``max_cosine`` / ``cosine_gap``: the question's best candidate cosine, and this one's minus it;
- ``coverage`` / ``passage_coverage``: the share of the question's content words (stemmed) that
  the sentence / its passage holds.

Each set (the shipped features plus some of these) is judged by ``train.calibrate``'s
leave-one-article-out fit: log loss, hit@1 before the threshold, abstention F1 and answerable
refused at the threshold picked on the other articles (at most ``--max-wrongly-abstained``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

import qa.reader
from index.local_model import Embedder
from qa.extract import content_terms
from qa.focus import focus
from train.calibrate import cross_validated
from train.probe_confidence import SHIPPED

EXTRA = ("sentence_cosine", "focus_cosine", "max_cosine", "cosine_gap", "coverage", "passage_coverage")
TRIED = ((), ("sentence_cosine",), ("focus_cosine",), ("sentence_cosine", "focus_cosine"), ("coverage",),
         ("passage_coverage",), ("sentence_cosine", "coverage"), ("sentence_cosine", "passage_coverage"),
         ("sentence_cosine", "max_cosine"), ("sentence_cosine", "cosine_gap"))


def _share(question: set[str], text: str) -> float:
    return len(question & set(content_terms(text))) / len(question) if question else 0.0


def add_features(rows: list[dict], embedder: Embedder | None = None) -> None:
    """Add :data:`EXTRA` to every candidate of ``rows`` (in place), embedding with ``embedder``
    (the bundled model's default backend if None)."""
    from index.embedders import default_embedder

    embedder = embedder or default_embedder()
    sentences, focused = [], []
    for row in rows:
        for cand in row["candidates"]:
            sentences.append(cand["sentence"])
            at = cand["passage"].find(cand["sentence"])
            lo, hi = focus(cand["passage"], at, at + len(cand["sentence"])) if at >= 0 else (0, 0)
            focused.append(cand["passage"][lo:hi] if hi > lo else cand["sentence"])
    questions = embedder.embed([r["question"] for r in rows])
    sentence_vectors, focus_vectors = embedder.embed(sentences), embedder.embed(focused)
    k = 0
    for row, q in zip(rows, questions, strict=True):
        terms = set(content_terms(row["question"]))
        for cand in row["candidates"]:
            f = cand["features"]
            f["sentence_cosine"] = float(np.dot(q, sentence_vectors[k]))
            f["focus_cosine"] = float(np.dot(q, focus_vectors[k]))
            f["coverage"] = _share(terms, cand["sentence"])
            f["passage_coverage"] = _share(terms, cand["passage"])
            k += 1
        best = max((c["features"]["sentence_cosine"] for c in row["candidates"]), default=0.0)
        for cand in row["candidates"]:
            cand["features"]["max_cosine"] = best
            cand["features"]["cosine_gap"] = cand["features"]["sentence_cosine"] - best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=Path, help="train.calibrate --rows output (with the candidates' texts)")
    parser.add_argument("--out", type=Path, required=True, help="the rows with the added features (reused if present)")
    parser.add_argument("--max-wrongly-abstained", type=float, default=0.12)
    args = parser.parse_args(argv)
    if args.out.is_file():
        rows = json.loads(args.out.read_text())
    else:
        rows = json.loads(args.rows.read_text())
        if any("sentence" not in c or "passage" not in c for r in rows for c in r["candidates"]):
            parser.error(f"{args.rows}: the candidates lack their texts; collect them again with train.calibrate --rows")
        add_features(rows)
        args.out.write_text(json.dumps(rows))
    judge(rows, EXTRA, TRIED, args.max_wrongly_abstained)


def judge(rows: list[dict], extra_names: tuple[str, ...], tried: tuple[tuple[str, ...], ...], max_wrong: float) -> None:
    """One line per feature set of ``tried`` (each added to the shipped ones): its
    leave-one-article-out log loss, hit@1, abstention F1 and answerable refused."""
    # the calibration knows the answerer's features only: let it fit the probe's others too, here
    qa.reader.FEATURES = (*qa.reader.FEATURES, *(n for n in extra_names if n not in qa.reader.FEATURES))
    for extra in tried:
        cv = cross_validated(rows, SHIPPED + extra, max_wrong)
        sys.stdout.write(" ".join(f"{k} {v:.4f}" for k, v in cv.items()) + "  + " + (", ".join(extra) or "(shipped)") + "\n")


if __name__ == "__main__":
    main()
