"""The nouns of the indexing side: documents and their chunks."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

from index.errors import InvalidInputError
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
    headings: tuple[tuple[int, int, str], ...] = field(default=())  # (offset, level, title), in order; "": an end mark

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
class Span:
    """Characters ``[start, end)`` of one stored document, and ``text``, exactly the document's
    text there. The document is named by each of its keys, one name each: ``row_id`` (its row in
    the store's catalog, which changes when the file is re-indexed), ``doc_id`` (the hash of its
    text) and ``source`` (its path); ``title`` is for people.

    Chunks in the store, retrieved passages, candidate sentences, citations and short answers
    are all spans; the types that add something (a score, a page) carry one.
    """

    row_id: int
    doc_id: str
    source: str
    title: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end or len(self.text) != self.end - self.start:
            raise InvalidInputError(f"a span's text must fill [start, end): [{self.start}, {self.end}) "
                             f"with {len(self.text)} characters")

    def within(self, start: int, end: int) -> Span:
        """The span ``[start, end)`` (document offsets) inside this one."""
        if not self.start <= start <= end <= self.end:
            raise InvalidInputError(f"[{start}, {end}) is not inside [{self.start}, {self.end}) of {self.source}")
        return Span(self.row_id, self.doc_id, self.source, self.title, start, end,
                    self.text[start - self.start : end - self.start])


class SpanFields:
    """The span's fields read through the value that carries it (``passage.source`` is
    ``passage.span.source``)."""

    span: Span

    @property
    def row_id(self) -> int:
        return self.span.row_id

    @property
    def doc_id(self) -> str:
        return self.span.doc_id

    @property
    def source(self) -> str:
        return self.span.source

    @property
    def title(self) -> str:
        return self.span.title

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def text(self) -> str:
        return self.span.text


@dataclass(frozen=True)
class Chunk(SpanFields):
    """A contiguous span of a document being indexed (``row_id`` 0: not stored yet), sized in
    word pieces: ``document.text[start:end] == text``."""

    span: Span
    n_tokens: int
