"""HTML pages are indexed by their main content: navigation, banners, sidebars, footers, cookie
notices, share buttons and link lists are left out; headings, paragraphs and code stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.loaders import load_document
from tests.conftest import FIXTURES

HTML = FIXTURES / "html"


def text_of(name: str) -> str:
    return load_document(HTML / name).text


def test_a_documentation_page_keeps_its_body_and_code_and_drops_the_navigation() -> None:
    text = text_of("sphinx-page.html")
    assert text.startswith("15. Floating-Point Arithmetic: Issues and Limitations\n\nFloating-point numbers")
    assert "15.1. Representation Error" in text and ">>> round(2.675, 2)\n2.67" in text
    for chrome in ("Navigation", "General Index", "modules", "Table of Contents", "Previous topic", "Report a Bug",
                   "Show Source", "Copyright", "Python Software Foundation", "¶", "3.13 Documentation"):
        assert chrome not in text, chrome


def test_a_news_page_keeps_the_article_and_drops_banners_menus_and_related_links() -> None:
    text = text_of("news-article.html")
    assert text.startswith("Harbour crane restored after 40 years\n\nBy Ada Lind, 12 March 2026")
    assert "1.2 million crowns" in text and "Nils Berg" in text
    for chrome in ("cookies", "Accept all", "Sport", "Weather", "Home", "Share on Facebook", "Related stories",
                   "Bridge repainted", "All rights reserved", "Contact"):
        assert chrome not in text, chrome
    assert load_document(HTML / "news-article.html").title == "Harbour crane restored after 40 years | Melby Courier"


def test_a_page_without_main_drops_body_level_furniture_but_keeps_prose_with_links(tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    page.write_text(
        "<html><body><header><a href=/>Site</a> <a href=/a>A</a> <a href=/b>B</a></header>"
        "<h1>Melby bridges</h1><ul><li>The <a href=/h>Halvard Bridge</a> is 412 metres long and carries two tracks.</li>"
        "<li>The <a href=/o>Orsk footbridge</a> was opened in 1911 by the mayor of Melby.</li>"
        "<li>See the <a href=/m>map</a> for where the bridges stand along the river.</li></ul>"
        "<div class='sidebar'><a href=/x>X</a></div><footer>Contact us</footer></body></html>", encoding="utf-8")
    text = load_document(page).text
    assert text.startswith("Melby bridges") and "412 metres" in text and "opened in 1911" in text
    assert "Site" not in text and "Contact us" not in text and "X" not in text.split()


@pytest.mark.parametrize("html", [
    "<body><header><h1>Title in a header</h1></header><p>Body text here.</p></body>",
    "<body><main><h1>Main</h1><p>One.</p></main><main><p>Two.</p></main></body>",
])
def test_a_heading_in_a_header_and_pages_with_two_mains_keep_their_content(tmp_path: Path, html: str) -> None:
    page = tmp_path / "p.html"
    page.write_text(html, encoding="utf-8")
    text = load_document(page).text
    assert ("Title in a header" in text and "Body text here." in text) or text.startswith("Main")
