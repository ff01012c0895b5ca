"""Answering with the trained reader: its best span picks the cited sentence and the short answer,
and a calibrated probability that the cited sentence answers the question decides whether to abstain."""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from index.documents import Document, Span
from index.errors import NotFoundError
from index.sentences import split_sentences
from qa.added_in import answers_when, heading_answers
from qa.answerer import NOT_FOUND, AnswerConfig, Answerer, ExtractiveAnswerer, cite, document_of, passage_headings
from qa.answers import (
    Answer,
    Citation,
    Passage,
    balanced,
    block_after,
    introduced,
    prose,
    whole_command,
    whole_words,
    worth_suggesting,
)
from qa.asked_terms import asked_terms, named_programs
from qa.corpus import Corpus
from qa.defaults import answers_default
from qa.focus import FOCUS_FLOOR, focus_margins
from qa.mismatch import adds_number, missing_numbers, numbers
from qa.parts import answers_part
from qa.raises import answers_raised
from qa.reader import CALIBRATION_FILE, Calibration, OnnxReader, Reading, SpanReader, candidate_features, shipped_model_dir
from qa.reader_windows import past_ranges, within_any
from qa.rules import RULES
from qa.section_heads import (
    DEFINED_CONFIDENCE,
    Key,
    answers_version,
    asks_version,
    defining,
    for_another_program,
    in_declaration,
    item_paragraph,
    narrowed,
    one_per_program,
    opening_sentence,
    past_comment,
    section_context,
    section_parts,
    supported,
    term_answers,
    term_sections,
    where,
)
from qa.table_view import HEADER_REACH, Columns, TableView, header_before, rst_header_before, table_view

FOCUS_TOP = 3  # candidates read again by default (train.calibrate --focus-top; the calibration records its own: focus_top)


@dataclass(frozen=True)
class Candidate:
    """A passage's best answer: the sentence(s) holding the reader's span, in document offsets."""

    passage: Passage
    reading: Reading
    start: int  # the cited sentence(s)
    end: int
    answer_start: int  # the short answer (the reader's span)
    answer_end: int
    probability: float
    features: dict[str, float]

    @property
    def text(self) -> str:
        return self.passage.span.within(self.start, self.end).text

    @property
    def short(self) -> Span:
        """The reader's span (the short answer) in the document."""
        return self.passage.span.within(self.answer_start, self.answer_end)


class _Found(NamedTuple):
    """A passage's candidate while its features are gathered (offsets in ``text``: the passage as read, tables row by row)."""

    passage: Passage
    reading: Reading
    start: int  # the sentence(s)
    end: int
    answer_end: int
    features: dict[str, float]
    text: str
    view: TableView | None
    context: str  # what the reader read before ``text`` (:func:`section_context`)


