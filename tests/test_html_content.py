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


def test_an_index_of_linked_names_is_dropped_but_a_table_with_its_own_code_stays(tmp_path: Path) -> None:
    """A functions index links each name as inline code (``<a><code>abs()</code></a>``): a link
    list all the same. A table whose code is its own content (options and what they do) stays."""
    names = "".join(f"<div><a href='#{n}'><code>{n}()</code></a></div>" for n in ("abs", "all", "any", "len", "max"))
    page = tmp_path / "functions.html"
    page.write_text(
        f"<html><body><main><h1>Built-in Functions</h1><table><tr><td>{names}</td></tr></table>"
        "<table><tr><td><code>-v</code></td><td>print each file as it is read</td></tr>"
        "<tr><td><code>-q</code></td><td>print nothing but errors, see <a href=/e>errors</a></td></tr></table>"
        "<p>Return the absolute value of a number.</p></main></body></html>", encoding="utf-8")
    text = load_document(page).text
    assert "abs()" not in text and "len()" not in text
    assert "-v\n\nprint each file as it is read" in text and "Return the absolute value" in text


def test_definition_terms_are_headings_one_level_under_their_section_per_list(tmp_path: Path) -> None:
    """A dt labels its dd (an API signature, a glossary term, a FAQ's question): it becomes a
    heading, so citations say which entry they quote and the answerers never cite the label."""
    page = tmp_path / "api.html"
    long_term = "a term " * 40
    page.write_text(
        "<html><body><main><h1>Time</h1><h2>Functions</h2>"
        "<dl class='py function'><dt id='sleep'>time.sleep(secs)<a class='headerlink' href='#sleep'>¶</a></dt>"
        "<dd><p>Suspend execution for the given number of seconds.</p>"
        "<dl class='field-list'><dt>Raises:</dt><dd><p>ValueError for a negative count.</p></dd></dl></dd></dl>"
        f"<dl><dt>{long_term}</dt><dd><p>Content put in a long dt.</p></dd></dl>"
        "<dl class='footnote'><dt class='label'>[1]</dt><dd><p>A footnote.</p></dd></dl></main></body></html>",
        encoding="utf-8")
    doc = load_document(page)
    text = doc.text
    assert [(level, title) for _, level, title in doc.headings] == [
        (1, "Time"), (2, "Functions"), (3, "time.sleep(secs)"), (4, "Raises:"), (3, "")]  # "": the terms end
    assert all(text[at:at + len(title)] == title for at, _, title in doc.headings)
    assert doc.section_at(text.index("Content put")) == "Time › Functions"
    assert doc.section_at(text.index("Suspend")) == "Time › Functions › time.sleep(secs)"
    assert doc.section_at(text.index("ValueError")) == "Time › Functions › time.sleep(secs) › Raises:"
    assert long_term.strip() in text and "[1]" in text  # kept as text, not headings


def test_the_terms_of_a_definition_list_end_with_it(tmp_path: Path) -> None:
    """Text after a definition list, before the next heading, is back in the list's section (not
    under its last term); after a list nested in a term's dd, it is back under that term."""
    page = tmp_path / "glossary.html"
    page.write_text(
        "<html><body><main><h1>Guide</h1><h2>Terms</h2><p>Words used below.</p>"
        "<dl><dt>bytecode</dt><dd><p>Compiled code.</p>"
        "<dl><dt>Note:</dt><dd><p>Cached in pycache.</p></dd></dl><p>Back in bytecode.</p></dd>"
        "<dt>decorator</dt><dd><p>A function returning a function.</p></dd></dl>"
        "<p>These terms recur in every chapter.</p><h2>Usage</h2><dl><dt>run</dt><dd>Runs it.</dd></dl>"
        "<h3>Details</h3><p>More.</p></main></body></html>", encoding="utf-8")
    doc = load_document(page)
    text = doc.text

    def section(phrase: str) -> str:
        return doc.section_at(text.index(phrase))

    assert section("Words used") == "Guide › Terms"
    assert section("Compiled code") == "Guide › Terms › bytecode"
    assert section("Cached in") == "Guide › Terms › bytecode › Note:"
    assert section("Back in bytecode") == "Guide › Terms › bytecode"
    assert section("A function returning") == "Guide › Terms › decorator"
    assert section("These terms recur") == "Guide › Terms"
    assert section("Runs it") == "Guide › Usage › run"
    assert section("More.") == "Guide › Usage › Details"
    titled = [(level, title) for _, level, title in doc.headings if title]
    assert titled == [(1, "Guide"), (2, "Terms"), (3, "bytecode"), (4, "Note:"), (3, "decorator"), (2, "Usage"),
                      (3, "run"), (3, "Details")]
    ends = [(text[at:].split("\n")[0], level) for at, level, title in doc.headings if not title]
    assert ends == [("Back in bytecode.", 4), ("These terms recur in every chapter.", 3)]  # none before a heading


