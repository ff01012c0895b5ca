"""Extractive answering: pick the cited sentences, find a short answer, or abstain."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from index.documents import Document, Span, SpanFields
from index.errors import CitationError, InvalidInputError, NotFoundError, StoreChangedError
from index.lexical import content_words
from index.loaders import TEXT_SUFFIXES, format_suffix
from index.sections import InlineText
from index.sentences import split_sentences
from qa.answers import Answer, Citation, Passage, prose, worth_suggesting
from qa.blocks import introduced_end
from qa.corpus import Corpus
from qa.extract import QUESTION_WORDS, content_terms, question_type, short_answer, short_answer_offsets, stem
from qa.reader import MODEL_FILES
from qa.reader_windows import within_any

NOT_FOUND = "I could not find this in the documents."
ANSWERERS = ("model", "heuristic")
HEURISTIC_THRESHOLD = 0.30
# A sentence opening with one of these leans on the sentence before it for its subject.
_PRONOUN_START = re.compile(r"^\W*(?:it|its|he|his|she|her|they|their|this|these|those|there|the latter)\b", re.I)


@dataclass(frozen=True)
class AnswerConfig:
    """Knobs of the extractive answerer.

    A sentence scores ``dense_weight * cosine(question, sentence)
    + lexical_weight * idf-weighted share of question words it contains
    + context_weight * the same share over the sentence and its neighbours
    + passage_weight * the same share over the whole passage
    + rank_weight / (1 + passage rank)``; a typed question ("how many", "when",
    "who") whose sentence holds no candidate of that type loses ``type_penalty``,
    and a sentence that says nothing beyond the question's words (a heading that
    repeats it, say) loses ``echo_penalty``.
    The best score is the answer's confidence; below ``threshold`` it abstains.

    ``answerer`` picks who answers: ``"model"`` (the trained reader, :mod:`qa.model_answerer`;
    its confidence is a calibrated probability and its default threshold was fitted with it)
    or ``"heuristic"`` (the weighted features above, default threshold 0.30). ``threshold=None``
    means the chosen answerer's default. The weights apply to the heuristic answerer only.
    ``model_dir`` replaces the shipped reader with another folder of ``MODEL_FILES`` (its model
    and the calibration fitted with it: ``python -m train.export_reader``, ``train.calibrate``).
    """

    threshold: float | None = None
    answerer: str = "model"
    max_citations: int = 2
    second_citation_ratio: float = 0.92
    suggestions: int = 3
    dense_weight: float = 0.5
    lexical_weight: float = 0.2
    context_weight: float = 0.1
    passage_weight: float = 0.2
    rank_weight: float = 0.0
    type_penalty: float = 0.1
    echo_penalty: float = 0.2
    model_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.answerer not in ANSWERERS:
            raise InvalidInputError(f"answerer must be one of {', '.join(ANSWERERS)}, got {self.answerer!r}")
        if self.model_dir is not None:
            object.__setattr__(self, "model_dir", Path(self.model_dir))  # a str given from Python
            if self.answerer != "model":
                raise InvalidInputError(f"model_dir is a reader for the model answerer; the {self.answerer} "
                                        f"answerer reads none (got model_dir {str(self.model_dir)!r})")
            missing = [name for name in MODEL_FILES if not (self.model_dir / name).is_file()]
            if missing:
                raise InvalidInputError(
                    f"model_dir {str(self.model_dir)!r} lacks {', '.join(missing)}: give a reader folder written by "
                    "`python -m train.export_reader` and calibrated by `python -m train.calibrate` (train/README.md)")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise InvalidInputError(f"threshold must be between 0 and 1, got {self.threshold!r}")
        if self.max_citations < 1:
            raise InvalidInputError(f"max_citations must be at least 1, got {self.max_citations!r}")


@runtime_checkable
class Answerer(Protocol):
    """Picks the cited sentences of retrieved passages, or abstains (heuristic or trained model)."""

    name: str
    config: AnswerConfig

    @property
    def threshold(self) -> float:
        """The abstention threshold in force when a call gives none."""

    def warm_up(self) -> None:
        """Load what answering needs (a model), so that the first answer does not wait for it; cheap
        when loaded. :class:`~qa.api.DocumentQA` calls it on a worker thread while retrieval runs."""

    def answer(self, question: str, passages: list[Passage], *,
               retrieval_query: str = "", threshold: float | None = None) -> Answer:
        """An answer citing exact spans of ``passages``, or an abstention with suggestions."""


@dataclass
class _Candidate(SpanFields):
    passage: Passage
    span: Span  # the sentence
    context: str
    previous: str
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)


def document_of(corpus: Corpus, passage: Passage, cache: dict[int, Document]) -> Document:
    """``passage``'s document, read once per ``cache``; NotFoundError if it is gone."""
    if passage.row_id not in cache:
        cache[passage.row_id] = corpus.document_by_row(passage.row_id)
    return cache[passage.row_id]


