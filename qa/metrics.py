"""Evaluation metrics, as pure functions on plain data."""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence

from index.errors import InvalidInputError

Span = tuple[int, int]


def contains(span: Span, gold: Sequence[Span]) -> bool:
    """Whether ``span`` contains at least one gold span entirely."""
    return any(span[0] <= a and b <= span[1] for a, b in gold)


def normalize_answer(text: str) -> str:
    """The official SQuAD normalisation: lower case, no punctuation, no articles, single spaces."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def holds_answer(text: str, golds: Sequence[str]) -> bool:
    """Whether ``text`` holds one of the gold answers, whole words after the SQuAD normalisation:
    a looser test than :func:`contains`, which asks for the gold answer's own place; a sentence
    that states the answer elsewhere in the document counts here (and so does one that only
    mentions its words, as a "yes" or a year can be)."""
    padded = f" {normalize_answer(text)} "
    return any(g and f" {g} " in padded for g in map(normalize_answer, golds))


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    return float(any(normalize_answer(prediction) == normalize_answer(g) for g in golds))


def token_f1(prediction: str, golds: Sequence[str]) -> float:
    """The official SQuAD token F1, maximised over the gold answers."""
    best = 0.0
    pred = normalize_answer(prediction).split()
    for gold in golds:
        ref = normalize_answer(gold).split()
        common = Counter(pred) & Counter(ref)
        same = sum(common.values())
        if not pred or not ref:
            best = max(best, float(pred == ref))
            continue
        if same == 0:
            continue
        precision, recall = same / len(pred), same / len(ref)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def recall_at_k(ranked: Sequence[str], relevant: Mapping[str, float], k: int) -> float:
    """Share of the relevant items (grade > 0) found in the first ``k`` of ``ranked``."""
    wanted = {i for i, grade in relevant.items() if grade > 0}
    if not wanted:
        return 0.0
    return len(wanted & set(ranked[:k])) / len(wanted)


def mrr_at_k(ranked: Sequence[str], relevant: Mapping[str, float], k: int) -> float:
    """1 / rank of the first relevant item within the first ``k``, else 0."""
    for rank, item in enumerate(ranked[:k], 1):
        if relevant.get(item, 0) > 0:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Mapping[str, float], k: int) -> float:
    """Normalised discounted cumulative gain with graded relevance (as BEIR and trec_eval compute it)."""
    dcg = sum(relevant.get(item, 0.0) / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], 1))
    ideal = sorted((g for g in relevant.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


def abstention_scores(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of abstaining, with unanswerable questions as the positives,
    and the share of answerable questions that were wrongly abstained on."""
    if len(abstained) != len(unanswerable):
        raise InvalidInputError("abstained and unanswerable must have the same length")
    tp = sum(a and u for a, u in zip(abstained, unanswerable))
    n_abstained = sum(abstained)
    n_unanswerable = sum(unanswerable)
    n_answerable = len(abstained) - n_unanswerable
    precision = tp / n_abstained if n_abstained else 0.0
    recall = tp / n_unanswerable if n_unanswerable else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    wrong = sum(a and not u for a, u in zip(abstained, unanswerable))
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "answerable_wrongly_abstained": wrong / n_answerable if n_answerable else 0.0,
    }


def reliability(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> list[dict[str, float]]:
    """Per equal-width confidence bin: its range, count, mean confidence and accuracy (empty bins left out)."""
    if len(confidence) != len(correct):
        raise InvalidInputError("confidence and correct must have the same length")
    if bins < 1:
        raise InvalidInputError(f"bins must be at least 1, got {bins!r}")
    grouped: dict[int, list[tuple[float, bool]]] = {}
    for c, ok in zip(confidence, correct):
        grouped.setdefault(min(int(max(c, 0.0) * bins), bins - 1), []).append((c, ok))
    return [{"low": b / bins, "high": (b + 1) / bins, "count": len(items),
             "confidence": sum(c for c, _ in items) / len(items), "accuracy": sum(ok for _, ok in items) / len(items)}
            for b, items in sorted(grouped.items())]


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float | None:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by the bins' sizes."""
    table = reliability(confidence, correct, bins)
    total = sum(row["count"] for row in table)
    return sum(abs(row["accuracy"] - row["confidence"]) * row["count"] for row in table) / total if total else None


def threshold_curve(confidence: Sequence[float], first_hit: Sequence[bool], unanswerable: Sequence[bool],
                    thresholds: Sequence[float]) -> list[dict[str, float]]:
    """What other thresholds would have given on the same answers: at each, citation_hit@1 over the
    answerable questions (a question below the threshold is abstained on, a miss) and the abstention scores."""
    curve = []
    answerable = [not u for u in unanswerable]
    n_answerable = sum(answerable)
    for t in thresholds:
        abstained = [c < t for c in confidence]
        hits = sum(h and a and not x for h, a, x in zip(first_hit, answerable, abstained))
        curve.append({"threshold": float(t), "citation_hit@1": hits / n_answerable if n_answerable else 0.0,
                      **abstention_scores(abstained, unanswerable)})
    return curve


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) by linear interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sign_test(gained: int, lost: int) -> float:
    """Two-sided exact sign (McNemar) test of paired outcomes: ``gained`` items one side got right
    and the other wrong, ``lost`` the reverse; 1.0 when nothing changed."""
    n = gained + lost
    if not n:
        return 1.0
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(min(gained, lost) + 1)) / 2**n)


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve: P(a positive scores above a negative), ties counted half
    (the Mann-Whitney statistic over tie-averaged ranks); NaN without both classes."""
    if len(scores) != len(labels):
        raise InvalidInputError(f"auc: {len(scores)} scores but {len(labels)} labels")
    positives = sum(bool(y) for y in labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return math.nan
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum, i = 0.0, 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        average = (i + j) / 2 + 1  # ranks i+1 .. j+1 share their mean
        rank_sum += average * sum(bool(labels[order[k]]) for k in range(i, j + 1))
        i = j + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