def test_a_page_s_own_private_use_characters_are_not_read_as_marks(tmp_path: Path) -> None:
    """Headings and definition terms are marked with private-use characters while the text is
    pulled out; an icon font's glyphs in that range (literal or as references) are dropped first,
    so a paragraph starting with one is not taken for a heading and no glyph reaches the text."""
    page = tmp_path / "icons.html"
    page.write_text("<html><body><main><h1>Downloads</h1><p>\ue001 Save the file before closing.</p>"
                    "<p>&#xE002; Check the checksum first.</p><p>&#57380; Keep a copy offline.</p>"
                    "<p>The end.</p></main></body></html>", encoding="utf-8")
    doc = load_document(page)
    assert [(level, title) for _, level, title in doc.headings] == [(1, "Downloads")]
    assert "Save the file before closing." in doc.text and "Check the checksum first." in doc.text
    assert "Keep a copy offline." in doc.text
    assert not any(0xE000 <= ord(c) <= 0xE02F for c in doc.text)


def test_a_data_table_is_read_row_by_row_with_its_column_headers(tmp_path: Path) -> None:
    """A table with a header row reads as a screen reader reads it: each row a paragraph, its first
    cell, then each other cell after its column's header; its caption first. Cells that end a
    sentence are followed by a space, not a comma."""
    page = tmp_path / "drinks.html"
    page.write_text(
        "<html><body><main><h1>Caffeine</h1><p>Typical amounts per serving.</p><table><caption>Common drinks</caption>"
        "<thead><tr><th>Drink</th><th>Serving</th><th>Caffeine</th><th>Note</th></tr></thead><tbody>"
        "<tr><td>Espresso</td><td>30 ml</td><td><p>63 mg</p></td><td>Strong.</td></tr>"
        "<tr><td>Black tea</td><td>240 ml</td><td>47 mg</td><td></td></tr>"
        "<tr><th>Decaf</th><td>240 ml</td><td>2 mg</td><td>Almost none.</td></tr></tbody></table>"
        "<p>That is all.</p></main></body></html>", encoding="utf-8")
    assert load_document(page).text == (
        "Caffeine\n\nTypical amounts per serving.\n\nCommon drinks\n\n"
        "Drink Espresso: Serving 30 ml, Caffeine 63 mg, Note Strong.\n\nDrink Black tea: Serving 240 ml, Caffeine 47 mg.\n\n"
        "Drink Decaf: Serving 240 ml, Caffeine 2 mg, Note Almost none.\n\nThat is all.")


def test_a_header_row_of_td_cells_in_a_thead_is_a_header_too(tmp_path: Path) -> None:
    page = tmp_path / "ferries.html"
    page.write_text("<html><body><main><table><thead><tr><td>Route</td><td>Fare</td></tr></thead>"
                    "<tbody><tr><td>Melby to Rask</td><td>12 euros</td></tr></tbody></table></main></body></html>",
                    encoding="utf-8")
    assert load_document(page).text == "Route Melby to Rask: Fare 12 euros."


