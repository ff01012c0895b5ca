"""One conformance suite for every answerer (heuristic, model with a fake reader, the shipped model),
and the model answerer's own behaviour with a fake reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.documents import Document, Span
from index.errors import InvalidInputError
from qa import DocumentQA
from qa.answerer import NOT_FOUND, AnswerConfig, Answerer, ExtractiveAnswerer
from qa.answers import Passage
from qa.corpus import Corpus, StoreCorpus
from qa.model_answerer import ModelAnswerer, sentence_around
from qa.reader import Calibration
from tests.conftest import CountingEmbedder, FakeReader

FAKE_CALIBRATION = Calibration(bias=-1.0, weights=(("margin", 1.0),), threshold=0.5)


def _bot(kind: str, docs: Path, store: Path, threshold: float | None = None) -> DocumentQA:
    if kind == "heuristic":
        return DocumentQA.build([docs], store, embedder=CountingEmbedder(),
                                answering=AnswerConfig(answerer="heuristic", threshold=threshold))
    if kind == "model-fake":
        bot = DocumentQA.build([docs], store, embedder=CountingEmbedder(),
                               answering=AnswerConfig(threshold=threshold), reader=FakeReader())
        assert isinstance(bot.answerer, ModelAnswerer)
        bot.answerer = ModelAnswerer(bot.corpus, AnswerConfig(threshold=threshold), reader=FakeReader(),
                                     calibration=FAKE_CALIBRATION)
        return bot
    return DocumentQA.build([docs], store, answering=AnswerConfig(threshold=threshold))  # the shipped model


ANSWERERS = ["heuristic", "model-fake", pytest.param("model", marks=pytest.mark.integration)]


@pytest.mark.parametrize("kind", ANSWERERS)
def test_answerer_conformance(kind: str, docs: Path, tmp_path: Path) -> None:
    bot = _bot(kind, docs, tmp_path / "store")
    assert isinstance(bot.answerer, Answerer) and bot.answerer.name in ("heuristic", "model")
    assert 0.0 <= bot.answerer.threshold <= 1.0
    question = "How many railway tracks does the Halvard Bridge carry?"
    for threshold, abstains in ((0.0, False), (1.0, True)):
        answer = bot.ask(question, threshold=threshold)
        assert answer.abstained is abstains and answer.threshold == threshold
        assert 0.0 <= answer.confidence <= 1.0
        quotes = answer.suggestions if abstains else answer.citations
        assert quotes and (answer.citations == []) is abstains
        for c in answer.citations + answer.suggestions:
            stored = bot.document(c.source).text
            assert stored[c.start : c.end] == c.text and c.text.strip() == c.text
        if abstains:
            assert answer.text == NOT_FOUND
        else:
            assert answer.text.endswith("[1]") or "[2]" in answer.text
            assert "Halvard" in answer.citations[0].text or "railway" in answer.citations[0].text
            if answer.short_answer is not None:  # its span is document offsets inside the first citation
                first, (a, b) = answer.citations[0], answer.short_answer_span or (-1, -1)
                assert first.start <= a < b <= first.end
                assert bot.document(first.source).text[a:b] == answer.short_answer
    # the same question twice gives the same answer
    assert bot.ask(question).as_dict() == bot.ask(question).as_dict()
    bot.answerer.warm_up()  # loading again is free and harmless
    bot.close()


def test_model_answerer_cites_the_sentence_holding_the_reader_s_span(docs: Path, tmp_path: Path) -> None:
    bot = _bot("model-fake", docs, tmp_path / "store")
    answer = bot.ask("When was the Kestrel Point Lighthouse first lit?", threshold=0.0)
    # the fake reader answers with the word after the longest run of question words
    assert answer.short_answer is not None and answer.short_answer in answer.citations[0].text
    assert answer.citations[0].text.startswith("The Kestrel Point Lighthouse")
    assert bot.answerer.reader.calls >= 1  # type: ignore[attr-defined]
    bot.close()


class SlowReader(FakeReader):
    """A fake reader whose model takes a while to load, and notes which thread loaded it."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.fail = fail
        self.loaded_on: list[str] = []

    def warm_up(self) -> None:
        import threading
        import time

        time.sleep(0.05)
        self.loaded_on.append(threading.current_thread().name)
        if self.fail:
            raise InvalidInputError("no reader model at /nowhere/reader-int8.onnx")

    def read(self, question: str, passages, uncitable=None):  # noqa: ANN001, ANN201
        if self.fail:
            self.warm_up()
        return super().read(question, passages, uncitable)


