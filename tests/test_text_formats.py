"""Plain text formats known by their first line: Debian changelogs, GNU NEWS outlines, Org files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from index.loaders import load_document
from index.sections import section_path
from index.text_formats import debian_changelog, declares_outline, gnu_changelog, headed, without_mode_line

CHANGELOG = """gzip (1.12-1) sid; urgency=high

  * New upstream release.
  * zgrep: fix arbitrary-file-write vulnerability (closes: #1009168)

 -- Milan Kupcevic <milan@debian.org>  Sat, 09 Apr 2022 10:45:27 -0400

gzip (1.10-4) sid; urgency=medium

  * Handle unused test suite warning.

 -- Milan Kupcevic <milan@debian.org>  Sun, 21 Feb 2021 12:00:00 -0500
"""

NEWS = """GNU gzip NEWS                                    -*- outline -*-

* Noteworthy changes in release 1.12 (2022-04-07) [stable]

** Bug fixes

  zgrep applied to a crafted file name can no longer overwrite an arbitrary file.

* Noteworthy changes in release 1.11 (2021-09-03) [stable]

** Bug fixes

  'gzip -d' no longer fails on some valid input.
"""


def test_a_debian_changelog_s_entries_are_headings_and_its_title_names_no_version(tmp_path: Path) -> None:
    path = tmp_path / "changelog.Debian.gz"
    path.write_bytes(gzip.compress(CHANGELOG.encode()))
    doc = load_document(path)
    assert doc.title == "gzip Debian changelog"  # "gzip (1.12-1) sid; urgency=high" named only the latest version
    assert [h[1:] for h in doc.headings] == [(1, "gzip (1.12-1) sid"), (1, "gzip (1.10-4) sid")]
    assert section_path(doc.headings, doc.text.index("Handle unused")) == "gzip (1.10-4) sid"
    (tmp_path / "NEWS.Debian").write_text(CHANGELOG.replace("gzip", "grep"))
    assert load_document(tmp_path / "NEWS.Debian").title == "grep Debian news"


@pytest.mark.parametrize("text", [
    "Notes\n\ngzip (1.12-1) sid; urgency=high\n",  # an entry further down: not a changelog
    "gzip (1.12-1) sid\n",  # no urgency: not an entry line
])
def test_text_that_does_not_open_with_a_changelog_entry_is_not_one(text: str) -> None:
    assert debian_changelog(text) is None


GNU_CHANGELOG = """2022-04-07  Jim Meyering  <meyering@example.org>

	version 1.12
	* NEWS: Record release date.

2022-04-03  Paul Eggert  <eggert@example.org>

	zgrep: add NEWS item for recent fix
"""


def test_a_gnu_changelog_is_named_by_its_package(tmp_path: Path) -> None:
    folder = tmp_path / "gzip"
    folder.mkdir()
    (folder / "changelog.gz").write_bytes(gzip.compress(GNU_CHANGELOG.encode()))
    doc = load_document(folder / "changelog.gz")
    assert doc.title == "gzip ChangeLog"  # was its first line, "2022-04-07  Jim Meyering  <meyering@example.org>"
    assert doc.headings == () and doc.text == GNU_CHANGELOG  # entries are not headings: chunks as before
    assert gnu_changelog("Notes\n\n" + GNU_CHANGELOG, "gzip") is None  # an entry further down: not a ChangeLog
    assert gnu_changelog("2022-04-07 Jim Meyering\n", "gzip") is None  # one space: not an entry line


def test_a_gnu_news_outline_s_releases_are_headings_and_its_mode_line_is_not_in_the_title(tmp_path: Path) -> None:
    (tmp_path / "NEWS").write_text(NEWS)
    doc = load_document(tmp_path / "NEWS")
    assert doc.title == "GNU gzip NEWS"
    assert [h[1:] for h in doc.headings] == [
        (1, "Noteworthy changes in release 1.12 (2022-04-07) [stable]"), (2, "Bug fixes"),
        (1, "Noteworthy changes in release 1.11 (2021-09-03) [stable]"), (2, "Bug fixes")]
    assert section_path(doc.headings, doc.text.index("'gzip -d'")) == \
        "Noteworthy changes in release 1.11 (2021-09-03) [stable] › Bug fixes"


def test_star_lines_are_headings_only_where_the_file_declares_an_outline_or_is_org(tmp_path: Path) -> None:
    (tmp_path / "TODO").write_text("Things to do\n\n* fix the ferry timetable\n* paint the lighthouse\n")
    todo = load_document(tmp_path / "TODO")
    assert todo.headings == () and todo.title == "Things to do"
    (tmp_path / "README.org").write_text("#+TITLE: Kestrel Point Guide\n\n* History\n** The lamp\n"
                                         "The lamp was first lit in 1902.\n")
    org = load_document(tmp_path / "README.org")
    assert org.title == "Kestrel Point Guide" and [h[1:] for h in org.headings] == [(1, "History"), (2, "The lamp")]


OLD_NEWS = """GNU frob NEWS    -*- outline -*-

* Noteworthy changes in release 2.4 (2023-03-18) [stable]

** Bug fixes

  'frob --count' no longer miscounts long records.

* Noteworthy changes in release 2.3 (2022-07-02) [stable]

* frob no longer crashes on empty input

* the new --jobs option, introduced in version 2.3, runs several frob
  processes at once

----------------------------------------------------------------------------
Frob 2.1

* now released under GPLv3

Major changes in Frob 2.0 (2019-05-01)

* frob reads compressed input.
The most significant changes since the 1.9 release are:

[1.9]
* fixed a typo in 1.8's manual
Major changes from 1.7 to 1.8.
* faster

User-visible changes in version 1.7:

  Version 1.7 contains no user-visible changes.
"""


def test_a_gnu_news_older_releases_items_are_items_and_their_own_lines_head_them(tmp_path: Path) -> None:
    """Old GNU NEWS sections wrote their changes as "* " lines, under a "* " release heading or a line
    of their own: the items are not headings (release 2.3 had none), the lines are (level 1)."""
    (tmp_path / "NEWS").write_text(OLD_NEWS)
    doc = load_document(tmp_path / "NEWS")
    assert [h[1:] for h in doc.headings] == [
        (1, "Noteworthy changes in release 2.4 (2023-03-18) [stable]"), (2, "Bug fixes"),
        (1, "Noteworthy changes in release 2.3 (2022-07-02) [stable]"), (1, "Frob 2.1"),
        (1, "Major changes in Frob 2.0 (2019-05-01)"), (1, "[1.9]"), (1, "Major changes from 1.7 to 1.8."),
        (1, "User-visible changes in version 1.7:")]
    assert all(doc.text[at:].startswith(("* ", "** ") if n < 3 else title) for n, (at, _, title) in enumerate(doc.headings))
    assert section_path(doc.headings, doc.text.index("frob no longer crashes")) == \
        "Noteworthy changes in release 2.3 (2022-07-02) [stable]"
    assert section_path(doc.headings, doc.text.index("now released")) == "Frob 2.1"


def test_an_outline_that_is_no_news_keeps_its_star_headings(tmp_path: Path) -> None:
    """Fewer than two "* " headings head releases: every "* " line is a heading, as before; in a NEWS
    a "* " line that heads "** " sections stays one."""
    plan = "Plans    -*- outline -*-\n\n* Version 2.0 (2024-01-01)\n\n* Usage\n\nRun it.\n\n* Credits\n\nUs.\n"
    (tmp_path / "PLAN").write_text(plan)
    assert [h[2] for h in load_document(tmp_path / "PLAN").headings] == ["Version 2.0 (2024-01-01)", "Usage", "Credits"]
    news = ("frob NEWS    -*- outline -*-\n\n* Release 1.2\n\n* fix a crash\n\n* Release 1.1\n\n"
            "* Known problems\n\n** On Hurd\n\nIt hangs.\n")
    (tmp_path / "NEWS").write_text(news)
    assert [h[2] for h in load_document(tmp_path / "NEWS").headings] == [
        "Release 1.2", "Release 1.1", "Known problems", "On Hurd"]


@pytest.mark.parametrize(("line", "outline", "title"), [
    ("GNU gzip NEWS    -*- outline -*-", True, "GNU gzip NEWS"),
    ("GNU findutils NEWS - User visible changes.      -*- outline -*- (allout)", True,
     "GNU findutils NEWS - User visible changes."),
    ("Notes -*- mode: org; coding: utf-8 -*-", True, "Notes"),
    ("GNU make NEWS        -*-indented-text-*-", False, "GNU make NEWS"),
    ("-*- outline -*-", True, "-*- outline -*-"),  # nothing else on the line: kept
    ("Plain title", False, "Plain title"),
])
def test_emacs_mode_lines(line: str, outline: bool, title: str) -> None:
    assert declares_outline(line + "\n\n* A\n") is outline
    assert without_mode_line(line) == title


COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: GNU Gzip
Source: https://ftp.gnu.org/gnu/gzip/

Files: *
Copyright: 1992-2022 Free Software Foundation, Inc.
License: GPL-3+

Files:
 lib/a.c
 lib/b.c
 lib/c.c
 lib/d.c
Copyright: 2001 Someone
License: GPL-3+

License: GPL-3+
 This program is free software; you can redistribute it and/or modify
 it under the terms of the GNU General Public License.
"""


def test_a_debian_copyright_file_is_named_by_its_package_and_its_stanzas_are_headings(tmp_path: Path) -> None:
    folder = tmp_path / "gzip"
    folder.mkdir()
    (folder / "copyright").write_text(COPYRIGHT)
    doc = load_document(folder / "copyright")
    assert doc.title == "GNU Gzip copyright"  # was "Format: https://www.debian.org/doc/packaging-manuals/..."
    assert [h[2] for h in doc.headings] == ["Files: *", "Files: lib/a.c lib/b.c lib/c.c …", "License: GPL-3+"]
    assert section_path(doc.headings, doc.text.index("License: GPL-3+")) == "Files: *"
    assert section_path(doc.headings, doc.text.index("This program")) == "License: GPL-3+"
    (folder / "copyright").write_text(COPYRIGHT.replace("Upstream-Name: GNU Gzip\n", ""))
    assert load_document(folder / "copyright").title == "gzip copyright"  # its folder: /usr/share/doc/<package>
    (folder / "copyright").write_text("This package was debianized by Someone.\n\nFiles: *\n")
    old = load_document(folder / "copyright")  # the old free-form layout: plain text
    assert old.title == "This package was debianized by Someone." and old.headings == ()


PLAIN_NEWS = """\t\t\tNEWS about blat

======================================================================

\tMajor changes between "blat" versions 581 and 590

* blat reads lesskey source files.

* MI version 1 is deprecated, and will be removed in blat 14.

======================================================================

Version 4.3 (19 Jan 2020)

* blat now sorts by date.

Changes in 2.40:

Changes in PID1, blatctl, and the daemon:

  The version 2 protocol is gone.

*** Changes in blat 13

* Noteworthy changes in release 1.21.3 (2022-02-26)

CHANGES WITH 252:
"""


def test_a_plain_news_file_s_release_lines_are_headings(tmp_path: Path) -> None:
    """A NEWS file that is no outline writes each release on a line of its own, between blank
    lines or rules: those lines head the releases (and "between 581 and 590" heads 590); items,
    sentences and sections that write no number alone do not; a file of another name, or with
    fewer than two such lines, gets none."""
    (tmp_path / "NEWS.gz").write_bytes(gzip.compress(PLAIN_NEWS.encode()))
    news = load_document(tmp_path / "NEWS.gz")
    assert news.title == "NEWS about blat"
    assert [title for _, _, title in news.headings] == [
        'Major changes between "blat" versions 581 and 590', "Version 4.3 (19 Jan 2020)", "Changes in 2.40:",
        "Changes in blat 13", "Noteworthy changes in release 1.21.3 (2022-02-26)", "CHANGES WITH 252:"]
    assert all(PLAIN_NEWS[at:].lstrip("\t* ").startswith(title) for at, _, title in news.headings)
    assert {level for _, level, _ in news.headings} == {1}
    assert headed(news.headings[0][2]) == {"590"} and headed("Changes between GMP version 6.1.* and 6.2.0") == {"v6.2"}
    (tmp_path / "notes.txt").write_text(PLAIN_NEWS)
    assert load_document(tmp_path / "notes.txt").headings == ()  # not a NEWS file by its name
    (tmp_path / "CHANGES").write_text("Version 4.3 (19 Jan 2020)\n\n* blat now sorts by date.\n")
    assert load_document(tmp_path / "CHANGES").headings == ()  # one release line: no more than a line


@pytest.mark.parametrize(("first", "title"), [
    (" " + "-" * 66, "This file is part of bzip2."),  # (a rule: bzip2's changelog)
    ("-*- text -*-", "This file is part of bzip2."),  # (Emacs file variables alone: binutils' NEWS)
    ("$Id$", "This file is part of bzip2."),  # (a version control keyword: gnupg's TRANSLATE)
    ("$Id: TODO,v 1.2 2003/01/01 wk Exp $", "This file is part of bzip2."),
    ("Release notes", "Release notes"),
])
def test_a_plain_text_title_is_the_first_line_that_says_something(tmp_path: Path, first: str, title: str) -> None:
    (tmp_path / "notes.txt").write_text(f"{first}\n This file is part of bzip2.\n\nIt says more.\n", encoding="utf-8")
    assert load_document(tmp_path / "notes.txt").title == title
