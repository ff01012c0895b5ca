"""A cited document shown as a reader sees it: headings, paragraphs, list items and code blocks,
built from the stored text itself (never from the file's markup), so every character shown is
escaped and the highlighted characters are exactly the cited offsets.

Headings come from the document's heading offsets (Markdown ``#`` and underlined titles, a text or
reStructuredText file's underlined titles, AsciiDoc's ``== Section`` (its marker not shown), HTML
``h1``-``h6`` and ``dt``, DOCX heading styles, PDF bookmarks or larger type); a title's underline
is not shown; Markdown also gives list items, fenced or indented code, and
tables (shown as the file writes them, lines and columns kept).
Other text keeps its line breaks inside each paragraph.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from index.documents import Document
from index.loaders import ASCIIDOC_SUFFIXES, MARKDOWN_SUFFIXES, format_suffix
from index.sections import UNDERLINE
from index.table_records import ROW
from qa.answers import Citation
from ui.render import highlight

_ATX = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+")
_ASCIIDOC = re.compile(r"={1,6}[ \t]+")  # an AsciiDoc section title's marker
_ITEM = re.compile(r"[ \t]{0,3}(?:[*+-]|\d{1,9}[.)])[ \t]+")
_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
BEFORE = 200  # characters of context before the span where the view starts (at a block's start)
AFTER = 3000


@dataclass(frozen=True)
class Block:
    """One block of the view: ``tag`` (h1-h6, p, li, pre), its span in the document, and where its
    shown text starts (after a Markdown marker such as ``## `` or ``- ``)."""

    tag: str
    start: int
    end: int
    shown_from: int


def blocks(document: Document) -> list[Block]:
    """The document's blocks in order."""
    text = document.text
    suffix = format_suffix(document.source)
    markdown, asciidoc = suffix in MARKDOWN_SUFFIXES, suffix in ASCIIDOC_SUFFIXES
    levels = {at: level for at, level, title in document.headings if title}  # "": an end mark, no heading
    out: list[Block] = []
    para: list[int] | None = None  # [start, end] of the paragraph being gathered
    fence: int | None = None  # where an open code fence's content starts
    offset = 0

    def close() -> None:
        nonlocal para
        if para is not None:  # a Markdown table keeps its lines and columns, as code does
            table = markdown and all(ROW.fullmatch(line) for line in text[para[0]:para[1]].split("\n"))
            out.append(Block("pre" if table else "p", para[0], para[1], para[0]))
            para = None

    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if markdown and (fence is not None or _FENCE.match(line)):
            if fence is None:
                close()
                fence = offset
            elif _FENCE.match(line):
                out.append(Block("pre", fence, max(fence, start - 1), fence))
                fence = None
            continue
        if not line.strip():
            close()
            continue
        if para is None and out and out[-1].tag[0] == "h" and out[-1].end == start - 1 and UNDERLINE.match(line):
            continue  # a title's underline ("=====") is how the file marks the heading shown above
        if start in levels or (markdown and _ATX.match(line)):
            close()
            level = levels.get(start, 2)
            marker = _ATX.match(line) if markdown else _ASCIIDOC.match(line) if asciidoc else None
            out.append(Block(f"h{min(max(level, 1), 6)}", start, end, start + (marker.end() if marker else 0)))
        elif markdown and (item := _ITEM.match(line)):
            close()
            out.append(Block("li", start, end, start + item.end()))
        elif markdown and line.startswith(("    ", "\t")) and para is None:
            out.append(Block("pre", start, end, start))
        elif para is None:
            para = [start, end]
        else:
            para[1] = end
    if fence is not None:  # an unclosed fence runs to the end
        out.append(Block("pre", fence, len(text), fence))
    close()
    return out


def document_view_html(document: Document, citation: Citation, label: str) -> str:
    """The document from the block shortly before the cited span (so the span is in view at the
    top), structured, with the span marked."""
    text = document.text
    parts: list[str] = []
    shown = [b for b in blocks(document) if b.end >= citation.start - BEFORE and b.start <= citation.end + AFTER]
    keep_lines = format_suffix(document.source) not in MARKDOWN_SUFFIXES
    in_list = False
    for block in shown:
        if block.tag == "li" and not in_list:
            parts.append("<ul>")
        elif block.tag != "li" and in_list:
            parts.append("</ul>")
        in_list = block.tag == "li"
        body = highlight(text, [(citation.start, citation.end, label)], block.shown_from, block.end)
        if block.tag == "pre":
            parts.append(f"<pre><code>{body}</code></pre>")
        elif block.tag == "p" and keep_lines:
            parts.append(f'<p style="white-space: pre-line">{body}</p>')
        else:
            parts.append(f"<{block.tag}>{body}</{block.tag}>")
    if in_list:
        parts.append("</ul>")
    more_before = bool(shown) and shown[0].start > 0
    more_after = bool(shown) and shown[-1].end < len(text.rstrip())
    return (f"<h4>{html.escape(Path(document.source).name)}</h4>"
            f'<div class="document">{"<p>…</p>" if more_before else ""}{"".join(parts)}'
            f'{"<p>…</p>" if more_after else ""}</div>')
