"""docqa as an OpenAI-compatible model, read with the real openai SDK: plain and streamed replies
with citations, follow-ups, auth, bad requests, and 20 clients at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from qa import AnswerConfig, DocumentQA
from tests.conftest import CountingEmbedder, free_port
from ui.app import launch

pytestmark = pytest.mark.server
QUESTION = "When was the Kestrel Point Lighthouse first lit?"


@pytest.fixture
def bot(docs: Path, store_path: Path) -> Iterator[DocumentQA]:
    bot = DocumentQA.build([docs], store_path, embedder=CountingEmbedder(), answering=AnswerConfig(answerer="heuristic"))
    yield bot
    bot.close()


@pytest.fixture
def api_only(bot: DocumentQA):  # noqa: ANN201
    port = free_port()
    server = launch(bot, port=port, block=False, api_only=True)
    yield f"http://127.0.0.1:{port}/v1"
    server.should_exit = True


def client(url: str, key: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=60)


def stored(citation: dict) -> str:
    return Path(citation["source"]).read_text(encoding="utf-8")[citation["start"] : citation["end"]]


def test_a_plain_reply_carries_markers_sources_and_citation_objects(api_only: str) -> None:
    c = client(api_only)
    assert [m.id for m in c.models.list().data] == ["docqa"]
    reply = c.chat.completions.create(model="docqa", messages=[{"role": "user", "content": QUESTION}])
    message = reply.choices[0].message
    assert message.content is not None
    assert "[1]" in message.content and "\n\nSources:\n[1] lighthouse.md:" in message.content
    extra = reply.model_extra or {}
    citations = (message.model_extra or {})["citations"]
    assert "3 March 1902" in citations[0]["text"] and citations[0]["text"] == stored(citations[0])
    assert extra["docqa"]["abstained"] is False and extra["docqa"]["mode"] == "extractive"


def test_a_stream_sends_the_text_open_webui_citation_events_and_the_citations_last(api_only: str) -> None:
    with httpx.stream("POST", f"{api_only}/chat/completions", timeout=60,
                      json={"model": "docqa", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}) as r:
        events = [json.loads(line[5:]) for line in r.iter_lines() if line.startswith("data:") and line != "data: [DONE]"]
    text = "".join(e["choices"][0]["delta"].get("content", "") for e in events if "choices" in e)
    cites = [e["event"] for e in events if "event" in e]
    last = events[-1]
    assert "[1]" in text and "Sources:" in text
    assert cites and cites[0]["type"] == "citation" and "3 March 1902" in cites[0]["data"]["document"][0]
    assert last["choices"][0]["finish_reason"] == "stop" and last["choices"][0]["delta"]["citations"]
    assert last["docqa"]["abstained"] is False
    streamed = client(api_only).chat.completions.create(model="docqa", stream=True,
                                                        messages=[{"role": "user", "content": QUESTION}])
    assert "[1]" in "".join(chunk.choices[0].delta.content or "" for chunk in streamed if chunk.choices)


def test_within_keeps_the_answer_to_those_documents(api_only: str, docs: Path) -> None:
    question = "How many times a day does the ferry cross the fjord?"
    reply = client(api_only).chat.completions.create(model="docqa", messages=[{"role": "user", "content": question}],
                                                     extra_body={"within": [str(docs / "lighthouse.md")]})
    citations = (reply.choices[0].message.model_extra or {})["citations"]
    assert citations and {Path(c["source"]).name for c in citations} == {"lighthouse.md"}
    ferry = client(api_only).chat.completions.create(model="docqa", messages=[{"role": "user", "content": question}])
    assert (ferry.choices[0].message.model_extra or {})["citations"][0]["source"].endswith("ferry.docx")


def test_earlier_user_messages_resolve_a_follow_up(api_only: str) -> None:
    messages: list[Any] = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "In 1902. [1]"},
                {"role": "user", "content": "How far can its lamp be seen?"}]
    reply = client(api_only).chat.completions.create(model="docqa", messages=messages)
    assert "Its lamp can be seen from 34 kilometres away." in (reply.choices[0].message.content or "")
    # asked of the lighthouse the earlier turn named
    assert (reply.model_extra or {})["docqa"]["retrieval_query"] == "How far can the Kestrel Point Lighthouse's lamp be seen?"


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]}, 404, "does not exist"),
    ({"model": "docqa", "messages": []}, 400, "non-empty list"),
    ({"model": "docqa", "messages": [{"role": "system", "content": "be nice"}]}, 400, "no user message"),
    ({"model": "docqa", "messages": [{"role": "user", "content": 42}]}, 400, "must be a string"),
    ({"model": "docqa", "messages": [{"role": "user", "content": "x" * 5000}]}, 400, "characters long"),
    ({"model": "docqa", "stream": "yes", "messages": [{"role": "user", "content": "hi"}]}, 400, "'stream'"),
    ({"model": "docqa", "within": "docs", "messages": [{"role": "user", "content": "hi"}]}, 400, "'within' must be"),
    ({"model": "docqa", "within": ["/nowhere"], "messages": [{"role": "user", "content": "hi"}]}, 400,
     "no indexed document is /nowhere or lies in it"),
])
def test_bad_requests_get_openai_style_errors(api_only: str, body: dict, status: int, message: str) -> None:
    r = httpx.post(f"{api_only}/chat/completions", json=body, timeout=60)
    assert r.status_code == status and message in r.json()["error"]["message"]
    assert httpx.post(f"{api_only}/chat/completions", content=b"{not json", timeout=60).status_code == 400


def test_with_a_key_the_api_refuses_others_and_serves_the_ui_beside_it(bot: DocumentQA, tmp_path: Path) -> None:
    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads", api_key="sk-docqa-test")
    url = f"http://127.0.0.1:{port}/v1"
    try:
        with pytest.raises(openai.AuthenticationError):
            client(url, "wrong").chat.completions.create(model="docqa", messages=[{"role": "user", "content": QUESTION}])
        reply = client(url, "sk-docqa-test").chat.completions.create(
            model="docqa", messages=[{"role": "user", "content": QUESTION}])
        assert "[1]" in (reply.choices[0].message.content or "")
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200  # the UI is still there
    finally:
        app.close()


def test_twenty_clients_at_once(api_only: str) -> None:
    def one(i: int) -> str:
        return client(api_only).chat.completions.create(
            model="docqa", messages=[{"role": "user", "content": QUESTION}]).choices[0].message.content or ""

    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(one, range(20)))
    assert len(replies) == 20 and all("[1]" in r for r in replies)


def test_without_a_key_only_this_machine_is_answered(bot: DocumentQA) -> None:
    from starlette.testclient import TestClient

    from ui.openai_api import build_api

    remote = TestClient(build_api(bot))  # its requests come from host "testclient", not the loopback
    r = remote.get("/v1/models")
    assert r.status_code == 403 and "--api-key" in r.json()["error"]["message"]
    keyed = TestClient(build_api(bot, api_key="k1"))
    assert keyed.get("/v1/models").status_code == 401
    assert keyed.get("/v1/models", headers={"Authorization": "Bearer k1"}).json()["data"][0]["id"] == "docqa"
