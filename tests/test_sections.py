"""Section paths: every citation says which headings it sits under, for Markdown, HTML, DOCX and
PDF (outline), through the store and back."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from index.loaders import load_document
from index.sections import markdown_headings, section_path, underlined_headings
from qa import AnswerConfig, DocumentQA
from tests.conftest import FIXTURES, CountingEmbedder

MARKDOWN = """# Melby guide

Intro text.

## Bridges

### Halvard Bridge

The Halvard Bridge is 412 metres long.

```sh
# not a heading: a shell comment in code
```

## Ferries

The ferry crosses eleven times a day.
"""


def test_markdown_headings_skip_fenced_code_and_nest_by_level() -> None:
    headings = markdown_headings(MARKDOWN)
    assert [(level, title) for _, level, title in headings] == [
        (1, "Melby guide"), (2, "Bridges"), (3, "Halvard Bridge"), (2, "Ferries")]
    assert section_path(headings, MARKDOWN.index("412")) == "Melby guide › Bridges › Halvard Bridge"
    assert section_path(headings, MARKDOWN.index("eleven")) == "Melby guide › Ferries"
    assert section_path(headings, 0) == "Melby guide" and section_path((), 5) == ""


def test_html_headings_give_the_path() -> None:
    doc = load_document(FIXTURES / "html" / "sphinx-page.html")
    assert doc.section_at(doc.text.index("binary approximation")) == (
        "15. Floating-Point Arithmetic: Issues and Limitations › 15.1. Representation Error")


def test_docx_heading_styles_give_the_path(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Melby guide", level=1)
    d.add_heading("Ferries", level=2)
    d.add_paragraph("The ferry crosses eleven times a day.")
    d.save(str(tmp_path / "guide.docx"))
    doc = load_document(tmp_path / "guide.docx")
    assert doc.section_at(doc.text.index("eleven")) == "Melby guide › Ferries"


def test_pdf_bookmarks_give_the_path(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = PdfReader(FIXTURES / "docs" / "cooperative.pdf")
    writer = PdfWriter()
    for page in source.pages:
        writer.add_page(page)
    top = writer.add_outline_item(title="Cooperative report", page_number=0)
    first_words = " ".join((source.pages[0].extract_text() or "").split()[:2])
    writer.add_outline_item(title=first_words, page_number=0, parent=top)
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "report.pdf").write_bytes(buffer.getvalue())
    doc = load_document(tmp_path / "report.pdf")
    assert [(level, title) for _, level, title in doc.headings] == [(1, "Cooperative report"), (2, first_words)]
    assert doc.section_at(len(doc.text) - 1).startswith("Cooperative report › ")


def test_a_bookmarked_heading_stays_apart_from_the_lines_around_it(tmp_path: Path) -> None:
    # a manual as texinfo prints it: the heading in body type between a URL line and text opening
    # in lower case, so that line joining alone ran all three into one ("... <https://gnu.org/help/>
    # 3.2 Invoking frobc frobc compiles ..."), and a cited sentence quoted the heading
    from pypdf import PdfReader, PdfWriter

    from tests.conftest import make_pdf

    lines = ["frobc reads one file of definitions and writes a C array that the frob functions load at start.",
             "Report bugs to the frob mailing list, which the maintainers read every week of the year:",
             "General help using GNU software: <https://www.gnu.org/gethelp/> and the frob home page",
             "3.2 Invoking frobc", "frobc compiles a definitions file into a binary table for the frob library.",
             "It writes the table beside its input unless it is told where to write it instead."]
    source = PdfReader(make_pdf(tmp_path / "plain.pdf", [lines]))
    writer = PdfWriter()
    writer.add_page(source.pages[0])
    writer.add_outline_item(title="Invoking frobc", page_number=0)
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "frob.pdf").write_bytes(buffer.getvalue())
    doc = load_document(tmp_path / "frob.pdf")
    assert "home page\n\n3.2 Invoking frobc\n\nfrobc compiles a definitions file" in doc.text
    assert doc.headings == ((doc.text.index("Invoking frobc"), 1, "Invoking frobc"),)
    plain = load_document(tmp_path / "plain.pdf")  # (the same page without the bookmark: run together)
    assert "home page 3.2 Invoking frobc frobc compiles" in plain.text and not plain.headings
    # a heading known by its larger type alone stays apart too
    large = load_document(make_pdf(tmp_path / "large.pdf", [[*lines[:3], ("Invoking frobc", 16), *lines[4:]]]))
    assert "home page\n\nInvoking frobc\n\nfrobc compiles" in large.text


def test_a_pdf_without_bookmarks_takes_its_headings_from_larger_type(tmp_path: Path) -> None:
    from tests.conftest import make_pdf

    body = ["The mill was built in 1887 of grey stone and grinds four hundred tonnes of grain",
            "every year for the farms of the valley, which bring their harvest in September."]
    pdf = make_pdf(tmp_path / "guide.pdf", [
        [("Vestby Guide", 24), *body, ("1.1 The Mill", 16), *body, ("Opening hours", 16), "Open on Sundays.",
         "Vestby Guide page 1"],
        [("The Dairy", 16), "The dairy keeps 40 cows. Its cheese is sold in Vestby.", ("Cheese", 14),
         "A mild cheese is made in May.", "Vestby Guide page 2"],
        ["The harbour is north of the mill.", "Boats land there twice a day.", "Vestby Guide page 3"]])
    doc = load_document(pdf)
    assert [(level, title) for _, level, title in doc.headings] == [
        (1, "Vestby Guide"), (2, "1.1 The Mill"), (2, "Opening hours"), (2, "The Dairy"), (3, "Cheese")]
    assert all(doc.text.startswith(title, at) for at, _, title in doc.headings)
    assert doc.section_at(doc.text.index("A mild cheese")) == "Vestby Guide › The Dairy › Cheese"
    assert doc.section_at(doc.text.index("Open on Sundays")) == "Vestby Guide › Opening hours"
    assert "page 2" not in doc.text  # the running footer is not a heading, nor text


RELEASE_NOTES = """Melby Ferry v2.4 Release Notes
==============================

