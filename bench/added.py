"""When was an option or a call added? Questions generated from the headings a store holds: is
the answer the version the defining section writes?

    python bench/added.py --store /tmp/options-store

Manuals say in which version an option or a call came in the section that defines it, in a form
of their own: Python's documentation "New in version 3.7." (its own line), Node.js's YAML history
"<!-- YAML added: v20.6.0 -->". For each document, up to ``--per-document`` headings (seeded)
that open with an option ("--env-file=config", "-X") or a call ("breakpoint(*args, **kws)",
"time.monotonic()") are drawn among those whose section writes such a line, and as many among
those whose section writes none; each is asked once, "When was the OPTION option added?" or "When
was NAME() added?" (names that head more than one section of the store are not asked). Marked:
right when the first citation lies in the heading's section and the short answer is the version
the line writes; wrong when it is anything else; or refused. Unmarked (the documents do not say):
right when refused, wrong when the first citation is a version line (of another section), else
"answered" (a sentence of the reader's, which may or may not say). To compare two versions of the
code, run each with its tree on ``PYTHONPATH`` (``--save-questions``, then ``--questions``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from pathlib import Path
from typing import Any

# the bench's own readings: a heading that opens with an option or a call, and a version line
OPTION = re.compile(r"[`'\"*\[( ]*(--?[A-Za-z][\w-]*)")
CALL = re.compile(r"(?:class\s+)?([A-Za-z_][\w.]*)\(")
VERSION_LINE = re.compile(r"^[ \t]*(?:New|Added) in version (\d+(?:\.\d+)*)\.?[ \t]*$|^added:[ \t]*v?(\d+(?:\.\d+)*)[ \t]*$"
                          r"|^added:[ \t]*\n[ \t]*-[ \t]*v?(\d+(?:\.\d+)*)", re.MULTILINE)


def section_end(headings: list[tuple[int, int, str]], i: int, text: str) -> int:
    """Where the text directly under ``headings[i]`` ends: the next heading (a class's methods head
    sections of their own, each with its version line), or where the next of its level follows
    with nothing but spaces between, that one's ("assertIsNone(expr)", "assertIsNotNone(expr)")."""
    while i + 1 < len(headings) and headings[i + 1][1] == headings[i][1] and \
            not text[headings[i][0] + len(headings[i][2]):headings[i + 1][0]].strip():
        i += 1
    return headings[i + 1][0] if i + 1 < len(headings) else len(text)


def asked(title: str) -> tuple[str, str] | None:
    """The question a heading's option or call asks, and the name asked, or None."""
    if (o := OPTION.match(title)) is not None:
        return f"When was the {o.group(1)} option added?", o.group(1)
    if (c := CALL.match(title)) is not None and not title.startswith("class "):
        return f"When was {c.group(1)}() added?", c.group(1)
    return None


def draw(bot: Any, per_document: int, seed: int) -> list[dict[str, Any]]:
    """The questions of ``--per-document`` marked and unmarked headings of each document."""
    rng = random.Random(seed)
    found: dict[str, list[dict[str, Any]]] = {}  # name -> its sections
    for info in bot.documents():
        document = bot.document(info.source)
        headings = list(document.headings)
        for i, (at, _, title) in enumerate(headings):
            if (q := asked(title)) is None:
                continue
            end = section_end(headings, i, document.text)
            line = VERSION_LINE.search(document.text, at + len(title), end)
            version = next((g for g in line.groups() if g), None) if line else None
            found.setdefault(q[1], []).append({"question": q[0], "name": q[1], "source": info.source, "start": at,
                                               "end": end, "version": version})
    out = []
    by_source: dict[str, list[dict[str, Any]]] = {}
    for sections in found.values():
        if len(sections) == 1:  # (a name several sections head: which one?)
            by_source.setdefault(sections[0]["source"], []).append(sections[0])
    for source in sorted(by_source):
        for marked in (True, False):
            pool = sorted((s for s in by_source[source] if (s["version"] is not None) is marked), key=lambda s: s["start"])
            out += rng.sample(pool, min(per_document, len(pool)))
    return out


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa import DocumentQA

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="an existing store")
    parser.add_argument("--per-document", type=int, default=5)
    parser.add_argument("--seed", type=int, default=48)
    parser.add_argument("--save-questions", type=Path, help="write the questions drawn to this JSON file")
    parser.add_argument("--questions", type=Path, help="ask these questions (a --save-questions file)")
    parser.add_argument("--show", action="store_true", help="list the right answers too")
    args = parser.parse_args()
    bot = DocumentQA.open(args.store)
    try:
        questions = json.loads(args.questions.read_text()) if args.questions else draw(bot, args.per_document, args.seed)
        if args.save_questions:
            args.save_questions.write_text(json.dumps(questions, indent=1))
        tally = {k: {"right": 0, "wrong": 0, "refused": 0, "answered": 0} for k in ("marked", "unmarked")}
        lines = []
        for q in questions:
            answer = bot.ask(q["question"])
            kind = "marked" if q["version"] else "unmarked"
            first = None if answer.abstained else answer.citations[0]
            if first is None:
                verdict = "right" if kind == "unmarked" else "refused"
            elif kind == "marked":
                inside = first.source == q["source"] and q["start"] <= first.start < q["end"]
                verdict = "right" if inside and answer.short_answer == q["version"] else "wrong"
            else:
                verdict = "wrong" if VERSION_LINE.search(first.text) else "answered"
            tally[kind][verdict] += 1
            if verdict != "right" or args.show:
                said = "refused" if first is None else f"{Path(first.source).name}: {first.text[:80]!r} ({answer.confidence:.2f})"
                lines.append(f"  {verdict} ({kind}{', ' + q['version'] if q['version'] else ''}): {q['question']} -> {said}")
    finally:
        bot.close()
    for kind, counts in tally.items():
        print(f"{kind} ({sum(counts.values())} questions): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
