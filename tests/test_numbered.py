"""A plain-text document's numbered section titles (``index.numbered``): headings where they run
forwards, none in a changelog's dates and versions."""

from __future__ import annotations

from pathlib import Path

from index.loaders import load_document
from index.numbered import numbered_headings

HOWTO = ("<DRAFT!>\n\t\t\tHOWTO certificates\n\n1. Introduction\n\nHow you handle certificates depends on your role.\n\n"
         "2. Relationship with keys\n\nCertificates contain a public key.\n\n"
         "2.1 Private keys\n\nThey are generated with genrsa.\n\n"
         "3. Creating a certificate request\n\nThe certificate request is created like this:\n\n"
         "  openssl req -new -key privkey.pem -out cert.csr\n\n4.0 What to do with the certificate\n\nInstall it.\n")


def _titles(text: str) -> list[tuple[int, str]]:
    found = numbered_headings(text)
    assert all(text[at:at + len(title)] == title for at, _, title in found)
    return [(level, title) for _, level, title in found]


def test_numbered_titles_of_their_own_lines_are_headings_their_depth_the_level() -> None:
    assert _titles(HOWTO) == [(1, "1. Introduction"), (1, "2. Relationship with keys"), (2, "2.1 Private keys"),
                              (1, "3. Creating a certificate request"), (1, "4.0 What to do with the certificate")]


def test_a_numbered_line_that_is_a_sentence_or_runs_into_text_is_none() -> None:
    text = HOWTO.replace("2.1 Private keys\n\n", "2.1 Private keys are kept.\n\n").replace(
        "3. Creating a certificate request\n\n", "3. Creating a certificate request\n") + "Text.\n5. Appendix\n\nMore.\n"
    assert [title for _, title in _titles(text)] == ["1. Introduction", "2. Relationship with keys",
                                                     "4.0 What to do with the certificate"]


def test_dates_versions_backwards_and_repeated_numbers_are_no_sections() -> None:
    assert _titles("1 May 2009\n\n* fixed\n\n2 June 2009\n\n* added\n\n3 July 2010\n\n* more\n") == []  # (months)
    releases = "1.7 Enhancement Release\n\nA.\n\n1.6 Enhancement Release\n\nB.\n\n1.5 Enhancement Release\n\nC.\n"
    assert _titles(releases) == []  # (backwards)
    bash = "".join(f"{n} Changes to Bash\n\nx\n\n{n + 1} Changes to Readline\n\ny\n\n" for n in (1, 1))
    assert _titles(bash) == []  # (repeated)
    assert _titles("1. Introduction\n\nText.\n\n2. Usage\n\nText.\n") == []  # (two: too few)
    assert _titles("".join(f"1 Notes\n\nText {n}.\n\n" for n in range(3))) == []  # (the same number thrice)


def test_a_plain_text_file_without_headings_gets_its_numbered_titles(tmp_path: Path) -> None:
    (tmp_path / "certificates.txt").write_text(HOWTO)
    assert [title for _, _, title in load_document(tmp_path / "certificates.txt").headings][:2] == [
        "1. Introduction", "2. Relationship with keys"]
    underlined = "Guide\n=====\n\n" + HOWTO  # (its own headings: its numbered lines stay text)
    (tmp_path / "guide.txt").write_text(underlined)
    assert [title for _, _, title in load_document(tmp_path / "guide.txt").headings] == ["Guide"]
    (tmp_path / "notes.md").write_text(HOWTO)  # (Markdown: its "#" headings only)
    assert load_document(tmp_path / "notes.md").headings == ()


LICENCE = ("                    SAMPLE LICENSE\n\n  0. Definitions.\n\n  \"Kit\" means the files.\n\n"
           "  1. Grant of Copyright License. Subject to this License, you may copy the Kit.\n\n"
           "  2. Protecting Users' Rights From Anti-Circumvention Law.\n\n  No Kit is a measure.\n\n"
           "  3. Use with the Sample General Public License.\n\n  You may link the Kit.\n\n"
           "  4. Private keys are kept.\n\n  5. You may copy it. Copies are free.\n")


def test_a_licence_s_titles_closed_by_a_full_stop_are_headings_on_their_lines_or_running_into_text() -> None:
    assert _titles(LICENCE) == [(1, "0. Definitions."), (1, "1. Grant of Copyright License."),
                                (1, "2. Protecting Users' Rights From Anti-Circumvention Law."),
                                (1, "3. Use with the Sample General Public License.")]  # (not a sentence: "4.", "5.")
    assert _titles(LICENCE.replace("\n\n  1. Grant", "\n  1. Grant")) == [
        (1, "0. Definitions."), (1, "2. Protecting Users' Rights From Anti-Circumvention Law."),
        (1, "3. Use with the Sample General Public License.")]  # (a title runs in only where its paragraph opens)


def test_a_numbered_title_underlined_is_a_heading_in_plain_text_not_in_markdown(tmp_path: Path) -> None:
    text = ("Sample Public License\n=====================\n\n1. Definitions\n--------------\n\nTerms.\n\n"
            "2. Grants\n---------\n\nRights.\n")
    (tmp_path / "MPL.txt").write_text(text)
    assert [title for _, _, title in load_document(tmp_path / "MPL.txt").headings] == [
        "Sample Public License", "1. Definitions", "2. Grants"]
    (tmp_path / "notes.md").write_text(text)  # (CommonMark: a list item over a rule)
    assert [title for _, _, title in load_document(tmp_path / "notes.md").headings] == ["Sample Public License"]
