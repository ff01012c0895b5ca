"""When an option or a call was added (``qa.added_in``): the version line of the section that
defines it answers, Python's "New in version 3.7." and Node.js's YAML history alike."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.added_in import ADDED_CONFIDENCE, answers_when, asks_added, came, heading_answers, says_came
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

FUNCTIONS = ("Built-in Functions\n\nbreakpoint(*args, **kws)\n\nThis function drops you into the debugger.\n\n"
             "New in version 3.7.\n\nclass Frob\n\nA frobnicator.\n\nFrob.spin()\n\nSpins it.\n\n"
             "Frob.stop()\n\nStops it.\n\nNew in version 3.4.\n\nzip(*iterables, strict=False)\n\nIterate in parallel.\n\n"
             "New in version 3.10: the strict argument.\n")
CLI = ("# Command-line API\n\n## Options\n\n### `--watch`\n\n<!-- YAML\nadded:\n  - v18.11.0\n  - v16.19.0\n-->\n\n"
       "Starts Node.js in watch mode.\n\n### `--env-file=config`\n\n<!-- YAML\nadded: v20.6.0\n-->\n\nLoads a file.\n")


def _document(text: str, source: str, heads: list[tuple[str, int, str]]) -> Document:
    return Document("d", source, source, text, (), tuple((text.index(line), level, title) for line, level, title in heads))


def _functions() -> Document:
    return _document(FUNCTIONS, "python3/library/functions.html", [
        ("Built-in Functions", 1, "Built-in Functions"), ("breakpoint(", 2, "breakpoint(*args, **kws)"),
        ("class Frob", 2, "class Frob"), ("Frob.spin()", 3, "Frob.spin()"), ("Frob.stop()", 3, "Frob.stop()"),
        ("zip(", 2, "zip(*iterables, strict=False)")])


def _cli() -> Document:
    return _document(CLI, "nodejs/cli.md", [("# Command-line API", 1, "Command-line API"), ("## Options", 2, "Options"),
                                             ("### `--watch`", 3, "`--watch`"), ("### `--env", 3, "`--env-file=config`")])


def _ask(document: Document, question: str) -> Answer:
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "asks"), [
    ("When was breakpoint() added?", True), ("In which version was the --watch option added?", True),
    ("Which version added the -X option?", True), ("Since which Python version is breakpoint() available?", True),
    ("When was --env-file introduced?", True), ("Since when does node have --watch?", True),
    ("What does breakpoint() do?", False), ("When was Python 3.7 released?", False),  # (no option or call)
    ("What does the --new option do?", False),
])
def test_asks_added_is_a_question_of_when_an_option_or_call_came(question: str, asks: bool) -> None:
    assert asks_added(question) is asks


@pytest.mark.parametrize(("question", "line", "version"), [
    ("When was breakpoint() added?", "New in version 3.7.", "3.7"),
    ("Since which Python version is breakpoint() available?", "New in version 3.7.", "3.7"),
    ("When was Frob.stop() added?", "New in version 3.4.", "3.4"),
])
def test_python_s_version_line_under_a_call_s_heading_answers_when_it_was_added(question: str, line: str,
                                                                                 version: str) -> None:
    answer = _ask(_functions(), question)
    assert not answer.abstained and answer.confidence == ADDED_CONFIDENCE
    assert [c.text for c in answer.citations] == [line] and answer.short_answer == version
    assert FUNCTIONS[answer.citations[0].start:answer.citations[0].end] == line


def test_node_s_yaml_history_answers_with_its_first_version() -> None:
    watch = _ask(_cli(), "In which version was the --watch option added?")
    assert [c.text for c in watch.citations] == ["added:\n  - v18.11.0\n  - v16.19.0"] and watch.short_answer == "18.11.0"
    env = _ask(_cli(), "When was --env-file added?")
    assert [c.text for c in env.citations] == ["added: v20.6.0"] and env.short_answer == "20.6.0"
    assert env.confidence == ADDED_CONFIDENCE and env.text == "added: v20.6.0 [1]"


def test_no_version_line_of_another_section_or_of_a_part_answers() -> None:
    """Frob.spin() writes no version; the next method's line is not its own. zip()'s line says
    when its strict argument came, not zip()."""
    for question in ("When was Frob.spin() added?", "When was zip() added?", "When was the class Frob added?"):
        answer = _ask(_functions(), question)
        assert all("New in version" not in c.text for c in answer.citations), question
    assert _ask(_functions(), "What does breakpoint() do?").confidence != ADDED_CONFIDENCE


def test_headings_written_one_after_another_share_the_version_line_under_the_last() -> None:
    text = ("unittest\n\nassertIsNone(expr)\n\nassertIsNotNone(expr)\n\nTest that expr is (or is not) None.\n\n"
            "New in version 3.1.\n")
    document = _document(text, "python3/library/unittest.html", [("unittest", 1, "unittest"), ("assertIsNone", 2,
                         "assertIsNone(expr)"), ("assertIsNotNone", 2, "assertIsNotNone(expr)")])
    for question in ("When was assertIsNone() added?", "When was assertIsNotNone() added?"):
        answer = _ask(document, question)
        assert [c.text for c in answer.citations] == ["New in version 3.1."] and answer.short_answer == "3.1", question


def test_asked_when_a_call_came_a_definition_s_words_are_no_answer() -> None:
    """Where no version line says when spin() came, the fake reader's sentence of its section (a
    long run of the question's words, well above the threshold) writes no number: the question is
    refused, not answered with a definition's words."""
    assert answers_when("When was sum() added?", "3.2") and not answers_when("When was sum() added?", "Sums start")
    assert answers_when("What does sum() do?", "Sums start")
    text = "Frob\n\nspin()\n\nWhen spin was added it spins the frob.\n"
    document = _document(text, "frob/api.html", [("Frob", 1, "Frob"), ("spin()", 2, "spin()")])
    assert not _ask(document, "What does spin() do?").abstained  # (the sentence the reader picks)
    answer = _ask(document, "When was spin() added?")
    assert answer.abstained and answer.citations == []


