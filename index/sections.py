"""Section paths: the headings a span sits under ("Floating Point Arithmetic › Representation Error").

A document's headings are ``(offset in its text, level 1-6, title)``, found by its loader:
Markdown ``#`` headings (not inside fenced code), HTML ``h1``-``h6`` and definition terms (``dt``, one
level under their section per list they sit in: an API signature, a glossary term), DOCX heading styles, PDF
outlines (bookmarks). A heading lasts until the next heading at its level or above, or until an
end mark: a heading with no title (``(offset, level, "")``), which closes the sections at ``level``
and below without opening one. HTML ends a definition list's terms with one, so the text after the
list is back in the list's section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Heading = tuple[int, int, str]
SEPARATOR = " › "

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def markdown_headings(text: str) -> tuple[Heading, ...]:
    """ATX headings (``# Title``) outside fenced code blocks."""
    found: list[Heading] = []
    offset, fence = 0, None
    for line in text.split("\n"):
        mark = _FENCE.match(line)
        if mark:
            fence = None if fence == mark.group(1) else (fence or mark.group(1))
        elif fence is None and (m := _ATX.match(line)):
            found.append((offset, len(m.group(1)), m.group(2).strip()))
        offset += len(line) + 1
    return tuple(found)


def section_path(headings: Sequence[Heading], offset: int) -> str:
    """The titles of the headings enclosing ``offset``, outermost first, joined by " › "."""
    stack: list[tuple[int, str]] = []
    for at, level, title in headings:
        if at > offset:
            break
        while stack and stack[-1][0] >= level:
            stack.pop()
        if title:  # an end mark only closes
            stack.append((level, title))
    return SEPARATOR.join(title for _, title in stack)


def locate_heading(title: str, text: str, start: int, end: int) -> int:
    """Where ``title`` (whitespace-insensitive) first appears in ``text[start:end]``, else ``start``."""
    words = title.split()
    if not words:
        return start
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, start, end)
    return m.start() if m else start
