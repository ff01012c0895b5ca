"""The trained reader: for a question and passages, the best answer span of each passage.

The shipped model (``qa/models/reader``) is all-MiniLM-L6-v2 fine-tuned here on SQuAD as a
SQuAD 2.0-style reader (see ``MODEL_CARD.md`` there and ``train/``). It runs with
onnxruntime, int8 weights, no torch; it is loaded on first use.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.errors import InvalidInputError
from index.onnx_backend import cpu_session_options
from index.sentences import split_sentences
from qa.mismatch import missing_names, missing_numbers, negation_mismatch, opposite_mismatch
from qa.reader_windows import MAX_LENGTH, Window, load_tokenizer, make_windows, pad_batch, within_any

MAX_ANSWER_TOKENS = 30
READER_FILE = "reader-int8.onnx"
CALIBRATION_FILE = "calibration.json"  # beside the model: the calibration fitted with it (train.calibrate)
MODEL_FILES = (READER_FILE, "tokenizer.json", CALIBRATION_FILE)  # a reader folder


def shipped_model_dir() -> Path:
    """The folder of the reader shipped inside the package."""
    return Path(__file__).resolve().parent / "models" / "reader"


@dataclass(frozen=True)
class Reading:
    """What the reader makes of one passage: its best span ``passage[start:end]`` and its scores.

    ``span_score`` is the span's start plus end logit, ``null_score`` the same for "no answer"
    ([CLS]) in the window that holds the span; ``answerable`` is the yes/no head's logit.
    When the reader decodes by sentence, ``sentence_start:sentence_end`` is the passage's
    sentence holding the most probability (start and end both inside it), ``sentence_margin``
    its log-probability minus that of "no answer", and the span is the best one inside it.
    """

    passage_index: int
    start: int
    end: int
    span_score: float
    null_score: float
    answerable: float
    sentence_start: int = 0
    sentence_end: int = 0
    sentence_margin: float | None = None

    @property
    def margin(self) -> float:
        """How much the reader prefers this span to "no answer here"."""
        return self.span_score - self.null_score


@runtime_checkable
class SpanReader(Protocol):
    """Reads passages for a question (the trained ONNX reader, or a fake in tests)."""

    def warm_up(self) -> None:
        """Load the model now instead of on the first :meth:`read` (cheap when loaded)."""

    def read(self, question: str, passages: Sequence[str],
             uncitable: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[Reading]:
        """One :class:`Reading` per passage, in order (an empty passage gets a zero-width one).
        ``uncitable[i]`` holds character ranges of passage ``i`` (its headings) that no reading
        may lie within: a sentence or span inside one is never chosen (the reader still reads it)."""


def best_span(start: np.ndarray, end: np.ndarray, allowed: np.ndarray,
              max_tokens: int = MAX_ANSWER_TOKENS) -> tuple[int, int, float]:
    """The token span ``(i, j)``, ``i <= j < i + max_tokens``, both in ``allowed``, with the best
    ``start[i] + end[j]``; (0, 0, -inf) when nothing is allowed."""
    idx = np.flatnonzero(allowed)
    if idx.size == 0:
        return 0, 0, float("-inf")
    s, e = start[idx], end[idx]
    scores = s[:, None] + e[None, :]
    gap = idx[None, :] - idx[:, None]
    scores = np.where((gap >= 0) & (gap < max_tokens), scores, -np.inf)
    flat = int(np.argmax(scores))
    a, b = divmod(flat, idx.size)
    return int(idx[a]), int(idx[b]), float(scores[a, b])


def _logsumexp(x: np.ndarray) -> float:
    top = float(x.max())
    return top + float(np.log(np.exp(x - top).sum()))


def _log_softmax(x: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``x`` minus the log-sum-exp of ``x[idx]``."""
    return x - _logsumexp(x[idx])


