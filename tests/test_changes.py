"""What a version changed: the section of release notes headed by that version, cited as its heading
and then its items, without reading (:mod:`qa.changes`)."""

from __future__ import annotations

import re

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.changes import (
    CHANGES_CONFIDENCE,
    CHANGES_REACH,
    asked_versions,
    asks_changes,
    asks_latest,
    changes_section,
    headed,
    items_range,
    listed,
    release_heading,
)
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

NEWS = ("GNU frob NEWS\n\n"
        "* Noteworthy changes in release 2.4 (2023-03-18) [stable]\n\n"
        "** Bug fixes\n\n  'frob --count' no longer miscounts long records.\n\n"
        "** New features\n\n  frob now warns when its input is a directory.\n\n"
        "* Noteworthy changes in release 2.3 (2022-07-02) [stable]\n\n"
        "** New features\n\n  The new --jobs option runs several frob processes at once.\n")
RELEASE_24 = "* Noteworthy changes in release 2.4 (2023-03-18) [stable]"
ITEMS_24 = ("** Bug fixes\n\n  'frob --count' no longer miscounts long records.\n\n"
            "** New features\n\n  frob now warns when its input is a directory.")
DEBIAN = ("frob (2.4-1) unstable; urgency=medium\n\n  * New upstream release.\n\n"
          " -- A Maintainer <a@example.org>  Sun, 19 Mar 2023 10:00:00 +0100\n")
RELNOTES = ("Frob v2.4 Release Notes\n=======================\n\nUpdates since v2.3\n------------------\n\n"
            " * frob learned --jobs.\n")


def _document(doc_id: str, source: str, text: str, lines: list[str] | None = None) -> Document:
    """``text`` with a heading at each of ``lines`` (titled as written; the first of level 1, the rest
    under it), or where none are given, at each line that starts with "*" (an outline: its level
    the count of "*")."""
    if lines is None:
        marks = tuple((m.start(), len(m.group(1)), m.group(2)) for m in re.finditer(r"^(\*+) (.+)$", text, re.MULTILINE))
    else:
        marks = tuple((text.index(line), 1 + bool(n), line) for n, line in enumerate(lines))
    return Document(doc_id, source, f"{source} notes", text, (), marks)


def _news() -> Document:
    return _document("n", "frob/NEWS", NEWS)


