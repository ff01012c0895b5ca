"""The reader reads the headings a passage lies under before it (never cited): release notes say
"git shortlog learned ..." while the version a question names is only in the notes' title."""

from __future__ import annotations

import re

import pytest

from index.documents import Document, Span
from index.sections import markdown_headings
from qa.answerer import AnswerConfig
from qa.answers import Passage
from qa.model_answerer import ModelAnswerer, shifted
from qa.reader import Calibration, Reading
from qa.section_heads import section_context
from tests.test_answerers import DictCorpus

NOTES = ("# Git v2.39 Release Notes\n\n## UI, Workflows & Features\n\n"
         " * git grep learned to expand the sparse index lazily.\n\n"
         " * git shortlog learned to group by the format string.\n")
QUESTION = "What did git shortlog learn in Git 2.39?"


class VersionReader:
    """Like the trained reader: sure of the word after "shortlog learned to" only when the text it
    reads names the question's version; it records what it was given."""

    def __init__(self) -> None:
        self.read_texts: list[str] = []
        self.read_uncitable: list[list[tuple[int, int]]] = []

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages, uncitable=None):  # noqa: ANN001, ANN201
        version = re.search(r"\d+\.\d+", question)
        out = []
        for i, text in enumerate(passages):
            self.read_texts.append(text)
            self.read_uncitable.append(list(uncitable[i]) if uncitable else [])
            at = text.find("shortlog learned to ")
            if at < 0:
                out.append(Reading(i, 0, 0, -10.0, 0.0, -5.0))
                continue
            start = at + len("shortlog learned to ")
            end = text.index(" ", start)
            sure = version is not None and version.group() in text
            out.append(Reading(i, start, end, 9.0 if sure else -3.0, 0.0, 5.0 if sure else -5.0))
        return out


def _document() -> Document:
    return Document("n", "/rel/2.39.0.txt", "Git v2.39 Release Notes", NOTES, (), markdown_headings(NOTES))


def _passage(document: Document, start: int) -> Passage:
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    return Passage(chunk_id=1, span=span.within(start, len(document.text)), score=1.0, rank=0)


def test_the_context_is_the_headings_above_the_passage_that_it_does_not_hold() -> None:
    document = _document()
    assert section_context(document, _passage(document, NOTES.index(" * git grep")), QUESTION) == \
        "Git v2.39 Release Notes\nUI, Workflows & Features\n\n"
    assert section_context(document, _passage(document, NOTES.index("## UI")), QUESTION) == "Git v2.39 Release Notes\n\n"
    assert section_context(document, _passage(document, 0), QUESTION) == ""  # the passage holds its headings
    plain = Document("p", "p.txt", "P", "No headings here.")
    assert section_context(plain, _passage(plain, 3), QUESTION) == ""


def test_the_context_is_read_only_when_it_names_what_the_question_asks_and_the_passage_lacks() -> None:
    document = _document()
    passage = _passage(document, NOTES.index(" * git grep"))
    # every word of the question is in the passage: the titles add nothing it needs
    assert section_context(document, passage, "What did git shortlog learn?") == ""
    # a word the passage lacks ("rust") that the titles lack too
    assert section_context(document, passage, "What did git shortlog learn about Rust?") == ""
    # one the titles hold ("features"; "2.39" above)
    assert section_context(document, passage, "Which features did git grep learn?") != ""


def test_a_reading_shifted_back_keeps_an_empty_reading_empty() -> None:
    reading = Reading(0, 30, 36, 1.0, 0.0, 1.0, 25, 40, 2.0)
    assert shifted(reading, 10) == Reading(0, 20, 26, 1.0, 0.0, 1.0, 15, 30, 2.0)
    empty = Reading(0, 0, 0, -1.0, 0.0, -1.0)
    assert shifted(empty, 10) == empty and shifted(reading, 0) is reading


@pytest.mark.parametrize("missing_numbers_weight", [0.0, -12.0])  # -12: refused were "2.39" unseen
def test_the_reader_reads_the_title_before_the_passage_and_cites_the_passage_exactly(
        missing_numbers_weight: float) -> None:
    document = _document()
    passage = _passage(document, NOTES.index(" * git grep"))
    reader = VersionReader()
    calibration = Calibration(bias=-1.0, weights=(("margin", 1.0), ("missing_numbers", missing_numbers_weight),
                                                  ("focus_margin", 0.0)), threshold=0.5)  # weighed: read focused
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=reader, calibration=calibration)
    answer = answerer.answer(QUESTION, [passage])
    context = "Git v2.39 Release Notes\nUI, Workflows & Features\n\n"
    assert reader.read_texts[0] == context + passage.text  # the title, then the passage
    assert reader.read_uncitable[0][0] == (0, len(context))  # never cited
    assert not answer.abstained  # "2.39" (a number the question names) was read, in the title
    citation = answer.citations[0]
    assert citation.text == "* git shortlog learned to group by the format string."
    assert NOTES[citation.start:citation.end] == citation.text
    assert answer.short_answer == "group" and answer.short_answer_span is not None
    assert NOTES[answer.short_answer_span[0]:answer.short_answer_span[1]] == "group"
    assert citation.section == "Git v2.39 Release Notes › UI, Workflows & Features"
    # the focused second reading (the sentence and its neighbours) reads the context first too; the
    # readings after it are of the numbered section's heading, "Git v2.39 Release Notes" (qa.section_heads)
    assert reader.read_texts[1].startswith(context) and len(reader.read_texts[1]) < len(reader.read_texts[0])
    assert any(text.startswith("# Git v2.39 Release Notes\n\n") for text in reader.read_texts[2:])
    # without headings the reader never sees the version, and refuses
    bare = Document("n", "/rel/2.39.0.txt", "Git v2.39 Release Notes", NOTES)
    refused = ModelAnswerer(DictCorpus({1: bare}), AnswerConfig(), reader=VersionReader(),
                            calibration=calibration).answer(QUESTION, [_passage(bare, NOTES.index(" * git grep"))])
    assert refused.abstained
