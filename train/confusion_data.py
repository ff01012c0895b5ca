"""Unanswerable questions whose every name the passage holds (``train_reader --confuse-rate R``).

The most confident wrong answers to SQuAD 2.0's unanswerable questions ask about a name the
passage does hold, in a role the passage never gives it ("Who are Rob Curran and Tim Machado?"
over "Rob Machado, Tim Curran"). ``train.data``'s entity swaps bring in a name the passage lacks,
which a text check (``missing_names``) already sees. Here a share ``rate`` of the positives is
given again with one name or number of the question that the passage holds swapped for another of
the same kind **that the passage also holds**, labelled "no answer" over the same passage, but
only when no sentence naming the new one shares any other content word with the question: the
passage then says nothing about the new name in the question's terms ("When was Tesla born?" ->
"When was Edison born?" is kept only if no sentence with "Edison" says "born"), which keeps
most questions the passage does answer ("Edison was born in 1847") out of the negatives.
Tried in run 23 (train/README.md): refusal on the held-out articles did not move; not shipped.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from qa.mismatch import entities
from train.data import Example, _is_number, _words, sentences


def confused_question(question: str, passage: str, answer: str, rng: random.Random) -> str | None:
    """``question`` with one name or number the passage holds (outside ``answer``) swapped for
    another of the same kind the passage holds, none of whose sentences shares another content
    word with ``question``; None when no swap qualifies."""
    lowered, answer_lower = passage.lower(), answer.lower()
    choices = [e for e in entities(question, names_only=True) if e.lower() in lowered and e.lower() not in answer_lower]
    if not choices:
        return None
    old = rng.choice(choices)
    asked = _words(question) - _words(old)
    spans = sentences(passage)
    pool = []
    for name in sorted(set(entities(passage, names_only=True))):
        low = name.lower()
        if (_is_number(name) != _is_number(old) or low == old.lower() or low in old.lower() or old.lower() in low
                or low in answer_lower or low in question.lower()):
            continue
        if _is_number(name) and sum(c.isdigit() for c in name) != sum(c.isdigit() for c in old):
            continue
        naming = [passage[a:b] for a, b in spans if low in passage[a:b].lower()]
        if naming and not any(asked & (_words(s) - _words(name)) for s in naming):
            pool.append(name)
    if not pool:
        return None
    return re.sub(rf"\b{re.escape(old)}\b", rng.choice(pool), question, count=1)


def confusion_examples(examples: Sequence[Example], rng: random.Random, rate: float) -> list[Example]:
    """A ``confusion`` negative for a share ``rate`` of ``examples``' positives (where one qualifies)."""
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be within [0, 1], got {rate}")
    out = []
    for ex in examples:
        if ex.kind != "positive" or ex.answer_start is None or ex.answer_end is None or rng.random() >= rate:
            continue
        confused = confused_question(ex.question, ex.passage, ex.passage[ex.answer_start : ex.answer_end], rng)
        if confused is not None:
            out.append(Example(confused, ex.passage, None, None, "confusion", ex.others))
    return out
