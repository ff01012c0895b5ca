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

import gzip
import io
import logging
import re
from collections.abc import Callable
from pathlib import Path

from index.doc_names import first_line_title, name_title, names_document
from index.documents import Document, content_id
from index.docx_text import docx_text
from index.errors import DocumentLoadError
from index.faq_text import question_headings
from index.help_options import help_headings
from index.html_text import html_text
from index.man_text import man_page
from index.numbered import numbered_headings
from index.pdf_headings import FragmentRecorder, font_headings, outline_entries, placed, run_titles
from index.pdf_text import pages_text
from index.plain_titles import capital_headings, outdented_headings
from index.sections import (
    Heading,
    asciidoc_headings,
    markdown_headings,
    underlined_headings,
    with_definition_terms,
)
from index.terminal import bold_headings, formatted, without_codes
from index.text_decoding import decode_text, normalize_newlines
from index.text_formats import (
    CHANGES_NAME,
    debian_changelog,
    debian_copyright,
    declares_outline,
    front_matter,
    gnu_changelog,
    news_headings,
    org_title,
    outline_headings,
    rst_fields,
    without_mode_line,
)

logger = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
ASCIIDOC_SUFFIXES = frozenset({".adoc", ".asciidoc"})
TEXT_SUFFIXES = frozenset({".txt", ".rst", *MARKDOWN_SUFFIXES, *ASCIIDOC_SUFFIXES})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A DOCX is a zip archive: refuse archives that expand beyond reason (zip bombs).

# text, title, page starts (PDF), headings (offset, level, title)
Loaded = tuple[str, str, tuple[int, ...], tuple[Heading, ...]]


#: A documentation file known by its name is plain text: a name in capitals (``README``, ``NEWS``,
#: ``COMPAT``, ``00README``) with or without more after it (``README.Debian``), or a name with one
#: of these words in it (Debian's ``copyright`` and ``changelog.Debian.amd64``,
#: ``v2.38-ReleaseNotes``, ``ChangeLog-2013``; a licence's text as Debian's ``/usr/share/common-licenses``
#: names it: ``Apache-2.0``, ``Artistic``), unless it ends in a code or data format's suffix.
_CAPITALS = re.compile(r"[0-9]*[A-Z][A-Z0-9]+(?:[_-][A-Z0-9]+)*")
_DOC_WORD = re.compile(r"(?i:readme|news|changes|changelog|releasenotes|copyright|authors|thanks|todo|license|"
                       r"licence|copying|history|credits|faq|bugs|notice|contributing|hacking|apache|artistic|unlicense)")
_NOT_PROSE = frozenset(
    ".json .jsonl .yaml .yml .toml .xml .csv .tsv .ini .cfg .conf .in .lock .py .sh .bash .js .ts .c .h .cc .cpp .hpp "
    ".java .go .rs .rb .pl .pm .php .el .vim .mk .cmake .bazel .bzl .tex .texi .ps .eps .svg .css .diff .patch .sql "
    ".png .jpg .jpeg .gif .ico .tar .zip .bz2 .xz .zst .7z .deb .rpm .so .o .a .bin .exe .dll .class .jar .pyc .db "
    ".sqlite .sqlite3 .dat".split())
GZIP_SUFFIX = ".gz"


def format_suffix(path: str | Path) -> str | None:
    """The suffix of the format that reads the file at ``path``: its own (``.md``), the one inside its
    gzip compression (``.md`` for ``NEWS.md.gz``: Debian ships most documentation compressed), or
    ``.txt`` for a documentation file known by its name (``README``, ``NEWS.gz``, ``README.Debian``,
    ``changelog.Debian.gz``); None for a file docqa does not read."""
    name = _plain_name(Path(path))
    suffix = Path(name).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    if suffix not in _NOT_PROSE and (_CAPITALS.fullmatch(name.partition(".")[0])
                                     or any(_DOC_WORD.fullmatch(word) for word in re.split(r"[._-]", name))):
        return ".txt"
    return None


_NEWS_NAME = re.compile(r"(?:news|changes|history|release[-_ ]?notes)\b")  # (a file's plain name, lowercased)


def _plain_name(path: Path) -> str:
    """The file's name without its gzip suffix."""
    return path.name[: -len(GZIP_SUFFIX)] if _compressed(path) else path.name


