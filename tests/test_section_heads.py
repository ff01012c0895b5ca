"""Which release made a change: the version a NEWS file writes only in the heading of the section an
item lies under, cited together with the item (:meth:`qa.model_answerer.ModelAnswerer.from_section`)."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.asked_terms import asked_terms
from qa.model_answerer import ModelAnswerer
from qa.section_heads import (
    DEFINED_CONFIDENCE,
    ITEM_REACH,
    SECTIONS_READ,
    about_another_term,
    answers_version,
    asks_version,
    commented,
    defining,
    item_paragraph,
    names_apart,
    narrowed,
    numbered_sections,
    one_per_program,
    opening_sentence,
    section_parts,
    supported,
    term_answers,
    term_sections,
)
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

NEWS = ("GNU frob NEWS\n\n"
        "* Noteworthy changes in release 12 (2022-04-07) [stable]\n\n"
        "** Bug fixes\n\n  The frob tool no longer misreports file lengths.\n\n"
        "* Noteworthy changes in release 11 (2021-09-03) [stable]\n\n"
        "** Changes in behavior\n\n  frob now warns about obsolete options.\n")
RELEASE_12 = "* Noteworthy changes in release 12 (2022-04-07) [stable]"
ITEM = "The frob tool no longer misreports file lengths."


def _news(*, headings: bool = True) -> Document:
    titles = [("* Noteworthy changes in release 12", RELEASE_12[2:]), ("** Bug fixes", "Bug fixes"),
              ("* Noteworthy changes in release 11", "Noteworthy changes in release 11 (2021-09-03) [stable]"),
              ("** Changes in behavior", "Changes in behavior")]
    marks = tuple((NEWS.index(line), line.count("*"), title) for line, title in titles) if headings else ()
    return Document("d", "frob/NEWS", "frob NEWS", NEWS, (), marks)


def _passage(document: Document, start: int, end: int, chunk_id: int = 1) -> Passage:
    span = Span(1, document.doc_id, document.source, document.title, start, end, document.text[start:end])
    return Passage(chunk_id=chunk_id, span=span, score=1.0, rank=0)


def _item_passage(document: Document) -> Passage:
    """The chunk from release 12's "** Bug fixes" to the end of its item: the heading lies before it."""
    start = NEWS.index("** Bug fixes")
    return _passage(document, start, NEWS.index(ITEM) + len(ITEM))


def _ask(document: Document, question: str, passages: list[Passage] | None = None) -> tuple[Answer, FakeReader]:
    reader = FakeReader()
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=reader, calibration=FAKE_CALIBRATION)
    return answerer.answer(question, passages or [_item_passage(document)]), reader


QUESTION = "In which noteworthy changes in release did frob stop misreporting file lengths?"


def test_the_release_heading_an_item_lies_under_answers_which_release_made_the_change() -> None:
    """The item alone does not answer (the fake reader's run of question words there is short),
    but read under its release's heading, the reader's answer is the heading's "12": cited first,
    the item second, both the exact characters of the file."""
    answer, reader = _ask(_news(), QUESTION)
    assert not answer.abstained and answer.short is not None and answer.short.text == "12"
    assert [c.text for c in answer.citations] == [RELEASE_12, ITEM]
    assert all(NEWS[c.start:c.end] == c.text for c in answer.citations)
    assert answer.citations[1].section == f"{RELEASE_12[2:]} › Bug fixes"
    # the item was read with the heading: it carries that reading's score, not its own low one as an answer
    assert answer.citations[0].score == answer.citations[1].score == round(answer.confidence, 4)
    # the passage; again with its own heading ("** Bug fixes") citable; release 12's heading with the item
    # after it (release 12's part of the passage is all of it, so its item is the passage's, not read again)
    assert reader.calls == 3


def test_an_item_that_never_names_the_question_s_program_is_not_answered_for() -> None:
    answer, _ = _ask(_news(), QUESTION.replace("frob", "gzip"))
    assert answer.abstained
    assert answer.suggestions and answer.suggestions[0].text == ITEM  # still offered


def test_without_numbered_headings_nothing_is_read_again() -> None:
    answer, reader = _ask(_news(headings=False), QUESTION)
    assert answer.abstained and reader.calls == 1


