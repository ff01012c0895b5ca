"""What an option or a call's part is by default (``qa.defaults``): the heading or line that writes
it where the manual defines it answers, in valgrind's, xsltproc's, Python's and Node.js's forms."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.asked_terms import asks_default
from qa.defaults import DEFAULT_CONFIDENCE, answers_default, asked_default_part
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

MANUAL = ("valgrind manual\n\n--num-callers=<number> [default: 12]\n\nSpecifies the maximum number of entries shown in "
          "stack traces.\n\n--maxdepth VALUE\n\nAdjust the maximum depth of the template stack. The default is 3000.\n\n"
          "--with-system-expat\n\nBuild the pyexpat module using an installed expat library (default is no).\n\n"
          "--with-trace-refs\n\nEnable tracing references for debugging purpose (disabled by default).\n\n"
          "--test-concurrency\n\nThe maximum number of test files to run at once. The default value is "
          "`os.availableParallelism() - 1`.\n\n--quiet\n\nPrint nothing.\n")
FUNCTIONS = ("Built-in Functions\n\nmin(iterable, *, key=None)\n\nmin(iterable, *, default, key=None)\n\nReturn the smallest."
             "\n\nprint(*objects, sep=' ', end='\\n', file=None, flush=False)\n\nPrint objects to the text stream file.\n\n"
             "sorted(iterable, /, *, key=None, reverse=False)\n\nReturn a new sorted list. key has no default value here.\n")
FS = ("# File system\n\n### `fs.mkdir(path[, options], callback)`\n\n<!-- YAML\nadded: v0.1.8\n-->\n\n"
      "* `path` {string|Buffer|URL}\n* `options` {Object|integer}\n  * `recursive` {boolean} **Default:** `false`\n"
      "  * `mode` {string|integer} Not supported on Windows. **Default:** `0o777`.\n* `callback` {Function}\n\n"
      "Asynchronously creates a directory.\n")


def _document(text: str, source: str, titles: list[str]) -> Document:
    heads = tuple((text.index(title), 1 if i == 0 else 2, title) for i, title in enumerate(titles))
    return Document("d", source, source, text, (), heads)


def _ask(document: Document, question: str) -> Answer:
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


def _manual() -> Document:
    return _document(MANUAL, "valgrind/manual-core.html", ["valgrind manual", "--num-callers=<number> [default: 12]",
                     "--maxdepth VALUE", "--with-system-expat", "--with-trace-refs", "--test-concurrency", "--quiet"])


def _functions() -> Document:
    return _document(FUNCTIONS, "python3/library/functions.html", ["Built-in Functions", "min(iterable, *, key=None)",
                     "min(iterable, *, default, key=None)", "print(*objects, sep=' ', end='\\n', file=None, flush=False)",
                     "sorted(iterable, /, *, key=None, reverse=False)"])


@pytest.mark.parametrize(("question", "asks", "part"), [
    ("What is the default of --num-callers?", True, None), ("What does --maxdepth default to?", True, None),
    ("What is the default value of the reverse argument of sorted()?", True, "reverse"),
    ("What is the default of sep in print()?", True, "sep"), ("What is the default mode of fs.mkdir()?", True, "mode"),
    ("What does print() use for end by default?", True, "end"),
    ("What is the default value of strict in zip()?", True, "strict"),
    ("What does the --default option do?", False, None), ("What is the default encoding?", False, None),  # (no name)
    ("Which version added the default parameter to min()?", False, "default"),  # (a part named "default")
])
def test_asks_default_and_the_part_asked(question: str, asks: bool, part: str | None) -> None:
    assert asks_default(question) is asks
    assert asked_default_part(question) == part


@pytest.mark.parametrize(("question", "cited", "value"), [
    ("What is the default of --num-callers?", "--num-callers=<number> [default: 12]", "12"),
    ("What does --maxdepth default to?", "The default is 3000.", "3000"),
    ("What is the default value of the --with-system-expat option?",
     "Build the pyexpat module using an installed expat library (default is no).", "no"),
    ("What is the default of --with-trace-refs?",
     "Enable tracing references for debugging purpose (disabled by default).", "disabled"),
    ("What is the default value of --test-concurrency?", "The default value is `os.availableParallelism() - 1`.",
     "`os.availableParallelism() - 1`"),
])
def test_an_option_s_default_is_its_heading_s_or_its_section_s(question: str, cited: str, value: str) -> None:
    answer = _ask(_manual(), question)
    assert not answer.abstained and answer.confidence == DEFAULT_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited] and answer.short_answer == value, question
    assert MANUAL[answer.citations[0].start:answer.citations[0].end] == cited


@pytest.mark.parametrize(("question", "cited", "value"), [
    ("What is the default value of the reverse argument of sorted()?", "sorted(iterable, /, *, key=None, reverse=False)",
     "False"),
    ("What does print() use for end by default?", "print(*objects, sep=' ', end='\\n', file=None, flush=False)", "'\\n'"),
    ("What is the default of sep in print()?", "print(*objects, sep=' ', end='\\n', file=None, flush=False)", "' '"),
    ("What is the default key of min()?", "min(iterable, *, key=None)", "None"),  # (the first of its signatures)
])
def test_a_call_s_part_s_default_is_its_signature_s(question: str, cited: str, value: str) -> None:
    answer = _ask(_functions(), question)
    assert not answer.abstained and answer.confidence == DEFAULT_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited] and answer.short_answer == value, question


@pytest.mark.parametrize(("question", "cited", "value"), [
    ("What is the default value of the recursive option of fs.mkdir()?", "* `recursive` {boolean} **Default:** `false`",
     "false"),
    ("What is the default mode of fs.mkdir()?", "* `mode` {string|integer} Not supported on Windows. **Default:** `0o777`.",
     "0o777"),
    ("What does options.recursive of fs.mkdir() default to?", "* `recursive` {boolean} **Default:** `false`", "false"),
])
def test_a_node_option_s_default_is_its_default_line(question: str, cited: str, value: str) -> None:
    document = Document("d", "nodejs/fs.md", "nodejs/fs.md", FS, (), ((0, 1, "File system"),
                        (FS.index("### `fs.mkdir"), 3, "fs.mkdir(path[, options], callback)")))
    answer = _ask(document, question)
    assert not answer.abstained and answer.confidence == DEFAULT_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited] and answer.short_answer == value, question


@pytest.mark.parametrize(("document", "question"), [
    ("functions", "What is the default value of the iterable argument of sorted()?"),  # no default written
    ("functions", "What is the default of the flush argument of min()?"),  # another call's part
    ("manual", "What is the default of the --quiet option?"),  # its section writes none
    ("manual", "What is the default of the --num-callers option of gdb?"),  # another program's manual
])
def test_a_default_the_documents_do_not_write_is_not_answered(document: str, question: str) -> None:
    answer = _ask(_functions() if document == "functions" else _manual(), question)
    assert answer.confidence != DEFAULT_CONFIDENCE and all("default" not in c.text.lower() for c in answer.citations), question


def test_the_reader_s_sentence_answers_a_default_only_where_it_says_one_for_the_part_asked() -> None:
    assert not answers_default("What does --locals default to?", "Show local variables in tracebacks.")
    assert answers_default("What does --locals default to?", "Locals are not shown unless --locals is given.")
    sorted_iterable = "What is the default value of the iterable argument of sorted()?"
    assert not answers_default(sorted_iterable, "The default value is None (compare the elements directly).")
    assert answers_default(sorted_iterable, "If iterable is omitted, an empty list is sorted.")
    assert answers_default("What does sorted() do?", "Return a new sorted list.")  # (not asked a default)
