from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import InvalidInputError, NotFoundError
from qa import DocumentQA
from qa.answerer import NOT_FOUND, AnswerConfig
from qa.conversation import is_follow_up, resolve_query, user_turns
from qa.extract import question_type, short_answer
from qa.retriever import RetrievalConfig, rrf
from tests.conftest import CountingEmbedder


@pytest.fixture
def bot(docs: Path, store_path: Path, embedder: CountingEmbedder) -> DocumentQA:
    """The heuristic answerer over the fake embedder: fast and deterministic (the trained reader
    is tested in tests/test_answerers.py and the integration tests)."""
    return DocumentQA.build([docs], store_path, embedder=embedder, answering=AnswerConfig(answerer="heuristic"))


def assert_citations_exact(bot: DocumentQA, answer) -> None:
    for c in answer.citations + answer.suggestions:
        text = Path(c.source).read_text(encoding="utf-8") if c.source.endswith((".txt", ".md")) else None
        stored = next(d for d in bot.store.documents() if d.source == c.source)
        assert stored.doc_id == c.doc_id
        if text is not None:
            assert text[c.start : c.end] == c.text


@pytest.mark.parametrize(
    ("question", "quote", "short"),
    [
        ("How many railway tracks does the Halvard Bridge carry?", "carries two railway tracks", "two"),
        ("When was the Kestrel Point Lighthouse first lit?", "first lit on 3 March 1902", "3 March 1902"),
        ("How many varieties of apple does Brightwater Orchard grow?", "27 varieties", "27"),
        ("How many members does the Vestby cooperative have?", "1,240 members", "1,240"),
        ("How many times a day does the Nordvik ferry cross the fjord?", "eleven times a day", "eleven"),
    ],
)
def test_answers_cite_the_sentence_that_holds_the_answer(bot: DocumentQA, question, quote, short) -> None:
    answer = bot.ask(question)
    assert not answer.abstained
    assert quote in answer.citations[0].text
    assert answer.short_answer == short
    assert answer.text.endswith("[1]") or "[2]" in answer.text
    assert_citations_exact(bot, answer)


def test_pdf_citations_carry_the_page(bot: DocumentQA) -> None:
    answer = bot.ask("How many members does the Vestby cooperative have?")
    assert answer.citations[0].page == 2 and answer.citations[0].source.endswith("cooperative.pdf")


def test_unrelated_question_abstains_with_suggestions(bot: DocumentQA) -> None:
    answer = bot.ask("What is the boiling point of liquid nitrogen in kelvin?")
    assert answer.abstained and answer.text == NOT_FOUND
    assert answer.citations == [] and answer.suggestions
    assert answer.confidence < answer.threshold
    assert_citations_exact(bot, answer)


def test_threshold_zero_always_answers_and_one_always_abstains(docs, store_path, embedder) -> None:
    DocumentQA.build([docs], store_path, embedder=embedder).close()
    q = "What is the boiling point of liquid nitrogen?"
    assert not DocumentQA.open(store_path, answering=AnswerConfig(threshold=0.0, answerer="heuristic")).ask(q).abstained
    assert DocumentQA.open(store_path, answering=AnswerConfig(threshold=1.0, answerer="heuristic")).ask(
        "When was the Kestrel Point Lighthouse first lit?").abstained


def test_answer_json_has_the_contract_keys(bot: DocumentQA) -> None:
    data = bot.ask("When was the Kestrel Point Lighthouse first lit?").as_dict()
    assert {"question", "answer", "abstained", "confidence", "citations"} <= set(data)
    assert set(data["citations"][0]) >= {"source", "doc_id", "start", "end", "text", "page", "score"}


