"""Markdown tables as the reader reads them: row by row, each cell after its column's header.

A Markdown file's text is its own characters (a citation quotes the file), so a table stays
``| Black tea | 240 ml | 47 mg |`` there. The reader, trained on prose, reads such a row poorly:
it cannot tell which number is the caffeine. So the passage it reads has each row of a table (a
header line, a ``|---|`` delimiter line, then rows) rewritten as an HTML data table is indexed
(``index.html_text``): "Black tea: Serving 240 ml, Caffeine 47 mg." Every character of the view
keeps the passage offset it stands for, so the reader's span and sentence map back to exact
characters of the file: the row's cells ("Black tea | 240 ml | 47 mg"), or the cell itself for a
short answer. The header line stays as it is, a block of its own; the delimiter line is left out. Passages without a
table are read as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")
_DELIMITER = re.compile(r"[ \t]*\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")
_CELL = re.compile(r"(?:\\.|[^|\\])+")  # a cell between pipes ("\|" is a pipe inside a cell)
_ENDS = ".!?"


@dataclass(frozen=True)
class TableView:
    """The text the reader reads, and for each of its characters the passage span it maps to:
    ``starts[i]`` where a span starting at ``i`` starts, ``ends[i]`` where one ending at ``i`` ends
    (the same character for the passage's own; the next and the previous one for added words)."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_passage(self, start: int, end: int) -> tuple[int, int]:
        """The passage span of the view's ``[start, end)`` (zero-width where it holds only added words)."""
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return at, at
        a, b = self.starts[start], self.ends[end - 1]
        return (a, b) if b > a else (a, a)

    def from_passage(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Passage ranges (headings) as view ranges: the view characters standing for their characters."""
        own = [i for i in range(len(self.text)) if self.ends[i] == self.starts[i] + 1]
        positions = [self.starts[i] for i in own]
        out = []
        for a, b in ranges:
            lo, hi = bisect_left(positions, a), bisect_left(positions, b)
            if hi > lo:
                out.append((own[lo], own[hi - 1] + 1))
        return out


def _cells(text: str, line_start: int, line: str) -> list[tuple[int, int]]:
    """Each cell's stripped span (passage offsets) in a ``| a | b |`` line."""
    inner_start = line.index("|") + 1
    inner_end = line.rindex("|")
    spans = []
    for match in _CELL.finditer(line, inner_start, inner_end):
        a, b = match.span()
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        spans.append((line_start + a, line_start + b))
    # empty cells ("| a || c |") have no match: rebuild the list from the pipes
    pipes = [line_start + m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    out = []
    for left, right in zip(pipes, pipes[1:], strict=False):
        inside = [(a, b) for a, b in spans if left < a and b <= right]
        out.append(inside[0] if inside and inside[0][1] > inside[0][0] else (right, right))
    return out


def table_view(text: str) -> TableView | None:
    """The view of ``text`` with its Markdown tables read row by row; None when it has none."""
    lines: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n"):
        lines.append((at, line))
        at += len(line) + 1
    pieces: list[tuple[str, list[int], list[int]]] = []  # text, starts, ends
    copied = 0  # passage characters before this are in pieces
    found = False
    i = 0
    while i + 1 < len(lines):
        (h_at, header), (d_at, delimiter) = lines[i], lines[i + 1]
        if not (_ROW.fullmatch(header) and _DELIMITER.fullmatch(delimiter)):
            i += 1
            continue
        names = [text[a:b] for a, b in _cells(text, h_at, header)]
        j = i + 2
        rows = []
        while j < len(lines) and _ROW.fullmatch(lines[j][1]):
            rows.append(_cells(text, *lines[j]))
            j += 1
        if not rows or any(len(row) != len(names) for row in rows):
            i = j
            continue
        found = True
        _copy(pieces, text, copied, d_at)  # everything up to the delimiter line, the header line included
        pieces.append(("\n", [d_at], [d_at]))  # the delimiter line left out, a blank line in its place
        copied = d_at + len(delimiter) + 1
        for n, ((r_at, line), row) in enumerate(zip(lines[i + 2:j], rows, strict=True)):
            _copy(pieces, text, copied, r_at)
            _record(pieces, text, names, row)
            copied = r_at + len(line)
            if n + 1 < len(rows):  # rows apart by a blank line: a block each
                pieces.append(("\n", [copied], [copied]))
        i = j
    if not found:
        return None
    _copy(pieces, text, copied, len(text))
    return TableView("".join(p[0] for p in pieces), tuple(s for p in pieces for s in p[1]),
                     tuple(e for p in pieces for e in p[2]))


def _copy(pieces: list[tuple[str, list[int], list[int]]], text: str, a: int, b: int) -> None:
    if b > a:
        pieces.append((text[a:b], list(range(a, b)), list(range(a + 1, b + 1))))


def _record(pieces: list[tuple[str, list[int], list[int]]], text: str, names: list[str],
            row: list[tuple[int, int]]) -> None:
    """One row as "first: Name value, Name value." with added words mapped to the cells beside them."""
    filled = [(k, a, b) for k, (a, b) in enumerate(row) if b > a]
    if not filled:
        return
    previous_end = filled[0][1]

    def add(words: str, next_start: int) -> None:
        pieces.append((words, [next_start] * len(words), [previous_end] * len(words)))

    first = filled[0][0] == 0
    for n, (k, a, b) in enumerate(filled):
        if n > 0:
            add(": " if n == 1 and first else " " if text[previous_end - 1] in _ENDS else ", ", a)
        if k > 0 and names[k]:
            add(names[k] + " ", a)
        pieces.append((text[a:b], list(range(a, b)), list(range(a + 1, b + 1))))
        previous_end = b
    if text[previous_end - 1] not in _ENDS:
        add(".", previous_end)
