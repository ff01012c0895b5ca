"""What a thing has, asked of the section that heads it (``qa.aspects``): "What are the features
of kestrel?" is answered by the opening of kestrel's "Features" section, "What is the licence of
kestrel?" by its "License" section's, where the document is kestrel's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.documents import Document, Span
from index.sections import markdown_headings
from qa.answerer import AnswerConfig
from qa.answers import Passage
from qa.aspects import ASPECT_CONFIDENCE, Aspect, asked_aspect, heads, introduced
from qa.model_answerer import ModelAnswerer
from qa.tasks import OPENING_CHARS
from tests.conftest import FakeReader
from tests.processes import indexed, qa
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

FEATURES = "Kestrel offers:\n\n* Parsing of any log\n* Streaming output"
README = ("# Kestrel\n\nKestrel parses logs.\n\n"
          f"## Key Features\n\n{FEATURES}\n\n"
          "## Requirements\n\nPython 3.10 or newer.\n\n"
          "## Dependencies\n\nKestrel depends on `h11` alone.\n\n"
          "## Known limitations\n\n### Threads\n\nNot thread-safe.\n\n"
          "## 📝 License and Copyright\n\nMIT.\n")
CHANGES = "# Changelog\n\n## New features\n\n- Faster.\n\n## Features\n\n- Kestrel streams now.\n"


def _documents() -> dict[int, Document]:
    return {n: Document(f"d{n}", source, title, text, (), markdown_headings(text))
            for n, (source, title, text) in enumerate([("/docs/kestrel/README.md", "Kestrel", README),
                                                       ("/docs/kestrel/CHANGELOG.md", "Changelog", CHANGES)], 1)}


def _ask(question: str, config: AnswerConfig | None = None, rows: tuple[int, ...] = (2, 1)) -> str | None:
    """The text cited for ``question`` where the aspect rule answers it (the changelog's passage
    first in retrieval order, by default), else None."""
    documents = _documents()
    passages = [Passage(chunk_id=n, span=Span(n, documents[n].doc_id, documents[n].source, documents[n].title, 0,
                                              len(documents[n].text), documents[n].text), score=1.0, rank=r)
                for r, n in enumerate(rows)]
    answerer = ModelAnswerer(DictCorpus(documents), config or AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer(question, passages)
    if answer.confidence != ASPECT_CONFIDENCE:
        return None
    cited = answer.citations[0]
    assert documents[1].text[cited.start:cited.end] == cited.text and cited.source == "/docs/kestrel/README.md"
    return cited.text


@pytest.mark.parametrize(("question", "aspect"), [
    ("What are the features of pytest?", Aspect("features", "pytest")),
    ("What are the main features of libtasn1?", Aspect("main features", "libtasn1")),
    ("What is the licence for `blingfire`?", Aspect("licence", "blingfire")),
    ("What are pytest's features?", Aspect("features", "pytest")),
    ("What license does fastapi use?", Aspect("license", "fastapi")),
    ("Which features does groovy have?", Aspect("features", "groovy")),
    ("What does fastapi require?", Aspect("requirements", "fastapi")),
    ("What does httpx depend on?", Aspect("dependencies", "httpx")),
    ("What platforms does kestrel support?", Aspect("platforms", "kestrel")),
    ("What are the supported platforms of kestrel?", Aspect("supported platforms", "kestrel")),
    ("What are the main key features of kestrel?", Aspect("main key features", "kestrel")),  # (one word, "features")
    ("What is the main of kestrel?", None),  # (a qualifier alone)
    ("What is the default value of the timeout option of the curl program?", None),  # (an aspect of too many words)
    ("What is kestrel?", None), ("How do I install kestrel?", None),
])
def test_what_a_question_asks_a_thing_has(question: str, aspect: Aspect | None) -> None:
    assert asked_aspect(question) == aspect


@pytest.mark.parametrize(("title", "headed"), [
    ("Features", True), ("Key Features", True), ("Features of kestrel", True), ("1.2. Features", True),
    ("✨ Features", True), ("Features and Benefits", True),  # (its part before "and")
    ("New features", False), ("Contributing", False), ("Feature flags", False),
    ("Supported Features", True), ("Supported Features & Best-Practices", True),  # ("supported": what "support" asks)
])
def test_a_heading_that_is_the_aspect_asked(title: str, headed: bool) -> None:
    assert heads(Aspect("main features", "kestrel"), title) is headed


@pytest.mark.parametrize(("question", "cited"), [
    ("What are the main features of kestrel?", FEATURES),  # (not the changelog's "Features", retrieved first)
    ("What are kestrel's features?", FEATURES),
    ("What does kestrel require?", "Python 3.10 or newer."),
    ("What does kestrel depend on?", "Kestrel depends on `h11` alone."),
    ("What is the licence of kestrel?", "MIT."),  # ("📝 License and Copyright")
    ("What license does kestrel use?", "MIT."),
    ("What are the known limitations of kestrel?", None),  # (a section of sections: the reader reads)
    ("What are the features of pelican?", None),  # (the document is not pelican's)
    ("What are the benefits of kestrel?", None),  # (no heading is that aspect)
])
def test_the_section_headed_by_the_aspect_of_the_thing_named_answers(question: str, cited: str | None) -> None:
    assert _ask(question) == cited


KEY = "The key features are:\n\n* **Fast**: very.\n* **Small**: tiny,\n  and light.\n"


@pytest.mark.parametrize(("text", "cited"), [
    (f"Kestrel is a parser.\n\n{KEY}\nMore text.\n", KEY.rstrip()),  # (an item's indented line with it)
    ("The main features of this library are:\n• One.\n• Two.\nThe library itself is portable.\n",
     "The main features of this library are:\n• One.\n• Two."),  # (a PDF's items, one a line)
    ("New features:\n\n- Faster.\n", None),  # (a word besides the aspect's)
    ("The key features are:\n\nNone yet.\n", None),  # (no list follows)
    ("Kestrel dropped these features:\n\n* One\n", None),  # ("dropped": a word besides)
    ("Kestrel has features:\n\n* One\n", "Kestrel has features:\n\n* One"),  # (the thing's name, a stopword)
    ("Kestrel requires Python 3.10 and supports the following main features:\n- One\n",
     "Kestrel requires Python 3.10 and supports the following main features:\n- One"),  # ("the following" and the aspect)
    ("Kestrel supports the following platforms:\n- Linux\n", None),  # (another aspect follows)
    ("Kestrel supports the following features and more:\n- One\n", None),  # (words besides after "following")
])
def test_a_sentence_introducing_the_aspect_s_list(text: str, cited: str | None) -> None:
    span = introduced(Aspect("main features", "kestrel"), text, 0, len(text))
    assert (None if span is None else text[span[0]:span[1]]) == cited


def test_an_introduced_list_is_cited_to_its_last_whole_item_within_the_opening_s_length() -> None:
    items = "".join(f"* Item {n} " + "x" * 80 + "\n" for n in range(40))
    text = f"The key features are:\n\n{items}"
    span = introduced(Aspect("features", "kestrel"), text, 0, len(text))
    assert span is not None and span[1] - span[0] <= OPENING_CHARS and text[span[1] - 1] == "x"
    assert text[span[1]] == "\n" and text[span[1] + 1:].startswith("* Item")


def test_without_a_heading_the_sentence_introducing_the_list_answers() -> None:
    text = f"# Pelican\n\nPelican parses logs.\n\n{KEY}"
    document = Document("p", "/docs/pelican/README.md", "Pelican", text, (), markdown_headings(text))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(text), text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("What are the key features of pelican?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
    assert answer.confidence == ASPECT_CONFIDENCE and [c.text for c in answer.citations] == [KEY.rstrip()]
    other = answerer.answer("What are the key features of kestrel?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
    assert other.confidence != ASPECT_CONFIDENCE  # (the document is not kestrel's)


def test_a_threshold_above_the_rule_s_confidence_turns_it_off() -> None:
    assert _ask("What does kestrel require?", AnswerConfig(threshold=ASPECT_CONFIDENCE + 0.05)) is None
    assert _ask("What does kestrel require?", rows=(2,)) is None  # (kestrel's README not retrieved)


def test_an_aspect_asked_across_processes(tmp_path: Path) -> None:
    """As a user runs it: ``qa index``, then ``qa ask`` in a process of its own."""
    _, store = indexed(tmp_path, {"kestrel/README.md": README, "pelican/README.md": "# Pelican\n\n## License\n\nBSD.\n"})
    for question, cited in (("What is the license of kestrel?", "MIT."), ("What is the licence of pelican?", "BSD.")):
        done = qa("ask", "--store", str(store), "--json", question, cwd=tmp_path)
        assert done.returncode == 0 and not done.stderr, done.stderr
        answer = json.loads(done.stdout)
        assert not answer["abstained"] and answer["citations"][0]["text"] == cited, question
        assert answer["confidence"] == ASPECT_CONFIDENCE


def test_what_a_thing_supports_is_the_section_headed_supported() -> None:
    text = "# Pelican\n\nPelican parses logs.\n\n## Supported Platforms\n\nLinux and macOS.\n\n## Usage\n\nRun it.\n"
    document = Document("p", "/docs/pelican/README.md", "Pelican", text, (), markdown_headings(text))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(text), text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    for question in ("What platforms does pelican support?", "What are the supported platforms of pelican?"):
        answer = answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
        assert answer.confidence == ASPECT_CONFIDENCE and [c.text for c in answer.citations] == ["Linux and macOS."], question
