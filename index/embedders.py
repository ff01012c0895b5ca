"""Embedders: turn texts into L2-normalised float32 vectors.

An embedder also knows its tokenizer, because chunks are sized in the model's
own word pieces (a chunk longer than the model's window would be silently
truncated by the model).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import InvalidInputError, StoreMismatchError
from index.local_model import BUNDLED_MODEL, Embedder, LocalModel, TokenSpans, _normalize, bundled_model_path, quiet_transformers

__all__ = ["BACKENDS", "BUNDLED_MODEL", "Embedder", "HashingEmbedder", "LocalModel", "SentenceTransformerEmbedder",
           "TokenSpans", "bundled_model_path", "default_embedder", "embedder_from_spec", "make_embedder"]

logger = logging.getLogger(__name__)

class SentenceTransformerEmbedder(LocalModel):
    """The reference backend: sentence-transformers on torch, fp32.

    Construction is cheap: the model is loaded on first use, and nothing is ever
    fetched from the network (``HF_HUB_OFFLINE=1``).
    """

    backend = "torch"

    def __init__(self, model: str | Path = BUNDLED_MODEL, *, batch_size: int = 32) -> None:
        super().__init__(model, batch_size=batch_size)
        self._model: Any = None

    def warm_up(self) -> None:
        """Load the model now rather than on the first :meth:`embed`."""
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                from sentence_transformers import SentenceTransformer

                quiet_transformers()
                logger.info("loading embedding model from %s", self.path)
                self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self._model.get_embedding_dimension()), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def same_vectors(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two embedder specs give the same vectors: the same model and precision,
    whatever backend runs it (torch and ONNX fp32 agree to cosine 1.0000)."""

    def identity(spec: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in spec.items() if k != "backend"}
        if out.get("kind") == "sentence-transformers":
            out.setdefault("precision", "fp32")
        return out

    return identity(a) == identity(b)


def default_embedder(model: str | Path = BUNDLED_MODEL) -> Embedder:
    """ONNX int8 when onnxruntime is installed, else sentence-transformers on torch (fp32).

    Measured on SciFact on this 2-core machine (README, bench/compare.py): int8 indexes about
    1.7x faster than fp32 and keeps the hybrid nDCG@10 within 0.002 of fp32 (0.7216 vs 0.7230;
    dense alone loses 0.012). ONNX also starts about 9x faster than torch (no torch import).
    """
    return make_embedder("onnx-int8" if onnx_runs_here() else "torch", model)


def onnx_runs_here() -> bool:
    """Whether onnxruntime is installed (the ONNX backends need it; torch is the fallback)."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


BACKENDS = ("onnx-int8", "onnx", "torch")


def make_embedder(backend: str, model: str | Path = BUNDLED_MODEL) -> Embedder:
    """The bundled (or a local) model run by ``backend``: one of :data:`BACKENDS`."""
    if backend == "torch":
        return SentenceTransformerEmbedder(model)
    if backend in ("onnx", "onnx-int8"):
        from index.onnx_backend import OnnxEmbedder

        return OnnxEmbedder(model, precision="int8" if backend == "onnx-int8" else "fp32")
    raise InvalidInputError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")


_WORD = re.compile(r"\w+|[^\w\s]")


class HashingEmbedder:
    """A deterministic bag-of-words embedder: each lower-cased word hashes to a signed slot.

    No model, no randomness: the same text always gives the same vector. The
    tests use it; it is also a fallback that needs nothing installed.
    """

    def __init__(self, dimension: int = 256, *, max_tokens: int = 256) -> None:
        if dimension < 8:
            raise InvalidInputError(f"dimension must be at least 8, got {dimension!r}")
        if max_tokens < 8:
            raise InvalidInputError(f"max_tokens must be at least 8, got {max_tokens!r}")
        self.dimension = dimension
        self._max_tokens = max_tokens

    @property
    def spec(self) -> dict[str, Any]:
        return {"kind": "hashing", "dimension": self.dimension, "max_tokens": self._max_tokens}

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def token_spans(self, text: str) -> TokenSpans:
        return [m.span() for m in _WORD.finditer(text)]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                out[row, value % self.dimension] += 1.0 if (value >> 32) & 1 else -1.0
        return _normalize(out)


def embedder_from_spec(spec: dict[str, Any]) -> Embedder:
    """Recreate the embedder a store's manifest names."""
    kind = spec.get("kind")
    if kind == "sentence-transformers":
        precision = spec.get("precision", "fp32")
        if precision == "int8":
            from index.onnx_backend import OnnxEmbedder

            return OnnxEmbedder(spec["model"], precision="int8")
        if precision != "fp32":
            raise StoreMismatchError(f"the store names precision {precision!r}, which this program cannot run")
        # fp32: ONNX if it can run here (the same vectors, a faster start), else torch
        return make_embedder("onnx" if onnx_runs_here() else "torch", spec["model"])
    if kind == "hashing":
        return HashingEmbedder(int(spec["dimension"]), max_tokens=int(spec["max_tokens"]))
    raise StoreMismatchError(f"the store names an unknown embedder {spec!r}; rebuild it with "
                             "`qa index --rebuild --store STORE FOLDER...`")
