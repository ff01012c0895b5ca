"""PDF text reads as prose: wrapped lines joined, end-of-line hyphenation undone, headings and
sentence-final lines kept on their own."""

from __future__ import annotations

import pytest

from index.pdf_text import is_title, join_wrapped_lines, pages_text
from index.sections import locate_heading, squeezed
from index.sentences import split_sentences

PAGE = (
    "Floating-point numbers are rep-\n"
    "resented in computer hardware as base 2\n"
    "(binary) fractions. Most decimal fractions can-\n"
    "not be represented exactly as binary fractions.\n"
    "Representation Error\n"
    "Why does round(2.675, 2) give 2.67 instead of\n"
    "2.68? Because 2.675 is stored as a binary\n"
    "approximation that is slightly smaller."
)


def test_wrapped_lines_are_joined_and_hyphenation_undone() -> None:
    assert join_wrapped_lines(PAGE) == (
        "Floating-point numbers are represented in computer hardware as base 2 (binary) fractions. Most decimal "
        "fractions cannot be represented exactly as binary fractions.\n"
        "Representation Error\n\n"
        "Why does round(2.675, 2) give 2.67 instead of 2.68? Because 2.675 is stored as a binary approximation "
        "that is slightly smaller."
    )


def test_every_sentence_of_a_page_reads_on_one_line() -> None:
    text = join_wrapped_lines(PAGE)
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert "Why does round(2.675, 2) give 2.67 instead of 2.68?" in [s.strip() for s in sentences]
    assert "Representation Error" in [s.strip() for s in sentences]
    assert all("\n" not in s.strip() for s in sentences)


def test_short_pages_and_blank_lines_are_left_alone() -> None:
    assert join_wrapped_lines("One line only") == "One line only"
    assert join_wrapped_lines("Title\n\nBody text that is long enough to be a wrapped line of a page\nand more") == (
        "Title\n\nBody text that is long enough to be a wrapped line of a page and more")


def test_a_heading_on_a_short_page_stays_its_own_paragraph() -> None:
    page = ("The Dairy\nThe dairy beside the mill keeps forty-two cows and sells its cheese in the\nvillage shop.")
    assert join_wrapped_lines(page) == ("The Dairy\n\nThe dairy beside the mill keeps forty-two cows and sells its "
                                        "cheese in the village shop.")


def test_a_term_line_after_a_sentence_stays_apart_from_both_neighbours() -> None:
    # a definition list as a browser prints it: the term on its own line, lower case, then its text
    page = ("The datetime module exports the following constants, each with its own meaning here:\n"
            "datetime.MINYEAR\n"
            "The smallest year number allowed in a date or datetime object. MINYEAR is 1.\n"
            "datetime.MAXYEAR\n"
            "The largest year number allowed in a date or datetime object. MAXYEAR is 9999.")
    text = join_wrapped_lines(page)
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert "MAXYEAR is 9999." in sentences and "datetime.MAXYEAR" in sentences
    # the length test reads the page's line, not what earlier lines were joined into
    assert "datetime.MINYEAR\n\nThe smallest" in text and "is 1.\n\ndatetime.MAXYEAR\n\nThe largest" in text


BODY = ("The mill was built in 1887 of grey stone and grinds four hundred tonnes of grain",
        "every year for the farms of the valley, which bring their harvest in September.",
        "The miller lives beside the mill with his family and two dogs, and he keeps bees.",
        "Visitors may see the wheel turn on Sundays from May to September, at no charge.")


def paged(*pages: list[str], header: str = "Vestby Mill Guide", footer: str = "Page {n} of {total}") -> list[str]:
    """Pages as pypdf extracts them: a running header, the page's lines, a footer with its number."""
    return ["\n".join([header, *lines, footer.format(n=n, total=len(pages))]) for n, lines in enumerate(pages, 1)]


