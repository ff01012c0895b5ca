"""Plain text formats known by their first lines: a Markdown file's front matter, a reStructuredText
file's opening field list, a Debian changelog ("gzip (1.12-1) sid; urgency=high"), a GNU ChangeLog
("2022-04-07  Jim Meyering  <meyering@fb.com>"), a
machine-readable Debian copyright file ("Format: https://www.debian.org/doc/packaging-manuals/
copyright-format/1.0/") and an Emacs outline or Org file (GNU NEWS files open with "GNU gzip NEWS
-*- outline -*-" and title each release "* Noteworthy changes in release 1.12")."""

from __future__ import annotations

import re

from index.sections import MAX_TITLE, Heading
from index.titles import plain_version

# a Debian changelog entry's first line: package (version) distributions; urgency=...
_DEBIAN_ENTRY = re.compile(r"^(?P<package>[a-z0-9][a-z0-9+.-]*) \((?P<version>[^()\s]+)\)(?P<dists>(?: [\w.+/-]+)+);"
                           r"[ \t]*\w+=[^\n]*$", re.M)
# a changelog's or release notes' file name ("changelog.gz", "NEWS.md", "RELEASE_NOTES", "HISTORY"): its
# items say what changed, not what is, and its release lines are set apart as titles are
CHANGES_NAME = re.compile(r"(?i)(?<![a-z])(?:change(?:s|log)?|news|history|releases?)(?![a-z])")
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


# a Debian packaging entry's heading ("sed (4.9-1) unstable"): the version (an epoch, upstream's, a Debian revision)
_PACKAGING = re.compile(r"[\w.+-]+ \((?:\d+:)?([\w.:+~]+)-[\w.+~]+\) [\w-]+")


def packaged_version(heading: str) -> str | None:
    """The upstream version a Debian changelog's or NEWS.Debian's entry packages ("4.9" of "sed
    (4.9-1) unstable", "1.5" of "gzip (1.5-1.1) unstable": its revision is not a version), or None
    where the heading is no such entry. Such an entry says what the packaging of that release changed."""
    entry = _PACKAGING.match(heading)
    return entry.group(1) if entry else None


def packaging_entry(heading: str) -> bool:
    """Whether a heading is a Debian packaging entry (:func:`packaged_version`)."""
    return packaged_version(heading) is not None


def exact(written: set[str]) -> set[str]:
    """Numbers as versions compare: a dotted one without its trailing ".0"s ("2.39.0" is 2.39,
    :func:`~index.titles.plain_version`), and never equal to a bare number ("2.0" is not the "2"
    of "argon2", nor "3.0" the Debian revision of "sysvinit (2.96-3)")."""
    return {"v" + plain_version(n) if "." in n else n for n in written}


_VERSION = re.compile(r"(?<![\w.])[vV]?(\d+(?:\.\d+)*)(?![\w]|\.\d)")  # "2.39", "v2.39", "12"; not libheif1's "1"


def versions(text: str) -> set[str]:
    """The versions ``text`` (a question, a heading) writes (:func:`exact`): its numbers that are
    not part of a word ("argon2", "libheif1")."""
    return exact({m.group(1) for m in _VERSION.finditer(text)})


# the release a heading of changes "from 1.2.3 to 1.2.4" or "between "less" versions 581 and 590" is not
# ("form": gzip's NEWS writes it so once; "6.1.*" of "between GMP version 6.1.* and 6.2.0")
_FROM_TO = re.compile(r"\b(?:from|form|between)\s+(?:[^\s\d]\S*\s+){0,3}?v?(\d+(?:\.\d+)*)(?:\.\*)?\s+(?:to|and)\s+v?\d",
                      re.IGNORECASE)


def headed(title: str) -> set[str]:
    """The versions a heading heads the notes of: those it writes (:func:`versions`), not the
    earlier one of "Major changes from 1.2.3 to 1.2.4" (or "between ... 581 and 590"), nor a Debian revision ("gzip (1.5-1.1)"
    packages upstream's 1.5)."""
    packaged = packaged_version(title)
    if packaged is not None:
        return versions(packaged)
    return versions(title) - exact({m.group(1) for m in _FROM_TO.finditer(title)})


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


# a line that heads a release's notes: writes a version ("4.2.2", "?.?" before a release) and a word of
# releases, or is a name and a version ("Sed 4.2.1", "Gzip 1.3.9 (2006-12-15)") or a bracketed one ("[4.5.12]");
# not a sentence ("The most significant changes since the 4.4.2 release are:"; "Major changes from 1.0.7 to 1.1." is not one)
_NEWS_NUMBER = re.compile(r"(?<![\w.-])v?\d+(?:\.\d+)+\b|\?\.\?")
_NEWS_WORDS = re.compile(r"(?i)\b(?:release|version|changes|news)\b")
_NEWS_NAMED = re.compile(r"(?:[A-Z][\w+.-]*[ \t]+){1,2}v?\d+(?:\.\d+)+(?:[ \t]+\([^()\n]*\))?:?")
_NEWS_BRACKETED = re.compile(r"\[v?\d+(?:\.\d+)+\]:?")  # on a line of its own, wherever it stands
_NEWS_SENTENCE = re.compile(r"\D\.$|\b(?:are|is|were|was|has|have|contains?|includes?)\b")  # ("to 1.1." is not)
_NEWS_RULE = re.compile(r"[ \t]*([-=*_])\1{9,}[ \t]*")  # "------...": what old GNU NEWS put between releases


