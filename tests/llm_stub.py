"""A scripted OpenAI-compatible chat server on the loopback, for tests of generative answers.

Each POST to ``/v1/chat/completions`` takes the next behaviour from ``script`` (the last one is
repeated): ``("reply", text)``, ``("status", code, body)``, ``("sleep", seconds, text)``,
``("raw", body)``, ``("stream", [pieces], seconds between pieces)`` and ``("no_schema", text)``
(HTTP 400 while the request carries ``response_format``, then ``text``). Requests are kept in
``requests`` as parsed JSON.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def completion(text: str) -> dict[str, Any]:
    return {"id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": "stub",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def chunk(piece: str) -> bytes:
    event = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": 0, "model": "stub",
             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
    return f"data: {json.dumps(event)}\n\n".encode()


class StubLLM:
    """Use as a context manager; ``url`` is the API base to give docqa."""

    def __init__(self, *script: tuple[Any, ...]) -> None:
        self.script = list(script) or [("reply", "{}")]
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                self._send(200, {"object": "list", "data": [{"id": "stub", "object": "model"}]})

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                stub.requests.append(body)
                behaviour = stub.script.pop(0) if len(stub.script) > 1 else stub.script[0]
                kind = behaviour[0]
                if kind == "reply":
                    self._send(200, completion(behaviour[1]))
                elif kind == "status":
                    self._send(behaviour[1], {"error": {"message": behaviour[2]}})
                elif kind == "sleep":
                    time.sleep(behaviour[1])
                    self._send(200, completion(behaviour[2]))
                elif kind == "raw":
                    self._send(200, behaviour[1])
                elif kind == "no_schema":
                    if "response_format" in body:
                        stub.script.insert(0, behaviour)
                        self._send(400, {"error": {"message": "response_format is not supported"}})
                    else:
                        self._send(200, completion(behaviour[1]))
                elif kind == "stream":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for piece in behaviour[1]:
                        time.sleep(behaviour[2])
                        self.wfile.write(chunk(piece))
                        self.wfile.flush()
                    self.wfile.write(b"data: [DONE]\n\n")

            def _send(self, code: int, payload: Any) -> None:
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # port 0: the OS picks, no race
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StubLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
