"""Short windows as the focused reading reads them (``train_reader --focus-rate R``).

The answerer reads its three best candidates once more, each sentence with only its neighbours
(:func:`qa.focus.focus`), and the calibration weighs the sentence's margin there. The
reader was trained on passages of a chunk's length only, so that three-sentence reading is out of
its training distribution. Here, from the examples already built (:mod:`train.data`), a share
``rate`` of them is given again as such a window:

- a positive, over its answer's sentence and its neighbours (``focus_positive``), and over the
  sentence of its passage that shares most of the question's words without holding the answer,
  with that sentence's neighbours (``focus_distractor``: "no answer"; when the answer's sentence
  is one of those neighbours the window keeps the answer as its label, ``focus_neighbour``);
- an unanswerable one (SQuAD 2.0's, an entity swap, an antonym), over the sentence of its
  passage that shares most of the question's words (``focus_unanswerable``).

The window is cut with the answerer's own :func:`~qa.focus.focus`, so that training and
answering cut the same text. Tried in run 22 (train/README.md): the focused margin picked and
separated no better than without these windows; not shipped.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from index.sentences import split_sentences
from qa.focus import focus
from train.data import Example, _words

UNANSWERABLE_KINDS = frozenset({"squad2_negative", "entity_swap", "antonym"})


def closest_sentence(question: str, passage: str, spans: Sequence[tuple[int, int]],
                     avoid: tuple[int, int] | None = None) -> int | None:
    """The index of the sentence of ``passage`` sharing most of ``question``'s words (the first of
    equals), none overlapping ``avoid``; None when no sentence shares a word."""
    asked = _words(question)
    best, best_count = None, 0
    for i, (a, b) in enumerate(spans):
        if avoid is not None and a < avoid[1] and avoid[0] < b:
            continue
        count = len(asked & _words(passage[a:b]))
        if count > best_count:
            best, best_count = i, count
    return best


def _window(ex: Example, lo: int, hi: int, kind: str) -> Example | None:
    """``ex`` over ``passage[lo:hi]``: its answer kept when the window holds it whole, "no
    answer" when the window holds none of it, nothing when it cuts the answer."""
    text = ex.passage[lo:hi]
    if ex.answer_start is None or ex.answer_end is None or ex.answer_end <= lo or ex.answer_start >= hi:
        return Example(ex.question, text, None, None, kind)
    if lo <= ex.answer_start and ex.answer_end <= hi:
        inside = "focus_positive" if kind == "focus_positive" else "focus_neighbour"
        return Example(ex.question, text, ex.answer_start - lo, ex.answer_end - lo, inside)
    return None


def focus_examples(examples: Sequence[Example], rng: random.Random, rate: float) -> list[Example]:
    """The focused windows of a share ``rate`` of ``examples``' positives and unanswerables."""
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be within [0, 1], got {rate}")
    out: list[Example] = []
    for ex in examples:
        if ex.kind == "positive" and ex.answer_start is not None and ex.answer_end is not None:
            if rng.random() >= rate:
                continue
            spans = split_sentences(ex.passage)
            holding = [s for s in spans if s[0] <= ex.answer_start < s[1]]
            if not holding:
                continue
            lo, hi = focus(ex.passage, *holding[0])
            made = [_window(ex, lo, hi, "focus_positive")]
            j = closest_sentence(ex.question, ex.passage, spans, avoid=(ex.answer_start, ex.answer_end))
            if j is not None:
                made.append(_window(ex, *focus(ex.passage, *spans[j]), "focus_distractor"))
            out += [m for m in made if m is not None]
        elif ex.kind in UNANSWERABLE_KINDS:
            if rng.random() >= rate:
                continue
            spans = split_sentences(ex.passage)
            j = closest_sentence(ex.question, ex.passage, spans)
            if j is not None:
                lo, hi = focus(ex.passage, *spans[j])
                out.append(Example(ex.question, ex.passage[lo:hi], None, None, "focus_unanswerable"))
    return out
