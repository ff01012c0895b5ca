"""train.pair_ranker: the groups it trains on and its loss (no model is loaded here)."""

from __future__ import annotations

import random
from typing import Any

import pytest
import torch

from train.pair_ranker import article_groups, group_loss

ARTICLE: dict[str, Any] = {"title": "Harbour", "paragraphs": [
    {"context": "The harbour opened in 1850. It was built by the town council. Ships from Norway used it.",
     "qas": [{"question": "When did the harbour open?", "answers": [{"text": "1850", "answer_start": 22}]},
             {"question": "Who closed the harbour?", "answers": [], "is_impossible": True}]},
    {"context": "The council later built a second harbour. The second harbour opened in 1901.",
     "qas": [{"question": "What did the council build later?",
              "answers": [{"text": "a second harbour", "answer_start": 24}]}]},
]}


def test_each_group_holds_the_answer_sentence_once_and_unanswerable_groups_none() -> None:
    groups = article_groups(ARTICLE, random.Random(3), same=4, other=1)
    by_question = {g.question: g for g in groups}
    first = by_question["When did the harbour open?"]
    assert first.sentences[first.right] == "The harbour opened in 1850."
    assert sum("1850" in s for s in first.sentences) == 1
    other = [s for s in first.sentences if s in ARTICLE["paragraphs"][1]["context"]]
    assert len(other) == 1  # the other paragraph's best-sharing sentence, beside all three of the gold one
    assert len(first.sentences) == 4
    assert by_question["Who closed the harbour?"].right == -1
    later = by_question["What did the council build later?"]
    assert later.sentences[later.right] == "The council later built a second harbour."
    assert sum("a second harbour" in s for s in later.sentences) == 1


def test_group_loss_rewards_the_right_sentence_and_counts_unanswerable_groups() -> None:
    right = torch.tensor([4.0, -2.0, -2.0, -3.0, -3.0])
    wrong = torch.tensor([-2.0, 4.0, -2.0, -3.0, -3.0])
    assert group_loss(right, [3, 2], [0, -1]) < group_loss(wrong, [3, 2], [0, -1])
    # a group with no right sentence is judged by the per-sentence loss alone
    low, high = torch.tensor([-5.0, -5.0]), torch.tensor([5.0, 5.0])
    assert group_loss(low, [2], [-1]).item() == pytest.approx(torch.nn.functional.softplus(low).mean().item(), rel=1e-5)
    assert group_loss(high, [2], [-1]) > group_loss(low, [2], [-1])
