"""train.probe_echo: the echoed paragraphs it reads and how it counts what the reader cites."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.reader import Reading
from tests.test_train_data import ARTICLE
from train.data import sentences
from train.probe_echo import VARIANTS, answerable_cases, probe, variants


class OverlapReader:
    """Cites each passage's sentence sharing most words with the question (an echo, when there is one)."""

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages: Sequence[str], uncitable: object = None) -> list[Reading]:
        words = set(re.findall(r"\w+", question.lower()))
        out = []
        for i, text in enumerate(passages):
            a, b = max(sentences(text), key=lambda s: len(words & set(re.findall(r"\w+", text[s[0]:s[1]].lower()))))
            out.append(Reading(i, a, b, 1.0, 0.0, 0.0, a, b, 1.0))
        return out


def test_each_echo_stands_just_before_the_answer_s_sentence_and_the_gold_moves_with_it() -> None:
    question, context, answers = answerable_cases([ARTICLE])[1]  # How long is the bridge over the Tessel River?
    texts = variants(question, context, answers)
    assert texts is not None and set(texts) == set(VARIANTS)
    for name, echo in (("statement", "The bridge over the Tessel River."), ("question", question)):
        text, echo_range, gold = texts[name]
        assert echo_range is not None
        a, b = echo_range
        assert text[a:b] == echo and text[b:].startswith(" It crosses the Tessel River")
        assert [text[x:y] for x, y in gold] == ["412 metres"]
        text, echo_range, gold = texts[name + "_away"]
        assert echo_range is not None
        a, b = echo_range  # before the sentence farthest from the answer's
        assert text[a:b] == echo and a == 0 and text[b:].startswith(" The Halvard Bridge was opened")
        assert [text[x:y] for x, y in gold] == ["412 metres"]
    assert variants("Was it opened in 1931?", context, [{"text": "1931", "answer_start": 33}]) is None


class AfterQuestionReader(OverlapReader):
    """Cites the sentence after a question when the passage has one (a shortcut), else as OverlapReader."""

    def read(self, question: str, passages: Sequence[str], uncitable: object = None) -> list[Reading]:
        out = super().read(question, passages)
        for i, text in enumerate(passages):
            spans = sentences(text)
            asked = [n for n, (a, b) in enumerate(spans) if text[b - 1] == "?" and n + 1 < len(spans)]
            if asked:
                a, b = spans[asked[0] + 1]
                out[i] = Reading(i, a, b, 1.0, 0.0, 0.0, a, b, 1.0)
        return out


def test_a_reader_that_follows_the_question_s_words_cites_the_echo() -> None:
    report = probe(OverlapReader(), answerable_cases([ARTICLE]))
    assert report["plain"]["hit"] == 1.0 and report["plain"]["echo"] == 0.0
    for name in ("question", "question_away"):
        assert report[name]["echo"] == 1.0 and report[name]["hit"] == 0.0
    assert report["statement"]["questions"] == report["plain"]["questions"] == 3


def test_a_reader_that_cites_what_follows_the_echo_is_caught_away_from_the_answer() -> None:
    report = probe(AfterQuestionReader(), answerable_cases([ARTICLE]))
    assert report["question"]["hit"] == 1.0 and report["question"]["after_echo"] == 1.0
    assert report["question_away"]["hit"] == 0.0 and report["question_away"]["after_echo"] == 1.0
