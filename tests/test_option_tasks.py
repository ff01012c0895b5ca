"""Which option does a task (qa/option_tasks.py): the option whose tag and first paragraph write
the task's words answers, of the manual the question names as its program."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from index.help_options import help_headings
from index.man_text import man_page
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.model_answerer import ModelAnswerer
from qa.option_tasks import OPTION_CONFIDENCE, OptionTask, option_matches, program_of, programs_in
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus


def _page(name: str, options: str) -> str:
    return (f"{name.upper()}(1)          User Commands          {name.upper()}(1)\n\nNAME\n       {name} - a program\n\n"
            f"OPTIONS\n{options}\nSEE ALSO\n       other(1)\n")


GREP = _page("grep", """       -c, --count
              Suppress normal output; instead print a count of matching lines
              for each input file.

       -m NUM, --max-count=NUM
              Stop reading a file after NUM matching lines.  With -c, --count too,
              it counts at most NUM.

       -V, --version
              Output the version number of grep and exit.

       -i, --ignore-case
              Ignore case distinctions in patterns and input data, so that
              characters that differ only in case match each other.

       --no-ignore-case
              Do not ignore case distinctions in patterns and input data.

       -n, --line-number
              Prefix each line of output with the 1-based line number within
              its input file.

       -r, --recursive
              Read all files under each directory, recursively.
""")
SORT = _page("sort", """       -c, --check
              check for sorted input; do not sort.  Lines compare numerically
              where -n is given.

       -g, --general-numeric-sort
              compare according to general numerical value

       -n, --numeric-sort
              compare according to string numerical value

       -Z, --ignore-trailing-space
              ignore white space at line end

       -w, --ignore-all-space
              ignore all white space

       -P     Never follow symbolic links.

       -L     Follow symbolic links always.

       -f, --ignore-case
              fold lower case to upper case characters