New features
------------

 * The ferry learned to cross at night.

Fixes since v2.3
----------------

 * The timetable shows Sundays again.
"""


def test_underlined_titles_are_headings_in_text_and_markdown(tmp_path: Path) -> None:
    from index.sections import underlined_headings

    assert [(level, title) for _, level, title in underlined_headings(RELEASE_NOTES)] == [
        (1, "Melby Ferry v2.4 Release Notes"), (2, "New features"), (2, "Fixes since v2.3")]
    (tmp_path / "2.4.txt").write_text(RELEASE_NOTES)
    doc = load_document(tmp_path / "2.4.txt")
    assert doc.title == "Melby Ferry v2.4 Release Notes"
    assert doc.section_at(doc.text.index("Sundays")) == "Melby Ferry v2.4 Release Notes › Fixes since v2.3"
    # reStructuredText: a title between two lines, then underlines in the order they first appear
    rst = "=====\nGuide\n=====\n\nBoats\n~~~~~\n\nText.\n\nHarbour\n~~~~~~~\n\nMore.\n"
    assert [(level, title) for _, level, title in underlined_headings(rst)] == [
        (1, "Guide"), (2, "Boats"), (2, "Harbour")]
    markdown = "Guide\n=====\n\nText.\n\nBoats\n---\n\nA paragraph's\nlast line\n---\n\n```\nnot a title\n=====\n```\n"
    assert [(level, title) for _, level, title in markdown_headings(markdown)] == [(1, "Guide"), (2, "Boats")]


@pytest.mark.parametrize("text", [
    "Some paragraph text that runs on\nfor two lines here\n----------------------------------\n",  # a rule after text
    "Short\n--------------------------------------------------------------------------\n",  # a page-wide rule
    "    code line\n    =========\n",  # code
    "- a list item\n-------------\n",
    "An introduction line.\n\nLater\n=====\n",  # a heading, but not the first line: no title from it
])
def test_rules_and_code_are_not_titles_in_plain_text(text: str, tmp_path: Path) -> None:
    from index.sections import underlined_headings

    found = [title for _, _, title in underlined_headings(text)]
    assert found == (["Later"] if "Later" in text else [])
    (tmp_path / "t.txt").write_text(text)
    assert load_document(tmp_path / "t.txt").title != "Later"


def test_citations_carry_the_section_through_the_store(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(MARKDOWN, encoding="utf-8")
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder(),
                           answering=AnswerConfig(answerer="heuristic", threshold=0.0))
    bot.close()
    bot = DocumentQA.open(tmp_path / "store", embedder=CountingEmbedder(),
                          answering=AnswerConfig(answerer="heuristic", threshold=0.0))
    answer = bot.ask("How long is the Halvard Bridge?")
    assert answer.citations[0].section == "Melby guide › Bridges › Halvard Bridge"
    assert answer.as_dict()["citations"][0]["section"] == "Melby guide › Bridges › Halvard Bridge"
    bot.close()


def test_lines_are_the_files_lines_for_text_and_none_for_html(docs: Path, store_path: Path) -> None:
    bot = DocumentQA.build([docs], store_path, embedder=CountingEmbedder(),
                           answering=AnswerConfig(answerer="heuristic", threshold=0.0))
    text_cite = bot.ask("How long is the Halvard Bridge?").citations[0]
    assert text_cite.source.endswith("bridge.txt") and text_cite.line is not None
    file_lines = Path(text_cite.source).read_text(encoding="utf-8").split("\n")
    assert text_cite.text in file_lines[text_cite.line - 1] and text_cite.location() == f"bridge.txt:{text_cite.line}"
    html_cite = bot.ask("How many varieties of apple does the Brightwater Orchard grow?").citations[0]
    assert html_cite.source.endswith("orchard.html") and html_cite.line is None
    assert html_cite.location() == "orchard.html" and html_cite.as_dict()["line"] is None
    bot.close()


@pytest.mark.integration
def test_section_paths_survive_the_parse_worker_through_qa_index_and_qa_ask(tmp_path: Path) -> None:
    """HTML, DOCX and PDF are parsed in a worker process by `qa index`; their headings must come back
    from it (they did not: only Markdown, parsed in process, had section paths through the CLI); a
    plain text man page's labeled list terms head their definitions."""
    import json
    import subprocess
    import sys

    import docx

    from tests.conftest import REPO

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "page.html").write_bytes((FIXTURES / "html" / "sphinx-page.html").read_bytes())
    d = docx.Document()
    d.add_heading("Melby guide", level=1)
    d.add_heading("Ferries", level=2)
    d.add_paragraph("The Melby ferry crosses the fjord eleven times a day.")
    d.save(str(folder / "guide.docx"))
    (folder / "melby-ferry.txt").write_text(MAN_PAGE)  # read in process: an AsciiDoc labeled list's terms

    def qa(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "qa.cli", *args], cwd=REPO, capture_output=True, text=True,
                              timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        assert done.returncode == 0, done.stderr
        return done.stdout

    store = str(tmp_path / "store")
    qa("index", "--store", store, str(folder))
    ferry = json.loads(qa("ask", "--store", store, "--json", "How often does the Melby ferry cross the fjord?"))
    assert ferry["citations"][0]["section"] == "Melby guide › Ferries"
    floats = json.loads(qa("ask", "--store", store, "--json", "--threshold", "0", "What is a binary approximation?"))
    assert floats["citations"][0]["section"].startswith("15. Floating-Point Arithmetic")
    held = json.loads(qa("ask", "--store", store, "--json", "How long is a melby-ferry booking held?"))
    assert held["citations"][0]["section"] == "melby-ferry(1) › COMMANDS › book <route>, reserve <route>"
    assert held["citations"][0]["text"] == "A booking is held for twenty minutes."  # no "+" line, no term