@pytest.mark.parametrize(
    ("question", "match"),
    [("", "question is empty"), ("   \n", "question is empty"), ("x" * 2001, "2001 characters long; the limit is 2000"),
     (None, "question must be a string")],
)
def test_bad_questions_are_rejected(bot: DocumentQA, question, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        bot.ask(question)  # type: ignore[arg-type]


def test_follow_up_borrows_the_previous_question(bot: DocumentQA) -> None:
    history = [{"role": "user", "content": "Who was the chief engineer of the Halvard Bridge?"},
               {"role": "assistant", "content": "Margit Solberg [1]"}]
    answer = bot.ask("And when was it completed?", history=history)
    assert "completed in 1887" in answer.citations[0].text
    assert answer.retrieval_query == "And when was the Halvard Bridge completed?"  # (asked of the bridge's title)
    answer = bot.ask("And when was it completed?", history=["Who was the chief engineer?"])  # (a turn naming nothing)
    assert answer.retrieval_query.startswith("Who was the chief engineer?")


def test_conversation_helpers() -> None:
    assert user_turns(["a?", {"role": "assistant", "content": "x"}, {"role": "user", "content": "b?"},
                       ("c?", "answer")]) == ["a?", "b?", "c?"]
    assert is_follow_up("and when did it start?") and not is_follow_up("When did the ISAF mission start?")
    assert not is_follow_up("How do I install markdown-it-py?")  # (the "it" of a name)
    assert resolve_query("When did the ISAF mission start?", ["Who leads NATO?"]) == "When did the ISAF mission start?"
    assert resolve_query("and its length?", ["How long is the bridge?"]) == "How long is the bridge? and its length?"


@pytest.mark.parametrize(
    ("question", "kind"),
    [("How many soldiers?", "number"), ("When did it open?", "date"), ("In what year?", "date"),
     ("What year was it built?", "date"), ("Who designed it?", "person"), ("Where is it?", "place"),
     ("Why is the sky blue?", None)],
)
def test_question_types(question: str, kind: str | None) -> None:
    assert question_type(question) == kind


def test_short_answer_prefers_the_candidate_near_question_words() -> None:
    from index.documents import Span

    def sentence(text: str, at: int = 100) -> Span:
        return Span(3, "d", "town.txt", "Town", at, at + len(text), text)

    s = sentence("In 1990 the town had 3 bakeries, and by 2001 it had 412 soldiers guarding the gate.")
    found = short_answer("How many soldiers guarded the gate?", s)
    assert found is not None and found.text == "412" and found.source == "town.txt"
    assert (found.start, found.end) == (100 + s.text.index("412"), 103 + s.text.index("412"))  # document offsets
    s2 = sentence("He met NATO Secretary-General Jens Stoltenberg in Brussels.", 0)
    found = short_answer("Who is the NATO Secretary-General?", s2)
    assert found is not None and found.text == "Jens Stoltenberg"
    assert short_answer("Why?", s) is None


def test_a_span_is_checked_and_sliced_in_document_offsets() -> None:
    from index.documents import Span
    from index.errors import InvalidInputError

    span = Span(1, "d", "a.txt", "A", 10, 15, "hello")
    assert span.within(11, 13).text == "el" and span.within(11, 13).row_id == 1
    with pytest.raises(InvalidInputError, match=r"\[9, 12\) is not inside \[10, 15\) of a.txt"):
        span.within(9, 12)
    with pytest.raises(InvalidInputError, match=r"must fill \[start, end\): \[0, 3\) with 5 characters"):
        Span(1, "d", "a.txt", "A", 0, 3, "hello")


def test_rrf_and_retrieval_config() -> None:
    fused = rrf([([1, 2, 3], 1.0), ([3, 1], 1.0)], k=60)
    assert max(fused, key=lambda i: fused[i]) == 1 and set(fused) == {1, 2, 3}
    # the default fusion lets a chunk one retriever ranks first (BM25 alone finds "MAXYEAR is 9999")
    # beat one that both rank 15th; rrf_k 60 ranked the middling one first
    dense, lexical = [*range(100, 114), 7], [0, *range(200, 213), 7]
    for k, winner in ((RetrievalConfig().rrf_k, 0), (60, 7)):
        fused = rrf([(dense, 1.0), (lexical, 1.0)], k=k)
        assert max((0, 7), key=fused.__getitem__) == winner, k
    with pytest.raises(InvalidInputError, match="top_k must be between 1 and 100, got 0"):
        RetrievalConfig(top_k=0)
    with pytest.raises(InvalidInputError, match="threshold must be between 0 and 1, got 1.5"):
        AnswerConfig(threshold=1.5)


def test_lexical_search_can_be_switched_off(docs, store_path, embedder) -> None:
    DocumentQA.build([docs], store_path, embedder=embedder).close()
    dense_only = DocumentQA.open(store_path, retrieval=RetrievalConfig(lexical=False))
    passages = dense_only.retrieve("Halvard Bridge engineer")
    assert passages and all(p.lexical_score is None for p in passages)
    hybrid = DocumentQA.open(store_path).retrieve("Halvard Bridge engineer")
    assert any(p.lexical_score is not None for p in hybrid)


def test_errors_on_either_retrieval_path_reach_the_caller(bot: DocumentQA, monkeypatch) -> None:
    """BM25 runs on a worker thread beside the dense search; a failure on either side is raised."""
    q = "Halvard Bridge engineer"
    expected = bot.retrieve(q)

    def broken(*args, **kwargs):
        raise RuntimeError("lexical side failed")

    monkeypatch.setattr(bot.store, "lexical_search", broken)
    with pytest.raises(RuntimeError, match="lexical side failed"):
        bot.retrieve(q)
    monkeypatch.undo()
    monkeypatch.setattr(bot.store, "dense_search", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("dense side failed")))
    with pytest.raises(RuntimeError, match="dense side failed"):
        bot.retrieve(q)
    monkeypatch.undo()
    assert bot.retrieve(q) == expected  # the worker survives both
    bot.close()
    assert bot.retriever._pool is None  # noqa: SLF001 - closing stops the worker thread