def test_the_answerer_loads_its_model_on_a_worker_thread_once_while_retrieval_runs(docs: Path, tmp_path: Path) -> None:
    bot = _bot("model-fake", docs, tmp_path / "store")
    reader = SlowReader()
    bot.answerer = ModelAnswerer(bot.corpus, AnswerConfig(threshold=0.0), reader=reader, calibration=FAKE_CALIBRATION)
    for _ in range(3):
        assert bot.ask("When was the Kestrel Point Lighthouse first lit?").citations
    assert bot._warming is not None
    bot._warming[1].join(5)
    assert reader.loaded_on == ["docqa-answerer-warm-up"]  # once, and not on the asking thread
    replacement = SlowReader()  # a new answerer is warmed up in its turn
    bot.answerer = ModelAnswerer(bot.corpus, AnswerConfig(threshold=0.0), reader=replacement,
                                 calibration=FAKE_CALIBRATION)
    bot.ask("When was the Kestrel Point Lighthouse first lit?")
    bot._warming[1].join(5)
    assert replacement.loaded_on == ["docqa-answerer-warm-up"]
    bot.close()


def test_warm_up_loads_the_embedder_and_the_answerer_s_model_before_any_question(docs: Path, tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=embedder, reader=FakeReader())
    reader = SlowReader()
    bot.answerer = ModelAnswerer(bot.corpus, AnswerConfig(threshold=0.0), reader=reader, calibration=FAKE_CALIBRATION)
    embedded = embedder.embedded
    bot.warm_up()
    assert embedder.embedded == embedded + 1 and reader.loaded_on[0] == "docqa-answerer-warm-up"
    bot.close()
    failing = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder(), reader=FakeReader())
    failing.answerer = ModelAnswerer(failing.corpus, AnswerConfig(threshold=0.0), reader=SlowReader(fail=True),
                                     calibration=FAKE_CALIBRATION)
    with pytest.raises(InvalidInputError, match="no reader model at /nowhere"):  # said where it is called
        failing.warm_up()
    failing.close()


