"""A heading or a paragraph's opening sentence saying what the thing asked is answers "What is X?"
and "What does X do?" (qa/definitions.py, through qa.list_items.item_answer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.definitions import SENTENCE_CHARS, defined, titled
from qa.list_items import ITEM_CONFIDENCE
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

GETOPT = {"getopt"}


@pytest.mark.parametrize(("title", "thing", "said"), [
    ("5.\xa0Cachegrind: a cache and branch-prediction profiler", {"cachegrind"}, "a cache and branch-prediction profiler"),
    ("json — JSON encoder and decoder", {"json"}, "JSON encoder and decoder"),
    ("`zstd` - fast lossless compression", {"zstd"}, "fast lossless compression"),
    ("getopt(1): parse command options", GETOPT, "parse command options"),
    ("Cachegrind options", {"cachegrind"}, None),  # (no colon nor dash)
    ("Using Cachegrind: the basics", {"cachegrind"}, None),  # (not its name first)
    ("cachegrind2: a newer one", {"cachegrind"}, None),  # (a longer name)
    ("cg-annotate: x", {"cg"}, None),
    ("Cachegrind: ok", {"cachegrind"}, None),  # (too short to say what it is)
    ("Cachegrind:1.2", {"cachegrind"}, None),  # (no space after the colon)
])
def test_a_heading_naming_the_thing_then_a_colon_or_dash_says_what_it_is(title: str, thing: set[str], said: str | None) -> None:
    offset = titled(title, frozenset(thing))
    assert (None if offset is None else title[offset:]) == said


GETOPT_TXT = ("This package contains a reimplementation of getopt(1).\n\nPREFACE\n\nGetopt(1) is a program to help shell "
              "scripts parse command-line parameters. It can do anything.\n\nHIGHLIGHTS\n\nThe getopt here is not a toy. "
              "getopt is a word in this sentence.\n\n  getopt, the parser, is used to parse options.\n\n"
              "getopt is not a library.\n\ngetopts is a shell builtin.\n")


def _defined(text: str, thing: set[str], start: int = 0, end: int | None = None) -> list[tuple[str, str]]:
    return [(text[d.start:d.end], text[d.described:d.end]) for d in defined(text, frozenset(thing), start, end)]


def test_a_paragraph_opening_with_the_thing_s_name_and_is_says_what_it_is() -> None:
    assert _defined(GETOPT_TXT, GETOPT) == [
        ("Getopt(1) is a program to help shell scripts parse command-line parameters.",
         "a program to help shell scripts parse command-line parameters."),
        ("getopt, the parser, is used to parse options.", "used to parse options.")]
    assert _defined(GETOPT_TXT, {"getopts"}) == [("getopts is a shell builtin.", "a shell builtin.")]
    text = 'vgdb ("Valgrind to GDB") is a small program that is used as an intermediary.\n\nThe vgdb is one tool.'
    assert _defined(text, {"vgdb"}) == [('vgdb ("Valgrind to GDB") is a small program that is used as an intermediary.',
                                         "a small program that is used as an intermediary."),
                                        ("The vgdb is one tool.", "one tool.")]
    assert _defined(text, {"vgdb"}, 10) == [("The vgdb is one tool.", "one tool.")]  # (opening in the range)
    assert _defined("A sentence.\ngetopt is a program.", GETOPT) == []  # (not a paragraph's opening)
    assert _defined("getopt (Getopt. Really) is a program.", GETOPT) == []  # (a sentence ending before "is")
    assert _defined("getopt is designed to be fast.\n\ngetopt is used by shells.", GETOPT) == []  # (says how, not what)
    assert _defined("getopt-ng is a program.\n\ngetopt_long is a call.\n\nlibgetopt is a library.", GETOPT) == []
    assert _defined("**getopt** is a program.\n\n__getopt__ is one.", GETOPT) == [  # (in strong marks: scikit-learn's README)
        ("**getopt** is a program.", "a program."), ("__getopt__ is one.", "one.")]
    assert _defined("Ninja is yet another build system. It is fast.\n\nninja is another tool.", {"ninja"}) == [
        ("Ninja is yet another build system.", "yet another build system."), ("ninja is another tool.", "another tool.")]


def test_a_paragraph_opening_with_the_name_a_dash_and_what_it_is_says_it_to_its_line_s_end() -> None:
    text = ("#\t@(#)README\n\ncol - filter out reverse line feeds.\n\nIn the 32V source code to col(1) the default.\n\n"
            "libblkid - a library to handle device identification\nand token extraction. Basic usage.\n\n"
            "col -x does this.\n\ncol-ng - another.\n\ncol — the filter\n")
    assert _defined(text, {"col"}) == [("col - filter out reverse line feeds.", "filter out reverse line feeds."),
                                       ("col — the filter", "the filter")]
    assert _defined(text, {"libblkid"}) == [("libblkid - a library to handle device identification",
                                             "a library to handle device identification")]


def test_a_long_defining_sentence_is_cut_at_its_last_whole_word() -> None:
    text = "getopt is a program " + "that parses " * 60 + "options."
    (cited, _), = _defined(text, GETOPT)
    assert len(cited) < SENTENCE_CHARS and text.startswith(cited) and text[len(cited)] == " "


CHANGELOG = "util-linux (2.36)\n\n  * getopt(1): explicitly say where examples are on Debian\n"
MANUAL = ("5.\xa0Cachegrind: a cache and branch-prediction profiler\n\nTo use this tool, specify --tool=cachegrind.\n\n"
          "5.1.\xa0Overview\n\nCachegrind simulates how your program interacts with a cache.\n\n"
          "5.2.\xa0Cachegrind is a profiler.\n\nCachegrind is a tool of Valgrind.\n")
_HEADINGS = ((0, 1, "5.\xa0Cachegrind: a cache and branch-prediction profiler"), (MANUAL.index("5.1."), 2, "5.1.\xa0Overview"),
             (MANUAL.index("5.2."), 2, "5.2.\xa0Cachegrind is a profiler."))


def _ask(question: str, documents: list[tuple[str, str, tuple[tuple[int, int, str], ...]]], start: int = 0) -> Answer:
    """The answer to ``question`` over ``documents`` (source, text, headings), each one passage in
    that order: from ``start`` of its text."""
    held = {n: Document(f"d{n}", source, "t", text, (), headings) for n, (source, text, headings) in enumerate(documents, 1)}
    passages = [Passage(chunk_id=n, span=Span(n, d.doc_id, d.source, d.title, start, len(d.text), d.text[start:]),
                        score=1.0, rank=n - 1) for n, d in held.items()]
    answerer = ModelAnswerer(DictCorpus(held), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, passages)


@pytest.mark.parametrize("question", ["What does getopt do?", "What is getopt?", "What is the getopt program?"])
def test_the_definition_answers_what_a_thing_is_or_does_not_a_changelog_line(question: str) -> None:
    answer = _ask(question, [("util-linux/changelog.Debian.gz", CHANGELOG, ()), ("util-linux/getopt.txt", GETOPT_TXT, ())])
    assert answer.confidence == ITEM_CONFIDENCE
    assert [c.text for c in answer.citations] == ["Getopt(1) is a program to help shell scripts parse command-line parameters."]
    assert answer.short is not None and answer.short.text == "a program to help shell scripts parse command-line parameters."


@pytest.mark.parametrize("question", ["What does getopt stand for?", "What does getopt mean?", "What does getopt -o do?",
                                      "How does getopt work?", "What does the parser do?"])
def test_a_definition_does_not_answer_what_a_name_stands_for_nor_other_questions(question: str) -> None:
    assert _ask(question, [("util-linux/getopt.txt", GETOPT_TXT, ())]).confidence != ITEM_CONFIDENCE


def test_a_changelog_s_definition_answers_nothing() -> None:
    assert _ask("What does getopt do?", [("util-linux/changelog", GETOPT_TXT, ())]).confidence != ITEM_CONFIDENCE


def test_a_heading_over_the_passage_naming_the_thing_answers_cited_from_the_name() -> None:
    """The chapter's title lies over every passage of it; its numbering is not cited."""
    answer = _ask("What is Cachegrind?", [("valgrind/html/cg-manual.html", MANUAL, _HEADINGS)], start=MANUAL.index("5.1."))
    assert answer.confidence == ITEM_CONFIDENCE
    assert [c.text for c in answer.citations] == ["Cachegrind: a cache and branch-prediction profiler"]
    assert answer.short is not None and answer.short.text == "a cache and branch-prediction profiler"


