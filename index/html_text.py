"""HTML to text: a page's main content (navigation, banners, sidebars, footers, cookie notices
and link lists left out), its title and its headings, with selectolax's Lexbor engine (a fast,
standards-compliant HTML5 parser)."""

from __future__ import annotations

import re
from typing import Any

from index.sections import Heading
from index.table_records import record

_BLOCK_TAGS = (
    "p,div,section,article,header,footer,main,aside,nav,h1,h2,h3,h4,h5,h6,li,ul,ol,dl,dt,dd,"
    "table,tr,td,th,caption,blockquote,pre,figure,figcaption,address,hr,form,fieldset"
)
_DROP_TAGS = ["script", "style", "noscript", "template", "head", "svg", "iframe", "object", "embed", "canvas",
              "button"]  # a control ("copy" on a code block), not content
_BLOCK_MARK, _LINE_MARK = "\x1e", "\x1f"
_CODE_LINE_MARK = "\x1d"  # ends a line of a <pre>: code keeps its indentation and its runs of spaces
_HEADING_MARK = 0xE000  # chr(_HEADING_MARK + level) starts a heading's block (private use: never in text)
_TERM_MARK = 0xE010  # chr(_TERM_MARK + depth) starts a definition term's block (``dt`` in ``depth`` lists)
_END_MARK = 0xE020  # chr(_END_MARK + depth) follows a definition list (``dl`` in ``depth`` lists): its terms end
_END_MARKS = re.compile("[\ue021-\ue02f]")
# the page's own characters in the marks' range (an icon font's glyphs), literal or as references
# (two patterns: each starts with what a scan finds fast, a character class or "&#")
_MARK_CHARS = re.compile("[\ue000-\ue02f]")
_MARK_REFS = re.compile(r"&#(?:[xX]0*[eE]0[0-2][0-9a-fA-F]|0*57(?:34[4-9]|3[5-8][0-9]|39[01]));")
_TERM_MAX_CHARS = 200  # a longer "term" is content that a page put in a dt, not a label
_LETTER = re.compile(r"[^\W\d_]")
# Page furniture that is never the document's content: navigation, banners, sidebars, footers.
_CHROME = ("nav,aside,[role=navigation],[role=banner],[role=contentinfo],[role=complementary],[role=search],"
           "[aria-hidden=true],form,dialog,a.headerlink")
_CHROME_NAME = re.compile(r"(?:^|[\s_-])(?:breadcrumbs?|sidebar|sphinxsidebar|navbar|nav|navigation|menu|cookies?|"
                          r"consent|footer|header|related|share|social|skip|toc|masthead|banner|pagination|subscribe)"
                          r"(?:$|[\s_-])", re.I)
_MAIN = ("main", "[role=main]", "article")
# a heading's permalink, a link to itself shown as a mark: Sphinx's "¶" (a.headerlink), Node.js's "#"
_PERMALINKS = ",".join(f"{tag} a[href^='#']" for tag in ("h1", "h2", "h3", "h4", "h5", "h6", "dt"))
_PERMALINK_MARKS = frozenset({"#", "¶", "§", "🔗", "∞", "⚓"})


def _main_content(tree: Any) -> Any:
    """The element holding the page's own content: ``<main>``/``role=main``, or the only
    ``<article>``; else the body. Inside it, navigation, banners, sidebars, footers, cookie
    notices and link lists (most of the text in links) are dropped; headings and code stay."""
    root = None
    for selector in _MAIN:
        found = tree.css(selector)
        if len(found) == 1 or (found and selector != "article"):
            root = found[0]
            break
    root = root or tree.body or tree.root
    if root is None:
        return None
    doomed = list(root.css(_CHROME))
    doomed += [a for a in root.css(_PERMALINKS) if a.text(deep=True).strip() in _PERMALINK_MARKS]
    for node in root.css("div,section,header,footer,ul,ol,table,p,span"):
        name = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
        if (node.tag in ("header", "footer") and node.parent is not None and node.parent.tag in ("body", "html")
                and not node.css_first("h1")):
            doomed.append(node)
        elif _CHROME_NAME.search(name) and not node.css_first("h1"):
            doomed.append(node)
        elif node.tag in ("ul", "ol", "div", "section", "table") and not _has_content_marks(node):
            text = len(" ".join(node.text(deep=True).split()))
            linked = sum(len(" ".join(a.text(deep=True).split())) for a in node.css("a"))
            if text and len(node.css("a")) >= 3 and linked / text > 0.6:
                doomed.append(node)
    ids = {node.mem_id for node in doomed}
    outermost: list[Any] = []
    for node in doomed:  # decided before anything is removed: a descendant goes with its ancestor
        parent, inside = node.parent, False
        while parent is not None and not inside:
            inside, parent = parent.mem_id in ids, parent.parent
        if not inside and node.mem_id not in {n.mem_id for n in outermost}:
            outermost.append(node)
    for node in outermost:
        node.decompose()
    return root


