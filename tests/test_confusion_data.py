"""Unanswerable questions whose names the passage all holds (train.confusion_data)."""

from __future__ import annotations

import random

import pytest

from train.confusion_data import confused_question, confusion_examples
from train.data import Example

# Made-up text (no training text is committed).
PASSAGE = ("Mayor Ingrid Solberg opened the Halvard Bridge in 1931. "
           "The Kastrup Ferry was painted green by Oslo Polytechnic in 1975.")
QUESTION = "Who opened the Halvard Bridge in 1931?"
ANSWER = "Mayor Ingrid Solberg"


def test_a_name_the_passage_holds_is_swapped_for_another_it_holds_that_no_sentence_ties_to_the_question() -> None:
    seen = {confused_question(QUESTION, PASSAGE, ANSWER, random.Random(seed)) for seed in range(40)}
    # the bridge can become the ferry or the polytechnic (their sentence shares none of "opened",
    # "bridge", "halvard"), 1931 can become 1975 (a year for a year); never the answer's name
    assert seen == {"Who opened the Kastrup Ferry in 1931?", "Who opened the Oslo Polytechnic in 1931?",
                    "Who opened the Halvard Bridge in 1975?"}


def test_no_swap_when_the_new_name_s_sentence_shares_the_question_s_words() -> None:
    passage = "Mayor Ingrid Solberg opened the Halvard Bridge in 1931. Her deputy opened the Kastrup Ferry in 1931."
    # the ferry's sentence says "opened": the question about it may well be answered there
    question = "Who opened the Halvard Bridge?"
    assert confused_question(question, passage, ANSWER, random.Random(0)) is None


def test_no_swap_without_a_name_outside_the_answer() -> None:
    assert confused_question("Who was the mayor?", PASSAGE, ANSWER, random.Random(0)) is None


def test_confusion_examples_are_unanswerable_over_the_positive_s_passage() -> None:
    start = PASSAGE.index(ANSWER)
    positive = Example(QUESTION, PASSAGE, start, start + len(ANSWER), "positive", ("another paragraph",))
    made = confusion_examples([positive, Example("Who?", PASSAGE, None, None, "squad2_negative")], random.Random(1), 1.0)
    assert len(made) == 1
    assert made[0].kind == "confusion" and made[0].answer_start is None and made[0].passage == PASSAGE
    assert made[0].question != QUESTION and made[0].others == ("another paragraph",)
    assert confusion_examples([positive], random.Random(1), 0.0) == []


@pytest.mark.parametrize("rate", [-0.5, 2.0])
def test_the_rate_is_validated(rate: float) -> None:
    with pytest.raises(ValueError, match=f"rate must be within \\[0, 1\\], got {rate}"):
        confusion_examples([], random.Random(0), rate)
