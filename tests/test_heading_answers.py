"""A heading is never cited, except for a date or version it alone writes: release notes and
changelogs date their versions in headings ("* Noteworthy changes in release 12 (2022-04-07)")."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig, heading_end, heading_ranges
from qa.answers import Answer, Passage
from qa.mismatch import adds_number, unmentioned
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

NEWS = ("GNU frob NEWS\n\n"
        "* Noteworthy changes in release 12 (2022-04-07) [stable]\n\n"
        "** Bug fixes\n\n  The frob tool no longer misreports file lengths.\n\n"
        "* Noteworthy changes in release 11 (2021-09-03) [stable]\n\n"
        "** Changes in behavior\n\n  frob now warns about obsolete options.\n")


def _document(text: str, titles: list[tuple[str, str]]) -> Document:
    """``text`` with a heading at each ``(line start, title)`` pair's line."""
    headings = tuple((text.index(line), 1, title) for line, title in titles)
    return Document("d", "frob/NEWS", "frob", text, (), headings)


def _news() -> Document:
    return _document(NEWS, [("* Noteworthy changes in release 12", "Noteworthy changes in release 12 (2022-04-07) [stable]"),
                            ("** Bug fixes", "Bug fixes"),
                            ("* Noteworthy changes in release 11", "Noteworthy changes in release 11 (2021-09-03) [stable]"),
                            ("** Changes in behavior", "Changes in behavior")])


def _ask(document: Document, question: str) -> tuple[Answer, FakeReader]:
    reader = FakeReader()
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=reader, calibration=FAKE_CALIBRATION)
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)]), reader


def test_adds_number_asks_for_a_number_the_question_does_not_write() -> None:
    assert adds_number("When was gzip 1.12 released?", "2022-04-07")
    assert adds_number("When was gzip 1.12 released?", "1.11")
    assert not adds_number("When was gzip 1.12 released?", "1.12")
    assert not adds_number("How many rows fit in 1,000 pages?", "1000")  # thousands separators ignored
    assert not adds_number("When was gzip released?", "unstable")


def test_unmentioned_words_start_no_word_of_the_text() -> None:
    assert unmentioned("When was bash 6.0 released?", "coreutils/NEWS * Major changes in release 6.0") == ["bash"]
    assert unmentioned("When was gzip 1.12 released?", "gzip/NEWS.gz * Noteworthy changes in release 1.12") == []


def test_a_heading_line_ends_where_little_but_marks_follow_its_title() -> None:
    changelog = "sed (4.9-1) unstable; urgency=medium\n\n  * New upstream version.\n"
    assert changelog[:heading_end(changelog, 0, "sed (4.9-1) unstable")] == "sed (4.9-1) unstable; urgency=medium"
    markdown = "## Usage ##\nText."
    assert markdown[:heading_end(markdown, 0, "Usage")] == "## Usage ##"
    # words after the title: a PDF bookmark placed in a longer line covers its title only
    pdf = "Introduction of the new rules was slow."
    assert heading_end(pdf, 0, "Introduction") == len("Introduction")
    long_tail = "Title; " + "x" * 60 + "\nText."  # marks, but more than HEADING_TAIL characters
    assert heading_end(long_tail, 0, "Title") == len("Title")
    document = Document("c", "sed/changelog.Debian", "sed", changelog, (), ((0, 1, "sed (4.9-1) unstable"),))
    passage = Passage(chunk_id=1, span=Span(1, "c", "x", "x", 0, len(changelog), changelog), score=1.0, rank=0)
    assert heading_ranges(document, passage) == [(0, len("sed (4.9-1) unstable; urgency=medium"))]


def test_a_date_only_a_heading_writes_answers_when_no_sentence_does() -> None:
    answer, reader = _ask(_news(), "When were noteworthy changes in release 12?")
    assert not answer.abstained and answer.short is not None and answer.short.text == "2022-04-07"
    citation = answer.citations[0]
    assert citation.text == "* Noteworthy changes in release 12 (2022-04-07) [stable]"
    assert NEWS[citation.start:citation.end] == citation.text
    assert reader.calls == 2  # read again, with the headings citable, after nothing else answered


def test_a_heading_of_another_version_never_answers() -> None:
    """The reader's best heading answer for release 13 is "12" from release 12's heading, which
    never writes 13: refused."""
    answer, reader = _ask(_news(), "When were noteworthy changes in release 13?")
    assert answer.abstained and reader.calls == 2


def test_a_heading_without_a_new_number_is_never_cited() -> None:
    text = "# Frob\n\n## Installing on Linux systems\n\nRun make in the source folder.\n"
    document = _document(text, [("# Frob", "Frob"), ("## Installing", "Installing on Linux systems")])
    answer, reader = _ask(document, "What about installing on Linux?")
    assert answer.abstained and reader.calls == 2


@pytest.mark.parametrize("question", ["When were noteworthy changes in release 12?", "Who wrote the frob NEWS?"])
def test_without_headings_the_passages_are_read_once(question: str) -> None:
    answer, reader = _ask(Document("d", "frob/NEWS", "frob", NEWS), question)
    assert reader.calls == 1


def test_a_sentence_that_answers_keeps_the_heading_unread() -> None:
    answer, reader = _ask(_news(), "What does the frob tool no longer misreport?")
    assert not answer.abstained and answer.citations[0].text == "The frob tool no longer misreports file lengths."
    assert reader.calls == 1


def test_a_heading_of_a_passage_that_never_names_the_questions_program_never_answers() -> None:
    """Release 12's heading of frob's NEWS holds the date, but the question asks about gzip, which
    neither the passage, its title nor its file name writes."""
    answer, reader = _ask(_news(), "When were noteworthy changes in release 12 of gzip?")
    assert answer.abstained and reader.calls == 2
    assert not _ask(_news(), "When were noteworthy changes in release 12 of frob?")[0].abstained


@pytest.mark.parametrize(("said", "cited"), [
    ("See the ChangeLog for noteworthy changes in release history, all made public.",
     "* Noteworthy changes in release 12 (2022-04-07) [stable]"),
    ("Noteworthy changes in release 12 made public on 2022-04-08 by mail.",
     "Noteworthy changes in release 12 made public on 2022-04-08 by mail."),
])
def test_a_question_with_a_number_takes_the_heading_s_answer_when_it_is_more_probable(said: str, cited: str) -> None:
    """A sentence answers (the fake reader's run of 4 question words, p 0.73; of 7, p 0.98), but
    the question writes a number, so the headings are read too: release 12's heading (a run of
    5, p 0.88) is cited over the weaker sentence, never over the stronger one."""
    text = NEWS.replace("  The frob tool no longer", f"  {said}\n  The frob tool no longer")
    document = _document(text, [("* Noteworthy changes in release 12", "Noteworthy changes in release 12 (2022-04-07) [stable]"),
                                ("* Noteworthy changes in release 11", "Noteworthy changes in release 11 (2021-09-03) [stable]")])
    answer, reader = _ask(document, "When were noteworthy changes in release 12 made public?")
    assert answer.citations[0].text == cited and reader.calls == 4  # and its sentences under their release's heading
