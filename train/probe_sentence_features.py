"""Would ranking every sentence with the reader's score and other features cite better?

    python -m train.probe_sentence_features --data ../shared/data --store runs/calib-store \\
        --rows runs/sentence-rows.json --stride 2

The answerer cites, of each retrieved passage's most probable sentence, the one whose calibrated
probability is highest. This probe asks how much a learned ranking over *all* sentences of the
five passages could add: for the calibration questions (held-out training articles; every
``--stride``-th), it records each sentence's reader score (log-probability that the answer
starts and ends in it, minus "no answer", best over the windows that hold it), the passage's
reciprocal retrieval rank and the heuristic answerer's features for the sentence, and whether
the sentence holds a gold answer. Then, on answerable questions, a listwise logistic ranker
(softmax over the question's sentences) is fitted on four fifths of the articles and scored on
the fifth, for several feature sets. Prints the oracle (some sentence holds the answer), each
feature set's hit@1 and its weights fitted on all questions.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

from index.sentences import split_sentences
from qa.answerer import AnswerConfig, ExtractiveAnswerer
from qa.metrics import contains
from qa.reader import OnnxReader, sentence_scores
from train.calibrate import calibration_set

FEATURE_SETS = (("model",), ("model", "rank"), ("model", "h_score"), ("model", "h_score", "rank"),
                ("model", "h_coverage", "h_context", "h_passage", "h_wrong_type", "h_echo", "rank"),
                ("model", "h_dense", "h_coverage", "h_context", "h_passage", "h_wrong_type", "h_echo", "rank"))


def probe_parser(description: str | None) -> argparse.ArgumentParser:
    """The options every probe over the calibration questions takes."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--model", type=Path, default=Path("qa/models/reader"))
    parser.add_argument("--store", type=Path, required=True, help="the calibration store (train.calibrate --store)")
    parser.add_argument("--rows", type=Path, required=True, help="cache of what the probe collected (JSON)")
    parser.add_argument("--stride", type=int, default=1, help="every N-th calibration question")
    return parser


def sentence_table(windows: list, start: np.ndarray, end: np.ndarray, answerable: np.ndarray,
                   texts: list[str]) -> dict[int, dict[tuple[int, int], tuple[float, float]]]:
    """Per text (by index), each of its sentences' best reader score over the windows holding
    it (:func:`qa.reader.sentence_scores`), with that window's answerable logit."""
    out: dict[int, dict[tuple[int, int], tuple[float, float]]] = {}
    sentences = {i: split_sentences(t) for i, t in enumerate(texts)}
    for row, w in enumerate(windows):
        n = len(w.input_ids)
        per = out.setdefault(w.passage_index, {})
        for score, a, b, _ in sentence_scores(w, sentences[w.passage_index], start[row, :n], end[row, :n])[1]:
            if (a, b) not in per or score > per[(a, b)][0]:
                per[(a, b)] = (score, float(answerable[row]))
    return out


def collect(data_dir: Path, model_dir: Path, store: Path, stride: int = 1) -> list[dict]:
    """Per question: its article, whether it is answerable, and every sentence of its retrieved
    passages with its features and whether it holds a gold answer."""
    from tqdm import tqdm

    rows = []
    with calibration_set(data_dir, store) as (evalset, bot, title_of):
        reader = OnnxReader(model_dir)
        heuristic = ExtractiveAnswerer(bot.corpus, AnswerConfig(answerer="heuristic"))
        for q in tqdm(evalset.questions[::stride], desc="questions", unit="q"):
            passages = bot.retrieve(q.question)
            texts = [p.text for p in passages]
            table = sentence_table(*reader.logits(q.question, texts), texts)
            best = {(i, a, b): scored for i, per in table.items() for (a, b), scored in per.items()}
            scored = heuristic.candidates(passages)
            heuristic.score(q.question, scored)
            by_key = {(passages.index(c.passage), c.start - c.passage.start, c.end - c.passage.start): c for c in scored}
            cands = []
            for (i, a, b), (score, yes) in best.items():
                p = passages[i]
                f = {"model": score, "answerable": yes, "rank": 1.0 / (1 + p.rank),
                     "pdense": float(p.dense_score or 0.0)}
                if (i, a, b) in by_key:
                    f.update({"h_" + k: v for k, v in by_key[(i, a, b)].features.items()})
                    f["h_score"] = by_key[(i, a, b)].score
                gold = q.gold.get(Path(p.source).name, [])
                cands.append({"p": i, "a": a, "b": b, "f": f, "correct": contains((p.start + a, p.start + b), gold)})
            rows.append({"id": q.qid, "article": title_of.get(q.qid, ""), "answerable": bool(q.answerable), "c": cands})
    return rows


