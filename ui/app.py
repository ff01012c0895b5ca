"""A minimal Gradio chat over :meth:`qa.DocumentQA.ask` (the full UI is its own issue)."""

from __future__ import annotations

import html
import os
from typing import Any

from index.errors import QAError
from qa.answers import Answer
from qa.api import DocumentQA

EXAMPLES = [
    "How many soldiers guard the Kabul airport?",
    "Since when has Azerbaijan contributed to NATO operations in Afghanistan?",
    "Who is the NATO Secretary-General?",
]


def render(answer: Answer) -> str:
    """Markdown for one answer: the text with [n] markers, then the quoted sources."""
    lines = [html.escape(answer.text)]
    cites = answer.suggestions if answer.abstained else answer.citations
    if cites:
        lines.append("\n**Closest passages (maybe related, not an answer):**" if answer.abstained else "\n**Sources:**")
        for i, c in enumerate(cites, 1):
            page = f", page {c.page}" if c.page else ""
            name = html.escape(c.source.rsplit("/", 1)[-1])
            lines.append(f"{i}. `{name}` line {c.line}{page}, chars {c.start}–{c.end}: <mark>{html.escape(c.text)}</mark>")
    lines.append(f"\n<small>confidence {answer.confidence:.2f} (abstains below {answer.threshold:.2f})</small>")
    return "\n".join(lines)


def build_app(bot: DocumentQA) -> Any:
    import gradio as gr

    def respond(message: str, history: list[dict[str, Any]]) -> str:
        try:
            return render(bot.ask(message, history=history))
        except QAError as exc:
            raise gr.Error(str(exc)) from exc

    return gr.ChatInterface(
        respond,
        title="Document QA",
        description="Answers from your documents only, each with the exact cited span.",
        examples=EXAMPLES,
        api_name="ask",
        analytics_enabled=False,
    )


def launch(bot: DocumentQA, host: str = "127.0.0.1", port: int = 7860, *, block: bool = True) -> Any:
    """Serve the chat UI; with ``block=False`` return the running app (for tests)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    app = build_app(bot)
    app.queue(default_concurrency_limit=2, max_size=64)
    app.launch(
        server_name=host,
        server_port=port,
        share=False,
        max_file_size="50mb",
        show_error=True,
        enable_monitoring=False,
        mcp_server=False,
        prevent_thread_lock=not block,
        quiet=not block,
    )
    return app