HEADING_TAIL = 40  # the most of a heading's line after its title that is still heading: "; urgency=medium"
# after a Debian changelog entry's "sed (4.9-1) unstable"


def heading_end(text: str, at: int, title: str) -> int:
    """Where the heading at ``at`` ends in ``text``: its line's end when little follows the title
    on that line ("## Title ##" in Markdown; the title alone in HTML; up to :data:`HEADING_TAIL`
    characters that start with a mark, not a word: "; urgency=medium"; a line that ends with its
    title once its Markdown is rendered: "# pkgconf [![test](badge.svg)](https://ci)", "##
    [2.0.8](https://github.com/...) (2021-11-24)", "3.43.1.4 Why do some tests always fail?"),
    else the title's end (a PDF bookmark placed at its title inside a longer line: "Introduction of
    the new rules..."); the end of its last line where its title wraps over several (a plain-text
    FAQ's long question)."""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end == -1 else line_end
    if title not in text[at:line_end] and (wrapped := re.compile(r"\s+".join(map(re.escape, title.split()))).search(
            text, at, line_end + len(title))) and wrapped.start() < line_end < wrapped.end():
        last_end = text.find("\n", wrapped.end())
        return len(text) if last_end == -1 else last_end
    tail = text[at + len(title):line_end].strip()
    if len(tail) <= 8 or (len(tail) <= HEADING_TAIL and not tail[0].isalnum()) \
            or InlineText()(text[at:line_end]).endswith(title):
        return line_end
    return at + len(title)


def heading_ranges(document: Document | None, passage: Passage) -> list[tuple[int, int]]:
    """The headings of ``document`` inside ``passage``, as ranges of the passage's text: a
    heading names a section, it does not answer a question, so no citation may lie within one
    (the trained reader's answerer makes one exception: a date or version a heading alone
    writes, :meth:`qa.model_answerer.ModelAnswerer.from_heading`)."""
    if document is None:
        return []
    out = []
    for at, _level, title in document.headings:  # in document order
        if at >= passage.end:
            break
        if not title:  # an end mark (index.sections): no text of its own
            continue
        if at + len(title) + HEADING_TAIL <= passage.start:  # ends before the passage, however it ends below
            continue
        lo, hi = at - passage.start, heading_end(document.text, at, title) - passage.start
        if hi > 0 and lo < len(passage.text):
            out.append((max(lo, 0), min(hi, len(passage.text))))
    return out


def passage_headings(corpus: Corpus, passage: Passage, cache: dict[int, Document]) -> list[tuple[int, int]]:
    """:func:`heading_ranges` of ``passage`` in its document (read once per ``cache``); none if the
    document is gone (re-indexed meanwhile: citing it then fails with its own message)."""
    try:
        return heading_ranges(document_of(corpus, passage, cache), passage)
    except NotFoundError:
        return []


