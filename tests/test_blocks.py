"""What a cited sentence ending with ":" introduces is cited with it (``qa.blocks.introduced_end``,
``qa.answerer.cite``): the list of packages after "GnuPG depends on the following packages:"; and a C
declaration told from prose (``qa.declarations.declaration``): a function's prototype says nothing of what it does."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import cite
from qa.answers import Passage
from qa.blocks import INTRODUCED_CHARS, field_block, introduced_end
from qa.declarations import declaration
from tests.test_answerers import DictCorpus

LIST = "  GnuPG depends on the following packages:\n\n    npth\n    libgcrypt\n\n  You should get the latest versions."


def _document(text: str, headings: tuple = ()) -> Document:
    return Document("d", "gnupg/README", "GnuPG", text, (), headings)


@pytest.mark.parametrize(("text", "sentence", "through"), [
    (LIST, "GnuPG depends on the following packages:", "libgcrypt"),  # (the block after it; not the next paragraph)
    ("Use the following format string:\n```\nreal %e\nuser %U\n```\nMore.", "Use the following format string:",
     "```"),  # (a fenced block, to its closing fence)
    ("It generates arithmetic progressions:\n>>> range(5)\n[0, 1, 2]\n\nNext.", "progressions:", "[0, 1, 2]"),
    ("It has these parts:\n\n\n\nFar below.\n\nMore.", "It has these parts:", None),  # (more than a blank line away)
    ("It has these parts:\n\n## Parts\n\nIn the next section.", "It has these parts:", None),  # (another section's)
    ("It has these parts.\n\n- one\n- two", "It has these parts.", None),  # (no ":")
    ("It has these parts:", "It has these parts:", None),  # (nothing follows)
    ("It has these parts:\n\nthe last paragraph.", "It has these parts:", "paragraph."),  # (the document's last)
    ("Set rpath:\n\nno (default): none;\n\nauto: detect it;\n\nDIR: set it.\n\nNew in version 3.10.", "Set rpath:",
     "DIR: set it."),  # (a page's list items, each a paragraph: while one ends with ";")
])
def test_a_sentence_ending_with_a_colon_ends_with_the_block_it_introduces(text: str, sentence: str, through: str | None) -> None:
    headings = ((text.index("## Parts"), 2, "Parts"),) if "## Parts" in text else ()
    end = text.index(sentence) + len(sentence)
    expected = end if through is None else text.rindex(through) + len(through)
    assert introduced_end(_document(text, headings), end) == expected


def test_a_long_block_is_cited_to_its_last_whole_line_within_the_limit() -> None:
    lines = "".join(f"item {n} of the list\n" for n in range(100))
    text = f"The items are:\n\n{lines}"
    end = introduced_end(_document(text), len("The items are:"))
    first = text.index("item 0")
    assert text[end] == "\n" and end - first <= INTRODUCED_CHARS < text.index("\n", end + 1) - first
    assert text[:end].endswith("item 39 of the list")


def test_a_citation_of_a_sentence_ending_with_a_colon_holds_what_it_introduces() -> None:
    document = _document(LIST)
    start = LIST.index("GnuPG depends")
    end = start + len("GnuPG depends on the following packages:")
    passage = Passage(chunk_id=1, span=Span(1, document.doc_id, document.source, document.title, 0, end, LIST[:end]),
                      score=1.0, rank=0)
    citation = cite(DictCorpus({1: document}), passage, start, end, 0.7, {})
    assert citation.text == "GnuPG depends on the following packages:\n\n    npth\n    libgcrypt"
    assert LIST[citation.start:citation.end] == citation.text  # (exact characters of the document)


def test_a_heading_ending_with_a_colon_is_cited_alone() -> None:
    """A release's heading ("CHANGES WITH 236:") heads its items; it does not introduce them as a sentence does."""
    text = "CHANGES WITH 236:\n\n        * The drop-in is gone.\n\n        * More.\n"
    document = _document(text, ((0, 1, "CHANGES WITH 236:"),))
    passage = Passage(chunk_id=1, span=Span(1, document.doc_id, document.source, document.title, 0, len(text), text),
                      score=1.0, rank=0)
    assert cite(DictCorpus({1: document}), passage, 0, len("CHANGES WITH 236:"), 0.9, {}).text == "CHANGES WITH 236:"


