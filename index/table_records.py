"""A data table's rows as a screen reader reads them: each cell after its column's header,
the first cell first ("Drink Black tea: Serving 240 ml, Caffeine 47 mg."). The reader, trained on
prose, finds the answering cell of such a row where it cannot in a row of bare cells
(``bench/tables.py``). HTML and DOCX tables with a marked header row are indexed this way;
Markdown tables, whose text stays the file's, are read this way (``qa.table_view``)."""

from __future__ import annotations

import re

ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")  # a Markdown table line: it starts and ends with a pipe
DELIMITER = re.compile(r"[ \t]*\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")  # the line under the header: |---|:--:|
ENDS = ".!?"  # a cell that ends a sentence is followed by a space, not a comma


def record(names: list[str], cells: list[str]) -> str:
    """One row (``cells``, as many as ``names``) as a line; "" when every cell is empty."""
    pairs = [f"{name} {value}" if name else value for name, value in zip(names[1:], cells[1:], strict=True) if value]
    joined = "".join(pair + ("" if i == len(pairs) - 1 else " " if pair[-1] in ENDS else ", ")
                     for i, pair in enumerate(pairs))
    first = f"{names[0]} {cells[0]}" if names[0] and cells[0] else cells[0]
    line = ": ".join(part for part in (first, joined) if part)
    return line if not line or line[-1] in ENDS else line + "."


def cells(line_start: int, line: str) -> list[tuple[int, int]]:
    """Each cell's span, stripped of spaces, in a ``| a | b |`` line that starts at ``line_start``
    (an empty cell: a zero-width span at its closing pipe)."""
    pipes = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    out = []
    for left, right in zip(pipes, pipes[1:], strict=False):
        a, b = left + 1, right
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        out.append((line_start + a, line_start + b) if b > a else (line_start + right, line_start + right))
    return out


def lines_of(text: str) -> list[tuple[int, str]]:
    """Each line of ``text`` with its offset."""
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def is_header(lines: list[tuple[int, str]], i: int) -> bool:
    """Whether line ``i`` is a Markdown table's header: a row, and a delimiter line under it."""
    return (i + 1 < len(lines) and ROW.fullmatch(lines[i][1]) is not None
            and DELIMITER.fullmatch(lines[i + 1][1]) is not None and DELIMITER.fullmatch(lines[i][1]) is None)