def test_a_model_that_fails_to_load_fails_the_answer_with_its_message_not_the_worker_thread(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    crashed: list[object] = []
    monkeypatch.setattr(threading, "excepthook", crashed.append)
    bot = _bot("model-fake", docs, tmp_path / "store")
    bot.answerer = ModelAnswerer(bot.corpus, AnswerConfig(threshold=0.0), reader=SlowReader(fail=True),
                                 calibration=FAKE_CALIBRATION)
    with pytest.raises(InvalidInputError, match="no reader model at /nowhere/reader-int8.onnx"):
        bot.ask("When was the Kestrel Point Lighthouse first lit?")
    assert bot._warming is not None
    bot._warming[1].join(5)
    assert crashed == []
    bot.close()


def test_model_answerer_default_threshold_comes_with_the_calibration(docs: Path, tmp_path: Path) -> None:
    bot = _bot("model-fake", docs, tmp_path / "store")
    assert bot.answerer.threshold == FAKE_CALIBRATION.threshold
    assert bot.ask("When was the Kestrel Point Lighthouse first lit?").threshold == FAKE_CALIBRATION.threshold
    bot.close()
    configured = _bot("model-fake", docs, tmp_path / "store", threshold=0.25)
    assert configured.answerer.threshold == 0.25
    configured.close()


def test_heuristic_default_threshold_is_kept(docs: Path, tmp_path: Path) -> None:
    bot = _bot("heuristic", docs, tmp_path / "store")
    assert isinstance(bot.answerer, ExtractiveAnswerer) and bot.answerer.threshold == 0.30
    bot.close()


def test_answer_config_validates_the_answerer() -> None:
    with pytest.raises(InvalidInputError, match="answerer must be one of model, heuristic, got 'llm'"):
        AnswerConfig(answerer="llm")


@pytest.mark.parametrize(
    ("span", "expected"),
    [((7, 13), "Second one here."), ((0, 3), "First."), ((10, 30), "Second one here. Third, last.")],
)
def test_sentence_around_covers_the_span(span: tuple[int, int], expected: str) -> None:
    text = "First. Second one here. Third, last."
    a, b = sentence_around(text, *span)
    assert text[a:b] == expected


@pytest.mark.integration
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
def test_the_shipped_reader_cites_the_answer_and_extracts_it(shared_model_bot: DocumentQA, question, quote,
                                                              short) -> None:
    answer = shared_model_bot.ask(question)
    assert not answer.abstained, f"abstained with confidence {answer.confidence:.3f}"
    assert quote in answer.citations[0].text
    assert answer.short_answer is not None and short in answer.short_answer


@pytest.mark.integration
@pytest.mark.parametrize("question", ["What is the boiling point of liquid nitrogen in kelvin?",
                                      "Who won the 1998 football world cup?"])
def test_the_shipped_reader_refuses_unrelated_questions(shared_model_bot: DocumentQA, question: str) -> None:
    answer = shared_model_bot.ask(question)
    assert answer.abstained and answer.suggestions, f"answered {answer.text!r} ({answer.confidence:.3f})"


@pytest.fixture(scope="module")
def shared_model_bot(tmp_path_factory: pytest.TempPathFactory) -> DocumentQA:
    from tests.conftest import FIXTURES, make_docx

    folder = tmp_path_factory.mktemp("docs")
    for file in (FIXTURES / "docs").iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    make_docx(folder / "ferry.docx", ["The Nordvik Ferry", "The Nordvik ferry crosses the fjord eleven times a day.",
                                      "The crossing takes 25 minutes."])
    return DocumentQA.build([folder], tmp_path_factory.mktemp("store") / "s")


class DictCorpus:
    """A corpus without a store: documents in a dict, the fake embedder, counts from the texts."""

    def __init__(self, documents: dict[int, Document]) -> None:
        self.documents = documents
        self.embedder = CountingEmbedder()

    def document_by_row(self, row_id: int) -> Document:
        return self.documents[row_id]

    def chunk_count(self) -> int:
        return len(self.documents)

    def document_frequencies(self, words) -> dict[str, int]:  # noqa: ANN001
        return {w: sum(w in d.text.lower() for d in self.documents.values()) for w in words}

    def embed(self, texts):  # noqa: ANN001, ANN201
        return self.embedder.embed(list(texts))


@pytest.mark.parametrize("kind", ["heuristic", "model-fake"])
def test_an_answerer_works_on_the_passages_it_is_given_without_a_store(kind: str) -> None:
    text = "The Halvard Bridge spans the Orsk River. It carries two railway tracks and was completed in 1887."
    document = Document("d1", "bridge.txt", "Bridge", text)
    corpus = DictCorpus({7: document})
    assert isinstance(corpus, Corpus) and isinstance(StoreCorpus.__new__(StoreCorpus), Corpus)
    passage = Passage(chunk_id=1, span=Span(7, "d1", "bridge.txt", "Bridge", 0, len(text), text), score=1.0, rank=0)
    answerer = (ExtractiveAnswerer(corpus, AnswerConfig(answerer="heuristic", threshold=0.0)) if kind == "heuristic"
                else ModelAnswerer(corpus, AnswerConfig(threshold=0.0), reader=FakeReader(), calibration=FAKE_CALIBRATION))
    answer = answerer.answer("How many railway tracks does the Halvard Bridge carry?", [passage])
    assert not answer.abstained and answer.citations[0].text in text
    assert text[answer.citations[0].start : answer.citations[0].end] == answer.citations[0].text


class SpanningReader:
    """A reader whose best span runs from the first paragraph into the third."""

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages, uncitable=None):  # noqa: ANN001, ANN201
        from qa.reader import Reading

        out = []
        for i, text in enumerate(passages):
            start = text.index("94")
            out.append(Reading(i, start, text.index("Elm", start + 20) + 3, 9.0, 0.0, 5.0))
        return out


