"""What an option, a call's part or a setting is by default (``qa.defaults``): the heading or line
that writes it where the manual defines it answers, in valgrind's, xsltproc's, Python's, Node.js's
and a configuration reference's forms."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.asked_terms import asks_default
from qa.defaults import DEFAULT_CONFIDENCE, answers_default, asked_default_part, asked_settings, asks_setting_default
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus
from tests.test_man_text import man_document

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


S3_CONFIG = ("S3 Configuration\n\nmax_concurrent_requests\n-----------------------\n\n**Default** - ``10``\n\n"
             "The ``max_concurrent_requests`` specifies the maximum number of transfer commands.\n\n"
             "max_bandwidth\n-------------\n\n**Default** - None\n\nThis controls the maximum bandwidth.\n\n"
             "addressing_style\n----------------\n\n**Default:** `auto`\n\nThere's two styles of constructing an endpoint.\n\n"
             "payload_signing_enabled\n-----------------------\n\nIf set to ``true``, payloads are signed.\n")


def _s3_config() -> Document:
    return _document(S3_CONFIG, "awscli/s3-config.rst", ["S3 Configuration", "max_concurrent_requests", "max_bandwidth",
                     "addressing_style", "payload_signing_enabled"])


@pytest.mark.parametrize(("question", "settings", "asks"), [
    ("What is the default value of max_concurrent_requests?", ["max_concurrent_requests"], True),
    ("What is the default of core.autocrlf?", ["core.autocrlf"], True),
    ("What is the default addressing style?", [], True),  # (in words: a heading's "addressing_style")
    ("What does max_bandwidth control?", ["max_bandwidth"], False),  # (no default asked)
    ("What is the default of os.path.join()?", [], False),  # (a call's: qa.asked_terms.asks_default)
    ("What is the default of --max_depth?", [], False),  # (an option's)
    ("What does Python 3.11 default to?", [], True),  # (no setting named: answered only where a heading is one)
    ("What is the default value of ConnectionAttempts?", ["ConnectionAttempts"], True),  # (camel case)
    ("What does Storage= default to?", ["Storage"], True),  # (systemd's "Storage=")
    ("What is the default port of PostgreSQL?", [], True),  # (a name of two humps, one short, is no setting)
])
def test_a_setting_s_default_asked(question: str, settings: list[str], asks: bool) -> None:
    assert asked_settings(question) == settings
    assert asks_setting_default(question) is asks


@pytest.mark.parametrize(("question", "cited", "value"), [
    ("What is the default value of max_concurrent_requests?", "**Default** - ``10``", "10"),
    ("What is the default max_bandwidth?", "**Default** - None", "None"),
    ("What is the default addressing style?", "**Default:** `auto`", "auto"),  # (its name in words)
])
def test_a_setting_s_default_is_its_default_line(question: str, cited: str, value: str) -> None:
    answer = _ask(_s3_config(), question)
    assert not answer.abstained and answer.confidence == DEFAULT_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited] and answer.short_answer == value, question
    assert S3_CONFIG[answer.citations[0].start:answer.citations[0].end] == cited


@pytest.mark.parametrize("question", [
    "What is the default value of payload_signing_enabled?",  # (its section writes no default line)
    "What is the default value of max_queue_size?",  # (no such heading)
    "What is the default max concurrent uploads?",  # (words no heading is)
])
def test_a_setting_s_default_not_written_is_not_answered(question: str) -> None:
    answer = _ask(_s3_config(), question)
    assert answer.confidence != DEFAULT_CONFIDENCE and all("Default" not in c.text for c in answer.citations), question


JOURNALD = ("JOURNALD.CONF(5)             journald.conf             JOURNALD.CONF(5)\n\nNAME\n"
            "       journald.conf - Journal service configuration files\n\nOPTIONS\n       Storage=\n"
            "           Controls where to store journal data. Defaults to \"auto\" in\n"
            "           the default journal namespace.\n\n       ForwardAgent\n"
            "           The argument may be yes, no (the default), or a path.\n\n"
            "       UMASK (number)\n           The mask. The default is 022.\n\nSEE ALSO\n       systemd(1)\n")


@pytest.mark.parametrize(("question", "cited", "value"), [
    ("What does Storage= default to?",  # (a sentence wrapped over two lines: the whole, its value too)
     'Defaults to "auto" in\n           the default journal namespace.', '"auto"'),  # (a quoted value: the quotes and it)
    ("What is the default value of ForwardAgent?", "The argument may be yes, no (the default), or a path.", "no"),
    ("What is the default UMASK?", "The default is 022.", "022"),  # (a setting in capitals, as the heading writes it)
])
def test_a_manual_page_s_setting_s_default_is_its_sentence(question: str, cited: str, value: str) -> None:
    answer = _ask(man_document(JOURNALD, "journald.conf.txt"), question)
    assert not answer.abstained and answer.confidence == DEFAULT_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited] and answer.short_answer == value, question


CONF = ("APT.CONF(5)                        APT                        APT.CONF(5)\n\nNAME\n       apt.conf - Configuration\n\n"
        "OPTIONS\n       Source-Symlinks\n           Use symlinks for source archives. True\n           is the default.\n\n"
        "       BACKUP_SUFFIX\n              Select compression algorithm.  De\u2010\n              faults to .gz.\n\n"
        "       PASS_MAX_DAYS (number)\n           The maximum number of days. If not\n"
        "           specified, -1 will be assumed (which disables the restriction).\n\n"
        "       COLOR yes|all|no|none|tty\n           Whether to colorize. The default is no.\n\n"
        "       Port\n           The port number to connect on.\n\n"
        "       use-ipv6= Takes a boolean value (\"yes\" or \"no\"). Default is \"yes\".\n\n"
        "       domain-name= Set the default domain name. If omitted defaults to \".lo\u2010\n       cal\".\n\n"
        "       EXCLUDE_FSTYPES\n           Defaults to \"(proc|sysfs)\".\n\n"
        "       DSHELL The login shell to be used  for  all  new  users.   Defaults  to\n              /bin/bash.\n\n"
        "SEE ALSO\n       apt(8)\n")


def _conf() -> Document:
    return man_document(CONF, "apt.conf.txt")


@pytest.mark.parametrize(("question", "cited", "value"), [
    ("What is the default of Source-Symlinks?", "True\n           is the default.", "True"),  # ("X is the default")
    ("What is the default of BACKUP_SUFFIX?", "De\u2010\n              faults to .gz.", ".gz"),  # (hyphenated by man)
    ("What is the default value of PASS_MAX_DAYS?",  # (what is assumed where it is not specified)
     "If not\n           specified, -1 will be assumed (which disables the restriction).", "-1"),
    ("What is the default value of COLOR?", "The default is no.", "no"),  # (one word, the value it takes after it)
    ("What is the default color?", "The default is no.", "no"),  # (asked in lower case)
    ("What is the default of use-ipv6?", 'Default is "yes".', '"yes"'),
    ("What is the default domain name?", 'If omitted defaults to ".lo\u2010\n       cal".', '".lo\u2010\n       cal"'),
    ("What is the default value of EXCLUDE_FSTYPES?", 'Defaults to "(proc|sysfs)".', '"(proc|sysfs)"'),  # (quoted whole)
    ("What is the default login shell for new users?",  # (in words its section's first sentence writes: DSHELL's)
     "Defaults  to\n              /bin/bash.", "/bin/bash"),
    ("What is the default login shell for new users in apt.conf?", "Defaults  to\n              /bin/bash.", "/bin/bash"),
])
def test_a_configuration_page_s_defaults_in_their_forms(question: str, cited: str, value: str) -> None:
    answer = _ask(_conf(), question)
    assert not answer.abstained and answer.confidence == DEFAULT_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited] and answer.short_answer == value, question


@pytest.mark.parametrize("question", [
    "What is the default port?",  # (its section writes no default)
    "What is the default of Clean-Installed?",  # (no such heading)
    "What is the default value of Python?",  # (no heading of that word)
    "What is the default login shell for remote hosts?",  # (words no setting's first sentence writes)
])
def test_a_one_word_setting_s_default_not_written_is_not_answered(question: str) -> None:
    answer = _ask(_conf(), question)
    assert answer.confidence != DEFAULT_CONFIDENCE, question


def test_a_setting_s_section_is_read_where_no_passage_holds_it() -> None:
    """A setting named is found in its retrieved document's headings though the passages hold only
    other parts of it: dir_colors' COLOR section was not among the question's passages."""
    document = _conf()
    at = CONF.index("SEE ALSO")
    span = Span(1, document.doc_id, document.source, document.title, at, len(CONF), CONF[at:])
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("What is the default value of COLOR?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
    assert answer.confidence == DEFAULT_CONFIDENCE and [c.text for c in answer.citations] == ["The default is no."]
    assert (answer.citations[0].start, answer.citations[0].end) == (CONF.index("The default is no."),
                                                                    CONF.index("The default is no.") + 18)
