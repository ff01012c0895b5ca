"""Fit the reader's confidence calibration and default threshold on held-out training articles.

    python -m train.calibrate --data ../shared/data --model qa/models/reader

The calibration articles of squad2_dev_train (never trained on; see ``train.data``) are indexed
and asked the normal way (hybrid retrieval, top-5 passages). Each answer candidate gets the
reader's margins (span and sentence) and answerable logit; a logistic regression maps them to P(the cited sentence
holds a gold answer). The threshold maximises abstention F1 while at most ``--max-wrongly-abstained``
of the answerable questions are refused. Writes ``calibration.json`` into the model folder and
a report with the fitted figures (``--report``).
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.catalog import DocumentInfo
from index.embedders import Embedder
from index.errors import InvalidInputError
from index.store import Store
from qa.answerer import AnswerConfig
from qa.api import DocumentQA
from qa.focus import FOCUS_FLOOR
from qa.metrics import abstention_scores, contains, expected_calibration_error
from qa.model_answerer import FOCUS_TOP, ModelAnswerer
from qa.reader import FEATURES, Calibration, OnnxReader, text_features
from train.data import calibration_articles

if TYPE_CHECKING:
    from qa.datasets import EvalSet

logger = logging.getLogger("train.calibrate")


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 50) -> np.ndarray:
    """Weights ``[bias, w...]`` of a logistic regression, by Newton's method with a small ridge."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -50, 50)))
        grad = xb.T @ (p - y) + l2 * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def pick_threshold(probability: list[float], answerable: list[bool], max_wrong: float) -> tuple[float, dict]:
    best: tuple[float, float, dict] = (-1.0, 0.5, {})
    for t in np.arange(0.02, 0.98, 0.01):
        abstained = [p < t for p in probability]
        scores = abstention_scores(abstained, [not a for a in answerable])
        if scores["answerable_wrongly_abstained"] <= max_wrong and scores["f1"] > best[0]:
            best = (scores["f1"], float(round(t, 2)), scores)
    return best[1], best[2]


def repeated_documents(documents: Sequence[DocumentInfo]) -> list[str]:
    """The ids of documents a store holds more than once."""
    copies = Counter(d.doc_id for d in documents)
    return sorted(key for key, n in copies.items() if n > 1)


def open_store(documents: Path, store: Path, answering: AnswerConfig, embedder: Embedder | None = None) -> DocumentQA:
    """The calibration store: built from ``documents`` when missing, else opened as it is (as
    ``qa eval --store`` does). Syncing a kept store with a new temporary copy of the same articles
    could keep an old copy beside the new one, and retrieval would then return the same passage
    several times (fewer distinct passages than the answerer sees in use); a store that holds a
    document twice is refused."""
    bot = (DocumentQA.open(store, answering=answering, embedder=embedder) if Store.exists(store)
           else DocumentQA.build([documents], store, answering=answering, embedder=embedder))
    repeated = repeated_documents(bot.store.catalog.documents())
    if repeated:
        bot.close()
        raise InvalidInputError(f"the calibration store {store} holds {len(repeated)} document(s) more than once "
                                f"(e.g. {repeated[0]}); delete it and run again to rebuild it")
    return bot


@contextmanager
def calibration_set(data_dir: Path, store: Path | None) -> Iterator[tuple[EvalSet, DocumentQA, dict[str, str]]]:
    """The calibration articles as an evaluation set, the store holding them (kept at ``store``,
    else temporary; see :func:`open_store`) and each question's article title; closed after."""
    from qa.datasets import load_squad

    articles = calibration_articles(data_dir)
    title_of = {qa["id"]: a["title"] for a in articles for p in a["paragraphs"] for qa in p["qas"]}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "calibration.json"
        source.write_text(json.dumps({"version": "v2.0", "data": articles}), encoding="utf-8")
        (Path(tmp) / "docs").mkdir()
        evalset = load_squad(source, Path(tmp) / "docs")
        bot = open_store(evalset.documents, store or Path(tmp) / "store", AnswerConfig(answerer="model"))
        try:
            yield evalset, bot, title_of
        finally:
            bot.close()


