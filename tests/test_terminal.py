"""Text saved from a terminal (groff's output): its codes left out, its bold lines headings."""

from __future__ import annotations

import gzip
from pathlib import Path

from index.loaders import load_document
from index.terminal import bold_headings, formatted, without_codes

B, R = "\x1b[1m", "\x1b[0m"


def struck(word: str) -> str:
    """``word`` in bold as a printer's overstrike writes it."""
    return "".join(f"{ch}\b{ch}" for ch in word)


def test_escape_sequences_go_and_lines_keep_their_place() -> None:
    link = "\x1b]8;;http://x.org\x1b\\the site\x1b]8;;\x1b\\"  # an operating system command: a link
    text = f"{B}UNIX \x1b[22mis a trademark.\nSee \x1b[4m/usr/share/man\x1b[24m and {link}.\n"
    out = without_codes(text)
    assert out == "UNIX is a trademark.\nSee /usr/share/man and the site.\n"
    assert out.count("\n") == text.count("\n")
    assert formatted(text) and not formatted(out)


def test_overstrikes_keep_the_character_meant() -> None:
    assert without_codes(struck("NAME")) == "NAME"  # bold
    assert without_codes("_\bi_\bt") == "it"  # underlined, the underscore first
    assert without_codes("|\b_b\b_o\b_x\b_|\b_") == "|box|"  # underlined, the underscore second
    assert without_codes(" +\bo file names") == " \u2022 file names"  # groff's bullet
    assert without_codes("b\bb\bbold") == "bold"  # struck twice


def test_bold_lines_of_their_own_are_headings_numbered_to_their_depth() -> None:
    header = f"{B}man-db           v2.11.2          2023-01-08{R}"
    text = "\n".join([
        f"               {B}man-db - the manual pager suite{R}", "",
        header, "", f"{B}1.  Introduction{R}", "", f"{B}1.1.  man-db{R}", "",
        f"man-db is a {B}package{R} that provides manual pages.", f"{B}Not a heading: text follows{R}",
        "straight after it.", f"{B}Nor this, under a line of text{R}", "", header, "",
        f"{B}1.1.1.  The concept{R}", "", "It started as man-1.1B.", "",
    ])
    plain = without_codes(text)
    found = bold_headings(text)
    assert [(level, title) for _, level, title in found] == [
        (1, "man-db - the manual pager suite"), (1, "1.  Introduction"), (2, "1.1.  man-db"), (3, "1.1.1.  The concept")]
    assert all(plain[at:at + len(title)] == title for at, _, title in found)


def test_a_man_page_struck_in_bold_has_its_sections_not_its_options() -> None:
    text = "\n".join([
        "LS(1)                    User Commands                    LS(1)", "", struck("NAME"),
        "       ls - list directory contents", "", struck("DESCRIPTION"), "       List information about the FILEs.", "",
        f"       {struck('-a')}, {struck('--all')}", "              do not ignore entries starting with .", "",
        f"       {struck('--author')}", "              with -l, print the author of each file", ""])
    assert [title for _, _, title in bold_headings(text)] == ["NAME", "DESCRIPTION"]


def test_a_terminal_formatted_file_loads_without_codes(tmp_path: Path) -> None:
    lines = ["", f"{B}1.  Introduction{R}", "", f"man-db is a package that is designed to provide users with {B}information{R}.",
             "", f"{B}1.4.  The format of manual pages{R}", "",
             "The format in which manual pages are stored is NROFF/TROFF or more generally ROFF.", ""]
    path = tmp_path / "man-db-manual.txt.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    document = load_document(path)
    assert "\x1b" not in document.text and "\b" not in document.text
    assert document.title == "1.  Introduction"
    assert [title for _, _, title in document.headings] == ["1.  Introduction", "1.4.  The format of manual pages"]
    at = document.text.index("The format in which")
    assert document.text.count("\n", 0, at) == 7  # the file's own line (0-based), as in the file
