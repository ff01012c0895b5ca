"""The nouns of the answering side: passages, citations and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk: ``text`` is ``document.text[start:end]``."""

    chunk_id: int
    document: int
    doc_id: str
    source: str
    title: str
    start: int
    end: int
    text: str
    score: float
    rank: int
    dense_score: float | None = None
    lexical_score: float | None = None


@dataclass(frozen=True)
class Citation:
    """An exact span of a source document that backs (part of) an answer."""

    source: str
    doc_id: str
    start: int
    end: int
    text: str
    page: int | None
    score: float
    title: str = ""
    line: int | None = None  # the file's line (text and Markdown); None where the file has no such lines
    section: str = ""  # the headings the span sits under, "Chapter › Section" ("" when none)

    def location(self, name: str | None = None) -> str:
        """Where the span is, for people: ``notes.md:12``, ``report.pdf, page 3``, ``page.html``
        (``name`` replaces the file's base name, e.g. with a path)."""
        where = Path(self.source).name if name is None else name
        if self.line is not None:
            where += f":{self.line}"
        if self.page is not None:
            where += f", page {self.page}"
        return where

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict: one entry of `citations` in `qa ask --json`."""
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """An answer with its citations, or an abstention with suggestions.

    ``text`` carries ``[n]`` markers that refer to ``citations[n-1]``.
    ``short_answer`` is the number, date or name inside the cited sentence when
    one was found. When ``abstained`` is true, ``citations`` is empty and
    ``suggestions`` holds the closest passages, which are not an answer.
    ``mode`` says who wrote ``text``: the extractive answerer (quoting one sentence per citation)
    or a language model whose claims were each verified against the stored text.
    """

    question: str
    text: str
    abstained: bool
    confidence: float
    threshold: float
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[Citation] = field(default_factory=list)
    short_answer: str | None = None
    retrieval_query: str = ""
    # the short answer's span in the first citation's document (offsets, as the citations'), or None
    short_answer_span: tuple[int, int] | None = None
    mode: str = "extractive"  # "generative" when a language model wrote the text (every quote verified)
    claims: tuple[Any, ...] = ()  # qa.generative.ClaimReport: what became of each claim of the model
    notice: str = ""  # e.g. why the generative answer fell back to the extractive one

    def as_dict(self) -> dict[str, Any]:
        """The ``qa ask --json`` object."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "threshold": self.threshold,
            "short_answer": self.short_answer,
            "short_answer_span": list(self.short_answer_span) if self.short_answer_span else None,
            "citations": [c.as_dict() for c in self.citations],
            "suggestions": [c.as_dict() for c in self.suggestions],
            "retrieval_query": self.retrieval_query,
            "mode": self.mode,
            "claims": [c.as_dict() for c in self.claims],
            "notice": self.notice,
        }
