"""Questions about a program's options, generated from the option headings a store holds: does the
first citation come from the section of the option asked about?

    python bench/options.py /usr/share/doc --store /tmp/options-store

Manuals list options one under another, each a heading of its own ("-k --keep" in bzip2's
manual, "--heap=<yes|no> [default: yes]" in valgrind's, "-m <module-name>" in Python's command
line page), and a chunk holds several. For each program folder under DOCS, up to
``--per-program`` options are drawn (seeded) among those whose headings open with an option, each
asked once over the store, "What does the OPTION option do?" (the option the heading's first, as
written; a folder's name is seldom the program's: "python3.11", "libxslt1-dev"). Options more than
one differently titled heading of a folder opens with (a tool's "--trace-children" in two of
valgrind's tools) are not asked. Right: the first citation lies in the section of a heading that
opens with an option and writes that one ("-v --verbose" for --verbose), in any folder (the
heading's text to the next heading of its level or above, through the heading of the same option
written apart, its short name then its long: "-p", then "--portability"); wrong: cited
elsewhere; or refused. The questions come from the store's own headings, so retrieval is easier
than for a user's own wording. To compare two versions of the code, run each with its tree on
``PYTHONPATH`` (``--save-questions``, then ``--questions``).

With ``--names NAMES.json`` ({folder or path under DOCS: the program's name as a user writes it,
"libxslt1-dev": "xsltproc"}), each option drawn is asked twice more, naming a program: its own,
in one of :data:`WORDINGS` (taken in turn: "What does bzip2's -k option do?"), judged as above,
and one the store holds no manual of (:data:`FOREIGN`, seeded: "What does the -k option of curl
do?"), right only when refused: the documents do not say what curl's -k does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from pathlib import Path
from typing import Any

from changes import program_of

# an option as a heading opens with it ("-k --keep", "--heap=<yes|no>", "-f format"): the bench's own reading
OPTION = re.compile(r"--?[A-Za-z][\w-]*")
WRITTEN = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")  # each option a heading that opens with one writes
WORDINGS = ("What does the {o} option of {p} do?", "What does {p}'s {o} option do?", "What does {p} {o} do?",
            "In {p}, what does {o} do?")
FOREIGN = ("gzip", "xz", "gdb", "dc", "xmllint", "perl", "make", "gcc", "curl", "sed")  # (the stores lack; most mention)


def section_end(headings: list[tuple[int, int, str]], i: int, text: str) -> int:
    """Where the section of ``headings[i]`` ends: the next heading of its level or above (an end mark
    too), or, where nothing but spaces lies between and that heading names the same option in its
    other form, that heading's section's end ("-p", then "--portability"; not "--perf-prof", then
    "--perf-prof-unwinding-info": Node.js lists options it does not describe)."""
    level = headings[i][1]
    for k in range(i + 1, len(headings)):
        at, other, title = headings[k]
        if other <= level:
            line_end = text.find("\n", headings[i][0])
            body = text[line_end + 1:at] if 0 <= line_end < at else ""
            a, b = OPTION.match(headings[i][2].lstrip("`")), OPTION.match(title.lstrip("`"))
            pair = a is not None and b is not None and a.group().startswith("--") != b.group().startswith("--")
            return section_end(headings, k, text) if not body.strip() and pair else at
    return len(text)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa import DocumentQA

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="the folder whose program folders the store indexed (/usr/share/doc)")
    parser.add_argument("--store", type=Path, required=True, help="an existing store")
    parser.add_argument("--per-program", type=int, default=10)
    parser.add_argument("--seed", type=int, default=46)
    parser.add_argument("--save-questions", type=Path, help="write the questions drawn to this JSON file")
    parser.add_argument("--questions", type=Path, help="ask these questions (a --save-questions file)")
    parser.add_argument("--show", action="store_true", help="list the right answers too, with their confidence")
    parser.add_argument("--names", type=Path, help="JSON {folder or path under DOCS: program name}: ask naming programs too")
    args = parser.parse_args()
    docs = args.docs.resolve()
    bot = DocumentQA.open(args.store)
    try:
        # program -> option -> the (source, start, end) of the sections of the headings that open with it
        sections: dict[str, dict[str, list[tuple[str, int, int]]]] = {}
        titles: dict[tuple[str, str], set[str]] = {}
        written: dict[str, list[tuple[str, int, int]]] = {}  # option -> the sections of headings that write it
        for info in bot.documents():
            program = program_of(info.source, docs)
            if program is None:
                continue
            document = bot.document(info.source)
            headings = list(document.headings)
            for i, (at, _, title) in enumerate(headings):
                found = OPTION.match(title)
                if found:
                    end = section_end(headings, i, document.text)
                    sections.setdefault(program, {}).setdefault(found.group(), []).append((info.source, at, end))
                    titles.setdefault((program, found.group()), set()).add(title)
                    for option in set(WRITTEN.findall(title)):  # ("--keep" of "-k --keep" too)
                        written.setdefault(option, []).append((info.source, at, end))
        if args.questions:
            asked = json.loads(args.questions.read_text())
        else:
            rng = random.Random(args.seed)
            asked = []
            seen: set[str] = set()
            for program in sorted(sections):
                options = sorted(o for o in sections[program] if len(titles[program, o]) == 1 and o not in seen)
                seen.update(options)
                for option in rng.sample(options, min(args.per_program, len(options))):
                    asked.append({"program": program, "option": option,
                                  "question": f"What does the {option} option do?"})
            if args.names:
                asked += named(asked, json.loads(args.names.read_text()), sections, docs, rng)
        if args.save_questions:
            args.save_questions.write_text(json.dumps(asked, indent=1))
        tally = {"right": 0, "wrong": 0, "refused": 0}
        foreign = {"refused": 0, "answered": 0}
        lines = []
        for q in asked:
            answer = bot.ask(q["question"])
            if q.get("foreign"):
                foreign["refused" if answer.abstained else "answered"] += 1
                if not answer.abstained or args.show:
                    said = "refused" if answer.abstained else repr(answer.citations[0].text[:70])
                    lines.append(f"  {'right' if answer.abstained else 'wrong'} (foreign): {q['question']} -> {said}"
                                 + (f" ({answer.confidence:.3f})" if args.show else ""))
                continue
            if answer.abstained:
                tally["refused"] += 1
                lines.append(f"  refused: {q['question']}")
                continue
            first = answer.citations[0]
            ok = any(first.source == source and start <= first.start < end for source, start, end in written.get(q["option"], []))
            tally["right" if ok else "wrong"] += 1
            if not ok or args.show:
                lines.append(f"  {'right' if ok else 'wrong'}: {q['question']} -> {Path(first.source).name}: "
                             + (f"{first.text[:160]!r} ({answer.confidence:.3f})" if args.show else f"{first.text[:70]!r}"))
    finally:
        bot.close()
    own = [q for q in asked if not q.get("foreign")]
    print(f"options ({len(own)} questions over {len({q['program'] for q in own})} programs): "
          + ", ".join(f"{k} {v}" for k, v in tally.items()))
    if len(own) < len(asked):
        print(f"programs the store has no manual of ({len(asked) - len(own)} questions): "
              + ", ".join(f"{k} {v}" for k, v in foreign.items()))
    for line in lines:
        print(line)


def named(asked: list[dict[str, Any]], names: dict[str, str], sections: dict[str, dict[str, list[tuple[str, int, int]]]],
          docs: Path, rng: random.Random) -> list[dict[str, Any]]:
    """For each question of ``asked`` whose program ``names`` names (by the path under ``docs`` of
    the first document whose heading opens with its option, else by its folder), the question
    naming it (:data:`WORDINGS`, in turn) and one naming a program of :data:`FOREIGN` instead (not
    one a path of the documents asked about names: Python's library has a gzip page)."""
    out: list[dict[str, Any]] = []
    paths = {Path(source).relative_to(docs).as_posix().lower() for held in sections.values()
             for found in held.values() for source, _, _ in found}
    foreign = [f for f in FOREIGN if not any(re.search(rf"(?<![a-z]){f}(?![a-z])", path) for path in paths)]
    for q in asked:
        path = Path(sections[q["program"]][q["option"]][0][0]).relative_to(docs).as_posix()
        name = names.get(path, names.get(q["program"]))
        if name is None:
            continue
        wording = WORDINGS[len(out) // 2 % len(WORDINGS)]
        out.append({**q, "question": wording.format(o=q["option"], p=name)})
        out.append({**q, "question": wording.format(o=q["option"], p=rng.choice(foreign)), "foreign": True})
    return out


if __name__ == "__main__":
    main()