@pytest.mark.parametrize(("short", "heading", "answers"), [
    ("2.7.1", "2.7.1. Tool-selection Option", False),  # a manual's numbered section, not a version
    ("1.1.3", "1.1.3. Miscellaneous options", False),
    ("1.6", "* Noteworthy changes in release 1.6 (2013-06-09) [stable]", True),
    ("1.6-1", "gzip (1.6-1) unstable; urgency=low", True),
    ("3.7", "", True),  # (not a heading's)
])
def test_a_heading_answers_when_an_option_came_only_where_it_heads_a_release(short: str, heading: str,
                                                                             answers: bool) -> None:
    assert answers_when("When was the --tool option added?", short, heading) is answers
    assert heading_answers("When was the --tool option added?", short, heading) is answers
    assert answers_when("What does the --tool option do?", short, heading)  # (asked not when it came)


PARTS = ("Built-in Functions\n\nmin(iterable, *, key=None)\n\nmin(iterable, *, default, key=None)\n\n"
         "Return the smallest item.\n\n"
         "New in version 3.4: The default keyword-only argument.\n\nChanged in version 3.8: The key can be None.\n\n"
         "print(*objects, sep=' ', end='\\n', file=None, flush=False)\n\nPrint objects to the text stream file.\n\n"
         "Changed in version 3.3: Added the flush keyword argument.\n\nsum(iterable, /, start=0)\n\n"
         "Sums start and the items of an iterable.\n\nChanged in version 3.8: The start parameter can be specified as a "
         "keyword argument.\n\nopen(file, mode='r', encoding=None)\n\nOpen file.\n\nNew in version 2.0.\n\n"
         "Changed in version 3.3: Added support for file being a descriptor, support for text mode, and the encoding "
         "argument.\n")


def _parts() -> Document:
    return _document(PARTS, "python3/library/functions.html", [("Built-in Functions", 1, "Built-in Functions"), *(
        (title, 2, title) for title in ("min(iterable, *, key=None)", "min(iterable, *, default, key=None)",
                                        "print(*objects, sep=' ', end='\\n', file=None, flush=False)",
                                        "sum(iterable, /, start=0)", "open(file, mode='r', encoding=None)"))])


@pytest.mark.parametrize(("question", "line", "version"), [
    ("When was the flush argument of print() added?", "Changed in version 3.3: Added the flush keyword argument.", "3.3"),
    ("Since which version does print() accept flush?", "Changed in version 3.3: Added the flush keyword argument.", "3.3"),
    ("When did print() get the flush parameter?", "Changed in version 3.3: Added the flush keyword argument.", "3.3"),
    ("Which version added the default parameter to min()?", "New in version 3.4: The default keyword-only argument.", "3.4"),
    ("When was the encoding argument of open() added?", "Changed in version 3.3: Added support for file being a descriptor, "
     "support for text mode, and the encoding argument.", "3.3"),
])
def test_the_line_that_says_a_call_s_part_came_answers_when_it_came(question: str, line: str, version: str) -> None:
    """Not the call's own "New in version 2.0." for open()'s encoding argument."""
    answer = _ask(_parts(), question)
    assert not answer.abstained and answer.confidence == ADDED_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [line] and answer.short_answer == version, question


@pytest.mark.parametrize("question", [
    "When was the start parameter of sum() added?",  # its line says another change
    "When was the key argument of min() added?",  # ("The key can be None.")
    "When was the sep argument of print() added?",  # no line writes it: not the flush line, nor print()'s own
    "When was the mode argument of open() added?", "When was the file argument of open() added?",  # (text mode, file being ...)
    "When was keyword argument support added to open()?",  # a part not named: not the call's own line either
])
def test_a_part_no_line_says_came_is_not_answered_by_another_version_line(question: str) -> None:
    answer = _ask(_parts(), question)
    assert answer.confidence != ADDED_CONFIDENCE and all("version" not in c.text for c in answer.citations), question