def test_a_heading_inside_the_passage_answers_for_the_item_under_it() -> None:
    """The chunk starts at release 12's heading (the first chunk of a NEWS file): the item is still
    read under it, and the heading is cited from the same chunk."""
    document = _news()
    passage = _passage(document, NEWS.index(RELEASE_12), NEWS.index(ITEM) + len(ITEM))
    answer, _ = _ask(document, QUESTION, [passage])
    assert answer.short is not None and answer.short.text == "12"
    assert [c.text for c in answer.citations] == [RELEASE_12, ITEM]


def test_numbered_sections_are_those_under_headings_with_numbers_a_passage_holds_part_of() -> None:
    document = _news()
    release_11 = NEWS.index("* Noteworthy changes in release 11")
    whole = _passage(document, 0, len(NEWS))
    sections = numbered_sections(document, whole)
    assert [NEWS[at:end] for at, end, _, _ in sections] == [RELEASE_12, NEWS[release_11:NEWS.index("\n", release_11)]]
    _, _, start, end = sections[0]  # release 12's text: its "** Bug fixes" and the item, up to release 11's heading
    assert NEWS[start:end].strip() == f"** Bug fixes\n\n  {ITEM}"
    item = _item_passage(document)  # under release 12's heading, which it does not hold
    assert [(at, start, end) for at, _, start, end in numbered_sections(document, item)] == [
        (NEWS.index(RELEASE_12), item.start, item.end)]
    assert numbered_sections(document, _passage(document, 0, 10)) == []  # "GNU frob N": under no heading
    assert numbered_sections(_news(headings=False), whole) == []
    parts = section_parts([whole, item], lambda p: document)
    assert len(parts) == 3 and all(head.text == NEWS[head.start:head.end] for head, _ in parts.values())
    assert len(section_parts([whole] * 10, lambda p: document)) == 2  # by passage and part: the same twice
    many = [_passage(document, 0, len(NEWS), chunk_id=i) for i in range(10)]
    assert len(section_parts(many, lambda p: document)) == SECTIONS_READ
    assert section_parts([whole], lambda p: None) == {}  # its document is gone


def test_narrowed_keeps_the_passage_s_chunk_and_scores() -> None:
    document = _news()
    at = NEWS.index(RELEASE_12)
    heading = narrowed(document, _item_passage(document), at, at + len(RELEASE_12))
    assert heading.text == RELEASE_12 and heading.chunk_id == 1 and heading.start == at and heading.score == 1.0


@pytest.mark.parametrize(("question", "asks"), [
    ("Which sed release fixed the symbolic link cycle bug?", True),
    ("In which release did sed -i start creating files with the correct umask?", True),
    ("What version of Python added f-strings?", True),
    ("When was gzip 1.12 released?", False),  # asks when, not which
    ("What does photosynthesis release into the air?", False),
    ("What is new in release 4.9?", False),
])
def test_asks_version(question: str, asks: bool) -> None:
    assert asks_version(question) is asks


def test_answers_version_needs_a_number_that_is_no_date() -> None:
    question = "Which sed release fixed the symbolic link cycle bug?"
    assert answers_version(question, "4.9") and answers_version(question, "590")
    assert not answers_version(question, "2019-09-05")  # a ChangeLog entry's date
    assert not answers_version(question, "Future versions of IBM Z mainframes")
    assert answers_version("Who wrote frob?", "Jim")  # no version asked


def test_supported_needs_the_question_s_words_but_one_in_four() -> None:
    document = _news()
    passage = _item_passage(document)
    assert supported("When did frob stop misreporting file lengths?", passage, ITEM)  # "stop": 1 of 5
    assert not supported("When did gzip stop misreporting file lengths?", passage, ITEM)  # "gzip" and "stop"
    assert not supported("When was bash 6.0 released?", passage, "* Major changes in release 6.0")
    assert supported("Which frob release fixed file lengths?", passage, ITEM)  # "release", "fixed" need not be written
    assert supported("What's the frob release that fixed file lengths?", passage, ITEM, spare=0)  # "s" is no word


