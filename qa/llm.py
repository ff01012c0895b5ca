"""A client for any OpenAI-compatible chat server (Ollama, llama.cpp, vLLM, LM Studio, ...).

Plain HTTP through httpx (installed with Gradio); the ``openai`` package is not needed. Every
failure (unreachable server, HTTP error, timeout, a reply that is not a chat completion, a
stream that stalls) is an :class:`index.errors.LLMError` naming the URL, so callers can fall
back to the extractive answer.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from index.errors import InvalidInputError, LLMError

Message = Mapping[str, str]


@dataclass(frozen=True)
class LLMConfig:
    """Where the language model is: ``url`` is the API base (``http://localhost:11434/v1``),
    ``model`` its name on that server, ``key`` a bearer token if the server wants one (kept out of
    ``repr``), ``timeout`` the seconds allowed for a whole reply."""

    url: str
    model: str
    key: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    max_tokens: int = 600

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise InvalidInputError(f"llm url must start with http:// or https://, got {self.url!r}")
        if not self.model.strip():
            raise InvalidInputError("llm model is empty; give the model's name on that server (e.g. llama3.2)")
        if not self.timeout > 0:
            raise InvalidInputError(f"llm timeout must be positive, got {self.timeout!r}")
        if self.max_tokens < 1:
            raise InvalidInputError(f"llm max_tokens must be at least 1, got {self.max_tokens!r}")

    @classmethod
    def from_settings(cls, url: str | None = None, model: str | None = None, key: str | None = None,
                      timeout: float | None = None, environ: Mapping[str, str] | None = None) -> LLMConfig | None:
        """Arguments first, then ``QA_LLM_URL``, ``QA_LLM_MODEL``, ``QA_LLM_KEY``, ``QA_LLM_TIMEOUT``;
        None when no URL is set (generative mode off)."""
        env = os.environ if environ is None else environ
        url = url or env.get("QA_LLM_URL")
        if not url:
            return None
        model = model or env.get("QA_LLM_MODEL")
        if not model:
            raise InvalidInputError("an LLM URL is set but no model: give --llm-model or set QA_LLM_MODEL")
        raw_timeout = timeout if timeout is not None else env.get("QA_LLM_TIMEOUT")
        try:
            seconds = float(raw_timeout) if raw_timeout is not None else 60.0
        except ValueError:
            raise InvalidInputError(f"QA_LLM_TIMEOUT must be a number of seconds, got {raw_timeout!r}") from None
        return cls(url.rstrip("/"), model, key or env.get("QA_LLM_KEY") or None, seconds)


@runtime_checkable
class ChatClient(Protocol):
    """What generative answering needs from a language model."""

    def complete(self, messages: Sequence[Message], *, schema: dict[str, Any] | None = None) -> str:
        """The assistant's reply to ``messages``; ``schema`` asks for JSON of that shape where supported."""

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """The reply in pieces as the server writes them."""


class OpenAICompatibleClient:
    """``POST {url}/chat/completions``, plain or streamed (server-sent events). Cheap to make; the
    HTTP connection pool is opened on first use."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self._client: Any = None

    def _http(self) -> Any:
        if self._client is None:
            import httpx

            headers = {"Authorization": f"Bearer {self.config.key}"} if self.config.key else {}
            self._client = httpx.Client(base_url=self.config.url, headers=headers,
                                        timeout=httpx.Timeout(self.config.timeout, connect=min(10.0, self.config.timeout)))
        return self._client

    def _body(self, messages: Sequence[Message], **extra: Any) -> dict[str, Any]:
        return {"model": self.config.model, "messages": [dict(m) for m in messages], "temperature": 0,
                "max_tokens": self.config.max_tokens, **extra}

    def _post(self, body: dict[str, Any]) -> Any:
        import httpx

        where = f"the LLM server at {self.config.url}"
        try:
            return self._http().post("/chat/completions", json=body)
        except httpx.TimeoutException:
            raise LLMError(f"{where} did not answer within {self.config.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise LLMError(f"could not reach {where} ({type(exc).__name__}: {exc}); is it running?") from None

    def complete(self, messages: Sequence[Message], *, schema: dict[str, Any] | None = None) -> str:
        """One reply; if the server refuses ``response_format`` (HTTP 400), asks again without it."""
        body = self._body(messages, stream=False)
        if schema is not None:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "answer", "schema": schema, "strict": True}}
        response = self._post(body)
        if response.status_code == 400 and schema is not None:
            body.pop("response_format")
            response = self._post(body)
        self._check(response)
        return self._content(response)

    def _content(self, response: Any) -> str:
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise LLMError(f"the LLM server at {self.config.url} sent a reply that is not a chat completion: "
                           f"{response.text[:200]!r}") from None
        if not isinstance(content, str):
            raise LLMError(f"the LLM server at {self.config.url} sent no text in its reply")
        return content

    def _check(self, response: Any) -> None:
        if response.status_code >= 400:
            raise LLMError(f"the LLM server at {self.config.url} answered HTTP {response.status_code}: "
                           f"{response.text[:200]!r}")

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """The reply's pieces; the whole stream must finish within the timeout."""
        import httpx

        deadline = time.monotonic() + self.config.timeout
        where = f"the LLM server at {self.config.url}"
        try:
            with self._http().stream("POST", "/chat/completions", json=self._body(messages, stream=True)) as response:
                if response.status_code >= 400:
                    response.read()
                    self._check(response)
                if response.headers.get("content-type", "").startswith("application/json"):
                    response.read()  # a server that ignores "stream": the whole reply at once
                    yield self._content(response)
                    return
                for line in response.iter_lines():
                    if time.monotonic() > deadline:
                        raise LLMError(f"{where} was too slow: no complete reply within {self.config.timeout:g} s")
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    try:
                        piece = json.loads(data)["choices"][0].get("delta", {}).get("content")
                    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                        raise LLMError(f"{where} sent a stream event that is not a chat chunk: {data[:200]!r}") from None
                    if piece:
                        yield piece
        except httpx.TimeoutException:
            raise LLMError(f"{where} did not answer within {self.config.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise LLMError(f"could not reach {where} ({type(exc).__name__}: {exc}); is it running?") from None

    def close(self) -> None:
        """Close the connection pool."""
        if self._client is not None:
            self._client.close()
            self._client = None