def test_a_span_running_past_its_paragraph_is_cut_there() -> None:
    text = "The garrison of Fort Elm has 94 soldiers.\n\nSome other text about rivers.\n\nThe garrison of Fort Elm."
    corpus = DictCorpus({1: Document("d", "a.txt", "A", text)})
    passage = Passage(chunk_id=1, span=Span(1, "d", "a.txt", "A", 0, len(text), text), score=1.0, rank=0)
    answer = ModelAnswerer(corpus, AnswerConfig(threshold=0.0), reader=SpanningReader(),
                           calibration=FAKE_CALIBRATION).answer("How many soldiers?", [passage])
    assert [c.text for c in answer.citations] == ["The garrison of Fort Elm has 94 soldiers."]
    assert answer.short_answer == "94 soldiers." and answer.short_answer_span == (29, 41)
    two = "Fort Elm has 94 soldiers. They guard the gate of Fort Elm."  # within a paragraph: both sentences
    passage = Passage(chunk_id=2, span=Span(2, "e", "b.txt", "B", 0, len(two), two), score=1.0, rank=0)
    corpus.documents[2] = Document("e", "b.txt", "B", two)
    answer = ModelAnswerer(corpus, AnswerConfig(threshold=0.0), reader=SpanningReader(),
                           calibration=FAKE_CALIBRATION).answer("How many soldiers?", [passage])
    assert [c.text for c in answer.citations] == [two]


class FirstSentenceReader:
    """A reader equally sure of every passage's first sentence."""

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages, uncitable=None):  # noqa: ANN001, ANN201
        from qa.reader import Reading

        return [Reading(i, 0, text.index(".") + 1, 3.0, 0.0, 1.0) for i, text in enumerate(passages)]


@pytest.mark.parametrize(("text", "question", "expected"), [
    ("Tesla did not invent the radio.", "What did Tesla not invent?", 0.0),
    ("Tesla didn\u2019t invent the radio.", "What didn't Tesla invent?", 0.0),
    ("Tesla invented the motor.", "What didn't Tesla invent?", 1.0),
    ("Tesla invented the motor.", "What did Tesla invent?", 0.0),
    ("Tesla never built a radio.", "What did Tesla build?", 0.0),  # a negating sentence for a plain question is no mismatch
    ("Tesla invented the motor without help.", "What is nothing like the motor?", 0.0),
    ("Nobody invented it. Tesla invented the motor.", "Which did Tesla not invent?", 1.0),  # the sentence, not the passage
])
def test_negation_mismatch_is_a_negating_question_over_a_sentence_that_negates_nothing(
        text: str, question: str, expected: float) -> None:
    from qa.reader import Reading, candidate_features

    sentence = text.split(". ")[-1]
    features = candidate_features(Reading(0, 0, 5, 3.0, 0.0, 1.0), 0, 0.5, question=question, sentence=sentence)
    assert features["negation_mismatch"] == expected


def test_the_calibration_s_negation_weight_prefers_the_negating_sentence_and_refuses_without_one() -> None:
    plain = "Tesla invented the induction motor. He lived in New York."
    negating = "Tesla did not invent the radio. Marconi is credited with it."
    corpus = DictCorpus({1: Document("p", "p.txt", "P", plain), 2: Document("n", "n.txt", "N", negating)})
    passages = [Passage(chunk_id=i, span=Span(i, d.doc_id, d.source, d.title, 0, len(d.text), d.text), score=1.0, rank=i - 1)
                for i, d in corpus.documents.items()]
    calibration = Calibration(bias=-1.0, weights=(("margin", 1.0), ("negation_mismatch", -3.0)), threshold=0.4)
    answerer = ModelAnswerer(corpus, AnswerConfig(), reader=FirstSentenceReader(), calibration=calibration)
    answer = answerer.answer("What did Tesla not invent?", passages)
    assert [c.text for c in answer.citations] == ["Tesla did not invent the radio."]
    assert answer.confidence == pytest.approx(1 / (1 + 2.718281828 ** -2.0), abs=1e-6)
    # without the passage that negates, the question is refused (p = sigmoid(-1 + 3 - 3) < 0.4)
    assert answerer.answer("What did Tesla not invent?", passages[:1]).abstained
    # a plain question is unaffected: both first sentences score alike and the higher-ranked passage is cited
    assert answerer.answer("What did Tesla invent?", passages).citations[0].text == "Tesla invented the induction motor."


