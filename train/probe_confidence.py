"""Do more features help the confidence when they may not move the citation?

    python -m train.probe_confidence runs/calib-rows.json

A two-stage calibration, scored leave-one-article-out on the rows ``train.calibrate --rows``
cached (rows collected since 2026-12-02 also keep each candidate's short answer): the shipped
features rank the candidates (so citation hit@1 stays the shipped one), and a second logistic
fit, on the chosen candidates only, gives the chosen one its confidence from the shipped
features and some more:

- ``missing_words``: the share of the question's content words (lower-cased, cut to five
  letters) the passage never writes; a SQuAD 2.0 question made unanswerable by a changed word
  asks about a word the paragraph lacks;
- ``short_overlap``: the share of the short answer's content words the question already holds;
- ``type_mismatch``: a "how many / when / what year" question whose short answer holds no
  number, month or number word, or a "who" question whose short answer holds no capital;
- the passage's retrieval rank and dense score, the opposite-word check;
- from ``train.probe_cross_passage``: the candidate's softmax share of the question's sentence
  margins, its gap to the best other, the question's highest answerable logit;
- ``sentence_cosine``, when the rows come from ``train.probe_cosine --out`` (the question's
  cosine with the sentence, by the embedding model).

For each set: held-out log loss, hit@1 (before the threshold), abstention F1 and answerable
refused at a threshold picked on the other articles (at most 12 % refused), the AUC of the
confidence for a right citation, and abstention F1 at most 8 / 10 / 12 / 15 / 20 % refused
(thresholds picked on the pooled held-out confidences: the curve, not a fit).

With ``--listwise``, it also asks whether a ranker fitted for ranking does better than the
pointwise logistic fit: ``train.probe_sentence_features``'s listwise ranker (a softmax over each
answerable question's candidates), fitted on seven articles and scored on the eighth, with the
shipped features and with each extra one (a few minutes).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

from qa.metrics import abstention_scores, auc
from qa.reader import text_features
from train.calibrate import article_folds, fit_logistic, pick_threshold
from train.probe_cross_passage import _p, enrich
from train.probe_cross_passage import fit as fit_ranker
from train.probe_sentence_features import cross_validated_hit

SHIPPED = ("sentence_margin", "answerable", "negation_mismatch", "focus_margin", "missing_numbers")
WORD = re.compile(r"\w+")
STOP = frozenset(
    "a an the of in on at to for by with from and or is are was were be been what which who whom whose when where "
    "why how many much did do does that this these those it its as into than".split())
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
                         "fifty hundred thousand million billion half dozen first second third".split())
TIME_WORDS = frozenset("january february march april may june july august september october november december "
                       "century centuries decade decades".split())
NUMBER_QUESTION = re.compile(r"\bhow (many|much|long|old|far|large|big|tall|high|often)\b|\bwhat (year|percentage|"
                             r"percent|number)\b|\bwhen\b")
WHO_QUESTION = re.compile(r"\bwho(m|se)?\b")
RATES = (0.08, 0.10, 0.12, 0.15, 0.20)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def missing_words(question: str, passage: str) -> float:
    """The share of the question's content words (three letters or more, cut to five) the passage lacks."""
    asked = {w[:5] for w in words(question) if w not in STOP and len(w) > 2}
    held = {w[:5] for w in words(passage)}
    return sum(w not in held for w in asked) / len(asked) if asked else 0.0


def short_features(question: str, short: str) -> dict[str, float]:
    """``short_overlap`` and ``type_mismatch`` of the short answer (see the module's docstring)."""
    asked = set(words(question)) - STOP
    answer = [w for w in words(short) if w not in STOP]
    overlap = sum(w in asked for w in answer) / len(answer) if answer else 1.0
    said = set(words(short))
    if NUMBER_QUESTION.search(question.lower()):
        mismatch = not (re.search(r"\d", short) or said & NUMBER_WORDS or said & TIME_WORDS)
    elif WHO_QUESTION.search(question.lower()):
        mismatch = not re.search(r"[A-Z]", short)
    else:
        mismatch = False
    return {"short_overlap": overlap, "type_mismatch": float(mismatch)}


def add_features(rows: list[dict]) -> None:
    """The features above, on every candidate of rows that kept their texts (``short`` may be
    missing in rows collected before 2026-12-02: its features are then left out)."""
    enrich(rows, "sentence_margin")
    for row in rows:
        for cand in row["candidates"]:
            f = cand["features"]
            if "passage" in cand:
                f["missing_words"] = missing_words(row["question"], cand["passage"])
                f.update(text_features(row["question"], cand["sentence"], cand["passage"], ("opposite_mismatch",)))
            if "short" in cand:
                f.update(short_features(row["question"], cand["short"]))


def _chosen(rows: list[dict], w: np.ndarray) -> list[dict | None]:
    return [max(r["candidates"], key=lambda c: _p(w, c["features"], SHIPPED)) if r["candidates"] else None
            for r in rows]


