"""A candidate sentence read again with only its neighbours around it: a sentence that only
restates the question loses to the next one when the two are read alone; one that answers it
keeps its score (the ``focus_margin`` feature of :class:`qa.model_answerer.ModelAnswerer`)."""

from __future__ import annotations

import numpy as np

from index.sentences import split_sentences
from qa.reader import SpanReader

FOCUS_FLOOR = -30.0  # the focus margin of a sentence the focused reading finds no answer in, or does not read


def focus(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` read again to weigh a candidate sentence ``[start, end)``: the
    sentence with the sentences just before and after it (its neighbours)."""
    spans = split_sentences(text)
    before = [a for a, b in spans if b <= start]
    after = [b for a, b in spans if a >= end]
    return (max(before) if before else start), (min(after) if after else end)


def focus_margins(reader: SpanReader, question: str, candidates: list[tuple[str, int, int]],
                  contexts: list[str] | None = None) -> list[float]:
    """Each candidate sentence ``text[start:end]`` read again with only its neighbours around it
    (:func:`focus`; the neighbours passed as uncitable, after its ``contexts`` entry, uncitable
    too), all in one batch: the log-probability that the answer starts and ends in it minus "no
    answer" there, at least :data:`FOCUS_FLOOR`."""
    contexts = contexts or [""] * len(candidates)
    spans = [focus(text, start, end) for text, start, end in candidates]
    texts = [c + text[lo:hi] for (text, _, _), (lo, hi), c in zip(candidates, spans, contexts, strict=True)]
    neighbours = [[(0, len(c) + start - lo), (len(c) + end - lo, len(c) + hi - lo)]
                  for (_, start, end), (lo, hi), c in zip(candidates, spans, contexts, strict=True)]
    readings = reader.read(question, texts, neighbours) if texts else []
    out = []
    for again in readings:
        score = again.sentence_margin if again.sentence_margin is not None else again.margin
        out.append(max(FOCUS_FLOOR, score) if np.isfinite(score) else FOCUS_FLOOR)
    return out
