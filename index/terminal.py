"""Text formatted for a terminal and saved to a file: groff's output (``man -Tutf8 ... > page.txt``,
man-db's own manual as Debian ships it) writes bold and underlined words with escape sequences
("\\x1b[1m1.4.  The format of manual pages\\x1b[0m") or by striking a character over another
("b\\bb", "_\\bb", and "+\\bo" for a bullet). A reader sees the characters, not the codes: a citation
must never show them. So the codes go, each line keeping its place (a citation's ``line`` is still
the file's own), and a line wholly in bold, a paragraph of its own, is a heading: groff sets its
section titles so."""

from __future__ import annotations

import re
from collections import Counter

from index.sections import MAX_TITLE, Heading

# a control sequence ("\x1b[1m", "\x1b[22m", "\x1b[0m"), an operating system command ("\x1b]8;;URL\x1b\\", a
# link), or another two-character escape
_ESCAPE = re.compile(r"\x1b(?:\[[0-9;:?<=>]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_STRUCK = re.compile(r"([^\n\x08])\x08([^\n\x08])")  # a character struck over another
_BOLD_LINE = re.compile(r"[ \t]*(?:\x1b\[1m)+([^\x1b\n]*[^\x1b\s])[ \t]*(?:\x1b\[(?:0|22)?m)+[ \t]*$", re.M)
# a line struck over in bold, but for its spaces ("N\bNA\bAM\bME\bE")
# a line struck over in bold, but for its spaces ("N\bNA\bAM\bME\bE")
_BOLD_STRUCK = re.compile(r"[ \t]*(?:([^\x08\s])\x08\1(?:\x08\1)*|[ \t])*(?:([^\x08\s])\x08\2)[ \t]*$", re.M)
_NUMBERED = re.compile(r"(\d+(?:\.\d+)*)\.?\s")  # "1.4.  The format ...": its depth, the level


def _struck(found: re.Match[str]) -> str:
    first, second = found.group(1), found.group(2)
    if (first, second) == ("+", "o"):
        return "\u2022"  # groff's bullet
    return first if second == "_" else second  # an underlined character, either way round; a bold one


def formatted(text: str) -> bool:
    """Whether ``text`` writes a terminal's formatting codes (:func:`without_codes`)."""
    return "\x1b" in text or "\x08" in text


def without_codes(text: str) -> str:
    """``text`` without its escape sequences and overstrikes, each line where it was."""
    previous = None
    while previous != text:  # "b\bb\bb": struck twice
        previous, text = text, _STRUCK.sub(_struck, text)
    return _ESCAPE.sub("", text).replace("\x08", "")


def bold_headings(text: str) -> tuple[Heading, ...]:
    """The headings of terminal-formatted ``text`` (offsets in :func:`without_codes`'s text): each line wholly
    in bold, escaped or struck over ("NAME" of a man page), a blank line (or the text's start)
    before it and a blank line or a line indented deeper after it, not an option ("--author" of
    ls's options, most of which are set "-a, --all", bold but for the comma), not repeated (a running page header:
    "man-db   v2.11.2   2023-01-08" heads each of its pages); its numbering's depth its level
    ("1.1.1.  The concept" under "1.1.  man-db"), else 1."""
    lines, kept = text.split("\n"), without_codes(text).split("\n")
    found = {n: kept[n].strip() for n, line in enumerate(lines)
             if _BOLD_LINE.fullmatch(line) or _BOLD_STRUCK.fullmatch(line)}
    repeated = Counter(found.values())
    starts = [0]
    for line in kept:
        starts.append(starts[-1] + len(line) + 1)
    out = []
    for n, title in found.items():
        indent = len(kept[n]) - len(kept[n].lstrip())
        after = kept[n + 1] if n + 1 < len(kept) else ""
        alone = (n == 0 or not kept[n - 1].strip()) and (not after.strip() or len(after) - len(after.lstrip()) > indent)
        if alone and repeated[title] == 1 and any(ch.isalpha() for ch in title) and not title.startswith("-"):
            numbered = _NUMBERED.match(title)
            out.append((starts[n] + indent, min(numbered.group(1).count(".") + 1, 6) if numbered else 1, title[:MAX_TITLE]))
    return tuple(out)