def _in_heading(document: Document, offset: int) -> bool:
    """Whether ``offset`` lies in one of ``document``'s headings ("CHANGES WITH 236:" heads its
    release's items; it introduces none of them as a sentence ending with ":" does)."""
    i = bisect_right([at for at, _, _ in document.headings], offset) - 1
    return i >= 0 and offset < heading_end(document.text, document.headings[i][0], document.headings[i][2])


def cite(corpus: Corpus, passage: Passage, start: int, end: int, score: float, cache: dict[int, Document]) -> Citation:
    """A citation of ``[start, end)`` (document offsets) in ``passage``'s document, after checking
    that the stored text there is the passage's text (``cache`` keeps documents already read); a
    sentence ending with ":" with what it introduces (``qa.blocks.introduced_end``)."""
    try:
        document = document_of(corpus, passage, cache)
    except NotFoundError:
        raise StoreChangedError(f"{passage.source} was re-indexed while answering; ask again") from None
    if not passage.start <= start < end <= passage.end:
        raise CitationError(f"[{start}, {end}) is not inside the passage of {passage.source} it quotes")
    span = passage.span.within(start, end)
    if document.text[start:end] != span.text:
        raise CitationError(f"quote {span.text[:40]!r} does not match {passage.source} at {start}:{end}")
    if (through := introduced_end(document, end)) > end and not _in_heading(document, start):
        span = replace(span, end=through, text=document.text[start:through])  # ("... the following packages:" and them)
    return Citation(
        span=span,
        page=document.page_at(start),
        score=round(score, 4),
        line=document.line_at(start) if format_suffix(passage.source) in TEXT_SUFFIXES else None,
        section=document.section_at(start),
    )


