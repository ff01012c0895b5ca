"""Plain text formats known by their first lines: a Markdown file's front matter, a reStructuredText
file's opening field list, a Debian changelog ("gzip (1.12-1) sid; urgency=high"), a GNU ChangeLog
("2022-04-07  Jim Meyering  <meyering@fb.com>"), a
machine-readable Debian copyright file ("Format: https://www.debian.org/doc/packaging-manuals/
copyright-format/1.0/") and an Emacs outline or Org file (GNU NEWS files open with "GNU gzip NEWS
-*- outline -*-" and title each release "* Noteworthy changes in release 1.12")."""

from __future__ import annotations

import re

from index.sections import MAX_TITLE, Heading

# a Debian changelog entry's first line: package (version) distributions; urgency=...
_DEBIAN_ENTRY = re.compile(r"^(?P<package>[a-z0-9][a-z0-9+.-]*) \((?P<version>[^()\s]+)\)(?P<dists>(?: [\w.+/-]+)+);"
                           r"[ \t]*\w+=[^\n]*$", re.M)
_MODE_LINE = re.compile(r"[ \t]*-\*-(?P<mode>.*?)-\*-.*$")  # Emacs file variables: "-*- outline -*-"
_OUTLINE_MODES = re.compile(r"(?i)(?:^|[\s;:])(?:mode:[ \t]*)?(?:outline|org)\b")
_OUTLINE_HEADING = re.compile(r"^(\*{1,6})[ \t]+(\S[^\n]*?)[ \t]*$", re.M)


def without_mode_line(title: str) -> str:
    """A first line's title without the Emacs file variables it carries ("GNU gzip NEWS", not
    "GNU gzip NEWS    -*- outline -*-")."""
    return _MODE_LINE.sub("", title).strip() or title


def debian_changelog(text: str, news: bool = False) -> tuple[str, tuple[Heading, ...]] | None:
    """A Debian changelog's title ("gzip Debian changelog"; "... Debian news" for ``news``, a
    NEWS.Debian file) and its entries as headings ("gzip (1.12-1) sid"), or None where the text
    does not open with an entry. The title names no version: each entry has its own."""
    first = _DEBIAN_ENTRY.match(text, len(text) - len(text.lstrip()))
    if first is None:
        return None
    headings = tuple((m.start(), 1, f"{m['package']} ({m['version']}){m['dists']}"[:MAX_TITLE])
                     for m in _DEBIAN_ENTRY.finditer(text))
    return f"{first['package']} Debian {'news' if news else 'changelog'}", headings


# a GNU ChangeLog entry's first line: date, two spaces, author(s), their address ("2022-09-02  Jim Meyering  <...>")
_GNU_ENTRY = re.compile(r"\d{4}-\d{2}-\d{2}[ \t]{2,}[^\s<][^\n]*$", re.M)


def gnu_changelog(text: str, folder: str) -> tuple[str, tuple[Heading, ...]] | None:
    """A GNU ChangeLog's title ("grep ChangeLog": ``folder``, the package's folder under
    /usr/share/doc; before, its first line, a date and a name), or None where the text does not
    open with an entry. Its entries are not made headings: cut at them into one chunk per entry,
    the ChangeLogs outranked the answering passage of 3 of ``bench/debian_docs.py``'s 27
    questions (MRR@10 0.910 -> 0.901), and every indexed ChangeLog would be embedded again."""
    if _GNU_ENTRY.match(text, len(text) - len(text.lstrip())) is None:
        return None
    return f"{folder} ChangeLog", ()


_DEP5 = re.compile(r"Format:[ \t]*https?://(?:www\.)?debian\.org/doc/packaging-manuals/copyright-format/")
_UPSTREAM_NAME = re.compile(r"^Upstream-Name:[ \t]*(\S[^\n]*?)[ \t]*$", re.M)
# a stanza's first field: "Files: *", or "Files:" with the patterns on the lines after it; "License: GPL-3+"
_STANZA = re.compile(r"(?:\A|\n[ \t]*\n)(?P<at>(?P<field>Files|License):[ \t]*(?P<value>[^\n]*(?:\n[ \t]+[^\n]*)*))")


