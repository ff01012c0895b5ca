"""A plain-text document's unnumbered section titles, set apart in the two ways READMEs and notes
written as plain text set them: in capitals on a line of their own (util-linux's getopt.txt:
"PREFACE", "HIGHLIGHTS"; D-Bus's README: "NOTE ABOUT STATIC LINKING"; git's persistent-https
README: "INSTALLING", "USAGE"), or at the margin over text indented under them (util-linux's
howto-compilation.txt: "The common case", "Autotools", "Compiling", each over tab-indented
paragraphs). Only for a file without other headings (``index.loaders``), and not a changelog's
(its release lines are set so too: "6.11      2020-06-03 14:47:21Z (TRIAL RELEASE)")."""

from __future__ import annotations

import re

from index.sections import MAX_TITLE, Heading

MIN_TITLES = 2  # a document titles two sections or more in capitals
MIN_OUTDENTED = 3  # or three at the margin
MAX_WORDS = 8  # the most words of an unnumbered title
# a title in capitals: capitals, digits and the marks of a name ("NOTE ABOUT HIGH-LEVEL BINDINGS", "WEB SITE:"),
# no run of spaces (a table's header: "N     TYPE     NAME"), no closing full stop or comma
_CAPITALS = re.compile(r"[A-Z0-9](?:[A-Z0-9&/,'()+.:-]| (?! ))*")
# a title at the margin: a capital first, no closing punctuation of a sentence or an item
_AT_MARGIN = re.compile(r"[A-Z][^\n]{0,59}")


def _lines(text: str) -> tuple[list[str], list[int]]:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    return lines, starts


def capital_headings(text: str) -> tuple[Heading, ...]:
    """The titles of ``text`` in capitals: each a line at the margin after a blank line (or the
    text's start), of at most :data:`MAX_WORDS` words and three letters or more, none in lower case,
    not closing with "." or ","; followed by a blank line or by text in lower case (not by more
    capitals: a licence's shouted paragraph); where there are :data:`MIN_TITLES` or more. Level 1."""
    lines, starts = _lines(text)
    found: list[Heading] = []
    for n, line in enumerate(lines):
        title = line.rstrip()
        if (not _CAPITALS.fullmatch(title) or sum(c.isalpha() for c in title) < 3 or title.endswith((".", ","))
                or len(title.split()) > MAX_WORDS or n and lines[n - 1].strip()):
            continue
        after = lines[n + 1] if n + 1 < len(lines) else ""
        if after.strip() and not any(c.islower() for c in after):
            continue
        found.append((starts[n], 1, title[:MAX_TITLE]))
    return tuple(found) if len(found) >= MIN_TITLES else ()


def outdented_headings(text: str) -> tuple[Heading, ...]:
    """The titles of ``text`` at the margin over indented text: each a line that opens with a
    capital, of at most 60 characters and :data:`MAX_WORDS` words, not closing with ".", "," or
    ";", after a blank line (or the text's start), with an indented line under it (or under the
    blank line under it); where there are :data:`MIN_OUTDENTED` or more and at most one other
    line is at the margin (the text's own title). Level 1."""
    lines, starts = _lines(text)
    found: list[Heading] = []
    margin = 0
    for n, line in enumerate(lines):
        if not line.strip() or line[0] in " \t":
            continue
        margin += 1
        title = line.rstrip()
        if (not _AT_MARGIN.fullmatch(title) or title.endswith((".", ",", ";")) or len(title.split()) > MAX_WORDS
                or n and lines[n - 1].strip()):
            continue
        k = n + 2 if n + 1 < len(lines) and not lines[n + 1].strip() else n + 1
        if k < len(lines) and lines[k][:1] in (" ", "\t") and lines[k].strip():
            found.append((starts[n], 1, title[:MAX_TITLE]))
    return tuple(found) if len(found) >= MIN_OUTDENTED and margin - len(found) <= 1 else ()