class ExtractiveAnswerer:
    """The heuristic answerer: similarity and word-overlap features (see :class:`AnswerConfig`)."""

    name = "heuristic"

    def __init__(self, corpus: Corpus, config: AnswerConfig | None = None) -> None:
        self.corpus = corpus
        self.config = config or AnswerConfig(answerer="heuristic")

    @property
    def threshold(self) -> float:
        """The abstention threshold in force: the configured one, else 0.30."""
        return self.config.threshold if self.config.threshold is not None else HEURISTIC_THRESHOLD

    def warm_up(self) -> None:
        """Nothing of its own to load: its sentence embeddings come from the corpus's embedder, which
        retrieval loads."""

    def _idf(self, query: str) -> dict[str, float]:
        words = content_words(query, QUESTION_WORDS)
        n_chunks = self.corpus.chunk_count()
        dfs = self.corpus.document_frequencies(words)
        idf: dict[str, float] = {}
        for word, df in dfs.items():
            idf[stem(word)] = max(idf.get(stem(word), 0.0), math.log((n_chunks - df + 0.5) / (df + 0.5) + 1.0))
        return idf

    @staticmethod
    def _coverage(terms: set[str], idf: dict[str, float]) -> float:
        total = sum(idf.values())
        return sum(w for t, w in idf.items() if t in terms) / total if total else 0.0

    def candidates(self, passages: list[Passage], documents: dict[int, Document] | None = None) -> list[_Candidate]:
        """Every sentence of ``passages`` but their documents' headings (``documents`` keeps the
        documents read for them, by row)."""
        documents = {} if documents is None else documents
        seen: dict[tuple[int, int, int], _Candidate] = {}
        for passage in passages:
            spans = split_sentences(passage.text)
            headings = passage_headings(self.corpus, passage, documents)
            for i, (a, b) in enumerate(spans):
                key = (passage.row_id, passage.start + a, passage.start + b)
                if key in seen or within_any(a, b, headings):
                    continue
                lo, hi = spans[max(i - 1, 0)][0], spans[min(i + 1, len(spans) - 1)][1]
                previous = passage.text[spans[i - 1][0] : spans[i - 1][1]] if i else ""
                seen[key] = _Candidate(passage, passage.span.within(*key[1:]), passage.text[lo:hi], previous)
        return list(seen.values())

    def score(self, question: str, candidates: list[_Candidate]) -> None:
        if not candidates:
            return
        question_vector = self.corpus.embed([question])[0]
        vectors = self.corpus.embed([c.text for c in candidates])
        dense = vectors @ np.asarray(question_vector, dtype=np.float32)
        idf = self._idf(question)
        kind = question_type(question)
        q_terms = set(content_terms(question))
        passage_terms: dict[int, set[str]] = {}
        for cand, cos in zip(candidates, dense, strict=True):
            terms = set(content_terms(cand.text))
            coverage = self._coverage(terms, idf)
            if cand.previous and _PRONOUN_START.match(cand.text):
                coverage = self._coverage(terms | set(content_terms(cand.previous)), idf)
            context = self._coverage(set(content_terms(cand.context)), idf)
            if cand.passage.chunk_id not in passage_terms:
                passage_terms[cand.passage.chunk_id] = set(content_terms(cand.passage.text))
            in_passage = self._coverage(passage_terms[cand.passage.chunk_id], idf)
            cand.features = {
                "dense": float(cos),
                "coverage": coverage,
                "context": context,
                "passage": in_passage,
                "rank": 1.0 / (1 + cand.passage.rank),
                "wrong_type": float(bool(kind) and short_answer_offsets(question, cand.text, kind) is None),
                "echo": float(terms <= q_terms),
            }
            cand.score = self.combine(cand.features)

    def combine(self, f: dict[str, float]) -> float:
        """A candidate's score from its features (see :class:`AnswerConfig`)."""
        cfg = self.config
        return (
            cfg.dense_weight * f["dense"]
            + cfg.lexical_weight * f["coverage"]
            + cfg.context_weight * f["context"]
            + cfg.passage_weight * f["passage"]
            + cfg.rank_weight * f["rank"]
            - cfg.type_penalty * f["wrong_type"]
            - cfg.echo_penalty * f["echo"]
        )

    def _cite(self, cand: _Candidate, cache: dict[int, Document]) -> Citation:
        return cite(self.corpus, cand.passage, cand.start, cand.end, cand.score, cache)

    def answer(
        self,
        question: str,
        passages: list[Passage],
        *,
        retrieval_query: str = "",
        threshold: float | None = None,
    ) -> Answer:
        """The best cited sentence(s) of ``passages`` for ``question``, or an abstention.

        ``threshold`` overrides the configured one for this call.
        """
        cfg = replace(self.config, threshold=self.threshold if threshold is None else threshold)
        assert cfg.threshold is not None
        query = retrieval_query or question
        cache: dict[int, Document] = {}
        candidates = self.candidates(passages, cache)
        self.score(question, candidates)
        ranked = sorted(candidates, key=lambda c: (-c.score, c.passage.rank, c.start))
        confidence = max(0.0, min(1.0, ranked[0].score)) if ranked else 0.0
        if not ranked or confidence < cfg.threshold:
            by_passage: dict[int, _Candidate] = {}
            for cand in [c for c in ranked if worth_suggesting(c.text)] or ranked:
                by_passage.setdefault(cand.passage.chunk_id, cand)
            suggestions = [self._cite(c, cache) for c in list(by_passage.values())[: cfg.suggestions]]
            return Answer(
                question, NOT_FOUND, abstained=True, confidence=confidence, threshold=cfg.threshold,
                suggestions=suggestions, retrieval_query=query,
            )
        chosen = [ranked[0]]
        for cand in ranked[1:]:
            if len(chosen) >= cfg.max_citations or cand.score < cfg.second_citation_ratio * ranked[0].score:
                break
            if all(cand.text != c.text for c in chosen):  # a repeated sentence adds nothing
                chosen.append(cand)
        citations = [self._cite(c, cache) for c in chosen]
        text = " ".join(f"{prose(c.text)} [{i}]" for i, c in enumerate(citations, 1))
        short = short_answer(question, citations[0].span)
        return Answer(
            question, text, abstained=False, confidence=confidence, threshold=cfg.threshold, citations=citations,
            short=short, retrieval_query=query,
        )