ASCIIDOC = """// a comment before the title
= Melby Ferry Guide
:toc:

== Timetable

The ferry leaves at 7:10.

----
== not a title: inside a listing block
----

====
An example block.
====

=== Sundays

No ferry on Sundays.
"""


def test_asciidoc_section_titles_are_headings_outside_delimited_blocks(tmp_path: Path) -> None:
    from index.sections import asciidoc_headings

    assert [(level, title) for _, level, title in asciidoc_headings(ASCIIDOC)] == [
        (1, "Melby Ferry Guide"), (2, "Timetable"), (3, "Sundays")]
    (tmp_path / "guide.adoc").write_text(ASCIIDOC)
    doc = load_document(tmp_path / "guide.adoc")
    assert doc.title == "Melby Ferry Guide"  # the first title, though a comment comes before it
    assert doc.section_at(doc.text.index("No ferry")) == "Melby Ferry Guide › Timetable › Sundays"
    assert doc.text == ASCIIDOC  # the file's characters, markup and all


def test_restructuredtext_is_read_with_its_underlined_titles(tmp_path: Path) -> None:
    rst = ".. _guide:\n\n=====\nGuide\n=====\n\nBoats\n~~~~~\n\nThe ferry leaves at 7:10.\n"
    (tmp_path / "guide.rst").write_text(rst)
    doc = load_document(tmp_path / "guide.rst")
    assert doc.title == "Guide"  # a label before it does not hide the title
    assert doc.section_at(doc.text.index("ferry")) == "Guide › Boats"
    (tmp_path / "notes.txt").write_text(rst)  # a plain text file is named by a title on its first line only
    assert load_document(tmp_path / "notes.txt").title == ".. _guide:"
    (tmp_path / "guide.rst.txt").write_text(rst)  # Sphinx's copy of a page's source: reStructuredText
    assert load_document(tmp_path / "guide.rst.txt").title == "Guide"
    # the field list a file opens with (its metadata, as Sphinx and the AWS CLI's topics write it) names it
    (tmp_path / "faq.rst").write_text(":title: AWS CLI S3 FAQ\n:category: S3\n\nS3 FAQ\n======\n\nText.\n")
    assert load_document(tmp_path / "faq.rst").title == "AWS CLI S3 FAQ"
    (tmp_path / "codes.rst").write_text(":description: Return codes\n\nThese are the codes.\n:title: not metadata\n")
    assert load_document(tmp_path / "codes.rst").title == "These are the codes."  # no title field: the first line after them