def test_a_long_list_of_paragraphs_is_cited_to_its_last_whole_item_within_the_limit() -> None:
    items = "".join(f"item {n}: its value;\n\n" for n in range(100))
    text = f"The items are:\n\n{items}"
    end = introduced_end(_document(text), len("The items are:"))
    assert text[:end].endswith("its value;") and end - text.index("item 0") <= INTRODUCED_CHARS


def test_a_restructuredtext_underline_of_tildes_right_under_its_title_opens_no_fence() -> None:
    """"Keras Integration" over "~~~~~~~~": the section's blocks are its paragraphs; a Markdown fence of
    tildes elsewhere is still one block."""
    from qa.blocks import blocks

    text = "Keras Integration\n~~~~~~~~~~~~~~~~~\n\nA callback.\n\nMore.\n\n~~~\ncode\n\nstill code\n~~~\n"
    start = text.index("\n")  # (where the heading's line ends, as qa.added_in.under gives it)
    assert [text[a:b] for a, b in blocks(text, start, len(text))] == ["A callback.", "More.", "~~~\ncode\n\nstill code\n~~~"]


def test_a_title_s_underline_of_tildes_inside_the_range_opens_no_fence() -> None:
    """"Installing From PyPI" over "~~~~" read from the section over it: the title is a block of its
    own, its paragraphs after it theirs; a fence of tildes right under a longer line still opens one."""
    from qa.blocks import blocks

    text = ("Installation\n------------\n\nIntro.\n\nInstalling From PyPI\n~~~~~~~~~~~~~~~~~~~~\n\nLocally:\n\n::\n\n"
            "  $ pip install grpcio\n\nAnd a fence under a line:\n~~~\ncode\n~~~\n")
    assert [text[a:b] for a, b in blocks(text, 0, len(text))] == [
        "Installation", "Intro.", "Installing From PyPI", "Locally:", "::", "$ pip install grpcio",
        "And a fence under a line:", "~~~\ncode\n~~~"]


@pytest.mark.parametrize(("block", "declares"), [
    ("void XMLCALL\nXML_ParserFree(XML_Parser p);", True),  # (a prototype: a type, a calling convention, the name)
    ("const XML_LChar * XMLCALL\nXML_ErrorString(enum XML_Error code);", True),
    ("BZFILE *BZ2_bzReadOpen( int *bzerror, FILE *f );", True),
    ("typedef struct {\n  char *next_in;\n  void *state;\n} bz_stream;\nint BZ2_bzCompressInit ( bz_stream *strm,\n"
     "                         int verbosity );", True),  # (a type, then the prototype)
    ("/* Added in Expat 2.4.0. */\nXML_Bool XMLCALL\nXML_SetHashSalt(XML_Parser p,\n  unsigned long hash_salt);", True),
    ("enum XML_Status {\n  XML_STATUS_ERROR = 0,\n  XML_STATUS_OK = 1\n};", True),
    ("Free memory used by the parser.", False),  # (prose)
    ("no (default): don't set rpath;", False),  # (a page's list item ending with ";")
    ("Call foo(x) first; then bar(y);", False),  # (prose that writes calls: "Call" is no C type)
    ("Use f(x). Then int g(y);", False),  # (sentences)
    ("sorted(iterable, /, *, key=None, reverse=False)", False),  # (a Python signature)
    ("XML_Parse(p, s, len, isFinal);", False),  # (a call, not a declaration)
])
def test_a_c_declaration_is_told_from_prose(block: str, declares: bool) -> None:
    text = f"Heading\n\n{block}\n\nMore."
    assert declaration(text, text.index(block), text.index(block) + len(block)) is declares


@pytest.mark.parametrize(("block", "fields"), [
    ("**Default** - ``10``", True), ("**Minimum For Uploads** - ``5MB``", True), ("**Default** - None", True),
    ("Default: 10\nType: integer", True), ("**Default:** `false`", True), ("*Type*: boolean", True),
    ("Defaults to 10 unless the user says so.", False),  # (a sentence)
    ("Note: this is it", False),  # (not a field's name)
    ("Default: the first entry of the list, unless the user gives another one on the command line", False),  # (prose)
    ("**Default** - ``10``\nThe maximum number of requests.", False),  # (a field, then prose)
])
def test_a_setting_s_field_lines_are_told_from_prose(block: str, fields: bool) -> None:
    text = f"Heading\n\n{block}\n\nMore."
    assert field_block(text, text.index(block), text.index(block) + len(block)) is fields
