"""Who made or keeps a thing (``qa.authors``): "Who wrote kestrel?" is answered by the sentence of
kestrel's README that says so ("Kestrel was written by Ada Lovelace in 2003."), "Who maintains
kestrel?" by its "Maintainers" section where that names someone, and not by a sentence whose
subject is something else ("threads created by OpenBLAS")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.documents import Document, Span
from index.sections import markdown_headings
from qa.answerer import AnswerConfig
from qa.answers import Passage
from qa.authors import AUTHORS_CONFIDENCE, WhoAsked, asked_who, headed, said_by
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.processes import indexed, qa
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

README = ("# Kestrel\n\nKestrel parses logs in threads created by OpenBLAS.\n\n"
          "## History\n\nKestrel was written by Ada Lovelace in 2003.\n\n"
          "## Maintainers\n\nMeet our maintainers:\n\n- [@grace](https://github.com/grace) (Grace Hopper)\n\n"
          "## 1.2.0 (2026-01-02)\n\n- Fix values written by `set_key`.\n")


def _cited(question: str, text: str = README, config: AnswerConfig | None = None) -> str | None:
    """The text cited for ``question`` over kestrel's README where the rule answers it, else None."""
    document = Document("d1", "/docs/kestrel/README.md", "Kestrel", text, (), markdown_headings(text))
    passage = Passage(chunk_id=1, span=Span(1, "d1", document.source, document.title, 0, len(text), text), score=1.0, rank=0)
    answerer = ModelAnswerer(DictCorpus({1: document}), config or AnswerConfig(), reader=FakeReader(),
                             calibration=FAKE_CALIBRATION)
    answer = answerer.answer(question, [passage])
    if answer.confidence != AUTHORS_CONFIDENCE:
        return None
    cited = answer.citations[0]
    assert text[cited.start:cited.end] == cited.text
    return cited.text


@pytest.mark.parametrize(("question", "asked"), [
    ("Who wrote orjson?", WhoAsked("author", "orjson")),
    ("Who started sympy?", WhoAsked("author", "sympy")),
    ("Who maintains python-dotenv?", WhoAsked("maintainer", "python-dotenv")),
    ("Who is maintaining urllib3?", WhoAsked("maintainer", "urllib3")),
    ("Who develops numpy?", WhoAsked("developer", "numpy")),
    ("Who are the authors of faiss?", WhoAsked("author", "faiss")),
    ("Who is the current maintainer of sentence-transformers?", WhoAsked("maintainer", "sentence-transformers")),
    ("Who is behind kestrel?", WhoAsked("developer", "kestrel")),
    ("Who won the match?", None), ("What wrote kestrel?", None),
    ("Who wrote the very long book about the sea?", None),  # (a thing of too many words)
])
def test_who_a_question_asks_of(question: str, asked: WhoAsked | None) -> None:
    assert asked_who(question) == asked


@pytest.mark.parametrize(("text", "cited"), [
    ("orjson was written by ijl <<ijl@mailbox.org>>, 2018.\n", "orjson was written by ijl <<ijl@mailbox.org>>, 2018."),
    ("This project is currently maintained by Saurabh Kumar.\n", None),  # (maintained: not the author's)
    ("The initial library code was written by @anton.\n", "The initial library code was written by @anton."),  # (the project)
    ("It was created by Ada.\n", "It was created by Ada."),
    ("PyTorch was created by Soumith.\n", None),  # (another thing: the thing asked is orjson)
    ("A bar may be created by using `x`.\n", None),  # (a means, not someone)
    ("Threads created by OpenBLAS in orjson.\n", None),  # (the thing after the verb: no subject)
    ("orjson is a community-driven project developed by many.\n", "orjson is a community-driven project developed by many."),
])
def test_the_sentence_saying_who_wrote_it(text: str, cited: str | None) -> None:
    document = Document("d", "/docs/orjson/README.md", "orjson", text, (), markdown_headings(text))
    span = said_by(WhoAsked("author", "orjson"), document)
    assert (None if span is None else text[span[0]:span[1]]) == cited


def test_a_sentence_s_subject_must_be_the_thing_or_the_project() -> None:
    text = "Kestrel parses logs in threads created by OpenBLAS.\n"
    document = Document("d", "/docs/orjson/README.md", "orjson", text, (), markdown_headings(text))
    assert said_by(WhoAsked("author", "orjson"), document) is None
    torch = Document("d", "/docs/torch/README.md", "torch", "PyTorch is currently maintained by Soumith.\n", ())
    span = said_by(WhoAsked("maintainer", "torch"), torch)  # ("PyTorch" ends with "torch")
    assert span is not None and torch.text[span[0]:span[1]] == "PyTorch is currently maintained by Soumith."


def test_a_role_s_section_answers_where_it_names_someone() -> None:
    document = Document("d", "/docs/kestrel/README.md", "Kestrel", README, (), markdown_headings(README))
    span = headed(WhoAsked("maintainer", "kestrel"), document)
    assert span is not None and README[span[0]:span[1]].startswith("Meet our maintainers:\n\n- [@grace]")
    steps = "# Kestrel\n\n## Maintainers\n\nTo make a release:\n\n- Create a PR to bump the version.\n"
    document = Document("d", "/docs/kestrel/README.md", "Kestrel", steps, (), markdown_headings(steps))
    assert headed(WhoAsked("maintainer", "kestrel"), document) is None  # (no one named: how to release)


@pytest.mark.parametrize(("question", "cited"), [
    ("Who wrote kestrel?", "Kestrel was written by Ada Lovelace in 2003."),  # (not the OpenBLAS line, nor the release's)
    ("Who created kestrel?", "Kestrel was written by Ada Lovelace in 2003."),
    ("Who maintains kestrel?", "Meet our maintainers:\n\n- [@grace](https://github.com/grace) (Grace Hopper)"),
    ("Who wrote pelican?", None),  # (the document is not pelican's)
])
def test_who_made_the_thing_named(question: str, cited: str | None) -> None:
    assert _cited(question) == cited


def test_a_threshold_above_the_rule_s_confidence_turns_it_off() -> None:
    assert _cited("Who wrote kestrel?", config=AnswerConfig(threshold=AUTHORS_CONFIDENCE + 0.05)) is None


def test_who_asked_across_processes(tmp_path: Path) -> None:
    """As a user runs it: ``qa index``, then ``qa ask`` in a process of its own."""
    _, store = indexed(tmp_path, {"kestrel/README.md": README, "pelican/README.md": "# Pelican\n\nPelican parses logs.\n"})
    done = qa("ask", "--store", str(store), "--json", "Who wrote kestrel?", cwd=tmp_path)
    assert done.returncode == 0 and not done.stderr, done.stderr
    answer = json.loads(done.stdout)
    assert not answer["abstained"] and answer["citations"][0]["text"] == "Kestrel was written by Ada Lovelace in 2003."
    assert answer["confidence"] == AUTHORS_CONFIDENCE
