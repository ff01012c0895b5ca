"""A command's options as its ``--help`` prints them, pasted into a README, a Markdown code block,
a reStructuredText option list or a text file of its own::

    usage: yq [options] <jq filter> [input file...]
      -h, --help            show this help message and exit
      --width WIDTH, -w WIDTH
                            When using --yaml-output, specify string wrap width
      --in-place, -i        Edit files in place (no backup - use caution)

Each option's tag (the option and its other spellings, with their arguments: "--width WIDTH, -w
WIDTH") is a heading one level under its section, what it does (after two spaces or more on its
line, or on the lines under it, indented deeper) its text; an end mark closes the listing where
the text after it goes back to the margin. So a question naming an option finds and is answered
by its line, and "Which option ...?" reads them as it reads a manual page's (``index.man_text``).
The program a listing is of is the one its "usage:" line names (:func:`usage_programs`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from index.sections import MAX_TITLE, Heading, enclosing

# one spelling: "-h", "--in-place", "-Y", "--" alone, then its argument if any ("=FILE", " WIDTH",
# "[=WHEN]", " <name>", " {1.1,1.2}", jq's " a v"); not a list's "- item" nor "-rw-r--r--"
_OPTION = r"(?:--?[A-Za-z0-9?](?:[\w.]|-(?=[\w.]))*|--(?=\s|$))"
_VALUE = r"(?:\{[^}\s]*\}|\[[^\]\s]*\]|<[^>\s]*>|[^\s,]+)"
# its argument, after "=", "[=" or one space (two end the tag): "=FILE", "[=WHEN]", " WIDTH", " <name>", jq's " a v"
_SPELLING = _OPTION + r"(?:(?:=|\[=?| )" + _VALUE + r"(?: [^\s,-][^\s,]*)?\]?)?"
# an entry's line: its tag (spellings split by commas: "-V,  --version"), then what it does after two spaces or more
_ENTRY = re.compile(r"(?P<indent>[ \t]*)(?P<tag>" + _SPELLING + r"(?:,[ \t]*" + _SPELLING + r")*)"
                    r"(?:(?:[ \t]{2,}|\t)[ \t]*(?P<does>\S.*?))?[ \t]*")
# a PDF's line, where the page's columns came out as one space: GNU's short and long spelling, then
# what it does in lower case ("-c, --check checks the syntax only", "-o, --output=FILE output file")
_PAIR_ENTRY = re.compile(r"(?P<indent>)(?P<tag>-[A-Za-z0-9], --[a-z0-9][\w-]*(?:=[^\s,]+)?) (?P<does>[a-z].*?)[ \t]*")
_SPREAD = 6  # how much deeper a listing's entries may start than its first (GNU's "      --delete" under "  -c, --create")
MIN_OPTIONS = 2  # the fewest entries that make a listing (three at the margin, where a line's "-x" is likelier prose)
_USAGE = re.compile(r"^[ \t]*usage:[ \t]+(?:\$\s+)?(?P<program>[^\s\[<]+)", re.IGNORECASE | re.MULTILINE)


def _indent(line: str) -> int:
    return len(line.expandtabs()) - len(line.expandtabs().lstrip())


def _entries(lines: Sequence[str], collapsed: bool) -> list[tuple[int, int, str]]:
    """(line, indent, tag) of each line that opens an option's entry: its tag then, after two spaces
    or more, what it does, or its tag alone with what it does on the next line, indented deeper;
    where spaces were ``collapsed`` (a PDF's text), a GNU pair of spellings then what it does."""
    found = []
    for n, line in enumerate(lines):
        m = (_PAIR_ENTRY if collapsed else _ENTRY).fullmatch(line)
        if m is None:
            continue
        indent = _indent(line)
        if m["does"] is None and not (n + 1 < len(lines) and lines[n + 1].strip() and _indent(lines[n + 1]) > indent):
            continue
        found.append((n, indent, m["tag"].strip()))
    return found


def help_headings(text: str, headings: Sequence[Heading], *, collapsed: bool = False) -> tuple[Heading, ...]:
    """``headings`` with the option entries of ``text``'s ``--help`` listings added, each one level
    under the section it is in, and an end mark after each listing that text follows at its indent
    or less. A listing is :data:`MIN_OPTIONS` entries or more at about one indent (:func:`_follows`)
    with only the lines of what they do (indented deeper) and blank lines between them;
    ``collapsed``: a PDF's text, whose runs of spaces came out as one (:data:`_PAIR_ENTRY`)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    entries = _entries(lines, collapsed)
    found: list[Heading] = []
    i = 0
    while i < len(entries):
        run = [entries[i]]
        while i + 1 < len(entries) and _follows(lines, run, entries[i + 1]):
            i += 1
            run.append(entries[i])
        i += 1
        if len(run) < MIN_OPTIONS + (run[0][1] == 0):
            continue
        at = starts[run[0][0]]
        level = min(max((lv for _, lv, _ in enclosing(headings, at)), default=0) + 1, 6)
        found += [(starts[n] + len(lines[n]) - len(lines[n].lstrip()), level, tag[:MAX_TITLE]) for n, _, tag in run]
        after = _end(lines, run)
        if after is not None:
            found.append((starts[after], level, ""))
    return tuple(sorted({*headings, *found}))


def _follows(lines: Sequence[str], run: Sequence[tuple[int, int, str]], following: tuple[int, int, str]) -> bool:
    """Whether ``following`` is the next entry of the listing ``run``: within :data:`_SPREAD` of
    its entries' indent, with only deeper lines and blank lines between."""
    least = min(indent for _, indent, _ in run)
    indent = min(least, following[1])
    return (abs(following[1] - run[0][1]) <= _SPREAD and (following[1] > 0) == (least > 0)
            and all(not line.strip() or _indent(line) > indent for line in lines[run[-1][0] + 1:following[0]]))


def _end(lines: Sequence[str], run: Sequence[tuple[int, int, str]]) -> int | None:
    """The line after the listing ``run``: the first past its last entry with text at its least
    indent or less; None at the text's end."""
    least = min(indent for _, indent, _ in run)
    for k in range(run[-1][0] + 1, len(lines)):
        if lines[k].strip() and _indent(lines[k]) <= least:
            return k
    return None


def usage_programs(text: str) -> list[tuple[int, str]]:
    """(offset, program) of each "usage:" line of ``text``: "usage: yq [options] ..." is yq's,
    "Usage: /usr/local/bin/jq [options]" jq's."""
    return [(m.start(), PurePosixPath(m["program"]).name.lower()) for m in _USAGE.finditer(text)]