def test_a_repeated_sentence_is_cited_once(tmp_path: Path, embedder) -> None:
    folder = tmp_path / "rep"
    folder.mkdir()
    line = "The garrison of Fort Elm has 94 soldiers."
    (folder / "a.txt").write_text(f"{line}\n\nSome other text about rivers.\n\n{line}\n", encoding="utf-8")
    bot = DocumentQA.build([folder], tmp_path / "s", embedder=embedder,
                           answering=AnswerConfig(second_citation_ratio=0.0))
    answer = bot.ask("How many soldiers are in the garrison of Fort Elm?")
    assert [c.text for c in answer.citations].count(line) == 1


def test_a_quote_that_does_not_match_its_source_is_never_returned(bot: DocumentQA) -> None:
    import sqlite3

    from index.errors import CitationError

    con = sqlite3.connect(bot.store.path / "catalog.sqlite3")
    con.execute("UPDATE documents SET text = upper(text) WHERE source LIKE '%lighthouse.md'")
    con.commit()
    con.close()
    with pytest.raises(CitationError, match="does not match .*lighthouse.md"):
        bot.ask("When was the Kestrel Point Lighthouse first lit?")


def test_per_call_overrides_and_document_management(bot: DocumentQA) -> None:
    q = "When was the Kestrel Point Lighthouse first lit?"
    assert bot.ask(q, threshold=1.0).abstained and not bot.ask(q).abstained
    assert all(p.lexical_score is None for p in bot.retriever.retrieve(q, lexical=False))
    sources = [d.source for d in bot.documents()]
    lighthouse = next(s for s in sources if s.endswith("lighthouse.md"))
    assert "3 March 1902" in bot.document(lighthouse).text
    bot.remove(lighthouse)
    assert lighthouse not in [d.source for d in bot.documents()]
    bot.store.verify()
    answer = bot.ask(q)
    assert all(not c.source.endswith("lighthouse.md") for c in answer.citations + answer.suggestions)
    with pytest.raises(NotFoundError, match="no indexed document has source 'nope.txt'; `qa list` shows"):
        bot.remove("nope.txt")


def test_top_k_zero_is_refused_everywhere_not_replaced_by_the_default(docs: Path, store_path: Path, embedder) -> None:
    bot = DocumentQA.build([docs / "bridge.txt"], store_path, embedder=embedder)
    with pytest.raises(InvalidInputError, match="top_k must be between 1 and 100, got 0"):
        bot.ask("When was the bridge completed?", top_k=0)
    with pytest.raises(InvalidInputError, match="top_k must be between 1 and 100, got 0"):
        bot.retrieve("When was the bridge completed?", top_k=0)
    bot.close()


def test_open_lets_go_of_the_store_when_the_bot_cannot_be_made(bot: DocumentQA, monkeypatch) -> None:
    from index.store import Store

    bot.close()
    closed: list[Path] = []
    real_close = Store.close

    def close(self: Store) -> None:
        closed.append(self.path)
        real_close(self)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("retriever failed")

    monkeypatch.setattr(Store, "close", close)
    monkeypatch.setattr("qa.api.HybridRetriever", broken)
    with pytest.raises(RuntimeError, match="retriever failed"):
        DocumentQA.open(bot.store.path)
    assert closed == [bot.store.path]


def test_a_passage_two_files_hold_word_for_word_is_retrieved_once(tmp_path: Path, embedder) -> None:
    """A page and the all-in-one page that repeats it (Node.js's api/cli.html and api/all.html):
    the same chunk twice took two of the reader's five places and was quoted twice."""
    from index.chunker import ChunkerConfig

    folder = tmp_path / "docs"
    folder.mkdir()
    shared = "The ferry to Melby leaves the north pier at 7:10 every weekday morning."
    (folder / "ferry.txt").write_text(f"{shared}\n\nTickets are sold on board.\n", encoding="utf-8")
    (folder / "all.txt").write_text(f"{shared}\n\nThe museum opens at noon.\n", encoding="utf-8")
    bot = DocumentQA.build([folder], tmp_path / "s", embedder=embedder, chunker=ChunkerConfig(max_tokens=16, overlap_tokens=0))
    passages = bot.retrieve("When does the ferry to Melby leave?", top_k=3)
    assert [p.text for p in passages].count(shared) == 1
    assert len(passages) == 3  # the next passage takes the duplicate's place
    assert len({p.text for p in passages}) == 3
    bot.close()
