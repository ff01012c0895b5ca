"""Questions that ask what a version changed ("What changed in sed 4.9?"), generated from the
release notes a store holds: is the list answer (``qa.changes``) the section of that version, and
is it withheld where no notes of that program write that version?

    python bench/changes.py /usr/share/doc --store /tmp/debian-docs-store

For each program folder under DOCS that the store holds notes of (a document with a heading that
writes a version: NEWS files, changelogs, git's RelNotes), up to ``--per-program`` of those
headings are drawn (seeded), and each is asked with one of four wordings. A list answer counts as
right when its first citation is a heading of a file in that program's folder writing that
version exactly ("2.39.0.txt"'s title for 2.39, "sed (4.9-1)" for 4.9; not 2.39.2's). Then two
kinds of question no list answers: a version none of the program's headings writes (its last
number plus 50), and one another program's headings write and its do not. The questions come
from the store itself, so retrieval is easier than for a user's own wording; the share of list
answers that are right is :data:`qa.changes.CHANGES_CONFIDENCE`. Last (since session 45), "What's
new in the latest P release?" of each program: right when it cites a heading of the newest version
the program's headings write (not a Debian packaging entry's, not a manual's numbered section).
And (since session 46) releases a heading writes as a number alone beside a word of releases ("CHANGES
WITH 252:", 'Major changes between "less" versions 581 and 590', "*** Changes in GDB 13"): up to
``--per-program`` of them for up to ``--programs`` programs whose headings write such numbers (drawn
with the seed plus one, so that the other draws stay as they were), each asked "What changed in P
N?" in the four wordings; right when the first citation's heading writes N so (kind "bare"); and the
last of them plus 50, which no list answers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from pathlib import Path
from typing import TYPE_CHECKING

from index.titles import exact_versions

if TYPE_CHECKING:  # (imported in main, after HF_HUB_OFFLINE is set)
    from qa import DocumentQA
    from qa.answers import Answer

# a version as a heading writes it: dotted and whole (not index.titles.VERSION, which reads the "9.2" of
# "9.2p1" too; the list answer does not take that for 9.2, so a question asking it would only be refused)
VERSION = re.compile(r"(?<![\w.])[vV]?(\d+(?:\.\d+)+)(?![\w]|\.\d)")
# a Debian packaging entry's heading and the upstream version it packages (the bench's own, as its VERSION is:
# the code it judges is not its judge)
PACKAGING = re.compile(r"[\w.+-]+ \((?:\d+:)?([\w.:+~]+)-[\w.+~]+\) ")
WORDINGS = ("What changed in {p} {v}?", "What is new in {p} {v}?", "What are the changes in {p} {v}?",
            "What was fixed in {p} {v}?")


def program_of(source: str, docs: Path) -> str | None:
    """The folder under ``docs`` that ``source`` lies in ("sed" for .../doc/sed/NEWS.gz), or None."""
    try:
        return Path(source).relative_to(docs).parts[0]
    except (ValueError, IndexError):
        return None


# a release written as a number alone, the last of a heading with a word of releases and no dotted version
# ("CHANGES WITH 252 🎃:", "... versions 581 and 590": 590); not a year ("Changes since 2019")
RELEASE_WORD = re.compile(r"\b(?:changes|versions?|release|with)\b", re.IGNORECASE)
BARE = re.compile(r"(?<![\w.])\d+(?![\w.])")


def bare_version(title: str) -> str | None:
    """The release ``title`` heads where it writes it as a number alone (see :data:`BARE`), else None."""
    if PACKAGING.match(title) or VERSION.search(title) or not RELEASE_WORD.search(title):
        return None
    numbers = [n for n in BARE.findall(title) if not (len(n) == 4 and n[:2] in ("19", "20"))]
    return numbers[-1] if numbers else None


def bare_versions(bot: DocumentQA, docs: Path) -> dict[str, set[str]]:
    """Program -> the releases its headings write as a number alone (:func:`bare_version`)."""
    out: dict[str, set[str]] = {}
    for info in bot.documents():
        program = program_of(info.source, docs)
        if program is None:
            continue
        for _, _, title in bot.document(info.source).headings:
            if (v := bare_version(title)) is not None:
                out.setdefault(program, set()).add(v)
    return out


def heading_versions(title: str) -> list[str]:
    """The versions a heading writes; a Debian packaging entry's, the upstream version it packages
    ("less (590-1.2) unstable": 590, not 1.2, its revision)."""
    packaged = PACKAGING.match(title)
    return [m.group(1) for m in VERSION.finditer(packaged.group(1) if packaged else title)]


def headed_versions(bot: DocumentQA, docs: Path) -> dict[str, dict[str, list[str]]]:
    """Program -> version -> the sources whose headings write it, over the store's documents."""
    out: dict[str, dict[str, list[str]]] = {}
    for info in bot.documents():
        program = program_of(info.source, docs)
        if program is None:
            continue
        document = bot.document(info.source)
        for _, _, title in document.headings:
            for v in heading_versions(title):
                out.setdefault(program, {}).setdefault(v, []).append(info.source)
    return out


