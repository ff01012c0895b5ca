"""The nouns of the answering side: passages, citations and answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.documents import Span, SpanFields
from index.lexical import content_words


@dataclass(frozen=True)
class Passage(SpanFields):
    """A retrieved chunk (its ``span`` of the document) with its retrieval scores; ``source``,
    ``start``, ``text``... read the span's fields."""

    chunk_id: int
    span: Span
    score: float
    rank: int
    dense_score: float | None = None
    lexical_score: float | None = None


@dataclass(frozen=True)
class Citation(SpanFields):
    """An exact span of a source document that backs (part of) an answer, with where it sits
    (page, line, section) and the answerer's score; ``source``, ``start``, ``text``... read the span's fields."""

    span: Span
    page: int | None
    score: float
    line: int | None = None  # the file's line (text and Markdown); None where the file has no such lines
    section: str = ""  # the headings the span sits under, "Chapter › Section" ("" when none)

    def location(self, name: str | None = None) -> str:
        """Where the span is, for people: ``notes.md:12``, ``report.pdf, page 3``, ``page.html``
        (``name`` replaces the file's base name, e.g. with a path)."""
        where = Path(self.source).name if name is None else name
        if self.line is not None:
            where += f":{self.line}"
        if self.page is not None:
            where += f", page {self.page}"
        return where

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict: one entry of `citations` in `qa ask --json`."""
        s = self.span
        return {"source": s.source, "doc_id": s.doc_id, "start": s.start, "end": s.end, "text": s.text,
                "page": self.page, "score": self.score, "title": s.title, "line": self.line, "section": self.section}


@dataclass(frozen=True)
class Answer:
    """An answer with its citations, or an abstention with suggestions.

    ``text`` carries ``[n]`` markers that refer to ``citations[n-1]``.
    ``short`` is the span of the number, date, name or phrase inside the first cited sentence
    that answers, when one was found (``short_answer`` is its text). When ``abstained`` is true, ``citations`` is empty and
    ``suggestions`` holds the closest passages, which are not an answer.
    ``mode`` says who wrote ``text``: the extractive answerer (quoting one sentence per citation)
    or a language model whose claims were each verified against the stored text.
    """

    question: str
    text: str
    abstained: bool
    confidence: float
    threshold: float
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[Citation] = field(default_factory=list)
    short: Span | None = None
    retrieval_query: str = ""
    mode: str = "extractive"  # "generative" when a language model wrote the text (every quote verified)
    claims: tuple[Any, ...] = ()  # qa.generative.ClaimReport: what became of each claim of the model
    notice: str = ""  # e.g. why the generative answer fell back to the extractive one

    @property
    def short_answer(self) -> str | None:
        """The short answer's text, or None."""
        return self.short.text if self.short is not None else None

    @property
    def short_answer_span(self) -> tuple[int, int] | None:
        """The short answer's offsets in the first citation's document, or None."""
        return (self.short.start, self.short.end) if self.short is not None else None

    def as_dict(self) -> dict[str, Any]:
        """The ``qa ask --json`` object."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "threshold": self.threshold,
            "short_answer": self.short_answer,
            "short_answer_span": list(self.short_answer_span) if self.short_answer_span else None,
            "citations": [c.as_dict() for c in self.citations],
            "suggestions": [c.as_dict() for c in self.suggestions],
            "retrieval_query": self.retrieval_query,
            "mode": self.mode,
            "claims": [c.as_dict() for c in self.claims],
            "notice": self.notice,
        }


def worth_suggesting(text: str) -> bool:
    """Whether a sentence says something a refusal's "maybe related" list can show: three words of
    letters and mostly letters, not a page number, a prompt or a table of contents' dot leaders
    ("asn1_create_element . . . . . . . 10")."""
    words = sum(any(c.isalpha() for c in word) for word in text.split())
    visible = [c for c in text if not c.isspace()]
    return words >= 3 and sum(c.isalpha() for c in visible) >= 0.5 * len(visible)


FENCE = re.compile(r"[ \t]*(```|~~~)")  # a Markdown code fence
DIRECTIVE = re.compile(r"([ \t]*)\.\. [\w-]+::")  # reStructuredText's ".. code-block:: console", its body indented under it


def prose(text: str) -> str:
    """A quote as an answer's text shows it: a text file's wrapped lines joined into one ("Linus\n
    Torvalds" reads "Linus Torvalds"; the citation keeps the file's characters), a list item's
    indented continuation lines too (NEWS files, Debian changelogs: "the\n    shell was started");
    code lines (a prompt; indented lines a quote opens with, or that follow a line ending in ":",
    a reStructuredText directive or another code line; a fenced block, its fences included) keep
    their lines, and the prose around them is joined."""
    out: list[str] = []
    words: list[str] = []
    code, any_code, previous, fenced = False, False, "", False  # the last line with text: code?, and that line
    for n, line in enumerate(text.split("\n")):
        if FENCE.match(line) or fenced:  # ("```console" ... "```": as written, blank lines too)
            out += [" ".join(words)] if words else []
            words, code, any_code, previous = [], True, True, line.rstrip()
            fenced = fenced != bool(FENCE.match(line))
            out.append(line.rstrip())
            continue
        if not line.strip():  # (spaces where code would stand still mark the quote as code)
            any_code = any_code or (line[:1] in (" ", "\t") and (n == 0 or previous.endswith(":")))
            out += [" ".join(words), ""] if words else [""]
            words = []
            continue
        if line.startswith((">>>", "$ ")) or DIRECTIVE.match(line) or (line[:1] in " \t" and (
                n == 0 or code or previous.endswith(":"))):
            out += [" ".join(words)] if words else []
            words, code, any_code = [], True, True
            out.append(line.rstrip())
        else:
            words.append(line.strip())
            code = False
        previous = line.rstrip()
    if not any_code:
        return " ".join(text.split())
    out += [" ".join(words)] if words else []
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out).strip("\n"))


_PAIRS = (("(", ")"), ("[", "]"), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"))
BLOCK_LINES = 12  # the most lines of a block a citation takes in after a sentence that introduces it


def introduced(text: str, end: int, block_end: int, question: str, short: str) -> tuple[int, int] | None:
    """The lines ``text[end:block_end]`` a cited sentence introduces (:func:`block_after`), as the
    short answer instead of ``short``, when ``short`` mostly restates ``question`` (half its
    content words or more are the question's: "To enable the ssh server to accept tunnel
    requests" for "How do I enable tunnel support in the ssh server?", where the answer is the
    `PermitTunnel yes` under it) and they are at most 3 lines; else None."""
    lines = [m for m in re.finditer(r"[^\n]+", text[end:block_end]) if m.group().strip()]
    said = content_words(short)
    asked = set(content_words(question))
    if not lines or len(lines) > 3 or not said or 2 * sum(w in asked for w in said) < len(said):
        return None
    first = lines[0].start() + len(lines[0].group()) - len(lines[0].group().lstrip(" \t"))
    return end + first, block_end


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def block_after(text: str, start: int, end: int) -> int:
    """Where a quote ``text[start:end]`` should end: past the lines it introduces, if it ends a line
    with ":" and lines indented deeper than its own come next ("add the following option to
    /etc/ssh/sshd_config:" then "PermitTunnel yes"; "create /var/log/journal:" then the commands),
    at most :data:`BLOCK_LINES` of them and a blank line between; else ``end`` itself."""
    line_end = text.find("\n", end)
    if not text[start:end].rstrip().endswith(":") or line_end == -1 or text[end:line_end].strip():
        return end
    base = _indent(text[text.rfind("\n", 0, start) + 1:start + 1])
    block_end, taken, pos = end, 0, line_end + 1
    while pos < len(text) and taken < BLOCK_LINES:
        nl = text.find("\n", pos)
        line = text[pos:len(text) if nl == -1 else nl]
        if line.strip():
            if _indent(line) <= base:
                break
            block_end, taken = pos + len(line.rstrip()), taken + 1
        elif taken and not text[pos:].lstrip("\n").startswith((" ", "\t")):
            break  # a blank line, and nothing indented after it
        pos = len(text) if nl == -1 else nl + 1
    return block_end


SHELL_PROMPT = re.compile(r"[ \t]*\$[ \t]+")


def whole_command(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)``, or the whole command where it lies inside a shell command line ("$ java
    -jar $JETTY_HOME/start.jar --add-module=demos" after its prompt, not "jar"): a command is
    run whole."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    prompt = SHELL_PROMPT.match(text, line_start, line_end)
    if prompt is None or end > line_end:
        return start, end
    while line_end > prompt.end() and text[line_end - 1].isspace():
        line_end -= 1
    return prompt.end(), line_end


_JOINERS = frozenset("._/")
_JOINERS_BEFORE = _JOINERS | {"-"}  # "CVE-2019-5481": a hyphen joins a name only before the start


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the words it cuts: the reader's word pieces can end or start
    inside a word ("Transpac" of "Transpacific", "28" of "288") or a name joined by ``.``, ``_``
    or ``/`` ("/etc/bash" of "/etc/bash.bashrc", "3" of "3.5"); a hyphen only before its start
    ("5481" of "CVE-2019-5481"; "three" of "three-region" stays)."""
    if end <= start:
        return start, end
    while end < len(text) and text[end - 1].isalnum():
        if text[end].isalnum():
            end += 1
        elif text[end] in _JOINERS and text[end + 1:end + 2].isalnum():
            end += 2
        else:
            break
    while start > 0 and text[start].isalnum():
        if text[start - 1].isalnum():
            start -= 1
        elif text[start - 1] in _JOINERS_BEFORE and start > 1 and text[start - 2].isalnum():
            start -= 2
        else:
            break
    return start, end


def balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of ``text`` with a quote or bracket it opens (or closes) and leaves
    unmatched taken in when the match is the next (previous) character, else left out, and
    without inline-code backticks at its ends: a short answer reads ``"--include-whitespace"``,
    not ``"--include-whitespace``, and ``virtual`` where the reST source has ````virtual````; inline
    code it opens inside is closed ("a directory called `$JETTY_BASE`")."""
    while end > start and text[end - 1] == "`":  # inline code marks (reST ````x````, Markdown ```x```): markup
        end -= 1
    while start < end and text[start] == "`":
        start += 1
    if end <= start:
        return start, end
    if text[start:end].count("`") % 2:  # inline code inside it left open: its closing (opening) mark taken in
        if text[end:end + 1] == "`":
            end += 1
        elif start > 0 and text[start - 1] == "`":
            start -= 1
    if text[start:end].count('"') % 2:  # straight quotes: the same mark opens and closes
        if text[end:end + 1] == '"':
            end += 1
        elif text[start - 1:start] == '"' and start > 0:
            start -= 1
        elif text[start] == '"':
            start += 1
        elif text[end - 1] == '"':
            end -= 1
    for opening, closing in _PAIRS:
        span = text[start:end]
        if span.count(opening) > span.count(closing):
            if text[end:end + 1] == closing:
                end += 1
            elif span.startswith(opening):
                start += 1
        elif span.count(closing) > span.count(opening):
            if start > 0 and text[start - 1] == opening:
                start -= 1
            elif span.endswith(closing):
                end -= 1
    return start, end
