"""train.docs_data and train.probe_docs: definition look-ups from reference pages (a made-up page)."""

from __future__ import annotations

import importlib
import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from index.loaders import load_document
from qa.reader import Reading
from tests.conftest import REPO
from train.data import Example
from train.docs_data import (
    ATTRIBUTE_TEMPLATES,
    BENCHMARK_PAGES,
    DO_TEMPLATES,
    RETURN_TEMPLATES,
    TERM_TEMPLATES,
    VALUE_TEMPLATE,
    definition_examples,
    docs_examples,
    docs_pages,
    entries,
    is_dev_page,
    prose_entries,
    question_and_answer,
    question_examples,
)
from train.probe_docs import probe

PAGE = REPO / "tests" / "fixtures" / "refdocs" / "tool.html"


def test_entries_are_callables_whose_body_opens_with_a_defining_sentence() -> None:
    doc = load_document(PAGE)
    found = {e.name: doc.text[e.sentence_start:e.sentence_end] for e in entries(doc)}
    # tool.legacy opens with a version note, tool.BUFSIZE is not a callable: neither is an entry
    assert found == {
        "tool.which": "Return the path to an executable which would be run if cmd was called.",
        "tool.chown": "Change owner user and group of the given path.",
        "tool.Walker": "Walks a directory tree from root and yields each file it finds.",
    }
    which = entries(doc)[0]
    assert doc.text[which.entry_start:].startswith("tool.which(cmd, path=None)\n")
    assert doc.text[which.entry_end:].startswith("tool.chown(")


def test_a_return_question_is_answered_by_what_follows_return_other_questions_by_the_sentence() -> None:
    doc = load_document(PAGE)
    which, chown, _ = entries(doc)
    names, answers = set(), set()
    for seed in range(12):
        question, a, b = question_and_answer(which, doc.text, random.Random(seed))
        assert any(question == t.format(n) for t in RETURN_TEMPLATES for n in ("tool.which", "which"))
        names.add(question)
        answers.add(doc.text[a:b])
        question, a, b = question_and_answer(chown, doc.text, random.Random(seed))
        assert any(question == t.format(n) for t in DO_TEMPLATES for n in ("tool.chown", "chown"))
        assert doc.text[a:b] == "Change owner user and group of the given path"
    assert answers == {"the path to an executable which would be run if cmd was called"}
    assert len(names) > 2  # the templates and both forms of the name are drawn


@pytest.mark.parametrize("size", [60, 1100])
def test_examples_point_at_the_definition_and_the_removed_window_never_names_the_callable(size: int) -> None:
    doc = load_document(PAGE)
    titles = {title for _, _, title in doc.headings}
    for seed in range(8):
        examples = definition_examples(doc, random.Random(seed), size=size, negative_rate=1.0)
        positives = [e for e in examples if e.kind == "docs_definition"]
        assert len(positives) == 3
        for e in examples:
            assert e.headings and all(e.passage[a:b] in titles for a, b in e.headings)
            if e.answerable:
                assert e.answer_start is not None and e.answer_end is not None
                assert e.passage[e.answer_start:e.answer_end] in {
                    "the path to an executable which would be run if cmd was called",
                    "Change owner user and group of the given path",
                    "Walks a directory tree from root and yields each file it finds"}
            else:
                assert e.kind == "docs_removed" and e.answer_start is None
                name = e.question.split("()")[0].split()[-1].rsplit(".", 1)[-1]
                assert name not in e.passage
    with pytest.raises(ValueError, match="negative_rate must be within"):
        definition_examples(doc, random.Random(0), negative_rate=1.5)