def test_running_headers_footers_and_page_numbers_are_dropped() -> None:
    pages = paged(["Vestby Mill Guide", *BODY], [*BODY[2:], *BODY[:2]], list(BODY), header="Vestby Mill Guide")
    text, starts = pages_text(pages)
    assert text.count("Vestby Mill Guide") == 1 and text.startswith("Vestby Mill Guide")  # the title page's own
    assert "Page" not in text and " of 3" not in text
    assert len(starts) == 3 and starts[0] == 0
    for start, lines in zip(starts, ([*BODY], [*BODY[2:], *BODY[:2]], list(BODY)), strict=True):
        assert text[start:].removeprefix("Vestby Mill Guide").lstrip().startswith(lines[0][:20])
    # bare page numbers, as a book prints them (roman in the front matter), go too; other numbers stay
    pages = ["\n".join([*BODY, "ii"]), "\n".join(["1", *BODY, "It cost 1887 crowns."]), "\n".join([*BODY, "2"])]
    text, _ = pages_text(pages)
    assert "\nii" not in text and "\n1\n" not in text and not text.endswith("2") and "1887 crowns." in text


def test_a_line_that_recurs_once_or_inside_a_page_is_kept() -> None:
    pages = ["\n".join(["Chapter One", *BODY]), "\n".join(["Chapter Two", *BODY]), "\n".join(["Chapter Three", *BODY])]
    text, _ = pages_text(pages)
    assert all(title in text for title in ("Chapter One", "Chapter Two", "Chapter Three"))
    # BODY's lines recur on every page, but in the middle of it, not among its first or last two lines
    assert text.count("which bring their harvest") == 3


def test_a_sentence_cut_by_a_page_break_is_joined_and_pages_still_start_right() -> None:
    first = [*BODY[:2], "The wheel was rebuilt after the flood of 1931 by the carpenters of the", ]
    first = ["The Vestby Mill", *BODY, *first]
    second = ["village, who used oak from the hill above the farm and iron from the smithy.", *BODY]
    third = [*BODY[:3], "Its wheel, turned since 1887 by the river, drives two pairs of mill-"]
    fourth = ["stones and the saw beside it, which cuts the planks for the boats of the fjord."]
    text, starts = pages_text(paged(first, second, third, fourth + list(BODY)))
    assert "carpenters of the village, who used oak" in text  # lower case on the next page: one sentence
    assert "drives two pairs of millstones and the saw beside it" in text  # a word hyphenated across the break
    assert text[starts[1]:].startswith("village, who used oak") and text[starts[1] - 1] == " "
    assert text[starts[3]:].startswith("stones and the saw") and text[starts[3] - 1] == "l"
    sentence = "The wheel was rebuilt after the flood of 1931 by the carpenters of the village"
    assert [text[a:b] for a, b in split_sentences(text) if text[a:b].startswith(sentence)]


def test_a_page_that_starts_with_a_heading_starts_a_paragraph() -> None:
    first = ["The Vestby Mill", *BODY, *BODY, "The mill stands where the river leaves the lake and meets the road"]
    text, starts = pages_text(paged(first, ["The Dairy", *BODY]))
    assert text[starts[1] - 2:starts[1]] == "\n\n" and text[starts[1]:].startswith("The Dairy")


def test_a_table_of_contents_entries_are_navigation_not_text() -> None:
    contents = ["Table of Contents", "1 Introduction . . . . . . . . . . . . . . . . . 1",
                "2.1 The Mill. . . . . . . . . . . . . . . . . . . 4", "Preface .......................... iv"]
    last = ["The dairy keeps forty cows and sells its cheese in the village shop on Fridays.",
            "It cost 1887 crowns. . . ."]
    text, starts = pages_text(["\n".join(contents), "\n".join(BODY), "\n".join(last)])
    assert text.startswith("Table of Contents\n\nThe mill was built") and "Introduction" not in text
    assert "Preface" not in text and "It cost 1887 crowns. . . ." in text  # an ellipsis is not a leader
    assert len(starts) == 3


def test_a_word_in_capitals_hyphenated_at_a_line_end_is_joined_and_a_name_with_a_digit_is_not() -> None:
    page = ("Output variable containing the length of the contents of the OCTET SE-\n"
            "QUENCE, counted in bytes from the start of the buffer that holds the ASN1-\n"
            "BER encoding of the value.")
    assert join_wrapped_lines(page) == ("Output variable containing the length of the contents of the OCTET SEQUENCE, "
                                        "counted in bytes from the start of the buffer that holds the ASN1-BER "
                                        "encoding of the value.")


