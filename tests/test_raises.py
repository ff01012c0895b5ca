"""What a call raises (``qa.raises``): the sentences of the call's section that say an exception
is raised answer, the one naming the exception or the condition asked first."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.model_answerer import ModelAnswerer
from qa.raises import RAISE_CONFIDENCE, answers_raised, asks_raised
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

TITLES = ("Library", "list.index(x[, start[, end]])", "tarfile.open(name=None, mode='r')", "hasattr(object, name)",
          "int(x, base=10)", "ZipFile.open(name, mode='r')")
TEXT = (f"{TITLES[0]}\n\n{TITLES[1]}\n\nReturn the index of the first item whose value is equal to x. Raises a "
        f"ValueError if there is no such item.\n\n{TITLES[2]}\n\nReturn a TarFile object for the pathname name. If "
        "mode is not suitable to open the file, a ReadError is raised. If a compression method is not supported, "
        f"CompressionError is raised.\n\n{TITLES[3]}\n\nThe result is True if the string is the name of one of the "
        "object's attributes. (This is implemented by calling getattr(object, name) and seeing whether it raises an "
        f"AttributeError or not.)\n\n{TITLES[4]}\n\nReturn an integer object. A ValueError is raised when the limit "
        f"is exceeded.\n\n{TITLES[5]}\n\nAccess a member of the archive.\n\nChanged in version 3.6: Calling open() "
        "on a closed ZipFile will raise a ValueError.\n\n>>> raise KeyError('x')\n\nIf name is not in the archive, "
        "KeyError is raised.\n")


def _ask(question: str, config: AnswerConfig | None = None) -> Answer:
    document = Document("d", "python3/library.html", "Library", TEXT, (),
                        tuple((TEXT.index(t), 1 if i == 0 else 2, t) for i, t in enumerate(TITLES)))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(TEXT), TEXT)
    answerer = ModelAnswerer(DictCorpus({1: document}), config or AnswerConfig(), reader=FakeReader(),
                             calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "asks"), [
    ("What exception does list.index() raise?", True), ("Which errors can json.loads() raise?", True),
    ("When does tarfile.open() raise CompressionError?", True), ("What does fs.mkdir() throw?", True),
    ("Which exception does list.index() raise when the item is missing?", True),
    ("What does the errors argument of open() do?", False),  # (a part)
    ("What does list.index() do?", False), ("When was list.index() added?", False),
    ("What exception is raised when a list is empty?", False),  # (no call named)
])
def test_asks_raised_is_a_question_of_what_a_call_raises(question: str, asks: bool) -> None:
    assert asks_raised(question) is asks


@pytest.mark.parametrize(("question", "cited", "short"), [
    ("What exception does list.index() raise?", ["Raises a ValueError if there is no such item."], "ValueError"),
    ("Which exception does list.index() raise when the item is missing?",  # (the condition's words are written)
     ["Raises a ValueError if there is no such item."], "ValueError"),
    ("When does tarfile.open() raise CompressionError?",  # (the one naming the exception asked)
     ["If a compression method is not supported, CompressionError is raised."], "CompressionError"),
    ("Which errors can tarfile.open() raise?", ["If mode is not suitable to open the file, a ReadError is raised.",
                                                "If a compression method is not supported, CompressionError is raised."],
     "ReadError"),
    ("What exception does ZipFile.open() raise?",  # (a version line after the others; not an example)
     ["If name is not in the archive, KeyError is raised.",
      "Changed in version 3.6: Calling open() on a closed ZipFile will raise a ValueError."], "KeyError"),
])
def test_the_sentences_that_say_what_a_call_raises_answer(question: str, cited: list[str], short: str) -> None:
    answer = _ask(question)
    assert not answer.abstained and answer.confidence == RAISE_CONFIDENCE, question
    assert [c.text for c in answer.citations] == cited and answer.short_answer == short, question
    assert all(TEXT[c.start:c.end] == c.text for c in answer.citations)


def test_one_citation_where_the_config_allows_one() -> None:
    answer = _ask("Which errors can tarfile.open() raise?", AnswerConfig(max_citations=1))
    assert [c.text for c in answer.citations] == ["If mode is not suitable to open the file, a ReadError is raised."]


@pytest.mark.parametrize("question", [
    "What exception does hasattr() raise?",  # (an aside: what getattr() raises)
    "What does int() raise if the string is not a valid integer?",  # (no sentence writes the condition asked)
    "When does list.index() raise KeyError?",  # (no sentence names it)
    "What exception does list.index() raise for an item whose value is equal?",  # (nor the reader's "Return ...")
])
def test_what_the_section_does_not_say_is_not_answered_by_the_rule(question: str) -> None:
    answer = _ask(question)
    assert answer.confidence != RAISE_CONFIDENCE, question
    assert all(answers_raised(question, c.text) for c in answer.citations)  # (the reader's, where it answers)


def test_the_reader_s_sentence_answers_what_a_call_raises_only_where_it_says_one_is_raised() -> None:
    question = "What exception does list.index() raise?"
    assert answers_raised(question, "Raises a ValueError if there is no such item.")
    assert not answers_raised(question, "Return the index of the first item whose value is equal to x.")
    assert not answers_raised(question, ">>> raise KeyError('x')")
    assert answers_raised("What does list.index() do?", "Return the index of the first item.")
