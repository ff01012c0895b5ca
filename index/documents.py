"""The nouns of the indexing side: documents and their chunks."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

from index.sections import section_path


def content_id(text: str) -> str:
    """A stable id for a document: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One source file as canonical text.

    ``text`` is what every citation points into. ``page_starts`` holds, for
    paged formats (PDF), the offset in ``text`` where each page begins, so an
    offset maps to a 1-based page number with :meth:`page_at`.
    """

    doc_id: str
    source: str
    title: str
    text: str
    page_starts: tuple[int, ...] = field(default=())
    headings: tuple[tuple[int, int, str], ...] = field(default=())  # (offset, level, title), in order

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None for unpaged documents."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    def section_at(self, offset: int) -> str:
        """The headings enclosing ``offset``, outermost first ("Chapter › Section"), or ""."""
        return section_path(self.headings, offset)

    def line_at(self, offset: int) -> int:
        """The 1-based line number holding ``offset``."""
        return self.text.count("\n", 0, offset) + 1


@dataclass(frozen=True)
class Chunk:
    """A contiguous span of a document: ``document.text[start:end] == text``."""

    doc_id: str
    start: int
    end: int
    text: str
    n_tokens: int