def _compressed(path: Path) -> bool:
    return path.name.lower().endswith(GZIP_SUFFIX)


def is_supported(path: Path) -> bool:
    return format_suffix(path) is not None


def unread_type(path: Path) -> str:
    """How a file docqa does not read is counted: its suffix, with its compression (``.json.gz``)."""
    inner = Path(_plain_name(path)).suffix.lower() if _compressed(path) else ""
    return inner + path.suffix.lower() if path.suffix else "(no suffix)"


def read_content(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes the file's format reads: the file's own, decompressed where it is gzip-compressed."""
    data = read_bytes(path, max_bytes)
    return _gunzip(data, path, max_bytes) if _compressed(path) else data


def _gunzip(data: bytes, path: Path, max_bytes: int) -> bytes:
    """A gzip file's content, refusing one that is damaged or expands beyond ``max_bytes``."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            content = packed.read(max_bytes + 1)
    except (OSError, EOFError) as exc:  # BadGzipFile and zlib.error are OSErrors
        raise DocumentLoadError(path, f"not a readable gzip file ({exc}); decompress it or replace it") from exc
    if len(content) > max_bytes:
        raise DocumentLoadError(path, f"too large once decompressed (over the limit of {max_bytes:,} bytes)")
    if not content:
        raise DocumentLoadError(path, "empty once decompressed (0 bytes)")
    return content


def _check_text(text: str, path: Path) -> None:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f\v")
    if sample and controls / len(sample) > 0.05:
        raise DocumentLoadError(path, "looks like a binary file, not text; remove it or give it the right extension")


def _load_text(data: bytes, path: Path) -> Loaded:
    text = normalize_newlines(decode_text(data, path))
    bold: tuple[Heading, ...] = ()
    if formatted(text):  # saved from a terminal (groff's output): its characters without the codes
        text, bold = without_codes(text), bold_headings(text)
    _check_text(text, path)
    # Sphinx copies each page's source beside the HTML as "page.rst.txt": reStructuredText
    suffix = ".rst" if _plain_name(path).lower().endswith(".rst.txt") else format_suffix(path) or ".txt"
    # a title the file states: its front matter's (Markdown), its #+TITLE (Org)
    matter_end, stated = front_matter(text) if suffix in MARKDOWN_SUFFIXES else (0, "")
    if suffix in MARKDOWN_SUFFIXES:
        headings = tuple(h for h in markdown_headings(text) if h[0] >= matter_end)
    elif suffix in ASCIIDOC_SUFFIXES:
        headings = asciidoc_headings(text)
    else:  # plain text, reStructuredText: underlined titles
        headings = tuple(sorted({*underlined_headings(text, rst=suffix == ".rst"), *bold}))
    if suffix == ".txt" and (man := man_page(text)) is not None:  # a manual page saved as text: "man tar > tar.txt"
        return text, man[0], (), man[1]
    if suffix == ".txt":  # a Debian changelog, a GNU NEWS (an Emacs outline), an Org file
        plain = _plain_name(path).lower()
        known = (debian_changelog(text, news="news" in plain) or debian_copyright(text, path.parent.name)
                 or gnu_changelog(text, path.parent.name))
        if known is not None:
            return text, known[0], (), known[1]
        if declares_outline(text) or plain.endswith(".org"):
            headings = tuple(sorted({*headings, *outline_headings(text)}))
            stated = org_title(text)
        elif not headings and _NEWS_NAME.match(plain):  # a NEWS file of plain text: its release lines
            headings = news_headings(text)
        headings = tuple(sorted({*headings, *question_headings(text, headings)}))  # a FAQ's questions
        headings = headings or numbered_headings(text)  # a specification's or HOWTO's "3. Creating a request"
        if not headings and not CHANGES_NAME.search(plain):  # "PREFACE" in capitals, "Compiling" over indented text
            headings = capital_headings(text) or outdented_headings(text)
    fields = rst_fields(text) if suffix == ".rst" else {}
    named = suffix in ASCIIDOC_SUFFIXES or names_document(
        headings, text, markdown=suffix in MARKDOWN_SUFFIXES, rst=suffix == ".rst")
    title = stated or fields.get("title", "") or (headings[0][2] if headings and named else "")
    if not title and not (headings and suffix in (".rst", *MARKDOWN_SUFFIXES)):  # else sections, none its title: its name
        title = first_line_title(text[matter_end:], skip=len(fields), markdown=suffix in MARKDOWN_SUFFIXES)
    if suffix in ASCIIDOC_SUFFIXES or suffix == ".txt":  # and AsciiDoc's labeled lists (git's man page sources)
        headings = with_definition_terms(text, headings)
    if suffix not in ASCIIDOC_SUFFIXES:  # a command's --help pasted in: its options (not a title)
        headings = help_headings(text, headings)
    return text, without_mode_line(title), (), headings


def _load_docx(data: bytes, path: Path) -> Loaded:
    text, title, headings = docx_text(data, path)
    return text, title or first_line_title(text), (), headings


def _load_html(data: bytes, path: Path) -> Loaded:
    text, title, headings = html_text(decode_text(data, path, html=True))
    return text, title or first_line_title(text), (), help_headings(text, headings)  # (and a <pre>'s pasted --help)


def _load_pdf(data: bytes, path: Path) -> Loaded:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentLoadError(path, "the PDF is encrypted with a password; save a decrypted copy and index that")
        pages, fragments = [], []
        for page in reader.pages:
            recorder = FragmentRecorder()
            pages.append(normalize_newlines(page.extract_text(visitor_text=recorder) or ""))
            fragments.append(recorder.fragments)
        entries = outline_entries(reader)
        if entries:
            titles: list[set[str]] = [set() for _ in pages]
            for at, _, title in entries:
                if at < len(pages):
                    titles[at].add(title)
        else:
            titles = run_titles(fragments)
        text, starts = pages_text(pages, titles)
        meta_title = ""
        if reader.metadata is not None and reader.metadata.title:
            meta_title = str(reader.metadata.title).strip()
        headings = help_headings(text, placed(entries, text, starts) or font_headings(fragments, text, starts), collapsed=True)
    except DocumentLoadError:
        raise
    except Exception as exc:  # pypdf raises many types on malformed input
        raise DocumentLoadError(path, f"malformed PDF ({type(exc).__name__}: {exc})"[:300]) from exc
    return text, meta_title or first_line_title(text), starts, headings


#: What each format's extraction is, per file type: docqa's own loader code (bump the number when
#: a change would give other text, title, page starts or headings for the same bytes) and the
#: library that parses the format. A store records it per file, and the next sync re-reads a
#: file whose format's extraction changed (`index.sync`), so an upgrade reaches indexed files.
EXTRACTION_VERSIONS: dict[str, tuple[int, str | None]] = {
    # 2: text that is not UTF-8 decoded by uchardet (faust-cchardet), not charset-normalizer, which read
    # Western European text as Baltic or Central European ("très" as "trčs")
    # 3: underlined headings ("Title\n=====") in Markdown (setext) and plain text; 4: AsciiDoc labeled
    # list terms ("split [<commit>]::") as headings in plain text and AsciiDoc; 5: a Markdown file's
    # front matter names it (its title), and holds no headings; 6: a Markdown title's inline code marks
    # left out ("--watch", not "`--watch`"); 7: Sphinx's "page.rst.txt" sources read as reStructuredText;
    # 8: a Debian changelog's entries are headings and its title names no version, an Emacs outline's
    # (GNU NEWS) and an Org file's "* " titles are headings, a title drops its "-*- outline -*-"; 9: a
    # machine-readable Debian copyright file is named by its package, its stanzas are headings; 10: a GNU
    # ChangeLog is named by its package ("grep ChangeLog"); 11: a GNU NEWS file's older releases' "* " items
    # are items, not headings, and their own lines ("Major changes in Gzip 1.3.12", "Sed 4.2.1") head them;
    # 12: a plain-text NEWS file's release lines ("Version 4.3 (19 Jan 2020)", "Changes in 2.40:") are headings;
    # 13: a plain-text FAQ's questions, each a paragraph of its own ("21. Is zlib thread-safe?"), are headings;
    # 14: a title is no rule ("-----"), Emacs file variables alone ("-*- outline -*-") nor "$Id$"
    # 15: a terminal's formatting codes (escape sequences, overstrikes) left out, its bold lines headings; a
    # plain-text file without headings has its numbered titles of their own lines ("3. Creating a request")
    # 16: a manual page saved as text ("TAR(1) ... TAR(1)" its first line): its sections and options headings
    # 17: a manual page's option tag with a blank line between it and what it does (sed's), and tags stacked
    # over what they do (wget's "-V" over "--version"), headings too; 18: a plain-text file without other
    # headings has its titles in capitals ("PREFACE") or at the margin over indented text as headings
    # 19: the options of a command's --help pasted in ("  -i, --in-place   Edit files in place") as headings
    # 20: a Markdown file's HTML headings on lines of their own ('<h1 align="center">HTTPX2</h1>') as headings
    # 21: Markdown titles as they read (links' text, no badges); a Markdown file whose first heading is below
    # level 1 (or at level 2 after text), or a reStructuredText file whose first title comes after text, named
    # by its file (a README with its folder: "rich README"); reStructuredText underlines longer than their titles
    # 22: a manual page's settings and terms tagged as options are ("       Storage=", "     ConnectionAttempts") headings
    # 23: a manual page's settings' tags wrapped over lines ("       SystemMaxUse=, SystemKeepFree=,") or with what they say
    # after them on their line (avahi's "       use-ipv6= Takes a boolean value") headings
    # 24: a licence's numbered titles closed by a full stop ("  8. Termination.", "   2. Grant of Copyright License.
    # Subject to ...") headings; a numbered title underlined in plain text and reStructuredText ("1. Definitions" over "---")
    "text": (24, "faust-cchardet"),  # Markdown headings, titles; the library only for non-UTF-8 text
    # 2: definition-list end marks, the page's own private-use characters dropped; 3: a page that is not
    # UTF-8 decoded as its <meta charset> says, else as uchardet guesses; data tables read row by row;
    # 4: a heading's permalink mark ("#" of Node.js's pages) and buttons ("copy" on a code block) dropped;
    # 5: each of a <pre>'s several <code> elements a block of its own; 6: a <pre>'s lines keep their indentation
    # and runs of spaces (less the indent all share), and a --help pasted in one has its options as headings;
    # 7: a definition list that DocBook renders as a table (variablelist, "horizontal") has its terms as headings
    "html": (7, "selectolax"),
    # 2: running headers, footers and page numbers dropped; a sentence cut by a page break joined;
    # headings from type sizes where the PDF has no bookmarks; 3: table of contents' dot-leader entries dropped;
    # 4: a word in capitals hyphenated at a line's end joined ("SEQUENCE"), a compound's hyphen kept ("ASN1-BER");
    # 5: a line that is a bookmark's title (or, without bookmarks, a run of larger type) a paragraph of its own;
    # 6: a bookmark matched to its line by its letters and digits alone ("Nonregular files", "Non-regular files");
    # 7: a --help's GNU option lines ("-c, --check checks the syntax only") as headings
    "pdf": (7, "pypdf"),
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


_NO_TEXT_HINTS = {".pdf": " (a scanned PDF needs OCR first)",
                  **dict.fromkeys(HTML_SUFFIXES, " besides navigation, link lists and page furniture "
                                                  "(an index or contents page: nothing to answer from)")}


#: What docqa reads, for error messages and help.
SUPPORTED_HELP = (f"{', '.join(sorted(SUPPORTED_SUFFIXES))}, any of them gzip-compressed ({GZIP_SUFFIX}), and "
                  "plain text named README, NEWS, changelog or in capitals (with or without a suffix after)")


def parse_document(data: bytes, path: Path, source: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                   ) -> Document:
    """Parse already-read bytes; ``path`` gives the format (:func:`format_suffix`) and the error
    messages; a gzip-compressed file expands to at most ``max_bytes``."""
    suffix = format_suffix(path)
    if suffix is None:
        raise DocumentLoadError(path, f"unsupported file type {path.suffix or '(none)'!r}; supported: {SUPPORTED_HELP}")
    if _compressed(path):
        data = _gunzip(data, path, max_bytes)
    text, title, page_starts, headings = _LOADERS[suffix](data, path)
    if not text.strip():
        raise DocumentLoadError(path, f"no text found in the file{_NO_TEXT_HINTS.get(suffix, '')}")
    return Document(
        doc_id=content_id(text),
        source=source or str(path),
        title=title or name_title(path, _plain_name(path)),
        text=text,
        page_starts=page_starts,
        headings=headings,
    )


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load one supported file as a :class:`Document`; raises :class:`DocumentLoadError`."""
    path = Path(path)
    return parse_document(read_bytes(path, max_bytes), path, max_bytes=max_bytes)
