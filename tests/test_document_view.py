"""The structured document view: headings, paragraphs, lists and code from the stored text,
the cited characters marked, nothing of the file's markup passed through."""

from __future__ import annotations

import re
from pathlib import Path

from index.documents import Document, Span
from index.loaders import load_document
from index.sections import markdown_headings
from qa.answers import Citation
from ui.document_view import blocks, document_view_html

MARKDOWN = """# Kestrel Point Lighthouse

The lighthouse stands on a granite cliff
above the northern sea lanes.

## History

- It was first lit on 3 March 1902.
- Its lamp can be seen from 34 kilometres away.

```
lamp --power 2000 <script>alert(1)</script>
```

The last keeper left in 1978.
"""


def cite(document: Document, phrase: str) -> Citation:
    start = document.text.index(phrase)
    return Citation(Span(1, document.doc_id, document.source, document.title, start, start + len(phrase), phrase),
                    page=None, score=1.0)


def marked(html_text: str) -> str:
    return "".join(re.findall(r'<mark class="cite" data-cite="1">(.*?)</mark>', html_text, re.S))


def test_markdown_shows_headings_lists_and_code_with_the_span_marked() -> None:
    doc = Document("d", "/docs/lighthouse.md", "Kestrel", MARKDOWN, headings=markdown_headings(MARKDOWN))
    assert [b.tag for b in blocks(doc)] == ["h1", "p", "h2", "li", "li", "pre", "p"]
    out = document_view_html(doc, cite(doc, "Its lamp can be seen from 34 kilometres away."), "1")
    assert "<h1>Kestrel Point Lighthouse</h1>" in out and "<h2>History</h2>" in out
    assert "<ul><li>It was first lit on 3 March 1902.</li><li><mark" in out
    assert marked(out) == "Its lamp can be seen from 34 kilometres away."
    assert "<pre><code>lamp --power 2000 &lt;script&gt;alert(1)&lt;/script&gt;</code></pre>" in out
    assert "<script" not in out and "```" not in out and "# Kestrel" not in out


def test_a_compressed_markdown_file_is_shown_as_markdown() -> None:
    doc = Document("d", "/usr/share/doc/kestrel/lighthouse.md.gz", "Kestrel", MARKDOWN,
                   headings=markdown_headings(MARKDOWN))
    assert [b.tag for b in blocks(doc)] == ["h1", "p", "h2", "li", "li", "pre", "p"]
    out = document_view_html(doc, cite(doc, "The last keeper left in 1978."), "1")
    assert "<h2>History</h2>" in out and "```" not in out and marked(out) == "The last keeper left in 1978."


def test_a_markdown_table_keeps_its_lines_and_columns_with_the_cited_row_marked() -> None:
    text = "# Drinks\n\n| Drink | Caffeine |\n|---|---|\n| Espresso | 63 mg |\n| Tea | 47 mg |\n\nThat is all."
    doc = Document("d", "/docs/drinks.md", "Drinks", text, headings=markdown_headings(text))
    assert [b.tag for b in blocks(doc)] == ["h1", "pre", "p"]
    out = document_view_html(doc, cite(doc, "Tea | 47 mg"), "1")
    assert "<pre><code>| Drink | Caffeine |\n|---|---|\n| Espresso | 63 mg |\n| <mark" in out
    assert marked(out) == "Tea | 47 mg"


def test_a_span_across_lines_of_a_paragraph_is_marked_whole() -> None:
    doc = Document("d", "/docs/lighthouse.md", "Kestrel", MARKDOWN, headings=markdown_headings(MARKDOWN))
    sentence = "The lighthouse stands on a granite cliff\nabove the northern sea lanes."
    out = document_view_html(doc, cite(doc, sentence), "1")
    assert marked(out) == sentence and out.count("<mark") == 1


def test_html_keeps_its_headings_and_line_breaks_and_drops_nothing_cited(tmp_path: Path) -> None:
    page = tmp_path / "orchard.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav><main><h1>The Orchard</h1>"
                    "<p>The orchard has 120 apple trees.</p><h2>Harvest</h2><p>Picking starts in "
                    "September <b onclick='x()'>each</b> year.</p></main></body></html>", encoding="utf-8")
    doc = load_document(page)
    out = document_view_html(doc, cite(doc, "Picking starts in September each year."), "1")
    assert "<h1>The Orchard</h1>" in out and "<h2>Harvest</h2>" in out
    assert marked(out) == "Picking starts in September each year."
    assert "onclick" not in out and "Home" not in out


def test_the_text_after_a_definition_list_is_a_paragraph_not_a_heading(tmp_path: Path) -> None:
    """The end of a list's terms is a heading with no title (index.sections): the view shows the
    terms as headings and the paragraph where they end as a paragraph."""
    page = tmp_path / "glossary.html"
    page.write_text("<html><body><main><h1>Glossary</h1><dl><dt>bytecode</dt><dd><p>Compiled code.</p></dd></dl>"
                    "<p>These terms recur in every chapter.</p></main></body></html>", encoding="utf-8")
    doc = load_document(page)
    assert any(not title for _, _, title in doc.headings)
    out = document_view_html(doc, cite(doc, "These terms recur in every chapter."), "1")
    assert "<h2>bytecode</h2>" in out
    assert re.search(r"<p[^>]*>[^<]*<mark[^>]*>These terms recur", out), out
    assert marked(out) == "These terms recur in every chapter."


def test_the_view_starts_shortly_before_a_span_deep_in_a_long_document() -> None:
    text = "\n\n".join(f"Paragraph {i} says nothing much at all." for i in range(400)) + "\n\nThe answer is 42."
    doc = Document("d", "/docs/long.txt", "Long", text)
    out = document_view_html(doc, cite(doc, "The answer is 42."), "1")
    assert out.index("<mark") < 600 and "Paragraph 10 " not in out and out.count("<p") < 12


def test_underlined_titles_are_headings_and_their_underlines_are_not_shown(tmp_path: Path) -> None:
    text = ("Kestrel Point Notes\n===================\n\nLights\n------\n\nThe lamp was first lit in 1902.\n"
            "It can be seen from 34 kilometres away.\n")
    (tmp_path / "notes.txt").write_text(text)
    doc = load_document(tmp_path / "notes.txt")
    assert [b.tag for b in blocks(doc)] == ["h1", "h2", "p"]
    out = document_view_html(doc, cite(doc, "The lamp was first lit in 1902."), "1")
    assert "<h1>Kestrel Point Notes</h1>" in out and "<h2>Lights</h2>" in out and "===" not in out and "---" not in out


def test_an_asciidoc_title_s_marker_is_not_shown(tmp_path: Path) -> None:
    text = "= Kestrel Point Notes\n\n== Lights\n\nThe lamp was first lit in 1902.\n"
    (tmp_path / "notes.adoc").write_text(text)
    doc = load_document(tmp_path / "notes.adoc")
    assert [b.tag for b in blocks(doc)] == ["h1", "h2", "p"]
    out = document_view_html(doc, cite(doc, "The lamp was first lit in 1902."), "1")
    assert "<h1>Kestrel Point Notes</h1>" in out and "<h2>Lights</h2>" in out and ">=" not in out and "= " not in out
