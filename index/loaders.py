"""Turn files into :class:`Document` objects with one canonical text each.

Choices, each a well-kept library rather than hand-written parsing:
- PDF: pypdf (pure Python, no native deps, per-page text so spans map to pages);
- DOCX: python-docx (paragraphs and tables in body order);
- HTML: selectolax's Lexbor engine (a fast, standards-compliant HTML5 parser; `index.html_text`);
- text that is not UTF-8: ``index.text_decoding`` (uchardet, and an HTML page's own ``<meta charset>``).

Plain text and Markdown keep their characters as they are in the file (line
endings normalised to ``\\n``), so a citation quotes exactly what the file says.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from index.documents import Document, content_id
from index.errors import DocumentLoadError
from index.html_text import html_text
from index.pdf_headings import FragmentRecorder, font_headings
from index.pdf_text import pages_text
from index.sections import Heading, asciidoc_headings, locate_heading, markdown_headings, underlined_headings
from index.table_records import record
from index.text_decoding import decode_text

logger = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
ASCIIDOC_SUFFIXES = frozenset({".adoc", ".asciidoc"})
TEXT_SUFFIXES = frozenset({".txt", ".rst", *MARKDOWN_SUFFIXES, *ASCIIDOC_SUFFIXES})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A DOCX is a zip archive: refuse archives that expand beyond reason (zip bombs).
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_TOTAL_BYTES = 500 * 1024 * 1024
ZIP_MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB

# text, title, page starts (PDF), headings (offset, level, title)
Loaded = tuple[str, str, tuple[int, ...], tuple[Heading, ...]]


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_text(text: str, path: Path) -> None:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f\v")
    if sample and controls / len(sample) > 0.05:
        raise DocumentLoadError(path, "looks like a binary file, not text; remove it or give it the right extension")


def _first_line_title(text: str, skip: int = 0) -> str:
    """The first line that says something (after ``skip`` of them)."""
    for line in [line for line in text.splitlines() if line.strip()][skip:]:
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:120]
    return ""


def _load_text(data: bytes, path: Path) -> Loaded:
    text = _normalize_newlines(decode_text(data, path))
    _check_text(text, path)
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        headings = markdown_headings(text)
    elif suffix in ASCIIDOC_SUFFIXES:
        headings = asciidoc_headings(text)
    else:  # plain text, reStructuredText: underlined titles
        headings = underlined_headings(text)
    # the first heading names a Markdown, reStructuredText or AsciiDoc file (comments, labels or
    # attributes may come before it); a plain text file's only when it is the file's first line
    named = suffix != ".txt" or (headings and not text[:headings[0][0]].strip())
    fields = _rst_fields(text) if suffix == ".rst" else {}
    title = fields.get("title", "") or (headings[0][2] if headings and named else "")
    return text, title or _first_line_title(text, skip=len(fields)), (), headings


_FIELD = re.compile(r":([^:\n]+):[ \t]*(.*)")  # a reST field: ":title: AWS CLI S3 FAQ"


def _rst_fields(text: str) -> dict[str, str]:
    """The field list a reStructuredText file opens with (its metadata, as Sphinx and the AWS
    CLI's topics write it: ``:title: AWS CLI S3 FAQ``), by lower-cased name."""
    fields: dict[str, str] = {}
    for line in text.lstrip("\n").split("\n"):
        field = _FIELD.fullmatch(line.rstrip())
        if field is None:
            break
        fields.setdefault(field.group(1).strip().lower(), field.group(2).strip()[:120])
    return fields


def _load_html(data: bytes, path: Path) -> Loaded:
    text, title, headings = html_text(decode_text(data, path, html=True))
    return text, title or _first_line_title(text), (), headings


def _load_pdf(data: bytes, path: Path) -> Loaded:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentLoadError(path, "the PDF is encrypted with a password; save a decrypted copy and index that")
        pages, fragments = [], []
        for page in reader.pages:
            recorder = FragmentRecorder()
            pages.append(_normalize_newlines(page.extract_text(visitor_text=recorder) or ""))
            fragments.append(recorder.fragments)
        text, starts = pages_text(pages)
        meta_title = ""
        if reader.metadata is not None and reader.metadata.title:
            meta_title = str(reader.metadata.title).strip()
        headings = _pdf_outline(reader, text, starts) or font_headings(fragments, text, starts)
    except DocumentLoadError:
        raise
    except Exception as exc:  # pypdf raises many types on malformed input
        raise DocumentLoadError(path, f"malformed PDF ({type(exc).__name__}: {exc})"[:300]) from exc
    return text, meta_title or _first_line_title(text), starts, headings


def _pdf_outline(reader: Any, text: str, starts: Sequence[int]) -> tuple[Heading, ...]:
    """The PDF's bookmarks as headings, each placed where its title appears on its page (else at
    the page's start); a broken outline is ignored (it is navigation, not content)."""
    found: list[Heading] = []

    def walk(items: Any, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            page = reader.get_destination_page_number(item)
            if 0 <= page < len(starts) and str(item.title or "").strip():
                end = starts[page + 1] if page + 1 < len(starts) else len(text)
                title = " ".join(str(item.title).split())
                found.append((locate_heading(title, text, starts[page], end), min(level, 6), title))

    try:
        walk(reader.outline, 1)
    except Exception:  # noqa: BLE001 - a malformed outline must not lose the document
        logger.info("ignoring a malformed PDF outline")
        return ()
    return tuple(sorted(found))


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


def _load_docx(data: bytes, path: Path) -> Loaded:
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
                para = _normalize_newlines(item.text.strip())
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
    text = "\n\n".join(blocks)
    return text, title or _first_line_title(text), (), tuple(headings)


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


#: What each format's extraction is, per file type: docqa's own loader code (bump the number when
#: a change would give other text, title, page starts or headings for the same bytes) and the
#: library that parses the format. A store records it per file, and the next sync re-reads a
#: file whose format's extraction changed (`index.sync`), so an upgrade reaches indexed files.
EXTRACTION_VERSIONS: dict[str, tuple[int, str | None]] = {
    # 2: text that is not UTF-8 decoded by uchardet (faust-cchardet), not charset-normalizer, which read
    # Western European text as Baltic or Central European ("très" as "trčs")
    # 3: underlined headings ("Title\n=====") in Markdown (setext) and plain text
    "text": (3, "faust-cchardet"),  # Markdown headings, titles; the library only for non-UTF-8 text
    # 2: definition-list end marks, the page's own private-use characters dropped; 3: a page that is not
    # UTF-8 decoded as its <meta charset> says, else as uchardet guesses; data tables read row by row
    "html": (3, "selectolax"),
    # 2: running headers, footers and page numbers dropped; a sentence cut by a page break joined;
    # headings from type sizes where the PDF has no bookmarks; 3: table of contents' dot-leader entries dropped;
    # 4: a word in capitals hyphenated at a line's end joined ("SEQUENCE"), a compound's hyphen kept ("ASN1-BER")
    "pdf": (4, "pypdf"),
    # 2: a table with a marked header row read row by row; 3: content controls and text boxes read; 4: footnotes
    "docx": (4, "python-docx"),
}
_FORMATS = {**dict.fromkeys(TEXT_SUFFIXES, "text"), **dict.fromkeys(HTML_SUFFIXES, "html"), ".pdf": "pdf",
            ".docx": "docx"}


def extractors() -> dict[str, str]:
    """Supported suffix -> the extraction that reads it now, e.g. ``"html 2, selectolax 0.3.21"``
    (a library that is not installed shows as ``"-"``). Cheap; call it once per sync."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(package: str | None) -> str:
        if package is None:
            return ""
        try:
            return f", {package} {version(package)}"
        except PackageNotFoundError:
            return f", {package} -"

    made = {name: f"{name} {number}{installed(package)}" for name, (number, package) in EXTRACTION_VERSIONS.items()}
    return {suffix: made[name] for suffix, name in _FORMATS.items()}


_FORMAT_LOADERS: dict[str, Callable[[bytes, Path], Loaded]] = {
    "text": _load_text, "html": _load_html, "pdf": _load_pdf, "docx": _load_docx}
_LOADERS = {suffix: _FORMAT_LOADERS[name] for suffix, name in _FORMATS.items()}


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing missing, unreadable, empty and over-size files with a clear reason."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentLoadError(
                path, f"too large ({size:,} bytes; the limit is {max_bytes:,} bytes)"
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentLoadError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise DocumentLoadError(path, "is a folder, not a file") from exc
    except PermissionError as exc:
        raise DocumentLoadError(path, "permission denied; check the file's permissions") from exc
    except OSError as exc:
        raise DocumentLoadError(path, f"cannot read ({exc.strerror or exc})") from exc
    if not data:
        raise DocumentLoadError(path, "empty file (0 bytes)")
    return data


def parse_document(data: bytes, path: Path, source: str | None = None) -> Document:
    """Parse already-read bytes; ``path`` gives the format (its suffix) and the error messages."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentLoadError(path, f"unsupported file type {path.suffix or '(none)'!r}; supported: {supported}")
    text, title, page_starts, headings = loader(data, path)
    if not text.strip():
        hint = " (a scanned PDF needs OCR first)" if path.suffix.lower() == ".pdf" else ""
        raise DocumentLoadError(path, f"no text found in the file{hint}")
    return Document(
        doc_id=content_id(text),
        source=source or str(path),
        title=title or path.stem,
        text=text,
        page_starts=page_starts,
        headings=headings,
    )


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load one supported file as a :class:`Document`; raises :class:`DocumentLoadError`."""
    path = Path(path)
    return parse_document(read_bytes(path, max_bytes), path)
