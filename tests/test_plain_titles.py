"""A plain-text file's titles in capitals or at the margin over indented text are its headings
(index/plain_titles.py), where it has no other headings and is no changelog."""

from __future__ import annotations

import gzip
from pathlib import Path

from index.loaders import load_document
from index.plain_titles import capital_headings, outdented_headings

GETOPT = ("This package contains a reimplementation of getopt(1).\n\nPREFACE\n\nGetopt(1) is a program to help shell "
          "scripts parse command-line parameters.\n\nHIGHLIGHTS\nIt can do anything that the GNU getopt(3) routines can do.\n\n"
          "NOTE ABOUT HIGH-LEVEL BINDINGS:\n\nSee the web site.\n")
COMPILATION = ("The common case\n\n\t./autogen.sh && ./configure && make\n\n\t  If something fails read the last lines.\n\n"
               "Autotools\n\n\t`./autogen.sh' generates all files needed\n\nCompiling\n\tUse SUID_CFLAGS for suid programs.\n")


def _titles(found: tuple[tuple[int, int, str], ...], text: str) -> list[str]:
    assert all(text[at:at + len(title)] == title and level == 1 for at, level, title in found)
    return [title for _, _, title in found]


def test_titles_in_capitals_of_their_own_lines_are_headings() -> None:
    assert _titles(capital_headings(GETOPT), GETOPT) == ["PREFACE", "HIGHLIGHTS", "NOTE ABOUT HIGH-LEVEL BINDINGS:"]


def test_what_is_not_a_title_in_capitals() -> None:
    shouted = "Licence.\n\nTHE SOFTWARE IS PROVIDED AS IS\nWITHOUT WARRANTY OF ANY KIND.\n\nPREFACE\n\nText.\n"
    assert _titles(capital_headings(shouted), shouted) == []  # (a shouted paragraph; then one title alone)
    assert capital_headings("Text.\n\nN     TYPE     NAME\n\nBOOL\n\nx\n") == ()  # (a table's header; one alone)
    assert capital_headings("Text.\nPREFACE\n\nx\n\nUSAGE\n\nx\n") == ()  # (no blank line before the first: one)
    assert capital_headings("A.\n\nNO WARRANTY.\n\nx\n\nSEE ALSO\n\nx\n") == ()  # (a sentence; one alone)
    assert capital_headings("A.\n\nOK\n\nx\n\nAB\n\nx\n") == ()  # (fewer than three letters)
    many = "A.\n\n" + " ".join(["WORD"] * 9) + "\n\nx\n\nUSAGE\n\nx\n"
    assert capital_headings(many) == ()  # (nine words)
    indented = "A.\n\n  PREFACE\n\nx\n\nUSAGE\n\nx\n"
    assert capital_headings(indented) == ()


def test_titles_at_the_margin_over_indented_text_are_headings() -> None:
    assert _titles(outdented_headings(COMPILATION), COMPILATION) == ["The common case", "Autotools", "Compiling"]
    prose = COMPILATION + "\nA paragraph at the margin.\n\nAnother.\n"
    assert outdented_headings(prose) == ()  # (two lines at the margin that are no titles)
    assert outdented_headings("Title\n\n" + COMPILATION) != ()  # (one other line: its own title)
    assert outdented_headings("The common case\n\tx\n\nAutotools\n\tx\n") == ()  # (two titles)
    assert outdented_headings("The case.\n\tx\n\nAutotools;\n\tx\n\nCompiling,\n\tx\n") == ()  # (closing punctuation)
    assert outdented_headings("The case\nAutotools\n\tx\n\nCompiling\n\tx\n\nLinking\n\n\n\tx\n") == ()
    assert outdented_headings("Intro\nThe common case\n\tx\n\nAutotools\n\tx\n\nCompiling\n\tx\n") == ()  # (no blank before)


def test_a_plain_text_file_without_other_headings_has_them_not_a_changelog(tmp_path: Path) -> None:
    (tmp_path / "getopt.txt").write_text(GETOPT)
    (tmp_path / "howto-compilation.txt").write_text(COMPILATION)
    (tmp_path / "README.md").write_text(GETOPT)
    (tmp_path / "NEWS").write_text(GETOPT)
    with gzip.open(tmp_path / "changelog.gz", "wt") as f:
        f.write(GETOPT)
    (tmp_path / "underlined.txt").write_text("Intro\n=====\n\n" + GETOPT)
    headings = {p.name: [t for _, _, t in load_document(p).headings] for p in tmp_path.iterdir()}
    assert headings["getopt.txt"] == ["PREFACE", "HIGHLIGHTS", "NOTE ABOUT HIGH-LEVEL BINDINGS:"]
    assert headings["howto-compilation.txt"] == ["The common case", "Autotools", "Compiling"]
    assert headings["changelog.gz"] == [] and headings["NEWS"] == []  # (release lines are set so too)
    assert headings["underlined.txt"] == ["Intro"]  # (other headings: those alone)
    assert "PREFACE" not in headings["README.md"]  # (Markdown's headings are its own)