# a numbered section of a manual, not a release ("6.10 The Restricted Shell", "1.3 Time of day items",
# "2.7. PERFORMANCE NOTES")
MANUAL_SECTION = re.compile(r"\W*\d+(?:\.\d+)*(?:\.?\s+[A-Z][a-z]|\.\s+[A-Za-z])")


def newest_versions(bot: DocumentQA, docs: Path) -> dict[str, str]:
    """Program -> the newest version its upstream headings write (not a packaging entry's, not a
    numbered section of a manual): what "What's new in the latest P release?" asks."""
    newest: dict[str, str] = {}
    for info in bot.documents():
        program = program_of(info.source, docs)
        if program is None:
            continue
        for _, _, title in bot.document(info.source).headings:
            if PACKAGING.match(title) or MANUAL_SECTION.match(title):
                continue
            for v in heading_versions(title):
                if program not in newest or [int(n) for n in v.split(".")] > [int(n) for n in newest[program].split(".")]:
                    newest[program] = v
    return newest


def is_list(answer: Answer) -> bool:
    """Whether ``answer`` is a list answer (``qa.changes``: its confidence, no reader's)."""
    from qa.changes import CHANGES_CONFIDENCE

    return not answer.abstained and answer.confidence == CHANGES_CONFIDENCE


def draw(versions: dict[str, dict[str, list[str]]], rng: random.Random, programs: list[str],
         per_program: int) -> list[dict[str, str]]:
    """The questions to ask, each ``{"kind", "program", "version", "question"}``: for each of
    ``programs``, up to ``per_program`` of its headed versions ("headed"), then its last plus 50
    ("unwritten") and one another program's headings write and its own do not, as versions compare
    ("other program": not 0.9 where its headings write 0.9.0)."""
    out: list[dict[str, str]] = []

    def add(kind: str, program: str, version: str) -> None:
        question = WORDINGS[len(out) % len(WORDINGS)].format(p=program, v=version)
        out.append({"kind": kind, "program": program, "version": version, "question": question})

    for program in programs:
        for v in rng.sample(sorted(versions[program]), min(per_program, len(versions[program]))):
            add("headed", program, v)
        last = max(versions[program], key=lambda x: [int(p) for p in x.split(".")])
        parts = last.split(".")
        add("unwritten", program, ".".join(parts[:-1] + [str(int(parts[-1]) + 50)]))
        written = exact_versions(" ".join(versions[program]))  # (0.9 is the 0.9.0 a heading writes)
        others = [(o, x) for o in programs if o != program for x in sorted(versions[o])
                  if not exact_versions(x) & written]
        if others:
            add("other program", program, rng.choice(others)[1])
    return out