MAN_PAGE = """melby-ferry(1)
==============

NAME
----
melby-ferry - Book and cancel ferry crossings

COMMANDS
--------
book <route>::
reserve <route>::
\tBook a seat on the next crossing of <route>.
+
A booking is held for twenty minutes.
+
----
$ melby-ferry book north

$ melby-ferry book south::
----

cancel [<booking>]::
\tCancel <booking>, or the last booking if none is given.

Every command prints the booking number.

OPTIONS
-------
-q::
--quiet::
\tPrint nothing.
"""


def test_asciidoc_labeled_list_terms_are_headings_in_plain_text_and_asciidoc(tmp_path: Path) -> None:
    """git's man page sources (``.txt``) and AsciiDoc files list commands and options as labeled
    lists: each term heads its definition, so a citation says which command it is about."""
    from index.sections import underlined_headings, with_definition_terms

    found = with_definition_terms(MAN_PAGE, underlined_headings(MAN_PAGE))
    assert [(level, title) for _, level, title in found] == [
        (1, "melby-ferry(1)"), (2, "NAME"), (2, "COMMANDS"), (3, "book <route>, reserve <route>"),
        (3, "cancel [<booking>]"), (3, ""), (2, "OPTIONS"), (3, "-q, --quiet")]
    (tmp_path / "melby-ferry.txt").write_text(MAN_PAGE)
    doc = load_document(tmp_path / "melby-ferry.txt")
    assert doc.title == "melby-ferry(1)"
    assert doc.section_at(doc.text.index("twenty minutes")) == "melby-ferry(1) › COMMANDS › book <route>, reserve <route>"
    assert doc.section_at(doc.text.index("book south")) == "melby-ferry(1) › COMMANDS › book <route>, reserve <route>"
    assert doc.section_at(doc.text.index("last booking")) == "melby-ferry(1) › COMMANDS › cancel [<booking>]"
    assert doc.section_at(doc.text.index("Every command")) == "melby-ferry(1) › COMMANDS"  # the list has ended
    assert doc.section_at(doc.text.index("Print nothing")) == "melby-ferry(1) › OPTIONS › -q, --quiet"
    adoc = ("= Melby Ferry\n\n== Options\n\n--route=<name>::\n  The route to book.\n--seats=<n>:::\n  Nested.\n"
            "--quiet::\n  Print nothing.\n")
    (tmp_path / "ferry.adoc").write_text(adoc)
    doc = load_document(tmp_path / "ferry.adoc")
    assert doc.section_at(doc.text.index("Nested")) == "Melby Ferry › Options › --route=<name> › --seats=<n>"
    assert doc.section_at(doc.text.index("Print nothing")) == "Melby Ferry › Options › --quiet"