def _has_content_marks(node: Any) -> bool:
    """Headings, code blocks or inline code outside links: a link list holds none of them (an index
    of functions links each name as code: ``<a><code>abs()</code></a>``)."""
    return (node.css_first("pre,h1,h2,h3") is not None
            or len(node.css("code")) > len(node.css("a code")))


def _lists_around(node: Any) -> int:
    """How many definition lists (``dl``) ``node`` sits in."""
    depth, parent = 0, node.parent
    while parent is not None:
        depth += parent.tag == "dl"
        parent = parent.parent
    return depth


def _cell_text(cell: Any) -> str:
    return " ".join(cell.text(deep=True).split())


def _spans_one(cell: Any) -> bool:
    return all((cell.attributes.get(name) or "1").strip() == "1" for name in ("colspan", "rowspan"))


def _table_records(table: Any) -> list[str] | None:
    """A data table's rows as a screen reader reads them, one line each: each cell after its column's
    header ("Drink Black tea: Serving 240 ml, Caffeine 47 mg."); a table
    of header-value rows as "Header: value". None for any other table (layout, merged cells, nested
    blocks), whose cells stay blocks of their own."""
    if len(table.css("table")) > 1 or table.css_first("pre,ul,ol,dl,h1,h2,h3,h4,h5,h6,blockquote") is not None:
        return None
    rows = [[cell for cell in row.iter() if cell.tag in ("td", "th")] for row in table.css("tr")]
    rows = [row for row in rows if row]
    if len(rows) < 2 or not all(_spans_one(cell) for row in rows for cell in row):
        return None
    if all(len(row) == 2 and row[0].tag == "th" and row[1].tag == "td" for row in rows):
        return [f"{_cell_text(key)}: {_cell_text(value)}" for key, value in rows]
    names = [_cell_text(cell) for cell in rows[0]]
    in_head = rows[0][0].parent is not None and rows[0][0].parent.parent is not None \
        and rows[0][0].parent.parent.tag == "thead"  # some generators write a header row of td in a thead
    if len(names) < 2 or not (in_head or all(cell.tag == "th" for cell in rows[0])) \
            or any(len(row) != len(names) for row in rows):
        return None
    return [line for line in (record(names, [_cell_text(cell) for cell in row]) for row in rows[1:]) if line]


def _term_table(table: Any) -> list[Any] | None:
    """The term cells of a definition list that DocBook renders as a table (a ``variablelist``,
    asciidoc's "horizontal" labeled list: Ninja's tools, gtk-doc's parameters): each row a term's
    cell and what it means, no header. None for any other table."""
    parent = table.parent
    marked = {*(table.attributes.get("class") or "").split(), *((parent.attributes.get("class") or "").split()
                                                                if parent is not None and parent.tag == "div" else ())}
    if not marked & {"variablelist", "horizontal"} or table.css_first("th") is not None or len(table.css("table")) > 1:
        return None
    rows = [[cell for cell in row.iter() if cell.tag == "td"] for row in table.css("tr")]
    if not rows or any(len(row) != 2 for row in rows):
        return None
    terms = [row[0] for row in rows]
    if not all(_LETTER.search(_cell_text(term)) and len(_cell_text(term)) <= _TERM_MAX_CHARS for term in terms):
        return None
    return terms


def _code_lines(block: str) -> list[str]:
    """The lines of a ``<pre>`` block, indented as written less the indent all of them share, and
    with their runs of spaces (Python's blocks, a pasted --help's columns); blank lines left out."""
    lines = [line.rstrip() for line in block.split(_CODE_LINE_MARK) if line.strip()]
    shared = min((len(line) - len(line.lstrip()) for line in lines), default=0)
    return [line[shared:] for line in lines]


