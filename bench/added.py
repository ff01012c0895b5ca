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
"answered" (a sentence of the reader's, which may or may not say).

With ``--parts``, the questions ask when a parameter of a call came, as Python's documentation
writes it under the call ("Changed in version 3.10: Added the strict argument." under
"zip(*iterables, strict=False)"; "New in version 3.4: The default keyword-only argument."):
"When was the strict argument of zip() added?", "Which version added the key parameter to
min()?", ... Marked: a line says the parameter came (right as above: that line's version, in
the call's section); unmarked: none says so ("Changed in version 3.8: The start parameter can
be specified as a keyword argument." says another change; right when refused, wrong when the
first citation is any version line). To compare two versions of the
code, run each with its tree on ``PYTHONPATH`` (``--save-questions``, then ``--questions``).
"""

from __future__ import annotations

import random
import re
from typing import Any

from drawn import cited, headed, one_section, run, sample, verdict

# the bench's own readings: a heading that opens with an option or a call, and a version line
OPTION = re.compile(r"[`'\"*\[( ]*(--?[A-Za-z][\w-]*)")
CALL = re.compile(r"(?:class\s+)?([A-Za-z_][\w.]*)\(")
# a line under a call that says in which version something of it came or changed, and what ("Changed in version 3.10:
# Added the strict argument."), and a signature's parameters ("strict" of "zip(*iterables, strict=False)")
PART_LINE = re.compile(r"^[ \t]*(New|Added|Changed) in version (\d+(?:\.\d+)*)[:,][ \t]*(\S[^\n]*)$", re.MULTILINE)
PARAMETER = re.compile(r"(?<![\w.=])\**([A-Za-z_]\w*)\s*(?==|,|\)|\[|\])")
NAMED = re.compile(r"`(?:options\.)?([A-Za-z_]\w*)`(?=\s+(?:option|argument|parameter)s?\b)")  # "the `flush` option"
WORDINGS = ("When was the {p} argument of {f}() added?", "Which version added the {p} parameter to {f}()?",
            "When did {f}() get the {p} argument?", "Since which version does {f}() accept {p}?")
VERSION_LINE = re.compile(r"^[ \t]*(?:New|Added) in version (\d+(?:\.\d+)*)\.?[ \t]*$|^added:[ \t]*v?(\d+(?:\.\d+)*)[ \t]*$"
                          r"|^added:[ \t]*\n[ \t]*-[ \t]*v?(\d+(?:\.\d+)*)", re.MULTILINE)


MARKED = (lambda q: q["version"] is not None, lambda q: q["version"] is None)  # the pools drawn from, in turn


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
    for source, document, at, title, end in headed(bot):
        if (q := asked(title)) is None:
            continue
        line = VERSION_LINE.search(document.text, at + len(title), end)
        version = next((g for g in line.groups() if g), None) if line else None
        found.setdefault(q[1], []).append({"question": q[0], "name": q[1], "source": source, "start": at, "end": end,
                                           "version": version})
    by_source: dict[str, list[dict[str, Any]]] = {}
    for sections in found.values():
        if len(sections) == 1:  # (a name several sections head: which one?)
            by_source.setdefault(sections[0]["source"], []).append(sections[0])
    return sample(by_source, per_document, rng, MARKED, lambda s: s["start"])


def said_of_versions(text: str, start: int, end: int) -> list[tuple[str, bool, str]]:
    """What the version lines (:data:`PART_LINE`) and Node.js's YAML history entries ("- version:
    v12.11.0 ... description: The `oaepLabel` option was added.") of ``text[start:end]`` say, in
    order: each one's version (an entry's first), whether it says what is new ("New in", "Added
    in"), and its words."""
    found = [(m.start(), m.group(2), m.group(1) != "Changed", m.group(3)) for m in PART_LINE.finditer(text, start, end)]
    for comment in re.finditer(r"<!-- YAML\n([\s\S]*?)-->", text[start:end]):
        for entry in re.split(r"\n[ \t]*- version:", comment.group(1))[1:]:
            version = re.search(r"v?(\d+(?:\.\d+)+)", entry)
            described = re.search(r"description:([\s\S]*?)(?=\n[ \t]*[\w-]+:|$)", entry)
            if version and described:
                found.append((start + comment.start(), version.group(1), False, " ".join(described.group(1).split())))
    return [(version, new, said) for _, version, new, said in sorted(found)]


def part_line(text: str, start: int, end: int, part: str) -> str | None:
    """The version of the first version line or history entry of ``text[start:end]`` (a call's
    section: :func:`said_of_versions`) that says ``part`` came, or None (the bench's own reading,
    by sentence: the sentence names the part as a part, an article, "optional", "support for", a
    list's comma or "and" before it, "argument", a verb, a list's next or its end after it, not
    "text mode" nor "mode='func_type'"; on a "New in" or "Added in" line, before any verb; else
    with "added", "new" or "supported" and no other verb of the part: not "The start parameter
    can be specified ...")."""
    word = re.compile(rf"(?<![\w-])[`'\"*]?{re.escape(part)}[`'\"*]?(?![\w-])")
    verb = r"\b(?:was|were|is|are|can|may|now|been)\b"
    for version, new, line in said_of_versions(text, start, end):
        for said in re.split(r"(?<=[.;]) ", line):
            if (at := word.search(said)) is None:
                continue
            before, after = said[:at.start()], said[at.end():]
            named = re.search(r"(?:^|\b(?:the|an?|optional|new|added|and|or|for|both|keyword)\s+|,\s*)$", before, re.I) and \
                re.match(r"\s*(?:$|[,.;)]|(?:and|or|param\w*|argument\w*|keyword\w*|option\w*|attribute\w*|was|were|is|are)\b)",
                         after, re.I)
            other = re.match(rf"\W*\w*\s*{verb}\s+(?!now\b|added|introduced|new|supported)", after)
            if new:
                came = not re.search(rf"{verb}|\b(?:in|to|with|by)\b", before)
            else:
                came = bool(re.search(r"\b(?:[Aa]dded|[Nn]ew|supported)\b", said)) and \
                    not re.search(r"\b(?:no longer|not)\b", said)
            if named and came and other is None:
                return version
    return None


def draw_parts(bot: Any, per_document: int, seed: int) -> list[dict[str, Any]]:
    """The part questions (``--parts``): of each document's calls whose name heads one section, up
    to ``--per-document`` parameters of their signatures (and options a history entry names: "The
    `flush` option is now supported.") that a version line or history entry says came (marked),
    and as many of which none says so (unmarked: the documents do not say; a line may say another
    change of it), each asked in one of :data:`WORDINGS` in turn."""
    rng = random.Random(seed)
    found: dict[str, list[dict[str, Any]]] = {}
    for source, document, at, title, end in headed(bot):
        if (q := asked(title)) is None or "(" not in title or q[0].endswith("option added?"):
            continue
        named = [n for _, _, said in said_of_versions(document.text, at + len(title), end) for n in NAMED.findall(said)]
        for part in dict.fromkeys(PARAMETER.findall(title[title.index("(") + 1:]) + named):
            found.setdefault(q[1], []).append({"name": q[1], "part": part, "source": source, "start": at, "end": end,
                                               "version": part_line(document.text, at + len(title), end, part)})
    out = sample(one_section(found), per_document, rng, MARKED, lambda p: p["start"])
    for n, drawn in enumerate(out):
        drawn["question"] = WORDINGS[n % len(WORDINGS)].format(p=drawn["part"], f=drawn["name"])
    return out


def judge(q: dict[str, Any], answer: Any) -> tuple[str, str, str]:
    """A question's kind, its verdict, and the line that shows it (see the module's docstring)."""
    kind = "marked" if q["version"] else "unmarked"
    said = verdict(q, answer, bool(q["version"]), lambda first: answer.short_answer == q["version"],
                   lambda first: bool(VERSION_LINE.search(first.text) or ("part" in q and (re.search(
                       r"^[ \t]*(?:-[ \t]*)?version:", first.text, re.MULTILINE) or PART_LINE.search(first.text)))))
    version = f", {q['version']}" if q["version"] else ""  # (wrong: a version line, or for a part Node.js's history entry)
    return kind, said, f"  {said} ({kind}{version}): {q['question']} -> {cited(answer, 80)}"


def main() -> None:
    run(__doc__, 48, ("marked", "unmarked"),
        lambda bot, args: (draw_parts if args.parts else draw)(bot, args.per_document, args.seed), judge,
        lambda parser: parser.add_argument("--parts", action="store_true", help="ask when a call's parameter came "
                                           "('When was the strict argument of zip() added?')"))


if __name__ == "__main__":
    main()