def test_a_heading_in_the_passage_naming_the_thing_answers_where_it_is_the_text_there() -> None:
    """A heading the passage holds, not over its start; not one whose title the text does not write there."""
    text = "Valgrind's tools.\n\n9. Massif: a heap profiler\n\nMassif measures heap memory.\n"
    at = text.index("9. Massif")
    answer = _ask("What does Massif do?", [("valgrind/tools.txt", text, ((at, 1, "9. Massif: a heap profiler"),))])
    assert [c.text for c in answer.citations] == ["Massif: a heap profiler"]
    answer = _ask("What does Massif do?", [("valgrind/tools.txt", text, ((at, 1, "9. Massif: a tool"),))])
    assert answer.confidence != ITEM_CONFIDENCE


@pytest.mark.parametrize("marks", ["# ", "### ", "#\t"])
def test_a_markdown_title_naming_the_thing_answers_cited_without_its_marks(marks: str) -> None:
    """npm's README: its title over "### Requirements", the heading's offset at its "#"."""
    text = f"{marks}npm - a JavaScript package manager\n\n### Requirements\n\nYou should be running Node.js.\n"
    heads = ((0, 1, "npm - a JavaScript package manager"), (text.index("### R"), 3, "Requirements"))
    answer = _ask("What is npm?", [("npm/README.md", text, heads)], start=text.index("You"))
    assert [c.text for c in answer.citations] == ["npm - a JavaScript package manager"]
    assert answer.short is not None and answer.short.text == "a JavaScript package manager"
    text = "#######" + text.lstrip(marks)  # (seven marks make no Markdown heading: the title is not written there)
    answer = _ask("What is npm?", [("npm/README.md", text, ((0, 1, heads[0][2]), (text.index("### R"), 3, "Requirements")))])
    assert answer.confidence != ITEM_CONFIDENCE