@pytest.mark.parametrize(("line", "part", "came"), [
    ("Changed in version 3.10: Added the strict argument.", "strict", True),
    ("Changed in version 3.2: Changed default value of cfile. Also added the optimize parameter.", "optimize", True),
    ("Changed in version 3.2: Changed default value of cfile. Also added the optimize parameter.", "cfile", False),
    ("Changed in version 3.5: The optimization parameter was added and the debug_override parameter was deprecated.",
     "optimization", True),
    ("Changed in version 3.5: The optimization parameter was added and the debug_override parameter was deprecated.",
     "debug_override", False),
    ("Changed in version 3.3: Added the encoding, errors and newline arguments.", "errors", True),
    ("Changed in version 3.8: Added type_comments, mode='func_type' and feature_version.", "feature_version", True),
    ("Changed in version 3.8: Added type_comments, mode='func_type' and feature_version.", "mode", False),  # a value
    ("Changed in version 3.5: The 'x' (exclusive creation) mode was added.", "mode", False),
    ("Changed in version 3.8: The start parameter can be specified as a keyword argument.", "start", False),
    ("New in version 3.10: globals, locals, and eval_str parameters.", "eval_str", True),
    ("New in version 3.8: ast.PyCF_ALLOW_TOP_LEVEL_AWAIT can now be passed in flags to enable it.", "flags", False),
    ("New in version 3.7.", "strict", False), ("Added the strict argument.", "strict", False),  # (no version line)
])
def test_says_came_reads_whether_a_version_line_says_the_part_came(line: str, part: str, came: bool) -> None:
    assert says_came(line, part) is came


def test_asked_of_a_part_the_reader_s_version_line_must_say_that_part_came() -> None:
    question = "When was the number argument of timeit.repeat() added?"
    assert not answers_when(question, "3.5", text="Changed in version 3.5: The optional globals parameter was added.")
    assert not answers_when(question, "3.1", text="New in version 3.1.")  # (the call's)
    assert not answers_when(question, "1000000", text="repeat(repeat=5, number=1000000)")  # a signature's default
    assert answers_when(question, "3.5", text="Changed in version 3.5: The number parameter was added.")
    assert answers_when(question, "3.5", text="The number argument was added in Python 3.5.")


READDIR = ("# File system\n\n### `fs.readdir(path[, options], callback)`\n\n<!-- YAML\nadded: v0.1.8\nchanges:\n"
           "  - version: v20.1.0\n    pr-url: https://github.com/nodejs/node/pull/41439\n"
           "    description: Added `recursive` option.\n"
           "  - version:\n     - v10.10.0\n     - v8.12.0\n    pr-url: https://github.com/nodejs/node/pull/22020\n"
           "    description: New option `withFileTypes` was added.\n  - version: v7.6.0\n"
           "    pr-url: https://github.com/nodejs/node/pull/10739\n    description: The `path` parameter can be a WHATWG `URL`\n"
           "                 object using `file:` protocol.\n-->\n\nReads the contents of a directory.\n")


@pytest.mark.parametrize(("question", "version"), [
    ("When was the recursive option of fs.readdir() added?", "20.1.0"),
    ("Which version added the withFileTypes option to fs.readdir()?", "10.10.0"),  # (the first listed; its backport after)
])
def test_node_s_history_entry_that_says_an_option_came_answers_when_it_came(question: str, version: str) -> None:
    document = _document(READDIR, "nodejs/fs.md", [("# File system", 1, "File system"),
                                                   ("### `fs.readdir", 3, "`fs.readdir(path[, options], callback)`")])
    answer = _ask(document, question)
    assert not answer.abstained and answer.confidence == ADDED_CONFIDENCE and answer.short_answer == version, question
    cited = answer.citations[0]
    assert cited.text.startswith("- version:") and "description:" in cited.text and version in cited.text
    assert READDIR[cited.start:cited.end] == cited.text
    path = _ask(document, "When was the path parameter of fs.readdir() added?")  # ("can be a WHATWG `URL`": not when it came)
    assert path.confidence != ADDED_CONFIDENCE and all("version" not in c.text for c in path.citations)


@pytest.mark.parametrize(("said", "part", "says"), [
    ("The `flush` option is now supported.", "flush", True), ("Added `recursive` option.", "recursive", True),
    ("The `close`, `highWatermark`, and `lowWatermark` options are supported now.", "highWatermark", True),
    ("Accepts an additional `options` object to specify whether the values should be bigint.", "options", True),
    ("Optional callback argument added.", "callback", True), ("The `label` parameter is added.", "label", True),
    ("The `buffer` parameter can be an `ArrayBuffer`.", "buffer", False),
    ("In `recursive` mode, the callback now receives the first created path.", "recursive", False),
    ("Passing an invalid callback to the `callback` argument now throws `ERR_INVALID_ARG_TYPE`.", "callback", False),
])
def test_came_reads_node_s_history_descriptions(said: str, part: str, says: bool) -> None:
    assert came(said, part, new=False) is says
