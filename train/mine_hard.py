"""Find the SQuAD 1.1 training questions whose sentence a reader gets wrong (hard-example mining).

    python -m train.mine_hard --data ../shared/data --model qa/models/reader --questions 16000 --seed 29 \\
        --out runs/hard29.json

Reads a seeded sample of SQuAD 1.1's answerable training questions, each over its own paragraph
alone, and keeps those whose most probable sentence does not hold the gold answer (the question
and its article's title). ``train.train_reader --hard FILE`` then trains on every one of them
beside its usual random sample, so that a CPU pass, which sees a few thousand questions, spends
them where the reader errs: on its plain paragraphs it already picks the right sentence for
about nine questions in ten. Only SQuAD 1.1's training file is read.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from qa.metrics import contains
from qa.reader import OnnxReader, SpanReader
from train.data import load_articles

Case = tuple[str, str, str, list[tuple[int, int]]]  # title, question, paragraph, gold ranges


def sample_cases(data_dir: Path, questions: int, seed: int) -> list[Case]:
    """A seeded sample of ``questions`` answerable SQuAD 1.1 training questions with their paragraph."""
    if questions < 1:
        raise ValueError(f"questions must be at least 1, got {questions}")
    cases: list[Case] = []
    for article in load_articles(data_dir / "squad11_train" / "squad11_train.json"):
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                golds = [(int(a["answer_start"]), int(a["answer_start"]) + len(a["text"])) for a in qa["answers"]]
                if golds and not qa.get("is_impossible"):
                    cases.append((article["title"], qa["question"].strip(), paragraph["context"], golds))
    random.Random(seed).shuffle(cases)
    return cases[:questions]


def mine(reader: SpanReader, cases: list[Case]) -> tuple[float, list[dict[str, str]]]:
    """The share of ``cases`` whose most probable sentence holds a gold answer, and the missed ones."""
    from tqdm import tqdm

    hits = 0
    missed: list[dict[str, str]] = []
    for title, question, paragraph, golds in tqdm(cases, desc="questions", unit="q"):
        readings = reader.read(question, [paragraph])
        if readings and contains((readings[0].sentence_start, readings[0].sentence_end), golds):
            hits += 1
        else:
            missed.append({"title": title, "question": question})
    return hits / len(cases) if cases else 0.0, missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--model", type=Path, required=True, help="a reader folder (reader-int8.onnx, tokenizer.json)")
    parser.add_argument("--questions", type=int, default=16000)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    cases = sample_cases(args.data, args.questions, args.seed)
    hit, missed = mine(OnnxReader(args.model), cases)
    args.out.write_text(json.dumps({"model": str(args.model), "questions": len(cases), "seed": args.seed,
                                    "sentence_hit": hit, "missed": missed}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
