"""PDF text as people read it: a PDF's extracted text breaks lines where the page did, often
mid-sentence and mid-word ("rep-\\nresented"). Wrapped lines are joined and end-of-line
hyphenation undone, so sentences split and quote cleanly and a cited sentence reads on one line;
lines that end a sentence keep their break, and short lines that end none (headings) become
paragraphs of their own, so they never run into the next sentence. A line the PDF's bookmarks or
type sizes say is a heading ("2.9. The mime.cache files", "3.1 Invoking asn1Parser") is a paragraph
of its own whatever its neighbours, so it never runs into the text around it.

A page's running header and footer (the title, "Chapter 4: Function reference 12", a browser's
date and address, a page number) are not the document's text: a line among a page's first or last
two that recurs there on other pages (digits aside), or that carries the page's own number, is
dropped, and a sentence cut by a page break is joined again, so no citation quotes "17 Shared
MIME-info Database" in the middle of a sentence. A table of contents' and an index's entries (a
title, a dot leader, a page number) are navigation, as an HTML page's menus are, and go too."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

from index.sections import squeezed

_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”)\]]*$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_CAPITALS_CUT = re.compile(r"(?<![^\W\d_])[^\W\d_a-z]{2,}-$")  # a word in capitals cut: "SE-"
_CAPITALS = re.compile(r"[^\W\d_a-z]{2,}\b")
ZONE = 2  # a page's first and last lines where running headers and footers sit
_MIN_REPEATS = 3  # pages a header must recur on (fewer pages: all but one of them, at least 2)
_MAX_RUNNING_WORDS = 16
_FULL_PAGE_LINES = 8  # a page of fewer lines (a title page, a table of contents' end) ends a paragraph
_ROMAN = re.compile(r"x{0,3}(?:ix|iv|v?i{0,3})", re.I)  # i .. xxxix: a front matter's page numbers
_PAGE_LABEL = re.compile(r"(?:page\s+)?(\S+?)(?:\s*(?:/|of)\s*\d{1,5})?", re.I)  # "12", "Page 3 of 9", "4/13"
_EDGE_NUMBER = re.compile(r"^(\d{1,5})(?![\d.)])|(?<![\d.])(\d{1,5})$")  # not a section's "4.1" or a list's "2)"
_NUMBERED_SHARE = 0.3  # pages whose edge lines must agree on the page numbers' offset
# a table of contents' or an index's entry: a title, a dot leader, a page number ("2.1 Syntax . . . . 2")
_LEADER_ENTRY = re.compile(r"(?:\.\s?){4,}\s*(?:\d{1,5}|[ivxlc]{1,7})\s*$", re.I)
_NUMBERING = re.compile(r"(?:\d{1,3}|[A-Z])(?:\.\d{1,3})*\.?\s+")  # a section's number before its title: "2.1 ", "A "


def is_title(line: str, known: Collection[str]) -> bool:
    """Whether ``line`` is one of the titles ``known`` by their letters and digits alone, case
    aside (:func:`~index.sections.squeezed`), alone or after its section's number (a bookmark's
    "ASN.1 syntax" is the page's "2.1 ASN.1 syntax", "Nonregular files" its "2.13. Non-regular files")."""
    said = " ".join(line.split())
    if not known or not squeezed(said):
        return False
    numbered = _NUMBERING.match(said)
    return squeezed(said) in known or numbered is not None and squeezed(said[numbered.end():]) in known


