"""Would reading the best candidate sentences again, on their own and cut out, cite and refuse better?

    python -m train.probe_rereading --data ../shared/data --store runs/calib-store \\
        --rows runs/reread-rows.json --stride 2

For each calibration question (held-out training articles; every ``--stride``-th) the passages
are retrieved and read as the answerer reads them, and the ``--top`` sentences with the highest
reader score (log-probability that the answer starts and ends in the sentence, minus "no
answer") become the candidates. Each is then read twice more, in one batch:

- **focused**: the sentence with its neighbours only; ``focus_margin`` is its score there and
  ``focus_answerable`` that window's answerable logit;
- **cut out**: its passage without the sentence; ``cut_best`` is the best score of any sentence
  left, ``cut_drop`` the candidate's score minus that, ``cut_answerable_drop`` how far the
  answerable logit falls.

The candidates' rows have the layout of ``train.calibrate``'s, and each feature set is judged
with its leave-one-article-out fit (log loss, hit@1 before the threshold, abstention F1 and
answerable refused at the threshold picked on the other articles).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

import qa.reader
from qa.focus import focus
from qa.metrics import contains
from qa.reader import OnnxReader, text_features
from train.calibrate import calibration_set, cross_validated
from train.probe_sentence_features import probe_parser, sentence_table

FEATURE_SETS = (
    ("sentence_margin", "answerable"),
    ("sentence_margin", "answerable", "negation_mismatch"),
    ("sentence_margin", "answerable", "negation_mismatch", "focus_margin"),
    ("sentence_margin", "answerable", "negation_mismatch", "focus_margin", "focus_answerable"),
    ("sentence_margin", "answerable", "negation_mismatch", "cut_drop"),
    ("sentence_margin", "answerable", "negation_mismatch", "cut_best", "cut_answerable_drop"),
    ("sentence_margin", "answerable", "negation_mismatch", "focus_margin", "cut_drop"),
    ("sentence_margin", "answerable", "negation_mismatch", "focus_margin", "focus_answerable", "cut_best",
     "cut_drop", "cut_answerable_drop"),
)


def _rereading_features(reader: OnnxReader, question: str, texts: list[str],
                        chosen: list[tuple[int, int, int, float, float]]) -> list[dict[str, float]]:
    """The focused and cut-out readings' features of each chosen ``(passage, a, b, score, answerable)``."""
    extra: list[str] = []
    where: list[tuple[int, int]] = []  # the sentence's place in its focused text
    for i, a, b, _, _ in chosen:
        lo, hi = focus(texts[i], a, b)  # what the answerer reads again
        extra.append(texts[i][lo:hi])
        where.append((a - lo, b - lo))
        extra.append((texts[i][:a].rstrip() + " " + texts[i][b:].lstrip()).strip() or ".")
    windows, start, end, answerable = reader.logits(question, extra)
    scored = sentence_table(windows, start, end, answerable, extra)
    out = []
    for n, (_, _, _, score, yes) in enumerate(chosen):
        focused = scored.get(2 * n, {})
        f_score, f_yes = focused.get(where[n], (-30.0, 0.0))
        cut = scored.get(2 * n + 1, {})
        c_best, c_yes = max(cut.values(), default=(-30.0, yes - 10.0))
        out.append({"focus_margin": f_score, "focus_answerable": f_yes, "cut_best": c_best,
                    "cut_drop": score - c_best, "cut_answerable_drop": yes - c_yes})
    return out


def collect(data_dir: Path, model_dir: Path, store: Path, stride: int, top: int) -> list[dict]:
    from tqdm import tqdm

    rows = []
    with calibration_set(data_dir, store) as (evalset, bot, title_of):
        reader = OnnxReader(model_dir)
        for q in tqdm(evalset.questions[::stride], desc="questions", unit="q"):
            passages = bot.retrieve(q.question)
            texts = [p.text for p in passages]
            scored = sentence_table(*reader.logits(q.question, texts), texts)
            ranked = sorted(((s, yes, i, a, b) for i, per in scored.items() for (a, b), (s, yes) in per.items()),
                            reverse=True)[:top]
            chosen = [(i, a, b, s, yes) for s, yes, i, a, b in ranked]
            cands = []
            if chosen:
                for (i, a, b, s, yes), more in zip(chosen, _rereading_features(reader, q.question, texts, chosen),
                                                   strict=True):
                    p = passages[i]
                    f = {"margin": s, "sentence_margin": s, "answerable": yes, "passage_rank": 1.0 / (1 + p.rank), **more}
                    f.update(text_features(q.question, texts[i][a:b], texts[i]))
                    gold = q.gold.get(Path(p.source).name, [])
                    cands.append({"features": f, "correct": contains((p.start + a, p.start + b), gold)})
            rows.append({"id": q.qid, "article": title_of.get(q.qid, ""), "answerable": bool(q.answerable),
                         "candidates": cands})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = probe_parser(__doc__)
    parser.add_argument("--top", type=int, default=4, help="candidate sentences per question")
    parser.add_argument("--max-wrongly-abstained", type=float, default=0.15)
    args = parser.parse_args(argv)
    if args.stride < 1:
        parser.error(f"--stride must be at least 1, got {args.stride}")
    if args.top < 1:
        parser.error(f"--top must be at least 1, got {args.top}")
    if args.rows.is_file():
        rows = json.loads(args.rows.read_text())
    else:
        rows = collect(args.data, args.model, args.store, args.stride, args.top)
        args.rows.write_text(json.dumps(rows))
    # the calibration knows only the answerer's features (focus_margin among them since this probe):
    # let it fit the probe's others too, in this process only
    qa.reader.FEATURES = (*qa.reader.FEATURES, "focus_answerable", "cut_best", "cut_drop", "cut_answerable_drop")
    answerable = [r for r in rows if r["answerable"]]
    oracle = np.mean([any(c["correct"] for c in r["candidates"]) for r in answerable])
    sys.stdout.write(f"questions {len(rows)} ({len(answerable)} answerable); some candidate holds the answer "
                     f"{oracle:.3f}\n")
    for names in FEATURE_SETS:
        cv = cross_validated(rows, names, args.max_wrongly_abstained)
        sys.stdout.write(" ".join(f"{k} {v:.4f}" for k, v in cv.items()) + "  " + ", ".join(names) + "\n")


if __name__ == "__main__":
    main()