def test_a_heading_is_never_cited_the_best_sentence_under_it_is() -> None:
    """The fake reader's best answer lies in the heading (the question repeats it); the document
    knows its headings, so the answerer cites the best sentence outside them instead."""
    from index.sections import markdown_headings
    from qa.answerer import heading_ranges

    text = ("# Lists\n\nIntro text here.\n\n## How to remove items by index ##\n\n"
            "To remove items, use del on the index. Lists grow.")
    headings = markdown_headings(text)
    at = text.index("## How")
    assert headings[1] == (at, 2, "How to remove items by index")  # the line's start, the bare title
    document = Document("d", "lists.md", "Lists", text, (), headings)
    plain = Document("d", "lists.md", "Lists", text)
    span = Span(1, "d", "lists.md", "Lists", 0, len(text), text)
    passage = Passage(chunk_id=1, span=span, score=1.0, rank=0)
    question = "What is the way to remove items?"  # ("How to remove items?" is a task's: qa.tasks answers it)

    def first_citation(doc: Document) -> str:
        answerer = ModelAnswerer(DictCorpus({1: doc}), AnswerConfig(threshold=0.0), reader=FakeReader(),
                                 calibration=FAKE_CALIBRATION)
        return answerer.answer(question, [passage]).citations[0].text

    assert first_citation(plain) == "## How to remove items by index ##"  # what it cited before it knew
    assert first_citation(document) == "To remove items, use del on the index."
    line = len("## How to remove items by index ##")
    assert heading_ranges(document, passage) == [(0, len("# Lists")), (at, at + line)]
    # a passage that starts inside the heading, or after it, gets the range clipped, or none
    later = Passage(chunk_id=2, span=span.within(at + 7, len(text)), score=1.0, rank=0)
    assert heading_ranges(document, later) == [(0, line - 7)]
    after = Passage(chunk_id=3, span=span.within(text.index("To remove"), len(text)), score=1.0, rank=0)
    assert heading_ranges(document, after) == [] and heading_ranges(None, passage) == []
    # a PDF bookmark placed at its title inside a longer line covers the title only
    pdf = Document("p", "a.pdf", "A", "Introduction of the new rules was slow.", (0,), ((0, 1, "Introduction"),))
    whole = Passage(chunk_id=4, span=Span(2, "p", "a.pdf", "A", 0, len(pdf.text), pdf.text), score=1.0, rank=0)
    assert heading_ranges(pdf, whole) == [(0, len("Introduction"))]
    # an end mark (a heading with no title: a definition list's terms end there) covers nothing
    page = "Terms\n\nbytecode\n\nCompiled code.\n\nYes."
    ended = Document("h", "t.html", "T", page, (), ((0, 1, "Terms"), (page.index("bytecode"), 2, "bytecode"),
                                                    (page.index("Yes."), 2, "")))
    whole = Passage(chunk_id=5, span=Span(3, "h", "t.html", "T", 0, len(page), page), score=1.0, rank=0)
    assert heading_ranges(ended, whole) == [(0, len("Terms")), (page.index("bytecode"), page.index("bytecode") + 8)]
    assert ended.section_at(page.index("Yes.")) == "Terms"


def test_the_heuristic_answerer_never_cites_a_heading_either() -> None:
    """An HTML definition term (an API signature) is a heading of its document: the heuristic,
    which cites the signature that repeats the question's words without the headings, cites the
    sentence under it with them."""
    text = "Built-in Functions\n\nabs(x)\n\nReturn the absolute value of a number.\n\nlen(s)\n\nReturn the length of s."
    headings = ((0, 1, "Built-in Functions"), (text.index("abs(x)"), 2, "abs(x)"), (text.index("len(s)"), 2, "len(s)"))
    span = Span(1, "d", "functions.html", "Built-in Functions", 0, len(text), text)
    passage = Passage(chunk_id=1, span=span, score=1.0, rank=0)

    def first_citation(doc: Document) -> str:
        answerer = ExtractiveAnswerer(DictCorpus({1: doc}), AnswerConfig(answerer="heuristic", threshold=0.0))
        return answerer.answer("What does abs(x) return?", [passage]).citations[0].text

    assert first_citation(Document("d", "functions.html", "F", text)) == "abs(x)"  # what it cited before it knew
    with_headings = Document("d", "functions.html", "F", text, (), headings)
    assert first_citation(with_headings) == "Return the absolute value of a number."
    assert with_headings.section_at(text.index("Return the absolute")) == "Built-in Functions › abs(x)"