def debian_copyright(text: str, folder: str) -> tuple[str, tuple[Heading, ...]] | None:
    """A machine-readable Debian copyright file's title ("bash copyright": its ``Upstream-Name``,
    else ``folder``, the package's folder under /usr/share/doc) and its stanzas as headings
    ("Files: *", "Files: examples/shellmath/*", "License: GPL-3+"), or None for other text."""
    if not _DEP5.match(text.lstrip()):
        return None
    name = _UPSTREAM_NAME.search(text)
    headings = tuple((m.start("at"), 1, _stanza_title(m["field"], m["value"])) for m in _STANZA.finditer(text))
    return f"{name[1] if name else folder} copyright", headings


def _stanza_title(field: str, value: str) -> str:
    """"Files: a.c b.c c.c …" (its first three patterns), or "License: GPL-3+" (its first line: the
    licence's text follows)."""
    if field == "License":
        return f"License: {value.split(chr(10), 1)[0].strip()}"[:MAX_TITLE]
    patterns = value.split()
    return f"Files: {' '.join(patterns[:3])}{' …' if len(patterns) > 3 else ''}"[:MAX_TITLE]


def declares_outline(text: str) -> bool:
    """Whether the first line declares Emacs outline or Org mode ("-*- outline -*-", "-*- mode: org -*-")."""
    mode = _MODE_LINE.search(text.lstrip().split("\n", 1)[0])
    return mode is not None and _OUTLINE_MODES.search(mode["mode"]) is not None


_ORG_TITLE = re.compile(r"^#\+title:[ \t]*(\S[^\n]*?)[ \t]*$", re.M | re.I)


def org_title(text: str) -> str:
    """An Org file's ``#+TITLE:``, or ""."""
    found = _ORG_TITLE.search(text)
    return found[1][:MAX_TITLE] if found else ""


def outline_headings(text: str) -> tuple[Heading, ...]:
    """An outline's headings: ``* Title`` (level 1), ``** Title`` (2) ... at a line's start."""
    return tuple((m.start(), len(m[1]), m[2][:MAX_TITLE]) for m in _OUTLINE_HEADING.finditer(text))


_MATTER = re.compile(r"(---|\+\+\+)[ \t]*\n(.*?\n)?(?:\1|\.\.\.)[ \t]*(?:\n|$)", re.S)
_MATTER_KEY = re.compile(r"[ \t]*(?:#|[\w.-]+[ \t]*[:=])")  # its first line: a key or a comment
_MATTER_TITLE = re.compile(r"^title[ \t]*[:=][ \t]*(.*?)[ \t]*$", re.M | re.I)


def front_matter(text: str) -> tuple[int, str]:
    """Where the front matter a Markdown file opens with ends (0 if none) and the title it gives
    ("" if none): YAML between ``---`` lines (Jekyll, MkDocs, Docusaurus, Obsidian) or TOML between
    ``+++`` lines (Hugo), its ``title: Melby Ferry Guide`` (``title = "..."``), quotes dropped."""
    matter = _MATTER.match(text)
    if matter is None or not _MATTER_KEY.match(matter.group(2) or "#"):  # "---" rules around prose: no
        return 0, ""
    found = _MATTER_TITLE.search(matter.group(2) or "")
    title = found.group(1) if found else ""
    if len(title) >= 2 and title[0] == title[-1] and title[0] in "'\"":
        title = title[1:-1]
    return matter.end(), " ".join(title.split())[:120]


_FIELD = re.compile(r":([^:\n]+):[ \t]*(.*)")  # a reST field: ":title: AWS CLI S3 FAQ"


def rst_fields(text: str) -> dict[str, str]:
    """The field list a reStructuredText file opens with (its metadata, as Sphinx and the AWS
    CLI's topics write it: ``:title: AWS CLI S3 FAQ``), by lower-cased name."""
    fields: dict[str, str] = {}
    for line in text.lstrip("\n").split("\n"):
        field = _FIELD.fullmatch(line.rstrip())
        if field is None:
            break
        fields.setdefault(field.group(1).strip().lower(), field.group(2).strip()[:120])
    return fields
