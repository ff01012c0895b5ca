from __future__ import annotations

import socket
from pathlib import Path

import pytest

from qa import DocumentQA
from ui.app import launch, render


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def bot(docs: Path, store_path: Path, embedder) -> DocumentQA:
    return DocumentQA.build([docs], store_path, embedder=embedder)


def test_render_escapes_html_and_marks_the_quote(bot: DocumentQA) -> None:
    answer = bot.ask("How many varieties of apple does Brightwater Orchard grow?")
    html = render(answer)
    assert "<mark>" in html and "27 varieties" in html and "orchard.html" in html
    assert "<script" not in html


def test_chat_endpoint_answers_through_gradio_client(bot: DocumentQA) -> None:
    from gradio_client import Client

    port = free_port()
    app = launch(bot, port=port, block=False)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        reply = client.predict("When was the Kestrel Point Lighthouse first lit?", api_name="/ask")
        assert "3 March 1902" in str(reply) and "lighthouse.md" in str(reply)
    finally:
        app.close()