def shifted(reading: Reading, by: int) -> Reading:
    """``reading`` with its offsets moved ``by`` characters back (the context read before a passage taken off)."""
    if not by:
        return reading
    span = (reading.start - by, reading.end - by) if reading.end > reading.start else (reading.start, reading.end)
    sentence = ((reading.sentence_start - by, reading.sentence_end - by) if reading.sentence_end > reading.sentence_start
                else (reading.sentence_start, reading.sentence_end))
    return replace(reading, start=span[0], end=span[1], sentence_start=sentence[0], sentence_end=sentence[1])


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) of ``text`` that hold ``[start, end)``; the whole text if none does."""
    spans = split_sentences(text)
    inside = [(a, b) for a, b in spans if a < max(end, start + 1) and b > start]
    if not inside:
        return (spans[0] if spans else (0, len(text)))
    return inside[0][0], inside[-1][1]


class ModelAnswerer:
    """Reads the passages with a :class:`~qa.reader.SpanReader` (the shipped ONNX reader unless given)."""

    name = "model"

    def __init__(self, corpus: Corpus, config: AnswerConfig | None = None, *, reader: SpanReader | None = None,
                 calibration: Calibration | None = None, model_dir: Path | None = None,
                 features: Collection[str] | None = None) -> None:
        self.corpus = corpus
        self.features = features  # the features to compute beside the reader's own; None: what the calibration weighs
        self.config = config or AnswerConfig(answerer="model")
        self.model_dir = model_dir or self.config.model_dir or shipped_model_dir()
        self._reader = reader
        self._calibration = calibration
        self._lock = threading.RLock()  # one reader and one calibration, whichever thread asks first

    @property
    def reader(self) -> SpanReader:
        """The given reader, else the shipped one, decoding the way its calibration was fitted."""
        with self._lock:
            if self._reader is None:
                self._reader = OnnxReader(self.model_dir, by_sentence=self.calibration.decode == "sentence")
            return self._reader

    @property
    def calibration(self) -> Calibration:
        with self._lock:
            if self._calibration is None:
                self._calibration = Calibration.load(self.model_dir / CALIBRATION_FILE)
            return self._calibration

    @property
    def threshold(self) -> float:
        """The abstention threshold in force: the configured one, else the one fitted with the model."""
        return self.config.threshold if self.config.threshold is not None else self.calibration.threshold

    def warm_up(self) -> None:
        """Load the calibration and the reader's model (a concurrent :meth:`answer` waits for this load, not a second)."""
        self.calibration  # noqa: B018 - loads it
        self.reader.warm_up()

    def candidates(self, question: str, passages: list[Passage], documents: dict[int, Document] | None = None,
                   *, headings: bool = False, after: list[str] | None = None, focus_last: int = 0) -> list[Candidate]:
        """Each passage's best answer, most probable first; never a heading of its document unless
        ``headings`` (``documents`` keeps the documents read for their headings, by row). ``after``
        holds text read after each passage, never cited; the last ``focus_last`` passages' are read focused."""
        documents = {} if documents is None else documents
        uncitable = [[] if headings else passage_headings(self.corpus, p, documents) for p in passages]
        views = [table_view(p.text, *self._header_before(p, documents)) for p in passages]
        texts = [p.text if v is None else v.text for p, v in zip(passages, views, strict=True)]
        if after is not None:  # read after the passage, uncitable (its offsets lie past the passage's)
            uncitable = [u + [(len(t), len(t) + len(x))] for u, t, x in zip(uncitable, texts, after, strict=True)]
            texts = [t + x for t, x in zip(texts, after, strict=True)]
        uncitable = [u if v is None else v.from_passage(u) for u, v in zip(uncitable, views, strict=True)]
        contexts = [self._context(question, p, documents) for p in passages]
        readings = self.reader.read(question, [c + t for c, t in zip(contexts, texts, strict=True)],
                                    [([(0, len(c))] if c else []) + [(a + len(c), b + len(c)) for a, b in u]
                                     for c, u in zip(contexts, uncitable, strict=True)])
        readings = [shifted(r, len(c)) for r, c in zip(readings, contexts, strict=True)]
        weighed = set(self.features) if self.features is not None else {n for n, _ in self.calibration.weights}  # (not others)
        found: list[_Found] = []
        for passage, text, view, reading, context, held in zip(passages, texts, views, readings, contexts, uncitable,
                                                               strict=True):
            answer_end = reading.end
            if reading.end > reading.start:
                # a span never runs past its paragraph: cut at the first blank line after its start
                brk = text.find("\n\n", reading.start, reading.end)
                answer_end = reading.end if brk == -1 else brk
                while answer_end > reading.start + 1 and text[answer_end - 1].isspace():
                    answer_end -= 1
                if reading.sentence_end > reading.sentence_start:  # the reader chose the sentence
                    a, b = reading.sentence_start, reading.sentence_end
                else:
                    a, b = sentence_around(text, reading.start, answer_end)
            else:  # nothing readable: offer the passage's first sentence, as a suggestion only
                a, b = sentence_around(text, 0, 0)
            a = past_ranges(text, a, b, held)  # (not the heading a sentence opens with: a man page's "-k --keep")
            if b <= a:
                continue
            features = candidate_features(reading, passage.rank, passage.dense_score, question=question,
                                          sentence=text[a:b], passage=context + text, texts=weighed)
            found.append(_Found(passage, reading, a, b, answer_end, features, text, view, context))
        if "focus_margin" in weighed:
            self._read_focused(question, found, [f for f in found if f.passage in passages[len(passages) - focus_last:]])
        out = []
        for f in found:
            s = max(f.reading.start, f.start)  # (past the heading a sentence opened with; the sentence where the span lay in it)
            short = whole_command(f.text, *whole_words(f.text, s, f.end if f.reading.start < s >= f.answer_end else f.answer_end))
            (a, b), (short_a, short_b) = (f.start, f.end), balanced(f.text, *short)
            if f.view is None:  # a sentence ending in ":" takes in the commands or lines it introduces
                block = block_after(f.text, a, b)
                lines = introduced(f.text, b, block, question, f.text[short_a:short_b]) if block > b else None
                (short_a, short_b), b = lines or (short_a, short_b), block
                b, short_b = min(b, len(f.passage.text)), min(short_b, len(f.passage.text))  # never into ``after``
            else:  # back to the passage's own characters
                (a, b), (short_a, short_b) = f.view.to_passage(a, b), f.view.to_passage(short_a, short_b)
            if b > a:
                probability = self.calibration.probability(f.features) if f.reading.end > f.reading.start else 0.0
                out.append(Candidate(f.passage, f.reading, f.passage.start + a, f.passage.start + b,
                                     f.passage.start + short_a, f.passage.start + short_b, probability, f.features))
        out.sort(key=lambda c: (-c.probability, c.passage.rank))
        return out

    def from_heading(self, question: str, passages: list[Passage], documents: dict[int, Document]) -> Candidate | None:
        """The most probable answer the reader finds in a heading that writes every number the
        question does, and whose short answer writes one more, in a passage whose text, title or
        file name has the question's words (:func:`~qa.section_heads.supported`): the date in
        "* Noteworthy changes in release 1.12 (2022-04-07)" for "When was gzip 1.12 released?",
        never release 1.11's, nor coreutils' 1.12. Release notes and changelogs date their versions
        in headings alone; :meth:`answer` asks for it when nothing else answers or the question
        writes a number, and takes it when it is more probable than the best other answer. None
        when no passage holds a heading (nothing is read again then) or no such answer is found.
        Other headings stay uncitable: they name what follows, and the reader picks one that
        repeats the question's words over the sentence answering it."""
        ranges = {(p.row_id, p.start): passage_headings(self.corpus, p, documents) for p in passages}
        if not any(ranges.values()):
            return None
        for c in self.candidates(question, passages, documents, headings=True):
            held = ranges[c.passage.row_id, c.passage.start]
            if (within_any(c.start - c.passage.start, c.end - c.passage.start, held) and adds_number(question, c.short.text)
                    and heading_answers(question, c.short.text, c.text) and not missing_numbers(question, c.text)
                    and supported(question, c.passage, c.passage.text)):
                return c
        return None

    def from_section(self, question: str, passages: list[Passage], documents: dict[int, Document],
                     known: Sequence[Candidate] = ()) -> tuple[Candidate, Candidate] | None:
        """The most probable answer the reader finds in the heading of a numbered section
        (:func:`~qa.section_heads.numbered_sections`) that writes a number the question does not:
        "1.12" from "* Noteworthy changes in release 1.12 (2022-04-07)" for "In which gzip release
        was gzip -l fixed for files of 4 GiB?", the fix an item far below it. The part of each section
        a passage holds is read for its item that answers best, then each heading with that item's
        paragraph after it, uncited; the two must write every number the question does and its words
        (:func:`~qa.section_heads.supported`). With the item's paragraph; None where none answers.
        A part that is a whole passage already read (one of ``known``, its candidates) is not read again."""
        sections = section_parts(passages, lambda p: self._document(p, documents))
        if not sections:
            return None
        heads: dict[Key, tuple[Candidate, str]] = {}  # the item that answers best and its paragraph, by heading
        found = {where(c.passage): c for c in known}
        fresh = [part for _, part in sections.values() if where(part) not in found]
        found.update((where(c.passage), c) for c in (self.candidates(question, fresh, documents) if fresh else []))
        for item in (found[where(part)] for _, part in sections.values() if where(part) in found):
            head, part = sections[item.passage.row_id, item.passage.chunk_id, item.passage.start]
            lo, hi = item_paragraph(document_of(self.corpus, part, documents).text, item.start, item.end, part.start, part.end)
            heads.setdefault((head.row_id, head.chunk_id, head.start),
                             (replace(item, start=lo, end=hi), part.span.within(lo, hi).text))
        read = {key: h for h, _ in sections.values() if (key := (h.row_id, h.chunk_id, h.start)) in heads}
        for c in self.candidates(question, list(read.values()), documents, headings=True,
                                 after=["\n\n" + heads[key][1] for key in read]):
            item, paragraph = heads[c.passage.row_id, c.passage.chunk_id, c.passage.start]
            if (adds_number(question, c.short.text) and heading_answers(question, c.short.text, c.text)
                    and not missing_numbers(question, f"{c.text} {paragraph}")
                    and supported(question, item.passage, f"{c.text} {paragraph}")):
                return c, item
        return None

    def _document(self, passage: Passage, documents: dict[int, Document]) -> Document | None:
        """``passage``'s document (None when it is gone)."""
        try:
            return document_of(self.corpus, passage, documents)
        except NotFoundError:
            return None

    def _context(self, question: str, passage: Passage, documents: dict[int, Document]) -> str:
        """:func:`section_context` of ``passage`` ("" when its document is gone)."""
        document = self._document(passage, documents)
        return "" if document is None else section_context(document, passage, question)

    def _header_before(self, passage: Passage, documents: dict[int, Document]) -> tuple[list[str] | None, Columns | None]:
        """The column names of a Markdown table, or the columns of a reStructuredText simple table, that ``passage``
        starts inside (its header in an earlier chunk), else None."""
        markdown = passage.text.lstrip(" \t").startswith("|")
        try:
            text = document_of(self.corpus, passage, documents).text[max(0, passage.start - HEADER_REACH):passage.start]
        except NotFoundError:
            return None, None
        return (header_before(text), None) if markdown else (None, rst_header_before(text) if "==" in text else None)

    def _read_focused(self, question: str, found: list[_Found], also: Sequence[_Found] = ()) -> None:
        """The ``focus_margin`` of the calibration's ``focus_top`` readable candidates with the highest sentence margins
        (and of ``also``): the sentence read again with only its neighbours around it (:func:`focus`), the log-probability
        that the answer starts and ends in it minus "no answer" there. A sentence that only restates the question loses to
        the next one when the two are read alone; one that answers it keeps its score. The others get :data:`FOCUS_FLOOR`."""
        for f in found:
            f.features["focus_margin"] = FOCUS_FLOOR
        readable = [f for f in found if f.reading.end > f.reading.start]
        top = sorted(readable, key=lambda f: -f.features["sentence_margin"])[:self.calibration.focus_top]
        top += [f for f in readable if f in also and f not in top]
        margins = focus_margins(self.reader, question, [(f.text, f.start, f.end) for f in top], [f.context for f in top])
        for f, margin in zip(top, margins, strict=True):
            f.features["focus_margin"] = margin

    def answer(self, question: str, passages: list[Passage], *, retrieval_query: str = "",
               threshold: float | None = None) -> Answer:
        """The sentence holding the reader's best span, with that span as the short answer, or an abstention."""
        cfg = replace(self.config, threshold=self.threshold if threshold is None else threshold)
        assert cfg.threshold is not None
        query = retrieval_query or question
        cache: dict[int, Document] = {}
        for rule in RULES:
            if listed := rule(self.corpus, question, passages, cfg, cache, lambda p: self._document(p, cache), query):
                return listed  # the section of release notes that lists it; "New in version 3.8." in its section
        terms = asked_terms(question)  # "What does the -k option of bzip2 do?": the section of "-k --keep", not -f's
        sections = term_sections(question, passages, lambda p: self._document(p, cache)) if terms else []
        items = self.candidates(question, passages + sections, cache, focus_last=len(sections))
        # not another program's ("the --keep option of gzip": bzip2's -k section), nor -d's for -z (-k's section for -k)
        mine = [c for c in items if not terms or not for_another_program(question, c)]
        ranked = items if not terms else [c for c, ok in zip(mine, term_answers(
            question, [(self._document(c.passage, cache), c.start, c.text) for c in mine]), strict=True) if ok and answers_when(
            question, c.short.text, text=c.text) and answers_default(question, c.text) and answers_part(question, c.text)
            and answers_raised(question, c.text)]
        programs: list[Candidate] = []  # each program's own definition, where several define the option asked
        if terms and ranked and ranked[0].probability < DEFINED_CONFIDENCE:
            if (under := past_comment(question, ranked, lambda c: self._document(c.passage, cache))) and (
                    document := self._document(ranked[0].passage, cache)) is not None:  # not "<!-- YAML ..."
                ranked.insert(0, _moved(ranked[0], document, *under))
            if defining(question, (top := ranked[0]).passage, document := self._document(top.passage, cache), top.start, ranked):
                ranked[0] = replace(top, probability=DEFINED_CONFIDENCE)  # "-k --keep"'s own words
                opening = opening_sentence(document, top.start) if document is not None else None
                if opening and document and ((noted := in_declaration(document, top.start)) or opening[0] < top.start):
                    ranked[0:int(noted)] = [_moved(ranked[0], document, *opening)]  # (a prototype or notes: instead)
            elif programs := one_per_program(question, ranked, lambda c: self._document(c.passage, cache)):
                ranked = [replace(c, probability=DEFINED_CONFIDENCE) for c in programs]  # bzip2's -f and time's
        confidence = ranked[0].probability if ranked else 0.0
        support: Candidate | None = None  # the item a section's heading answers for
        if confidence < cfg.threshold or numbers(question) or asks_version(question):
            # a heading's date or version may answer better, one the passage holds or one it lies under; where
            # the question asks which version, an answer without a number is no rival and a heading alone no answer
            rival = max([c.probability for c in ranked if answers_version(question, c.short.text)], default=0.0)
            dated = None if asks_version(question) else self.from_heading(question, passages, cache)
            if dated is not None and dated.probability >= max(cfg.threshold, rival):
                ranked, confidence = [dated], dated.probability
                rival = confidence
            alone = dated is not None and ranked == [dated] and supported(question, dated.passage, dated.text, spare=0)
            headed = None if alone else self.from_section(question, passages, cache, items)  # its heading answers alone
            if headed is not None and headed[0].probability >= max(cfg.threshold, rival):
                ranked, confidence = [headed[0]], headed[0].probability
                # the item it answers for, cited second (with the score of the reading of the two together, not its
                # own as an answer), unless the heading alone answers ("When was 2.3 released?")
                support = None if supported(question, headed[0].passage, headed[0].text, spare=0) else replace(
                    headed[1], probability=confidence)
            elif asks_version(question):  # nor is a sentence whose answer names no version ("Future versions of IBM Z")
                ranked = [c for c in ranked if answers_version(question, c.short.text)]
                confidence = ranked[0].probability if ranked else 0.0
        elsewhere = for_another_program(question, ranked[0]) if ranked else []
        if not ranked or confidence < cfg.threshold or elsewhere:  # (a heading's answer may be another program's)
            seen: set[tuple[int, int, int]] = set()
            suggestions: list[Citation] = []
            for cand in [c for c in items if worth_suggesting(c.text)] or items:
                key = (cand.passage.row_id, cand.start, cand.end)
                if key not in seen and len(suggestions) < cfg.suggestions:
                    seen.add(key)
                    suggestions.append(cite(self.corpus, cand.passage, cand.start, cand.end, cand.probability, cache))
            named = elsewhere or (named_programs(question) if len(mine) < len(items) else [])
            notice = f"the answers found are another program's, not {' or '.join(named)}'s" if named else ""
            return Answer(question, NOT_FOUND, abstained=True, confidence=0.0 if elsewhere else confidence,
                          threshold=cfg.threshold, suggestions=suggestions, retrieval_query=query, notice=notice)
        chosen = [ranked[0]] + ([support] if support is not None else [])
        for cand in ranked[1:]:
            if len(chosen) >= cfg.max_citations or cand.probability < max(cfg.threshold, cfg.second_citation_ratio * confidence):
                break
            if all(cand.text != c.text for c in chosen):  # the same sentence from an overlapping chunk adds nothing
                chosen.append(cand)
        citations = [cite(self.corpus, c.passage, c.start, c.end, c.probability, cache) for c in chosen]
        text = " ".join(f"{c.title + ': ' if programs else ''}{prose(c.text)} [{i}]" for i, c in enumerate(citations, 1))
        return Answer(question, text, abstained=False, confidence=confidence, threshold=cfg.threshold,
                      citations=citations, short=ranked[0].short, retrieval_query=query)


def _moved(c: Candidate, document: Document, start: int, end: int) -> Candidate:
    """``c`` citing ``document``'s sentence at ``[start, end)`` instead, whole, in a passage of its own."""
    return replace(c, passage=narrowed(document, c.passage, start, end), start=start, end=end, answer_start=start, answer_end=end)


def make_answerer(corpus: Corpus, config: AnswerConfig | None = None, *, reader: SpanReader | None = None) -> Answerer:
    """The answerer ``config.answerer`` names (the trained model by default)."""
    config = config or AnswerConfig()
    if config.answerer == "heuristic":
        return ExtractiveAnswerer(corpus, config)
    return ModelAnswerer(corpus, config, reader=reader)
