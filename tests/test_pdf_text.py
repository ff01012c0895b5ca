"""PDF text reads as prose: wrapped lines joined, end-of-line hyphenation undone, headings and
sentence-final lines kept on their own."""

from __future__ import annotations

from index.pdf_text import join_wrapped_lines
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