def _matrix(question: dict, names: tuple[str, ...]) -> np.ndarray:
    return np.array([[c["f"].get(n, 0.0) for n in names] for c in question["c"]])


def fit_listwise(questions: list[dict], names: tuple[str, ...], epochs: int = 400, lr: float = 0.1,
                 l2: float = 1e-3) -> np.ndarray:
    """Weights of a linear score whose softmax over each question's sentences puts its mass on
    the sentences holding the answer (features standardised while fitting; returned raw)."""
    xs = [_matrix(q, names) for q in questions]
    ys = [np.array([c["correct"] for c in q["c"]], dtype=float) for q in questions]
    keep = [i for i, y in enumerate(ys) if y.sum() > 0]
    xs, ys = [xs[i] for i in keep], [ys[i] for i in keep]
    if not xs:
        raise ValueError("no question has a sentence holding its answer")
    stacked = np.concatenate(xs)
    mu, sd = stacked.mean(0), stacked.std(0) + 1e-9
    xs = [(x - mu) / sd for x in xs]
    w = np.zeros(len(names))
    w[0] = 1.0
    for _ in range(epochs):
        grad = np.zeros(len(names))
        for x, y in zip(xs, ys, strict=True):
            s = x @ w
            p = np.exp(s - s.max())
            grad += x.T @ (p / p.sum() - y / y.sum())
        w -= lr * (grad / len(xs) + l2 * w)
    return w / sd


def cross_validated_hit(questions: list[dict], names: tuple[str, ...], folds: int = 5, seed: int = 0) -> float:
    """Hit@1 of the listwise ranker, fitted on the other folds' articles."""
    articles = sorted({q["article"] for q in questions})
    random.Random(seed).shuffle(articles)
    fold = {a: i % folds for i, a in enumerate(articles)}
    hits = 0
    for k in range(folds):
        train = [q for q in questions if fold[q["article"]] != k]
        w = fit_listwise(train, names)
        hits += sum(q["c"][int(np.argmax(_matrix(q, names) @ w))]["correct"]
                    for q in questions if fold[q["article"]] == k)
    return hits / len(questions)


def main(argv: list[str] | None = None) -> None:
    parser = probe_parser(__doc__)
    args = parser.parse_args(argv)
    if args.stride < 1:
        parser.error(f"--stride must be at least 1, got {args.stride}")
    if args.rows.is_file():
        rows = json.loads(args.rows.read_text())
    else:
        rows = collect(args.data, args.model, args.store, args.stride)
        args.rows.write_text(json.dumps(rows))
    answerable = [q for q in rows if q["answerable"] and q["c"]]
    out = sys.stdout
    oracle = np.mean([any(c["correct"] for c in q["c"]) for q in answerable])
    out.write(f"questions {len(rows)}, answerable with sentences {len(answerable)}; some sentence holds "
              f"the answer {oracle:.3f}\n")
    for names in FEATURE_SETS:
        w = fit_listwise(answerable, names)
        weights = ", ".join(f"{n} {v:+.3f}" for n, v in zip(names, w, strict=True))
        out.write(f"hit@1 {cross_validated_hit(answerable, names):.3f}  {weights}\n")


if __name__ == "__main__":
    main()