def sentence_scores(w: Window, sentences: list[tuple[int, int]], start: np.ndarray, end: np.ndarray,
                    ) -> tuple[float, list[tuple[float, int, int, np.ndarray]]]:
    """The window's "no answer" log-probability and, for each of the passage's ``sentences`` it
    holds tokens of, ``(score, a, b, tokens)``: the log-probability that the answer starts and
    ends inside ``[a, b)`` minus that of "no answer", and the mask of its tokens."""
    context = np.flatnonzero(w.context_mask)
    if context.size == 0:
        return 0.0, []
    choices = np.concatenate([[0], context])  # [CLS] ("no answer") competes with the passage's tokens
    ls, le = _log_softmax(start, choices), _log_softmax(end, choices)
    null = float(ls[0] + le[0])
    token_start = np.array([o[0] if o is not None else -1 for o in w.offsets])
    token_end = np.array([o[1] if o is not None else -1 for o in w.offsets])
    out = []
    for a, b in sentences:
        inside = (token_start < b) & (token_end > a) & w.context_mask
        tokens = np.flatnonzero(inside)
        if tokens.size:
            out.append((_logsumexp(ls[tokens]) + _logsumexp(le[tokens]) - null, a, b, inside))
    return null, out


def _sentence_reading(w: Window, sentences: list[tuple[int, int]], start: np.ndarray, end: np.ndarray,
                      answerable: float) -> Reading | None:
    """The window's sentence (of the passage's ``sentences``) with the most start-and-end
    probability, and its best span."""
    _, scored = sentence_scores(w, sentences, start, end)
    if not scored:
        return None
    score, a, b, inside = max(scored, key=lambda s: s[0])  # the first of equals, as before
    i, j, span = best_span(start, end, inside)
    return Reading(w.passage_index, w.offsets[i][0], w.offsets[j][1], span,  # type: ignore[index]
                   float(start[0] + end[0]), answerable, a, b, score)