def _blocks(raw: str) -> tuple[list[str], list[Heading]]:
    """The paragraphs of the marked-up text and their headings. The terms of a definition list end
    with it: the text after the list, before the next heading, is back in the list's section, so
    an end mark there is a heading with no title, at the terms' level (see ``index.sections``)."""
    paragraphs: list[str] = []
    headings: list[Heading] = []
    offset, section_level = 0, 0
    terms: list[int] = []  # the levels of the definition terms still open
    ending = 0  # the level at which open terms end at the next paragraph (0: none)
    for block in raw.split(_BLOCK_MARK):
        ends = _END_MARKS.findall(block)
        if ends:
            block = _END_MARKS.sub("", block)
        for end_mark in ends:
            end = min(section_level + ord(end_mark) - _END_MARK, 6)
            if end > section_level and any(t >= end for t in terms):
                ending = min(ending or end, end)
                terms = [t for t in terms if t < end]
        level = 0
        stripped = block.lstrip()
        mark = ord(stripped[0]) if stripped else 0
        if _HEADING_MARK < mark <= _HEADING_MARK + 6:
            level = section_level = mark - _HEADING_MARK
            block = stripped[1:]
        elif _TERM_MARK < mark < _TERM_MARK + 16:  # a term: a heading one level under its section per list
            block = stripped[1:]
            labels = len(block.strip()) <= _TERM_MAX_CHARS and _LETTER.search(block) is not None  # not a footnote's "1"
            level = min(section_level + mark - _TERM_MARK, 6) if labels else 0
        lines = _code_lines(block) if _CODE_LINE_MARK in block else [" ".join(part.split()) for part in block.split(_LINE_MARK)]
        joined = "\n".join(line for line in lines if line)
        if not joined:
            continue
        if ending and not (level and level <= ending):  # a heading at or above the terms' level ends them itself
            headings.append((offset, ending, ""))
        ending = 0
        if level:
            headings.append((offset, level, " ".join(joined.split())))
            if _TERM_MARK < mark < _TERM_MARK + 16:
                terms.append(level)
            else:
                terms = [t for t in terms if t < level]
        paragraphs.append(joined)
        offset += len(joined) + 2
    return paragraphs, headings


def html_text(html: str) -> tuple[str, str, tuple[Heading, ...]]:
    """A page's main content as text (blocks apart by a blank line, code and ``<br>`` lines kept,
    code's indentation too),
    its title (``<title>``, else the first ``h1``; "" if neither) and its headings (``h1``-``h6``,
    and each definition term one level under its section per list it sits in)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_MARK_REFS.sub("", _MARK_CHARS.sub("", html)))  # the marks below must be the only ones
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else ""
    tree.strip_tags(_DROP_TAGS)
    root = _main_content(tree)
    if root is None:
        return "", title, ()
    for table in root.css("table"):  # data tables read row by row (before code: a table holding code is left as it is)
        records = _table_records(table)
        if records is not None:
            caption = table.css_first("caption")
            lines = ([_cell_text(caption)] if caption is not None else []) + records
            table.replace_with(_BLOCK_MARK + _BLOCK_MARK.join(lines) + _BLOCK_MARK)
    term_tables = [(table, terms) for table in root.css("table") for terms in [_term_table(table)] if terms]
    for _, terms in term_tables:  # a term is one block: the paragraphs in its cell are not blocks of their own
        for cell in terms:
            for node in cell.css(_BLOCK_TAGS):  # (the cell itself among them)
                if node != cell:
                    node.unwrap()
    for node in root.css("pre"):  # code keeps its lines; each of several code elements is a block
        whole = node.text(deep=True)
        parts = [child.text(deep=True) for child in node.iter() if child.tag == "code"]  # (Node.js: ESM, CommonJS)
        if len(parts) < 2 or "".join(parts).split() != whole.split():  # text outside them too: one block
            parts = [whole]
        node.replace_with(_BLOCK_MARK + _BLOCK_MARK.join(_CODE_LINE_MARK + part.strip("\n").replace("\n", _CODE_LINE_MARK)
                                                         for part in parts) + _BLOCK_MARK)
    for node in root.css(_BLOCK_TAGS):
        node.insert_before(_BLOCK_MARK)
        node.insert_after(_BLOCK_MARK)
    for node in root.css("h1,h2,h3,h4,h5,h6"):
        node.insert_before(chr(_HEADING_MARK + int(node.tag[1])))
    for node in root.css("dt"):  # a definition list's term (an API signature, a glossary word) labels its dd
        node.insert_before(chr(_TERM_MARK + min(max(_lists_around(node), 1), 15)))
    for node in root.css("dl"):
        node.insert_after(chr(_END_MARK + min(_lists_around(node) + 1, 15)))
    for table, terms in term_tables:  # a definition list rendered as a table: its terms as dt's
        depth = min(_lists_around(table) + 1, 15)
        for cell in terms:
            cell.insert_before(chr(_TERM_MARK + depth))
        table.insert_after(chr(_END_MARK + depth))
    for node in root.css("br"):
        node.insert_before(_LINE_MARK)
    paragraphs, headings = _blocks(root.text(deep=True, separator=""))
    text = "\n\n".join(paragraphs)
    if not title:
        h1 = tree.css_first("h1")
        title = h1.text(strip=True) if h1 else ""
    return text, title, tuple(headings)
