"""Which versions of Python (or of another thing) a package supports or needs
(``qa.supported_versions``): "What Python versions does kestrel support?" is answered by the
sentence of kestrel's README that says so ("Kestrel requires Python 3.9+."), not by one that names
Python without a version, a change's note or a feature's condition; refused where kestrel's README
writes no version of Python."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.documents import Document, Span
from index.sections import markdown_headings
from qa.answerer import NOT_FOUND, AnswerConfig
from qa.answers import Answer, Passage
from qa.model_answerer import ModelAnswerer
from qa.supported_versions import VERSIONS_CONFIDENCE, VersionsAsked, asked_version_check, asked_versions_of, supporting
from tests.conftest import FakeReader
from tests.processes import indexed, qa
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

README = ("# Kestrel\n\nKestrel is a log parser for Python 3.\n\n"
          "* Threads in parsers (on Python 3.13 and later)\n\n"
          "## Requirements\n\nKestrel requires [Python 3.9+](https://www.python.org/) and "
          "**[PyTorch 2.2+](https://pytorch.org)**.\n\n"
          "## Changelog\n\n### 2.0 (2026-01-02)\n\n- Drop support for Python 3.8.\n- Kestrel now requires Python 3.9 or later.\n")
PELICAN = "# Pelican\n\n[![Supported Python Version](https://img.shields.io/pypi/pyversions/pelican.svg)](https://pypi.org)\n\n" \
          "Pelican parses logs in Python.\n"


def _documents() -> dict[int, Document]:
    return {n: Document(f"d{n}", source, title, text, (), markdown_headings(text))
            for n, (source, title, text) in enumerate([("/docs/kestrel/README.md", "Kestrel", README),
                                                       ("/docs/pelican/README.md", "Pelican", PELICAN)], 1)}


def _answer(question: str, config: AnswerConfig | None = None, rows: tuple[int, ...] = (2, 1)) -> Answer:
    documents = _documents()
    passages = [Passage(chunk_id=n, span=Span(n, documents[n].doc_id, documents[n].source, documents[n].title, 0,
                                              len(documents[n].text), documents[n].text), score=1.0, rank=r)
                for r, n in enumerate(rows)]
    answerer = ModelAnswerer(DictCorpus(documents), config or AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, passages)


def _cited(question: str, config: AnswerConfig | None = None, rows: tuple[int, ...] = (2, 1)) -> str | None:
    """The text cited for ``question`` where the rule answers it, else None."""
    answer = _answer(question, config, rows)
    if answer.confidence != VERSIONS_CONFIDENCE:
        return None
    cited = answer.citations[0]
    assert README[cited.start:cited.end] == cited.text and cited.source == "/docs/kestrel/README.md"
    return cited.text


@pytest.mark.parametrize(("question", "asked"), [
    ("What Python versions does httpx support?", VersionsAsked("Python", "httpx")),
    ("Which version of Python does gradio require?", VersionsAsked("Python", "gradio")),
    ("What versions of Python does orjson support?", VersionsAsked("Python", "orjson")),
    ("What is the minimum Python version for pytest?", VersionsAsked("Python", "pytest")),
    ("What is the minimum supported Python version of fonttools?", VersionsAsked("Python", "fonttools")),
    ("What's the minimum version of Node.js for npm?", VersionsAsked("Node.js", "npm")),
    ("What Python versions are supported by requests?", VersionsAsked("Python", "requests")),
    ("Which Python does httpx require?", VersionsAsked("Python", "httpx")),  # (a thing known to have versions)
    ("Which transformers version does sentence-transformers require?", VersionsAsked("transformers", "sentence-transformers")),
    ("What version of PyTorch does `kestrel` need?", VersionsAsked("PyTorch", "kestrel")),
    ("What license does fastapi use?", None), ("What platforms does blingfire support?", None),  # (no versions asked)
    ("What is the latest version of Cargo?", None), ("What version does kestrel need?", None),  # (not of a thing)
    ("What Python version does the very big old log parser require?", None),  # (a package of too many words)
    ("What Python versions are supported?", VersionsAsked("Python", "")),  # (no package named)
    ("Which version of Python is required?", VersionsAsked("Python", "")),
    ("What is the minimum supported version of Python?", VersionsAsked("Python", "")),
    ("Which Python version do I need?", VersionsAsked("Python", "")),
    ("What versions are supported?", None),  # (not of a thing)
    ("How do I install kestrel?", None),
])
def test_which_versions_a_question_asks(question: str, asked: VersionsAsked | None) -> None:
    assert asked_versions_of(question) == asked


@pytest.mark.parametrize(("question", "asked"), [
    ("Does httpx support Python 3.8?", VersionsAsked("Python", "httpx")),
    ("Does rich still work with Python 3.7?", VersionsAsked("Python", "rich")),
    ("Is gradio compatible with Python 3.9?", VersionsAsked("Python", "gradio")),
    ("Can I use joblib with Python 3.8?", VersionsAsked("Python", "joblib")),
    ("Is Python 3.7 supported by idna?", VersionsAsked("Python", "idna")),
    ("Does orjson work with numpy 2?", VersionsAsked("numpy", "orjson")),
    ("Does orjson support PyPy?", None),  # (no version asked: qa.yes_no's)
    ("What Python versions does httpx support?", None),
])
def test_whether_a_version_is_supported_a_question_asks(question: str, asked: VersionsAsked | None) -> None:
    assert asked_version_check(question) == asked


@pytest.mark.parametrize(("text", "cited"), [
    ("HTTPX is a client for Python 3.\n\nHTTPX requires Python 3.9+.\n", "HTTPX requires Python 3.9+."),  # (not "for Python 3.")
    ("## Requirements\n\nPython 3.10+\n", "Python 3.10+"),  # (a requirement's line: the least)
    ("orjson supports CPython 3.10, 3.11 and 3.12.\n", "orjson supports CPython 3.10, 3.11 and 3.12."),
    ("Python 3 (>= 3.3) is supported.\n", "Python 3 (>= 3.3) is supported."),
    ("Joblib supports Python >= 3.10.\n", "Joblib supports Python >= 3.10."),
    ("It is tested with Python versions 3.9-3.12, and installed\nwith:\n```\npip install it\n```\n",
     "It is tested with Python versions 3.9-3.12, and installed\nwith:"),  # (not into the code block)
    ("X requires `Python <http://www.python.org/>`__ 3.11\nor later.\n",
     "X requires `Python <http://www.python.org/>`__ 3.11\nor later."),  # (an RST link between)
    ("- Tested on CPython 2.7, 3.5 and PyPy\n", "- Tested on CPython 2.7, 3.5 and PyPy"),  # ("on" after a verb)
    ("* Subinterpreters (on Python 3.13 and later)\n", None),  # (a feature's condition)
    ("Drop support for Python 3.8.\n", None), ("Python 2 is no longer supported.\n", None),  # (changes)
    ("CI measures coverage on one cell (Python 3.10 / Torch 2.12).\n", None),  # (neither supported nor the least)
    ("    '/usr/lib/python3.7/site-packages/x.pem'\n", None),  # (a path's "python3.7")
    ("The library is for Python.\n", None),
])
def test_the_sentence_that_says_which_versions(text: str, cited: str | None) -> None:
    document = Document("d", "/docs/x/README.md", "X", text, (), markdown_headings(text))
    span = supporting("Python", document)
    assert (None if span is None else text[span[0]:span[1]]) == cited


def test_a_release_s_notes_answer_only_where_nothing_else_does_and_with_requires() -> None:
    text = ("# X\n\nX parses.\n\n## 1.2.0 (2026-01-02)\n\n"
            "- Require attrs only for Python 3.5.\n- X now requires Python 3.9 or later.\n")
    document = Document("d", "/docs/x/README.md", "X", text, (), markdown_headings(text))
    span = supporting("Python", document)
    assert span is not None and text[span[0]:span[1]] == "- X now requires Python 3.9 or later."
    before = f"# X\n\nX supports Python 3.8+.\n\n{text[4:]}"
    document = Document("d", "/docs/x/README.md", "X", before, (), markdown_headings(before))
    span = supporting("Python", document)
    assert span is not None and before[span[0]:span[1]] == "X supports Python 3.8+."


@pytest.mark.parametrize(("question", "cited"), [
    ("What Python versions does kestrel support?", "Kestrel requires [Python 3.9+](https://www.python.org/) and "
                                                   "**[PyTorch 2.2+](https://pytorch.org)**."),
    ("Which version of PyTorch does kestrel need?", "Kestrel requires [Python 3.9+](https://www.python.org/) and "
                                                    "**[PyTorch 2.2+](https://pytorch.org)**."),
    ("What Node.js version does kestrel require?", None),  # (nothing said of Node.js: the reader reads)
])
def test_the_sentence_of_the_package_named_answers(question: str, cited: str | None) -> None:
    assert _cited(question) == cited


def test_whether_a_version_is_supported_is_answered_by_the_sentence_saying_which() -> None:
    assert _cited("Does kestrel support Python 3.7?") == _cited("What Python versions does kestrel support?") is not None
    # a statement writing the version asked answers first (qa.yes_no)
    assert _answer("Does kestrel support Python 3.8?").citations[0].text == "- Drop support for Python 3.8."
    refused = _answer("Is pelican compatible with Python 3.8?", rows=(2,))
    assert refused.abstained and refused.notice == "Pelican writes no version of Python"


def test_naming_no_package_the_first_retrieved_document_that_says_so_answers() -> None:
    answer = _answer("What Python versions are supported?", rows=(2, 1))  # (pelican's README says nothing: kestrel's)
    assert answer.confidence == VERSIONS_CONFIDENCE and answer.citations[0].source == "/docs/kestrel/README.md"
    assert answer.citations[0].text.startswith("Kestrel requires [Python 3.9+]")
    refused = _answer("Which version of Python is required?", rows=(2,))
    assert not refused.notice and refused.confidence != VERSIONS_CONFIDENCE  # (none refused: the reader reads)


def test_refused_where_the_package_s_document_writes_no_version() -> None:
    answer = _answer("What Python versions does pelican support?", rows=(2,))
    assert answer.abstained and answer.text == NOT_FOUND and answer.confidence == 0.0
    assert answer.notice == "Pelican writes no version of Python"
    # a retrieved passage that writes one is left to the reader: it may answer
    assert not _answer("What Python versions does pelican support?", rows=(2, 1)).notice
    assert not _answer("What Python versions does heron support?", rows=(2,)).notice  # (no document of heron's)


def test_a_threshold_above_the_rule_s_confidence_turns_it_off() -> None:
    assert _cited("What Python versions does kestrel support?", AnswerConfig(threshold=VERSIONS_CONFIDENCE + 0.05)) is None
    assert _cited("What Python versions does kestrel support?", rows=(2,)) is None  # (kestrel's README not retrieved)


def test_versions_asked_across_processes(tmp_path: Path) -> None:
    """As a user runs it: ``qa index``, then ``qa ask`` in a process of its own."""
    _, store = indexed(tmp_path, {"kestrel/README.md": README, "pelican/README.md": PELICAN})
    done = qa("ask", "--store", str(store), "--json", "Which Python versions does kestrel support?", cwd=tmp_path)
    assert done.returncode == 0 and not done.stderr, done.stderr
    answer = json.loads(done.stdout)
    assert not answer["abstained"] and answer["citations"][0]["text"].startswith("Kestrel requires [Python 3.9+]")
    assert answer["confidence"] == VERSIONS_CONFIDENCE
    done = qa("ask", "--store", str(store), "What Python versions does pelican support?", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith(NOT_FOUND)  # (kestrel's passages retrieved too: the reader refuses)
