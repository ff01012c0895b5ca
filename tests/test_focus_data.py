"""The focused reading's windows as training examples (train.focus_data)."""

from __future__ import annotations

import random

import pytest

from qa.focus import focus
from train.data import Example
from train.focus_data import closest_sentence, focus_examples

# Made-up text (no training text is committed): five sentences, the answer in the fourth.
PASSAGE = ("The Halvard Bridge crosses the Tessel River. Its towers were painted green in 1975. "
           "A ferry ran beside it until 1968. Mayor Ingrid Solberg opened the bridge in 1931. "
           "Engineers surveyed it in 2004.")
QUESTION = "Who opened the Halvard Bridge?"
START = PASSAGE.index("Mayor Ingrid Solberg")
END = START + len("Mayor Ingrid Solberg")


def _positive() -> Example:
    return Example(QUESTION, PASSAGE, START, END, "positive")


def test_the_positive_window_is_the_answer_s_sentence_with_its_neighbours_as_the_answerer_cuts_it() -> None:
    made = focus_examples([_positive()], random.Random(0), 1.0)
    positive = [e for e in made if e.kind == "focus_positive"]
    assert len(positive) == 1
    ex = positive[0]
    sentence_start = PASSAGE.index("Mayor")
    lo, hi = focus(PASSAGE, sentence_start, PASSAGE.index("1931.") + len("1931."))
    assert ex.passage == PASSAGE[lo:hi]
    assert ex.passage.startswith("A ferry ran") and ex.passage.endswith("surveyed it in 2004.")
    assert ex.answer_start is not None and ex.answer_end is not None
    assert ex.passage[ex.answer_start : ex.answer_end] == "Mayor Ingrid Solberg"


def test_the_distractor_is_the_closest_other_sentence_and_keeps_the_answer_when_it_is_a_neighbour() -> None:
    made = focus_examples([_positive()], random.Random(0), 1.0)
    # "The Halvard Bridge crosses ..." shares "halvard" and "bridge": its window (it and the next
    # sentence) lacks the answer, so it is labelled "no answer"
    distractor = [e for e in made if e.kind == "focus_distractor"]
    assert [e.passage for e in distractor] == [PASSAGE[: PASSAGE.index(" A ferry")]]
    assert distractor[0].answer_start is None and not distractor[0].answerable
    # a passage whose closest other sentence stands beside the answer's: the window holds the answer
    passage = "Engineers surveyed the Halvard Bridge in 2004. Mayor Ingrid Solberg opened it in 1931."
    start = passage.index("Mayor")
    near = focus_examples([Example(QUESTION, passage, start, start + 20, "positive")], random.Random(0), 1.0)
    neighbour = [e for e in near if e.kind == "focus_neighbour"]
    assert len(neighbour) == 1
    assert neighbour[0].answer_start is not None and neighbour[0].answer_end is not None
    assert neighbour[0].passage[neighbour[0].answer_start : neighbour[0].answer_end] == "Mayor Ingrid Solberg"


def test_an_unanswerable_question_is_read_over_its_closest_sentence_and_labelled_no_answer() -> None:
    made = focus_examples([Example("When was the Halvard Bridge painted red?", PASSAGE, None, None, "entity_swap")],
                          random.Random(0), 1.0)
    assert [e.kind for e in made] == ["focus_unanswerable"]
    assert made[0].passage.startswith("The Halvard Bridge crosses") and made[0].answer_start is None


def test_other_kinds_and_a_zero_rate_give_nothing() -> None:
    echo = Example(QUESTION, PASSAGE, START, END, "echo")
    assert focus_examples([echo, Example(QUESTION, PASSAGE, None, None, "docs_removed")], random.Random(0), 1.0) == []
    assert focus_examples([_positive()], random.Random(0), 0.0) == []


def test_the_rate_takes_about_that_share() -> None:
    made = focus_examples([_positive()] * 400, random.Random(3), 0.25)
    share = sum(e.kind == "focus_positive" for e in made) / 400
    assert 0.18 < share < 0.32


def test_closest_sentence_passes_over_the_avoided_span_and_needs_a_shared_word() -> None:
    spans = [(0, 10), (11, 20)]
    text = "bridge one river tower"
    assert closest_sentence("Which river?", text, [(0, 10), (11, 22)]) == 1
    assert closest_sentence("Which bridge?", text, [(0, 10), (11, 22)], avoid=(0, 6)) is None
    assert closest_sentence("Nothing shared?", "abc def", spans[:1]) is None


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_the_rate_is_validated(rate: float) -> None:
    with pytest.raises(ValueError, match=f"rate must be within \\[0, 1\\], got {rate}"):
        focus_examples([], random.Random(0), rate)