def test_pages_are_split_by_hash_and_the_benchmark_pages_are_never_read(tmp_path: Path) -> None:
    names = [f"library/page{i}" for i in range(40)] + ["library/functions", "tutorial/errors"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PAGE, tmp_path / f"{name}.html")
    train = {p.relative_to(tmp_path).as_posix() for p in docs_pages(tmp_path, exclude=BENCHMARK_PAGES)}
    dev = {p.relative_to(tmp_path).as_posix() for p in docs_pages(tmp_path, exclude=BENCHMARK_PAGES, dev=True)}
    assert not train & dev and train | dev == {f"library/page{i}.html" for i in range(40)}
    assert dev == {f"{n}.html" for n in names[:40] if is_dev_page(f"{n}.html")} and 0 < len(dev) < 20
    for name in ("library/functions", "tutorial/errors"):  # a benchmark page's entries never reach training
        page = PAGE.read_text(encoding="utf-8").replace("tool.which", "bench.secret")
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
    assert {p.relative_to(tmp_path).as_posix() for p in docs_pages(tmp_path)} == train
    assert not any("secret" in e.question or "secret" in e.passage
                   for dev_pages in (False, True) for e in docs_examples(tmp_path, questions=999, seed=4, dev=dev_pages))
    few = docs_examples(tmp_path, questions=10, seed=4)
    assert 3 <= sum(e.kind == "docs_definition" for e in few) <= 25
    assert docs_examples(tmp_path, questions=10, seed=4) == few
    assert docs_examples(tmp_path, questions=0, seed=4) == []
    with pytest.raises(ValueError, match="questions must be at least 0, got -1"):
        docs_examples(tmp_path, questions=-1, seed=4)
    with pytest.raises(FileNotFoundError, match="docs folder .*missing does not exist"):
        docs_pages(tmp_path / "missing")


def test_the_excluded_pages_are_the_real_pages_benchmark_s() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        assert importlib.import_module("real_docs").PAGES == BENCHMARK_PAGES
    finally:
        sys.path.remove(str(REPO / "bench"))


class FirstSentenceAfterHeadingReader:
    """Cites the first sentence after each passage's first uncitable range, margin 2; with none, -3."""

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages: Sequence[str],
             uncitable: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[Reading]:
        out = []
        for i, text in enumerate(passages):
            ranges = list(uncitable[i]) if uncitable else []
            start = ranges[0][1] + 2 if ranges else 0
            end = text.find(".", start) + 1
            out.append(Reading(i, start, end, 1.0, 0.0, 0.0, start, end, 2.0 if ranges else -3.0))
        return out


def test_the_probe_counts_definitions_cited_and_ranks_them_above_removed_windows() -> None:
    examples = [
        Example("What does f() do?", "f(x)\n\nDoes a thing. Other.", 6, 18, "docs_definition", headings=((0, 4),)),
        Example("What does g() do?", "g(x)\n\nFirst. Does g.", 13, 19, "docs_definition", headings=((0, 4),)),
        Example("What does h() do?", "h(x)\n\nSomething.", None, None, "docs_removed", headings=((0, 4),)),
        Example("What does k() do?", "No heading here.", None, None, "docs_removed"),
    ]
    report = probe(FirstSentenceAfterHeadingReader(), examples)
    assert report["definitions"] == 2 and report["removed"] == 2
    assert report["hit"] == 0.5  # "Does a thing." holds f's answer; "First." does not hold g's
    assert report["median_margin"] == 2.0
    assert report["auc_vs_removed"] == 0.75  # margins 2, 2 against 2 (ties count half), -3


