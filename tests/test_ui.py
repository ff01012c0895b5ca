from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from qa import DocumentQA
from qa.answers import Answer
from tests.conftest import free_port
from ui import render
from ui.app import auth_from, launch

pytestmark = pytest.mark.server




@pytest.fixture
def bot(docs: Path, store_path: Path, embedder) -> DocumentQA:
    return DocumentQA.build([docs], store_path, embedder=embedder)


def test_sources_panel_marks_the_exact_span_and_escapes_the_document(bot: DocumentQA, docs: Path) -> None:
    hostile = docs / "hostile.html"
    hostile.write_text('<p>The <b>Zorbin</b> beacon has 7 lamps.</p><img src="http://evil.invalid/x.png" '
                       'onerror="alert(1)"><script>alert(2)</script>', encoding="utf-8")
    bot.index([docs])
    answer = bot.ask("How many lamps does the Zorbin beacon have?")
    html = render.sources_html(answer, bot.document)
    assert '<mark class="cite" data-cite="1">The Zorbin beacon has 7 lamps.</mark>' in html
    for bad in ("<script", "onerror", "<img", "evil.invalid"):
        assert bad not in html
    md = render.answer_markdown(answer)
    assert "**7**" in md and "\\[1\\] hostile\\.html" in md


def test_chat_markdown_makes_document_text_inert() -> None:
    out = render.md_text("![x](http://evil.invalid/a.png) <img src=x onerror=alert(1)> **bold** [link](http://x)")
    assert "![" not in out and "](" not in out and "<img" not in out and "**bold**" not in out


def test_an_indented_line_of_document_text_renders_as_text_not_as_code() -> None:
    """Four spaces open a Markdown code block, which shows the escapes: "$ nox \\-s docs"."""
    from markdown_it import MarkdownIt  # (the renderer gradio's own Markdown comes with)

    out = MarkdownIt("commonmark").render(render.md_text("To build it, run:\n\n    $ nox -s docs\n\n\tmake -j4"))
    assert "<pre>" not in out and "<code>" not in out and "\\" not in out
    assert "\u00a0" * 4 + "$ nox -s docs" in out and "\u00a0" * 4 + "make -j4" in out  # (the indent kept, a tab as 4)


def test_highlight_escapes_text_around_and_inside_spans() -> None:
    text = "a <b> & <i>x</i> end"
    out = render.highlight(text, [(8, 16, "1")], 0, len(text))
    assert out == 'a &lt;b&gt; &amp; <mark class="cite" data-cite="1">&lt;i&gt;x&lt;/i&gt;</mark> end'


def test_refusal_shows_maybe_related_passages(bot: DocumentQA) -> None:
    answer = bot.ask("What is the recipe for sourdough bread?")
    assert answer.abstained
    assert "Maybe related (not an answer)" in render.answer_markdown(answer)
    assert "Maybe related passages (not an answer)" in render.sources_html(answer, bot.document)


def test_a_refusal_shows_its_notice() -> None:
    refused = Answer("What does the --keep option of gzip do?", "I could not find this in the documents.", abstained=True,
                     confidence=0.0, threshold=0.2, notice="the answers found are another program's, not gzip's")
    assert render.answer_markdown(refused).endswith("_Note: the answers found are another program's, not gzip's_")
    assert "Note" not in render.answer_markdown(replace(refused, notice=""))


def test_export_markdown_has_citations(bot: DocumentQA) -> None:
    answer = bot.ask("When was the Kestrel Point Lighthouse first lit?")
    md = render.conversation_markdown([("When was it lit?", answer)])
    assert "**Q:** When was it lit?" in md and "3 March 1902" in md and "lighthouse.md (characters" in md


def test_auth_parsing() -> None:
    assert auth_from("ann:secret") == ("ann", "secret")
    assert auth_from(None) is None
    with pytest.raises(ValueError, match="user:password"):
        auth_from("nocolon")