def test_item_paragraph_is_the_paragraph_around_the_sentence() -> None:
    text = "** Bug fixes\n\n  sed -i now creates files with correct umask.\n  Previously it did not.\n\n  Next item."
    start = text.index("Previously")
    lo, hi = item_paragraph(text, start, start + 10)
    assert text[lo:hi] == "sed -i now creates files with correct umask.\n  Previously it did not."
    lo, hi = item_paragraph(text, start, start + 10, start - 5, len(text))  # not before the part's start
    assert text[lo:hi] == "k.\n  Previously it did not."
    long = "x" * 1000 + " Item. " + "y" * 1000
    at = long.index("Item")
    assert item_paragraph(long, at, at + 5) == (at - ITEM_REACH, at + 5 + ITEM_REACH)  # no blank line: cut either side


def test_which_release_is_not_answered_by_a_sentence_that_names_none() -> None:
    """gzip's ChangeLog entry "Add support for IBM Z hardware-accelerated deflate" (no release, a
    date and a bug number) was the answer to "Which gzip release added hardware-accelerated
    deflation on IBM Z?": a short answer with no version does not answer which release, however
    well its sentence matches, so it is refused and offered as a suggestion; one that writes a
    version answers."""
    text = "2019-09-05  A Writer\n\n\tAdd zstd support to the frob tool by default (bug#34918).\n"
    changelog = Document("c", "frob/ChangeLog", "frob ChangeLog", text, (), ())
    question = "Which frob release added zstd support to the frob tool?"
    answer, _ = _ask(changelog, question, [_passage(changelog, 0, len(text))])
    assert answer.abstained and answer.suggestions[0].text.startswith("Add zstd support to the frob tool")
    named = text.replace("by default", "1.5 by default")
    with_version = Document("c", "frob/ChangeLog", "frob ChangeLog", named, (), ())
    answer, _ = _ask(with_version, question, [_passage(with_version, 0, len(named))])
    assert not answer.abstained and answer.short is not None and answer.short.text == "1.5"
    # a question that does not ask which release is answered as before
    answer, _ = _ask(changelog, "Who added zstd support to the frob tool?", [_passage(changelog, 0, len(text))])
    assert not answer.abstained and answer.short is not None and answer.short.text == "by"


def test_a_part_that_starts_with_spaces_is_read_under_its_heading() -> None:
    """A passage that starts at an indented item: the part is cited without its leading spaces,
    and found again by that start (it had been looked up by the start before them: KeyError)."""
    document = _news()
    passage = _passage(document, NEWS.index("  " + ITEM), NEWS.index(ITEM) + len(ITEM))
    answer, _ = _ask(document, QUESTION, [passage])
    assert [c.text for c in answer.citations] == [RELEASE_12, ITEM]


OPTIONS = ("bzip2 options\n\n-d --decompress\n\nForce decompression. This flag overrides the program name: what does "
           "the flag do? It decompresses.\n\n-z --compress\n\nThe complement to -d. So what the flag does is compress.\n\n"
           "-k --keep\n\nKeep (do not delete) input files.\n")


def _options() -> Document:
    marks = ((0, 1, "bzip2 options"),) + tuple((OPTIONS.index(t), 2, t) for t in ("-d --decompress", "-z --compress",
                                                                                     "-k --keep"))
    return Document("d", "bzip2/manual.html", "bzip2 manual", OPTIONS, (), marks)


def test_the_section_of_the_option_a_question_names_is_read_alone_and_others_answer_not() -> None:
    """One chunk holds three options' sections; the question names -z: its section is read as a
    passage of its own (heading and text, at most TERM_REACH characters, cut at the next option),
    and a sentence under another option's heading that does not write -z is no answer."""
    document = _options()
    whole = _passage(document, 0, len(OPTIONS))
    sections = term_sections("What does the -z flag do?", [whole], lambda p: document)
    assert [s.text for s in sections] == ["-z --compress\n\nThe complement to -d. So what the flag does is compress.\n\n"]
    assert all(OPTIONS[s.start:s.end] == s.text for s in sections)
    assert term_sections("What does the -x flag do?", [whole], lambda p: document) == []
    assert term_sections("What does bzip2 do?", [whole], lambda p: document) == []
    flag = OPTIONS.index("This flag overrides")
    assert about_another_term(asked_terms("What does the -z flag do?"), document, flag, "This flag overrides ...")
    assert not about_another_term(asked_terms("What does the -d flag do?"), document, flag, "This flag overrides ...")
    assert not about_another_term(asked_terms("What does the -z flag do?"), document, flag, "unlike -z, it ...")  # writes -z
    assert not about_another_term(asked_terms("What does this flag do?"), document, flag, "This flag overrides ...")  # names none
    # end to end: the fake reader's best answer in the whole chunk lies under -d's heading (the longer run of the
    # question's words), and read alone, -z's section answers (its opening sentence first, then the reader's pick)
    answer, _ = _ask(document, "What does the -z flag do?", [whole])
    assert not answer.abstained and [c.text for c in answer.citations] == ["The complement to -d.",
                                                                           "So what the flag does is compress."]
    assert [c.text for c in _ask(document, "What does the -d flag do?", [whole])[0].citations] == [
        "Force decompression.", "It decompresses."]