def test_a_table_of_header_value_rows_reads_as_labels(tmp_path: Path) -> None:
    page = tmp_path / "infobox.html"
    page.write_text("<html><body><main><p>Facts.</p><table><tr><th>Born</th><td>10 July 1856</td></tr>"
                    "<tr><th>Died</th><td>7 January 1943</td></tr></table></main></body></html>", encoding="utf-8")
    assert load_document(page).text == "Facts.\n\nBorn: 10 July 1856\n\nDied: 7 January 1943"


@pytest.mark.parametrize("table", [
    "<table><tr><td>Left column prose.</td><td>Right column prose.</td></tr>"
    "<tr><td>More left.</td><td>More right.</td></tr></table>",  # layout: no header row
    "<table><tr><th>Year</th><th>Event</th></tr><tr><td colspan=2>Left blank.</td></tr>"
    "<tr><td>1901</td><td>Opened.</td></tr></table>",  # merged cells
    "<table><tr><th>Part</th><th>Steps</th></tr><tr><td>Setup</td><td><ul><li>Unpack.</li><li>Plug in.</li></ul>"
    "</td></tr></table>",  # a list in a cell
])
def test_other_tables_keep_each_cell_a_block_of_its_own(tmp_path: Path, table: str) -> None:
    page = tmp_path / "t.html"
    page.write_text(f"<html><body><main>{table}</main></body></html>", encoding="utf-8")
    text = load_document(page).text
    assert ": " not in text and "\n\n" in text


def test_a_heading_s_permalink_mark_and_a_code_block_s_copy_button_are_not_text(tmp_path: Path) -> None:
    """Node.js's API pages mark each heading with a link to itself ("#") and each example with a
    "copy" button: neither was in a heading's title or the text before; an example given in two
    forms is two blocks."""
    page = ('<html><head><title>Process | Node.js</title></head><body><main><h2>Process<span>'
            '<a class="mark" href="#process" id="process">#</a></span></h2>'
            '<h3><code>process.cwd()</code><span><a class="mark" href="#processcwd">#</a></span></h3>'
            "<p>The process.cwd() method returns the current working directory.</p>"
            '<pre><code class="language-js">console.log(process.cwd());</code><button class="copy-button">copy</button></pre>'
            "<pre><code class='mjs'>import process from 'node:process';</code><code class='cjs'>const process = "
            "require('node:process');</code></pre>"
            '<h3>Sharp signs<a href="#sharp">C#</a></h3><p>A link that says more than a mark stays.</p>'
            "</main></body></html>")
    (tmp_path / "process.html").write_text(page)
    d = load_document(tmp_path / "process.html")
    assert [title for _, _, title in d.headings] == ["Process", "process.cwd()", "Sharp signsC#"]
    assert d.section_at(d.text.index("returns the current")) == "Process › process.cwd()"
    assert "copy" not in d.text and "console.log(process.cwd());" in d.text
    # one example in two forms (ES module, CommonJS): each a block, not "...';const process = ..."
    assert "import process from 'node:process';\n\nconst process = require('node:process');" in d.text


def test_code_keeps_its_indentation_and_a_pasted_help_its_options(tmp_path: Path) -> None:
    """A <pre>'s lines keep their indentation (less what all of them share) and their runs of
    spaces: Python's blocks read as written, and a --help printed in one has its options as
    headings under the page's section, as in a text file (index/help_options.py)."""
    page = ("<html><body><main><h1>prog</h1><h2>Usage</h2><p>It prints:</p>"
            "<pre>    def main():\n        if ready:\n            run()\n\n    main()\n</pre>"
            "<pre>$ prog -h\nusage: prog [-h] [--sum] N\noptions:\n  -h, --help  show this help message and exit\n"
            "  --sum       sum the integers</pre><p>Then more.</p></main></body></html>")
    (tmp_path / "prog.html").write_text(page)
    d = load_document(tmp_path / "prog.html")
    assert "It prints:\n\ndef main():\n    if ready:\n        run()\nmain()\n\n$ prog -h" in d.text
    assert "\n  -h, --help  show this help message and exit\n  --sum       sum the integers\n\nThen more." in d.text
    assert [(level, title) for _, level, title in d.headings] == [(1, "prog"), (2, "Usage"), (3, "-h, --help"), (3, "--sum"),
                                                                  (3, "")]
    assert d.section_at(d.text.index("sum the integers")) == "prog › Usage › --sum"
    assert d.section_at(d.text.index("Then more.")) == "prog › Usage"


