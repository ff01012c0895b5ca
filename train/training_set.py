"""What a run of ``train.train_reader`` trains on, from its options: SQuAD's examples
(:func:`train.data.build_training_set`), then, when asked, definition look-ups from reference
pages (:mod:`train.docs_data`), unanswerable questions whose names the passage holds
(:mod:`train.confusion_data`) and the focused reading's windows (:mod:`train.focus_data`), shuffled
after each addition (seeded)."""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import logging
import random
from pathlib import Path

from train.confusion_data import confusion_examples
from train.data import Example, build_training_set
from train.docs_data import docs_examples

logger = logging.getLogger("train.reader")


def hard_questions(path: Path | None) -> frozenset[str]:
    """The questions ``train.mine_hard`` wrote to ``path`` (none without a path)."""
    if path is None:
        return frozenset()
    try:
        return frozenset(m["question"] for m in json.loads(path.read_text(encoding="utf-8"))["missed"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SystemExit(f"--hard {path}: not a train.mine_hard output ({exc}); run python -m train.mine_hard first") from exc


def training_examples(args: argparse.Namespace) -> list[Example]:
    """The training examples ``args`` (``train_reader``'s options) ask for."""
    examples = build_training_set(args.data, squad11_questions=args.squad11_questions, seed=args.seed,
                                  squad2_repeats=args.squad2_repeats, swap_rate=args.swap_rate,
                                  antonym_rate=args.antonym_rate, negation_rate=args.negation_rate,
                                  echo_rate=args.echo_rate, echo_before=args.echo_before, others=args.others,
                                  hard=hard_questions(args.hard),
                                  calibration_trained=frozenset(args.calibration_trained))
    if args.docs is not None and args.docs.is_file():
        examples += load_examples(args.docs, args.seed)
        random.Random(args.seed).shuffle(examples)
    elif args.docs is not None and args.docs_questions:
        examples += docs_examples(args.docs, questions=args.docs_questions, seed=args.seed,
                                  attributes=args.docs_attributes, glossary_repeats=args.docs_glossary,
                                  faq_repeats=args.docs_faq, prose_repeats=args.docs_prose)
        random.Random(args.seed).shuffle(examples)
    if args.confuse_rate:
        examples += confusion_examples(examples, random.Random(args.seed + 2), args.confuse_rate)
        random.Random(args.seed).shuffle(examples)
    if args.focus_rate:
        from train.focus_data import focus_examples  # imports qa (the answerer's own window), off the device path

        examples += focus_examples(examples, random.Random(args.seed + 1), args.focus_rate)
        random.Random(args.seed).shuffle(examples)
    return examples


def save_examples(examples: list[Example], path: Path, settings: dict[str, object]) -> None:
    """Write ``examples`` (e.g. the docs look-ups, for a machine without the pages) as gzipped JSON,
    with the ``settings`` that built them."""
    rows = [dataclasses.asdict(e) for e in examples]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump({"settings": settings, "examples": rows}, f)


def load_examples(path: Path, seed: int | None = None) -> list[Example]:
    """The examples :func:`save_examples` wrote to ``path``; warns where they were drawn with
    another ``seed`` than the run's (they are that seed's sample of look-ups, not this one's)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            packed = json.load(f)
        examples = [Example(**{**r, "others": tuple(r["others"]), "headings": tuple(tuple(h) for h in r["headings"])})
                    for r in packed["examples"]]
        settings = dict(packed["settings"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SystemExit(f"--docs {path}: not a file of examples that train.pack_device wrote ({exc})") from exc
    if seed is not None and settings.get("seed") != seed:
        logger.warning("--docs %s: its look-ups were drawn with --seed %s, this run's is %s: the run trains on that "
                       "sample (pack again with train.pack_device --seed %s for this seed's)", path,
                       settings.get("seed"), seed, seed)
    return examples
