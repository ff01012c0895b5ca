from __future__ import annotations

import math

import pytest

from index.errors import InvalidInputError
from qa.metrics import (
    abstention_scores,
    auc,
    contains,
    exact_match,
    holds_answer,
    mrr_at_k,
    ndcg_at_k,
    normalize_answer,
    percentile,
    recall_at_k,
    sign_test,
    token_f1,
)


def test_span_containment() -> None:
    assert contains((10, 50), [(20, 30)])
    assert contains((10, 50), [(0, 5), (10, 50)])
    assert not contains((10, 50), [(5, 20)])  # overlap is not containment
    assert not contains((10, 50), [])


def test_a_citation_holds_an_answer_as_whole_words_after_normalisation() -> None:
    assert holds_answer("The Normans were in France in the 10th century.", ["10th century", "France"])
    assert holds_answer("It opened in 1931.", ["the 1931"])  # articles and punctuation normalised away
    assert not holds_answer("It opened in 19310.", ["1931"])  # whole words only
    assert not holds_answer("It opened in 1931.", ["", "1932"])
    assert not holds_answer("", ["1931"])


def test_squad_normalisation_em_and_f1() -> None:
    assert normalize_answer("The  Kabul Airport!") == "kabul airport"
    assert exact_match("the 94", ["94"]) == 1.0
    assert exact_match("94 soldiers", ["94"]) == 0.0
    # pred "94 soldiers" vs gold "94": precision 1/2, recall 1 -> F1 2/3
    assert token_f1("94 soldiers", ["94"]) == pytest.approx(2 / 3)
    assert token_f1("nothing here", ["94", "ninety four"]) == 0.0
    assert token_f1("ninety four", ["94", "ninety four"]) == 1.0
    assert token_f1("", [""]) == 1.0


def test_ranking_metrics_on_a_hand_made_case() -> None:
    ranked = ["d3", "d1", "d9", "d2"]
    relevant = {"d1": 1.0, "d2": 1.0}
    assert recall_at_k(ranked, relevant, 1) == 0.0
    assert recall_at_k(ranked, relevant, 2) == 0.5
    assert recall_at_k(ranked, relevant, 4) == 1.0
    assert mrr_at_k(ranked, relevant, 10) == 0.5
    assert mrr_at_k(ranked, relevant, 1) == 0.0
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    idcg = 1 / math.log2(2) + 1 / math.log2(3)
    assert ndcg_at_k(ranked, relevant, 10) == pytest.approx(dcg / idcg)
    assert ndcg_at_k(["d1", "d2"], relevant, 10) == pytest.approx(1.0)
    assert ndcg_at_k(["x"], {}, 10) == 0.0


def test_graded_ndcg() -> None:
    relevant = {"a": 2.0, "b": 1.0}
    assert ndcg_at_k(["b", "a"], relevant, 2) == pytest.approx((1 + 2 / math.log2(3)) / (2 + 1 / math.log2(3)))


def test_abstention_precision_recall() -> None:
    abstained = [True, True, False, False, True]
    unanswerable = [True, False, True, False, True]
    s = abstention_scores(abstained, unanswerable)
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(2 / 3)
    assert s["answerable_wrongly_abstained"] == pytest.approx(1 / 2)
    assert abstention_scores([False], [False]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                                                   "answerable_wrongly_abstained": 0.0}


def test_percentile() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5
    assert math.isnan(percentile([], 50))


def test_reliability_and_expected_calibration_error() -> None:
    from qa.metrics import expected_calibration_error, reliability

    confidence = [0.05, 0.15, 0.95, 0.92, 0.55, 0.58]
    correct = [False, False, True, True, True, False]
    table = reliability(confidence, correct)
    assert [row["count"] for row in table] == [1, 1, 2, 2]
    assert table[-1]["accuracy"] == 1.0 and table[2]["accuracy"] == 0.5
    expected = (0.05 + 0.15 + 2 * abs(0.5 - 0.565) + 2 * abs(1 - 0.935)) / 6
    assert expected_calibration_error(confidence, correct) == pytest.approx(expected)
    assert expected_calibration_error([1.0], [True]) == 0.0  # a confidence of exactly 1 lands in the last bin
    assert expected_calibration_error([], []) is None
    with pytest.raises(ValueError, match="same length"):
        reliability([0.5], [])


def test_threshold_curve_replays_other_thresholds_on_the_same_answers() -> None:
    from qa.metrics import threshold_curve

    confidence = [0.9, 0.6, 0.3, 0.7, 0.2]
    first_hit = [True, True, False, False, False]
    unanswerable = [False, False, False, True, True]
    low, mid, high = threshold_curve(confidence, first_hit, unanswerable, [0.0, 0.5, 0.95])
    assert low["citation_hit@1"] == pytest.approx(2 / 3) and low["recall"] == 0.0
    assert mid["citation_hit@1"] == pytest.approx(2 / 3) and mid["recall"] == 0.5
    assert mid["answerable_wrongly_abstained"] == pytest.approx(1 / 3)
    assert high["citation_hit@1"] == 0.0 and high["recall"] == 1.0


def test_sign_test_is_the_exact_two_sided_binomial() -> None:
    assert sign_test(0, 0) == 1.0 and sign_test(3, 3) == 1.0
    assert sign_test(5, 0) == sign_test(0, 5) == 2 / 32  # all five changes one way
    assert abs(sign_test(5, 1) - 2 * 7 / 64) < 1e-12


def test_auc_counts_ties_half_and_matches_the_pairwise_definition() -> None:
    assert auc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert auc([0.1, 0.9], [True, False]) == 0.0
    assert auc([0.5, 0.5], [True, False]) == 0.5
    scores = [0.3, 0.7, 0.7, 0.2, 0.9, 0.3, 0.5]
    labels = [True, False, True, False, True, True, False]
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    pairwise = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
    assert auc(scores, labels) == pytest.approx(pairwise)
    assert math.isnan(auc([0.1, 0.2], [True, True]))
    with pytest.raises(InvalidInputError, match="3 scores but 2 labels"):
        auc([0.1, 0.2, 0.3], [True, False])
