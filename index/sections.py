"""Section paths: the headings a span sits under ("Floating Point Arithmetic › Representation Error").

A document's headings are ``(offset in its text, level 1-6, title)``, found by its loader:
Markdown ``#`` and underlined (setext) headings (not inside fenced code), a plain text or
reStructuredText file's underlined titles ("Release Notes\n============="), AsciiDoc's
``== Section``, HTML ``h1``-``h6`` and definition terms (``dt``, one level under their section per
list they sit in: an API signature, a glossary term), DOCX heading styles, PDF outlines (bookmarks).
A heading lasts until the next heading at its level or above, or until an end mark: a heading with
no title (``(offset, level, "")``), which closes the sections at ``level`` and below without opening
one. HTML ends a definition list's terms with one, so the text after the list is back in the list's
section.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt

Heading = tuple[int, int, str]
SEPARATOR = " › "

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
UNDERLINE = re.compile(r"^ {0,3}([=\-~^*+#])\1{2,}[ \t]*$")  # "=====" or "-----" under a title
_NOT_A_TITLE = re.compile(r"^(?: {4}|\t| {0,3}(?:[*+-]|\d{1,9}[.)])[ \t]| {0,3}[>|#])")  # code, list item, quote, table
_NUMBERED_TITLE = re.compile(r" {0,3}\d{1,9}[.)][ \t]+\S")  # (CommonMark's ordered list item)
MAX_TITLE = 120
_INLINE_MARKUP = re.compile(r"[`*_\[\]<>&\\!]")  # a Markdown title that may hold inline markup
# an HTML heading on a line of its own in Markdown, as many READMEs open: '<h1 align="center">HTTPX2</h1>'
_HTML_HEADING = re.compile(r"^ {0,3}<h([1-6])(?:\s[^>]*)?>(.*?)</h\1>[ \t]*$", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def markdown_headings(text: str) -> tuple[Heading, ...]:
    """ATX headings (``# Title``), setext headings (a title underlined with ``===``, level 1, or
    ``---``, level 2) and HTML headings on a line of their own (``<h1 align="center">HTTPX2</h1>``,
    :func:`html_title`) outside fenced code blocks; a title as it reads (:class:`InlineText`), none
    where nothing of it reads (a logo alone)."""
    return _headings(text, markdown=True, rst=False)


def underlined_headings(text: str, *, rst: bool = False) -> tuple[Heading, ...]:
    """A plain text file's headings: titles underlined with a line of one of ``= - ~ ^ * + #`` as
    long as the title, give or take (AsciiDoc, reStructuredText, many READMEs and release notes), a
    title between two such lines included; levels in the order the underlines first appear. In
    reStructuredText (``rst``) an underline may run any length past its title ("cachetools" over 72
    "="), as docutils reads it."""
    return _headings(text, markdown=False, rst=rst)


class InlineText:
    """A line of Markdown as it reads once rendered, by markdown-it-py's CommonMark parser: a link's
    text without its address, images (a badge, a logo) and HTML tags left out, emphasis and code
    marks gone, entities and escapes read ("🎭 [Playwright](https://playwright.dev) for Python
    [![PyPI](badge.svg)](https://pypi.org)" reads "🎭 Playwright for Python"). The parser is made on
    first need: most titles hold no markup and are returned as written."""

    def __init__(self) -> None:
        self._parser: MarkdownIt | None = None

    def __call__(self, line: str) -> str:
        if not _INLINE_MARKUP.search(line):
            return line.strip()
        if self._parser is None:
            self._parser = MarkdownIt("commonmark")
        words: list[str] = []
        for block in self._parser.parseInline(line):
            for token in block.children or ():
                if token.type in ("text", "code_inline"):
                    words.append(token.content)
        return " ".join("".join(words).split())


ASCIIDOC_TITLE = re.compile(r"^(={1,6})[ \t]+(\S.*?)[ \t]*$")  # "== Section"
_ASCIIDOC_DELIMITER = re.compile(r"^(-{4,}|\.{4,}|={4,}|\*{4,}|\+{4,}|/{4,}|_{4,}|```)[ \t]*$")


def asciidoc_headings(text: str) -> tuple[Heading, ...]:
    """An AsciiDoc file's section titles: ``= Document title`` (level 1), ``== Section`` (2) ...
    ``====== Section`` (6), outside delimited blocks (listing ``----``, literal ``....``, example
    ``====``, sidebar ``****``, passthrough ``++++``, comment ``////``, quote ``____``, fenced code)."""
    found: list[Heading] = []
    block: str | None = None  # the delimiter line of the open block
    offset = 0
    for line in text.split("\n"):
        at, offset = offset, offset + len(line) + 1
        delimiter = _ASCIIDOC_DELIMITER.match(line)
        if delimiter:
            mark = delimiter.group(1)
            block = None if block == mark else (block or mark)
        elif block is None and (m := ASCIIDOC_TITLE.match(line)) and len(m.group(2)) <= MAX_TITLE:
            found.append((at, len(m.group(1)), m.group(2)))
    return tuple(found)


# an AsciiDoc labeled list's term on a line of its own: "split [<commit>]::", "--quiet:::"
LABELED_TERM = re.compile(r"^(?![ \t]|\.\.|//|[*+-][ \t]|[#>|\[])(\S.*?[^:;\s])[ \t]*(::|:::|::::|;;)[ \t]*$")
_TERM_DEPTH = {"::": 1, ":::": 2, "::::": 3, ";;": 4}


def with_definition_terms(text: str, headings: Sequence[Heading]) -> tuple[Heading, ...]:
    """``headings`` with the terms of AsciiDoc labeled lists added: ``split [<commit>]::`` on a line
    of its own with its definition on the next (a man page's commands and options), one level under
    its section per depth (``::``, ``:::``, ``::::``, ``;;``); terms written one under another make
    one heading ("-d, --debug"). A term opens a paragraph (a blank line, a heading's underline, the
    start or, in a list, an indented definition line before it) and text follows it, so
    reStructuredText's ``Example::`` (a blank line, then the literal block) and directives
    (``.. note::``) are not terms; delimited blocks (``----``) hold none. The list ends (an end
    mark) at the first paragraph after it that is not indented and not joined to it by a ``+``
    line, or at the next heading."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    at_heading = {at for at, _, _ in headings}
    found: list[Heading] = []
    block: str | None = None  # the delimiter of the open block
    top = 0  # the level of the open list's outermost terms, 0 when none is open
    i = 0
    while i < len(lines):
        line, before = lines[i], (lines[i - 1].strip() if i > 0 else "")
        if starts[i] in at_heading:
            top = 0
        delimiter = _ASCIIDOC_DELIMITER.match(line)
        if delimiter and (block == delimiter.group(1) or (block is None and before in ("", "+"))):
            block = None if block else delimiter.group(1)
        elif block is None and (m := LABELED_TERM.match(line)) and (
                not before or UNDERLINE.match(before) or (top and lines[i - 1][:1].isspace())):
            names, j = [m.group(1)], i + 1
            while j < len(lines) and (more := LABELED_TERM.match(lines[j])) and more.group(2) == m.group(2):
                names.append(more.group(1))
                j += 1
            title = ", ".join(names)
            if j < len(lines) and lines[j].strip() and len(title) <= MAX_TITLE:
                base = max((level for _, level, _ in enclosing(headings, starts[i])), default=0)
                level = min(base + _TERM_DEPTH[m.group(2)], 6)
                top = min(top, level) if top else level
                found.append((starts[i], level, title))
                i = j
                continue
        elif (block is None and top and line.strip() and not line[0].isspace() and not before
              and starts[i] not in at_heading and (i < 2 or lines[i - 2].strip() != "+")):
            found.append((starts[i], top, ""))
            top = 0
        i += 1
    return tuple(sorted((*headings, *found), key=lambda heading: heading[0]))


def _headings(text: str, *, markdown: bool, rst: bool) -> tuple[Heading, ...]:
    found: list[Heading] = []
    reads = InlineText()
    styles: dict[tuple[str, bool], int] = {}  # (underline character, overlined too) -> level, plain text
    lines = text.split("\n")
    offset, fence = 0, None
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for i, line in enumerate(lines):
        mark = _FENCE.match(line) if markdown else None
        if mark:
            fence = None if fence == mark.group(1) else (fence or mark.group(1))
        elif fence is not None:
            continue
        elif markdown and (m := _ATX.match(line)):
            if title := reads(m.group(2)):
                found.append((starts[i], len(m.group(1)), title))
        elif markdown and (m := _HTML_HEADING.match(line)) and (title := html_title(m.group(2))):
            found.append((starts[i], int(m.group(1)), title))
        elif (under := UNDERLINE.match(line)) and i > 0 and _is_title(lines, i - 1, under, markdown, rst):
            char = under.group(1)
            overlined = i > 1 and lines[i - 2].strip() == line.strip()
            if markdown:
                level = 1 if char == "=" else 2
            else:
                level = styles.setdefault((char, overlined), min(len(styles) + 1, 6))
            title = reads(lines[i - 1]) if markdown else lines[i - 1].strip()
            if title:
                found.append((starts[i - 1], level, title))
    return tuple(found)


def html_title(inner: str) -> str:
    """An HTML heading's title as it reads: its text without tags or entities ("<img src=logo.png>
    HTTPX2" reads "HTTPX2"; none where it holds an image alone), at most :data:`MAX_TITLE` characters."""
    title = " ".join(html.unescape(_TAG.sub(" ", inner)).split())
    return title if len(title) <= MAX_TITLE else ""


def _is_title(lines: Sequence[str], i: int, under: re.Match[str], markdown: bool, rst: bool) -> bool:
    """Whether line ``i``, above the underline ``under``, is a heading's title: one line of text
    (a blank line, the start or an overline before it), not code, a list item, a quote or a table."""
    title = lines[i].strip()
    if not title or len(title) > MAX_TITLE or UNDERLINE.match(lines[i]) or (
            _NOT_A_TITLE.match(lines[i]) and (markdown or not _NUMBERED_TITLE.match(lines[i]))):
        return False  # (a numbered title is one outside Markdown: the MPL's "1. Definitions" over "--------------")
    if markdown and under.group(1) not in "=-":
        return False
    before = lines[i - 1] if i > 0 else ""
    if before.strip() and not (UNDERLINE.match(before) and before.strip() == under.group(0).strip()):
        return False  # the last line of a paragraph: a rule under it, not a heading
    length = len(under.group(0).strip())
    return markdown or 0.75 * len(title) <= length <= (length if rst else 1.5 * len(title) + 2)


# an option as a heading or a question writes it: "-k", "--keep", a digit alone (du's "-0", gzip's "-9"), a version
# in it (curl's "--tlsv1.2"); ``qa.asked_terms.OPTION`` reads a question's with it
OPTION_PATTERN = r"(?<![\w-])(?:--?[A-Za-z][\w-]*(?:\.\d+)*|-\d(?![\w.]))"
# an option or a call ("hex" of "hex(x)") as a heading writes it
_HEADING_TERM = re.compile(rf"{OPTION_PATTERN}|(?<![\w.])[A-Za-z_]\w*(?=\()")


def heading_terms(headings: Sequence[Heading]) -> list[str]:
    """The options ("-k", "--keep" of "-k --keep") and calls ("hex" of "hex(x)") that ``headings``
    write, sorted: the catalog keeps them, so that a question naming one finds the manual that
    defines it wherever it lies in the store (``qa.retriever``)."""
    return sorted({term for _, _, title in headings for term in _HEADING_TERM.findall(title)})


# a term's heading with the value it takes after it: "COLOR yes|all|no|none|tty", "UMASK (number)", "TERM terminal-type",
# "Port <number>"; a term in capitals may take a lower-case word ("OPTIONS options"), others a placeholder's marks
_TAGGED = re.compile(r"(?P<term>[A-Za-z][\w.:-]*=?)[ \t]+(?P<value>[a-z0-9]+(?:[|-][a-z0-9]+)+|\([a-z][a-z ]*\)|<[a-z][\w -]*>"
                     r"|(?P<word>[a-z][a-z0-9]*))")


# settings' tags, one or several, as a manual page lists them over what they do: "SystemMaxUse=, SystemKeepFree="
TAG_LIST = re.compile(r"[A-Za-z][\w.:-]*=(?:,[ \t]+[A-Za-z][\w.:-]*=)*")


def tagged_term(title: str) -> str | None:
    """The term a heading names with the value it takes written after it (:data:`_TAGGED`: "COLOR"
    of "COLOR yes|all|no|none|tty", "TERM" of "TERM terminal-type"; not "Python" of "Python
    scripts"), or None."""
    found = _TAGGED.fullmatch(title.strip())
    if found is None or found["word"] and not (found["term"].isupper() and len(found["term"]) > 1):
        return None
    return found["term"]


def enclosing(headings: Sequence[Heading], offset: int) -> list[Heading]:
    """The headings enclosing ``offset``, outermost first (end marks left out)."""
    stack: list[Heading] = []
    for heading in headings:
        at, level, title = heading
        if at > offset:
            break
        while stack and stack[-1][1] >= level:
            stack.pop()
        if title:  # an end mark only closes
            stack.append(heading)
    return stack


def section_path(headings: Sequence[Heading], offset: int) -> str:
    """The titles of the headings enclosing ``offset``, outermost first, joined by " › "."""
    return SEPARATOR.join(title for _, _, title in enclosing(headings, offset))


def locate_heading(title: str, text: str, start: int, end: int) -> int:
    """Where ``title`` (whitespace-insensitive) first appears in ``text[start:end]``, else where it
    does with only its letters and digits compared, case aside (a PDF's bookmark "Nonregular
    files" over the page's "Non-regular files", "What's" over "What’s"), else ``start``."""
    words = title.split()
    if not words:
        return start
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, start, end)
    if m:
        return m.start()
    wanted = squeezed(title)
    kept = [i for i in range(start, min(end, len(text))) if text[i].isalnum()]
    at = "".join(text[i] for i in kept).casefold().find(wanted) if wanted else -1
    return kept[at] if at >= 0 else start


def squeezed(text: str) -> str:
    """``text``'s letters and digits alone, case folded: what two spellings of a title share."""
    return "".join(c for c in text if c.isalnum()).casefold()