def test_with_attributes_data_entries_are_asked_what_they_hold_and_their_value() -> None:
    doc = load_document(PAGE)
    found = {e.name: (doc.text[e.sentence_start:e.sentence_end], e.attribute,
                      e.value and doc.text[e.value[0]:e.value[1]]) for e in entries(doc, attributes=True)}
    assert found["tool.BUFSIZE"] == (
        "The size of the copy buffer in bytes, set to sixty-four kibibytes by default.", True, None)
    assert found["tool.MAXDEPTH"] == ("The deepest level of directories descended into.", True,
                                      "MAXDEPTH is 64 unless the caller asks for more")
    assert not found["tool.which"][1] and "tool.legacy" not in found and len(found) == 5
    depth = next(e for e in entries(doc, attributes=True) if e.name == "tool.MAXDEPTH")
    asked = set()
    for seed in range(16):
        question, a, b = question_and_answer(depth, doc.text, random.Random(seed))
        if question.startswith("What is the value of"):
            assert question in {VALUE_TEMPLATE.format(n) for n in ("tool.MAXDEPTH", "MAXDEPTH")}
            assert doc.text[a:b] == "MAXDEPTH is 64 unless the caller asks for more"
        else:
            assert any(question == t.format(n) for t in ATTRIBUTE_TEMPLATES for n in ("tool.MAXDEPTH", "MAXDEPTH"))
            assert doc.text[a:b] == "The deepest level of directories descended into"
        asked.add(question.startswith("What is the value of"))
    assert asked == {True, False}
    for seed in range(6):
        examples = definition_examples(doc, random.Random(seed), negative_rate=1.0, attributes=True)
        kinds = [e.kind for e in examples if e.answerable]
        assert sorted(kinds) == ["docs_attribute"] * 2 + ["docs_definition"] * 3
        for e in examples:
            if e.answerable:
                assert e.answer_start is not None and e.answer_end is not None
                assert e.passage[e.answer_start:e.answer_end] in doc.text
            else:
                (name,) = [n for n in ("which", "chown", "Walker", "BUFSIZE", "MAXDEPTH") if n in e.question]
                assert name not in e.passage


GLOSSARY = REPO / "tests" / "fixtures" / "glossary" / "glossary.html"


def test_a_glossary_s_terms_are_asked_what_they_mean_and_answered_by_their_definition(tmp_path: Path) -> None:
    doc = load_document(GLOSSARY)
    assert entries(doc) == [] and entries(doc, attributes=True) == []  # a term is no callable nor attribute
    found = {e.name: doc.text[e.sentence_start:e.sentence_end] for e in entries(doc, glossary=True)}
    assert found == {  # "modal dialog" only points elsewhere: no definition, no entry; "e.g." ends no sentence
        "widget": "A small part of a window that the user can press, drag or type into.",
        "event loop": "The cycle that waits for input and hands each input to the widget that asked for it.",
        "accelerator": "A key combination that chooses a menu item without opening the menu.",
        "theme": "The set of colours, fonts and margins (e.g. the title bar's, i.e. the window's top) "
                 "with which the toolkit draws its parts."}
    accelerator = next(e for e in entries(doc, glossary=True) if e.name == "accelerator")
    asked = set()
    for seed in range(24):
        question, a, b = question_and_answer(accelerator, doc.text, random.Random(seed))
        assert question in {t.format("accelerator", a="an") for t in TERM_TEMPLATES}
        assert doc.text[a:b] == "A key combination that chooses a menu item without opening the menu"
        asked.add(question)
    assert "What is an accelerator?" in asked and len(asked) >= 4
    examples = definition_examples(doc, random.Random(3), negative_rate=1.0, glossary=True)
    assert sorted(e.kind for e in examples if e.answerable) == ["docs_term"] * 4
    for e in examples:
        if e.answerable:
            assert e.answer_start is not None and e.answer_end is not None
            assert found[next(n for n in found if n in e.question)].startswith(e.passage[e.answer_start:e.answer_end])
        else:  # the removed window never names the term it is asked about
            (name,) = [n for n in found if n in e.question]
            assert name not in e.passage
    shutil.copy(GLOSSARY, tmp_path / "glossary.html")
    shutil.copy(PAGE, tmp_path / "tool.html")
    plain = docs_examples(tmp_path, questions=99, seed=5)
    assert not any(e.kind == "docs_term" for e in plain)
    twice = docs_examples(tmp_path, questions=99, seed=5, glossary_repeats=2)
    assert sum(e.kind == "docs_term" for e in twice) == 8
    assert any(e.kind == "docs_definition" for e in twice)
    with pytest.raises(ValueError, match="glossary_repeats must be at least 0, got -1"):
        docs_examples(tmp_path, questions=9, seed=5, glossary_repeats=-1)