""")
GREP = GREP.replace("OPTIONS\n", "OPTIONS\n   Ignore case\n       Matching ignores case.\n\n")  # (a subsection: no option)


def _document(source: str, text: str) -> Document:
    found = man_page(text) or ("README", ())  # (a file that is no manual page: no headings)
    return Document(source, source, found[0], text, (), found[1])


def _ask(question: str, *pages: tuple[str, str]) -> Answer:
    held = {n: _document(source, text) for n, (source, text) in enumerate(pages, 1)}
    passages = [Passage(chunk_id=n, span=Span(n, d.doc_id, d.source, d.title, 0, 40, d.text[:40]), score=1.0, rank=n - 1)
                for n, d in held.items()]
    answerer = ModelAnswerer(DictCorpus(held), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, passages)


@pytest.mark.parametrize(("question", "task", "program"), [
    ("Which option makes grep ignore case?", ("grep", "ignore", "case"), ("grep", "ignore", "case")),
    ("Which ls option sorts by modification time?", ("sorts", "modification", "time"), ("ls", "sorts", "modification", "time")),
    ("Which option of tar lists the contents of an archive?", ("lists", "contents", "archive"),
     ("tar", "lists", "contents", "archive")),
    ("What command-line flag tells curl to be silent?", ("curl", "silent"), ("curl", "silent")),
    ("Is there an option to follow symbolic links?", ("follow", "symbolic", "links"), ("follow", "symbolic", "links")),
    ("How do I make grep print line numbers?", ("grep", "print", "line", "numbers"), ("grep", "print", "line", "numbers")),
])
def test_the_task_a_question_asks_an_option_to_do(question: str, task: tuple[str, ...], program: tuple[str, ...]) -> None:
    assert OptionTask.of(question) == OptionTask(task, program)


@pytest.mark.parametrize("question", ["What does grep do?", "Which options does grep have?", "Why is grep fast?"])
def test_no_task_is_asked_of_an_option(question: str) -> None:
    asked = OptionTask.of(question)
    assert asked is None or set(asked.task) <= {"grep"}


def _best(text: str, *task: str) -> str:
    document = _document("sort.txt", text)
    best = min(option_matches(document, task), key=lambda m: m.key())
    return document.headings[best.heading][2]


def test_of_the_options_writing_the_task_the_closest_answers() -> None:
    assert _best(GREP, "ignore", "case") == "-i, --ignore-case"  # (not --no-ignore-case: it says it does not)
    assert _best(SORT, "compare", "numerically") == "-n, --numeric-sort"  # (fewer words besides in its tag than -g's;
    # -c writes them after its first sentence)
    assert _best(SORT, "ignore", "whitespace") == "-w, --ignore-all-space"  # ("white space" in parts; fewest besides)
    assert _best(SORT, "follow", "symbolic", "links") == "-L"  # (-P: "Never follow", as many words besides)
    assert _best(GREP, "print", "line", "numbers") == "-n, --line-number"  # ("output" does as "print" does)
    assert _best(GREP, "search", "recursively", "directory") == "-r, --recursive"  # (all words but one of three)
    assert _best(GREP, "print", "version") == "-V, --version"  # ("Output the version number")
    assert _best(GREP, "count", "matching", "lines") == "-c, --count"  # (its first sentence past its ";")
    children = "       --trace-children\n              trace into children too\n"
    assert _best(_page("vg", children), "trace", "child") == "--trace-children"  # (an irregular plural)
    assert list(option_matches(_document("grep.txt", GREP), ("send", "email"))) == []


def test_the_option_of_the_named_program_s_manual_answers_its_tag_the_short_answer() -> None:
    answer = _ask("How do I make grep ignore case?", ("/docs/sort.txt", SORT), ("/docs/grep.txt", GREP))
    assert answer.confidence == OPTION_CONFIDENCE and not answer.abstained
    assert [c.text for c in answer.citations] == ["-i, --ignore-case\n              Ignore case distinctions in patterns and "
                                                  "input data, so that\n              characters that differ only in case "
                                                  "match each other."]
    assert answer.short is not None and answer.short.text == "-i, --ignore-case"


def test_the_question_s_program_is_no_word_of_the_task() -> None:
    answer = _ask("How do I grep recursively?", ("/docs/grep.txt", GREP))
    assert answer.short is not None and answer.short.text == "-r, --recursive"


def test_the_tag_cited_and_the_short_answer_are_those_stacked_together() -> None:
    wget = _page("wget", "       -c\n       --continue\n           Continue getting a partially-downloaded file.\n\n"
                         "       -N\n           Turn on time-stamping.  For instance:\n\n                   wget -N x\n\n"
                         "           Then more.\n\n"
                         "       -q\n       --quiet\n           Turn off output.\n")
    answer = _ask("Which wget option continues getting a partially-downloaded file?", ("/docs/wget.txt", wget))
    assert answer.short is not None and answer.short.text == "-c\n       --continue"
    assert answer.citations[0].text == "-c\n       --continue\n           Continue getting a partially-downloaded file."
    answer = _ask("Which wget option turns off output?", ("/docs/wget.txt", wget))  # (-q is the closer: the first)
    assert answer.short is not None and answer.short.text == "-q\n       --quiet"
    answer = _ask("Which wget option turns on time-stamping?", ("/docs/wget.txt", wget))  # (and the example it introduces)
    assert answer.citations[0].text == "-N\n           Turn on time-stamping.  For instance:\n\n                   wget -N x"


def test_a_named_program_s_file_without_options_is_no_manual() -> None:
    readme = ("/docs/grep.md", "grep\n\nA README that says nothing of any options.\n")
    answer = _ask("How do I make grep ignore case?", readme, ("/docs/grep.txt", GREP))
    assert answer.short is not None and answer.short.text == "-i, --ignore-case"


@pytest.mark.parametrize("question", [
    "How do I count?",  # (a how-to question naming no program: two task words or more)
    "How do I make sed ignore case?",  # (sed's manual is not among the passages: "sed" is a task word no option writes)
    "Which option makes sed ignore case?",  # (naming no manual here, every word must be written: "sed" is not)
    "How do I make grep send email?",  # (no option does it)
])
def test_no_option_answers_where_no_manual_named_or_read_does_the_task(question: str) -> None:
    assert _ask(question, ("/docs/grep.txt", GREP)).confidence != OPTION_CONFIDENCE


def test_a_how_to_question_naming_no_program_is_answered_by_an_option_writing_all_its_words_last() -> None:
    answer = _ask("How do I ignore case?", ("/docs/sort.txt", SORT), ("/docs/grep.txt", GREP))
    assert answer.confidence == OPTION_CONFIDENCE and answer.short is not None and answer.short.text == "-i, --ignore-case"
    assert answer.citations[0].source == "/docs/grep.txt"  # (of the manuals read, the closest: grep's writes both words
    # in its first sentence, sort's "-f" one; after the other rules: a section whose heading does the task answers first)
    guide = "Searching\n\n   Ignoring case\n\nRun the search with the case folded.\n"
    headings = ((0, 1, "Searching"), (12, 2, "Ignoring case"))
    held = {1: Document("/docs/guide.md", "/docs/guide.md", "Guide", guide, (), headings), 2: _document("/docs/grep.txt", GREP)}
    passages = [Passage(chunk_id=n, span=Span(n, d.doc_id, d.source, d.title, 0, 40, d.text[:40]), score=1.0, rank=n - 1)
                for n, d in held.items()]
    answerer = ModelAnswerer(DictCorpus(held), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("How do I ignore case?", passages)
    assert [(c.source, c.text) for c in answer.citations] == [("/docs/guide.md", "Run the search with the case folded.")]


def test_a_which_question_naming_no_manual_reads_the_retrieved_ones() -> None:
    answer = _ask("Which option ignores all white space?", ("/docs/grep.txt", GREP), ("/docs/sort.txt", SORT))
    assert answer.confidence == OPTION_CONFIDENCE and answer.citations[0].source == "/docs/sort.txt"
    assert answer.short is not None and answer.short.text == "-w, --ignore-all-space"


def test_a_threshold_above_the_rule_s_confidence_turns_it_off() -> None:
    held = {1: _document("/docs/grep.txt", GREP)}
    passages = [Passage(chunk_id=1, span=Span(1, "/docs/grep.txt", "/docs/grep.txt", "t", 0, 40, GREP[:40]), score=1.0, rank=0)]
    answerer = ModelAnswerer(DictCorpus(held), AnswerConfig(threshold=0.85), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    assert answerer.answer("How do I make grep ignore case?", passages).confidence != OPTION_CONFIDENCE


def test_a_manual_s_program_is_its_file_s_name() -> None:
    assert program_of(_document("/usr/share/man/ls.1.html", GREP)) == "ls"
    assert program_of(_document("docs/grep.txt", GREP)) == "grep"


HELPS = """usage: yq [options] <jq filter> [input file...]

  -h, --help            show this help message and exit
  --in-place, -i        Edit files in place (no backup - use caution)