def _on_its_own(lines: list[str], n: int, items: bool = False) -> bool:
    """Whether line ``n`` stands between blank lines or rules of dashes (or ``items``: list items)."""
    return all(not near.strip() or (items and near.startswith(("* ", "- "))) or _NEWS_RULE.fullmatch(near)
               for near in (lines[n - 1] if n else "", lines[n + 1] if n + 1 < len(lines) else ""))


def _release_line(line: str) -> bool:
    """Whether a line (an outline heading's title, or a line of its own) heads a release's notes."""
    return (len(line) <= 100 and _NEWS_NUMBER.search(line) is not None and not _NEWS_SENTENCE.search(line)
            and (_NEWS_WORDS.search(line) is not None or _NEWS_NAMED.fullmatch(line) is not None
                 or _NEWS_BRACKETED.fullmatch(line) is not None))


def outline_headings(text: str) -> tuple[Heading, ...]:
    """An outline's headings: ``* Title`` (level 1), ``** Title`` (2) ... at a line's start.

    A GNU NEWS file (two or more ``*`` headings head releases: "* Noteworthy changes in release 4.9")
    wrote its older releases' changes as ``*`` lines too ("* fix endless loop on incomplete multibyte
    sequences"), under a ``*`` heading or a line of their own ("Major changes in Gzip 1.3.12
    (2007-04-13)", "Sed 4.2.1" between rules, "[4.5.12]"): there such a ``*`` line is an item, not a
    heading, unless it heads a release (on one line) or ``**`` sections, and such a line heads a
    release (level 1)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found: list[Heading] = []
    releases: set[int] = set()  # where the headings of releases start
    for n, line in enumerate(lines):
        after = lines[n + 1] if n + 1 < len(lines) else ""
        if star := _OUTLINE_HEADING.match(line):
            found.append((starts[n], len(star[1]), star[2][:MAX_TITLE]))
            if len(star[1]) == 1 and _release_line(star[2]) and not (after[:1] in (" ", "\t") and after.strip()):
                releases.add(starts[n])
        elif (line[:1] not in ("", " ", "\t", "-") and _release_line(line.rstrip())
              and (_NEWS_BRACKETED.fullmatch(line.rstrip()) or _on_its_own(lines, n, items=True))):
            found.append((starts[n], 1, line.rstrip()[:MAX_TITLE]))  # (kept only where the file is a NEWS)
            releases.add(starts[n])
    if sum(at in releases for at, level, _ in found if text[at] == "*") < 2:
        return tuple(h for h in found if text[h[0]] == "*")  # an outline or Org file, not a NEWS
    # a "*" line of neither kind, no "**" section right under it, is an item of a release's list
    return tuple(h for i, h in enumerate(found) if h[1] > 1 or h[0] in releases
                 or (i + 1 < len(found) and found[i + 1][1] > 1 and found[i + 1][0] not in releases))


_NEWS_OPENING = re.compile(r"(?i)(?:(?:major|noteworthy|notable|important|user-visible)\s+)?(?:changes|news|version|release)\b")
_NEWS_ALONE = re.compile(r"(?<![\w.])v?\d+(?:\.\d+)*(?!\w)")  # a number standing alone: "2.40", "252" (not "PID1")


def news_headings(text: str) -> tuple[Heading, ...]:
    """A plain-text NEWS file's release lines, as headings of level 1, or none where fewer than
    two are found: a line of its own (blank lines or rules around it) that opens with a word of
    releases after any ``*`` ("Version 4.3 (19 Jan 2020)", "Changes in 2.40:", "CHANGES WITH 252:",
    "Major changes between "less" versions 581 and 590", "* Noteworthy changes in release 1.21.3",
    "*** Changes in GDB 13") or is a name and a version ("Sed 4.2.1", "[4.5.12]"), writes a number
    standing alone, and is no sentence ("* MI version 1 is deprecated" is an item)."""
    found: list[Heading] = []
    lines = text.split("\n")
    at = 0
    for n, line in enumerate(lines):
        title = line.strip().lstrip("*").strip()
        if (title and len(title) <= 100 and _NEWS_ALONE.search(title) and not _NEWS_SENTENCE.search(title)
                and (_NEWS_OPENING.match(title) or _NEWS_NAMED.fullmatch(title) or _NEWS_BRACKETED.fullmatch(title))
                and _on_its_own(lines, n)):
            found.append((at, 1, title[:MAX_TITLE]))
        at += len(line) + 1
    return tuple(found) if len(found) >= 2 else ()


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