def test_the_first_passage_s_definition_answers() -> None:
    """In retrieval order: a paragraph of the first passage before a heading of the second."""
    answer = _ask("What is Cachegrind?", [("valgrind/cachegrind.txt", "Cachegrind is one of the tools.\n", ()),
                                          ("valgrind/html/cg-manual.html", MANUAL, _HEADINGS)])
    assert [c.text for c in answer.citations] == ["Cachegrind is one of the tools."]


def test_the_chunk_holding_the_definition_is_lifted(tmp_path: Path) -> None:
    """The paragraph saying what getopt is is one line, which a changelog's many lines naming it outrank."""
    from qa import DocumentQA
    from qa.list_items import listing_chunks
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs" / "util-linux"
    docs.mkdir(parents=True)
    (docs / "changelog").write_text("".join(f"* getopt: fixed bug {n} in getopt, getopt works now\n\n" for n in range(300)))
    parts = "".join(f"\n\nPart {n}: text {n} about parsing shell arguments and getopt." for n in range(60))
    (docs / "changelog-cg").write_text("".join(f"* cachegrind: fixed bug {n} in cachegrind\n\n" for n in range(300)))
    (docs / "cg.md").write_text(parts.replace("getopt", "cache") + "\n\n# Cachegrind: a cache profiler\n\nIt counts misses.\n")
    (docs / "getopt.txt").write_text(parts + "\n\n" + GETOPT_TXT.split("HIGHLIGHTS")[0])
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        lifted = listing_chunks(bot.store, "What does getopt do?", None, None)
        assert len(lifted) == 1 and "Getopt(1) is a program" in bot.store.chunks(lifted)[lifted[0]].text
        assert listing_chunks(bot.store, "What does getopt stand for?", None, None) == []
        answer = bot.ask("What does getopt do?")
        assert answer.confidence == ITEM_CONFIDENCE and answer.citations[0].text.startswith("Getopt(1) is a program")
        lifted = listing_chunks(bot.store, "What is cachegrind?", None, None)  # (a heading naming it in the catalog)
        assert len(lifted) == 1 and "# Cachegrind: a cache" in bot.store.chunks(lifted)[lifted[0]].text
    finally:
        bot.close()
