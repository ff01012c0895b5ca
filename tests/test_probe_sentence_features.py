"""train.probe_sentence_features: the listwise ranker it scores feature sets with."""

from __future__ import annotations

import random

import numpy as np
import pytest

from train.probe_sentence_features import cross_validated_hit, fit_listwise


def _questions(n: int, seed: int = 0) -> list[dict]:
    """Each question: five sentences; the right one has a noisy model score and the top rank."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        right = rng.randrange(5)
        cands = []
        for j in range(5):
            model = rng.gauss(1.0 if j == right else 0.0, 1.0)
            rank = 1.0 if j == right else rng.choice([0.5, 0.33, 0.25])
            cands.append({"f": {"model": model, "rank": rank}, "correct": j == right})
        out.append({"article": f"a{i % 10}", "answerable": True, "c": cands})
    return out


def test_a_feature_that_marks_the_answer_gets_weight_and_lifts_hit_at_1() -> None:
    questions = _questions(200)
    w = fit_listwise(questions, ("model", "rank"))
    assert w[1] > 0 and w[0] > 0
    alone = cross_validated_hit(questions, ("model",))
    both = cross_validated_hit(questions, ("model", "rank"))
    assert alone < 0.8 and both > 0.95


def test_a_missing_feature_counts_as_zero_and_no_answer_at_all_is_refused() -> None:
    questions = _questions(20)
    for q in questions:
        del q["c"][0]["f"]["rank"]
    assert np.isfinite(fit_listwise(questions, ("model", "rank"))).all()
    for q in questions:
        for c in q["c"]:
            c["correct"] = False
    with pytest.raises(ValueError, match="no question has a sentence holding its answer"):
        fit_listwise(questions, ("model",))
