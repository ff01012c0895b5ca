"""What a call's part does (``qa.parts``): the sentence of the call's section about that part
answers, not the call's own first sentence."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.model_answerer import ModelAnswerer
from qa.parts import PART_CONFIDENCE, answers_part, asks_part_role, asks_type
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

FUNCTIONS = ("Built-in Functions\n\nsorted(iterable, /, *, key=None, reverse=False)\n\nReturn a new sorted list from the "
             "items in iterable.\n\nkey specifies a function of one argument that is used to extract a comparison key "
             "(for example, key=str.lower).\n\nreverse is a boolean value. If set to True, then the list elements are "
             "sorted as if each comparison were reversed.\n\nprint(*objects, sep=' ', end='\\n', file=None, flush=False)"
             "\n\nPrint objects to the text stream file, separated by sep and followed by end. Whether the output is "
             "buffered is usually determined by file, but if the flush keyword argument is true, the stream is forcibly "
             "flushed.\n\nChanged in version 3.3:\n\nThe flush parameter was added.\n\n"
             "compile(source, filename, mode)\n\nCompile the source into a code object.\n\nFor instance, the source "
             "return 42 is valid.\n\nIf source contains a null character, ValueError is raised.\n\n"
             "The filename of the code object is where it came from.\n\nChanged in version 3.2:\n\n"
             "The mode parameter was added.\n")
FS = ("# File system\n\n### `fs.mkdir(path[, options], callback)`\n\n* `path` {string}\n* `options` {Object}\n"
      "  * `recursive` {boolean} **Default:** `false`\n  * `mode` {string|integer} Not supported on Windows.\n\n"
      "Asynchronously creates a directory.\n")


def _functions() -> Document:
    titles = ["Built-in Functions", "sorted(iterable, /, *, key=None, reverse=False)",
              "print(*objects, sep=' ', end='\\n', file=None, flush=False)", "compile(source, filename, mode)"]
    return Document("d", "python3/library/functions.html", "Built-in Functions", FUNCTIONS, (),
                    tuple((FUNCTIONS.index(t), 1 if i == 0 else 2, t) for i, t in enumerate(titles)))


def _ask(document: Document, question: str) -> Answer:
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "part"), [
    ("What does the key argument of sorted() do?", "key"), ("What is the flush argument of print() for?", "flush"),
    ("What does sorted()'s reverse argument mean?", "reverse"),
    ("When was the key argument of sorted() added?", None), ("What is the default of the key argument of sorted()?", None),
    ("What does sorted() do?", None),
])
def test_asks_part_role_is_a_question_of_what_a_call_s_part_does(question: str, part: str | None) -> None:
    assert asks_part_role(question) == part


@pytest.mark.parametrize(("question", "cited"), [
    ("What does the key argument of sorted() do?", "key specifies a function of one argument that is used to extract a "
     "comparison key (for example, key=str.lower)."),
    ("What does sorted()'s reverse argument mean?", "reverse is a boolean value. If set to True, then the list elements "
     "are sorted as if each comparison were reversed."),  # (a short sentence, with the next)
    ("What is the flush argument of print() for?", "Whether the output is buffered is usually determined by file, but if "
     "the flush keyword argument is true, the stream is forcibly flushed."),  # (a clause about it)
])
def test_the_sentence_about_a_call_s_part_answers_what_it_does(question: str, cited: str) -> None:
    answer = _ask(_functions(), question)
    assert not answer.abstained and answer.confidence == PART_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited], question
    assert FUNCTIONS[answer.citations[0].start:answer.citations[0].end] == cited


@pytest.mark.parametrize("question", [
    "What does the source argument of compile() do?",  # an example, a failure's condition: no sentence about it
    "What does the filename argument of compile() do?",  # ("The filename of the code object": not about the part)
    "What does the mode argument of compile() do?",  # (a version line: what changed)
    "What is the sep argument of print() for?",  # written only in the call's sentence
])
def test_a_part_no_sentence_is_about_is_not_answered_by_the_rule(question: str) -> None:
    answer = _ask(_functions(), question)
    assert answer.confidence != PART_CONFIDENCE, question
    assert all(not c.text.startswith(("For instance", "If source", "The mode")) for c in answer.citations)  # (rule or reader)
    part = question.split(" argument")[0].split()[-1]
    assert all(part in c.text for c in answer.citations), question  # (the reader's, where it answers, writes the part)


def test_a_node_option_s_line_answers_where_it_says_more_than_its_type_and_default() -> None:
    document = Document("d", "nodejs/fs.md", "nodejs/fs.md", FS, (), ((0, 1, "File system"),
                        (FS.index("### `fs.mkdir"), 3, "fs.mkdir(path[, options], callback)")))
    for question in ("What does the mode option of fs.mkdir() do?", "What is options.mode of fs.mkdir() for?"):
        mode = _ask(document, question)
        assert mode.confidence == PART_CONFIDENCE, question
        assert mode.citations[0].text == "* `mode` {string|integer} Not supported on Windows."
    recursive = _ask(document, "What does the recursive option of fs.mkdir() do?")
    assert recursive.confidence != PART_CONFIDENCE  # ("* `recursive` {boolean} **Default:** `false`" says no more)


def test_the_reader_s_sentence_answers_what_a_part_does_only_where_it_writes_the_part() -> None:
    question = "What does the key argument of sorted() do?"
    assert not answers_part(question, "Return a new sorted list from the items in iterable.")
    assert answers_part(question, "The key is called once per element.")
    assert answers_part("What does sorted() do?", "Return a new sorted list from the items in iterable.")


ARCHIVES = ("Archives\n\nZipFile.extract(member, path=None, pwd=None)\n\nExtract a member from the archive. Its file "
            "information is extracted as accurately as possible. path specifies a different directory to extract to. "
            "member can be a filename.\n\nDeprecated since version 3.9: The pwd parameter is ignored.\n\n"
            "json.load(fp, *, cls=None)\n\nDeserialize fp to a Python object. To use a custom decoder, specify it with "
            "the cls kwarg; otherwise JSONDecoder is used.\n\nlist.index(x[, start[, end]])\n\nReturn the index of x. "
            "The optional arguments start and end are interpreted as in the slice notation.\n\n"
            "gzip.open(filename, newline=None)\n\nIn binary mode, the errors and newline arguments must not be provided.\n\n"
            "int(x, base=10)\n\nIf x is not a number or if base is given, x must be a string. Base 0 also disallows leading "
            "zeros.\n")


def _archives() -> Document:
    titles = ["Archives", "ZipFile.extract(member, path=None, pwd=None)", "json.load(fp, *, cls=None)",
              "list.index(x[, start[, end]])", "gzip.open(filename, newline=None)", "int(x, base=10)"]
    return Document("a", "python3/library/archives.html", "Archives", ARCHIVES, (),
                    tuple((ARCHIVES.index(t), 1 if i == 0 else 2, t) for i, t in enumerate(titles)))


@pytest.mark.parametrize(("question", "cited"), [
    ("What is the path parameter of ZipFile.extract() for?",  # (the splitter runs on past "possible. path")
     "path specifies a different directory to extract to."),
    ("Explain the cls option of json.load().",  # (no sentence has cls for subject: the one that names it as given)
     "To use a custom decoder, specify it with the cls kwarg; otherwise JSONDecoder is used."),
    ("What does the end argument of list.index() do?",  # (one of several subjects)
     "The optional arguments start and end are interpreted as in the slice notation."),
])
def test_a_part_s_sentence_is_found_where_it_runs_on_is_one_of_several_or_names_it_as_given(question: str,
                                                                                            cited: str) -> None:
    answer = _ask(_archives(), question)
    assert answer.confidence == PART_CONFIDENCE and [c.text for c in answer.citations] == [cited], question
    assert ARCHIVES[answer.citations[0].start:answer.citations[0].end] == cited


@pytest.mark.parametrize("question", [
    "What does the pwd argument of ZipFile.extract() do?",  # ("Deprecated since version 3.9: ...": what changed)
    "What does the newline argument of gzip.open() do?",  # (what it must not be is not what it does)
    "What does the base argument of int() do?",  # ("Base 0 also ...": a word, not the part, which is written in lower case)
])
def test_a_deprecation_a_prohibition_or_a_word_does_not_say_what_a_part_does(question: str) -> None:
    assert _ask(_archives(), question).confidence != PART_CONFIDENCE


@pytest.mark.parametrize(("question", "cited", "short"), [
    ("What type is the recursive option of fs.mkdir()?", "* `recursive` {boolean} **Default:** `false`", "boolean"),
    ("What is the type of options.mode in fs.mkdir()?", "* `mode` {string|integer} Not supported on Windows.",
     "string|integer"),
])
def test_a_node_option_s_type_is_its_line_s(question: str, cited: str, short: str) -> None:
    assert asks_type(question) and not asks_type("What does the mode option of fs.mkdir() do?")
    assert not asks_type("What does util.types.isPromise()'s value argument mean?")  # (the call's "types")
    document = Document("d", "nodejs/fs.md", "nodejs/fs.md", FS, (), ((0, 1, "File system"),
                        (FS.index("### `fs.mkdir"), 3, "fs.mkdir(path[, options], callback)")))
    answer = _ask(document, question)
    assert answer.confidence == PART_CONFIDENCE and [c.text for c in answer.citations] == [cited], question
    assert answer.short_answer == short, question


def test_a_part_s_type_where_no_line_lists_it_is_what_its_sentence_says() -> None:
    answer = _ask(_functions(), "What type is the key argument of sorted()?")  # ("type" names no program)
    assert answer.confidence == PART_CONFIDENCE and answer.citations[0].text.startswith("key specifies a function")
