"""A question asked as a FAQ asks it: a plain-text FAQ's questions are headings
(``index.faq_text``), and the section whose heading is the question asked answers with its
opening (``qa.tasks``), "Yes" or "No" its short answer where it opens with one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.documents import Document, Span
from index.faq_text import question_headings
from index.loaders import load_document
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.model_answerer import ModelAnswerer
from qa.tasks import TASK_CONFIDENCE, Asked, asked, question_heading
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

NUMBERED = """                Frequently Asked Questions about kestrel


 1. Is kestrel Y2K-compliant?

    Yes. kestrel doesn't handle dates.

 2. Where can I get a Windows DLL version?

    The sources compile without change to a DLL.

 3. Is kestrel thread-safe?

    Yes. However any library routines that kestrel uses must be thread-safe
    too.

 4. Can kestrel handle .zip archives?

    Not by itself, no.
"""


def _titles(text: str, headings: tuple = ()) -> list[str]:
    return [title for _, _, title in question_headings(text, headings)]


def test_a_numbered_faq_s_questions_are_headings_at_their_first_characters() -> None:
    found = question_headings(NUMBERED)
    assert [t for _, _, t in found] == ["Is kestrel Y2K-compliant?", "Where can I get a Windows DLL version?",
                                        "Is kestrel thread-safe?", "Can kestrel handle .zip archives?"]
    assert all(NUMBERED[at:].startswith(f"{n}. {title}") for n, (at, level, title) in enumerate(found, 1))
    assert {level for _, level, _ in found} == {1}


def test_marked_and_wrapped_questions_are_one_heading_each_under_the_underlined_title() -> None:
    text = ("XZ FAQ\n======\n\nQ:  What do the letters XZ mean?\n\nA:  Nothing.\n\n"
            "Q:  Why is liblzma named liblzma?\n    Shouldn't it be libxz?\n\nA:  History.\n\n"
            "Q2: Is it patented?\n\nA:  No.\n")
    found = question_headings(text, ((0, 1, "XZ FAQ"),))
    assert [(level, t) for _, level, t in found] == [
        (2, "What do the letters XZ mean?"), (2, "Why is liblzma named liblzma? Shouldn't it be libxz?"),
        (2, "Is it patented?")]


def test_questions_set_apart_without_marks_are_headings() -> None:
    text = ("Why does ps complain?\n\n\tThe standard says so.\n\nWhy do names print as numbers?\n\n\tThe column is narrow.\n\n"
            "What systems are supported?\n\n\tLinux.\n")
    assert _titles(text) == ["Why does ps complain?", "Why do names print as numbers?", "What systems are supported?"]


@pytest.mark.parametrize("text", [
    NUMBERED.replace(" 3. Is kestrel thread-safe?", " 3. Kestrel is thread-safe.").replace(
        "4. Can kestrel handle .zip archives?", "4. Kestrel handles .zip archives."),
    "Is it?\n\nYes.\n\n    Is this code?\n\nNo.\n\n* Is this an item?\n\nNo.\n\n> Quoted?\n\nNo.\n",  # (one question)
    "Did you check A?\n\nDid you check B?\n\nDid you check C?\n\nDid you check D?\n\nThen report it.\n",  # (no answers)
    "One?\n\nA.\n\nA paragraph of\nfour lines that\nends as a\nquestion?\n\nB.\n\nTwo?\n\nC.\n",  # (too long to be one)
    "Title?\n======\n\nA.\n\nOther?\n------\n\nB.\n\nThird?\n\nC.\n",  # (underlined: headings already)
])
def test_fewer_than_three_questions_set_apart_with_answers_make_no_faq(text: str) -> None:
    assert question_headings(text) == ()


def test_a_question_listed_in_a_table_of_contents_heads_its_answer_not_the_list() -> None:
    text = ("CONTENTS\n 2.1. What is sed?\n 2.2. Where is it?\n\nThen one more.\n\n2.3. Who wrote it?\n\nSee below.\n\n"
            "2.1. What is sed?\n\nAn editor.\n\n2.2. Where is it?\n\nEverywhere.\n\n2.3. Who wrote it?\n\nMcMahon.\n")
    found = question_headings(text)
    assert [t for _, _, t in found] == ["What is sed?", "Where is it?", "Who wrote it?"]
    assert all(text[at:].startswith(("2.1. What is sed?\n\nAn", "2.2. Where is it?\n\nEvery", "2.3. Who wrote it?\n\nMc"))
               for at, _, _ in found)


def test_a_plain_text_faq_file_is_loaded_with_its_questions_as_headings(tmp_path: Path) -> None:
    path = tmp_path / "FAQ"
    path.write_text(NUMBERED, encoding="utf-8")
    document = load_document(path)
    assert document.title == "Frequently Asked Questions about kestrel"
    assert [t for _, _, t in document.headings][2] == "Is kestrel thread-safe?"
    (tmp_path / "notes.md").write_text(NUMBERED, encoding="utf-8")
    assert load_document(tmp_path / "notes.md").headings == ()  # (Markdown heads its questions with its own marks)


@pytest.mark.parametrize(("question", "expected"), [
    ("Is zlib thread-safe?", Asked(("zlib", "thread", "safe"), "yes-no")),
    ("Are there mirror sites", Asked(("mirror", "sites"), "yes-no")),
    ("Why don't I see SMP stats in top?", Asked(("don", "see", "smp", "stats", "top"), "why")),
    ("Won't Cargo work offline?", Asked(("cargo", "work", "offline"), "yes-no")),
    ("How can Cargo work offline?", Asked(("cargo", "work", "offline"), "how")),  # (the asker does no task)
    ("How do I upgrade pip?", Asked(("upgrade", "pip"))),  # (a task)
    ("Tell me about zlib.", None), ("Is it?", None),
])
def test_asked_is_a_task_or_a_question_opening_with_a_question_s_word(question: str, expected: Asked | None) -> None:
    assert asked(question) == expected


@pytest.mark.parametrize(("question", "title", "around", "extra"), [
    ("Is zlib thread-safe?", "Is zlib thread-safe?", "", 0),
    ("Is there a source code level debugger?", "Is there a source code level debugger with breakpoints, single-stepping, etc.?",
     "", 3),
    ("Is there a test suite?", "Are there test suites?", "", 0),  # (a word of the same kind; a plural)
    ("Is XZ Utils patented?", "Is (some part of) XZ Utils patented?", "", 0),  # (an aside: no words of it)
    ("Is zlib thread-safe?", "Is it thread-safe?", "Frequently Asked Questions about zlib", 0),  # (its title: zlib)
    ("Is zlib thread-safe?", "Is it thread-safe?", "Frequently Asked Questions", None),
    ("Is zlib thread-safe?", "Is zlib thread-safe", "", None),  # (no question: a statement's title)
    ("Does zlib work on a 64-bit machine?", "Will zlib work on a 64-bit machine?", "", 0),  # (both ask yes or no)
    ("Why is zlib thread-safe?", "Is zlib thread-safe?", "", None),  # (another kind of question)
    ("Can zlib handle .zip archives?", "Can zlib handle .Z files?", "", None),
    ("Is Python good?", "Is Python a good language for beginning programmers?", "", None),  # (a narrower question)
    ("Will orjson support NDJSON?", "Will it support NDJSON or JSONL?", "orjson", 0),  # (JSONL: the alternative asked of)
    ("Will orjson support NDJSON?", "Will it support JSONL or NDJSON?", "orjson", 0),
    ("Will orjson support NDJSON?", "Will it support NDJSON or JSONL?", "", None),  # (nothing around names orjson)
    ("Will orjson support JSON?", "Will it support NDJSON or JSONL?", "orjson", None),  # (neither asked)
    ("Will orjson support NDJSON or JSONL?", "Will it support NDJSON or JSONL?", "orjson", 0),  # (both asked)
])
def test_question_heading_is_the_question_asked_of_the_same_kind_with_its_words(
        question: str, title: str, around: str, extra: int | None) -> None:
    found = asked(question)
    assert found is not None and question_heading(found.opener, list(found.words), title, around) == extra


def test_the_question_a_heading_ends_with_asks_it_with_what_comes_before_around() -> None:
    title = "I have many .lzma files. Can I quickly convert them to the .xz format?"
    found = asked("Can I quickly convert .lzma files to the .xz format?")
    assert found is not None and found.heading(title, "") == 0
    task = asked("How can I extract .tar.xz files?")
    assert task is not None and task.heading("My tar fails. How can I extract .tar.xz files?", "") == 0
    assert found.heading("I have many .lzma files. Should I convert them?", "") is None
    task = asked("How do I know which Debian distribution I'm running?")
    assert task is not None and task.heading("Ok, but how do I know which distribution I'm running?", "debian") == 0
    task = asked("How do I make a gzip file in memory?")
    assert task is not None and task.heading("Well that's nice, but how do I make a gzip file in memory?", "") == 0
    question = asked("Why are there two different formats?")
    assert question is not None and question.heading("OK, so why are there two different formats?", "") == 0


FAQ = [(1, "Kestrel FAQ", "Questions users ask."),
       (2, "Is kestrel thread-safe?", "Yes. However any routines that kestrel uses must be thread-safe too."),
       (2, "Why is kestrel so slow?", "No one has made it fast.\n\nSee the tuning guide."),
       (2, "Can kestrel read .zip archives?", "Not by itself, no."), (2, "Can kestrel fly?", "No one has tried.")]


def _ask(question: str) -> Answer:
    text, headings = "", []
    for level, title, body in FAQ:
        headings.append((len(text), level, title))
        text += f"{'#' * level} {title}\n\n{body}\n\n"
    document = Document("d", "kestrel/FAQ.md", "Kestrel FAQ", text, (), tuple(headings))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "cited", "short"), [
    ("Is kestrel thread-safe?", "Yes. However any routines that kestrel uses must be thread-safe too.", "Yes"),
    ("Is it thread-safe?", "Yes. However any routines that kestrel uses must be thread-safe too.", "Yes"),  # (title)
    ("Can kestrel read .zip archives?", "Not by itself, no.", None),  # (no "No" first)
    ("Can kestrel fly?", "No one has tried.", None),  # ("No" no answer of its own)
    ("Will kestrel read .zip archives?", "Not by itself, no.", None),  # (a yes-or-no question as the heading's)
    ("Why is kestrel so slow?", "No one has made it fast.\n\nSee the tuning guide.", None),  # (why: no yes or no)
])
def test_the_section_whose_heading_is_the_question_answers_with_its_opening(
        question: str, cited: str, short: str | None) -> None:
    answer = _ask(question)
    assert not answer.abstained and answer.confidence == TASK_CONFIDENCE
    assert answer.citations[0].text == cited
    assert (answer.short.text if answer.short else None) == short


def test_a_question_no_heading_asks_is_left_to_the_reader() -> None:
    assert _ask("Is kestrel fast?").confidence != TASK_CONFIDENCE
    assert _ask("Why does kestrel read .zip archives?").confidence != TASK_CONFIDENCE


@pytest.mark.integration
def test_a_faq_question_is_answered_from_its_answer_across_processes(tmp_path: Path) -> None:
    """`qa index` a plain-text FAQ, then `qa ask` its question in another process: its answer, "Yes" the short one."""
    from tests.processes import qa

    (tmp_path / "docs" / "kestrel").mkdir(parents=True)
    (tmp_path / "docs" / "kestrel" / "FAQ").write_text(NUMBERED, encoding="utf-8")
    built = qa("index", "--store", str(tmp_path / "store"), str(tmp_path / "docs"), cwd=tmp_path)
    assert built.returncode == 0 and not built.stderr, built.stderr
    asked_ = qa("ask", "--store", str(tmp_path / "store"), "--json", "Is kestrel thread-safe?", cwd=tmp_path)
    assert asked_.returncode == 0, asked_.stderr
    answer = json.loads(asked_.stdout)
    assert answer["citations"][0]["text"].startswith("Yes. However any library routines that kestrel uses")
    assert answer["short_answer"] == "Yes" and answer["citations"][0]["section"] == "Is kestrel thread-safe?"


def test_a_wrapped_question_heads_its_section_to_its_last_line_and_its_answer_mark_is_not_cited() -> None:
    """A FAQ's question wrapped over two lines is a heading to its last line (no part of it is
    citable, its answer's opening starts after it), and the answer's "A:" mark is left out."""
    from qa.answerer import heading_end
    from qa.tasks import opening

    text = ("Q:  I have installed xz, but my tar fails.\n    How can I extract .tar.xz files?\n\n"
            "A:  xz -dc foo.tar.xz | tar xf -\n\nQ:  What does XZ mean?\n\nA:  Nothing.\n\nQ:  Is it patented?\n\nA:  No.\n")
    headings = question_headings(text)
    assert heading_end(text, headings[0][0], headings[0][2]) == text.index("\n\nA:  xz")
    document = Document("d", "xz/faq.txt", "XZ FAQ", text, (), headings)
    start, end = opening(document, 0) or (0, 0)
    assert text[start:end] == "xz -dc foo.tar.xz | tar xf -"
    assert heading_end("## Title\n\nBody", 0, "Title") == len("## Title")  # (a title on its line: as before)
    assert heading_end("Intro\nTitle words\nand more", 6, "Title words and more") == len("Intro\nTitle words\nand more")


@pytest.mark.parametrize(("question", "title", "extra"), [
    ("Why does ps get signal 17?", "Why does ps get signal 17?", 0),  # (a number of the question's)
    ("Why does ps get signal 17?", "Why does ps get signal 18?", None),
    ("Why don't I see per-CPU stats in top?", "Why don't I see SMP (per-CPU) stats in top?", 1),  # (the aside writes them)
    ("Why don't I see SMP stats in top?", "Why don't I see SMP (per-CPU) stats in top?", 0),  # (and is no word besides)
])
def test_a_question_heading_s_numbers_count_and_its_aside_may_write_the_question_s_words(
        question: str, title: str, extra: int | None) -> None:
    found = asked(question)
    assert found is not None and found.heading(title, "") == extra


def test_what_numbers_a_question_heading_is_none_of_its_words() -> None:
    assert question_heading("why", ["ps", "get", "signal", "17"], "12.10. Why does ps get signal 17?", "") == 0


def test_the_chunk_of_a_heading_that_asks_the_question_is_lifted(tmp_path: Path) -> None:
    """A FAQ's answer often opens with "Yes.", which neither retriever ranks high: the chunk
    holding the heading that asks the question, in the documents of the first candidates, is lifted."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs" / "kestrel"
    docs.mkdir(parents=True)
    filler = "".join(f"Kestrel is thread number {n} of what a safe program runs.\n\n" for n in range(200))
    (docs / "FAQ").write_text(f"Kestrel FAQ\n===========\n\n{filler}{NUMBERED}", encoding="utf-8")
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        records = bot.store.chunks(ids)
        lifted = bot.retriever._task_headed(asked("Is kestrel thread-safe?") or Asked(()), ids[:1], None)
        assert len(lifted) == 1 and "3. Is kestrel thread-safe?" in records[lifted[0]].text
        assert bot.retriever._task_headed(asked("Is kestrel fast?") or Asked(()), ids[:1], None) == []
        answer = bot.ask("Is kestrel thread-safe?")
        assert answer.confidence == TASK_CONFIDENCE and answer.citations[0].text.startswith("Yes. However any library")
    finally:
        bot.close()