def test_app_through_gradio_client_ask_upload_delete(bot: DocumentQA, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads")
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        data = client.predict("When was the Kestrel Point Lighthouse first lit?", api_name="/ask")
        data = json.loads(data) if isinstance(data, str) else data
        citation = data["citations"][0]
        text = Path(citation["source"]).read_text(encoding="utf-8")
        assert text[citation["start"] : citation["end"]] == citation["text"] and "3 March 1902" in citation["text"]

        note = tmp_path / "evil name.md"
        note.write_text("# Note\n\nThe Quillon canteen opens at 7 o'clock every morning.", encoding="utf-8")
        status, _, _ = client.predict([handle_file(str(note))], api_name="/index")
        assert "1 added" in status
        stored = list((tmp_path / "uploads").iterdir())
        assert len(stored) == 1 and stored[0].name == "evil name.md"  # its own name, kept
        data = client.predict("When does the Quillon canteen open?", api_name="/ask")
        data = json.loads(data) if isinstance(data, str) else data
        assert "7 o'clock" in data["citations"][0]["text"]

        status, _, _ = client.predict(str(stored[0]), api_name="/delete")
        assert "Deleted" in status
        data = client.predict("When does the Quillon canteen open?", api_name="/ask")
        data = json.loads(data) if isinstance(data, str) else data
        assert all("Quillon" not in c["text"] for c in data["citations"])
    finally:
        app.close()


def test_bad_input_gets_a_friendly_error_and_the_app_keeps_working(bot: DocumentQA, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads")
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        for bad in ("", "x" * 5000):
            with pytest.raises(Exception, match="question is empty|characters long"):
                client.predict(bad, api_name="/ask")
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(b"%PDF-1.4 not really")
        exe = tmp_path / "tool.exe"
        exe.write_bytes(b"MZ")
        with pytest.raises(Exception, match="Invalid file type"):
            client.predict([handle_file(str(exe))], api_name="/index")
        status, _, _ = client.predict([handle_file(str(broken))], api_name="/index")
        assert "1 failed" in status and "broken.pdf`: malformed PDF" in status
        data = client.predict("When was the Kestrel Point Lighthouse first lit?", api_name="/ask")
        data = json.loads(data) if isinstance(data, str) else data
        assert not data["abstained"]
    finally:
        app.close()


def test_login_is_required_when_auth_is_set(bot: DocumentQA, tmp_path: Path) -> None:
    import httpx
    from gradio_client import Client

    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads", auth="ann:s3cret")
    try:
        url = f"http://127.0.0.1:{port}/"
        assert httpx.get(url + "config", timeout=10).status_code in (401, 403)
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises different types across versions
            Client(url, verbose=False, auth=("ann", "wrong"))
        client = Client(url, verbose=False, auth=("ann", "s3cret"))
        data = client.predict("When was the Kestrel Point Lighthouse first lit?", api_name="/ask")
        data = json.loads(data) if isinstance(data, str) else data
        assert "3 March 1902" in data["citations"][0]["text"]
    finally:
        app.close()


def test_a_follow_up_says_which_earlier_question_it_used(bot: DocumentQA) -> None:
    first = "When was the first keeper appointed?"  # (names no thing)
    follow = bot.ask("And when was it automated?", history=[first])
    assert follow.retrieval_query != follow.question
    assert f"Read as a follow-up to: “{render.md_text(first)}”" in render.answer_markdown(follow)
    follow = bot.ask("How long is it?", history=["What is the Halvard Bridge?"])
    assert "412 metres long" in follow.citations[0].text
    assert "Read as: “How long is the Halvard Bridge?”" in render.answer_markdown(follow)
    alone = bot.ask("How long is the Halvard Bridge?", history=[first])
    assert alone.retrieval_query == alone.question and "follow-up" not in render.answer_markdown(alone)


def test_a_pdf_citation_shows_its_page_boxed_and_says_when_it_cannot(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    from tests.conftest import make_pdf
    from ui.app import ChatUI

    folder = tmp_path / "docs"
    folder.mkdir()
    pdf = make_pdf(folder / "mill.pdf", [["The Vestby Mill", "The mill was built in 1887 of grey stone."],
                                         ["The Dairy", "The dairy keeps 40 cows and sells cheese."]])
    bot = DocumentQA.build([folder], tmp_path / "store", embedder=embedder)
    answer = bot.ask("How many cows does the dairy keep?")
    assert answer.citations and answer.citations[0].page == 2
    ui = ChatUI(bot, tmp_path / "uploads")
    shown = ui.show_citation(f"[1] {answer.citations[0].location()}", [("q", answer)])
    assert 'class="pdf-evidence" data-page="2" data-verified="true"' in shown
    assert 'src="data:image/png;base64,' in shown and '<mark class="cite"' in shown  # the page, then the text
    pdf.unlink()
    shown = ui.show_citation(f"[1] {answer.citations[0].location()}", [("q", answer)])
    assert "Page 2 of mill.pdf cannot be shown: " in shown and "cannot open the PDF" in shown
    assert '<mark class="cite"' in shown  # the stored text is still shown
    bot.close()


def test_the_sources_panel_keeps_the_document_s_lines() -> None:
    from index.documents import Document, Span
    from qa.answers import Answer, Citation

    text = "# Drinks\n\n| Drink | Caffeine |\n|---|---|\n| Espresso | 63 mg |\n| Tea | 47 mg |\n"
    doc = Document("d", "/docs/drinks.md", "Drinks", text)
    start = text.index("Tea | 47 mg")
    cite = Citation(Span(1, "d", doc.source, doc.title, start, start + 11, "Tea | 47 mg"), page=None, score=0.9)
    answer = Answer("How much caffeine is in tea?", "Tea | 47 mg [1]", abstained=False, confidence=0.9,
                    threshold=0.2, citations=[cite])
    html = render.sources_html(answer, lambda source: doc)
    assert 'style="white-space: pre-line"' in html  # a table (or a poem, or code) is not run into one line
    assert "|---|---|\n| Espresso | 63 mg |\n| <mark" in html
