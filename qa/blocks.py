"""A section's blocks: paragraphs apart by blank lines, a fenced code block or a reStructuredText
directive with its body one block whatever it holds. What a section opens with (``qa.tasks``), and
what a cited sentence ending with ":" introduces (:func:`introduced_end`), are read by them."""

from __future__ import annotations

import re

from index.documents import Document
from qa.answers import DIRECTIVE, FENCE

INTRODUCED_CHARS = 800  # the most of what a sentence ending with ":" introduces that its citation takes
_SKIPPED = re.compile(r"[ \t]*(?:[=\-~^\"'#*+`:.]{3,}|\.\. _[^:\n]*:|\([\w.-]+\)=)[ \t]*$")  # underlines, labels
_TILDE_UNDERLINE = re.compile(r"[ \t]*~{3,}[ \t]*")
# what Python's C API reference notes of a function before saying what it does ("Return value: New reference. Part
# of the Stable ABI.")
_ANNOTATIONS = re.compile(r"(?:\s*(?:Return\s+value:\s+(?:(?:New|Borrowed)\s+reference|Always\s+NULL)"
                          r"|Part\s+of\s+the\s+(?:Stable\s+ABI|Limited\s+API)(?:\s+on\s+platforms\s+with\s+[\w().]+)?"
                          r"(?:\s+since\s+version\s+[\d.]+)?)\.)+\s*")
# a version note: MyST's, reST's, a line of its own ("Available since Ninja 1.1.")
_VERSION_NOTE = re.compile(r"[ \t]*(?:(?:```\{|\.\. )(?:versionadded|versionchanged|deprecated)\b"
                           r"|Available\s+since\s+(?:[\w+-]+\s+){0,2}v?\d[\w.-]*\.[ \t]*(?:\n|\Z))")
# a setting reference's field line, before the setting's prose: "**Default** - ``10``", "**Minimum For Uploads** - ``5MB``",
# "Default: 10", "*Type*: integer" (a field's name, a colon or a dash, a short value to the line's end)
MARK = r"(?:\*\*|__|[*_])?"  # bold or italic marks, or none
FIELD_NAMES = r"(?:Defaults?|Type|Minimum|Maximum|Range|Units?|(?:Valid|Allowed|Possible)\s+values|Values|Required|Since)"
FIELD_LINE = re.compile(rf"[ \t]*{MARK}{FIELD_NAMES}(?:[ \t]+[A-Za-z]+){{0,3}}(?::{MARK}|{MARK}[ \t]*(?::|[-\u2013\u2014]))"
                        r"[ \t]*(?:``[^`\n]*``|`[^`\n]*`|[^\s`][^\n]{0,60}?)?[ \t]*")


def blocks(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The blocks of ``text[start:stop]``, paragraphs apart by blank lines, a fenced block or a
    reStructuredText directive with its body one of them whatever it holds; without underlines,
    labels, version notes ("```{versionadded} 22.2", ".. versionchanged:: 3.2", "Available since Ninja 1.1.") and
    a C function's annotations ("Return value: New reference. Part of the Stable ABI.")."""
    out: list[tuple[int, int]] = []
    pos, block, fence, directive = start, None, None, -1
    while pos < stop:
        nl = text.find("\n", pos, stop)
        end = stop if nl == -1 else nl
        line = text[pos:end]
        if directive >= 0 and (not line.strip() or len(line) - len(line.lstrip()) > directive):
            pos = end + 1
            continue  # (the directive's body)
        if directive >= 0:
            out.append((block, pos - 1))  # type: ignore[arg-type]
            block, directive = None, -1
        if fence is None and _TILDE_UNDERLINE.fullmatch(line) and (pos == start or pos == start + 1 and text[start] == "\n"):
            pos = end + 1
            continue  # (a reStructuredText title's underline right under it, "~~~~", opens no fence)
        if fence is None and block is not None and _TILDE_UNDERLINE.fullmatch(line) and "\n" not in text[block:pos - 1] \
                and len(line.strip()) >= len(text[block:pos - 1].strip()):
            out.append((block, pos - 1))
            block, pos = None, end + 1
            continue  # (so under a title of a line in the range: "Installing From PyPI" over "~~~~~~~~~~~~~~~~~~~~")
        if fence is not None:
            if line.strip().startswith(fence):
                out.append((block, end))  # type: ignore[arg-type]
                block, fence = None, None
        elif (opened := FENCE.match(line)) is not None:
            if block is not None:
                out.append((block, pos - 1))
            block, fence = pos, opened.group(1)
        elif not line.strip() or _SKIPPED.match(line):
            if block is not None:
                out.append((block, pos - 1))
            block = None
        elif (opened := DIRECTIVE.match(line)) is not None:
            if block is not None:
                out.append((block, pos - 1))
            block, directive = pos + len(opened.group(1)), len(opened.group(1))
        elif block is None:
            block = pos + len(line) - len(line.lstrip())
        pos = end + 1
    if block is not None:
        out.append((block, stop))
    return [(a, a + len(text[a:b].rstrip())) for a, b in out
            if text[a:b].strip() and not _VERSION_NOTE.match(text, a) and not _ANNOTATIONS.fullmatch(text, a, b)]


def introduced_end(document: Document, end: int) -> int:
    """Where a cited sentence ending at ``end`` with ":" ends with what it introduces ("GnuPG 2.2
    depends on the following GnuPG related packages:" and their list; "Use the following format
    string:" and the format): the block after it, at most one blank line away and in its section,
    and the blocks after that while each ends with ";" or "," (a page's list items, "no (default):
    don't set rpath;", "auto: ...;", "DIR: set an explicit rpath."), to its last line within
    :data:`INTRODUCED_CHARS`; ``end`` where it ends otherwise or nothing follows."""
    text, last = document.text, end
    while last > 0 and text[last - 1] in " \t\n":
        last -= 1
    if last == 0 or text[last - 1] != ":":
        return end
    section_end = next((at for at, _, _ in document.headings if at >= end), len(text))
    stop = min(section_end, end + INTRODUCED_CHARS + 1)
    found = blocks(text, end, stop)
    if not found or text.count("\n", end, found[0][0]) > 2:
        return end
    start, block_end = found[0]
    for _, later in found[1:]:  # (a list whose items end with ";" or ",": a page's list items are paragraphs)
        if text[block_end - 1] not in ";,":
            break
        block_end = later
    if block_end - start > INTRODUCED_CHARS or block_end == stop < section_end:  # (cut: to its last whole line that fits)
        block_end = text.rfind("\n", start, start + INTRODUCED_CHARS)
        while block_end > start and text[block_end - 1].isspace():
            block_end -= 1
    return max(end, block_end)


def field_block(text: str, start: int, end: int) -> bool:
    """Whether the block ``text[start:end]`` is a setting reference's field lines alone
    (:data:`FIELD_LINE`: "**Default** - ``10``", "**Minimum For Uploads** - ``5MB``"), not prose."""
    return all(FIELD_LINE.fullmatch(line) for line in text[start:end].splitlines())
