"""Yes-or-no questions (``qa.yes_no``): the first retrieved sentence that writes the question's words
(the document's name and "support" aside) is the evidence, whichever way it answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.documents import Document, Span
from index.loaders import parse_document
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.model_answerer import ModelAnswerer
from qa.yes_no import YES_NO_CONFIDENCE, _code_blocks, _form_of, _name_stems, _prose, asked_words, statement, yes_no_answer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus


@pytest.mark.parametrize(("question", "asked"), [
    ("Does rich work on Windows?", (["rich", "work", "windows"], [])),
    ("Can python-dotenv read from named pipes?", (["python", "dotenv", "read", "named", "pipes"], [])),
    ("Does charset-normalizer support Python 3.6?", (["charset", "normalizer", "support", "python"], ["3.6"])),
    ("Does httpx2 support HTTP/2?", (["httpx2", "support", "http"], ["2"])),  # (not the 2 of httpx2)
    ("Is sortedcontainers still written in pure Python?", (["sortedcontainers", "written", "pure", "python"], [])),
    ("Does sortedcontainers need a C compiler?", (["sortedcontainers", "need", "compiler"], [])),  # (no letter alone)
    ("Is there a way to sort keys?", None),  # (asks for a thing, not a statement)
    ("What does rich do?", None), ("How do I install rich?", None),
    ("Is it?", None), ("Does rich?", None),  # (fewer than two words)
])
def test_asked_words_are_a_yes_or_no_question_s_content_words_and_numbers(
        question: str, asked: tuple[list[str], list[str]] | None) -> None:
    assert asked_words(question) == asked


@pytest.mark.parametrize(("question", "names", "sentence", "states"), [
    ("Does rich work on Windows?", {"rich"}, "Rich works with Linux, macOS and Windows.", True),
    ("Does rich work on Windows?", {"rich"}, "It works with Linux, macOS and Windows.", True),  # (its name: a pronoun)
    ("Does rich work on Windows?", {"other"}, "It works with Linux, macOS and Windows.", False),  # (not its name)
    ("Does rich work on Windows?", {"rich"}, "It works on Linux.", False),  # (a word missing)
    ("Can python-dotenv read from named pipes?", {"python", "dotenv"},
     "Reading from FIFOs (named\npipes) on Unix systems is also supported.", True),  # (no subject at all)
    ("Does typer support shell completion?", {"typer"}, "Automatic completion for all shells.", True),  # ("support" aside)
    ("Does tqdm support pandas?", {"tqdm"}, "Pandas works too.", False),  # (one word of them: too few)
    ("Does orjson support PyPy?", {"orjson"}, "To install a wheel from PyPI, install the orjson package.", False),  # (PyPI)
    ("Does orjson support PyPy?", {"orjson"}, "orjson does not and will not support PyPy.", True),  # (no: the evidence too)
    ("Does charset-normalizer support Python 3.6?", {"charset", "normal"}, "- Python 3.6: charset-normalizer < 3.1", True),
    ("Does charset-normalizer support Python 3.6?", {"charset", "normal"}, "- Python 3.16: charset-normalizer", False),
    ("Does charset-normalizer support Python 3.6?", {"charset", "normal"}, "- Python 13.6: charset-normalizer", False),
    ("Does charset-normalizer support Python 3.6?", {"charset", "normal"}, "- Python 3.6.1: charset-normalizer", False),
    ("Does charset-normalizer support Python 3.6?", {"charset", "normal"}, "- Python 1.3.6: charset-normalizer", False),
    ("Does httpx2 support HTTP/2?", {"httpx2"}, "It has support for both HTTP/1.1 and HTTP/2.", True),
    ("Does httpx2 support HTTP/2?", {"httpx2"}, "Install it with `httpx2[http]`.", False),  # (httpx2's 2 is no number)
    ("Does tqdm support Excel?", {"tqdm"}, "See this excellent article on progress bars.", False),  # ("excellent": "excel")
])
def test_a_statement_writes_every_word_asked_but_the_document_s_name_and_support(
        question: str, names: set[str], sentence: str, states: bool) -> None:
    asked = asked_words(question)
    assert asked is not None
    assert statement(*asked, names, sentence) is states


@pytest.mark.parametrize(("word", "other", "same"), [
    ("support", "supported", True), ("library", "libraries", True), ("serialize", "serialization", True),
    ("run", "running", True), ("window", "windows", True), ("compile", "compilation", True), ("rich", "rich", True),
    ("excel", "excellent", False), ("pypy", "pypi", False), ("general", "generous", False),  # (one stem each pair)
])
def test_words_of_one_stem_are_forms_of_one_word_only_by_their_endings(word: str, other: str, same: bool) -> None:
    assert _form_of(word, other) is same and _form_of(other, word) is same


def test_a_document_s_name_is_its_title_its_file_s_and_its_folder_s() -> None:
    document = Document("d", "/docs/orjson/python_dotenv.md", "Thread-pool Controls", "x", (), ())
    assert {"orjson", "python", "dotenv", "thread", "pool", "control"} <= _name_stems(document)


README = """# rich

