"""A PDF's headings from its type sizes, for a PDF without bookmarks (a page a browser saved as
PDF, most exported reports): text set larger than the body text is a heading, the larger the
higher its level. Headings let chunks end where sections do and carry "Title › Section", as an
HTML page's or a Markdown file's headings do (`index.sections`).

The sizes come from pypdf's text visitor on the same pass that extracts the page's text: each
piece of text with its font size times the text and current matrices' vertical scale.

A PDF with bookmarks has its headings from them instead (:func:`outline_entries`,
:func:`placed`). Either way the titles are known per page before the pages' lines are joined
(`index.pdf_text.pages_text`), so that a heading's line stays a paragraph of its own."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from index.sections import Heading, locate_heading

logger = logging.getLogger(__name__)

Fragment = tuple[str, float]  # a piece of a page's text and its type size in points
Entry = tuple[int, int, str]  # a bookmark: its page, its level (1 the top) and its title

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


def run_titles(pages: Sequence[Sequence[Fragment]]) -> list[set[str]]:
    """Per page, the runs of larger type that :func:`font_headings` would take for headings."""
    body = body_size(pages)
    if body is None:
        return [set() for _ in pages]
    return [{title for title, _ in _runs(fragments, body * LARGER) if _heading_like(title)} for fragments in pages]


def _heading_like(title: str) -> bool:
    return sum(c.isalpha() for c in title) >= 2 and len(title.split()) <= MAX_WORDS


def outline_entries(reader: Any) -> list[Entry]:
    """A pypdf reader's bookmarks, in order; none where the outline is broken (it is navigation,
    not content: a malformed one must not lose the document)."""
    found: list[Entry] = []

    def walk(items: Any, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            page = reader.get_destination_page_number(item)
            title = " ".join(str(item.title or "").split())
            if page is not None and page >= 0 and title:
                found.append((page, min(level, MAX_LEVEL), title))

    try:
        walk(reader.outline, 1)
    except Exception:  # noqa: BLE001
        logger.info("ignoring a malformed PDF outline")
        return []
    return found


def placed(entries: Sequence[Entry], text: str, starts: Sequence[int]) -> tuple[Heading, ...]:
    """The bookmarks as headings, each where its title appears on its page (else at the page's start)."""
    found = []
    for page, level, title in entries:
        if page < len(starts):
            end = starts[page + 1] if page + 1 < len(starts) else len(text)
            found.append((locate_heading(title, text, starts[page], end), level, title))
    return tuple(sorted(found))


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
            if not _heading_like(title):
                continue
            match = re.compile(r"\s*".join(re.escape(w) for w in title.split())).search(text, cursor, end)
            if match:
                found.append((match.start(), size, title))
                cursor = match.end()
    levels: dict[float, int] = {}
    for size in sorted({s for _, s, _ in found}, reverse=True):  # sizes within 10% share a level
        top = min(levels, default=None)
        levels[size] = levels[top] if top is not None and size >= (1 - SAME_RUN) * top else len(set(levels.values())) + 1
    return tuple(sorted((offset, min(levels[size], MAX_LEVEL), title) for offset, size, title in found))
