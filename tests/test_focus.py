"""The focused reading: each candidate sentence read again with only its neighbours around it,
weighed by the calibration as ``focus_margin`` (a sentence that restates the question loses to
the next one there)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from qa import DocumentQA
from qa.focus import FOCUS_FLOOR, focus
from qa.model_answerer import ModelAnswerer
from qa.reader import Calibration, Reading
from tests.conftest import CountingEmbedder

RESTATES = "The lighthouse keeper asked how tall the Varn lighthouse is."
ANSWERS = "The Varn lighthouse is 41 metres tall."
TEXT = f"Storms are common on the coast. {RESTATES} {ANSWERS} It was built in 1874."
QUESTION = "How tall is the Varn lighthouse?"


class ScriptedReader:
    """Reads a passage as holding its answer in the restating sentence (margin 3) and in the
    answering one (margin 2); in a focused reading, the citable sentence scores what ``focused``
    says for it. Records every call."""

    def __init__(self, focused: dict[str, float]) -> None:
        self.focused = focused
        self.calls: list[tuple[list[str], list[list[tuple[int, int]]]]] = []

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages: Sequence[str],
             uncitable: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[Reading]:
        self.calls.append((list(passages), [list(r) for r in uncitable or [[] for _ in passages]]))
        out = []
        for i, text in enumerate(passages):
            ranges = uncitable[i] if uncitable else []
            if len(self.calls) == 1:  # the passages
                at, margin = (text.find(RESTATES), 3.0) if RESTATES in text else (text.find(ANSWERS), 2.0)
                sentence = RESTATES if RESTATES in text else ANSWERS
            else:  # the focused texts: the one sentence outside the neighbours' ranges
                citable = [s for s in (RESTATES, ANSWERS) if s in text
                           and not any(lo <= text.find(s) and text.find(s) + len(s) <= hi for lo, hi in ranges)]
                assert len(citable) == 1, (text, ranges)
                sentence, at, margin = citable[0], text.find(citable[0]), self.focused[citable[0]]
            out.append(Reading(i, at, at + len(sentence) - 1, margin, 0.0, 1.0, at, at + len(sentence), margin))
        return out


def test_focus_is_the_sentence_with_its_neighbours() -> None:
    first = TEXT.index(RESTATES)
    assert TEXT[slice(*focus(TEXT, first, first + len(RESTATES)))] == (
        f"Storms are common on the coast. {RESTATES} {ANSWERS}")
    assert TEXT[slice(*focus(TEXT, 0, len("Storms are common on the coast.")))] == (
        f"Storms are common on the coast. {RESTATES}")
    last = TEXT.index("It was")
    assert TEXT[slice(*focus(TEXT, last, len(TEXT)))] == f"{ANSWERS} It was built in 1874."


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[DocumentQA]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "restates.txt").write_text(f"Storms are common on the coast. {RESTATES} It rains often.")
    (docs / "answers.txt").write_text(f"Fog is common on the coast. {ANSWERS} It was built in 1874.")
    built = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    yield built
    built.close()


def test_the_focused_reading_moves_a_restating_sentence_below_the_answer(bot: DocumentQA) -> None:
    passages = bot.retrieve(QUESTION)
    assert len(passages) == 2
    weighs_focus = Calibration(bias=0.0, weights=(("sentence_margin", 1.0), ("focus_margin", 1.0)), threshold=0.5)
    reader = ScriptedReader({RESTATES: -4.0, ANSWERS: 2.5})
    ranked = ModelAnswerer(bot.corpus, reader=reader, calibration=weighs_focus).candidates(QUESTION, passages)
    assert [c.text for c in ranked] == [ANSWERS, RESTATES]
    assert [c.features["focus_margin"] for c in ranked] == [2.5, -4.0]
    focused, neighbours = reader.calls[1]  # one more read, of every candidate's sentence and neighbours
    assert len(reader.calls) == 2 and sorted(focused) == sorted(
        [f"Storms are common on the coast. {RESTATES} It rains often.",
         f"Fog is common on the coast. {ANSWERS} It was built in 1874."])
    for text, ranges in zip(focused, neighbours, strict=True):
        sentence = RESTATES if RESTATES in text else ANSWERS
        assert ranges == [(0, text.index(sentence)), (text.index(sentence) + len(sentence), len(text))]


def test_without_the_focus_in_the_calibration_the_passages_are_read_once(bot: DocumentQA) -> None:
    passages = bot.retrieve(QUESTION)
    plain = Calibration(bias=0.0, weights=(("sentence_margin", 1.0),), threshold=0.5)
    reader = ScriptedReader({RESTATES: -4.0, ANSWERS: 2.5})
    ranked = ModelAnswerer(bot.corpus, reader=reader, calibration=plain).candidates(QUESTION, passages)
    assert [c.text for c in ranked] == [RESTATES, ANSWERS] and len(reader.calls) == 1
    assert all("focus_margin" not in c.features for c in ranked)
    every = ModelAnswerer(bot.corpus, reader=ScriptedReader({RESTATES: -4.0, ANSWERS: 2.5}), calibration=plain,
                          features=("focus_margin",))  # what train.calibrate collects: every feature
    assert sorted(c.features["focus_margin"] for c in every.candidates(QUESTION, passages)) == [-4.0, 2.5]


def test_a_focused_reading_that_finds_nothing_gets_the_floor(bot: DocumentQA) -> None:
    passages = bot.retrieve(QUESTION)
    weighs_focus = Calibration(bias=0.0, weights=(("sentence_margin", 1.0), ("focus_margin", 1.0)), threshold=0.5)
    ranked = ModelAnswerer(bot.corpus, reader=ScriptedReader({RESTATES: float("-inf"), ANSWERS: -99.0}),
                           calibration=weighs_focus).candidates(QUESTION, passages)
    assert [c.features["focus_margin"] for c in ranked] == [FOCUS_FLOOR, FOCUS_FLOOR]


def test_only_the_calibration_s_focus_top_candidates_with_the_highest_sentence_margins_are_read_again(
        bot: DocumentQA) -> None:
    passages = bot.retrieve(QUESTION)
    weights = (("sentence_margin", 1.0), ("focus_margin", 1.0))
    reader = ScriptedReader({RESTATES: -4.0, ANSWERS: 2.5})
    top1 = Calibration(bias=0.0, weights=weights, threshold=0.5, focus_top=1)
    ranked = ModelAnswerer(bot.corpus, reader=reader, calibration=top1).candidates(QUESTION, passages)
    assert len(reader.calls[1][0]) == 1 and RESTATES in reader.calls[1][0][0]  # margin 3 beats 2
    assert {c.text: c.features["focus_margin"] for c in ranked} == {RESTATES: -4.0, ANSWERS: FOCUS_FLOOR}
    reader = ScriptedReader({RESTATES: -4.0, ANSWERS: 2.5})
    top2 = Calibration(bias=0.0, weights=weights, threshold=0.5, focus_top=2)
    ranked = ModelAnswerer(bot.corpus, reader=reader, calibration=top2).candidates(QUESTION, passages)
    assert len(reader.calls[1][0]) == 2
    assert {c.text: c.features["focus_margin"] for c in ranked} == {RESTATES: -4.0, ANSWERS: 2.5}
