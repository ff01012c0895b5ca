"""Plain text formats known by their first line: a Debian changelog ("gzip (1.12-1) sid;
urgency=high") and an Emacs outline or Org file (GNU NEWS files open with "GNU gzip NEWS
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
