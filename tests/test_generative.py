"""Generative answers through an OpenAI-compatible server: every quote verified against the stored
text, every failure a clear notice and the extractive answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.errors import InvalidInputError, LLMError
from qa import Answer, AnswerConfig, DocumentQA
from qa.generative import locate, missing_facts, normalise, parse_reply
from qa.llm import LLMConfig, OpenAICompatibleClient
from tests.conftest import CountingEmbedder, free_port
from tests.llm_stub import StubLLM

pytestmark = pytest.mark.server
QUESTION = "When was the Halvard Bridge completed?"
SENTENCE = "It was completed in 1887 after nine years of work."


def claims(*items: tuple[str, str, int]) -> str:
    return json.dumps({"answerable": True, "claims": [{"text": t, "quote": q, "passage": n} for t, q, n in items]})


@pytest.fixture
def bot(docs: Path, store_path: Path) -> Iterator[DocumentQA]:
    bot = DocumentQA.build([docs], store_path, embedder=CountingEmbedder(),
                           answering=AnswerConfig(answerer="heuristic", threshold=0.0))
    yield bot
    bot.close()


def ask(bot: DocumentQA, stub: StubLLM, question: str = QUESTION, timeout: float = 5.0):  # noqa: ANN201
    bot.chat_client = OpenAICompatibleClient(LLMConfig(stub.url, "stub", timeout=timeout))
    return bot.ask(question)


def stored(citation) -> str:  # noqa: ANN001
    return Path(citation.source).read_text(encoding="utf-8")[citation.start : citation.end]


def test_a_verbatim_quote_becomes_a_citation_of_the_stored_text(bot: DocumentQA) -> None:
    reply = claims(("The Halvard Bridge was completed in 1887.", "completed in 1887 after nine years", 1))
    with StubLLM(("reply", reply)) as stub:
        answer = ask(bot, stub)
    assert answer.mode == "generative" and not answer.abstained
    assert answer.text == "The Halvard Bridge was completed in 1887. [1]"
    c = answer.citations[0]
    assert c.text == "completed in 1887 after nine years" == stored(c)
    assert [r.status for r in answer.claims] == ["verified"] and answer.claims[0].citation == 1
    request = stub.requests[0]
    assert request["model"] == "stub" and request["response_format"]["type"] == "json_schema"
    assert "[1] " in request["messages"][1]["content"] and QUESTION in request["messages"][1]["content"]
    data = answer.as_dict()
    assert data["mode"] == "generative" and data["claims"][0]["status"] == "verified"


def test_quote_marks_dashes_and_spaces_are_normalised_but_the_citation_is_the_stored_text(bot: DocumentQA) -> None:
    reply = claims(("It took nine years.", "It  was\ncompleted in 1887 after nine years of work", 2))
    with StubLLM(("reply", reply)) as stub:
        answer = ask(bot, stub)
    assert answer.mode == "generative"
    assert answer.citations[0].text == "It was completed in 1887 after nine years of work" == stored(answer.citations[0])


def test_an_invented_quote_is_dropped_and_the_extractive_answer_stands(bot: DocumentQA) -> None:
    reply = claims(("The bridge was built by Romans.", "The bridge was built by the Romans in 50 AD.", 1))
    with StubLLM(("reply", reply)) as stub:
        answer = ask(bot, stub)
    assert answer.mode == "extractive" and "could be verified" in answer.notice
    assert [r.status for r in answer.claims] == ["quote not found"]
    assert answer.citations and all(c.text == stored(c) for c in answer.citations)


def test_a_wrong_number_is_dropped_even_with_a_real_quote(bot: DocumentQA) -> None:
    reply = claims(("It was completed in 1888.", SENTENCE, 1), ("It took nine years of work.", SENTENCE, 1))
    with StubLLM(("reply", reply)) as stub:
        answer = ask(bot, stub)
    assert answer.mode == "generative" and answer.text == "It took nine years of work. [1]"
    assert answer.claims[0].status == "unsupported: 1888 not in the quote"
    assert answer.claims[1].status == "verified"


@pytest.mark.parametrize(("script", "notice"), [
    (("raw", "this is not json at all"), "not a chat completion"),
    (("reply", "Sure! Here is what I think about bridges."), "could not be read as claims"),
    (("status", 500, "model crashed"), "answered HTTP 500"),
    (("sleep", 3.0, "{}"), "did not answer within 0.5 s"),
    (("reply", json.dumps({"answerable": False, "claims": []})), "found no answer in the passages"),
])
def test_failures_fall_back_to_the_extractive_answer_with_a_notice(bot: DocumentQA, script, notice) -> None:  # noqa: ANN001
    with StubLLM(script) as stub:
        answer = ask(bot, stub, timeout=0.5)
    assert answer.mode == "extractive" and notice in answer.notice and answer.citations


def test_an_unreachable_server_is_named(bot: DocumentQA) -> None:
    bot.chat_client = OpenAICompatibleClient(LLMConfig(f"http://127.0.0.1:{free_port()}/v1", "stub", timeout=2))
    answer = bot.ask(QUESTION)
    assert answer.mode == "extractive" and "could not reach the LLM server at http://127.0.0.1:" in answer.notice


def test_a_server_without_json_schema_support_is_asked_again_plainly(bot: DocumentQA) -> None:
    plain = f'The bridge was finished in 1887 "{SENTENCE}" [1]'
    with StubLLM(("no_schema", plain)) as stub:
        answer = ask(bot, stub)
    assert answer.mode == "generative" and answer.citations[0].text == SENTENCE
    assert "response_format" in stub.requests[0] and "response_format" not in stub.requests[1]


def test_the_model_is_not_asked_when_the_extractive_answer_abstains(docs: Path, store_path: Path) -> None:
    bot = DocumentQA.build([docs], store_path, embedder=CountingEmbedder(),
                           answering=AnswerConfig(answerer="heuristic", threshold=1.0))
    with StubLLM(("reply", claims(("x", SENTENCE, 1)))) as stub:
        answer = ask(bot, stub)
        assert answer.abstained and stub.requests == []
        assert bot.ask(QUESTION, generative=False).mode == "extractive" and stub.requests == []
    bot.close()


def test_generative_without_a_model_is_a_clear_error(bot: DocumentQA) -> None:
    with pytest.raises(InvalidInputError, match="no language model is configured"):
        bot.ask(QUESTION, generative=True)


def test_streams_arrive_in_pieces_and_a_stalled_stream_is_cut_off() -> None:
    with StubLLM(("stream", ["The ", "bridge ", "is old."], 0.01)) as stub:
        client = OpenAICompatibleClient(LLMConfig(stub.url, "stub", timeout=5))
        assert list(client.stream([{"role": "user", "content": "hi"}])) == ["The ", "bridge ", "is old."]
    with StubLLM(("stream", ["a"] * 20, 0.2)) as stub:
        client = OpenAICompatibleClient(LLMConfig(stub.url, "stub", timeout=1))
        with pytest.raises(LLMError, match="too slow|did not answer"):
            list(client.stream([{"role": "user", "content": "hi"}]))


def test_the_openai_sdk_reads_the_stub_as_a_real_server() -> None:
    import openai  # a dev extra: the real SDK as a client proves the stub speaks the protocol
    with StubLLM(("reply", "hello")) as stub:
        client = openai.OpenAI(base_url=stub.url, api_key="unused")
        reply = client.chat.completions.create(model="stub", messages=[{"role": "user", "content": "hi"}])
    assert reply.choices[0].message.content == "hello"


@pytest.mark.unit
def test_settings_come_from_arguments_then_the_environment() -> None:
    env = {"QA_LLM_URL": "http://localhost:11434/v1/", "QA_LLM_MODEL": "llama3.2", "QA_LLM_KEY": "sk-secret"}
    config = LLMConfig.from_settings(environ=env)
    assert config == LLMConfig("http://localhost:11434/v1", "llama3.2", "sk-secret", 60.0) and "secret" not in repr(config)
    assert LLMConfig.from_settings(model="m", url="http://h/v1", environ={}) == LLMConfig("http://h/v1", "m")
    assert LLMConfig.from_settings(environ={}) is None
    with pytest.raises(InvalidInputError, match="no model"):
        LLMConfig.from_settings(url="http://h/v1", environ={})
    with pytest.raises(InvalidInputError, match="must start with http"):
        LLMConfig("localhost:11434", "m")
    with pytest.raises(InvalidInputError, match="QA_LLM_TIMEOUT"):
        LLMConfig.from_settings(environ={**env, "QA_LLM_TIMEOUT": "soon"})


@pytest.mark.unit
def test_normalising_keeps_a_map_back_to_the_original_offsets() -> None:
    text = "He said “it’s  done” — in\n1887."
    norm, where = normalise(text)
    assert norm == "He said \"it's done\" - in 1887."
    assert locate("it's done\" - in 1887", text) == (9, 30) and text[9:30] == "it’s  done” — in\n1887"
    assert locate("not there", text) is None


@pytest.mark.unit
def test_facts_of_a_claim_must_be_in_its_quote_names_may_come_from_the_question() -> None:
    assert missing_facts("The Halvard Bridge opened in 1887.", SENTENCE, QUESTION) == []
    assert missing_facts("It opened in 1888 with 130,000 visitors.", "opened in 1887", "When?") == ["1888", "130,000"]
    assert missing_facts("Margit Solberg designed it.", SENTENCE, QUESTION) == ["Margit", "Solberg"]
    assert missing_facts("It cost 130,000 crowns.", "a price of 130000 crowns", "How much?") == []


@pytest.mark.unit
def test_replies_are_read_as_json_fenced_json_or_plain_text() -> None:
    assert parse_reply('```json\n{"answerable": true, "claims": [{"text": "a", "quote": "b c d", "passage": 2}]}\n```') == (
        True, [("a", "b c d", 2)])
    assert parse_reply('Built in 1887 "It was completed in 1887" [1]') == (True, [("Built in 1887",
                                                                                    "It was completed in 1887", 1)])
    assert parse_reply("The passages do not answer this question.") == (False, [])
    with pytest.raises(LLMError, match="could not be read"):
        parse_reply("I like bridges.")


def test_qa_ask_with_an_llm_url(docs: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_cli import run

    for name in ("QA_LLM_URL", "QA_LLM_MODEL", "QA_LLM_KEY", "QA_LLM_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    DocumentQA.build([docs / "bridge.txt"], store_path, embedder=CountingEmbedder()).close()
    base = ["ask", "--store", str(store_path), "--answerer", "heuristic", "--threshold", "0"]
    with StubLLM(("reply", claims(("It was completed in 1887.", SENTENCE, 1)))) as stub:
        code, out, err = run(*base, "--json", "--llm-url", stub.url, "--llm-model", "stub", QUESTION)
        assert code == 0, err
        data = json.loads(out)
        assert data["mode"] == "generative" and data["citations"][0]["text"] == SENTENCE and data["notice"] == ""
        code, out, _ = run(*base, "--llm-url", stub.url, "--llm-model", "stub", QUESTION)
        assert code == 0 and "written by the language model: 1 of 1 claims verified" in out
    with StubLLM(("status", 500, "boom")) as stub:
        code, out, err = run(*base, "--llm-url", stub.url, "--llm-model", "stub", QUESTION)
        assert code == 0 and "note: the LLM server at" in err and "HTTP 500" in err and "1887" in out
    code, _, err = run(*base, "--llm-url", "http://127.0.0.1:9/v1", QUESTION)
    assert code == 2 and "no model: give --llm-model or set QA_LLM_MODEL" in err


def test_eval_reports_the_share_of_claims_verified_and_the_fallback_rate(tmp_path: Path) -> None:
    from qa.datasets import load
    from qa.evaluation import evaluate
    from tests.conftest import FIXTURES

    evalset = load(FIXTURES / "squad_tiny.json", tmp_path / "corpus")
    bogus = claims(("Invented.", "words that are in no passage at all", 1))
    with StubLLM(("reply", bogus)) as stub:
        report = evaluate(evalset, store=tmp_path / "store", threshold=0.0, embedder=CountingEmbedder(),
                          answerer="heuristic", llm=LLMConfig(stub.url, "stub"))
    gen = report["generative"]
    assert gen["answers"] == 5 and gen["generative"] == 0 and gen["fallback_rate"] == 1.0
    assert gen["claims"] == 5 and gen["claims_verified"] == 0.0
    assert report["answer"]["citation_valid"] == 1.0
    from qa.eval_cli import markdown

    table = markdown([report])
    assert "## generative" in table and "| fallback_rate | 1.000 |" in table and "| claims_verified | 0.000 |" in table
    plain = evaluate(evalset, store=tmp_path / "store", threshold=0.0, embedder=CountingEmbedder(), answerer="heuristic")
    assert plain["generative"] is None and "## generative" not in markdown([plain])


def test_the_chat_ui_shows_the_verified_generative_answer_and_can_switch_it_off(bot: DocumentQA, tmp_path: Path) -> None:
    from ui.app import ChatUI

    with StubLLM(("reply", claims(("It was completed in 1887.", SENTENCE, 1)))) as stub:
        bot.chat_client = OpenAICompatibleClient(LLMConfig(stub.url, "stub"))
        ui = ChatUI(bot, tmp_path / "uploads")
        chat = list(ui.respond(QUESTION, [], [], 5, True, 0.0, True))[-1][0]
        assert "Written by the language model; 1 of 1 claims verified" in chat[-1]["content"]
        chat = list(ui.respond(QUESTION, [], [], 5, True, 0.0, False))[-1][0]
        assert "language model" not in chat[-1]["content"] and len(stub.requests) == 1


def test_the_draft_streams_then_the_verified_answer_replaces_it(bot: DocumentQA, tmp_path: Path) -> None:
    from ui.app import ChatUI

    pieces = ["It was completed ", "in 1887. ", f'"{SENTENCE}" [1]']
    with StubLLM(("stream", pieces, 0.01)) as stub:
        bot.chat_client = OpenAICompatibleClient(LLMConfig(stub.url, "stub"))
        items = list(bot.ask_stream(QUESTION))
        assert items[:3] == ["It was completed ", "It was completed in 1887. ", "".join(pieces)]
        final = items[-1]
        assert isinstance(final, Answer)
        assert final.mode == "generative" and final.citations[0].text == SENTENCE == stored(final.citations[0])
        assert stub.requests[0]["stream"] is True and "one per line" in stub.requests[0]["messages"][0]["content"]
        updates = [u[0][-1]["content"] for u in ChatUI(bot, tmp_path / "uploads").respond(QUESTION, [], [], 5, True, 0.0)]
    assert updates[0].startswith("_Draft by the language model, being checked against the documents…_")
    assert "Written by the language model; 1 of 1 claims verified" in updates[-1]
    with StubLLM(("status", 500, "down")) as stub:
        bot.chat_client = OpenAICompatibleClient(LLMConfig(stub.url, "stub"))
        final = list(bot.ask_stream(QUESTION))[-1]
    assert isinstance(final, Answer) and final.mode == "extractive" and "HTTP 500" in final.notice
