"""The frame the benches of generated questions share (``added.py``, ``defaults.py``, ``parts.py``):
the arguments, the questions drawn from the store's headings or read back from a file, each asked
once and judged by the bench, the tally of verdicts by kind, printed."""

from __future__ import annotations

import argparse
import json
import os
import random
from collections.abc import Callable, Iterator, Sequence
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


def section_end(headings: list[tuple[int, int, str]], i: int, text: str) -> int:
    """Where the text directly under ``headings[i]`` ends: the next heading (a class's methods head
    sections of their own, each with its version line), or where the next of its level follows
    with nothing but spaces between, that one's ("assertIsNone(expr)", "assertIsNotNone(expr)")."""
    while i + 1 < len(headings) and headings[i + 1][1] == headings[i][1] and \
            not text[headings[i][0] + len(headings[i][2]):headings[i + 1][0]].strip():
        i += 1
    return headings[i + 1][0] if i + 1 < len(headings) else len(text)


def headed(bot: Any) -> Iterator[tuple[str, Any, int, str, int]]:
    """Each heading of each document the store ``bot`` holds: the document's source, the document,
    the heading's offset and title, and where the text under it ends (:func:`section_end`)."""
    for info in bot.documents():
        document = bot.document(info.source)
        headings = list(document.headings)
        for i, (at, _, title) in enumerate(headings):
            yield info.source, document, at, title, section_end(headings, i, document.text)


def one_section(found: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The questions ``found`` of each name (each with its ``source`` and ``start``) whose name
    heads one section of the store (a name several sections head: which one?), by document."""
    by_source: dict[str, list[dict[str, Any]]] = {}
    for questions in found.values():
        if len({q["start"] for q in questions}) == 1:
            by_source.setdefault(questions[0]["source"], []).extend(questions)
    return by_source


def sample(by_source: dict[str, list[dict[str, Any]]], per_document: int, rng: random.Random,
           pools: Sequence[Callable[[dict[str, Any]], bool]], order: Callable[[dict[str, Any]], Any]) -> list[dict[str, Any]]:
    """Of each document's questions (in order of their sources), up to ``per_document`` drawn
    from each of ``pools`` in turn (each pool in ``order`` first, so that a seed draws the same)."""
    out: list[dict[str, Any]] = []
    for source in sorted(by_source):
        for pooled in pools:
            pool = sorted((q for q in by_source[source] if pooled(q)), key=order)
            out += rng.sample(pool, min(per_document, len(pool)))
    return out


def verdict(q: dict[str, Any], answer: Any, marked: bool, right: Callable[[Any], bool], wrong: Callable[[Any], bool]) -> str:
    """A question's verdict: refused (right where the documents do not say, ``marked`` false);
    where they say, right when the first citation lies in the question's section (``source``,
    ``start`` to ``end``) and ``right`` of it, else wrong; where they do not, wrong when ``wrong``
    of the first citation, else answered."""
    if answer.abstained:
        return "refused" if marked else "right"
    first = answer.citations[0]
    if marked:
        inside = first.source == q["source"] and q["start"] <= first.start < q["end"]
        return "right" if inside and right(first) else "wrong"
    return "wrong" if wrong(first) else "answered"


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