def test_where_the_documents_define_the_option_only_its_section_answers() -> None:
    """Candidates under a heading that writes the asked option (or, for a call, a sentence that
    writes it) are the only answers where there are some: a changelog line that mentions --keep
    does not say what it does; with none, only those under another option's heading are dropped."""
    document = _options()
    log_text = "2019-09-05  A Writer\n\n\tAdded -k and -z as options.\n"
    log = Document("c", "bzip2/ChangeLog", "bzip2 ChangeLog", log_text, (), ())
    keep, flag = OPTIONS.index("Keep (do not"), OPTIONS.index("This flag overrides")
    found = [(document, keep, "Keep (do not delete) input files."), (log, 21, "Added -k and -z as options."),
             (document, flag, "This flag overrides the program name: what does the flag do?")]
    assert term_answers("What does the -k option do?", found) == [True, False, False]
    assert term_answers("What does the -x option do?", found) == [False, True, False]  # none under -x: -k's, -d's dropped
    assert term_answers("What does the -z option do?", found[1:]) == [True, False]  # none under -z: -d's dropped
    text = "Built-in functions\n\nstr(object)\n\nReturn a str version of object.\n"
    functions = Document("f", "library/functions.html", "Built-in Functions", text, (),
                         ((0, 1, "Built-in functions"), (text.index("str(object)"), 2, "str(object)")))
    tutorial = Document("t", "tutorial/inputoutput.html", "Input and Output", "The str() function is meant to return "
                        "representations of values.\n\nOther text.\n", (), ())
    calls = [(functions, text.index("Return a str"), "Return a str version of object."),
             (tutorial, 0, "The str() function is meant to return representations of values."), (tutorial, 70, "Other text.")]
    assert term_answers("What is the str() function meant to return?", calls) == [True, True, False]


class _Found(NamedTuple):
    passage: Passage
    start: int = 0


@pytest.mark.parametrize(("question", "heading", "other", "defines"), [
    ("What does the -k option do?", "-k --keep", "bzip2/ChangeLog", True),
    ("What does the --keep option of bzip2 do?", "-k --keep", "bzip2/ChangeLog", True),  # its folder names bzip2
    ("What does the --keep option of GNU bzip2 do?", "-k --keep", "bzip2/ChangeLog", True),  # ("GNU" names none)
    ("What is bzip2's -k flag for?", "-k --keep", "bzip2/ChangeLog", True),
    ("What does the -k option of gzip do?", "-k --keep", "bzip2/ChangeLog", False),  # another program's -k
    ("What does the -k option do?", "-k --keep", "time/time.html", False),  # two programs' -k: which?
    ("When was the -k option added?", "-k --keep", "bzip2/ChangeLog", False),  # not what it does
    ("Does the -k option delete the input files?", "-k --keep", "bzip2/ChangeLog", False),
    ("What does the -k option do?", "Changes to -k handling", "bzip2/ChangeLog", False),  # not a definition's heading
    ("What does the --keep option do?", "`-k`, `--keep`", "bzip2/ChangeLog", True),  # Markdown's code marks
    ("What does hex() return?", "hex(x)", "bzip2/ChangeLog", True),
    ("What does hex() return?", "float.hex()", "bzip2/ChangeLog", False),
    ("What does the x argument of hex() do?", "hex(x)", "bzip2/ChangeLog", False),  # a part's, not what hex() does
    ("What is the default of the -k option of bzip2?", "-k --keep", "bzip2/ChangeLog", False),  # not what it does
])
def test_a_manual_defines_an_option_under_its_own_heading_for_a_program_the_question_names(
        question: str, heading: str, other: str, defines: bool) -> None:
    text = f"bzip2 manual\n\n{heading}\n\nKeep (do not delete) input files.\n"
    document = Document("d", "bzip2/manual.html", "bzip2 manual", text, (), ((0, 1, "bzip2 manual"), (14, 2, heading)))
    at = text.index("Keep (do")
    passage = _passage(document, 0, len(text))
    others = [passage, replace(passage, span=replace(passage.span, source=other))]
    assert defining(question, passage, document, at, [_Found(p) for p in others]) is defines


