"""docqa as an OpenAI-compatible model: ``GET /v1/models`` and ``POST /v1/chat/completions``
(plain or streamed as server-sent events), so Open WebUI, LibreChat or any OpenAI SDK can talk to it.

The reply's ``content`` carries the ``[n]`` markers and a short "Sources" list for plain clients;
``choices[0].message.citations`` (and the last streamed delta) carries the citation objects of
``qa ask --json``; a top-level ``docqa`` object carries abstained, confidence, threshold,
short_answer, mode, notice and the retrieval query. In a stream, each citation is also sent as an Open WebUI
``{"event": {"type": "citation", ...}}`` frame. Earlier user messages resolve follow-ups.

With an API key every request needs ``Authorization: Bearer KEY``; without one the API answers
only clients on this machine (loopback).
"""

from __future__ import annotations

import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from index.errors import QAError
from qa.answers import Answer
from qa.api import DocumentQA

MODEL = "docqa"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def error(status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> Any:
    from starlette.responses import JSONResponse

    return JSONResponse({"error": {"message": message, "type": kind, "param": None, "code": code}}, status_code=status)


def content_of(answer: Answer) -> str:
    """The answer text, then a "Sources" list, for clients that show only ``content``."""
    cites = answer.suggestions if answer.abstained else answer.citations
    if not cites:
        return answer.text
    title = "Maybe related (not an answer)" if answer.abstained else "Sources"
    lines = [f"[{i}] {c.location()}: “{' '.join(c.text.split())}”" for i, c in enumerate(cites, 1)]
    return f"{answer.text}\n\n{title}:\n" + "\n".join(lines)


def docqa_fields(answer: Answer) -> dict[str, Any]:
    return {"abstained": answer.abstained, "confidence": round(answer.confidence, 4), "threshold": answer.threshold,
            "short_answer": answer.short_answer, "mode": answer.mode, "notice": answer.notice,
            "retrieval_query": answer.retrieval_query}


def parse_messages(body: Any) -> tuple[str, list[str]]:
    """(question, earlier user turns); ValueError with an OpenAI-style message if unusable."""
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list) or not messages:
        raise ValueError("'messages' must be a non-empty list of {role, content} objects")
    turns: list[str] = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or not isinstance(m.get("role"), str):
            raise ValueError(f"messages[{i}] must be an object with a 'role'")
        if m["role"] != "user":
            continue
        content = m.get("content")
        if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
        if not isinstance(content, str):
            raise ValueError(f"messages[{i}].content must be a string or a list of text parts")
        turns.append(content)
    if not turns or not turns[-1].strip():
        raise ValueError("no user message to answer: the last user message is missing or empty")
    return turns[-1], turns[:-1]


def build_api(bot: DocumentQA, *, api_key: str | None = None) -> Any:
    """The Starlette app serving ``/v1``."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse, StreamingResponse
    from starlette.routing import Route

    def refused(request: Request) -> Any:
        if api_key:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {api_key}".encode()):
                return error(401, "missing or wrong API key: send 'Authorization: Bearer <key>'", "authentication_error",
                             "invalid_api_key")
        elif (request.client.host if request.client else "") not in LOOPBACK:
            return error(403, "this API answers only on this machine unless docqa is served with --api-key",
                         "permission_error")
        return None

    async def models(request: Request) -> Any:
        return refused(request) or JSONResponse(
            {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "docqa"}]})

    async def completions(request: Request) -> Any:
        if (denied := refused(request)) is not None:
            return denied
        try:
            body = json.loads(await request.body())
        except ValueError:
            return error(400, "the request body is not valid JSON")
        if not isinstance(body, dict):
            return error(400, "the request body must be a JSON object")
        model = body.get("model")
        if model != MODEL:
            return error(404, f"the model {model!r} does not exist; this server has {MODEL!r}", code="model_not_found")
        if not isinstance(body.get("stream", False), bool):
            return error(400, "'stream' must be true or false")
        within = body.get("within")
        if within is not None and (not isinstance(within, list) or not within
                                   or not all(isinstance(w, str) for w in within)):
            return error(400, "'within' must be a non-empty list of file or folder paths (as `qa list` shows them)")
        try:
            question, history = parse_messages(body)
        except ValueError as exc:
            return error(400, str(exc))
        try:
            answer = await run_in_threadpool(lambda: bot.ask(question, history, within=within))
        except QAError as exc:
            return error(400, str(exc))
        ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        citations = [c.as_dict() for c in (answer.suggestions if answer.abstained else answer.citations)]
        if body.get("stream"):
            return StreamingResponse(stream(answer, citations, ident, created), media_type="text/event-stream")
        return JSONResponse({
            "id": ident, "object": "chat.completion", "created": created, "model": MODEL,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content_of(answer), "citations": citations}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "docqa": docqa_fields(answer)})

    async def stream(answer: Answer, citations: list[dict[str, Any]], ident: str, created: int) -> AsyncIterator[str]:
        def frame(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            chunk = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
            return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

        yield frame({"role": "assistant", "content": ""})
        words = content_of(answer).split(" ")
        for i in range(0, len(words), 8):
            yield frame({"content": " ".join(words[i : i + 8]) + (" " if i + 8 < len(words) else "")})
        for c in answer.suggestions if answer.abstained else answer.citations:
            meta = {"source": c.source, "start": c.start, "end": c.end, "page": c.page, "line": c.line, "section": c.section}
            event = {"type": "citation", "data": {"document": [c.text], "metadata": [meta], "source": {"name": c.location()}}}
            yield f"data: {json.dumps({'event': event}, ensure_ascii=False)}\n\n"
        yield frame({"citations": citations}, "stop", docqa=docqa_fields(answer))
        yield "data: [DONE]\n\n"

    return Starlette(routes=[Route("/v1/models", models, methods=["GET"]),
                             Route("/v1/chat/completions", completions, methods=["POST"])])


class OpenAIRoutes:
    """ASGI middleware: ``/v1/...`` goes to the OpenAI-compatible API, everything else to Gradio."""

    def __init__(self, app: Any, api: Any) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("path", "").startswith("/v1/"):
            await self.api(scope, receive, send)
            return
        await self.app(scope, receive, send)


def serve_api(bot: DocumentQA, host: str = "127.0.0.1", port: int = 7860, *, api_key: str | None = None,
              block: bool = True) -> Any:
    """Serve only the API (``qa serve --api-only``); with ``block=False`` return the running
    uvicorn server (call ``.should_exit = True`` to stop it)."""
    import threading

    import uvicorn

    server = uvicorn.Server(uvicorn.Config(build_api(bot, api_key=api_key), host=host, port=port, log_level="warning"))
    if block:
        server.run()
        return server
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    return server
