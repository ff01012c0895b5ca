"""End to end in a real headless Chromium (Debian's package) driven by Playwright."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from qa import DocumentQA
from tests.conftest import REPO, free_port
from ui.app import EXAMPLES, launch

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason="Debian's chromium is not installed here (.ci/run installs it; CI never skips this)",
    ),
]
ARTIFACTS = REPO / "tests" / "artifacts"


@contextmanager
def browser_page(width: int, height: int) -> Iterator[Page]:
    """A page of Debian's headless Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def test_click_an_example_and_see_the_highlighted_span(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    bot = DocumentQA.build([REPO / "seeds"], tmp_path / "store")
    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads")
    try:
        with browser_page(1400, 1000) as page:
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_role("button", name=EXAMPLES[0]).wait_for(timeout=60_000)
            page_ready = time.perf_counter() - started
            clicked = time.perf_counter()
            page.get_by_role("button", name=EXAMPLES[0]).click()
            mark = page.locator("#sources mark.cite").first
            expect(mark).to_be_visible(timeout=60_000)
            answered = time.perf_counter() - clicked
            assert "94 soldiers" in mark.inner_text()
            expect(page.locator("#chatbot")).to_contain_text("[1]")
            page.locator("#pick label").first.click()  # show the citation in its document
            expect(page.locator("#doc-view mark.cite")).to_contain_text("94 soldiers", timeout=30_000)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "cited-answer.png"), full_page=True)
            print(f"page ready {page_ready:.2f}s, cited answer {answered:.2f}s after the click")
    finally:
        app.close()
    shutil.rmtree(tmp_path / "uploads", ignore_errors=True)


def test_hostile_document_neither_runs_nor_loads_anything(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hostile.html").write_text(
        '<p>The Zorbin beacon has 7 lamps.<img src="http://evil.invalid/pixel.png" onerror="alert(1)"></p>'
        '<script>alert("script")</script><p onmouseover="alert(2)">Hover here for the Zorbin beacon.</p>',
        encoding="utf-8",
    )
    (docs / "hostile.md").write_text(
        '# Zorbin notes\n\nThe Zorbin beacon was lit in 1911. <script>alert("md")</script> '
        '![x](http://evil.invalid/md.png) <img src=x onerror="alert(3)">\n', encoding="utf-8")
    bot = DocumentQA.build([docs], tmp_path / "store")
    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads")
    remote, dialogs = [], []
    try:
        with browser_page(1280, 720) as page:
            page.on("request", lambda r: remote.append(r.url) if "127.0.0.1" not in r.url else None)
            def dismiss(dialog: Any) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", dismiss)
            page.goto(f"http://127.0.0.1:{port}/")
            for question, cited in (("How many lamps does the Zorbin beacon have?", "hostile.html"),
                                    ("When was the Zorbin beacon lit?", "hostile.md")):
                page.locator("#question textarea").fill(question)
                page.locator("#send").click()
                expect(page.locator("#sources mark.cite").first).to_contain_text("Zorbin", timeout=60_000)
                # the citation picker re-renders after the answer: click this answer's choice, not the last one's
                expect(page.locator("#pick label").first).to_contain_text(cited, timeout=30_000)
                page.locator("#pick label").first.click()
                expect(page.locator("#doc-view mark.cite")).to_be_visible(timeout=30_000)
            page.locator("#sources").hover()
            page.wait_for_timeout(500)  # proving that nothing happens: there is no event to wait for
            assert page.locator("#sources img, #sources script, #doc-view img, #doc-view script").count() == 0
            assert "&lt;script&gt;" in page.locator("#doc-view").inner_html() or "script" not in page.locator(
                "#doc-view").inner_text()
    finally:
        app.close()
    assert dialogs == [], dialogs
    assert not [u for u in remote if "evil.invalid" in u], remote


def test_documents_tab_reads_the_store_on_load_and_asks_before_deleting(docs: Path, tmp_path: Path,
                                                                       embedder) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    bot = DocumentQA.build([docs], tmp_path / "store", embedder=embedder)
    port = free_port()
    app = launch(bot, port=port, block=False)
    try:
        with browser_page(1400, 1000) as page:
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_role("tab", name="Documents").click()
            expect(page.locator("#doc-table")).to_contain_text("lighthouse.md", timeout=60_000)
            late = docs / "late.md"
            late.write_text("# Late\n\nThe Quillon canteen opens at 7 o'clock.", encoding="utf-8")
            bot.index([late])  # indexed while the page is open, e.g. by `qa index`
            page.reload()
            page.get_by_role("tab", name="Documents").click()
            expect(page.locator("#doc-table")).to_contain_text("late.md", timeout=60_000)
            page.locator("#which input").fill(str(late))
            page.locator("#which input").press("Enter")
            page.locator("#delete").click()
            expect(page.locator("#confirm-text")).to_contain_text("late.md", timeout=30_000)
            assert str(late) in {d.source for d in bot.documents()}  # nothing deleted before "Yes"
            page.locator("#confirm-delete").click()
            expect(page.locator("#doc-status")).to_contain_text("Deleted", timeout=30_000)
            expect(page.locator("#doc-table")).not_to_contain_text("late.md", timeout=30_000)
            expect(page.locator("#confirm-text")).to_be_hidden()
    finally:
        app.close()
    assert str(late) not in {d.source for d in bot.documents()} and late.exists()


def test_a_pdf_citation_shows_its_page_with_the_cited_words_boxed(tmp_path: Path) -> None:
    import json

    import pypdfium2 as pdfium
    from playwright.sync_api import expect

    from tests.conftest import make_pdf

    folder = tmp_path / "docs"
    folder.mkdir()
    pdf = make_pdf(folder / "mill.pdf", [
        ["The Vestby Mill", "The mill was built in 1887 and grinds four hundred tonnes of grain every year."],
        ["The Dairy", "The dairy beside the mill keeps forty-two cows and sells its cheese in the", "village shop."]])
    bot = DocumentQA.build([folder], tmp_path / "store")
    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads")
    try:
        with browser_page(1400, 1200) as page:
            page.goto(f"http://127.0.0.1:{port}/")
            box = page.locator("#question textarea")
            box.wait_for(timeout=60_000)
            box.fill("How many cows does the dairy keep?")
            box.press("Enter")
            expect(page.locator("#sources mark.cite").first).to_contain_text("cows", timeout=60_000)
            page.locator("#pick label").first.click()
            view = page.locator("#doc-view .pdf-evidence")
            expect(view).to_have_attribute("data-verified", "true", timeout=30_000)
            image = page.locator("#doc-view img.pdf-page")
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")
            assert view.get_attribute("data-page") == "2"
            boxes = json.loads(view.get_attribute("data-boxes") or "[]")
            assert boxes
            cited = page.locator("#doc-view mark.cite").first.inner_text()
            # the text of the page under each box (image pixels back to PDF points) is the cited text
            document = pdfium.PdfDocument(str(pdf))
            pdf_page = document[1]
            height = pdf_page.get_size()[1]
            scale = int(view.get_attribute("data-width") or 0) / pdf_page.get_size()[0]
            textpage = pdf_page.get_textpage()
            under = " ".join(textpage.get_text_bounded(left / scale, height - bottom / scale, right / scale,
                                                        height - top / scale).strip()
                             for left, top, right, bottom in boxes)
            document.close()
            assert "".join(c for c in under if c.isalnum()) == "".join(c for c in cited if c.isalnum())
            assert "forty-two cows" in under and "Vestby" not in under
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "pdf-evidence.png"), full_page=True)
    finally:
        app.close()
    shutil.rmtree(tmp_path / "uploads", ignore_errors=True)
