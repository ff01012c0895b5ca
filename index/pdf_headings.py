"""A PDF's headings from its type sizes, for a PDF without bookmarks (a page a browser saved as
PDF, most exported reports): text set larger than the body text is a heading, the larger the
higher its level. Headings let chunks end where sections do and carry "Title › Section", as an
HTML page's or a Markdown file's headings do (`index.sections`).

The sizes come from pypdf's text visitor on the same pass that extracts the page's text: each
piece of text with its font size times the text and current matrices' vertical scale."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from index.sections import Heading

Fragment = tuple[str, float]  # a piece of a page's text and its type size in points

LARGER = 1.12  # a heading's type is at least this much larger than the body text's
SAME_RUN = 0.10  # pieces within this much of a heading's first size continue it ("4.1." "if" "Statements")
MAX_WORDS = 20
MAX_LEVEL = 6


class FragmentRecorder:
    """A ``visitor_text`` for pypdf's ``extract_text``: keeps each piece of text with its size."""

    def __init__(self) -> None:
        self.fragments: list[Fragment] = []

    def __call__(self, text: str, cm: Sequence[float], tm: Sequence[float], font: Any, size: float) -> None:
        if text:
            scale = abs(tm[3] or 1) * abs(cm[3] or 1)
            self.fragments.append((text, round(abs(float(size)) * scale, 1)))


def body_size(pages: Sequence[Sequence[Fragment]]) -> float | None:
    """The size most of the document's letters are set in."""
    letters: Counter[float] = Counter()
    for fragments in pages:
        for text, size in fragments:
            letters[size] += sum(c.isalpha() for c in text)
    return letters.most_common(1)[0][0] if letters else None


def _runs(fragments: Sequence[Fragment], threshold: float) -> list[tuple[str, float]]:
    """The page's runs of consecutive large pieces, each as its text and first size."""
    runs: list[tuple[list[str], float]] = []
    open_run = False
    for text, size in fragments:
        if not text.strip():
            continue  # a space between two large pieces does not end the run
        if size >= threshold and open_run and abs(size - runs[-1][1]) <= SAME_RUN * runs[-1][1]:
            runs[-1][0].append(text)
        elif size >= threshold:
            runs.append(([text], size))
            open_run = True
        else:
            open_run = False
    return [(" ".join(" ".join(parts).split()), size) for parts, size in runs]


def font_headings(pages: Sequence[Sequence[Fragment]], text: str, starts: Sequence[int]) -> tuple[Heading, ...]:
    """Headings (offset, level, title) of a document whose page ``i`` starts at ``starts[i]`` in
    ``text`` and whose pieces of text were ``pages[i]``: each run of larger type found, in order, on
    its page's text (a run the text does not hold, such as a dropped running header, is skipped)."""
    body = body_size(pages)
    if body is None or len(pages) != len(starts):
        return ()
    found: list[tuple[int, float, str]] = []
    for page, fragments in enumerate(pages):
        cursor = starts[page]
        end = starts[page + 1] if page + 1 < len(starts) else len(text)
        for title, size in _runs(fragments, body * LARGER):
            words = title.split()
            if sum(c.isalpha() for c in title) < 2 or len(words) > MAX_WORDS:
                continue
            match = re.compile(r"\s*".join(re.escape(w) for w in words)).search(text, cursor, end)
            if match:
                found.append((match.start(), size, title))
                cursor = match.end()
    levels: dict[float, int] = {}
    for size in sorted({s for _, s, _ in found}, reverse=True):  # sizes within 10% share a level
        top = min(levels, default=None)
        levels[size] = levels[top] if top is not None and size >= (1 - SAME_RUN) * top else len(set(levels.values())) + 1
    return tuple(sorted((offset, min(levels[size], MAX_LEVEL), title) for offset, size, title in found))