def join_wrapped_lines(page: str, titles: Collection[str] = frozenset()) -> str:
    """``page`` with wrapped lines joined by a space and ``word-\\npart`` joined as ``wordpart``; a
    line that is one of ``titles`` (:func:`is_title`) is a paragraph of its own."""
    lines = [line.rstrip() for line in page.split("\n")]
    known = {squeezed(title) for title in titles}
    typical = _typical_length(lines)
    if typical is None:
        return "\n".join(lines)
    out = [lines[0]]
    for before, line in zip(lines, lines[1:], strict=False):
        prev = out[-1]
        if not prev.strip() or not line.strip():
            out.append(line)
            continue
        joint = "\n\n" if is_title(before, known) or is_title(line, known) else _joint(before, line, typical)
        # (the page's line before, not what it was joined into)
        if joint == "":
            out[-1] = prev[:-1] + line.lstrip()
        elif joint == "-":
            out[-1] = prev + line.lstrip()
        elif joint == " ":
            out[-1] = f"{prev} {line.lstrip()}"
        elif joint == "\n\n":  # a short line that ends no sentence: a heading, a paragraph
            out += ["", line]
        else:
            out.append(line)
    return "\n".join(out)


def _typical_length(lines: Sequence[str]) -> int | None:
    """A full line's length: near the longest lines (a median is pulled down by headings on a short
    page); None for a page of fewer than two lines."""
    lengths = sorted(len(line) for line in lines if line.strip())
    return lengths[round(0.9 * (len(lengths) - 1))] if len(lengths) >= 2 else None


def _joint(prev: str, line: str, typical: int) -> str:
    """What goes between the line ``prev`` and the next, ``line``: "" (a hyphenated word, the hyphen
    dropped), "-" (a compound's hyphen kept, no space), " " (a wrapped line), "\\n" (a new sentence)
    or "\\n\\n" (after a heading)."""
    starts_lower = bool(line.lstrip()[:1].islower())
    if _HYPHENATED.search(prev) and (starts_lower or (_CAPITALS_CUT.search(prev) and _CAPITALS.match(line.lstrip()))):
        return ""  # "rep-" "resented", "SE-" "QUENCE"
    if prev.endswith("-") and prev[-2:-1].isalnum() and line.lstrip()[:1].isalnum():
        return "-"  # a compound cut after its hyphen ("ASN1-" "BER"): the hyphen stays, no space
    if starts_lower and _SENTENCE_END.search(prev) and len(line) < 0.6 * typical and not _SENTENCE_END.search(line):
        return "\n\n"  # a short line of its own after a sentence: a term ("datetime.MAXYEAR"), a name
    if (not _SENTENCE_END.search(prev) and len(prev) >= 0.6 * typical) or starts_lower:
        return " "
    return "\n\n" if not _SENTENCE_END.search(prev) else "\n"


def pages_text(pages: Sequence[str], titles: Sequence[Collection[str]] = ()) -> tuple[str, tuple[int, ...]]:
    """The document's text from its pages' extracted texts, and where each page starts in it:
    running headers, footers, page numbers and dot-leader entries dropped, each page's wrapped lines joined
    (``titles[i]``: the headings known to be on page ``i``, each a paragraph of its own), and a
    sentence that runs on to the next page joined across the break (pages else end a paragraph)."""
    lines = [[line.rstrip() for line in page.strip().split("\n")] for page in pages]
    running = _running_lines(lines)
    kept = [[line for i, line in enumerate(page) if (p, i) not in running and not _LEADER_ENTRY.search(line)]
            for p, page in enumerate(lines)]
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    previous: list[str] = []  # the last page with text: its lines
    known: Collection[str] = frozenset()  # its titles, squeezed
    for p, page in enumerate(kept):
        on_page = {squeezed(title) for title in titles[p]} if p < len(titles) else set()
        text = join_wrapped_lines("\n".join(page).strip(), titles[p] if p < len(titles) else ())
        joint = "\n\n"
        lines_there = [line for line in page if line.strip()]
        if parts and previous and text and not is_title(previous[-1], known) and not is_title(lines_there[0], on_page):
            joint = _page_joint(previous, lines_there)
            if joint == "":
                parts[-1] = parts[-1][:-1]
                offset -= 1
        if parts:
            parts.append(joint)
            offset += len(joint)
        starts.append(offset)
        parts.append(text)
        offset += len(text)
        previous, known = (lines_there, on_page) if text else ([], frozenset())
    return "".join(parts), tuple(starts)