def held_out(rows: list[dict], extra: tuple[str, ...]) -> tuple[list[float], list[bool], list[bool], list[bool]]:
    """Leave-one-article-out confidences of the chosen candidates, whether each is right, whether
    each question is answerable, and whether it falls below the threshold the other articles chose."""
    names = SHIPPED + extra
    p_all: list[float] = []
    right: list[bool] = []
    answerable: list[bool] = []
    refused: list[bool] = []
    for held, rest in article_folds(rows):
        ranker = fit_ranker(rest, SHIPPED)
        best = [c for c in _chosen(rest, ranker) if c is not None]
        w = fit_logistic(np.array([[c["features"][n] for n in names] for c in best]),
                         np.array([float(c["correct"]) for c in best]))
        threshold, _ = pick_threshold([_p(w, c["features"], names) for c in best],
                                      [r["answerable"] for r in rest], 0.12)
        for row, cand in zip(held, _chosen(held, ranker), strict=True):
            p = _p(w, cand["features"], names) if cand is not None else 0.0
            p_all.append(p)
            right.append(bool(cand and cand["correct"]))
            answerable.append(row["answerable"])
            refused.append(p < threshold)
    return p_all, right, answerable, refused


def score(rows: list[dict], extra: tuple[str, ...]) -> dict[str, float]:
    p, right, answerable, refused = held_out(rows, extra)
    y = np.array(right, dtype=float)
    pa = np.clip(np.array(p), 1e-6, 1 - 1e-6)
    at = abstention_scores(refused, [not a for a in answerable])
    out = {"log_loss": float(np.mean(-(y * np.log(pa) + (1 - y) * np.log(1 - pa)))),
           "hit@1": float(np.mean([r for r, a in zip(right, answerable, strict=True) if a])),
           "abstention_f1": at["f1"], "refused": at["answerable_wrongly_abstained"], "auc": auc(p, right)}
    for rate in RATES:
        best = 0.0
        for t in np.arange(0.01, 0.99, 0.005):
            s = abstention_scores([x < t for x in p], [not a for a in answerable])
            if s["answerable_wrongly_abstained"] <= rate:
                best = max(best, s["f1"])
        out[f"f1@{rate:.2f}"] = best
    return out


def listwise_hit(rows: list[dict], names: tuple[str, ...]) -> float:
    """Citation hit@1 over the answerable questions of the listwise ranker, leave-one-article-out."""
    questions = [{"article": r["article"], "answerable": True,
                  "c": [{"f": c["features"], "correct": c["correct"]} for c in r["candidates"]]}
                 for r in rows if r["answerable"] and r["candidates"]]
    answerable = sum(r["answerable"] for r in rows)
    folds = len({q["article"] for q in questions})
    return cross_validated_hit(questions, names, folds=folds) * len(questions) / answerable if answerable else 0.0


EXTRA_SETS: tuple[tuple[str, ...], ...] = (
    (), ("missing_words",), ("short_overlap",), ("type_mismatch",), ("missing_words", "short_overlap"),
    ("passage_rank",), ("dense",), ("opposite_mismatch",), ("share",), ("gap",), ("max_answerable",),
    ("missing_words", "gap", "passage_rank"), ("sentence_cosine",), ("sentence_cosine", "missing_words"),
    ("pair_score",), ("pair_gap",), ("pair_score", "pair_gap"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=Path, help="the JSON rows train.calibrate --rows wrote (with texts)")
    parser.add_argument("--listwise", action="store_true", help="also score a listwise ranker's hit@1")
    args = parser.parse_args(argv)
    rows = json.loads(args.rows.read_text())
    add_features(rows)
    present = {n for r in rows for c in r["candidates"] for n in c["features"]}
    for extra in EXTRA_SETS:
        if not present.issuperset(extra):
            continue
        s = score(rows, extra)
        curve = " ".join(f"{s[f'f1@{r:.2f}']:.3f}" for r in RATES)
        sys.stdout.write(f"{'+'.join(extra) or 'shipped':34s} log loss {s['log_loss']:.4f}  hit@1 {s['hit@1']:.3f}  "
                         f"abstention F1 {s['abstention_f1']:.3f} (refused {s['refused']:.3f})  AUC {s['auc']:.4f}  "
                         f"F1 at 8/10/12/15/20% refused {curve}\n")
    if args.listwise:
        for extra in ((), ("missing_words",), ("short_overlap", "type_mismatch"), ("dense",), ("share", "gap"),
                      ("passage_rank",), ("pair_score",), ("pair_score", "pair_gap")):
            if present.issuperset(extra):
                sys.stdout.write(f"listwise ranker, {'+'.join(extra) or 'shipped':28s} hit@1 "
                                 f"{listwise_hit(rows, SHIPPED + extra):.3f}\n")


if __name__ == "__main__":
    main()