NINJA_TOOLS = ("<h2>Extra tools</h2><p>The <code>-t</code> flag runs some tools. The current tools are:</p>"
               '<div class="horizontal"><table class="horizontal" border="0"><colgroup><col><col></colgroup><tbody>'
               '<tr><td valign="top"><p><code class="literal">clean</code></p></td>'
               '<td valign="top"><p>remove built files.</p><p>Adding the <code>-g</code> flag removes more.</p></td></tr>'
               '<tr><td valign="top"><p><code class="literal">compdb</code></p></td>'
               '<td valign="top"><p>prints a compilation database.</p></td></tr></tbody></table></div>'
               "<p>This tool also supports a deprecated way.</p><h2>Writing your own Ninja files</h2><p>Rules.</p>")
GTK_DOC_PARAMETERS = ('<h3>xsltKeyFunction ()</h3><p>Implement the key() XSLT function.</p><div class="variablelist">'
                      '<table border="0"><col align="left"/><tbody><tr><td><span class="term"><i><tt>ctxt</tt></i>:</span>'
                      "</td><td>the XPath Parser context</td></tr><tr><td><span class=\"term\"><i><tt>nargs</tt></i>:"
                      "</span></td><td>the number of arguments</td></tr></tbody></table></div><h3>xsltNext ()</h3><p>Next.</p>")


@pytest.mark.parametrize(("table", "terms", "paragraphs"), [
    (NINJA_TOOLS, [("Extra tools", 2), ("clean", 3), ("compdb", 3), ("", 3), ("Writing your own Ninja files", 2)],
     ["clean", "remove built files.", "Adding the -g flag removes more.", "compdb", "prints a compilation database."]),
    (GTK_DOC_PARAMETERS, [("xsltKeyFunction ()", 3), ("ctxt:", 4), ("nargs:", 4), ("xsltNext ()", 3)],
     ["ctxt:", "the XPath Parser context", "nargs:"]),
])
def test_a_definition_list_rendered_as_a_table_has_its_terms_as_headings(
        tmp_path: Path, table: str, terms: list[tuple[str, int]], paragraphs: list[str]) -> None:
    """DocBook renders a variablelist (asciidoc's "horizontal" labeled list: Ninja's tools; gtk-doc's
    parameters) as a table without a header: each row's first cell is a term, as a dt is, one level
    under its section, and the text after the table is back in the section (an end mark); the text
    is as each cell a block of its own gave it."""
    page = tmp_path / "manual.html"
    page.write_text(f"<html><body><main>{table}</main></body></html>", encoding="utf-8")
    document = load_document(page)
    assert [(title, level) for _, level, title in document.headings] == terms
    blocks = document.text.split("\n\n")
    assert blocks[blocks.index(paragraphs[0]):][:len(paragraphs)] == paragraphs


def test_a_headerless_table_not_marked_as_a_definition_list_has_no_terms(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(NINJA_TOOLS.replace("horizontal", "wide").join(("<html><body><main>", "</main></body></html>")),
                    encoding="utf-8")
    document = load_document(page)
    assert [title for _, _, title in document.headings] == ["Extra tools", "Writing your own Ninja files"]
    assert "clean\n\nremove built files." in document.text
