"""What a question about a manual names (``qa.asked_terms``): the program it names, and the
refusal where the answer found is another program's ("What does the --keep option of gzip do?"
over bzip2's manual)."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Passage
from qa.asked_terms import another_program, asked_part, asked_terms, asks_of_part, named_programs, names, program_words
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus


@pytest.mark.parametrize(("question", "title", "names"), [
    ("What does the -z flag do?", "-z --compress", True), ("What does the -z flag do?", "-zb", False),
    ("What does bzip2 --keep do?", "-k --keep", True), ("What does the -k option do?", "-k, --keep-files", True),
    ("What does hex() do?", "hex(x)", True), ("What does hex() do?", "float.hex()", False),
    ("What is the GNU-style option?", "-style", False), ("What is x-ray?", "-ray", False),
])
def test_asked_terms_are_the_options_and_calls_a_question_names(question: str, title: str, names: bool) -> None:
    assert any(t.search(title) for t in asked_terms(question)) is names


@pytest.mark.parametrize(("question", "named"), [
    ("What does the --keep option of gzip do?", ["gzip"]),
    ("What does gzip's -k option do?", ["gzip"]),
    ("What does gzip -k do?", ["gzip"]),
    ("In gzip, what does -k do?", ["gzip"]),
    ("What is the --keep flag for in gzip?", ["gzip"]),
    ("What does hex() in python return?", ["python"]),
    ("What does numpy's zeros() do?", ["numpy"]),
    ("What does the --onto option of git subtree do?", ["git"]),
    ("What does json.tool --sort-keys do?", ["json"]),  # ("tool" asks what it does)
    ("What does the -k option of GNU gzip do?", ["gzip"]), ("In GNU sed, what does -i do?", ["sed"]),  # (not "gnu")
    ("What does -k do in practice?", []),  # a word after the option, not a program
    ("What does the -k option of the compressor do?", []),  # a program is named without an article
    ("What does the -k option do?", []),
    ("What does gzip do?", []),  # no option or call asked about
])
def test_the_program_a_question_names_is_the_word_where_one_names_a_program(question: str, named: list[str]) -> None:
    assert named_programs(question) == named


@pytest.mark.parametrize(("asked", "text", "named"), [
    (["node"], "/docs/nodejs/cli.md Command-line API", True),  # a package writes its program with "js"
    (["python"], "/usr/share/doc/python3.11/html/using/cmdline.html", True),  # or with a version
    (["libxslt"], "/usr/share/doc/libxslt1-dev/html/xsltproc.html", True),
    (["sed"], "sed (4.9-1) unstable", True),
    (["libheif"], "libheaptrack changelog", False),  # another prefix is not enough
    (["py"], "/usr/share/doc/python3.11", False),
    (["node"], "/docs/nodes/graph.md", True),  # (the same stem)
    (["gzip"], "/usr/share/doc/bzip2/manual.html bzip2 and libbzip2", False),
])
def test_names_takes_a_program_s_package_name_with_a_version_or_js_after_it(asked: list[str], text: str,
                                                                             named: bool) -> None:
    assert names(asked, text) is named


def test_another_program_is_named_where_neither_the_answer_s_document_nor_its_sentence_names_it() -> None:
    question = "What does the --keep option of gzip do?"
    where = "/usr/share/doc/bzip2/manual.html bzip2 and libbzip2"
    assert another_program(question, where, "-k --keep Keep (don't delete) input files.") == ["gzip"]
    assert another_program(question, where, "-k --keep Like gzip --keep, keeps input files.") == []  # it says gzip's
    assert another_program(question, where, "Files are kept, unlike gzip.") == ["gzip"]  # (not gzip's --keep)
    assert another_program(question, "/usr/share/doc/gzip/gzip.html GNU Gzip", "-k --keep Keep input files.") == []
    assert another_program("What does the --keep option do?", where, "-k --keep Keep input files.") == []
    assert another_program("What does --keep do in practice?", where, "-k --keep Keep input files.") == []
    wget = "/docs/wget.txt Wget - The non-interactive network downloader."
    assert another_program("What does ls -c do?", wget, "Without -c, the file is saved as ls-lR.Z.1.") == ["ls"]
    assert another_program("What does ls -c do?", wget, "Like ls -c, it sorts.") == []
    assert another_program("What does python -c do?", wget, "As python3.11 -c does.") == []


MANUAL = ("bzip2 options\n\n-f --force\n\nForce overwrite of output files. This is how GNU gzip behaves.\n\n"
          "-k --keep\n\nWhat the keep option does: input files are kept.\n")


NEWS = "GNU gzip NEWS\n\n** New features\n\n  New: the keep option of gzip keeps input files.\n"


def _ask(question: str, *, news: bool = False) -> tuple[str, bool, float, str, list[str]]:
    """The answer of the model answerer (the fake reader) to ``question`` over bzip2's manual, one
    chunk whose -f section writes "gzip" (and gzip's NEWS, where ``news``): its text, whether it
    refused, its confidence, its notice and the suggestions' or citations' texts."""
    marks = ((0, 1, "bzip2 options"), (MANUAL.index("-f --force"), 2, "-f --force"), (MANUAL.index("-k --keep"), 2, "-k --keep"))
    documents = {1: Document("d", "/docs/bzip2/manual.html", "bzip2 and libbzip2", MANUAL, (), marks),
                 2: Document("n", "/docs/gzip/NEWS", "GNU gzip NEWS", NEWS, (),
                             ((0, 1, "GNU gzip NEWS"), (15, 2, "New features")))}
    passages = [Passage(chunk_id=row, span=Span(row, d.doc_id, d.source, d.title, 0, len(d.text), d.text), score=1.0,
                        rank=row - 1) for row, d in documents.items() if row == 1 or news]
    answerer = ModelAnswerer(DictCorpus(documents), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer(question, passages)
    quoted = answer.suggestions if answer.abstained else answer.citations
    return answer.text, answer.abstained, answer.confidence, answer.notice, [c.text for c in quoted]


def test_an_option_asked_of_a_program_whose_manual_the_documents_lack_is_refused_with_a_note_and_the_closest() -> None:
    """The fake reader reads -k's sentence with a long run of the question's words, above the
    threshold; for gzip it is still bzip2's -k (its document and its sentence name no gzip, though
    the chunk does, in -f's section), so the answer is a refusal that says why, with the sentence
    as a suggestion. Asked of bzip2, or of no program, it answers."""
    text, abstained, confidence, notice, quoted = _ask("What does the --keep option of gzip do?")
    assert abstained and confidence == 0.0 and "could not find" in text
    assert notice == "the answers found are another program's, not gzip's"
    assert quoted[0] == "What the keep option does: input files are kept."
    for question in ("What does the --keep option of bzip2 do?", "What does the --keep option do?"):
        text, abstained, confidence, notice, quoted = _ask(question)
        assert not abstained and confidence > 0.5 and notice == ""
        assert quoted == ["What the keep option does: input files are kept."]


def test_another_program_s_definition_does_not_keep_the_named_program_s_own_words_from_answering() -> None:
    """bzip2's "-k --keep" section would be the only answer (a definition's section rules out what
    lies outside one), but it is another program's: gzip's NEWS, which says what gzip's --keep does
    without a heading for it, answers."""
    _, abstained, confidence, notice, quoted = _ask("What does the --keep option of gzip do?", news=True)
    assert not abstained and confidence > 0.5 and notice == ""
    assert quoted == ["New: the keep option of gzip keeps input files."]


@pytest.mark.parametrize(("question", "part"), [
    ("When was the strict argument of zip() added?", "strict"), ("Which version added the strict parameter to zip()?", "strict"),
    ("Since when does zip() accept strict?", "strict"), ("Which version added the parameter `key` to min()?", "key"),
    ("When was the encoding keyword-only argument of open() added?", "encoding"),
    ("In which version did print() get the flush keyword argument?", "flush"),
    ("When was zip()'s *strict* kwarg added?", "strict"),
    ("Which version added the options parameter to http.createServer()?", "options"),  # (the word after "the" tried too)
    ("When did fs.readdir() get the recursive option?", "recursive"),
    ("When was the flags argument of compile() added?", "flags"),
    ("When was options.signal added to fs.readFile()?", "signal"),  # (Node.js's way of naming an option)
    ("What does options.flag of fs.appendFile() default to?", "flag"),  # ("flag" named so, though a word of options)
    ("When was zip() added?", None), ("When was the -k option added?", None),  # (no part; no call)
    ("When was keyword argument support added to sum()?", None), ("When was the first argument of zip() added?", None),
])
def test_asked_part_is_the_call_s_part_a_question_names(question: str, part: str | None) -> None:
    assert asked_part(question) == part
    assert asks_of_part(question) is (part is not None or "argument" in question)
    assert part is None or part not in program_words(question)  # (a part names no program)


@pytest.mark.parametrize(("question", "words"), [
    ("What does --leak-check=full do?", []), ("What does valgrind --leak-check=full do?", ["valgrind"]),
    ("What does --log-file=<filename> do?", []), ("What does tar --format=ustar do?", ["tar"]),
])
def test_the_value_a_question_gives_an_option_names_no_program(question: str, words: list[str]) -> None:
    """"full" of "--leak-check=full" is the option's value: read as a program's name, no manual
    named it and the question was refused."""
    assert program_words(question) == words


def test_an_option_asked_with_a_value_is_answered_by_its_section() -> None:
    _, abstained, confidence, notice, quoted = _ask("What does --keep=yes do?")
    assert not abstained and confidence > 0.5 and notice == ""
    assert quoted == ["What the keep option does: input files are kept."]