def collect(data_dir: Path, model_dir: Path, store: Path | None, limit: int | None = None,
            by_sentence: bool = True, focus_top: int = FOCUS_TOP) -> list[dict]:
    """Per question: its article, text, whether it is answerable, and every passage's candidate
    (features, whether its cited sentence holds a gold answer, the sentence, the short answer and the passage: the
    texts let a later probe try a feature without reading every question again). The ``focus_top``
    candidates with the highest sentence margins are read focused, as the answerer will read them."""
    from tqdm import tqdm

    rows = []
    with calibration_set(data_dir, store) as (evalset, bot, title_of):
        identity = Calibration(bias=0.0, weights=(("margin", 1.0),), threshold=0.5, focus_top=focus_top)
        answerer = ModelAnswerer(bot.corpus, bot.answerer.config, model_dir=model_dir, calibration=identity,
                                 features=FEATURES,
                                 reader=OnnxReader(model_dir, by_sentence=by_sentence))
        questions = evalset.questions
        if limit:  # spread over the articles
            questions = questions[:: max(1, len(questions) // limit)][:limit]
        for q in tqdm(questions, desc="calibration questions", unit="q"):
            cands = []
            for c in answerer.candidates(q.question, bot.retrieve(q.question)):
                if not np.isfinite(c.reading.margin):
                    continue
                gold = q.gold.get(Path(c.passage.source).name, [])
                cands.append({"features": c.features, "correct": contains((c.start, c.end), gold),
                              "sentence": c.text, "short": c.short.text, "passage": c.passage.text})
            rows.append({"id": q.qid, "article": title_of.get(q.qid, ""), "answerable": bool(q.answerable),
                         "question": q.question, "candidates": cands})
    refresh_text_features(rows)  # the answerer computes only the checks its calibration weighs: here, all
    return rows


def limit_focus(rows: list[dict], focus_top: int) -> int:
    """Give each question's candidates beyond the ``focus_top`` highest sentence margins the focus
    margin of a candidate not read focused (:data:`~qa.focus.FOCUS_FLOOR`), as an answerer
    reading only that many would: rows collected with more read focused serve for fewer. Returns
    how many candidates it changed."""
    n = 0
    for row in rows:
        ranked = sorted(row["candidates"], key=lambda c: -c["features"]["sentence_margin"])
        for cand in ranked[focus_top:]:
            if cand["features"].get("focus_margin", FOCUS_FLOOR) != FOCUS_FLOOR:
                cand["features"]["focus_margin"] = FOCUS_FLOOR
                n += 1
    return n


def refresh_text_features(rows: list[dict]) -> int:
    """Recompute the text features (:func:`qa.reader.text_features`) of every candidate whose row
    kept its texts, so a feature added after the rows were collected can be fitted; returns how
    many candidates were refreshed."""
    n = 0
    for row in rows:
        for cand in row["candidates"]:
            if "question" in row and "sentence" in cand and "passage" in cand:
                cand["features"].update(text_features(row["question"], cand["sentence"], cand["passage"]))
                n += 1
    return n


def _fit_features(rows: list[dict], names: tuple[str, ...], rounds: int = 4) -> Calibration:
    """Fit on each question's best candidate; the best depends on the weights, so refit a few times."""
    cal = Calibration(bias=0.0, weights=(("margin", 1.0),), threshold=0.5)
    for _ in range(rounds):
        best = [max(r["candidates"], key=lambda c: cal.probability(c["features"])) for r in rows if r["candidates"]]
        x = np.array([[b["features"][n] for n in names] for b in best])
        y = np.array([float(b["correct"]) for b in best])
        w = fit_logistic(x, y)
        cal = Calibration(bias=float(w[0]), weights=tuple(zip(names, map(float, w[1:]))), threshold=0.5)
    return cal


def _outcomes(rows: list[dict], cal: Calibration) -> tuple[list[float], list[bool]]:
    probability, correct = [], []
    for r in rows:
        best = max(r["candidates"], key=lambda c: cal.probability(c["features"]), default=None)
        probability.append(cal.probability(best["features"]) if best else 0.0)
        correct.append(bool(best and best["correct"]))
    return probability, correct


def article_folds(rows: list[dict]) -> Iterator[tuple[list[dict], list[dict]]]:
    """Leave one article out: for each article, its rows and the other articles' rows that have
    candidates (what a fit may learn from)."""
    for article in sorted({r["article"] for r in rows}):
        yield ([r for r in rows if r["article"] == article],
               [r for r in rows if r["article"] != article and r["candidates"]])


def cross_validated(rows: list[dict], names: tuple[str, ...], max_wrong: float) -> dict[str, float]:
    """Leave-one-article-out: fit the calibration and pick the threshold on the other articles,
    apply both to the held-out one. Returns the log loss of the calibrated probability, citation
    hit@1 on answerable questions (before the threshold), abstention F1 and the share of
    answerable questions refused."""
    losses: list[float] = []
    abstained: list[bool] = []
    unanswerable: list[bool] = []
    hits: list[bool] = []
    for held, rest in article_folds(rows):
        if not rest:
            continue
        cal = _fit_features(rest, names)
        threshold, _ = pick_threshold(_outcomes(rest, cal)[0], [r["answerable"] for r in rest], max_wrong)
        p, y = _outcomes(held, cal)
        pa = np.clip(np.array(p), 1e-6, 1 - 1e-6)
        losses += list(-(np.array(y) * np.log(pa) + (1 - np.array(y)) * np.log(1 - pa)))
        abstained += [x < threshold for x in p]
        unanswerable += [not r["answerable"] for r in held]
        hits += [c for c, r in zip(y, held, strict=True) if r["answerable"]]
    scores = abstention_scores(abstained, unanswerable)
    return {"log_loss": float(np.mean(losses)), "hit@1": float(np.mean(hits)), "abstention_f1": scores["f1"],
            "answerable_wrongly_abstained": scores["answerable_wrongly_abstained"]}


PARSIMONY = 0.002  # leave-one-article-out log loss a larger feature set must gain to be chosen
FEATURE_SETS: tuple[tuple[str, ...], ...] = (
    ("margin", "answerable"), ("margin", "answerable", "passage_rank", "dense"),
    ("sentence_margin", "answerable"), ("sentence_margin", "margin", "answerable"),
    ("sentence_margin", "answerable", "negation_mismatch"), ("sentence_margin", "answerable", "missing_names"),
    ("sentence_margin", "answerable", "negation_mismatch", "opposite_mismatch"),
    ("sentence_margin", "answerable", "negation_mismatch", "opposite_mismatch", "missing_names"),
    ("sentence_margin", "answerable", "focus_margin"), ("sentence_margin", "answerable", "negation_mismatch", "focus_margin"),
    ("sentence_margin", "answerable", "negation_mismatch", "focus_margin", "missing_numbers"))


def choose(scores: dict[tuple[str, ...], dict[str, float]]) -> tuple[str, ...]:
    """The fewest features whose held-out log loss is within :data:`PARSIMONY` of the best (then
    the lowest): a feature more must pay. Hit@1 and abstention F1 are reported, not chosen on:
    the retrieval rank lifts hit@1 on these articles, whose questions were each written about one
    paragraph, but cites the wrong passage for a seed question (``train/README.md``)."""
    best = min(s["log_loss"] for s in scores.values())
    return min((n for n, s in scores.items() if s["log_loss"] <= best + PARSIMONY),
               key=lambda n: (len(n), scores[n]["log_loss"]))


def fit(rows: list[dict], max_wrong: float) -> tuple[Calibration, dict]:
    present = {name for r in rows for c in r["candidates"] for name in c["features"]}  # rows from before a feature
    scores = {names: cross_validated(rows, names, max_wrong) for names in FEATURE_SETS if present.issuperset(names)}
    names = choose(scores)
    cal = _fit_features(rows, names)
    probability, correct = _outcomes(rows, cal)
    answerable = [r["answerable"] for r in rows]
    threshold, at = pick_threshold(probability, answerable, max_wrong)
    cal = Calibration(cal.bias, cal.weights, threshold)
    hits = [c for c, a in zip(correct, answerable) if a]
    report = {"questions": len(rows), "answerable": sum(answerable),
              "feature_sets_cv": {",".join(n): v for n, v in scores.items()},
              "features": list(names), "threshold": threshold, "abstention_at_threshold": at,
              "ece": expected_calibration_error(probability, correct),
              "citation_hit@1_answerable": float(np.mean(hits)) if hits else None, "calibration": cal.as_dict()}
    return cal, report


def held_out(rows: list[dict], trained_on: Collection[str]) -> list[dict]:
    """The rows of the articles the reader was not trained on. Their questions are still asked
    over the whole calibration store (its retrieval pool stays the same for every reader)."""
    trained = set(trained_on)
    unknown = sorted(trained - {r["article"] for r in rows})
    if unknown:
        raise SystemExit(f"--trained-on {unknown}: no calibration question comes from these articles; "
                         "name them as train_reader --calibration-trained did")
    return [r for r in rows if r["article"] not in trained]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--model", type=Path, default=Path("qa/models/reader"))
    parser.add_argument("--store", type=Path, default=None, help="keep the calibration store here for reruns")
    parser.add_argument("--rows", type=Path, default=None, help="cache of the collected candidates (JSON)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions (a quick check)")
    parser.add_argument("--decode", choices=("sentence", "span"), default="sentence",
                        help="cite each passage's most probable sentence, or the sentence around its best span")
    parser.add_argument("--focus-top", type=int, default=FOCUS_TOP,
                        help="how many candidates (the highest sentence margins) are read again focused "
                             f"(default {FOCUS_TOP}); with --rows collected reading more, the others are set as not read")
    parser.add_argument("--max-wrongly-abstained", type=float, default=0.12)
    parser.add_argument("--trained-on", nargs="+", default=[], metavar="TITLE",
                        help="calibration articles the reader was trained on (train_reader --calibration-trained): "
                             "asked, but left out of the fit")
    parser.add_argument("--report", type=Path, default=Path("runs/calibration-report.json"))
    args = parser.parse_args(argv)
    if not 1 <= args.focus_top <= 100:
        parser.error(f"--focus-top must be from 1 to 100, got {args.focus_top}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.rows is not None and args.rows.is_file():
        rows = json.loads(args.rows.read_text())
        logger.info("refreshed the text features of %d candidates", refresh_text_features(rows))
        logger.info("%d candidates beyond the top %d set as not read focused", limit_focus(rows, args.focus_top),
                    args.focus_top)
    else:
        rows = collect(args.data, args.model, args.store, args.limit, by_sentence=args.decode == "sentence",
                       focus_top=args.focus_top)
        if args.rows is not None:
            args.rows.parent.mkdir(parents=True, exist_ok=True)
            args.rows.write_text(json.dumps(rows))
    rows = held_out(rows, args.trained_on)
    cal, report = fit(rows, args.max_wrongly_abstained)
    report["trained_on"] = sorted(args.trained_on)
    cal = replace(cal, decode=args.decode, focus_top=args.focus_top)
    report["decode"] = args.decode
    report["focus_top"] = args.focus_top
    report["calibration"] = cal.as_dict()
    (args.model / "calibration.json").write_text(json.dumps(cal.as_dict(), indent=1) + "\n", encoding="utf-8")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=1), encoding="utf-8")
    logger.info("calibration: %s", json.dumps(report))


if __name__ == "__main__":
    main()
