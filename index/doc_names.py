"""What names a document that states no title: its first heading where that is its title; else,
for a file without headings of its own (or plain text), its first line that says something; else
its file's name (a README's with its folder's). And the names a document goes by, which a
question may write (:func:`document_names`: "What is threadpoolctl?" of ``threadpoolctl/README.md``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from index.documents import Document
from index.sections import Heading, InlineText
from index.text_formats import CHANGES_NAME

#: a first line that says nothing: a rule ("-----", "====="), Emacs file variables alone ("-*- outline
#: -*-"), a version control keyword ("$Id$", "$Id: TRANSLATE,v 1.2 ... $")
_SAYS_NOTHING = re.compile(r"[\W_]*|-\*-.*-\*-|\$\w+(?::[^$]*)?\$")


def first_line_title(text: str, skip: int = 0, *, markdown: bool = False) -> str:
    """The first line that says something (after ``skip`` of them): not a rule, Emacs file
    variables alone nor a version control keyword (:data:`_SAYS_NOTHING`); in Markdown, as the line
    reads (:class:`InlineText`: not a logo or badges alone, an HTML tag alone)."""
    reads = InlineText()
    for line in [line for line in text.splitlines() if line.strip()][skip:]:
        line = reads(line) if markdown else line.strip().lstrip("#").strip()
        if line and not _SAYS_NOTHING.fullmatch(line):
            return line[:120]
    return ""


def names_document(headings: Sequence[Heading], text: str, *, markdown: bool, rst: bool) -> bool:
    """Whether the first heading is the document's title (an AsciiDoc file's always is, attributes
    may come before it): a Markdown file's at level 1, or at level 2 with nothing written before it
    (to-do list for libxcrypt underlined with "---"; not a README's "## Compatibility" below its
    logo, badges and opening paragraphs); a reStructuredText file's with nothing written before it
    (directives, comments, substitutions and badges may be: a Sphinx page's title; not pytest's
    "Features" below its opening paragraph); a plain text file's when it is the file's first line."""
    if not headings:
        return False
    at, level, _ = headings[0]
    if markdown:
        return level == 1 or (level == 2 and not _written(text[:at], markdown=True))
    if rst:
        return not _written(text[:at], markdown=False)
    return not text[:at].strip()


HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_RST_SUBSTITUTIONS = re.compile(r"(?:\|[^|]+\|_{0,2}\s*)+")  # "|PyPI| |CI Status|": badges by substitution
_RST_FIELD = re.compile(r":[^:\s][^:]*:(?:\s.*)?")  # ":orphan:", ":tocdepth: 2": the page's settings


def _written(text: str, *, markdown: bool) -> bool:
    """Whether ``text`` writes something a reader reads: not only markup (an HTML comment, tags, a
    logo or badges; in reStructuredText, a directive or comment with its indented lines, a line of
    substitutions, a field list's settings), rules or blank lines."""
    if markdown:
        reads = InlineText()
        return any(not _SAYS_NOTHING.fullmatch(reads(line)) for line in HTML_COMMENT.sub("", text).splitlines())
    in_directive = False
    for line in text.splitlines():
        if line.startswith(".."):
            in_directive = True
        elif in_directive and (not line.strip() or line[0] in " \t"):
            continue
        else:
            in_directive = False
            line = line.strip()
            if not (_SAYS_NOTHING.fullmatch(line) or _RST_SUBSTITUTIONS.fullmatch(line) or _RST_FIELD.fullmatch(line)):
                return True
    return False


#: file names that say what a file is, not what it is about: a README or index is named with its folder too
GENERIC_NAMES = frozenset({"readme", "index"})


def name_title(path: Path, plain_name: str) -> str:
    """The title of a document that states none: its file's name without the suffix ("notes" of
    ``notes.md``), a README's or an index's with its folder's before it (``rich/README.md`` is
    "rich README"; an upload's "uploads README" says no more than it is)."""
    stem = Path(plain_name).stem
    folder = path.absolute().parent.name
    return f"{folder} {stem}" if folder and stem.lower() in GENERIC_NAMES else stem


# The names a document goes by, which a question may write (qa.openings, qa.named)
_TITLE_HEAD = re.compile(r"\s*(?::|\s[-–—]{1,2}\s)")  # "pip - The Python Package Installer", "Certifi: Python SSL ..."

# a section's heading that a document may be titled with (a manual page's "NAME", safetensors' README's
# "Installation"): it names no thing ("Where does the name Valgrind come from?" names no manual page)
_SECTION_NAMES = frozenset(("name", "synopsis", "description", "options", "introduction", "installation", "usage",
                            "overview", "contents", "summary", "note", "notes", "about"))


def name_key(name: str) -> str:
    """A name in lower case without its spaces and marks, "_" written "-" (as package indexes
    read it): "HTTP Core" and "httpcore" are one name, "typing_extensions" and
    "typing-extensions" another; "man-db" (the package) and "mandb" (its program) two."""
    return re.sub(r"[^\w-]+", "", name.lower()).replace("_", "-")


def document_names(document: Document) -> set[str]:
    """The names (:func:`name_key`) ``document`` goes by: its title, its title's part before a colon or
    dash ("pip" of "pip - The Python Package Installer"), its file's name (to its first dot, and to its last:
    "adduser" and "adduser.conf" of adduser.conf.txt), and a README's or an
    index's folder's ("threadpoolctl" of ``threadpoolctl/README.md``); not a section's heading's
    word (:data:`_SECTION_NAMES`)."""
    return names(document.source, document.title)


def names(source: str, title: str) -> set[str]:
    """:func:`document_names` of the document of ``source`` titled ``title`` (a passage's)."""
    path = Path(source)
    stem = path.name.split(".")[0]
    title = re.sub(r"\s+(?:README|index)$", "", title)
    found = {title, _TITLE_HEAD.split(title, maxsplit=1)[0], stem, path.stem}  # (and "adduser.conf" of "adduser.conf.txt")
    if stem.lower() in GENERIC_NAMES:
        found.add(path.parent.name)
    return {k for name in found if (k := name_key(name)) and k not in _SECTION_NAMES}


def named_for(asked: set[str], source: str, title: str) -> bool:
    """Whether the document of ``source`` titled ``title`` goes by one of the names ``asked``
    (:func:`names`), not a changelog (whose first line, "* fuser: fixed a bug", is no title)."""
    return not CHANGES_NAME.search(Path(source).name) and bool(asked & names(source, title))