FAQ = REPO / "tests" / "fixtures" / "faq" / "toolkit.html"


def test_a_faq_s_questions_are_asked_with_their_heading_cut_out_and_prose_definitions_by_their_term(
        tmp_path: Path) -> None:
    doc = load_document(FAQ)
    found = {e.name: doc.text[e.sentence_start:e.sentence_end] for e in entries(doc, faq=True)}
    assert found == {  # "Yes." says nothing; "Like this:" introduces code; "Why?" is too short to ask
        "Why does the window open slowly on first start?":
            "The toolkit compiles its themes into a cache the first time it runs.",
        "Are there tools to check a layout?":
            "The layout checker reports widgets that overlap or fall outside their window."}
    assert entries(doc) == [] and all(e.faq for e in entries(doc, faq=True))
    prose = {e.name: doc.text[e.sentence_start:e.sentence_end] for e in prose_entries(doc)}
    assert prose == {"canvas": "A canvas is a widget that holds shapes drawn by the program.",
                     "accelerator": "An accelerator is a key combination that chooses a menu item at once."}
    examples = question_examples(doc, random.Random(3), faq=True, prose=True, negative_rate=1.0)
    faqs = [e for e in examples if e.kind == "docs_faq"]
    assert sorted(e.question for e in faqs) == sorted(found)
    for e in faqs:  # the answer is the body's sentence, and the question's own heading is gone
        assert e.answer_start is not None and e.answer_end is not None
        assert found[e.question].startswith(e.passage[e.answer_start:e.answer_end])
        assert e.question not in e.passage
        for lo, hi in e.headings:  # the other headings stay, uncitable, at their place in the cut text
            assert e.passage[lo:hi] in {"Toolkit FAQ", "General questions", "Why does the window open slowly on first "
                                        "start?", "Are there tools to check a layout?", "How do I draw a circle?",
                                        "Why?", "Words"}
    definitions = [e for e in examples if e.kind == "docs_prose"]
    assert len(definitions) == 2
    for e in definitions:
        (term,) = [t for t in prose if t in e.question]
        assert e.question in {t.format(term, a="a" if term == "canvas" else "an") for t in TERM_TEMPLATES}
        assert e.answer_start is not None and e.answer_end is not None
        assert prose[term].startswith(e.passage[e.answer_start:e.answer_end])
    # the removed window of a prose definition never names its term ("canvas" stays in the code
    # line, so only the accelerator's is made); a FAQ question gets none
    removed = [e for e in examples if e.kind == "docs_removed"]
    assert [e.question for e in removed] == [e.question for e in definitions if "accelerator" in e.question]
    assert "accelerator" not in removed[0].passage and "A canvas is a widget" in removed[0].passage
    assert not any(e.kind == "docs_removed" and e.question in found for e in examples)
    shutil.copy(FAQ, tmp_path / "toolkit.html")
    shutil.copy(PAGE, tmp_path / "tool.html")
    plain = docs_examples(tmp_path, questions=99, seed=5)
    assert not any(e.kind in ("docs_faq", "docs_prose") for e in plain)
    both = docs_examples(tmp_path, questions=99, seed=5, faq_repeats=2, prose_repeats=1)
    assert sum(e.kind == "docs_faq" for e in both) == 4 and sum(e.kind == "docs_prose" for e in both) == 2
    assert any(e.kind == "docs_definition" for e in both)
    with pytest.raises(ValueError, match="faq_repeats must be at least 0, got -2"):
        docs_examples(tmp_path, questions=9, seed=5, faq_repeats=-2)
    with pytest.raises(ValueError, match="prose_repeats must be at least 0, got -1"):
        docs_examples(tmp_path, questions=9, seed=5, prose_repeats=-1)