def test_an_option_s_definition_answers_with_the_confidence_measured_for_definitions() -> None:
    """The fake reader reads -k's "Keep (do not delete) input files." far under the threshold (few
    of the question's words); under the heading "-k --keep" of a manual the question's program
    names, it is the answer, with DEFINED_CONFIDENCE. Another program's -k is refused as before."""
    document = _options()
    whole = _passage(document, 0, len(OPTIONS))
    gzip, _ = _ask(document, "What does the -k option of gzip do?", [whole])
    assert gzip.abstained and gzip.confidence < 0.2
    bzip2, _ = _ask(document, "What does the -k option of bzip2 do?", [whole])
    assert not bzip2.abstained and bzip2.confidence == DEFINED_CONFIDENCE
    assert bzip2.citations[0].text == "Keep (do not delete) input files."


def test_one_option_s_short_and_long_headings_with_nothing_between_head_one_section() -> None:
    """time's manual heads -f's text with "-f format" and then "--format=format": the text under the
    second defines -f; Node.js lists "--security-revert" and then "--stack-trace-limit=limit"
    without a word for the first, and the second's text does not define it. Nor is a heading
    itself, or a Markdown comment under one, a definition."""
    text = ("time manual\n\n-f format\n\n--format=format\n\nUse format as the format string.\n\n"
            "--security-revert\n\n--stack-trace-limit=limit\n\nThe most stack frames to collect.\n\n"
            "--perf-prof\n\n<!-- Anchor to make sure old links find a target -->\n")
    titles = ["time manual", "-f format", "--format=format", "--security-revert", "--stack-trace-limit=limit", "--perf-prof"]
    document = Document("t", "time/time.html", "time manual", text, (),
                        ((0, 1, titles[0]), *((text.index(t + "\n"), 2, t) for t in titles[1:])))
    use, most = text.index("Use format"), text.index("The most")
    found = [(document, use, "Use format as the format string."), (document, most, "The most stack frames to collect.")]
    assert term_answers("What does the -f option do?", found) == [True, False]
    assert term_answers("What does the --security-revert option do?", found) == [False, False]  # (other options' text)
    assert names_apart("-f format", "--format=format") and names_apart("`-p`", "`--portability`")
    assert not names_apart("--security-revert", "--stack-trace-limit=limit") and not names_apart("-f", "Usage")
    passage = _passage(document, 0, len(text))
    assert defining("What does the -f option do?", passage, document, use, [])
    assert not defining("What does the --security-revert option do?", passage, document, most, [])
    assert not defining("What does the -f option do?", passage, document, text.index("-f format"), [])  # the heading
    assert not defining("What does the --perf-prof option do?", passage, document, text.index("Anchor"), [])
    sections = term_sections("What does the --security-revert option do?", [passage], lambda p: document)
    assert sections == []  # (its heading alone: nothing to read)
    assert [s.text.split("\n\n")[-2] for s in term_sections("What does the -f option do?", [passage], lambda p: document)] \
        == ["Use format as the format string."]
    at_heading = _passage(document, text.index("-f format"), len(text))  # a chunk that opens with the heading: read too
    assert [s.text.split("\n\n")[-2] for s in term_sections("What does the -f option do?", [at_heading], lambda p: document)] \
        == ["Use format as the format string."]