def _citable_tokens(w: Window, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
    """The window's passage tokens that lie outside every range in ``ranges``."""
    if not ranges:
        return w.context_mask
    return w.context_mask & np.array([o is None or not within_any(o[0], o[1], ranges) for o in w.offsets])


def readings_from_logits(windows: list[Window], start: np.ndarray, end: np.ndarray, answerable: np.ndarray,
                         n_passages: int, passages: Sequence[str] | None = None,
                         uncitable: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[Reading]:
    """Per passage, the reading of its window where the span beats "no answer" by the most; with
    ``passages`` (their texts), the reading of its most probable sentence (:class:`Reading`).
    Sentences and spans inside a passage's ``uncitable`` ranges are passed over."""
    best: dict[int, Reading] = {}
    sentences: dict[int, list[tuple[int, int]]] = {}
    for row, w in enumerate(windows):
        n = len(w.input_ids)
        ranges = uncitable[w.passage_index] if uncitable is not None else ()
        if passages is not None:
            if w.passage_index not in sentences:
                sentences[w.passage_index] = [(a, b) for a, b in split_sentences(passages[w.passage_index])
                                              if not within_any(a, b, ranges)]
            found = _sentence_reading(w, sentences[w.passage_index], start[row, :n], end[row, :n],
                                      float(answerable[row]))
            if found is not None:
                current = best.get(w.passage_index)
                if current is None or (found.sentence_margin or 0.0) > (current.sentence_margin or 0.0):
                    best[w.passage_index] = found
            continue
        i, j, score = best_span(start[row, :n], end[row, :n], _citable_tokens(w, ranges))
        if i == 0:
            continue
        a, b = w.offsets[i][0], w.offsets[j][1]  # type: ignore[index]
        reading = Reading(w.passage_index, a, b, score, float(start[row, 0] + end[row, 0]), float(answerable[row]))
        current = best.get(w.passage_index)
        if current is None or reading.margin > current.margin:
            best[w.passage_index] = reading
    return [best.get(k, Reading(k, 0, 0, float("-inf"), 0.0, float("-inf"))) for k in range(n_passages)]


class OnnxReader:
    """The reader run by onnxruntime from ``model_dir`` (``reader-int8.onnx`` + ``tokenizer.json``).

    Cheap to construct; the session and tokenizer load on first :meth:`read` (or :meth:`warm_up`).
    """

    def __init__(self, model_dir: Path | None = None, *, file: str = READER_FILE, max_length: int = MAX_LENGTH,
                 threads: int | None = None, by_sentence: bool = True) -> None:
        if max_length < 96:
            raise InvalidInputError(f"max_length must be at least 96, got {max_length!r}")
        self.model_dir = Path(model_dir) if model_dir is not None else shipped_model_dir()
        self.file = file
        self.max_length = max_length
        self.threads = threads
        self.by_sentence = by_sentence  # decode each passage's most probable sentence (else its best span)
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self.model_dir / self.file

    def warm_up(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            if not self.path.is_file() or not (self.model_dir / "tokenizer.json").is_file():
                raise InvalidInputError(
                    f"no reader model at {self.path} (with tokenizer.json beside it); reinstall docqa, "
                    "or use the heuristic answerer (--answerer heuristic)"
                )
            import onnxruntime as ort

            tokenizer = load_tokenizer(self.model_dir)
            options = cpu_session_options(self.threads)
            # int8 weights are dequantized in the graph: fold that into fp32 constants once, at load,
            # instead of on every read (onnxruntime keeps DequantizeLinear nodes for QDQ fusions otherwise)
            options.add_session_config_entry("session.disable_quant_qdq", "1")
            self._session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
            self._tokenizer = tokenizer

    def logits(self, question: str, passages: Sequence[str]) -> tuple[list[Window], np.ndarray, np.ndarray, np.ndarray]:
        """The windows the passages are read in and the model's start, end and answerable logits
        for each (empty arrays when no passage has text). Row ``i`` of start and end holds window
        ``i``'s logits in its first ``len(windows[i].input_ids)`` places, zeros after them.

        Each window is run on its own, unpadded: in one padded batch every layer computes every
        pad token too; windows one at a time gave the same logits to the bit and answers about 5%
        faster on the 2-core AVX2 CPU (README, "Speed and scale")."""
        self.warm_up()
        windows = make_windows(self._tokenizer, question, list(passages), max_length=self.max_length)
        if not windows:
            empty = np.zeros((0, 0), dtype=np.float32)
            return [], empty, empty, np.zeros(0, dtype=np.float32)
        width = max(len(w.input_ids) for w in windows)
        start = np.zeros((len(windows), width), dtype=np.float32)
        end = np.zeros((len(windows), width), dtype=np.float32)
        answerable = np.zeros(len(windows), dtype=np.float32)
        for row, window in enumerate(windows):
            s, e, a = self._session.run(None, pad_batch([window]))
            n = len(window.input_ids)
            start[row, :n], end[row, :n], answerable[row] = s[0, :n], e[0, :n], np.ravel(a)[0]
        return windows, start, end, answerable

    def read(self, question: str, passages: Sequence[str],
             uncitable: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[Reading]:
        """See :class:`SpanReader`."""
        if uncitable is not None and len(uncitable) != len(passages):
            raise InvalidInputError(f"uncitable must hold one list of ranges per passage: got {len(uncitable)} "
                                    f"for {len(passages)} passages")
        windows, start, end, answerable = self.logits(question, passages)
        if not windows:
            return []
        texts = list(passages) if self.by_sentence else None
        return readings_from_logits(windows, start, end, answerable, len(passages), texts, uncitable)


FEATURES: tuple[str, ...] = ("margin", "answerable", "passage_rank", "dense", "sentence_margin", "negation_mismatch",
                             "opposite_mismatch", "missing_names", "focus_margin", "missing_numbers")


def candidate_features(reading: Reading, rank: int, dense: float | None, *, question: str = "",
                       sentence: str = "", passage: str = "",
                       texts: Collection[str] | None = None) -> dict[str, float]:
    """What the calibration may weigh: the reader's span margin, sentence margin (the span's
    where the reader did not decode by sentence) and answerable logit, the passage's reciprocal
    retrieval rank (``1 / (1 + rank)``), its dense cosine to the question, and the question's
    mismatches with the cited ``sentence`` and its ``passage`` (:mod:`qa.mismatch`; only those
    named in ``texts`` when given)."""
    sentence_margin = reading.sentence_margin if reading.sentence_margin is not None else reading.margin
    return {"margin": reading.margin, "answerable": reading.answerable, "passage_rank": 1.0 / (1 + rank),
            "dense": float(dense) if dense is not None else 0.0, "sentence_margin": sentence_margin,
            **text_features(question, sentence, passage, texts)}


_TEXT_FEATURES = {
    "negation_mismatch": lambda question, sentence, passage: float(negation_mismatch(question, sentence)),
    "opposite_mismatch": lambda question, sentence, passage: float(opposite_mismatch(question, sentence)),
    "missing_names": lambda question, sentence, passage: missing_names(question, passage),
    "missing_numbers": lambda question, sentence, passage: float(missing_numbers(question, passage)),
}


def text_features(question: str, sentence: str, passage: str,
                  names: Collection[str] | None = None) -> dict[str, float]:
    """The features read from the texts alone (:mod:`qa.mismatch`): all, or those in ``names``."""
    return {name: feature(question, sentence, passage) for name, feature in _TEXT_FEATURES.items()
            if names is None or name in names}


@dataclass(frozen=True)
class Calibration:
    """Logistic map from a candidate's features to P(the cited sentence answers the question).

    ``p = sigmoid(bias + sum(weight * feature))`` over the named :data:`FEATURES` in ``weights``.
    ``threshold`` is the default confidence below which the answerer abstains; both were
    fitted on held-out articles of squad2_dev_train (``train/calibrate.py``), with the reader
    decoding as ``decode`` says ("sentence": each passage's most probable sentence; "span":
    the sentence around its best span) and, where it weighs ``focus_margin``, reading the
    ``focus_top`` candidates with the highest sentence margins again (3 in files that do not say:
    the number before it was recorded).
    """

    bias: float
    weights: tuple[tuple[str, float], ...]
    threshold: float
    decode: str = "span"
    focus_top: int = 3

    def __post_init__(self) -> None:
        unknown = [name for name, _ in self.weights if name not in FEATURES]
        if unknown:
            raise InvalidInputError(f"calibration weights name unknown features {unknown}; known: {', '.join(FEATURES)}")
        if not 0.0 <= self.threshold <= 1.0:
            raise InvalidInputError(f"calibration threshold must be between 0 and 1, got {self.threshold!r}")
        if self.decode not in ("span", "sentence"):
            raise InvalidInputError(f"calibration decode must be 'span' or 'sentence', got {self.decode!r}")
        if isinstance(self.focus_top, bool) or not isinstance(self.focus_top, int) or not 1 <= self.focus_top <= 100:
            raise InvalidInputError(f"calibration focus_top must be a whole number from 1 to 100, got {self.focus_top!r}")

    def probability(self, features: dict[str, float]) -> float:
        if not np.isfinite(features.get("margin", 0.0)):
            return 0.0
        z = self.bias + sum(w * features[name] for name, w in self.weights)
        return float(1.0 / (1.0 + np.exp(-np.clip(z, -50, 50))))

    @classmethod
    def load(cls, path: Path) -> Calibration:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            weights = tuple((str(k), float(v)) for k, v in dict(data["weights"]).items())
            return cls(bias=float(data["bias"]), weights=weights, threshold=float(data["threshold"]),
                       decode=str(data.get("decode", "span")), focus_top=data.get("focus_top", 3))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidInputError(f"cannot read the reader's calibration {path}: {exc}") from exc

    def as_dict(self) -> dict[str, object]:
        return {"bias": self.bias, "weights": dict(self.weights), "threshold": self.threshold, "decode": self.decode,
                "focus_top": self.focus_top}
