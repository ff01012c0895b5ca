"""The frame the benches of generated questions share (``added.py``, ``defaults.py``, ``parts.py``):
the arguments, the questions drawn from the store's headings or read back from a file, each asked
once and judged by the bench, the tally of verdicts by kind, printed."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

VERDICTS = ("right", "wrong", "refused", "answered")


def cited(answer: Any, width: int) -> str:
    """How a verdict's line shows an answer: refused, or its first citation's file, the opening
    ``width`` characters of its text, and its confidence."""
    if answer.abstained:
        return "refused"
    first = answer.citations[0]
    return f"{Path(first.source).name}: {first.text[:width]!r} ({answer.confidence:.2f})"


def run(doc: str, seed: int, kinds: Sequence[str], draw: Callable[[Any, argparse.Namespace], list[dict[str, Any]]],
        judge: Callable[[dict[str, Any], Any], tuple[str, str, str]],
        more: Callable[[argparse.ArgumentParser], object] = lambda parser: None) -> None:
    """Parse the arguments (``more`` adds a bench's own), draw the questions (``draw(bot, args)``)
    or read them (``--questions``), save them (``--save-questions``), ask each and ``judge`` it
    (its kind, one of ``kinds``, its verdict, one of :data:`VERDICTS`, and the line that shows
    it), then print the tally and the lines (those judged right only with ``--show``)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa import DocumentQA

    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="an existing store")
    parser.add_argument("--per-document", type=int, default=5)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--save-questions", type=Path, help="write the questions drawn to this JSON file")
    parser.add_argument("--questions", type=Path, help="ask these questions (a --save-questions file)")
    parser.add_argument("--show", action="store_true", help="list the right answers too")
    more(parser)
    args = parser.parse_args()
    bot = DocumentQA.open(args.store)
    tally = {kind: dict.fromkeys(VERDICTS, 0) for kind in kinds}
    lines = []
    try:
        questions = json.loads(args.questions.read_text()) if args.questions else draw(bot, args)
        if args.save_questions:
            args.save_questions.write_text(json.dumps(questions, indent=1))
        for q in questions:
            kind, verdict, line = judge(q, bot.ask(q["question"]))
            tally[kind][verdict] += 1
            if verdict != "right" or args.show:
                lines.append(line)
    finally:
        bot.close()
    for kind, counts in tally.items():
        print(f"{kind} ({sum(counts.values())} questions): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for line in lines:
        print(line)
