"""A follow-up asked of "it" is asked of the thing an earlier turn named (qa.conversation): "What
is pacote?", then "How do I install it?" is answered as "How do I install pacote?"; one that asks
the last question again of another thing is asked so: "How do I install semver?", then "What about
pacote?" is answered as "How do I install pacote?"."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.documents import Span
from qa import DocumentQA
from qa.answerer import AnswerConfig
from qa.answers import Passage
from qa.conversation import follow_up, other_thing, topic, with_topic
from qa.list_items import thing_words
from qa.named import naming_words
from tests.conftest import CountingEmbedder


def _passages(*sources: tuple[str, str]) -> list[Passage]:
    return [Passage(chunk_id=n, span=Span(n, f"d{n}", source, title, 0, 4, "text"), score=1.0, rank=n)
            for n, (source, title) in enumerate(sources)]


PACOTE = _passages(("/docs/INSTALL", "INSTALL"), ("/docs/pacote/README.md", "pacote"))


@pytest.mark.parametrize(("question", "thing", "asked"), [
    ("How do I install it?", "pacote", "How do I install pacote?"),
    ("What are its requirements?", "npm", "What are npm's requirements?"),
    ("Is it thread-safe?", "zlib", "Is zlib thread-safe?"),
    ("It was built when?", "the Halvard Bridge", "The Halvard Bridge was built when?"),
    ("It's fast?", "zlib", "It's fast?"),  # ("it is": left as it is)
    ("Does it read its own config?", "pip", "Does pip read pip's own config?"),
    ("Do they list them?", "the Normans", "Do they list them?"),  # ("they" only where asked of a plural thing)
])
def test_it_is_written_as_the_thing(question: str, thing: str, asked: str) -> None:
    assert with_topic(question, thing) == asked


@pytest.mark.parametrize(("question", "history", "read"), [
    ("How do I install it?", ["What is pacote?"], "How do I install pacote?"),
    ("What does it do?", [{"role": "user", "content": "What is the Scottish Parliament?"},
                          {"role": "assistant", "content": "The devolved legislature [1]"}],
     "What does the Scottish Parliament do?"),
    ("What are its requirements?", ["What is npm?", "How do I install it?"], "What are npm's requirements?"),  # (over "it")
    ("What is it?", ["How do I install pacote?"], "What is pacote?"),  # (the document the turn names, not INSTALL)
    ("What does it do?", ["What is npm?", "How many files are there?"], None),  # (the last turn names nothing)
    ("What does it do?", ["What is npm?", "Why?", "Why not?", "How come?"], None),  # (three turns back at most)
    ("What does it do?", ["What is npm?", "Is it possible to run it offline?"], "What does npm do?"),  # (over a dummy "it")
    ("Is it possible to install on Windows?", ["What is npm?"], None),  # (a dummy "it")
    ("Does it take long?", ["What is npm?"], None),
    ("How do I install pacote?", ["What is npm?"], None),  # (no "it")
    ("What is it?", [], None),
    # "they", "them", "their" of a plural thing
    ("Where did they come from?", ["What are the Normans?"], "Where did the Normans come from?"),
    ("How do I build them?", ["What are wheels?"], "How do I build wheels?"),
    ("Who was their leader?", ["What are the Normans?"], "Who was the Normans' leader?"),
    ("Where are they listed?", ["What are the requirements?", "Why are they needed?"],
     "Where are the requirements listed?"),  # (over a turn of "they")
    ("They are written where?", ["What are the requirements?"], "The requirements are written where?"),
    ("Where did they come from?", ["What is the Scottish Parliament?"], None),  # (one thing)
    ("What is their licence?", ["What is pacote?"], None),
    ("How do I install them?", ["What is the class?"], None),  # (not a plural's ending)
])
def test_the_thing_it_stands_for(question: str, history: list[object], read: str | None) -> None:
    assert follow_up(question, history, lambda text: PACOTE) == read


SEMVER = _passages(("/docs/semver/README.md", "semver"), ("/docs/pacote/README.md", "pacote"),
                   ("/docs/nopt/README.md", "nopt"))


@pytest.mark.parametrize(("question", "history", "read"), [
    ("What about pacote?", ["How do I install semver?"], "How do I install pacote?"),
    ("And nopt?", ["How do I install semver?", "What about pacote?"], "How do I install nopt?"),  # (over a turn of another)
    ("How about nopt?", ["What is semver?", "How do I use it?"], "How do I use nopt?"),  # (over a turn of "it")
    ("What are its options?", ["How do I install semver?", "What about nopt?"], "What are nopt's options?"),
    ("And the Kestrel Point Lighthouse?", ["What is the Halvard Bridge?"], "What is the Kestrel Point Lighthouse?"),
    ("And Warsaw?", ["When was the Scottish Parliament founded?"], None),  # (names no retrieved document)
    ("What about Windows?", ["How do I install semver?"], "How do I install semver on Windows?"),  # (a system, not a package)
    ("What about on Windows?", ["How do I install semver?"], "How do I install semver on Windows?"),  # (tests/test_settings.py)
    ("And when was it automated?", ["What is the lighthouse?"], "And when was the lighthouse automated?"),
    ("What about pacote?", ["How many files are there?"], None),  # (the last turn asks of no thing)
    ("What about pacote?", [], None),
    ("What about markdown-it-py?", ["How do I install semver?"], None),  # (names no retrieved document here)
    ("How do I install markdown-it-py?", ["What is npm?"], None),  # (the "it" of a name is no "it")
])
def test_the_last_question_asked_of_another_thing(question: str, history: list[object], read: str | None) -> None:
    assert follow_up(question, history, lambda text: SEMVER) == read


@pytest.mark.parametrize(("question", "thing"), [
    ("What about pacote?", "pacote"), ("How about `nopt`?", "nopt"), ("and the Normans?", "the Normans"),
    ("And what about Milvus Lite?", "Milvus Lite"), ("And when was it automated?", None),
    ("What about it?", None), ("What about its licence?", None), ("And then?", None),
    ("What about markdown-it-py?", "markdown-it-py"),
    ("What about the rest of the list of things?", None), ("Pacote?", None),
])
def test_another_thing_asked_of(question: str, thing: str | None) -> None:
    assert other_thing(question) == thing


def test_a_turn_s_topic_is_what_it_asks_of_else_the_document_it_names() -> None:
    assert topic("What does the `pg_wrapper` program do?", lambda: []) == "pg_wrapper"
    assert topic("How do I install pacote?", lambda: PACOTE) == "pacote"
    assert topic("How do I install pacote?", lambda: PACOTE[:1]) is None  # ("install" names INSTALL: the task's verb)
    assert topic("Where is the manual?", lambda: PACOTE) is None
    assert thing_words("What is the `pg_wrapper` program for?") == "pg_wrapper"
    assert thing_words("What is an environment variable?") is None


def test_the_longest_run_of_words_naming_a_document() -> None:
    lite = _passages(("/docs/milvus.md", "Milvus"), ("/docs/lite/README.md", "Milvus Lite"))
    assert naming_words("How do I use Milvus Lite?", lite[1:]) == "Milvus Lite"
    assert naming_words("How do I use Milvus Lite?", lite) == "Milvus"  # (the first document named, in retrieval order)
    assert naming_words("How do I use Milvus Lite?", lite, frozenset({"milvus"})) == "Milvus Lite"
    assert naming_words("How do I use it?", lite) is None


def test_a_follow_up_is_answered_as_asked_of_the_thing_across_turns(docs: Path, tmp_path: Path) -> None:
    """As the chat page asks it: the answer keeps the user's question and says how it was read."""
    from ui import render

    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder(), answering=AnswerConfig(answerer="heuristic"))
    try:
        alone = bot.ask("When was the Halvard Bridge completed?")
        follow = bot.ask("When was it completed?", history=["What is the Halvard Bridge?"])
        assert follow.question == "When was it completed?"
        assert follow.retrieval_query == "When was the Halvard Bridge completed?"
        assert [c.text for c in follow.citations] == [c.text for c in alone.citations]
        assert "completed in 1887" in follow.citations[0].text
        assert "_Read as: “When was the Halvard Bridge completed?”_" in render.answer_markdown(follow)
        named = bot.ask("And when was it completed?", history=["Who paid for the bridge?"])  # (bridge.txt's name)
        assert named.retrieval_query == "And when was the bridge completed?"
        other = bot.ask("And when was it completed?", history=["Who paid for the work?"])  # (names no thing)
        assert other.retrieval_query == "Who paid for the work? And when was it completed?"
        instead = bot.ask("What about the lighthouse?", history=["When was the Halvard Bridge completed?"])
        assert instead.question == "What about the lighthouse?"
        assert instead.retrieval_query == "When was the lighthouse completed?"
        assert "lighthouse.md" in instead.citations[0].source
        assert "_Read as: “When was the lighthouse completed?”_" in render.answer_markdown(instead)
    finally:
        bot.close()


def test_an_earlier_turn_s_passages_are_retrieved_only_where_its_document_names_are_read() -> None:
    fetched: list[str] = []

    def retrieved(text: str) -> list[Passage]:
        fetched.append(text)
        return PACOTE if "install pacote" in text else SEMVER

    assert follow_up("How do I install it?", ["What is pacote?"], retrieved) == "How do I install pacote?" and not fetched
    assert follow_up("What is it?", ["How do I install pacote?"], retrieved) == "What is pacote?"
    assert fetched == ["How do I install pacote?"]  # (the turn's own retrieval)
    fetched.clear()
    assert follow_up("And nopt?", ["How do I install semver?", "What about pacote?"], retrieved) == "How do I install nopt?"
    assert fetched == ["How do I install semver?", "What about pacote?", "And nopt?"]
