"""train.probe_confidence: the two-stage calibration it scores and the features it adds."""

from __future__ import annotations

import random

import pytest

from train.probe_confidence import SHIPPED, add_features, listwise_hit, missing_words, score, short_features


def test_missing_words_counts_the_question_words_the_passage_lacks() -> None:
    passage = "The Normans settled in Normandy during the tenth century."
    assert missing_words("When did the Normans settle in Normandy?", passage) == 0.0  # "settle" ~ "settled"
    assert missing_words("When did the Vikings settle in Normandy?", passage) == pytest.approx(1 / 3)
    assert missing_words("What is it?", passage) == 0.0  # no content word


def test_short_features_check_the_answer_against_the_question() -> None:
    assert short_features("How many soldiers guard the airport?", "94")["type_mismatch"] == 0.0
    assert short_features("How many soldiers guard the airport?", "the airport")["type_mismatch"] == 1.0
    assert short_features("When was it built?", "in March")["type_mismatch"] == 0.0
    assert short_features("Who founded the city?", "the king")["type_mismatch"] == 1.0
    assert short_features("Who founded the city?", "Rollo")["type_mismatch"] == 0.0
    assert short_features("Who founded the city?", "the city")["short_overlap"] == 1.0
    assert short_features("Who founded the city?", "Rollo")["short_overlap"] == 0.0


def _rows(n: int = 240, seed: int = 0) -> list[dict]:
    """Three candidates a question; the right one has the higher sentence margin. Unanswerable
    questions' best candidate is wrong, and only ``dense`` (an extra feature) tells them apart."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        answerable = i % 2 == 0
        cands = []
        for j in range(3):
            right = answerable and j == 0
            f = {name: 0.0 for name in SHIPPED}
            f["sentence_margin"] = rng.gauss(2.0 if j == 0 else 0.0, 0.5)
            f["dense"] = rng.gauss(1.0 if answerable else -1.0, 0.3)
            cands.append({"features": f, "correct": right})
        rows.append({"article": f"a{i % 6}", "answerable": answerable, "question": "q", "candidates": cands})
    return rows


def test_an_extra_feature_that_marks_the_unanswerable_questions_lowers_the_log_loss_not_the_citations() -> None:
    rows = _rows()
    shipped = score(rows, ())
    more = score(rows, ("dense",))
    assert more["hit@1"] == shipped["hit@1"] > 0.95  # the ranking is the shipped features'
    assert more["log_loss"] < shipped["log_loss"] - 0.2
    assert more["abstention_f1"] > shipped["abstention_f1"] + 0.2
    assert more["auc"] > 0.95 and more["f1@0.12"] >= more["abstention_f1"] - 1e-9


def test_add_features_uses_the_texts_and_skips_what_older_rows_lack() -> None:
    rows: list[dict] = [{"article": "a", "answerable": True, "question": "How many Vikings came?", "candidates": [
        {"features": {"sentence_margin": 1.0, "answerable": 0.0}, "correct": True, "sentence": "About 94 came.",
         "passage": "About 94 came.", "short": "94"},
        {"features": {"sentence_margin": 0.0, "answerable": 0.0}, "correct": False}]}]
    add_features(rows)
    first, second = (c["features"] for c in rows[0]["candidates"])
    assert first["missing_words"] == pytest.approx(1 / 2) and first["type_mismatch"] == 0.0
    assert "missing_words" not in second and "share" in second


def test_the_listwise_ranker_finds_the_candidate_the_margin_marks() -> None:
    rows = _rows(120)
    before = listwise_hit(rows, SHIPPED)
    assert before == pytest.approx(score(rows, ())["hit@1"], abs=0.03) and before > 0.95
    for row in rows:  # an answerable question whose candidates all miss counts as a miss
        if row["answerable"]:
            for cand in row["candidates"]:
                cand["correct"] = False
            break
    assert listwise_hit(rows, SHIPPED) < before