def draw_bare(bare: dict[str, set[str]], rng: random.Random, programs: int, per_program: int) -> list[dict[str, str]]:
    """Up to ``per_program`` questions ("bare") for each of up to ``programs`` (0: all) programs of ``bare``,
    and its last plus 50 ("unwritten")."""
    names = sorted(bare)
    names = sorted(rng.sample(names, programs)) if 0 < programs < len(names) else names
    out: list[dict[str, str]] = []
    for program in names:
        for v in rng.sample(sorted(bare[program], key=int), min(per_program, len(bare[program]))):
            question = WORDINGS[len(out) % len(WORDINGS)].format(p=program, v=v)
            out.append({"kind": "bare", "program": program, "version": v, "question": question})
        unwritten = str(max(int(v) for v in bare[program]) + 50)
        out.append({"kind": "unwritten", "program": program, "version": unwritten,
                    "question": WORDINGS[len(out) % len(WORDINGS)].format(p=program, v=unwritten)})
    return out


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa import DocumentQA

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="the folder whose program folders the store indexed (/usr/share/doc)")
    parser.add_argument("--store", type=Path, required=True, help="an existing store")
    parser.add_argument("--per-program", type=int, default=6)
    parser.add_argument("--programs", type=int, default=0, help="ask of this many programs, drawn (seeded; 0: all)")
    parser.add_argument("--seed", type=int, default=43)
    parser.add_argument("--save-questions", type=Path, help="write the questions drawn to this JSON file")
    parser.add_argument("--questions", type=Path,
                        help="ask these questions (a --save-questions file) instead of drawing them: to compare two "
                             "stores or versions of the code on the same questions")
    args = parser.parse_args()
    bot = DocumentQA.open(args.store)
    tally = {"right": 0, "wrong": 0, "other answer": 0, "refused": 0}
    withheld = {"listed": 0, "other answer": 0, "refused": 0}
    wrong: list[str] = []
    missed: list[str] = []  # not listed
    latest = {"right": 0, "wrong": 0, "other answer": 0, "refused": 0}  # "What's new in the latest P release?"
    late: list[str] = []
    bare = {"right": 0, "wrong": 0, "other answer": 0, "refused": 0}  # "What changed in less 590?"
    bare_missed: list[str] = []
    try:
        if args.questions:
            asked = json.loads(args.questions.read_text())
        else:
            rng = random.Random(args.seed)
            versions = headed_versions(bot, args.docs.resolve())
            programs = sorted(versions)
            programs = sorted(rng.sample(programs, args.programs)) if 0 < args.programs < len(programs) else programs
            asked = draw(versions, rng, programs, args.per_program)
            newest = newest_versions(bot, args.docs.resolve())
            asked += [{"kind": "latest", "program": p, "version": newest[p],
                       "question": f"What's new in the latest {p} release?"} for p in programs if p in newest]
            asked += draw_bare(bare_versions(bot, args.docs.resolve()), random.Random(args.seed + 1), args.programs,
                               args.per_program)
        if args.save_questions:
            args.save_questions.write_text(json.dumps(asked, indent=1))
        for q in asked:
            answer = bot.ask(q["question"])
            listed = is_list(answer)
            if q["kind"] == "latest":  # right: a heading of that program's newest version
                first = answer.citations[0] if listed else None
                ok = first is not None and program_of(first.source, args.docs.resolve()) == q["program"] and bool(
                    exact_versions(q["version"]) & exact_versions(" ".join(heading_versions(first.text))))
                latest["right" if ok else "wrong" if listed else "refused" if answer.abstained else "other answer"] += 1
                if not ok:
                    late.append(f"{answer.question} ({q['version']}) -> {first.text[:70]!r}" if first else answer.question)
                continue
            if q["kind"] == "bare":  # right: a heading of that program writing that number so
                first = answer.citations[0] if listed else None
                ok = first is not None and program_of(first.source, args.docs.resolve()) == q["program"] and \
                    bare_version(first.text.strip(" \t*")) == q["version"]
                bare["right" if ok else "wrong" if listed else "refused" if answer.abstained else "other answer"] += 1
                if not ok:
                    bare_missed.append(f"{answer.question} -> {first.text[:70]!r}" if first else answer.question)
                continue
            if q["kind"] != "headed":
                withheld["listed" if listed else "refused" if answer.abstained else "other answer"] += 1
                if listed:
                    wrong.append(f"{answer.question} -> {answer.citations[0].source}: {answer.citations[0].text[:70]!r}")
                continue
            if not listed:
                tally["refused" if answer.abstained else "other answer"] += 1
                missed.append(answer.question)
                continue
            first = answer.citations[0]
            ok = program_of(first.source, args.docs.resolve()) == q["program"] and bool(
                exact_versions(q["version"]) & exact_versions(" ".join(heading_versions(first.text))))
            tally["right" if ok else "wrong"] += 1
            if not ok:
                wrong.append(f"{answer.question} -> {first.source}: {first.text[:70]!r}")
    finally:
        bot.close()
    programs_asked = len({q["program"] for q in asked})
    given = tally["right"] + tally["wrong"]
    print(f"versions a program's notes head ({sum(tally.values())} questions over {programs_asked} programs): "
          + ", ".join(f"{k} {v}" for k, v in tally.items())
          + (f"; right of list answers {tally['right']}/{given} = {tally['right'] / given:.3f}" if given else ""))
    print(f"versions no notes of that program head ({sum(withheld.values())}): "
          + ", ".join(f"{k} {v}" for k, v in withheld.items()))
    if sum(latest.values()):
        print(f"the latest release ({sum(latest.values())} programs): " + ", ".join(f"{k} {v}" for k, v in latest.items()))
    if sum(bare.values()):
        print(f"releases written as a number alone ({sum(bare.values())}): " + ", ".join(f"{k} {v}" for k, v in bare.items()))
    for line in bare_missed:
        print("  number alone, not right:", line)
    for line in late:
        print("  latest, not right:", line)
    for line in wrong:
        print("  wrong:", line)
    for question in missed:
        print("  not listed:", question)


if __name__ == "__main__":
    main()