def _page_joint(previous: Sequence[str], lines: Sequence[str]) -> str:
    """What goes between the page whose lines were ``previous`` and the next page, whose lines are
    ``lines``: "" or " " where a sentence runs on (the next page starts in lower case, or a full
    line of a full page stops on a word or a comma and the next page starts with a full line, not a
    heading), else a paragraph break."""
    typical = _typical_length(previous) or len(previous[-1])
    joint = _joint(previous[-1], lines[0], typical)
    if joint == "" or (joint == " " and lines[0].lstrip()[:1].islower()):
        return joint
    runs_on = (len(previous) >= _FULL_PAGE_LINES and re.search(r"[^\W\d_],?$", previous[-1]) is not None
               and (len(lines[0]) >= 0.6 * typical or _SENTENCE_END.search(lines[0]) is not None))
    return " " if joint == " " and runs_on else "\n\n"


def _running_lines(pages: Sequence[Sequence[str]]) -> set[tuple[int, int]]:
    """(page, line) of the running headers, footers and page numbers among the pages' lines."""
    zones = [_zone(page) for page in pages]
    keys: Counter[str] = Counter()
    for p, zone in enumerate(zones):
        keys.update({_key(pages[p][i]) for i in zone})
    repeats = max(2, min(_MIN_REPEATS, len(pages) - 1))
    offset = _page_number_offset(pages, zones)
    running = set()
    for p, zone in enumerate(zones):
        for i in zone:
            line = pages[p][i].strip()
            if len(line.split()) > _MAX_RUNNING_WORDS:
                continue
            recurs = keys[_key(line)] >= repeats and sum(c.isalpha() for c in line) >= 3
            if p == 0 and i == zone[0] and not _is_page_number(line, p, offset):
                continue  # the first page's first line is its title, even where later pages repeat it
            if recurs or _is_page_number(line, p, offset):
                running.add((p, i))
    return running


def _zone(page: Sequence[str]) -> list[int]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return sorted({*filled[:ZONE], *filled[-ZONE:]})


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def _number(label: str) -> int | None:
    if label.isdigit():
        return int(label)
    if label and _ROMAN.fullmatch(label):
        value, last = 0, 0
        for c in reversed(label.lower()):
            digit = {"i": 1, "v": 5, "x": 10}[c]
            value, last = (value - digit, last) if digit < last else (value + digit, digit)
        return value
    return None


def _page_number_offset(pages: Sequence[Sequence[str]], zones: Sequence[list[int]]) -> int | None:
    """The difference between printed page numbers and page positions that most zone lines ending
    or starting with a number share ("Chapter 4: Function reference 12" on the 15th page: -2), if
    enough pages agree; None where the pages carry no numbers."""
    seen: Counter[int] = Counter()
    for p, zone in enumerate(zones):
        found = set()
        for i in zone:
            match = _EDGE_NUMBER.search(pages[p][i].strip())
            if match:
                found.add(int(match.group(1) or match.group(2)) - p)
        seen.update(found)
    if not seen:
        return None
    offset, count = seen.most_common(1)[0]
    return offset if count >= max(2, _NUMBERED_SHARE * len(pages)) else None


def _is_page_number(line: str, page: int, offset: int | None) -> bool:
    """Whether ``line`` is a page number alone ("7", "vii", "Page 7 of 9", "- 7 -") or a short line
    that starts or ends with this page's number as the document prints it."""
    label = _PAGE_LABEL.fullmatch(line.strip("-–— "))
    if label and (value := _number(label.group(1))) is not None:
        return not label.group(1).isdigit() or offset is None or value - page == offset
    match = _EDGE_NUMBER.search(line)
    return offset is not None and match is not None and int(match.group(1) or match.group(2)) - page == offset
