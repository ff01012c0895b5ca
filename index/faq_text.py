"""A plain-text FAQ's questions as headings. Plain-text FAQs set each question apart as a paragraph
of its own, its answer the paragraphs after it: procps's "Why do long usernames get printed as
numbers?", zlib's numbered " 1. Is zlib Y2K-compliant?", XZ Utils' "Q:  What do the letters XZ
mean?" (with "A:  Nothing. ..." after it). Made headings, a question heads the section its answer
fills, which a question asked as the FAQ asks it finds (``qa.tasks``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.sections import UNDERLINE, Heading

MIN_QUESTIONS = 3  # a document setting fewer questions apart is no FAQ
MAX_LINES = 3  # a question wraps over at most this many lines
MAX_CHARS = 250
# what numbers or marks a question, left out of its title: "Q:", "Q2:", "Question:", "14.", "2.1.", "1.2.3", "(3)"
_MARK = re.compile(r"(?:q(?:uestion)?\s*\d{0,3}[:.]|\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|\(\d{1,3}\))[ \t]+", re.IGNORECASE)
# a paragraph that is no question's: code (indented four), a list item ("o" too), a quote, a table, a prompt
_NOT_QUESTION = re.compile(r"(?: {4}|\t| {0,3}(?:[*+>|#o-]|\$)[ \t])")


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """The paragraphs of ``text`` (runs of lines between blank lines): where each starts, and its lines."""
    found: list[tuple[int, list[str]]] = []
    at, start = 0, 0
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            if not lines:
                start = at
            lines.append(line)
        elif lines:
            found.append((start, lines))
            lines = []
        at += len(line) + 1
    if lines:
        found.append((start, lines))
    return found


def _question(lines: list[str]) -> str | None:
    """The question a paragraph of ``lines`` is, its mark left out ("Is zlib thread-safe?" of
    "21. Is zlib thread-safe?"), or None where it is none: longer than a few lines, not ending
    with "?", code, a list item, a quote, underlined (a heading already) or a list of marked
    questions (a table of contents: " 2.1. What is sed?" under "BASIC SED")."""
    if (len(lines) > MAX_LINES or _NOT_QUESTION.match(lines[0]) or any(UNDERLINE.match(line) for line in lines)
            or any(_MARK.match(line.strip()) for line in lines[1:])):
        return None
    joined = " ".join(line.strip() for line in lines)
    question = joined[m.end():] if (m := _MARK.match(joined)) else joined
    return question if question.endswith("?") and len(question) <= MAX_CHARS and question[:1].isalnum() else None


def question_headings(text: str, headings: Sequence[Heading] = ()) -> tuple[Heading, ...]:
    """The questions of a plain-text FAQ (:func:`_question`: a paragraph of its own ending with "?",
    its answer the paragraph after it, which is no question), as headings one level under the
    deepest of the document's ``headings`` (its underlined titles, "XZ Utils FAQ"), or none where
    the document sets fewer than :data:`MIN_QUESTIONS` questions apart. A question set apart
    twice heads its second place: the first is its table of contents' line (sed's FAQ)."""
    paragraphs = _paragraphs(text)
    asked = [_question(lines) for _, lines in paragraphs]
    level = min(max((h[1] for h in headings), default=0) + 1, 6)
    found = [(start + len(lines[0]) - len(lines[0].lstrip()), level, question)
             for n, ((start, lines), question) in enumerate(zip(paragraphs, asked, strict=True))
             if question is not None and n + 1 < len(paragraphs) and asked[n + 1] is None]
    last = {title: at for at, _, title in found}
    found = [heading for heading in found if last[heading[2]] == heading[0]]
    return tuple(found) if len(found) >= MIN_QUESTIONS else ()
