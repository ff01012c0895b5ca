"""The Documents tab: uploads that last (in the store, under their own names), a table read from
the store, deletion that asks first and accepts documents added after start, duplicates reported."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from index.store_files import UPLOADS
from qa import DocumentQA
from qa.cli import main
from tests.conftest import CountingEmbedder, free_port
from ui.app import ChatUI, launch, stored_name

pytestmark = pytest.mark.server

QUESTION = "When does the Quillon canteen open?"


@pytest.fixture
def bot(docs: Path, store_path: Path, embedder: CountingEmbedder) -> DocumentQA:
    return DocumentQA.build([docs], store_path, embedder=embedder)


def ask(client, question: str) -> dict:  # noqa: ANN001
    data = client.predict(question, api_name="/ask")
    return json.loads(data) if isinstance(data, str) else data


@pytest.mark.parametrize(("original", "stored"), [
    ("report.pdf", "report.pdf"),
    ("evil name.md", "evil name.md"),
    ("../../etc/passwd.txt", "passwd.txt"),
    (".hidden.md", "hidden.md"),
    ('a<b>:c|d?.txt', "a_b_c_d_.txt"),
    ("résumé — 2026.docx", "résumé — 2026.docx"),
])
def test_an_upload_keeps_its_own_name_made_safe(original: str, stored: str) -> None:
    assert stored_name(original) == stored


def test_uploads_live_in_the_store_and_survive_a_restart(bot: DocumentQA, store_path: Path, tmp_path: Path,
                                                         embedder: CountingEmbedder) -> None:
    from gradio_client import Client, handle_file

    note = tmp_path / "canteen notes.md"
    note.write_text("# Canteen\n\nThe Quillon canteen opens at 7 o'clock every morning.", encoding="utf-8")
    port = free_port()
    app = launch(bot, port=port, block=False)  # the default upload folder: the store's uploads/
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        status, _, _ = client.predict([handle_file(str(note))], api_name="/index")
        assert "1 added" in status
        assert (store_path / UPLOADS / "canteen notes.md").read_bytes() == note.read_bytes()
        status, _, _ = client.predict([handle_file(str(note))], api_name="/index")  # the same file again
        assert "1 unchanged" in status and "0 added" in status
        copy = tmp_path / "copy.md"
        copy.write_bytes(note.read_bytes())
        status, _, _ = client.predict([handle_file(str(copy))], api_name="/index")
        assert "already indexed as `canteen notes.md`" in status and "1 duplicate skipped" in status
    finally:
        app.close()
        bot.close()
    reopened = DocumentQA.open(store_path, embedder=embedder)
    port = free_port()
    app = launch(reopened, port=port, block=False)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        assert "7 o'clock" in ask(client, QUESTION)["citations"][0]["text"]
        table, choices = ChatUI(reopened, store_path / UPLOADS).documents_view()
        assert "canteen notes.md" in [row[0] for row in table]
        assert choices["value"] is None and str(store_path / UPLOADS / "canteen notes.md") in choices["choices"]
    finally:
        app.close()
        reopened.close()


def test_a_compressed_upload_is_indexed_as_the_file_inside_it(bot: DocumentQA, store_path: Path,
                                                              tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    note = tmp_path / "canteen.md.gz"
    note.write_bytes(gzip.compress(b"# Canteen\n\nThe Quillon canteen opens at 7 o'clock every morning.\n"))
    port = free_port()
    app = launch(bot, port=port, block=False)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        status, _, _ = client.predict([handle_file(str(note))], api_name="/index")
        assert "1 added" in status and "failed" not in status.replace("0 failed", ""), status
        cited = ask(client, QUESTION)["citations"][0]
        assert cited["source"].endswith("canteen.md.gz") and "7 o'clock" in cited["text"]
        assert cited["section"] == "Canteen"
    finally:
        app.close()
        bot.close()


def test_delete_through_the_api_works_for_a_document_added_after_start(bot: DocumentQA, docs: Path,
                                                                       tmp_path: Path) -> None:
    from gradio_client import Client

    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads")
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        late = docs / "late.md"
        late.write_text("# Late\n\nThe Quillon canteen opens at 7 o'clock every morning.", encoding="utf-8")
        bot.index([late])  # e.g. by `qa index` or another browser tab
        assert "7 o'clock" in ask(client, QUESTION)["citations"][0]["text"]
        status, _, _ = client.predict(str(late), api_name="/delete")
        assert "Deleted `late.md`" in status
        assert all("Quillon" not in c["text"] for c in ask(client, QUESTION)["citations"])
        assert late.exists()
    finally:
        app.close()


def test_delete_asks_first_and_needs_a_choice(bot: DocumentQA, tmp_path: Path) -> None:
    import gradio as gr

    ui = ChatUI(bot, tmp_path / "uploads")
    with pytest.raises(gr.Error, match="Choose a document"):
        ui.ask_to_delete(None)
    source = bot.documents()[0].source
    text, row = ui.ask_to_delete(source)
    assert text["visible"] and row["visible"] and "bridge\\.txt" in text["value"]
    assert source in {d.source for d in bot.documents()}  # asking deletes nothing


def test_an_empty_or_too_long_question_is_a_notice_not_an_error(bot: DocumentQA, tmp_path: Path) -> None:
    import gradio as gr

    ui = ChatUI(bot, tmp_path / "uploads")
    for message in ("", "   ", "x" * 5000):
        with pytest.warns(UserWarning, match="Type a question first|5000 characters long"):
            updates = list(ui.respond(message, [], [], 5, True, 0.3))
        assert len(updates) == 1 and all(isinstance(u, type(gr.skip())) for u in updates[0])


def test_rebuild_keeps_the_uploads(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    DocumentQA.build([docs], store_path, embedder=embedder).close()
    uploads = store_path / UPLOADS
    uploads.mkdir()
    (uploads / "canteen.md").write_text("The Quillon canteen opens at 7 o'clock.", encoding="utf-8")
    bot = DocumentQA.build([docs], store_path, embedder=embedder, rebuild=True)
    try:
        assert (uploads / "canteen.md").is_file()
        assert str(uploads / "canteen.md") in {d.source for d in bot.documents()}
    finally:
        bot.close()


def test_the_default_store_gets_the_seeds_only_while_empty(tmp_path: Path, monkeypatch, docs: Path,
                                                           embedder: CountingEmbedder) -> None:
    store = tmp_path / "default-store"
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.md").write_text("# Seed\n\nThe seed article says the Orsk River is 90 km long.", encoding="utf-8")
    monkeypatch.setenv("QA_STORE", str(store))
    monkeypatch.setenv("QA_SEEDS", str(seeds))
    DocumentQA.build([docs / "bridge.txt"], store, embedder=embedder).close()  # the user's own store
    assert main(["list", "--json"]) == 0
    assert main(["status"]) == 0
    bot = DocumentQA.open(store, embedder=embedder)
    assert [Path(d.source).name for d in bot.documents()] == ["bridge.txt"]
    bot.remove(str(docs / "bridge.txt"))
    bot.close()
    assert main(["ask", "--answerer", "heuristic", "How long is the Orsk River?"]) == 0  # empty: seeded again
    bot = DocumentQA.open(store, embedder=embedder)
    assert [Path(d.source).name for d in bot.documents()] == ["seed.md"]
    bot.close()
