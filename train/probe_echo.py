"""Does the reader cite the sentence that restates the question over the one that answers it?

    python -m train.probe_echo --data ../shared/data --model qa/models/reader [--model runs/other-model]

For every answerable question of the calibration articles (held out from training; the test
split is never read), its gold paragraph is read three ways, each alone: as it is, with the
question's words as a statement inserted just before the answer's sentence
(:func:`train.data.question_statement`: "How many soldiers guard the airport?" -> "Soldiers
guard the airport."), and with the question itself inserted there (a FAQ heading); and both
again, inserted before the sentence farthest from the answer's (``_away``: a reader that only
learned "the answer follows the echo" cites the wrong sentence there). For each, the share of
questions whose most probable sentence holds a gold answer (``hit``), the share that cite the
inserted echo (``echo``), the share that cite the sentence just after it (``after_echo``), and
the median sentence margin of the cited sentence.
In real documents the sentence that restates the question often stands just before the answer
("Why does round(2.675, 2) give 2.67?"); SQuAD's paragraphs have none, so the probe adds one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from qa.metrics import contains
from qa.reader import OnnxReader, SpanReader
from train.data import answer_sentence_start, calibration_articles, insert_sentence, question_statement, sentences

VARIANTS = ("plain", "statement", "question", "statement_away", "question_away")
Variant = tuple[str, tuple[int, int] | None, list[tuple[int, int]]]  # text, the echo's range, the gold ranges
Case = tuple[str, str, list[dict]]  # question, its gold paragraph, its answers


def answerable_cases(articles: list[dict]) -> list[Case]:
    """Every answerable question of ``articles`` with its paragraph and answers."""
    return [(qa["question"].strip(), paragraph["context"], qa["answers"])
            for article in articles for paragraph in article["paragraphs"] for qa in paragraph["qas"]
            if not qa.get("is_impossible") and qa["answers"]]


def variants(question: str, context: str, answers: list[dict]) -> dict[str, Variant] | None:
    """The paragraph as it is and with each echo just before the answer's sentence, and away from
    it (before the sentence farthest from the answer's): its text, the echo's range and the gold
    answers' ranges; None when an echo cannot be made or the paragraph is one sentence."""
    golds = [(int(a["answer_start"]), int(a["answer_start"]) + len(a["text"])) for a in answers]
    at = answer_sentence_start(context, golds[0][0])
    others = [a for a, _ in sentences(context) if a != at and (a <= golds[0][0] or a >= golds[0][1])]
    if not others:
        return None
    away = max(others, key=lambda a: abs(a - at))
    out: dict[str, Variant] = {"plain": (context, None, golds)}
    asked = question if question.endswith("?") else question + "?"
    for name, echo in (("statement", question_statement(question)), ("question", asked)):
        if echo is None or any(a["text"].lower() in echo.lower() for a in answers):
            return None
        for suffix, place in (("", at), ("_away", away)):
            text = insert_sentence(context, place, echo, 0, 0)[0]
            moved = [insert_sentence(context, place, echo, a, b)[1:] for a, b in golds]
            out[name + suffix] = (text, (place, place + len(echo)), moved)
    return out


def probe(reader: SpanReader, cases: list[Case]) -> dict[str, dict[str, float]]:
    from tqdm import tqdm

    tally: dict[str, dict[str, list[float]]] = {v: {"hit": [], "echo": [], "after_echo": [], "margin": []}
                                                for v in VARIANTS}
    for question, context, answers in tqdm(cases, desc="questions", unit="q"):
        texts = variants(question, context, answers)
        if texts is None:
            continue
        for reading in reader.read(question, [texts[n][0] for n in VARIANTS]):
            name = VARIANTS[reading.passage_index]
            _, echo_range, gold = texts[name]
            tally[name]["hit"].append(float(contains((reading.sentence_start, reading.sentence_end), gold)))
            tally[name]["echo"].append(float(echo_range is not None and reading.sentence_start == echo_range[0]))
            tally[name]["after_echo"].append(float(echo_range is not None and reading.sentence_start == echo_range[1] + 1))
            tally[name]["margin"].append(float(reading.sentence_margin or 0.0))
    return {name: {"questions": len(t["hit"]), **{k: float(np.mean(t[k])) for k in ("hit", "echo", "after_echo")},
                   "median_margin": float(np.median(t["margin"]))} for name, t in tally.items() if t["hit"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--model", type=Path, action="append", required=True, help="a reader folder (repeatable)")
    parser.add_argument("--limit", type=int, default=0, help="the first N questions only (0: all)")
    args = parser.parse_args(argv)
    cases = answerable_cases(calibration_articles(args.data))
    cases = cases[: args.limit] if args.limit else cases
    report = {str(m): probe(OnnxReader(m), cases) for m in args.model}
    json.dump(report, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
