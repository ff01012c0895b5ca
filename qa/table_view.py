"""Markdown tables as the reader reads them: row by row, each cell after its column's header.

A Markdown file's text is its own characters (a citation quotes the file), so a table stays
``| Black tea | 240 ml | 47 mg |`` there. The reader, trained on prose, reads such a row poorly:
it cannot tell which number is the caffeine. So the passage it reads has each row of a table (a
header line, a ``|---|`` delimiter line, then rows) rewritten as an HTML data table is indexed
(``index.html_text``): "Drink Black tea: Serving 240 ml, Caffeine 47 mg." Every character of the view
keeps the passage offset it stands for, so the reader's span and sentence map back to exact
characters of the file: the row's cells ("Black tea | 240 ml | 47 mg"), or the cell itself for a
short answer. The header line stays as it is, a block of its own; the delimiter line is left out. Passages without a
table are read as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from index.table_records import DELIMITER, ENDS, ROW, cells, is_header, lines_of

# a reStructuredText simple table's border ("==== ====="), and a rule between its rows ("---- -----")
RST_BORDER = re.compile(r"=+(?:[ \t]+=+)+[ \t]*")
RST_RULE = re.compile(r"-+(?:[ \t]+-+)+[ \t]*")
HEADER_REACH = 20_000  # characters before a passage searched for the header of the table it starts inside


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


def header_before(before: str) -> list[str] | None:
    """The column names of the Markdown table that ``before`` (a document's text up to a passage)
    ends inside: its header line, found above its delimiter line and the rows before the passage."""
    lines = before.split("\n")
    if lines and lines[-1].strip() == "":
        lines.pop()  # the newline that ends the last row before the passage
    k = len(lines) - 1
    while k >= 0 and ROW.fullmatch(lines[k]) and not DELIMITER.fullmatch(lines[k]):
        k -= 1
    if k < 1 or not DELIMITER.fullmatch(lines[k]) or not ROW.fullmatch(lines[k - 1]):
        return None
    header = lines[k - 1]
    return [header[a:b] for a, b in cells(0, header)]


def table_view(text: str, names_before: list[str] | None = None, rst_before: Columns | None = None) -> TableView | None:
    """The view of ``text`` with its Markdown tables and reStructuredText simple tables read row by
    row; None when it has none. ``names_before``: the column names of a Markdown table that began
    before ``text`` (:func:`header_before`), for the rows ``text`` starts with; ``rst_before``: a
    simple table's (:func:`rst_header_before`)."""
    lines = lines_of(text)
    pieces: list[tuple[str, list[int], list[int]]] = []  # text, starts, ends
    copied = 0  # passage characters before this are in pieces
    found = False
    i = 0
    while i < len(lines):
        if (simple := _simple_table(lines, i, rst_before if i == 0 else None)) is not None:
            first, j, columns = simple
            found = True
            for k in range(i, j):  # its header row as it is; its borders and rules left out, a blank line each; each row a record
                at, line = lines[k]
                if k < first and not RST_BORDER.fullmatch(line):
                    continue  # (the header row, or the end of a row the passage starts inside: copied as they are)
                _copy(pieces, text, copied, at)
                if RST_BORDER.fullmatch(line) or RST_RULE.fullmatch(line) or not line.strip():
                    pieces.append(("\n", [at], [at]))
                    copied = at + len(line)
                    continue
                _record(pieces, text, columns.names, rst_cells(at, line, columns.spans))
                pieces.append(("\n", [at + len(line)], [at + len(line)]))
                copied = at + len(line)
            i = j
            continue
        if i == 0 and names_before and ROW.fullmatch(lines[0][1]) and not DELIMITER.fullmatch(lines[0][1]):
            names, first = names_before, 0  # rows of a table whose header came before the passage
        elif is_header(lines, i):
            names, first = [text[a:b] for a, b in cells(*lines[i])], i + 2
        else:
            i += 1
            continue
        j = first
        rows = []
        while j < len(lines) and ROW.fullmatch(lines[j][1]):
            rows.append(cells(*lines[j]))
            j += 1
        if not rows or any(len(row) != len(names) for row in rows):
            i = max(j, i + 1)
            continue
        found = True
        if first > i:  # everything up to the delimiter line, the header line included; the delimiter
            d_at, delimiter = lines[i + 1]  # line left out, a blank line in its place
            _copy(pieces, text, copied, d_at)
            pieces.append(("\n", [d_at], [d_at]))
            copied = d_at + len(delimiter) + 1
        for n, ((r_at, line), row) in enumerate(zip(lines[first:j], rows, strict=True)):
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


@dataclass(frozen=True)
class Columns:
    """A reStructuredText simple table's columns: their names (its header row's cells) and their
    spans in a line (from its border's runs of "=")."""

    names: list[str]
    spans: list[tuple[int, int]]
    partial: bool = False  # (a passage starts inside a row: its first line is no row of its own)


def _columns(border: str, header: str) -> Columns | None:
    spans = [m.span() for m in re.finditer(r"=+", border)]
    names = [header[a:b] for a, b in rst_cells(0, header, spans)]
    return Columns(names, spans) if len(spans) > 1 and names[0] else None


def rst_cells(line_start: int, line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each cell's span, stripped of spaces, in a simple table's row ``line`` (at ``line_start``):
    the characters under each column's run of "=", the last column's to the line's end (an empty
    cell: a zero-width span at its column's start)."""
    out = []
    for k, (a, _) in enumerate(spans):
        b = spans[k + 1][0] if k + 1 < len(spans) else len(line)
        cell = line[a:b] if a < len(line) else ""
        lead = len(cell) - len(cell.lstrip())
        out.append((line_start + a + lead, line_start + a + lead + len(cell.strip())) if cell.strip()
                   else (line_start + min(a, len(line)),) * 2)
    return out


def _simple_table(lines: list[tuple[int, str]], i: int, before: Columns | None) -> tuple[int, int, Columns] | None:
    """Where a reStructuredText simple table starts at line ``i`` of a passage's ``lines`` (its
    border, its header row, a border again; or, with ``before``, rows of a table whose header came
    before the passage): the line of its first row, the line after its last border (or the last
    line: a table that goes on past the passage), and its columns; else None."""
    if before is not None:  # (past the end of a row, or the border under the header, the passage starts with)
        columns, first = before, i + (before.partial or RST_BORDER.fullmatch(lines[i][1]) is not None)
    elif i + 2 < len(lines) and RST_BORDER.fullmatch(lines[i][1]) and RST_BORDER.fullmatch(lines[i + 2][1]) \
            and lines[i + 1][1].strip() and (found := _columns(lines[i][1], lines[i + 1][1])) is not None:
        columns, first = found, i + 3
    else:
        return None
    j = first
    while j < len(lines) and not RST_BORDER.fullmatch(lines[j][1]) and lines[j][1].strip():
        j += 1  # (to its border, or a blank line: rows of a table the passage started inside end there)
    return (first, min(j + 1, len(lines)), columns) if j > first else None  # (to its border, or the text's end)


def rst_header_before(before: str) -> Columns | None:
    """The columns of the reStructuredText simple table that ``before`` (a document's text up to a
    passage) ends inside: its border, header row and border above the rows before the passage
    (``partial`` where the passage starts inside a row)."""
    lines = before.split("\n")
    tail = lines.pop()  # (the start of the line the passage starts inside: "" where it starts a line)
    k = len(lines) - 1
    if tail and re.fullmatch(r"[= \t]+", tail):  # (inside the border under the header: the one above gives the columns)
        k = k + 1 if len(lines) > 1 and lines[-1].strip() and RST_BORDER.fullmatch(lines[-2]) else -1
    while 0 <= k < len(lines) and not RST_BORDER.fullmatch(lines[k]):
        if not lines[k].strip():
            return None  # (a blank line: the passage is not inside a table's rows)
        k -= 1
    if k == len(lines) - 2 and not tail and lines[-1].strip() and (k < 2 or not RST_BORDER.fullmatch(lines[k - 2])):
        k = len(lines)  # (the passage starts with the border under the header: the one above gives the columns)
    if k < 2 or not RST_BORDER.fullmatch(lines[k - 2]) or not lines[k - 1].strip():
        return None
    found = _columns(lines[k - 2], lines[k - 1])
    return None if found is None else Columns(found.names, found.spans, partial=bool(before) and not before.endswith("\n"))


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
            add(": " if n == 1 and first else " " if text[previous_end - 1] in ENDS else ", ", a)
        if names[k]:
            add(names[k] + " ", a)
        pieces.append((text[a:b], list(range(a, b)), list(range(a + 1, b + 1))))
        previous_end = b
    if text[previous_end - 1] not in ENDS:
        add(".", previous_end)