- [Compatibility](#compatibility)
- [Windows support](#windows-support)

## Will it work on Windows 95?

It does.

## Windows support

See below.

    >>> rich.print("works on Windows")
    Works on Windows.

## Compatibility

```python
import rich  # works on Windows
```

Rich works with Linux, macOS and Windows. True color works with new Windows Terminal.

Rich requires Python 3.8 or later.
"""


def _markdown(text: str = README, source: str = "/docs/rich/README.md") -> Document:
    return parse_document(text.encode(), Path(source))


def test_headings_questions_links_and_code_are_no_statements() -> None:
    document = _markdown()
    code = _code_blocks(document)
    for line in ("- [Windows support](#windows-support)", "Will it work on Windows 95?", "import rich  # works on Windows",
                 "## Windows support", '>>> rich.print("works on Windows")\n    Works on Windows.',
                 "Rich works with Linux, macOS and Windows."):
        at = document.text.index(line)
        assert _prose(document, at, at + len(line), code) is line.startswith("Rich"), line


RST = """tqdm
====

Keras Integration
~~~~~~~~~~~~~~~~~

.. code:: python

    class tqdm.keras.TqdmCallback(keras.callbacks.Callback):
        \"\"\"Keras callback for epoch and batch progress.\"\"\"

A ``keras`` callback is also available::

    from tqdm.keras import TqdmCallback

.. note::

    Keras support works with TensorFlow 2.

Dask Integration
~~~~~~~~~~~~~~~~

Progress for Dask's tasks.

Does it support Ray?
~~~~~~~~~~~~~~~~~~~~

Not yet. An example of Dask's::

    tqdm.dask.TqdmCallback()
"""


def test_restructuredtext_code_directives_and_literal_blocks_are_code_to_their_end() -> None:
    document = Document("d", "/docs/tqdm/README.rst", "tqdm", RST, (), ())
    blocks = [RST[a:b] for a, b in _code_blocks(document)]
    assert blocks == [RST[RST.index(".. code::"):RST.index("A ``keras``")],
                      RST[RST.index("A ``keras``"):RST.index(".. note::")],  # (a note is prose, the code's end its dedent)
                      RST[RST.index("Not yet."):]]  # (to the end of the document)


def test_a_restructuredtext_underline_of_tildes_opens_no_code_block() -> None:
    text = ("tqdm\n====\n\nPandas Integration\n~~~~~~~~~~~~~~~~~~\n\nWe've added support for ``pandas``.\n\n"
            "Keras Integration\n~~~~~~~~~~~~~~~~~\n\nA callback is there too.\n")
    document = Document("d", "/docs/tqdm/README.rst", "tqdm", text, (), ())
    assert _code_blocks(document) == []
    assert _code_blocks(_markdown("# x\n\n~~~~\ncode\n~~~~\n")) == [(5, 19)]


def _ask(question: str, document: Document, config: AnswerConfig | None = None) -> Answer:
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    answerer = ModelAnswerer(DictCorpus({1: document}), config or AnswerConfig(), reader=FakeReader(),
                             calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "cited"), [
    ("Does rich work on Windows?", "Rich works with Linux, macOS and Windows."),  # (not the link, heading or code)
    ("Does rich require Python 3.8?", "Rich requires Python 3.8 or later."),
    ("Does it need Python 3.8?", None),  # ("need": not written)
    ("Does rich require Python 3.9?", None),  # (another number)
    ("Does rich support colour?", None),
])
def test_the_first_sentence_stating_a_yes_or_no_question_answers(question: str, cited: str | None) -> None:
    document = _markdown()
    if cited is None:
        span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
        passages = [Passage(chunk_id=1, span=span, score=1.0, rank=0)]
        assert yes_no_answer(DictCorpus({1: document}), question, passages, AnswerConfig(threshold=0.5), {},
                             lambda p: document) is None
        return
    answer = _ask(question, document)
    assert not answer.abstained and answer.confidence == YES_NO_CONFIDENCE, answer
    assert [c.text for c in answer.citations] == [cited] and answer.text == f"{cited} [1]"
    assert all(document.text[c.start:c.end] == c.text for c in answer.citations)


@pytest.mark.parametrize(("question", "cited"), [
    ("Does tqdm support Keras?", "Keras support works with TensorFlow 2."),  # (a sentence first; not the code)
    ("Does tqdm support Dask?", "Progress for Dask's tasks."),  # (the section whose heading says so: its opening)
    ("Does tqdm support Dask arrays?", None),  # (the heading does not write "arrays")
    ("Does tqdm support Ray?", None),  # (a FAQ's question: the FAQ rule's)
])
def test_a_section_whose_heading_says_so_answers_where_no_sentence_does(question: str, cited: str | None) -> None:
    document = parse_document(RST.encode(), Path("/docs/tqdm/README.rst"))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    passages = [Passage(chunk_id=1, span=span, score=1.0, rank=0)]
    found = yes_no_answer(DictCorpus({1: document}), question, passages, AnswerConfig(threshold=0.5), {}, lambda p: document)
    assert (found.citations[0].text if found else None) == cited
    assert found is None or found.citations[0].section.endswith(question.split()[-1].rstrip("?").title() + " Integration")


def test_a_threshold_over_its_confidence_leaves_the_question_to_the_reader() -> None:
    document = _markdown()
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    passages = [Passage(chunk_id=1, span=span, score=1.0, rank=0)]
    corpus = DictCorpus({1: document})
    for threshold, answers in ((YES_NO_CONFIDENCE, True), (YES_NO_CONFIDENCE + 0.01, False)):
        found = yes_no_answer(corpus, "Does rich work on Windows?", passages, AnswerConfig(threshold=threshold), {},
                              lambda p: document)
        assert (found is not None) is answers


@pytest.mark.integration
def test_a_readme_answers_a_yes_or_no_question_across_processes(tmp_path: Path) -> None:
    """`qa index` a folder of READMEs, then `qa ask` in other processes: the statement is cited, a
    question nothing states is refused, and a statement added is found after the next `qa index`."""
    from tests.processes import indexed, qa

    docs, store = indexed(tmp_path, {"rich/README.md": README,
                                     "guide.md": "# Squeezing guide\n\nLog files grow; squeezing keeps them small.\n"})
    asked = qa("ask", "--store", str(store), "--json", "Does rich work on Windows?", cwd=tmp_path)
    answer = json.loads(asked.stdout)
    assert asked.returncode == 0 and not answer["abstained"], asked.stdout
    assert answer["citations"][0]["text"] == "Rich works with Linux, macOS and Windows."
    refused = qa("ask", "--store", str(store), "--json", "Does rich run on Android?", cwd=tmp_path)
    assert json.loads(refused.stdout)["abstained"], refused.stdout
    (docs / "rich" / "README.md").write_text(README + "\nRich runs on Android phones as well.\n")
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0 and "1 updated" in again.stdout, again.stderr
    asked = qa("ask", "--store", str(store), "--json", "Does rich run on Android?", cwd=tmp_path)
    assert json.loads(asked.stdout)["citations"][0]["text"] == "Rich runs on Android phones as well.", asked.stdout
