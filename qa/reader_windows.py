"""Question/passage windows for the trained reader: the same code builds training and query inputs.

A window is ``[CLS] question [SEP] passage-piece [SEP]``. The passage's word pieces keep
their character offsets from the fast tokenizer, so a predicted token span maps back to the
exact characters of the passage (the tokenizer lower-cases and strips accents; offsets do
not). Passages longer than one window are cut into overlapping windows (``stride``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import InvalidInputError

MAX_LENGTH = 256
MAX_QUESTION_TOKENS = 64
STRIDE = 96


@dataclass(frozen=True)
class Window:
    """One model input. ``offsets[i]`` is the passage character span of token ``i``, or None
    for [CLS], the question and separators; ``passage_index`` says which passage it reads."""

    input_ids: tuple[int, ...]
    token_type_ids: tuple[int, ...]
    offsets: tuple[tuple[int, int] | None, ...]
    passage_index: int

    def __post_init__(self) -> None:
        if not len(self.input_ids) == len(self.token_type_ids) == len(self.offsets):
            raise InvalidInputError("a window's ids, types and offsets must have one length")

    @property
    def context_mask(self) -> np.ndarray:
        """True where a token belongs to the passage (a possible answer token)."""
        return np.array([o is not None for o in self.offsets], dtype=bool)


def load_tokenizer(model_dir: Path) -> Any:
    """``model_dir/tokenizer.json`` as a ``tokenizers.Tokenizer``, with truncation and padding off
    (windows are cut here, and batches padded by :func:`pad_batch`)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def special_ids(tokenizer: Any) -> tuple[int, int]:
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if cls is None or sep is None:
        raise InvalidInputError("the reader's tokenizer has no [CLS]/[SEP] tokens")
    return int(cls), int(sep)


def make_windows(
    tokenizer: Any,
    question: str,
    passages: list[str],
    *,
    max_length: int = MAX_LENGTH,
    stride: int = STRIDE,
    max_question_tokens: int = MAX_QUESTION_TOKENS,
    encodings: list[Any] | None = None,
) -> list[Window]:
    """Windows for ``question`` over each passage (``tokenizer`` is a ``tokenizers.Tokenizer``
    with truncation and padding off). ``encodings``: the passages already encoded by
    ``tokenizer`` (without special tokens), e.g. many at once in one ``encode_batch``."""
    if max_length < max_question_tokens + 16:
        raise InvalidInputError(f"max_length must leave room for the passage, got {max_length!r}")
    if not 0 < stride:
        raise InvalidInputError(f"stride must be positive, got {stride!r}")
    cls, sep = special_ids(tokenizer)
    q_ids = tokenizer.encode(question, add_special_tokens=False).ids[:max_question_tokens]
    room = max_length - len(q_ids) - 3
    head_ids = (cls, *q_ids, sep)
    head_types = (0,) * len(head_ids)
    head_offsets: tuple[tuple[int, int] | None, ...] = (None,) * len(head_ids)
    windows: list[Window] = []
    if encodings is None:
        encodings = tokenizer.encode_batch(passages, add_special_tokens=False) if passages else []
    elif len(encodings) != len(passages):
        raise InvalidInputError(f"encodings: got {len(encodings)} for {len(passages)} passages")
    for index, encoding in enumerate(encodings):
        ids, offsets = encoding.ids, encoding.offsets
        begin = 0
        while True:
            end = min(begin + room, len(ids))
            piece_ids = tuple(ids[begin:end])
            windows.append(Window(
                input_ids=(*head_ids, *piece_ids, sep),
                token_type_ids=(*head_types, *(1,) * (len(piece_ids) + 1)),
                offsets=(*head_offsets, *(tuple(o) for o in offsets[begin:end]), None),
                passage_index=index,
            ))
            if end >= len(ids):
                break
            begin += min(stride, room)
    return windows


def answer_tokens(window: Window, start: int, end: int) -> tuple[int, int] | None:
    """The first and last token of ``window`` covering passage characters ``[start, end)``,
    or None when the span is not wholly inside the window."""
    inside = [(i, span) for i, span in enumerate(window.offsets) if span is not None]
    if not inside or start < inside[0][1][0] or end > inside[-1][1][1] or end <= start:
        return None
    first = next(i for i, (a, b) in inside if b > start)
    last = [i for i, (a, b) in inside if a < end][-1]
    return (first, last) if last >= first else None


def pad_batch(windows: list[Window], pad_id: int = 0) -> dict[str, np.ndarray]:
    """int64 arrays ``input_ids``, ``attention_mask``, ``token_type_ids`` padded to the longest window."""
    width = max((len(w.input_ids) for w in windows), default=0)
    ids = np.full((len(windows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    types = np.zeros((len(windows), width), dtype=np.int64)
    for row, w in enumerate(windows):
        n = len(w.input_ids)
        ids[row, :n] = w.input_ids
        mask[row, :n] = 1
        types[row, :n] = w.token_type_ids
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def within_any(a: int, b: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether characters ``[a, b)`` lie within one of ``ranges`` (a passage's uncitable headings)."""
    return any(lo <= a and b <= hi for lo, hi in ranges)


def past_ranges(text: str, a: int, b: int, ranges: Sequence[tuple[int, int]]) -> int:
    """Where sentence ``[a, b)`` of ``text`` starts past the ``ranges`` it opens with (a passage's
    uncitable headings) and the whitespace after them: a manual page's option tag heads its
    paragraph with no blank line between ("-k --keep" over "Keep (don't delete) input files ..."),
    so the sentence splitter reads the two as one sentence; the heading is never cited."""
    moved = True
    while moved:
        moved = False
        for lo, hi in ranges:
            if lo <= a < hi < b:
                a, moved = hi, True
                while a < b and text[a].isspace():
                    a += 1
    return a
