"""The reader's training examples: the synthetic (entity-swapped) unanswerable questions."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from train.data import (
    antonym_question,
    article_examples,
    build_training_set,
    echo_sentence,
    echoed_passage,
    negated_question,
    swapped_question,
)

# A made-up article in SQuAD's shape (no training text is committed).
ARTICLE: dict[str, Any] = {
    "title": "Halvard_Bridge",
    "paragraphs": [
        {
            "context": "The Halvard Bridge was opened in 1931 by Mayor Ingrid Solberg. It crosses the Tessel River "
                       "and is 412 metres long. Its towers were painted green in 1975.",
            "qas": [
                {"id": "q1", "question": "Who opened the Halvard Bridge in 1931?",
                 "answers": [{"text": "Mayor Ingrid Solberg", "answer_start": 41}]},
                {"id": "q2", "question": "How long is the bridge over the Tessel River?",
                 "answers": [{"text": "412 metres", "answer_start": 98}]},
            ],
        },
        {
            "context": "In 1968 the Kastrup Ferry stopped running. Engineers from Oslo Polytechnic surveyed the "
                       "bridge in 2004 and found rust in the Northern Arch.",
            "qas": [
                {"id": "q3", "question": "What did engineers from Oslo Polytechnic find in 2004?",
                 "answers": [{"text": "rust in the Northern Arch", "answer_start": 113}]},
            ],
        },
    ],
}


def test_a_swap_replaces_one_name_or_number_the_passage_holds_with_one_it_lacks() -> None:
    passage = ARTICLE["paragraphs"][0]["context"]
    pool = ["Kastrup Ferry", "Oslo Polytechnic", "Northern Arch", "1968", "2004", "412"]
    seen = set()
    for seed in range(30):
        question = "Who opened the Halvard Bridge in 1931?"
        swapped = swapped_question(question, passage, "Mayor Ingrid Solberg", pool, random.Random(seed))
        assert swapped is not None and swapped != question
        old = set(re.findall(r"\w+", question)) - set(re.findall(r"\w+", swapped))
        new = set(re.findall(r"\w+", swapped)) - set(re.findall(r"\w+", question))
        assert old in ({"1931"}, {"Halvard", "Bridge"}, {"Halvard"}), swapped
        assert all(w.lower() not in passage.lower() for w in new), swapped
        if old == {"1931"}:
            assert new <= {"1968", "2004"}  # a year for a year, never the 3-digit 412
        seen.add(frozenset(old))
    assert len(seen) >= 2  # both the name and the year get swapped


def test_nothing_to_swap_gives_none() -> None:
    passage = ARTICLE["paragraphs"][0]["context"]
    rng = random.Random(0)
    assert swapped_question("who opened it?", passage, "Mayor Ingrid Solberg", ["Oslo"], rng) is None  # no names
    assert swapped_question("Who opened the Halvard Bridge?", passage, "x", ["Halvard Bridge"], rng) is None  # no other
    # a name inside the answer is never swapped: the question would still be answered by the passage
    assert swapped_question("When did Mayor Ingrid Solberg open it?", passage, "Mayor Ingrid Solberg", ["Oslo"], rng) is None


def test_article_examples_with_swaps_label_them_unanswerable_over_the_same_passage() -> None:
    examples = article_examples(ARTICLE, random.Random(3), swap_rate=1.0)
    swaps = [e for e in examples if e.kind == "entity_swap"]
    positives = {e.passage: e for e in examples if e.kind == "positive"}
    assert swaps and all(not e.answerable for e in swaps)
    answers = {q["answers"][0]["text"] for p in ARTICLE["paragraphs"] for q in p["qas"]}
    assert all(e.passage[e.answer_start : e.answer_end] in answers for e in positives.values())
    for e in swaps:
        assert e.passage in positives and e.question not in {q["question"] for p in ARTICLE["paragraphs"] for q in p["qas"]}
    # without swaps the examples (and the random draws behind them) are what they were before swaps existed
    plain = article_examples(ARTICLE, random.Random(3))
    assert all(e.kind != "entity_swap" for e in plain)
    assert plain == article_examples(ARTICLE, random.Random(3), swap_rate=0.0)


def test_swap_rate_is_validated(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"swap_rate must be within \[0, 1\], got 1.5"):
        build_training_set(tmp_path, squad11_questions=10, seed=1, swap_rate=1.5)
    (tmp_path / "squad11_train").mkdir()
    (tmp_path / "squad11_train" / "squad11_train.json").write_text(json.dumps({"data": [ARTICLE]}))
    (tmp_path / "squad2_dev_split").mkdir()
    (tmp_path / "squad2_dev_split" / "squad2_dev_train.json").write_text(json.dumps({"data": []}))
    kinds = {e.kind for e in build_training_set(tmp_path, squad11_questions=10, seed=1, swap_rate=1.0)}
    assert "entity_swap" in kinds and "positive" in kinds


def test_an_antonym_question_turns_a_word_the_passage_uses_into_one_it_never_uses() -> None:
    passage = "The Halvard Bridge is the longest bridge in the north of the county. It opened before the war."
    rng = random.Random(0)
    flipped = {antonym_question("Which is the longest bridge in the north?", passage, "The Halvard Bridge", rng)
               for _ in range(20)}
    assert flipped == {"Which is the shortest bridge in the north?", "Which is the longest bridge in the south?"}
    # the opposite already in the passage: the question might still be answered there
    both = passage + " A tram came after it and closed in 1950."
    assert antonym_question("What opened before the war?", both, "x", rng) is None
    # a capitalised word is a name ("North Sea"), and a word inside the answer is never turned
    assert antonym_question("Where is the North Sea?", passage + " The North Sea.", "x", rng) is None
    assert antonym_question("What happened before the war?", passage, "before the war", rng) is None


def test_antonym_questions_are_unanswerable_examples_over_the_positive_s_passage(tmp_path: Path) -> None:
    article = {"title": "T", "paragraphs": [{
        "context": "The Halvard Bridge is the longest bridge in the county. Mayor Ingrid Solberg opened it in 1931.",
        "qas": [{"id": "a1", "question": "Which is the longest bridge in the county?",
                 "answers": [{"text": "The Halvard Bridge", "answer_start": 0}]}]}]}
    examples = article_examples(article, random.Random(1), antonym_rate=1.0)
    flipped = [e for e in examples if e.kind == "antonym"]
    assert [e.question for e in flipped] == ["Which is the shortest bridge in the county?"]
    assert not flipped[0].answerable and flipped[0].passage in {e.passage for e in examples if e.kind == "positive"}
    with pytest.raises(ValueError, match=r"antonym_rate must be within \[0, 1\], got -0.1"):
        build_training_set(tmp_path, squad11_questions=10, seed=1, antonym_rate=-0.1)


def test_a_negated_question_negates_its_first_auxiliary_over_a_passage_that_negates_nothing() -> None:
    plain = "The Halvard Bridge opened in 1931. Mayor Ingrid Solberg opened it."
    assert negated_question("What did Solberg open in 1931?", plain) == "What didn't Solberg open in 1931?"
    assert negated_question("Who was the mayor in 1931?", plain) == "Who was not the mayor in 1931?"
    assert negated_question("Was it opened in 1931?", plain) == "Wasn't it opened in 1931?"
    assert negated_question("Could it carry trams?", plain) == "Couldn't it carry trams?"
    # no auxiliary to negate, or nothing after it
    assert negated_question("Who opened the bridge?", plain) is None
    assert negated_question("What was?", plain) is None
    # already negated, or a passage that says what did not happen (it might answer the negated question)
    assert negated_question("What did Solberg never open?", plain) is None
    assert negated_question("Why wasn't it opened?", plain) is None
    for passage in (plain + " It was not painted.", plain + " It wasn't painted.", plain + " None came."):
        assert negated_question("What did Solberg open?", passage) is None


def test_negated_questions_are_unanswerable_examples_over_the_positive_s_passage(tmp_path: Path) -> None:
    article = {"title": "T", "paragraphs": [{
        "context": "The Halvard Bridge is the longest bridge in the county. Mayor Ingrid Solberg opened it in 1931.",
        "qas": [{"id": "a1", "question": "Which bridge did Solberg open?",
                 "answers": [{"text": "The Halvard Bridge", "answer_start": 0}]}]}]}
    examples = article_examples(article, random.Random(1), negation_rate=1.0)
    negated = [e for e in examples if e.kind == "negation"]
    assert [e.question for e in negated] == ["Which bridge didn't Solberg open?"]
    assert not negated[0].answerable and negated[0].passage in {e.passage for e in examples if e.kind == "positive"}
    # rate 0 draws nothing: the examples are what they were before negations existed
    assert article_examples(article, random.Random(1)) == article_examples(article, random.Random(1), negation_rate=0.0)
    with pytest.raises(ValueError, match=r"negation_rate must be within \[0, 1\], got 2"):
        build_training_set(tmp_path, squad11_questions=10, seed=1, negation_rate=2)


@pytest.mark.server  # child processes, one per hash seed
def test_the_other_paragraphs_chosen_do_not_depend_on_the_hash_seed() -> None:
    """Paragraph 2's shared words sum to paragraph 1's (0.1 + 0.2 + 0.3 = 0.6) only when added
    exactly: a plain sum in set order gave 0.6000000000000001 under some PYTHONHASHSEEDs, so a
    resumed training run read different paragraphs beside the same question (27,624 windows,
    then 27,622)."""
    import os
    import subprocess
    import sys

    code = ("from train.data import _closest_others\n"
            "idf = {'alpha': 0.1, 'beta': 0.2, 'gamma': 0.3, 'delta': 0.6}\n"
            "print(_closest_others('alpha beta gamma delta?', 0, [set(), {'delta'}, {'alpha', 'beta', 'gamma'}], idf))")
    root = Path(__file__).resolve().parents[1]
    seen = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(root)}
        out = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True)
        seen.add(out.stdout.strip())
    assert seen == {"[1, 2]"}


def test_an_echo_is_the_question_or_its_words_as_a_statement_without_the_answer() -> None:
    question = "How many soldiers guard the Halvard Bridge?"
    echoes = {echo_sentence(question, "94", random.Random(seed)) for seed in range(20)}
    assert echoes == {question, "Soldiers guard the Halvard Bridge."}
    assert echo_sentence("When did Solberg open the bridge?", "1931", random.Random(0)) in {
        "When did Solberg open the bridge?", "Solberg open the bridge."}
    # an echo that would hold the answer, or hold too little of the question, is not made
    assert {echo_sentence("Was the bridge opened in 1931?", "1931", random.Random(s)) for s in range(10)} == {None}
    assert {echo_sentence("Who?", "Solberg", random.Random(s)) for s in range(10)} == {None}


def test_an_echoed_passage_keeps_the_answer_s_offsets_and_never_splits_its_sentence() -> None:
    passage = ARTICLE["paragraphs"][0]["context"]
    start = passage.index("412 metres")
    end = start + len("412 metres")
    echo = "How long is the bridge over the Tessel River?"
    places = set()
    for seed in range(30):
        text, a, b = echoed_passage(passage, start, end, echo, random.Random(seed))
        assert text[a:b] == "412 metres"
        assert text.replace(echo + " ", "", 1) == passage
        at = text.index(echo)
        assert at == 0 or text[at - 2:at] == ". "  # inserted between sentences
        places.add(at)
    # just before the answer's sentence, and elsewhere
    assert passage.index("It crosses") in places and len(places) > 1
    # with before=1 always just before it; with before=0 anywhere the answer is not split
    assert {echoed_passage(passage, start, end, echo, random.Random(s), before=1.0)[0].index(echo)
            for s in range(10)} == {passage.index("It crosses")}
    assert len({echoed_passage(passage, start, end, echo, random.Random(s), before=0.0)[0].index(echo)
                for s in range(30)}) == 3


def test_echoes_are_positives_over_the_echoed_passage(tmp_path: Path) -> None:
    examples = article_examples(ARTICLE, random.Random(1), echo_rate=1.0)
    echoed = [e for e in examples if e.kind == "echo"]
    assert echoed
    for e in echoed:
        assert e.answerable
        positive = next(p for p in examples if p.kind == "positive" and p.question == e.question)
        assert e.passage[e.answer_start:e.answer_end] == positive.passage[positive.answer_start:positive.answer_end]
        assert len(e.passage) > len(positive.passage)
    assert article_examples(ARTICLE, random.Random(1)) == article_examples(ARTICLE, random.Random(1), echo_rate=0.0)
    with pytest.raises(ValueError, match=r"echo_rate must be within \[0, 1\], got -0.5"):
        build_training_set(tmp_path, squad11_questions=10, seed=1, echo_rate=-0.5)
    with pytest.raises(ValueError, match=r"echo_before must be within \[0, 1\], got 1.5"):
        build_training_set(tmp_path, squad11_questions=10, seed=1, echo_rate=0.5, echo_before=1.5)


def test_hard_questions_are_always_kept_within_the_sample(tmp_path: Path) -> None:
    (tmp_path / "squad11_train").mkdir()
    (tmp_path / "squad11_train" / "squad11_train.json").write_text(json.dumps({"data": [ARTICLE]}))
    (tmp_path / "squad2_dev_split").mkdir()
    (tmp_path / "squad2_dev_split" / "squad2_dev_train.json").write_text(json.dumps({"data": []}))
    hard = frozenset({"How long is the bridge over the Tessel River?"})
    without = set()
    for seed in range(8):
        kept = build_training_set(tmp_path, squad11_questions=1, seed=seed, echo_rate=1.0, hard=hard)
        assert [e.question for e in kept if e.kind == "positive"] == list(hard)  # the hard one fills the sample
        assert {e.question for e in kept if e.kind == "echo"} == set(hard)
        plain = build_training_set(tmp_path, squad11_questions=1, seed=seed)
        without |= {e.question for e in plain if e.kind == "positive"}
    assert without != set(hard)  # a plain sample draws the others too


def test_calibration_articles_are_trained_on_only_when_named(tmp_path: Path) -> None:
    from train.data import dev_examples, is_calibration_article

    (tmp_path / "squad11_train").mkdir()
    (tmp_path / "squad11_train" / "squad11_train.json").write_text(json.dumps({"data": [ARTICLE]}))
    held = json.loads(json.dumps(ARTICLE))
    held["title"] = "Nordvik_Ferry"
    assert is_calibration_article(held["title"])
    held["paragraphs"][0]["qas"].append({"id": "u1", "question": "Who painted the Halvard Bridge in 1931?",
                                         "answers": [], "is_impossible": True})
    (tmp_path / "squad2_dev_split").mkdir()
    (tmp_path / "squad2_dev_split" / "squad2_dev_train.json").write_text(json.dumps({"data": [held]}))

    def unanswerable(**kw: Any) -> list[str]:
        return [e.question for e in build_training_set(tmp_path, squad11_questions=10, seed=1, **kw)
                if e.kind == "squad2_negative"]

    assert unanswerable() == []
    assert unanswerable(calibration_trained=frozenset({"Nordvik_Ferry"})) == ["Who painted the Halvard Bridge in 1931?"] * 2
    with pytest.raises(ValueError, match=r"calibration_trained names no calibration article: \['Halvard_Bridge'\]"):
        unanswerable(calibration_trained=frozenset({"Halvard_Bridge"}))
    assert dev_examples(tmp_path, limit=10, seed=1)
    assert dev_examples(tmp_path, limit=10, seed=1, exclude=frozenset({"Nordvik_Ferry"})) == []
