"""HTML and Markdown for the chat UI. Every document character is escaped; the only
markup is ours (``<mark>``, headings, small print), so an indexed page's scripts,
handlers and remote images can neither run nor load."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from index.documents import Document
from qa.answers import Answer, Citation, prose
from qa.more import asks_more
from qa.pdf_evidence import PageEvidence

WINDOW = 300  # characters of context shown on each side of a cited span


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def md_text(text: str) -> str:
    """Document text made inert for a Markdown renderer: HTML-escaped, every character Markdown
    gives meaning to (links, images, emphasis, code, headings) backslash-escaped, and a line's
    indent made of no-break spaces (four spaces would open a code block, which shows the escapes:
    "$ nox \\-s docs")."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _INDENT.sub(lambda m: "&nbsp;" * len(m.group().expandtabs(4)), escaped)


def _name(citation: Citation) -> str:
    return Path(citation.source).name


def _where(citation: Citation) -> str:
    section = f" — {citation.section}" if citation.section else ""
    return f"{citation.location()}{section}"


def follow_up_note(answer: Answer) -> str:
    """When a follow-up borrowed an earlier question for retrieval, say which; when it was asked
    of the thing an earlier question named ("How do I install it?" as "How do I install
    pacote?"), say how it was read; after "Tell me more", which answer it goes on from (else "")."""
    query = answer.retrieval_query
    if not query or query == answer.question:
        return ""
    if asks_more(answer.question):  # ("Tell me more": what the document says after the last answer)
        return f"_More of the answer to: “{md_text(query)}”_\n\n"
    if not query.endswith(answer.question):
        return f"_Read as: “{md_text(query)}”_\n\n"
    return f"_Read as a follow-up to: “{md_text(query[: -len(answer.question)].strip())}”_\n\n"


def draft_markdown(draft: str) -> str:
    """The language model's reply while it is written: plainly marked as not yet checked."""
    return f"_Draft by the language model, being checked against the documents…_\n\n{md_text(draft)}"


def answer_markdown(answer: Answer) -> str:
    """The chat message for an answer: text with [n] markers, or a plain refusal with suggestions."""
    note = follow_up_note(answer)
    if answer.abstained:
        lines = [f"{note}**{md_text(answer.text)}**"]
        if answer.suggestions:
            lines.append("\nMaybe related (not an answer):")
            lines += [f"- {md_text(_where(c))}: “{md_text(c.text)}”" for c in answer.suggestions]
        if answer.notice:
            lines.append(f"\n_Note: {md_text(answer.notice)}_")
        return "\n".join(lines)
    lines = [note] if note else []
    if answer.short_answer:
        lines.append(f"**{md_text(prose(answer.short_answer))}**\n")
    lines.append(md_text(answer.text))
    lines.append("\n" + "\n\n".join(f"\\[{i}\\] {md_text(_where(c))}" for i, c in enumerate(answer.citations, 1)))
    if answer.mode == "generative":
        verified = sum(c.status == "verified" for c in answer.claims)
        lines.append(f"\n_Written by the language model; {verified} of {len(answer.claims)} claims verified "
                     "against the documents, the rest dropped._")
    if answer.notice:
        lines.append(f"\n_Note: {md_text(answer.notice)}_")
    return "\n".join(lines)


def highlight(text: str, spans: Sequence[tuple[int, int, str]], start: int, end: int) -> str:
    """``text[start:end]`` escaped, with each ``(a, b, label)`` span wrapped in ``<mark>``."""
    out, pos = [], start
    for a, b, label in sorted(spans):
        a, b = max(a, pos), min(b, end)
        if a >= b:
            continue
        out.append(html.escape(text[pos:a]))
        out.append(f'<mark class="cite" data-cite="{html.escape(label)}">{html.escape(text[a:b])}</mark>')
        pos = b
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def sources_html(answer: Answer, load: Callable[[str], Document]) -> str:
    """The sources panel: each cited document, its cited spans highlighted in their context."""
    cites = answer.suggestions if answer.abstained else answer.citations
    if not cites:
        return "<p>No sources for this answer.</p>"
    heading = "Maybe related passages (not an answer)" if answer.abstained else "Sources"
    parts = [f"<h3>{heading}</h3>"]
    for i, c in enumerate(cites, 1):
        text = load(c.source).text
        lo, hi = max(0, c.start - WINDOW), min(len(text), c.end + WINDOW)
        body = highlight(text, [(c.start, c.end, str(i))], lo, hi)
        meta = f"score {c.score:.2f}, characters {c.start}–{c.end}"
        parts.append(
            f'<div class="source"><p><b>[{i}] {html.escape(_where(c))}</b> <small>{meta}</small></p>'
            f'<p class="passage" style="white-space: pre-line">{"…" if lo else ""}{body}{"…" if hi < len(text) else ""}</p></div>'
        )
    return "\n".join(parts)


def pdf_page_html(evidence: PageEvidence | None, name: str, page: int, problem: str = "") -> str:
    """The cited PDF page as an image with the span boxed (the boxes' pixels are in ``data-boxes``),
    or a line saying why it cannot be shown."""
    if evidence is None:
        return (f'<p class="pdf-note"><small>Page {page} of {html.escape(name)} cannot be shown: '
                f"{html.escape(problem)}</small></p>")
    boxes = json.dumps([[round(v, 1) for v in (b.left, b.top, b.right, b.bottom)] for b in evidence.boxes])
    if evidence.verified:
        caption = (f"Page {page} of {html.escape(name)}, the cited span boxed (the page's text under the boxes "
                   "is the citation's).")
    else:
        caption = (f"Page {page} of {html.escape(name)}. The cited text could not be placed on this page (the "
                   "file may have changed since it was indexed), so nothing is boxed.")
    return (f'<div class="pdf-evidence" data-page="{page}" data-verified="{str(evidence.verified).lower()}" '
            f'data-width="{evidence.width}" data-height="{evidence.height}" data-boxes="{html.escape(boxes)}">'
            f"<p><small>{caption}</small></p>"
            f'<img class="pdf-page" alt="page {page} of {html.escape(name)}" src="{evidence.data_uri()}" '
            'style="max-width: 100%; border: 1px solid #ccc"></div>')


def conversation_markdown(turns: Sequence[tuple[str, Answer]]) -> str:
    """A conversation as Markdown, each answer followed by its citations (for export)."""
    lines = ["# Conversation", ""]
    for question, answer in turns:
        lines += [f"**Q:** {question}", "", f"**A:** {answer.text}", ""]
        for i, c in enumerate(answer.citations, 1):
            page = f", page {c.page}" if c.page else ""
            lines.append(f"[{i}] {c.source} (characters {c.start}–{c.end}{page}): “{c.text}”")
        lines.append("")
    return "\n".join(lines)