@pytest.mark.parametrize("text", [
    "Guide\n=====\n\nFor example::\n\n    print('literal block')\n",  # reST: a blank line, then the literal block
    "Guide\n=====\n\n.. note::\n   Read this first.\n",  # a reST directive
    "Guide\n=====\n\nA paragraph that ends its second\nline with a reST marker::\n\n    code\n",
    "Guide\n=====\n\n  indented::\n  text\n",  # indented: code or a definition's body
    "Guide\n=====\n\n----\nliteral::\ntext\n----\n",  # inside a delimited block
    "Guide\n=====\n\nlast line of the file::\n",  # nothing follows
])
def test_restructuredtext_markers_and_code_are_not_labeled_list_terms(text: str, tmp_path: Path) -> None:
    from index.sections import underlined_headings, with_definition_terms

    assert with_definition_terms(text, underlined_headings(text)) == underlined_headings(text)
    (tmp_path / "guide.rst").write_text(text)
    assert load_document(tmp_path / "guide.rst").headings == underlined_headings(text)


def test_a_markdown_title_s_inline_code_marks_are_left_out(tmp_path: Path) -> None:
    text = "# Command-line API\n\n## Options\n\n### `--watch`\n\nStarts Node.js in watch mode.\n\n``a`b`` option\n---\n\nText.\n"
    assert [title for _, _, title in markdown_headings(text)] == ["Command-line API", "Options", "--watch", "a`b option"]
    (tmp_path / "cli.md").write_text(text)
    doc = load_document(tmp_path / "cli.md")
    assert doc.section_at(doc.text.index("Starts")) == "Command-line API › Options › --watch"
    assert doc.text == text  # the file's characters, marks and all


def test_a_markdown_readme_s_html_headings_name_it_and_head_its_sections(tmp_path: Path) -> None:
    """Many READMEs open with an HTML heading ('<h1 align="center">HTTPX2</h1>'): it is the file's
    title and heads what follows; an image alone is no title, nor is HTML in a code block."""
    text = ('<h1 align="center">HTTPX2 &amp; friends</h1>\n\n<p align="center"><em>A client.</em></p>\n\n'
            '<h2><img src="logo.png" alt="logo"> Features</h2>\n\nIt speaks HTTP/2.\n\n'
            '<h2><img src="banner.png"></h2>\n\n```html\n<h1 id="t">Hi there</h1>\n```\n\n'
            '## Installation\n\nUse pip.\n\n<H3 class="x">Extras</H3>\n\n<h3>Not alone</h3> on its line\n')
    assert markdown_headings(text) == ((0, 1, "HTTPX2 & friends"), (text.index("<h2><img src=\"logo"), 2, "Features"),
                                       (text.index("## Installation"), 2, "Installation"),
                                       (text.index("<H3"), 3, "Extras"))
    (tmp_path / "README.md").write_text(text)
    doc = load_document(tmp_path / "README.md")
    assert doc.title == "HTTPX2 & friends"
    assert doc.section_at(doc.text.index("It speaks")) == "HTTPX2 & friends › Features"
    assert doc.text == text  # the file's characters, tags and all
    assert underlined_headings(text) == ()  # (plain text's HTML is text)