# a specification's page as pypdf extracts it: a long line that ends no sentence, then a section's
# heading, then its text opening in lower case (both neighbours ran into the heading)
SPEC_PAGE = (
    "The rest of the file is made up of a sequence of small sections, one for each type and priority.\n"
    "Each line in the section takes the form of an indent, a path and a type, written as below:\n"
    '[ indent ] ">" "\\"" path "\\"" "=" type [ "," option ]* "\\n" [ "," flags ]* [ "," more ]*\n'
    "2.9. The mime.cache files\n"
    "mime.cache holds the same information as the globs2, magic and subclasses files, in a binary\n"
    "format that programs map into memory."
)


def test_a_known_heading_line_is_a_paragraph_of_its_own_whatever_its_neighbours() -> None:
    assert " 2.9. The mime.cache files mime.cache holds" in join_wrapped_lines(SPEC_PAGE)  # (unknown: run in)
    text = join_wrapped_lines(SPEC_PAGE, {"The mime.cache files"})
    assert '[ "," more ]*\n\n2.9. The mime.cache files\n\nmime.cache holds the same information' in text
    assert text.endswith("in a binary format that programs map into memory.")  # (the rest joined as before)


@pytest.mark.parametrize(("line", "titles", "expected"), [
    ("2.9. The mime.cache files", {"2.9. The mime.cache files"}, True),
    ("  2.9.  The mime.cache   files ", {"The mime.cache files"}, True),  # a bookmark without the number
    ("3.1 Invoking asn1Parser", {"Invoking asn1Parser"}, True),
    ("A Copying Information", {"Copying Information"}, True),  # an appendix's letter
    ("2.13. Non-regular files", {"Nonregular files"}, True),  # (letters and digits compared, case aside)
    ("What’s New", {"What's new"}, True),
    ("Invoking asn1Parser reads a file", {"Invoking asn1Parser"}, False),  # the title and more
    ("See 3.1 Invoking asn1Parser", {"Invoking asn1Parser"}, False),
    ("The mime.cache files", set(), False),
    ("", {""}, False),
])
def test_a_title_line_is_the_title_alone_or_after_its_number(line: str, titles: set[str], expected: bool) -> None:
    assert is_title(line, {squeezed(title) for title in titles}) is expected


def test_a_heading_opening_a_page_does_not_join_the_sentence_the_last_page_left_open() -> None:
    body = [f"The mill grinds grain for the farms of the valley and the village, line {i} of the page, and" for i in range(9)]
    second = ["mill.cfg options", "the mill reads its opening hours from mill.cfg, which the miller edits in May."]
    text, starts = pages_text(["\n".join(body), "\n".join(second)])
    assert "and mill.cfg options the mill reads" in text  # (unknown: a sentence runs on, in lower case)
    text, starts = pages_text(["\n".join(body), "\n".join(second)], [set(), {"mill.cfg options"}])
    assert text[starts[1]:].startswith("mill.cfg options\n\nthe mill reads") and text[starts[1] - 2:starts[1]] == "\n\n"
    # and a heading that ends a page does not run into the next page's first line
    text, starts = pages_text(["\n".join([*body, "Opening hours"]), second[1]], [{"Opening hours"}, set()])
    assert text.endswith("and\n\nOpening hours\n\nthe mill reads its opening hours from mill.cfg, which the miller edits in May.")


def test_a_bookmark_spelled_otherwise_than_its_page_is_placed_on_its_line() -> None:
    page = "Then the text ends.\n\n2.13. Non-regular files\n\nSometimes it is useful to assign types."
    assert locate_heading("Nonregular files", page, 0, len(page)) == page.index("Non-regular")
    assert locate_heading("2.13. Non-regular files", page, 5, len(page)) == page.index("2.13.")  # (as written: as before)
    assert locate_heading("Irregular files", page, 5, len(page)) == 5  # (nowhere: the page's start)
