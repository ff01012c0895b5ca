"""Sentence spans with exact character offsets.

Sentence boundaries come from blingfire (a compiled finite-state splitter:
about 50x faster than pysbd or syntok on SciFact, with correct offsets on
non-ASCII text). Blingfire ignores blank lines, so text is first cut into
blocks at blank lines, before Markdown list items, bullets ("•", a PDF's or a manual page's) and
headings, before a line that starts with a section's number ("1.2. What is this spec?", a PDF's
heading on its own line), and before
each prompt (">>> ") of an interactive example, so that one example with its
output is cited, not a whole session; a prompt that holds only a comment
(">>> # Neither call raises") stays with the example it introduces. Blingfire's spans are used only as
candidate *boundaries*, with a bullet inside a line (a PDF's items run together: "... [deprecated]
• <MIME>/globs2 ...") one more: the returned spans always cover every non-space
character of the input exactly once, in order, whatever the splitter does
with odd input.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from index.sections import LABELED_TERM, UNDERLINE

logger = logging.getLogger(__name__)

Span = tuple[int, int]

_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n(?=[ \t]*(?:[#>*+•◦▪‣-][ \t]|\d{1,3}[.)][ \t]|\||>>>(?:[ \t]|$)"
                          r"|\d{1,3}(?:\.\d{1,3})+\.?[ \t]+[A-Z]))", re.M)  # the last: a section's number, "2.1. Scope"
_PROMPT_COMMENTS = re.compile(r">>>[ \t]+#[^\n]*(?:\n[ \t]*>>>[ \t]+#[^\n]*)*")  # ">>> # ..." lines only
_FALLBACK_BOUNDARY = re.compile(r"(?<=[.!?。！？])[\"'”’)\]]*\s+")
# a heading's "=====" or "-----"; AsciiDoc's "+" line joining a list item's blocks, and its
# include-tag comments ("// tag::quick[]", "// end::quick[]")
_OWN_LINE = re.compile(rf"{UNDERLINE.pattern}|^[ \t]*\+[ \t]*$|^//[ \t]*(?:tag|end)::[^\[\n]*\[[^\]\n]*\][ \t]*$", re.M)
_NUMBER_ONLY = re.compile(r"[\d.)(\s]{1,12}")  # "8.4.", "2)", "(3)"
_VERSUS_END = re.compile(r"(?<![\w.])v\.\s*$")  # "Marbury v." of "Marbury v. Madison"
_INLINE_BULLET = re.compile(r"(?<=\s)[•◦▪‣](?=[ \t])")  # a PDF's list items run together on one line


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def blocks(text: str) -> Iterator[Span]:
    """Paragraph-like blocks of ``text``, stripped of surrounding space; a heading's underline
    ("=====" under "Release Notes") is a block of its own, so the title is a sentence alone, and so
    are the terms an AsciiDoc labeled list's definition starts with ("--quiet::"), the "+" lines
    that join its blocks and its include-tag comments ("// end::quick[]")."""
    for start, end in _blocks(text):
        for line in _OWN_LINE.finditer(text, start, end):
            for span in (_strip(text, start, line.start()), _strip(text, line.start(), line.end())):
                if span:
                    yield from _split_terms(text, span)
            start = line.end()
        span = _strip(text, start, end)
        if span:
            yield from _split_terms(text, span)


def _split_terms(text: str, span: Span) -> Iterator[Span]:
    """``span``, its leading labeled-list term lines first as a span of their own."""
    start, end = span
    cut = start
    while (stop := text.find("\n", cut, end)) != -1 and LABELED_TERM.match(text[cut:stop]):
        cut = stop + 1
    if cut > start and text[cut:end].strip():
        yield from (s for s in (_strip(text, start, cut), _strip(text, cut, end)) if s)
    else:
        yield span


def _blocks(text: str) -> Iterator[Span]:
    pos = 0
    for match in _BLOCK_BREAK.finditer(text):
        span = _strip(text, pos, match.start())
        if span and match.group() == "\n" and _PROMPT_COMMENTS.fullmatch(text, *span):
            continue  # a comment-only prompt line: it joins the line after it, not a block of its own
        if span:
            yield span
        pos = match.end()
    span = _strip(text, pos, len(text))
    if span:
        yield span


def _boundaries(block: str) -> list[int]:
    """Offsets inside ``block`` where a new sentence starts (excluding 0)."""
    try:
        import blingfire

        _, offsets = blingfire.text_to_sentences_and_offsets(block)
        ends = [end for _, end in offsets[:-1]]
    except Exception:  # blingfire asserts on some degenerate inputs
        logger.debug("blingfire failed on a block; using the regex fallback", exc_info=True)
        ends = [m.end() for m in _FALLBACK_BOUNDARY.finditer(block)]
    ends += [m.start() for m in _INLINE_BULLET.finditer(block)]
    return sorted({e for e in ends if 0 < e < len(block)})


def _join_numbers(block: str, cuts: list[int]) -> list[int]:
    """Cuts without the pieces that are a number alone. One that starts a sentence ("8.4." of the
    heading "8.4. Raising Exceptions", "2." of a list) joins the next piece; one after an
    unfinished sentence ("formula O\\n2." of O₂ written on two lines) joins the one before."""
    keep = list(cuts)
    for a, b in zip(cuts, cuts[1:], strict=False):
        if len(keep) > 2 and _NUMBER_ONLY.fullmatch(block[a:b]):
            finished = a == 0 or block[:a].rstrip()[-1:] in ".!?:;。！？\"'”’)]"
            drop = b if finished else a
            if drop in keep[1:-1]:
                keep.remove(drop)
    return keep


def _join_versus(block: str, cuts: list[int]) -> list[int]:
    """Cuts without those just after a case name's "v." ("Brown v. Board of Education"): blingfire
    ends a sentence there, and the case's name, often the answer, was split in two."""
    return [c for c in cuts if c in (0, len(block)) or not _VERSUS_END.search(block, 0, c)]


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]``, as offsets into ``text``.

    Every span is stripped of surrounding whitespace, spans do not overlap, are
    in order, and together cover every non-space character of the range.
    """
    end = len(text) if end is None else end
    out: list[Span] = []
    region = text[start:end]
    for b_start, b_end in blocks(region):
        block = region[b_start:b_end]
        cuts = _join_versus(block, _join_numbers(block, [0, *_boundaries(block), len(block)]))
        for a, b in zip(cuts, cuts[1:], strict=False):
            span = _strip(text, start + b_start + a, start + b_start + b)
            if span:
                out.append(span)
    return out
