"""Terms a document defines in quotes (``qa.defined_terms``), as licences and contracts define theirs:
a question asking what one is or means is answered by its definition, cited exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.defined_terms import DEFINED_CONFIDENCE, asks_meaning, term_answer, term_definitions
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

LICENSE = """SAMPLE PUBLIC LICENSE

  0. Definitions.

  "This License" refers to version 1 of the Sample Public License.

  A "Bundle" is a work produced by joining a Tool with the Kit.

  The "Kit", below, refers to any work released under this License.

  A "kit" means a set of files prepared to be used together.

  To "ship" a work means to give copies of it to other parties.

  The "Build Files" for a work in object form means all the files needed to make it.

  "Tool" (or "Tools") shall mean any program that calls the Kit.

  A copy that is not "Plain" is called "Sealed".

  The term "Seal" means, for a printed copy, its cover.

  1. Use.

  You may use the Kit for any purpose.  The "Kit" is distributed without warranty.
  For scripts, "Tool" means the script that calls the Kit.
"""


def _defined(text: str) -> list[tuple[str, str, str, str]]:
    return [(d.term, d.kind, text[d.start:d.end], text[slice(*d.said)]) for d in term_definitions(text)]


def test_the_terms_a_text_defines_in_quotes_each_with_its_sentence_and_what_it_says() -> None:
    assert _defined(LICENSE) == [
        ("This License", "", '"This License" refers to version 1 of the Sample Public License.',
         "version 1 of the Sample Public License"),
        ("Bundle", "", 'A "Bundle" is a work produced by joining a Tool with the Kit.',
         "a work produced by joining a Tool with the Kit"),
        ("Kit", "", 'The "Kit", below, refers to any work released under this License.', "any work released under this License"),
        ("kit", "", 'A "kit" means a set of files prepared to be used together.', "a set of files prepared to be used together"),
        ("ship", "", 'To "ship" a work means to give copies of it to other parties.', "to give copies of it to other parties"),
        ("Build Files", "", 'The "Build Files" for a work in object form means all the files needed to make it.',
         "all the files needed to make it"),
        ("Tool", "", '"Tool" (or "Tools") shall mean any program that calls the Kit.', "any program that calls the Kit"),
        ("Sealed", "copy", 'A copy that is not "Plain" is called "Sealed".', 'A copy that is not "Plain"'),
        ("Seal", "", 'The term "Seal" means, for a printed copy, its cover.', "its cover"),
        ("Tool", "", '"Tool" means the script that calls the Kit.', "the script that calls the Kit"),
    ]  # (not '"Kit" is distributed': "is" defines only before what names a kind)


def test_an_article_after_a_term_is_a_definition_s_only_after_to() -> None:
    assert _defined('A "Sample" the reader keeps is free.\n') == []
    assert _defined('The "Sample" a work means nothing.\n') == []


@pytest.mark.parametrize(("question", "term", "kind", "asks"), [
    ("What is a Bundle?", "Bundle", "", True),
    ("What is a bundle in the Sample Public License?", "Bundle", "", True),  # (any case; the document asked of)
    ('What does "Build Files" mean?', "Build Files", "", True),
    ("What are Build Files under the SPL?", "Build Files", "", True),  # (plural, a context)
    ("What does it mean to ship a work under this license?", "ship", "", True),
    ("Which copies are Sealed copies?", "Sealed", "copy", True),  # (the kind it is said of)
    ("What is a Sealed copy?", "Sealed", "copy", True),
    ("Define Tool.", "Tool", "", True),
    ("What counts as a Tool?", "Tool", "", True),
    ("How is a Tool defined?", "Tool", "", True),
    ("What is the meaning of Seal?", "Seal", "", True),
    ("What is a Sealed copy?", "Sealed", "", False),  # ("copy" is not the term's)
    ("What is a Bundle made of?", "Bundle", "", False),  # (asks something else of it)
    ("How do I ship a work?", "ship", "", False),
    ("What is the Kit license?", "Kit", "", False),
    ("Is a Bundle a Tool?", "Bundle", "", False),
])
def test_a_question_asks_a_meaning_where_it_asks_what_the_term_is(question: str, term: str, kind: str, asks: bool) -> None:
    assert asks_meaning(question, term, kind) is asks


def _document(text: str = LICENSE, source: str = "/docs/SPL-1.txt") -> Document:
    return Document("d", source, "SAMPLE PUBLIC LICENSE", text, (), ())


def _passage(document: Document, start: int = 0, end: int | None = None, row: int = 1) -> Passage:
    end = len(document.text) if end is None else end
    span = Span(row, document.doc_id, document.source, document.title, start, end, document.text[start:end])
    return Passage(chunk_id=row, span=span, score=1.0, rank=0)


def _ask(question: str, document: Document, passage: Passage | None = None) -> Answer:
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [passage or _passage(document)])


@pytest.mark.parametrize(("question", "cited", "short"), [
    ("What is a Bundle?", 'A "Bundle" is a work produced by joining a Tool with the Kit.',
     "a work produced by joining a Tool with the Kit"),
    ("What does kit mean?", 'A "kit" means a set of files prepared to be used together.',
     "a set of files prepared to be used together"),  # (written as asked: not the "Kit" first)
    ("What is the Kit?", 'The "Kit", below, refers to any work released under this License.',
     "any work released under this License"),
    ("What does it mean to ship a work?", 'To "ship" a work means to give copies of it to other parties.',
     "to give copies of it to other parties"),
    ("What is a Sealed copy?", 'A copy that is not "Plain" is called "Sealed".', 'A copy that is not "Plain"'),
])
def test_a_definition_answers_what_its_term_is_cited_exactly(question: str, cited: str, short: str) -> None:
    document = _document()
    answer = _ask(question, document)
    assert not answer.abstained and answer.confidence == DEFINED_CONFIDENCE, answer
    assert [c.text for c in answer.citations] == [cited] and answer.text == f"{cited} [1]"
    assert answer.short is not None and answer.short.text == short
    assert all(document.text[c.start:c.end] == c.text for c in answer.citations)


def test_a_term_defined_twice_is_answered_by_the_document_s_first_definition() -> None:
    document = _document()
    later = document.text.index("For scripts")
    answer = _ask("What is a Tool?", document, _passage(document, later))  # (the passage holds the second alone)
    assert answer.citations[0].text == '"Tool" (or "Tools") shall mean any program that calls the Kit.'


def test_a_definition_no_passage_holds_is_found_in_the_first_retrieved_documents() -> None:
    document = _document()
    use = document.text.index("  1. Use.")
    found = term_answer(DictCorpus({1: document}), "What are Build Files?", [_passage(document, use)],
                        AnswerConfig(threshold=0.5), {}, lambda p: document)
    assert found is not None and found.citations[0].text.startswith('The "Build Files" for a work')


def test_a_term_its_own_document_is_named_for_is_left_to_its_opening_and_a_clause_is_no_qualifier() -> None:
    readme = _document("Widgets are small gadgets for the desk.\n\nA \"widget\" is a thing with knobs.\n\n"
                       'A "gizmo", on the other hand, is a thing with lights.\n', "/docs/widget/README.md")
    assert [d.term for d in term_definitions(readme.text)] == ["widget"]
    passages = [_passage(readme)]
    assert term_answer(DictCorpus({1: readme}), "What is a widget?", passages, AnswerConfig(threshold=0.5), {},
                       lambda p: readme) is None
    assert _ask("What is a widget?", readme).citations[0].text == "Widgets are small gadgets for the desk."


def test_other_questions_and_a_threshold_over_its_confidence_are_left_to_the_reader() -> None:
    document = _document()
    passages = [_passage(document)]
    corpus = DictCorpus({1: document})
    for question, threshold, answers in (("What is a Bundle?", DEFINED_CONFIDENCE, True),
                                         ("What is a Bundle?", DEFINED_CONFIDENCE + 0.01, False),
                                         ("What is a Widget?", 0.5, False), ("Can I use the Kit?", 0.5, False)):
        found = term_answer(corpus, question, passages, AnswerConfig(threshold=threshold), {}, lambda p: document)
        assert (found is not None) is answers, question


@pytest.mark.integration
def test_a_licence_s_definition_answers_across_processes(tmp_path: Path) -> None:
    """`qa index` a folder holding a licence, then `qa ask` in other processes: the definition is
    cited, a term it does not define is not answered by it, and a definition changed is found
    after the next `qa index`."""
    from tests.processes import indexed, qa

    docs, store = indexed(tmp_path, {"SPL-1.txt": LICENSE,
                                     "guide.md": "# Squeezing guide\n\nLog files grow; squeezing keeps them small.\n"})
    asked = qa("ask", "--store", str(store), "--json", "What is a Bundle in the Sample Public License?", cwd=tmp_path)
    answer = json.loads(asked.stdout)
    assert asked.returncode == 0 and not answer["abstained"], asked.stdout
    assert answer["citations"][0]["text"] == 'A "Bundle" is a work produced by joining a Tool with the Kit.'
    other = json.loads(qa("ask", "--store", str(store), "--json", "What is a Widget?", cwd=tmp_path).stdout)
    assert other["abstained"] or "Bundle" not in other["citations"][0]["text"], other
    (docs / "SPL-1.txt").write_text(LICENSE.replace("joining a Tool with the Kit", "linking a Tool to the Kit"))
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0 and "1 updated" in again.stdout, again.stderr
    asked = qa("ask", "--store", str(store), "--json", "What is a Bundle?", cwd=tmp_path)
    assert json.loads(asked.stdout)["citations"][0]["text"] == 'A "Bundle" is a work produced by linking a Tool to the Kit.'
