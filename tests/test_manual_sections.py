"""What a manual's section named for a thing says it is (``qa.list_items.named_section``), as a
user asks of a program's manual: "What is a pool in Ninja?" (the program it is asked of left out
of the thing, the heading its plural, a version note before its first paragraph passed over),
"What does the phony rule do?" (a thing of words, headed "The phony rule"), and "What is the TIME
environment variable?" (a variable: not the manual of time, nor its section "Time")."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.blocks import blocks
from qa.list_items import ITEM_CONFIDENCE, thing_words
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus
from tests.test_man_text import man_document

NINJA = ("The Ninja build system\n\n"
         "More details\n\n"
         "The phony rule\n\nThe special rule name phony can be used to create aliases for other targets.\n\n"
         "Pools\n\nAvailable since Ninja 1.1.\n\nPools allow you to allocate a finite number of concurrent jobs.\n\n"
         "The console pool\n\nThere exists a pre-defined pool named console with a depth of 1.\n\n"
         "Phony rules everywhere\n\nNot this one.\n")
TIME = ("Time\n\nThis file documents the GNU time command for running programs.\n\n"
        "1.1 Setting the Output Format\n\nIf the TIME environment variable is set, its value is used as the format string.\n")


def headed_document(text: str, source: str, titles: list[str]) -> Document:
    """``text`` as a document of ``source`` titled by its first heading, each of ``titles`` a heading
    where it stands alone on its line (the first of level 1, the others of level 2)."""
    return Document("d", source, titles[0], text, (), tuple((text.index(f"{t}\n\n"), 1 if n == 0 else 2, t)
                                                          for n, t in enumerate(titles)))


def ask_one(document: Document, question: str) -> Answer:
    """``question`` answered over ``document`` read whole, with the fake reader."""
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


def _ninja() -> Document:
    return headed_document(NINJA, "ninja-build/manual.html",
                     ["The Ninja build system", "More details", "The phony rule", "Pools", "The console pool",
                      "Phony rules everywhere"])


@pytest.mark.parametrize(("question", "thing"), [
    ("What is a pool in Ninja?", "pool"), ("What does POSIXLY_CORRECT do in bc?", "POSIXLY_CORRECT"),
    ("What is the pg_wrapper program for?", "pg_wrapper"), ("What does the frob_free function do?", "frob_free"),
    ("What is the largest city in Poland?", "largest city"),  # (two words: no name of a heading alone, no section's)
    ("What does blocksize specify in mke2fs.conf?", "blocksize"), ("What does the TERM statement control?", "TERM"),
])
def test_the_program_a_thing_is_asked_of_and_its_kind_are_left_out(question: str, thing: str | None) -> None:
    assert thing_words(question) == thing


@pytest.mark.parametrize(("question", "cited"), [
    ("What is a pool in Ninja?", "Pools allow you to allocate a finite number of concurrent jobs."),  # (plural; note passed)
    ("What are pools?", "Pools allow you to allocate a finite number of concurrent jobs."),
    ("What does the phony rule do?", "The special rule name phony can be used to create aliases for other targets."),
    ("What is the console pool?", "There exists a pre-defined pool named console with a depth of 1."),
])
def test_a_section_headed_by_the_thing_answers(question: str, cited: str) -> None:
    answer = ask_one(_ninja(), question)
    assert answer.confidence == ITEM_CONFIDENCE and [c.text for c in answer.citations] == [cited]


def test_a_heading_of_more_words_than_the_thing_s_is_not_its_section() -> None:
    answer = ask_one(_ninja(), "What is the phony rule?")
    assert [c.text for c in answer.citations] != ["Not this one."]
    assert ask_one(_ninja(), "What are console pools everywhere?").confidence != ITEM_CONFIDENCE


def test_a_version_note_is_no_paragraph_of_a_section() -> None:
    text = ("Pools\n\nAvailable since Ninja 1.1.\n\nPools allow it.\n\nAvailable since then, with more words.\n\n"
            "Available since 2.0.\n")
    assert [text[a:b] for a, b in blocks(text, 0, len(text))] == ["Pools", "Pools allow it.",
                                                                  "Available since then, with more words."]


def test_a_variable_asked_is_not_answered_by_the_program_s_manual_or_a_section_named_otherwise() -> None:
    """"Time" heads time's manual; the TIME environment variable is another thing (its heading as
    written, where a variable is asked). The fake reader then picks the sentence that writes it."""
    document = headed_document(TIME, "time/time.html", ["Time", "1.1 Setting the Output Format"])
    answer = ask_one(document, "What is the TIME environment variable?")
    assert answer.citations and answer.citations[0].text.startswith("If the TIME environment variable is set")
    assert answer.confidence != ITEM_CONFIDENCE
    opening = "This file documents the GNU time command for running programs."
    assert ask_one(document, "What is time?").citations[0].text == opening


def test_a_sentence_of_the_section_saying_what_the_thing_of_words_is_is_cited_alone() -> None:
    text = ("Bash Reference\n\n6.10 The Restricted Shell\n\nIf Bash is started as rbash, the shell becomes restricted. "
            "A restricted shell is used to set up a controlled environment. It disallows cd.\n")
    document = headed_document(text, "bash/bashref.txt", ["Bash Reference", "6.10 The Restricted Shell"])
    answer = ask_one(document, "What is a restricted shell used for?")
    assert answer.confidence == ITEM_CONFIDENCE
    assert [c.text for c in answer.citations] == ["A restricted shell is used to set up a controlled environment."]


def test_a_task_s_words_are_no_thing_s_heading() -> None:
    text = "pip guide\n\nUpgrading pip\n\nRun pip install --upgrade pip.\n"
    document = headed_document(text, "pip/guide.md", ["pip guide", "Upgrading pip"])
    assert ask_one(document, "What does upgrading pip do?").confidence != ITEM_CONFIDENCE


TOOLS = ("The Ninja build system\n\nExtra tools\n\nThe -t flag runs some tools.\n\n"
         "clean\n\nremove built files. By default it removes all built files.\n\n"
         "compdb\n\nprints a compilation database for the Clang tooling interface.\n\n"
         "Writing your own files\n\nA build file lists rules.\n")


def _tools(text: str = TOOLS, source: str = "ninja-build/manual.html",
           terms: tuple[str, ...] = ("clean", "compdb")) -> Document:
    """Ninja's manual's tools, a definition list (read from its HTML table) whose terms are headings under "Extra tools"."""
    heads = [(text.index("The Ninja build system"), 1, "The Ninja build system"), (text.index("Extra tools"), 2, "Extra tools")]
    heads += [(text.index(f"\n\n{t}\n\n") + 2, 3, t) for t in terms]
    heads.append((text.index("Writing your own files"), 2, "Writing your own files"))
    return Document("d", source, "The Ninja build system", text, (), tuple(sorted(heads)))


def test_a_task_is_answered_by_the_term_whose_section_says_it_does_it() -> None:
    """"clean" heads "remove built files. ...": a term of a list that does what is asked, its
    paragraph cited as a list item is (``qa.term_lists``), its section path naming the term."""
    answer = ask_one(_tools(), "How do I remove built files with ninja?")
    assert answer.confidence == ITEM_CONFIDENCE and answer.short is None
    assert [(c.text, c.section) for c in answer.citations] == [
        ("remove built files. By default it removes all built files.", "The Ninja build system › Extra tools › clean")]


def test_a_term_alone_under_its_section_is_no_list() -> None:
    text = TOOLS.replace("compdb\n\nprints a compilation database", "Compilation databases\n\nprints one")
    answer = ask_one(_tools(text, terms=("clean", "Compilation databases")), "How do I remove built files with ninja?")
    assert answer.confidence != ITEM_CONFIDENCE


@pytest.mark.parametrize("question", ["What does ninja -t clean do?", "What does the ninja -t clean tool do?"])
def test_a_term_asked_as_its_command_line_writes_it_is_answered_by_its_section(question: str) -> None:
    assert thing_words("What does ninja -t clean do?") == "ninja -t clean"
    answer = ask_one(_tools(), question)
    assert answer.confidence == ITEM_CONFIDENCE
    assert [c.text for c in answer.citations] == ["remove built files. By default it removes all built files."]


def test_a_command_line_of_another_program_is_not_answered_by_the_term_s_section() -> None:
    answer = ask_one(_tools(), "What does make -t clean do?")
    assert [c.text for c in answer.citations] != ["remove built files. By default it removes all built files."]


def test_a_setting_s_section_answers_by_its_prose_past_its_field_lines() -> None:
    """A configuration reference's "**Default** - ``false``" above a setting's paragraph is no
    answer to what the setting does; the paragraph after it is."""
    text = ("S3 Configuration\n\nuse_dualstack_endpoint\n\n**Default** - ``false``\n**Type** - boolean\n\n"
            "If set to ``true``, will direct all Amazon S3 requests to the dual IPv4 / IPv6 endpoint.\n")
    document = headed_document(text, "awscli/s3-config.rst", ["S3 Configuration", "use_dualstack_endpoint"])
    answer = ask_one(document, "What does use_dualstack_endpoint do?")
    assert not answer.abstained and answer.confidence == ITEM_CONFIDENCE
    assert answer.citations[0].text == "If set to ``true``, will direct all Amazon S3 requests to the dual IPv4 / IPv6 endpoint."


LOGIND = ("LOGIND.CONF(5)             logind.conf             LOGIND.CONF(5)\n\nNAME\n       logind.conf - Login manager "
          "configuration files\n\nOPTIONS\n       HandlePowerKey=, HandleSuspendKey=,\n"
          "       HandleLidSwitch=, HandleLidSwitchDocked=\n"
          "           Controls how logind shall handle the power key and the lid switch.\n\n"
          "           HandleLidSwitch= defaults to \"suspend\".\n\n       TERM terminal-type\n"
          "           Starts a terminal-specific section.\n\n       Python scripts\n           Not a term with its value.\n")


def _logind() -> Document:
    return man_document(LOGIND, "logind.conf.txt")


@pytest.mark.parametrize(("question", "cited"), [
    ("What does HandleLidSwitch= do?", "Controls how logind shall handle the power key and the lid switch."),  # (one of a list)
    ("What does HandlePowerKey= do?", "Controls how logind shall handle the power key and the lid switch."),
    ("What does the TERM statement do?", "Starts a terminal-specific section."),  # (a term with the value it takes after it)
])
def test_a_setting_of_a_heading_of_several_or_with_its_value_is_answered_by_its_section(question: str, cited: str) -> None:
    answer = ask_one(_logind(), question)
    assert not answer.abstained and answer.confidence == ITEM_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited], question


@pytest.mark.parametrize(("title", "term"), [
    ("COLOR yes|all|no|none|tty", "COLOR"), ("TERM terminal-type", "TERM"), ("UMASK (number)", "UMASK"),
    ("OPTIONS options", "OPTIONS"), ("Port <number>", "Port"),
    ("Python scripts", None), ("Port", None), ("The phony rule", None),  # (words; a term alone)
])
def test_a_term_s_heading_with_the_value_it_takes(title: str, term: str | None) -> None:
    from index.sections import tagged_term

    assert tagged_term(title) == term
