"""Where or how a task is done: a sub-heading naming it ("On Windows", "With CMake", "From PyPI")
does the task of the heading it lies under ("How do I install node-gyp on Windows?": "On Windows"
under "Installation"; ``qa.tasks.heading_closeness``), as does a heading whose section's opening
writes it ("How do I install fastapi with uv?": "Installation", "First, install `uv`, ..."); a
follow-up asking the last question again in another setting is asked so ("How do I install
node-gyp?", then "And on Windows?": "How do I install node-gyp on Windows?";
``qa.conversation.setting``); and a follow-up naming nothing
retrieves with the turns the last one leans on (``qa.conversation.resolve_query``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.documents import Document, Span
from index.sections import markdown_headings
from qa import DocumentQA
from qa.answerer import AnswerConfig
from qa.answers import Passage
from qa.conversation import follow_up, resolve_query, setting, system
from qa.model_answerer import ModelAnswerer
from qa.tasks import TASK_CONFIDENCE, asked, heading_closeness, tasked_headings
from tests.conftest import FakeReader
from tests.processes import indexed, qa
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

WINDOWS = "Install tools with Chocolatey:\n\n```bash\nchoco install python\n```"
README = ("# Kestrel\n\nKestrel parses logs.\n\n"
          "## Installation\n\nYou can install it using npm:\n\n```bash\nnpm install -g kestrel\n```\n\n"
          "### On Unix\n\n* Python\n* make\n\n"
          f"### On Windows\n\n{WINDOWS}\n\n"
          "### From PyPI (recommended)\n\nRun `pip install kestrel`.\n\n"
          "### Latest Docker release\n\n|Docker|\n\n```sh\ndocker pull kestrel\n```\n\n"
          "### Configuring Python Dependency\n\nSet the python path.\n\n"
          "## Configuration\n\nKestrel reads its options from a file.\n\n### Windows\n\nSet msvs_version.\n\n"
          "## Build instructions\n\n### CMake\n\nRun cmake.\n\n"
          "## License\n\nMIT.\n")


def _document() -> Document:
    return Document("d", "/docs/kestrel/README.md", "Kestrel", README, (), markdown_headings(README))


def _ask(question: str) -> str | None:
    """The text cited for ``question`` over the README where the task rule answers it, else None."""
    document = _document()
    span = Span(1, document.doc_id, document.source, document.title, 0, len(README), README)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
    if answer.confidence != TASK_CONFIDENCE:
        return None
    assert all(README[c.start:c.end] == c.text for c in answer.citations)
    return answer.citations[0].text


@pytest.mark.parametrize(("question", "cited"), [
    ("How do I install kestrel on Windows?", WINDOWS),
    ("How do I install kestrel on Unix?", "* Python\n* make"),
    ("How can I install kestrel from PyPI?", "Run `pip install kestrel`."),  # (its aside left out)
    ("How do I build kestrel with CMake?", "Run cmake."),  # ("instructions" is no word besides the task's)
    ("How do I configure kestrel on Windows?", "Set msvs_version."),  # (the "Windows" under "Configuration")
    ("How do I install kestrel?", "You can install it using npm:\n\n```bash\nnpm install -g kestrel\n```"),
    ("How do I install kestrel with Docker?", "```sh\ndocker pull kestrel\n```"),  # ("Latest", "release"; a badge passed over)
    ("How do I install kestrel with npm?",  # (no sub-heading names it: "Installation", whose opening writes it)
     "You can install it using npm:\n\n```bash\nnpm install -g kestrel\n```"),
    ("How do I install kestrel on macOS?", None),  # (nothing names it: the reader reads)
    ("How do I install kestrel with Python?", None),  # ("Configuring Python Dependency": words not asked)
    ("How do I license kestrel on Windows?", None),  # (the heading over "Windows" does another task)
])
def test_a_sub_heading_naming_where_a_task_is_done_answers_it(question: str, cited: str | None) -> None:
    assert _ask(question) == cited


def test_a_setting_sub_heading_is_as_close_as_the_two_headings_written_together() -> None:
    document = _document()
    heads = document.headings
    windows = next(i for i, h in enumerate(heads) if h[2] == "On Windows")
    task = asked("How do I install kestrel on Windows?")
    assert task is not None
    assert heading_closeness(task, heads, windows, document.title, document.source) == (0, -2)
    assert [heads[i][2] for _, i in tasked_headings(task, heads, document.title, document.source)] == ["On Windows"]
    faq = asked("Is kestrel on Windows?")  # (a question as a FAQ asks it: no task, no setting)
    assert faq is not None and heading_closeness(faq, heads, windows, document.title, document.source) is None
    top = [(0, 1, "Windows")]  # (a first heading lies under none)
    assert heading_closeness(task, top, 0, "Kestrel", "/docs/kestrel/README.md") is None
    closed = [(0, 1, "Installation"), (10, 1, ""), (20, 2, "On Windows")]  # (an end mark closes "Installation")
    assert heading_closeness(task, closed, 2, "Kestrel", "/docs/kestrel/README.md") is None
    assert heading_closeness(task, [closed[0], closed[2]], 1, "Kestrel", "/docs/kestrel/README.md") == (0, -2)


@pytest.mark.parametrize(("question", "said"), [
    ("And on Windows?", "on Windows"), ("What about with conda?", "with conda"), ("How about from source?", "from source"),
    ("and for the command line?", "for the command line"),
    ("And in which year?", None),  # (asks)
    ("And in 2.3?", None),  # (a version: qa.changes reads it)
    ("And with it?", None), ("What about Windows?", None), ("And on a machine with no network at all?", None),
])
def test_the_setting_a_follow_up_asks_in(question: str, said: str | None) -> None:
    assert setting(question) == said


@pytest.mark.parametrize(("question", "said"), [
    ("What about Windows?", "on Windows"), ("And macOS?", "on macOS"), ("how about linux", "on linux"),
    ("What about npm?", None), ("And on Windows?", None), ("What about Windows 11?", None),
])
def test_a_system_named_bare(question: str, said: str | None) -> None:
    assert system(question) == said


@pytest.mark.parametrize(("question", "history", "read"), [
    ("And on Windows?", ["How do I install node-gyp?"], "How do I install node-gyp on Windows?"),
    ("What about on macOS?", ["How do I install node-gyp?", "And on Windows?"], "How do I install node-gyp on macOS?"),
    ("And on Windows?", ["How do I install node-gyp on Unix?"], "How do I install node-gyp on Windows?"),  # (in place)
    ("And with conda?", ["What is pacote?", "How do I install it?"], "How do I install pacote with conda?"),
    ("And from source?", ["How do I build it?"], "How do I build it from source?"),  # (an "it" read as nothing)
    ("And on Windows?", [], None),
    ("What about Windows?", ["How do I install node-gyp?"], "How do I install node-gyp on Windows?"),  # (a system, bare)
    ("And macOS?", ["How do I install node-gyp?", "What about Windows?"], "How do I install node-gyp on macOS?"),
    ("What about Windows?", ["What is npm?"], "What is Windows?"),  # (not a task's question: asked of another thing)
    ("What about npm?", ["How do I install node-gyp?"], None),  # (not a system; no document named here)
])
def test_the_last_question_asked_in_another_setting(question: str, history: list[str], read: str | None) -> None:
    assert follow_up(question, history, lambda text: []) == read


def test_a_follow_up_naming_nothing_retrieves_with_the_turns_the_last_leans_on() -> None:
    turns = ["How do I install npm?", "And on Windows?"]
    read = resolve_query("What are the requirements?", turns)
    assert read == "How do I install npm? And on Windows? What are the requirements?"
    assert resolve_query("And its licence?", ["What is semver?", "What is npm?"]) == "What is npm? And its licence?"
    many = ["What is npm?", "And it?", "And it?", "And it?"]  # (at most TOPIC_TURNS turns)
    assert resolve_query("And then?", many) == "And it? And it? And it? And then?"
    assert resolve_query("How do I install npm on Windows?", turns) == "How do I install npm on Windows?"


def test_a_setting_asked_across_processes_and_in_the_chat(tmp_path: Path) -> None:
    """As a user runs it: ``qa index``, then ``qa ask`` in processes of their own; then the chat's turns."""
    from ui import render

    _, store = indexed(tmp_path, {"kestrel/README.md": README})
    done = qa("ask", "--store", str(store), "--json", "How do I install kestrel on Windows?", cwd=tmp_path)
    assert done.returncode == 0 and not done.stderr, done.stderr
    answer = json.loads(done.stdout)
    assert not answer["abstained"] and answer["citations"][0]["text"] == WINDOWS
    bot = DocumentQA.open(store)
    try:
        followed = bot.ask("And on Windows?", history=["How do I install kestrel?"])
        assert followed.question == "And on Windows?" and followed.retrieval_query == "How do I install kestrel on Windows?"
        assert [c.text for c in followed.citations] == [WINDOWS]
        assert "_Read as: “How do I install kestrel on Windows?”_" in render.answer_markdown(followed)
    finally:
        bot.close()
