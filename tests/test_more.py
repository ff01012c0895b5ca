""""Tell me more" after an answer cites what its document says next (qa.more), as the chat asks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.documents import Document
from index.sections import markdown_headings
from qa import DocumentQA
from qa.answerer import AnswerConfig
from qa.more import MORE_CHARS, NOTHING_BEFORE, NOTHING_MORE, asks_more, following
from tests.conftest import CountingEmbedder


@pytest.mark.parametrize(("question", "more"), [
    ("Tell me more", True), ("tell me more.", True), ("Can you tell me more?", True), ("Go on", True),
    ("More details?", True), ("more", True), ("Continue please", True), ("Elaborate!", True),
    ("Tell me more about the bridge", False), ("More bridges?", False), ("What more is there?", False),
    ("Continue the loop?", False), ("", False),
])
def test_asks_more(question: str, more: bool) -> None:
    assert asks_more(question) is more


TEXT = ("# Kestrel\n\nKestrel parses logs. It reads them line by line. It never writes.\n\n"
        "## Install\n\nRun pip install kestrel.\n")


def _document(text: str) -> Document:
    return Document("d", "kestrel/README.md", "Kestrel", text, (), markdown_headings(text))


@pytest.mark.parametrize(("after", "said"), [
    ("Kestrel parses logs.", "It reads them line by line. It never writes."),  # (the sentences after it, in its section)
    ("It never writes.", "Run pip install kestrel."),  # (past the next heading: what the document says next)
    ("# Kestrel", "Kestrel parses logs. It reads them line by line. It never writes."),  # (after a title, its section)
    ("Run pip install kestrel.", None),  # (the document's end)
])
def test_what_follows_a_citation(after: str, said: str | None) -> None:
    document = _document(TEXT)
    found = following(document, TEXT.index(after) + len(after))
    assert (None if found is None else TEXT[found[0]:found[1]]) == said


def test_what_follows_stops_at_its_section_and_at_most_more_chars() -> None:
    long = " ".join(f"Sentence {n} is here." for n in range(100))
    text = f"# T\n\nFirst.\n\n{long}\n\n## Next\n\nOther.\n"
    found = following(_document(text), text.index("First.") + len("First."))
    assert found is not None and text[found[0]:found[1]].startswith("Sentence 0 is here.")
    assert found[1] - found[0] <= MORE_CHARS and text[found[1] - 1] == "."
    text = "# T\n\nFirst.\n\n## Next\n\nOther. Again.\n\n## Last\n\nEnd.\n"
    found = following(_document(text), text.index("First.") + len("First."))
    assert found is not None and text[found[0]:found[1]] == "Other. Again."  # (not on into "Last")


def test_tell_me_more_goes_on_from_the_last_answer(docs: Path, tmp_path: Path) -> None:
    """As the chat page asks it, in turns: each "more" goes on from the one before."""
    from ui import render

    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder(), answering=AnswerConfig(answerer="heuristic"))
    try:
        first = bot.ask("When was the Halvard Bridge completed?")
        assert "completed in 1887" in first.citations[0].text
        more = bot.ask("Tell me more", history=["When was the Halvard Bridge completed?"])
        assert not more.abstained and more.question == "Tell me more"
        cited = more.citations[0]
        assert cited.source == first.citations[0].source and cited.start >= first.citations[0].end
        assert "412 metres long" in cited.text
        document = Path(cited.source).read_text(encoding="utf-8")
        assert document[cited.start:cited.end] == cited.text  # (the file's own characters)
        assert "_More of the answer to: “When was the Halvard Bridge completed?”_" in render.answer_markdown(more)
        assert cited.text.endswith("reopened two years later.")  # (the rest of the file, under MORE_CHARS)
        again = bot.ask("Go on", history=["When was the Halvard Bridge completed?", "Tell me more"])
        assert again.abstained and again.text == NOTHING_MORE  # (it goes on from the "more" before it)
        refused = bot.ask("Tell me more", history=["What is the capital of France?"])
        assert refused.abstained and refused.text == NOTHING_BEFORE
        assert bot.ask("Tell me more").abstained  # (nothing before it: asked as written)
    finally:
        bot.close()


def test_nothing_more_where_the_citation_ends_the_document(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "note.txt").write_text("The ferry leaves at nine.\n", encoding="utf-8")
    bot = DocumentQA.build([folder], tmp_path / "store", embedder=CountingEmbedder(),
                           answering=AnswerConfig(answerer="heuristic"))
    try:
        first = bot.ask("When does the ferry leave?")
        assert not first.abstained
        more = bot.ask("Tell me more", history=["When does the ferry leave?"])
        assert more.abstained and more.text == NOTHING_MORE
    finally:
        bot.close()