jq - commandline JSON processor [version 1.6]

Usage:\t/usr/local/bin/jq [options] <jq filter> [file...]

  -r               output raw strings, not JSON texts;
  --help           show this help message and exit
"""


def _helps(source: str, text: str) -> Document:
    return Document(source, source, "cli-doc", text, (), help_headings(text, ()))


def _ask_helps(question: str) -> Answer:
    held = {1: _helps("/docs/cli-doc.txt", HELPS)}
    span = Span(1, "/docs/cli-doc.txt", "/docs/cli-doc.txt", "t", 0, 40, HELPS[:40])
    answerer = ModelAnswerer(DictCorpus(held), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "short"), [
    ("Which option makes jq output raw strings?", "-r"),
    ("How do I edit files in place with yq?", "--in-place, -i"),
    ("How do I make jq show the help message?", "--help"),  # (yq's -h writes it too, and comes first)
    ("How do I make yq show the help message?", "-h, --help"),
])
def test_a_pasted_help_s_options_are_of_the_program_its_usage_line_names(question: str, short: str) -> None:
    answer = _ask_helps(question)
    assert answer.confidence == OPTION_CONFIDENCE and answer.short is not None and answer.short.text == short
    assert answer.citations[0].text.startswith(short)


def test_a_pasted_help_s_programs_are_its_usage_lines_and_else_its_file_s() -> None:
    assert set(programs_in(_helps("/docs/cli-doc.txt", HELPS)).values()) == {"yq", "jq"}
    assert set(programs_in(_helps("/docs/frob.txt", "  -q  quiet\n  -v  verbose\n")).values()) == {"frob"}
    assert _ask_helps("How do I make sed show the help message?").confidence != OPTION_CONFIDENCE  # (no sed here)


def test_of_two_programs_named_the_one_the_question_has_do_the_task_is_read() -> None:
    ls = _page("ls", "       -r, --reverse\n              reverse order while sorting\n\n       -S     sort by file size\n")
    answer = _ask("How do I reverse the order of the sort with ls?", ("/docs/sort.txt", SORT), ("/docs/ls.txt", ls))
    assert answer.short is not None and answer.short.text == "-r, --reverse"  # ("sort" is a word of the task here)
    answer = _ask("Which ls option reverses the sort?", ("/docs/sort.txt", SORT), ("/docs/ls.txt", ls))
    assert answer.short is not None and answer.short.text == "-r, --reverse"
    answer = _ask("How do I make sort compare numerically, as ls does?", ("/docs/ls.txt", ls), ("/docs/sort.txt", SORT))
    assert answer.short is not None and answer.short.text == "-n, --numeric-sort"