def _whole(row: int, document: Document) -> Passage:
    span = Span(row, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    return Passage(chunk_id=row, span=span, score=1.0, rank=row - 1)


def _ask(question: str, *documents: Document, **config: object) -> tuple[Answer, FakeReader]:
    reader = FakeReader()
    corpus = DictCorpus(dict(enumerate(documents, 1)))
    answerer = ModelAnswerer(corpus, AnswerConfig(**config), reader=reader, calibration=FAKE_CALIBRATION)  # type: ignore[arg-type]
    return answerer.answer(question, [_whole(row, d) for row, d in enumerate(documents, 1)]), reader


@pytest.mark.parametrize("question", ["What changed in frob 2.4?", "What's new in frob 2.4?", "What is new in Frob v2.4?",
                                      "What are the changes in frob 2.4?", "What are the noteworthy changes in frob 2.4?",
                                      "What changes were made in frob 2.4?", "What was fixed in frob 2.4?",
                                      "Which new features were added in frob 2.4?", "What bugs were fixed in frob 2.4?",
                                      "What has changed in frob 2.4?", "Which bug was fixed in frob 2.4?"])
def test_questions_asking_what_a_version_changed(question: str) -> None:
    assert asks_changes(question)


@pytest.mark.parametrize("question", ["What changed in frob?",  # no version
                                      "When was frob 2.4 released?", "Which frob release added --jobs?",
                                      "What does frob 2.4 warn about?", "What new species were found in 1990?",
                                      "What bugs are there in frob 2.4?", "What bugs were reported in frob 2.4?"])
def test_questions_that_do_not_ask_for_a_version_s_changes(question: str) -> None:
    assert not asks_changes(question)


def test_the_section_of_the_version_asked_is_cited_heading_then_items_without_reading() -> None:
    answer, reader = _ask("What changed in frob 2.4?", _news())
    assert not answer.abstained and answer.confidence == CHANGES_CONFIDENCE and reader.calls == 0
    assert [c.text for c in answer.citations] == [RELEASE_24, ITEMS_24]
    assert all(NEWS[c.start:c.end] == c.text for c in answer.citations)
    assert answer.text.startswith(f"{RELEASE_24} [1]\n\n** Bug fixes") and answer.text.endswith("a directory. [2]")
    # one citation where one is allowed: the heading through its items
    single, _ = _ask("What changed in frob 2.4?", _news(), max_citations=1)
    assert [c.text for c in single.citations] == [NEWS[NEWS.index(RELEASE_24):NEWS.index(ITEMS_24) + len(ITEMS_24)]]
    bugs, _ = _ask("What bugs were fixed in frob 2.4?", _news())  # ("bugs" need not be a heading's word)
    assert [c.text for c in bugs.citations] == [RELEASE_24, ITEMS_24]


def test_a_passage_that_ends_with_the_heading_lists_the_items_that_follow_it() -> None:
    """The chunk holds release 2.4's heading as its last line (the chunk before its items): the
    items are read from the document, and cited as its exact characters."""
    news = _news()
    end = NEWS.index(RELEASE_24) + len(RELEASE_24)
    span = Span(1, news.doc_id, news.source, news.title, 0, end, NEWS[:end])
    answerer = ModelAnswerer(DictCorpus({1: news}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("What changed in frob 2.4?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
    assert [c.text for c in answer.citations] == [RELEASE_24, ITEMS_24]
    assert [NEWS[c.start:c.end] for c in answer.citations] == [RELEASE_24, ITEMS_24]


@pytest.mark.parametrize(("question", "asked"), [
    ("What is new in libnghttp2-14 1.47.0?", {"v1.47"}), ("What changed in gir1.2-atk-1.0 2.38.0?", {"v2.38"}),
    ("What was fixed in libevent-2.1-7 2.1.12?", {"v2.1.12"}), ("What changed in grep-3.7?", {"v3.7"}),
    ("What changed in bash-5.2 and bash-5.1?", {"v5.2", "v5.1"}), ("What changed in frob 2 and 2.4?", {"2", "v2.4"})])
def test_a_number_a_hyphen_joins_to_a_package_s_name_is_no_version_asked(question: str, asked: set[str]) -> None:
    assert asked_versions(question) == asked


def test_a_package_named_with_its_number_gets_the_list_of_the_version_asked() -> None:
    answer, _ = _ask("What is new in frob-14 2.4?", _news())  # (a binary package's folder: libnghttp2-14)
    assert [c.text for c in answer.citations] == [RELEASE_24, ITEMS_24]


def test_a_release_section_no_passage_holds_is_read_from_a_retrieved_passage_s_document() -> None:
    """A long NEWS file is many chunks, and the chunk under an old release's heading may not be
    retrieved (its heading's number is all that names it) while another chunk of the file is:
    the section is read from that document, exact characters, before a packaging entry is."""
    entry = DEBIAN.replace("2.4-1", "2.3-1")
    news, debian = _news(), _document("d", "frob/changelog.Debian", entry, [entry.split("\n")[0]])
    end = NEWS.index("* Noteworthy changes in release 2.3")
    span = Span(1, news.doc_id, news.source, news.title, 0, end, NEWS[:end])  # release 2.4's chunk alone
    corpus = DictCorpus({1: news, 2: debian})
    answerer = ModelAnswerer(corpus, AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    passages = [_whole(2, debian), Passage(chunk_id=1, span=span, score=1.0, rank=1)]
    answer = answerer.answer("What changed in frob 2.3?", passages)
    heading = "* Noteworthy changes in release 2.3 (2022-07-02) [stable]"
    assert [c.text for c in answer.citations] == [heading, NEWS[NEWS.index("** New features", end):].rstrip()]
    assert all(c.source == "frob/NEWS" and NEWS[c.start:c.end] == c.text for c in answer.citations)
    assert answerer.answer("What changed in frob 2.2?", passages).abstained  # no section heads 2.2
    alone = answerer.answer("What changed in frob 2.3?", passages[:1])  # the NEWS not retrieved: the packaging
    assert [c.source for c in alone.citations] == ["frob/changelog.Debian"] * 2


@pytest.mark.parametrize("question", ["What changed in frob 2.5?",  # no release 2.5
                                      "What changed in frob 2?",  # 2.4 and 2.3 are not 2
                                      "What changed in gzip 2.4?"])  # nothing names gzip
def test_no_section_answers_a_version_or_program_the_notes_do_not_head(question: str) -> None:
    answer, reader = _ask(question, _news())
    assert answer.abstained or answer.confidence != CHANGES_CONFIDENCE
    assert reader.calls > 0  # the reader was asked as for any other question


@pytest.mark.parametrize(("entry", "question", "lists"), [
    ("argon2 (0~20171227-0.3) unstable", "What is new in argon2 2.0?", False),  # "2.0" is not argon2's "2"
    ("sysvinit (2.96-3) unstable", "What changed in sysvinit 3.0?", False),  # nor the Debian revision's "3"
    ("sysvinit (2.96-3) unstable", "What changed in sysvinit 2.96?", True),
    ("libheif (1.4.0-2) unstable", "What are the changes in libheaptrack 1.4.0?", False),  # "libhe..." is no name
    ("libheif (1.4.0-2) unstable", "What are the changes in libheif 1.4?", True),  # 1.4.0 is 1.4
    ("libheif (1.4.0-2) unstable", "What are the changes in libheif1 1.4.0?", True),  # its folder's name
    ("libhandy-1 (1.4.0-1) unstable", "What are the changes in libheif1 1.4.0?", False),
    ("coreutils (5.94-2) unstable", "What was fixed in file 5.94?", False),  # "file" is only in the items
])
def test_the_version_and_the_program_are_matched_whole(entry: str, question: str, lists: bool) -> None:
    text = f"{entry}; urgency=medium\n\n  * New upstream release; a file is read once.\n"
    folder = entry.split()[0] + ("1" if entry.startswith("libheif") else "")
    changelog = _document("d", f"/usr/share/doc/{folder}/changelog.Debian.gz", text, [f"{entry}; urgency=medium"])
    assert (changes_section(question, [_whole(1, changelog)], lambda p: changelog) is not None) == lists


def _follow(question: str, earlier: str, *documents: Document) -> Answer:
    corpus = DictCorpus(dict(enumerate(documents, 1)))
    answerer = ModelAnswerer(corpus, AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [_whole(row, d) for row, d in enumerate(documents, 1)],
                           retrieval_query=f"{earlier} {question}")  # as qa.conversation.resolve_query gives it


def test_a_follow_up_naming_another_version_lists_that_version_of_the_same_program() -> None:
    gzip = _document("g", "gzip/NEWS", NEWS.replace("frob", "gzip"))
    for follow_up in ("And in 2.3?", "What about 2.3?", "And frob 2.3?"):
        answer = _follow(follow_up, "What changed in frob 2.4?", gzip, _news())
        assert answer.citations[0].text == "* Noteworthy changes in release 2.3 (2022-07-02) [stable]", follow_up
        assert answer.citations[0].source == "frob/NEWS" and answer.confidence == CHANGES_CONFIDENCE
    assert _follow("What about gzip 2.3?", "What changed in frob 2.4?", _news(), gzip).citations[0].source == "gzip/NEWS"
    for other in ("Does it still read long records in 2.3?",  # more than a version: not a list question
                  "And in 2.5?"):  # a version no section heads
        assert _follow(other, "What changed in frob 2.4?", _news()).confidence != CHANGES_CONFIDENCE, other
    assert _follow("And in 2.3?", "When was frob 2.4 released?", _news()).confidence != CHANGES_CONFIDENCE


@pytest.mark.parametrize(("title", "heads_a_release"), [
    ("Noteworthy changes in release 4.9 (2022-11-06) [stable]", True), ("[1.1.0] - 2019-02-15", True),
    ("sed (4.9-1) unstable", True), ("Git v2.39 Release Notes", True), ("1.12 (2022-04-07)", True),
    ("2.3 Release Notes", True), ("3.11.2 Security fixes", True), ("Version 2.0", True),
    ("1.2 Configuration", False), ("3. Usage", False), ("2.1.4 Running the tests", False),
    # a number closed by a dot numbers a manual's section, whatever its words (bzip2's manual, Node.js's guide)
    ("2.7. PERFORMANCE NOTES", False), ("4.3. Reporting bugs", False), ("1. Jenkins release access", False),
    ("1.0.6 (6 Sept 2010)", True), ("Version 1.0.6.", True),
])
def test_a_numbered_section_of_a_manual_heads_no_release(title: str, heads_a_release: bool) -> None:
    assert release_heading(title) == heads_a_release


def test_what_changed_is_not_asked_of_a_manual_s_numbered_sections() -> None:
    text = "Frob manual\n\n1.1 Installation\n\nRun the installer.\n\n1.2 Configuration\n\nEdit frob.conf.\n"
    manual = _document("m", "frob/manual.md", text, ["Frob manual", "1.1 Installation", "1.2 Configuration"])
    answer, reader = _ask("What changed in frob 1.2?", manual)
    assert answer.confidence != CHANGES_CONFIDENCE and reader.calls > 0


def test_a_threshold_above_the_list_answer_s_confidence_reads_instead() -> None:
    answer, reader = _ask("What changed in frob 2.4?", _news(), threshold=CHANGES_CONFIDENCE + 0.01)
    assert answer.confidence != CHANGES_CONFIDENCE and reader.calls > 0


def test_upstream_notes_come_before_a_debian_packaging_entry_of_that_version() -> None:
    debian = _document("d", "frob/changelog.Debian", DEBIAN, ["frob (2.4-1) unstable; urgency=medium"])
    answer, _ = _ask("What changed in frob 2.4?", debian, _news())  # the changelog is retrieved first
    assert answer.citations[0].text == RELEASE_24
    alone, _ = _ask("What changed in frob 2.4?", debian)  # where it is all there is, it answers
    assert [c.text for c in alone.citations] == ["frob (2.4-1) unstable; urgency=medium",
                                                 DEBIAN[DEBIAN.index("* New"):].rstrip()]


@pytest.mark.parametrize(("title", "versions"), [
    ("Major changes from 1.2.3 to 1.2.4", {"v1.2.4"}), ("Major changes form 0.5 to 0.6:", {"v0.6"}),
    ("gzip (1.5-1.1) unstable", {"v1.5"}), ("frob (1:2.4-3) unstable", {"v2.4"}),  # a revision, an epoch: no version
    ("Noteworthy changes in release 4.9 [stable]", {"v4.9"}), ("[4.5.12]", {"v4.5.12"}),
])
def test_the_versions_a_heading_heads_the_notes_of(title: str, versions: set[str]) -> None:
    assert headed(title) == versions


def test_an_old_news_release_is_listed_by_its_own_line_and_not_by_a_revision() -> None:
    text = ("GNU frob NEWS\n\nMajor changes from 1.0.7 to 1.1.\n* Use .fz suffix by default.\n\n"
            "Major changes from 1.0.6 to 1.0.7.\n* Allow zfrob to read standard input.\n")
    news = _document("n", "frob/NEWS", text, ["GNU frob NEWS", "Major changes from 1.0.7 to 1.1.",
                                               "Major changes from 1.0.6 to 1.0.7."])
    answer, _ = _ask("What changed in frob 1.0.7?", news)  # 1.0.7's own changes, not 1.1's from it
    assert [c.text for c in answer.citations] == ["Major changes from 1.0.6 to 1.0.7.", "* Allow zfrob to read standard input."]
    entry = DEBIAN.replace("2.4-1", "1.5-1.1")
    debian = _document("d", "frob/changelog.Debian", entry, [entry.split("\n", 1)[0]])
    for question in ("What changed in frob 1.1?", "What changed in frob 1.5?"):
        answer, _ = _ask(question, debian)
        assert (answer.confidence == CHANGES_CONFIDENCE) == question.endswith("1.5?"), question


def test_release_notes_titled_by_their_version_skip_the_title_s_underline() -> None:
    notes = _document("r", "frob/RelNotes/2.4.0.txt", RELNOTES, ["Frob v2.4 Release Notes", "Updates since v2.3"])
    for question in ("What is new in Frob 2.4?", "What is new in Frob 2.4.0?"):  # 2.4.0 is 2.4
        answer, _ = _ask(question, notes)
        assert [c.text for c in answer.citations] == ["Frob v2.4 Release Notes", RELNOTES[RELNOTES.index("Updates"):].rstrip()]


def test_items_are_shown_one_per_paragraph_their_wrapped_lines_joined() -> None:
    text = ("** Bug fixes\n\n  frob no longer crashes\n  on empty files.\n\n"
            "  * New upstream release.\n  * Drop the patch for\n    long records.\n  1. a numbered item")
    assert listed(text).split("\n\n") == ["** Bug fixes", "frob no longer crashes on empty files.", "* New upstream release.",
                                          "* Drop the patch for long records.", "1. a numbered item"]


def test_a_long_section_is_cited_up_to_a_blank_line_within_reach() -> None:
    items = "".join(f"  * change number {n} of many.\n\n" for n in range(200))
    text = "* Release 3.1\n\n" + items
    lo, hi = items_range(text, len("* Release 3.1"), len(text))
    assert text[lo:hi].startswith("* change number 0") and text[hi:hi + 2] == "\n\n"
    assert CHANGES_REACH - 40 < hi - len("* Release 3.1") <= CHANGES_REACH


def test_the_terminal_shows_a_long_section_in_the_answer_and_its_quote_cut_short() -> None:
    from qa.cli import QUOTE_SHOWN, format_answer

    items = "".join(f"  * change number {n} of many.\n\n" for n in range(60))
    text = "frob NEWS\n\n* Noteworthy changes in release 3.1\n\n" + items
    answer, _ = _ask("What changed in frob 3.1?", _document("n", "frob/NEWS", text))
    shown = format_answer(answer)
    assert "\n\n* change number 0 of many.\n\n* change number 1 of many." in shown  # the answer: one item a paragraph
    quote = shown.split("[2] ")[1].split("\n")[1]  # the citation's quote under its location
    assert quote.startswith("    “* change number 0") and quote.endswith(" …”") and len(quote) <= QUOTE_SHOWN + 10
    assert len(answer.citations[1].text) > 1000  # (the citation itself is the whole span)


def test_nothing_is_listed_where_the_passages_lie_in_no_numbered_section() -> None:
    plain = Document("p", "frob/README", "frob README", "frob 2.4 changed how records are counted.\n", ())
    assert changes_section("What changed in frob 2.4?", [_whole(1, plain)], lambda p: plain) is None


@pytest.mark.parametrize(("question", "latest"), [
    ("What's new in the latest frob release?", True), ("What changed in the most recent version of frob?", True),
    ("What are the changes in the newest frob version?", True), ("What's new in the latest frob 2.4 release?", False),
    ("What is the latest frob release?", False), ("What changed in frob?", False)])
def test_questions_asking_what_the_latest_release_changed(question: str, latest: bool) -> None:
    assert asks_latest(question) is latest


def test_the_latest_release_is_the_newest_version_its_notes_head_not_a_packaging_entry_s() -> None:
    """No number given: the newest release of the named program's notes, by version (3.10 after
    3.9; not a date's numbers, nor the Debian entry's 2.5), its heading and its items."""
    news = _document("n", "frob/NEWS", "GNU frob NEWS\n\n* Noteworthy changes in release 3.9 (2024-01-02) [stable]\n\n"
                     "** Bug fixes\n\n  frob no longer hangs.\n\n* Noteworthy changes in release 3.10 (2023-12-31)\n\n"
                     "** New features\n\n  frob reads zstd.\n")
    entry = DEBIAN.replace("2.4-1", "2.5-1")
    debian = _document("d", "frob/changelog.Debian", entry, [entry.split("\n")[0]])
    answer, _ = _ask("What's new in the latest frob release?", debian, news)
    assert [c.text for c in answer.citations] == ["* Noteworthy changes in release 3.10 (2023-12-31)",
                                                  "** New features\n\n  frob reads zstd."]
    assert _ask("What's new in the latest blat release?", debian, news)[0].abstained  # no notes of blat


def test_the_latest_release_is_not_a_manual_s_section_numbered_higher() -> None:
    """bzip2's manual numbers "2.7. PERFORMANCE NOTES" (a word of releases): a number closed by a dot
    numbers a section, so the latest release is the changelog's 1.0.8, not 2.7."""
    manual_text = ("bzip2 manual\n\n2.6. RECOVERING DATA\n\nbzip2recover may help.\n\n2.7. PERFORMANCE NOTES\n\n"
                   "Sorting dominates.\n")
    manual = _document("m", "frob/manual.html", manual_text, ["bzip2 manual", "2.6. RECOVERING DATA", "2.7. PERFORMANCE NOTES"])
    log_text = "frob changelog\n\n1.0.8 (13 Jul 19)\n\n  * Accept as many selectors as the file asks for.\n"
    log = _document("c", "frob/changelog", log_text, ["frob changelog", "1.0.8 (13 Jul 19)"])
    answer, _ = _ask("What's new in the latest frob release?", manual, log)
    assert answer.citations[0].text == "1.0.8 (13 Jul 19)" and answer.citations[0].source == "frob/changelog"


def test_an_indented_release_line_is_cited_from_its_first_character() -> None:
    """less's NEWS indents its release lines with a tab (a heading of its own from the line's
    start, ``index.text_formats.news_headings``): the heading cited is the title, not the tab."""
    text = ('\n\tMajor changes between "frob" versions 581 and 590\n\n* frob reads lesskey files.\n\n'
            '\tMajor changes between "frob" versions 563 and 581\n\n* frob scrolls.\n')
    marks = tuple((text.index(f"\tMajor changes between \"frob\" versions {a}"), 1,
                   f'Major changes between "frob" versions {a} and {b}') for a, b in (("581", "590"), ("563", "581")))
    news = Document("n", "frob/NEWS", "frob NEWS", text, (), marks)
    answer, _ = _ask("What changed in frob 590?", news)
    assert [c.text for c in answer.citations] == ['Major changes between "frob" versions 581 and 590',
                                                  "* frob reads lesskey files."]
    assert all(text[c.start:c.end] == c.text for c in answer.citations)