def test_an_option_several_programs_define_asked_with_none_is_answered_by_each_program_s_definition() -> None:
    """"What does the -k option do?" over bzip2's manual and frob's: both define -k, and the
    question names neither; each program's definition is cited, under its document's title,
    with DEFINED_CONFIDENCE (the fake reader reads both far under the threshold). Naming one
    program, only that one's answers."""
    frob_text = "frob manual\n\n-k --kill\n\nKill the frob daemon at once.\n"
    frob = Document("f", "frob/manual.html", "frob manual", frob_text, (),
                    ((0, 1, "frob manual"), (frob_text.index("-k --kill"), 2, "-k --kill")))
    bzip2 = _options()
    passages = [_passage(bzip2, 0, len(OPTIONS)),
                Passage(chunk_id=2, span=Span(2, "f", frob.source, frob.title, 0, len(frob_text), frob_text), score=0.9, rank=1)]
    answerer = ModelAnswerer(DictCorpus({1: bzip2, 2: frob}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    both = answerer.answer("What does the -k option do?", passages)
    assert not both.abstained and both.confidence == DEFINED_CONFIDENCE
    assert sorted(c.text for c in both.citations) == ["Keep (do not delete) input files.", "Kill the frob daemon at once."]
    assert "bzip2 manual: " in both.text and "frob manual: " in both.text
    found = [_Found(passages[0], OPTIONS.index("Keep (do")), _Found(passages[1], frob_text.index("Kill"))]
    documents = {1: bzip2, 2: frob}
    assert one_per_program("What does the -k option do?", found, lambda c: documents[c.passage.row_id]) == found
    assert one_per_program("What does the -k option do?", found[:1], lambda c: documents[c.passage.row_id]) == []
    frob_only = answerer.answer("What does the -k option of frob do?", passages)
    assert [c.text for c in frob_only.citations] == ["Kill the frob daemon at once."] and ": " not in frob_only.text[:12]


def test_a_definition_s_opening_sentence_is_cited_first_and_the_reader_s_pick_after_it() -> None:
    """The fake reader picks the sentence under "-k --keep" that repeats the question's words, a
    side note; a manual defines the option in the section's first sentence of prose (not a
    Markdown comment nor a quote), which is cited first, the reader's pick second."""
    text = ("frob manual\n\n-k --keep\n\n<!-- YAML added: v1.2 -->\n\n> Stability: 2\n\nKeep the input files. "
            "Given twice, what does the -k option do: it keeps the logs too.\n")
    document = Document("d", "frob/manual.html", "frob manual", text, (),
                        ((0, 1, "frob manual"), (text.index("-k --keep"), 2, "-k --keep")))
    assert text[slice(*opening_sentence(document, text.index("Given twice")))] == "Keep the input files."  # type: ignore[misc]
    assert opening_sentence(document, 3) is None  # (under "frob manual": nothing but its heading below)
    answer, _ = _ask(document, "What does the -k option do?", [_passage(document, 0, len(text))])
    assert [c.text for c in answer.citations] == ["Keep the input files.",
                                                  "Given twice, what does the -k option do: it keeps the logs too."]
    assert answer.confidence == DEFINED_CONFIDENCE and answer.short is not None and answer.short.text == "Keep the input files."


def test_an_option_s_history_in_a_markdown_comment_gives_way_to_the_definition_under_it() -> None:
    """Node.js writes each option's history in a Markdown comment under its heading; the fake
    reader's best sentence lies in it (a run of the question's words), under the threshold. Where
    the question asks what the option does, the section's opening sentence after the comment is
    the answer, as a definition; asked when it was added, the history is read as before."""
    text = ("# Command-line API\n\n## `--frob`\n\n<!-- YAML\nchanges: the frob option was renamed.\n-->\n\n"
            "Frobs the input files.\n")
    document = Document("d", "node/cli.md", "Command-line API", text, (),
                        ((0, 1, "Command-line API"), (text.index("## `--frob`"), 2, "`--frob`")))
    assert commented(text, text.index("changes:")) and not commented(text, text.index("Frobs"))
    passages = [_passage(document, 0, len(text))]
    answer, _ = _ask(document, "What does the --frob option do?", passages)
    assert [c.text for c in answer.citations] == ["Frobs the input files."] and answer.confidence == DEFINED_CONFIDENCE
    added, _ = _ask(document, "When was the --frob option added?", passages)
    assert "Frobs the input files." not in [c.text for c in added.citations + added.suggestions][:1]
