"""Do features that compare a candidate with the other passages' candidates help the calibration?

    python -m train.probe_cross_passage runs/calib2-rows.json [--margin sentence_margin]

Reads the candidate rows ``train.calibrate --rows`` cached (features only, no text), adds
cross-passage features (softmax share of the margin among the question's passages, gap to the
best other distinct candidate, the question's mean margin and max answerable logit, how many
passages agree on the same span), and scores each feature set leave-one-article-out: fit and
pick the threshold (at most 12 % answerable refused) on seven calibration articles, apply to
the eighth. Prints hit@1, abstention F1, answerable wrongly refused and log loss per set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from qa.metrics import abstention_scores
from train.calibrate import fit_logistic, pick_threshold


def feature_sets(margin: str = "margin") -> tuple[tuple[str, ...], ...]:
    """The sets scored: ``margin`` (the span's, or the sentence's) and the answerable logit, with
    the retrieval features, then with each cross-passage feature, then with all of them."""
    base = (margin, "answerable", "passage_rank", "dense")
    return ((margin, "answerable"), base, (*base, "share"), (*base, "gap"), (*base, "mean_margin", "max_answerable"),
            (*base, "agree"), (*base, "share", "gap", "mean_margin", "max_answerable", "agree"))


def enrich(rows: list[dict], margin: str = "margin") -> None:
    for r in rows:
        cands = r["candidates"]
        if not cands:
            continue
        m = np.array([c["features"][margin] for c in cands])
        a = np.array([c["features"]["answerable"] for c in cands])
        share = np.exp(m - m.max()) / np.exp(m - m.max()).sum()
        for i, c in enumerate(cands):
            same = np.abs(m - m[i]) <= 1e-6
            others = m[~same]
            c["features"].update(share=float(share[i]), gap=float(m[i] - others.max()) if len(others) else 10.0,
                                 mean_margin=float(m.mean()), max_answerable=float(a.max()), agree=float(same.sum() - 1))


def _p(w: np.ndarray, f: dict, names: tuple[str, ...]) -> float:
    return float(1 / (1 + np.exp(-np.clip(w[0] + sum(wi * f[n] for wi, n in zip(w[1:], names)), -50, 50))))


def fit(rows: list[dict], names: tuple[str, ...]) -> np.ndarray:
    w = np.zeros(len(names) + 1)
    w[1] = 1.0  # start by ranking on the first feature (the margin); the best candidate depends on the weights, so refit
    for _ in range(4):
        best = [max(r["candidates"], key=lambda c: _p(w, c["features"], names)) for r in rows if r["candidates"]]
        w = fit_logistic(np.array([[b["features"][n] for n in names] for b in best]),
                         np.array([float(b["correct"]) for b in best]))
    return w


def outcomes(rows: list[dict], w: np.ndarray, names: tuple[str, ...]) -> tuple[list[float], list[bool]]:
    p, y = [], []
    for r in rows:
        best = max(r["candidates"], key=lambda c: _p(w, c["features"], names), default=None)
        p.append(_p(w, best["features"], names) if best else 0.0)
        y.append(bool(best and best["correct"]))
    return p, y


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=Path, help="the JSON rows train.calibrate --rows wrote")
    parser.add_argument("--margin", default="margin", choices=("margin", "sentence_margin"),
                        help="the reader's margin the cross-passage features compare (sentence_margin for rows "
                             "collected with --decode sentence)")
    args = parser.parse_args(argv)
    rows = json.loads(args.rows.read_text())
    enrich(rows, args.margin)
    articles = sorted({r["article"] for r in rows})
    for names in feature_sets(args.margin):
        abstained, answerable, correct, losses = [], [], [], []
        for article in articles:
            held = [r for r in rows if r["article"] == article]
            rest = [r for r in rows if r["article"] != article and r["candidates"]]
            w = fit(rest, names)
            t, _ = pick_threshold(outcomes(rest, w, names)[0], [r["answerable"] for r in rest], 0.12)
            p, y = outcomes(held, w, names)
            abstained += [x < t for x in p]
            answerable += [r["answerable"] for r in held]
            correct += y
            pa = np.clip(np.array(p), 1e-6, 1 - 1e-6)
            losses += list(-(np.array(y) * np.log(pa) + (1 - np.array(y)) * np.log(1 - pa)))
        s = abstention_scores(abstained, [not a for a in answerable])
        hit = np.mean([c for c, a in zip(correct, answerable) if a])
        sys.stdout.write(f"{','.join(names):78s} hit@1 {hit:.3f}  abstention F1 {s['f1']:.3f}  wrongly refused "
                         f"{s['answerable_wrongly_abstained']:.3f}  log loss {np.mean(losses):.4f}\n")


if __name__ == "__main__":
    main()
