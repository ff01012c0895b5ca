"""DOCX files (python-docx): paragraphs and tables in reading order, with what python-docx's
``iter_inner_content`` leaves out (content controls, text boxes, footnotes and endnotes), a
table with a header row read row by row (``index.table_records``), and Word's heading styles;
and the archive checks every zip-based document gets first (zip bombs, XML entities)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index.errors import DocumentLoadError
from index.sections import Heading
from index.table_records import record
from index.text_decoding import normalize_newlines

ZIP_MAX_MEMBERS = 5000
ZIP_MAX_TOTAL_BYTES = 500 * 1024 * 1024
ZIP_MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB


def check_archive(data: bytes, path: Path) -> None:
    """Refuse a zip-based document that is a zip bomb or declares XML entities (XXE)."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DocumentLoadError(path, "not a valid .docx (it is not a zip archive)") from exc
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise DocumentLoadError(path, f"the archive has {len(members)} members (limit {ZIP_MAX_MEMBERS}); refused")
    total = sum(m.file_size for m in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        raise DocumentLoadError(
            path, f"the archive expands to {total / 1e6:.0f} MB (limit {ZIP_MAX_TOTAL_BYTES / 1e6:.0f} MB): "
            "a zip bomb or not a document; refused")
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > ZIP_MAX_RATIO * max(m.compress_size, 1):
            raise DocumentLoadError(
                path, f"archive member {m.filename!r} expands {m.file_size // max(m.compress_size, 1)}x "
                f"(limit {ZIP_MAX_RATIO}x): a zip bomb; refused")
        if m.filename.endswith((".xml", ".rels")):
            with archive.open(m) as fh:
                head = fh.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise DocumentLoadError(
                    path, f"archive member {m.filename!r} declares a DOCTYPE or XML entities (an XXE risk); refused")


def _bold(cell: Any) -> bool:
    runs = [run for paragraph in cell.paragraphs for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _docx_table_lines(table: Any) -> list[str]:
    """A table's rows, each a paragraph: as records (``index.table_records``) when its first row is
    a header row, marked so (Word's "Repeat as header row", which LibreOffice, pandoc and Google Docs
    set for a table's heading) or written in bold over a row that is not, and no cell is merged;
    else its cells apart by " | "."""
    from docx.oxml.ns import qn

    rows = list(table.rows)
    cells = [[" ".join(cell.text.split()) for cell in row.cells] for row in rows]
    marks = rows[0]._tr.xpath("./w:trPr/w:tblHeader") if rows else []
    header = bool(marks) and marks[0].get(qn("w:val"), "true").lower() not in ("0", "false", "off")
    header = header or (len(rows) > 1 and all(_bold(cell) for cell in rows[0].cells)
                        and not any(_bold(cell) for cell in rows[1].cells))
    merged = any(len({id(cell._tc) for cell in row.cells}) != len(row.cells) for row in rows)
    if header and not merged and len(rows) > 1 and len(cells[0]) > 1:
        return [line for line in (record(cells[0], row) for row in cells[1:]) if line]
    return [line for line in (" | ".join(c for c in row if c) for row in cells) if line]


def docx_text(data: bytes, path: Path) -> tuple[str, str, tuple[Heading, ...]]:
    """A DOCX's text (its paragraphs and tables in reading order, one block each, blank lines
    between), its core properties' title ("" when none) and its headings (Word's heading styles).
    The archive is checked first (:func:`check_archive`)."""
    import zipfile

    import docx
    from docx.table import Table

    check_archive(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        headings: list[Heading] = []
        offset = 0
        for item in _docx_blocks(document.element.body, document._body, _docx_notes(document)):
            if isinstance(item, Table):
                for line in _docx_table_lines(item):
                    blocks.append(line)
                    offset += len(line) + 2
            else:
                para = normalize_newlines(item.text.strip())
                if para:
                    style = (item.style.name if item.style is not None else "") or ""
                    level = _docx_heading_level(style)
                    if level:
                        headings.append((offset, level, " ".join(para.split())))
                    blocks.append(para)
                    offset += len(para) + 2
        title = (document.core_properties.title or "").strip()
    except zipfile.BadZipFile as exc:
        raise DocumentLoadError(path, "not a valid .docx (it is not a zip archive)") from exc
    except RecursionError as exc:
        raise DocumentLoadError(path, "the DOCX is nested too deeply to parse") from exc
    except Exception as exc:
        raise DocumentLoadError(path, f"malformed DOCX ({type(exc).__name__}: {exc})"[:300]) from exc
    return "\n\n".join(blocks), title, tuple(headings)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_blocks(element: Any, parent: Any, notes: dict[tuple[str, str | None], Any]) -> Iterator[Any]:
    """The paragraphs and tables of ``element`` in reading order, as python-docx objects, with what
    ``iter_inner_content`` leaves out: content controls' blocks (a cover page's title, author and
    date; a template's fields) and, after each paragraph, its text boxes' paragraphs and the
    footnotes and endnotes it refers to (``notes``). A table of contents (a content control of that
    kind) is left out: it repeats the headings."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == f"{_W}p":
            yield Paragraph(child, parent)
            for box in _text_boxes(child):
                yield from _docx_blocks(box, parent, notes)
            for ref in child.iter(f"{_W}footnoteReference", f"{_W}endnoteReference"):
                note = notes.pop((ref.tag[len(_W):-len("Reference")], ref.get(f"{_W}id")), None)
                if note is not None:  # each note once, where it is first referred to
                    yield from _docx_blocks(note, parent, notes)
        elif child.tag == f"{_W}tbl":
            yield Table(child, parent)
        elif child.tag == f"{_W}sdt":
            gallery = child.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
            content = child.find(f"{_W}sdtContent")
            if content is not None and (gallery is None or gallery.get(f"{_W}val") != "Table of Contents"):
                yield from _docx_blocks(content, parent, notes)
        elif child.tag == f"{_W}customXml":
            yield from _docx_blocks(child, parent, notes)


def _docx_notes(document: Any) -> dict[tuple[str, str | None], Any]:
    """The document's footnotes and endnotes by (kind, id): ``w:footnote`` / ``w:endnote`` elements
    (Word's separator lines left out), parsed as python-docx parses its parts (no entities)."""
    from docx.oxml.parser import parse_xml

    notes: dict[tuple[str, str | None], Any] = {}
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("footnotes", "endnotes") and not rel.is_external:
            for note in parse_xml(rel.target_part.blob).iterchildren(f"{_W}{kind[:-1]}"):
                if note.get(f"{_W}type") in (None, "normal"):
                    notes[(kind[:-1], note.get(f"{_W}id"))] = note
    return notes


def _text_boxes(paragraph: Any) -> list[Any]:
    """The text boxes a paragraph anchors (their ``w:txbxContent``), each once: a box Word also
    writes as a fallback for older readers (``mc:Fallback``) and boxes inside boxes come with their box."""
    found = []
    for box in paragraph.iter(f"{_W}txbxContent"):
        up = box.getparent()
        while up is not None and up is not paragraph and up.tag not in (_FALLBACK, f"{_W}txbxContent"):
            up = up.getparent()
        if up is paragraph:
            found.append(box)
    return found


def _docx_heading_level(style: str) -> int:
    """1-6 for Word's "Title" and "Heading N" paragraph styles, else 0."""
    if style == "Title":
        return 1
    m = re.fullmatch(r"Heading (\d)", style)
    return min(int(m.group(1)), 6) if m else 0
