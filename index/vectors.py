"""Vector stores: exact inner-product search over unit vectors, keyed by chunk id."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.errors import InvalidInputError, StoreDamagedError


@runtime_checkable
class VectorStore(Protocol):
    """What the store needs from a vector index. Ids are chunk ids (int64)."""

    @property
    def dimension(self) -> int: ...

    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under the given ids (which must not be present yet)."""

    def remove(self, ids: Sequence[int] | np.ndarray) -> int:
        """Remove the given ids; returns how many were present."""

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` nearest ids to one query vector with their inner products, best first."""

    def count(self) -> int:
        """How many vectors are stored."""

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (temp file, fsync, rename)."""


def _check_vectors(vectors: np.ndarray, dimension: int, n_ids: int) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[1] != dimension:
        raise InvalidInputError(f"vectors must have shape (n, {dimension}), got {vectors.shape}")
    if vectors.shape[0] != n_ids:
        raise InvalidInputError(f"got {n_ids} ids for {vectors.shape[0]} vectors")
    return vectors


class FaissVectorStore:
    """A FAISS ``IndexIDMap2`` over an exact ``IndexFlatIP``: ids survive deletes."""

    def __init__(self, dimension: int) -> None:
        if dimension < 1:
            raise InvalidInputError(f"dimension must be positive, got {dimension!r}")
        import faiss

        self._dimension = dimension
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))

    @classmethod
    def load(cls, path: Path, dimension: int) -> FaissVectorStore:
        import faiss

        try:
            index = faiss.read_index(str(path))
        except Exception as exc:  # faiss raises RuntimeError on missing or truncated files
            raise StoreDamagedError(
                f"cannot read the vector index {path} ({str(exc).splitlines()[0][:200]}); "
                "rebuild the store with `qa index --rebuild`"
            ) from exc
        if index.d != dimension:
            raise StoreDamagedError(
                f"the vector index {path} has dimension {index.d}, the manifest says {dimension}; "
                "rebuild the store with `qa index --rebuild`"
            )
        store = cls.__new__(cls)
        store._dimension = dimension
        store._index = index
        return store

    @property
    def dimension(self) -> int:
        return self._dimension

    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        id_array = np.asarray(ids, dtype=np.int64)
        vectors = _check_vectors(vectors, self._dimension, len(id_array))
        if len(id_array):
            self._index.add_with_ids(vectors, id_array)

    def remove(self, ids: Sequence[int] | np.ndarray) -> int:
        id_array = np.asarray(ids, dtype=np.int64)
        if not len(id_array):
            return 0
        return int(self._index.remove_ids(id_array))

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if k < 1:
            raise InvalidInputError(f"k must be at least 1, got {k!r}")
        n = self._index.ntotal
        if n == 0:
            return []
        q = _check_vectors(np.asarray(query, dtype=np.float32).reshape(1, -1), self._dimension, 1)
        scores, ids = self._index.search(q, min(k, n))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def count(self) -> int:
        return int(self._index.ntotal)

    def save(self, path: Path) -> None:
        import faiss

        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            faiss.write_index(self._index, str(tmp))
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
