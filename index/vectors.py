"""Vector stores: inner-product search over unit vectors, keyed by chunk id.

:class:`FaissVectorStore` picks its FAISS index by size: exact search (``IDMap2,Flat``)
up to :data:`APPROXIMATE_FROM` vectors, an inverted-file index with half-precision codes
(``IVF<nlist>,SQfp16``: 768 bytes per 384-d vector instead of 1,536) above it. Both keep ids
through deletes. Stores written with ``IVF<nlist>,Flat`` codes (before fp16) still load.
``bench/scale.py`` measured the threshold and the IVF parameters (recall@10 against exact
search >= 0.98).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.errors import InvalidInputError, NotFoundError, StoreDamagedError

APPROXIMATE_FROM = 200_000  # below this many vectors, exact search answers within a few ms (bench/scale.py --scale 200000)
IVF_CODES = "SQfp16"  # IVF list codes: half precision halves memory; recall@10 unchanged (bench/scale.py)


@runtime_checkable
class VectorStore(Protocol):
    """What the store needs from a vector index. Ids are chunk ids (int64)."""

    @property
    def dimension(self) -> int: ...

    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under the given ids (which must not be present yet)."""

    def remove(self, ids: Sequence[int] | np.ndarray) -> int:
        """Remove the given ids; returns how many were present."""

    def search(self, query: np.ndarray, k: int, only: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The ``k`` nearest ids to one query vector with their inner products, best first; with
        ``only``, the nearest among those ids (exactly, even where the index is approximate)."""

    def get(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The stored vectors of ``ids``, one row each in their order (as stored: an approximate
        index may hold them in half precision); NotFoundError names an id that is not stored."""

    def count(self) -> int:
        """How many vectors are stored."""

    def save(self, path: Path) -> str:
        """Write the index (or, for a server-side store, a pointer to it) to ``path`` atomically
        (temp file, fsync, rename); returns the SHA-256 of what was written."""

    def ids(self) -> np.ndarray:
        """Every stored id (int64), in no particular order."""

    def copy(self) -> VectorStore:
        """A copy a writer may change while readers search this one (or ``self`` where changes
        are applied in place, as in a database)."""

    def describe(self) -> dict[str, Any]:
        """The backend, index type and parameters, for the store's manifest."""

    def close(self) -> None:
        """Let go of a server connection (and a Milvus Lite file); the next use reconnects."""


def _check_vectors(vectors: np.ndarray, dimension: int, n_ids: int) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[1] != dimension:
        raise InvalidInputError(f"vectors must have shape (n, {dimension}), got {vectors.shape}")
    if vectors.shape[0] != n_ids:
        raise InvalidInputError(f"got {n_ids} ids for {vectors.shape[0]} vectors")
    return vectors


def ivf_parameters(n: int) -> tuple[int, int]:
    """``(nlist, nprobe)`` for an IVF index over ``n`` vectors: about sqrt(n) lists, and
    enough probes for recall@10 >= 0.98 against exact search (measured on MiniLM-like
    vectors by bench/scale.py)."""
    nlist = max(64, 1 << round(np.log2(max(n, 1) ** 0.5)))
    return nlist, max(16, nlist // 8)


class FaissVectorStore:
    """FAISS, exact (``IndexIDMap2(IndexFlatIP)``) while small, IVF-fp16 once large: ids survive deletes.

    ``approximate_from`` is the size at which :meth:`fit` switches to IVF (and back,
    below half of it); :meth:`fit` runs before every save.
    """

    def __init__(self, dimension: int, *, approximate_from: int = APPROXIMATE_FROM) -> None:
        if dimension < 1:
            raise InvalidInputError(f"dimension must be positive, got {dimension!r}")
        if approximate_from < 1000:
            raise InvalidInputError(f"approximate_from must be at least 1000, got {approximate_from!r}")
        import faiss

        self._dimension = dimension
        self.approximate_from = approximate_from
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        self._trained_on = 0  # vectors the IVF quantizer was trained with

    @classmethod
    def load(cls, path: Path, dimension: int, *, sha256: str | None = None,
             approximate_from: int = APPROXIMATE_FROM) -> FaissVectorStore:
        """Read ``path``; with ``sha256``, the file must have exactly that checksum."""
        import faiss

        rebuild = "rebuild the store with `qa index --rebuild`"
        try:
            data = np.fromfile(path, dtype=np.uint8)
        except OSError as exc:
            raise StoreDamagedError(f"cannot read the vector index {path} ({exc.strerror}); {rebuild}") from exc
        if sha256 is not None and hashlib.sha256(data.data).hexdigest() != sha256:
            raise StoreDamagedError(
                f"the vector index {path} does not match the checksum its store recorded (truncated or altered); {rebuild}"
            )
        try:
            index = faiss.deserialize_index(data)
        except Exception as exc:  # faiss raises RuntimeError on truncated or foreign files
            raise StoreDamagedError(
                f"cannot read the vector index {path} ({str(exc).splitlines()[0][:200]}); {rebuild}"
            ) from exc
        if index.d != dimension:
            raise StoreDamagedError(
                f"the vector index {path} has dimension {index.d}, the manifest says {dimension}; {rebuild}"
            )
        store = cls.__new__(cls)
        store._dimension = dimension
        store.approximate_from = approximate_from
        store._index = index
        store._trained_on = index.ntotal if store.kind == "ivf" else 0
        if store.kind == "ivf":  # probes are a search policy, not data: apply the current one
            faiss.extract_index_ivf(index).nprobe = ivf_parameters(index.ntotal)[1]
        return store

    def copy(self) -> FaissVectorStore:
        """An independent copy (a writer changes the copy while readers search the original)."""
        import faiss

        other = FaissVectorStore.__new__(FaissVectorStore)
        other._dimension, other.approximate_from, other._trained_on = self._dimension, self.approximate_from, self._trained_on
        other._index = faiss.clone_index(self._index)
        return other

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def kind(self) -> str:
        """``"flat"`` (exact) or ``"ivf"`` (approximate)."""
        return "flat" if type(self._index).__name__ == "IndexIDMap2" else "ivf"

    def describe(self) -> dict[str, Any]:
        """The index type and its search parameters, for the store's manifest."""
        if self.kind == "flat":
            return {"kind": "faiss", "index": "IDMap2,Flat", "metric": "inner_product", "exact": True}
        import faiss

        ivf = faiss.extract_index_ivf(self._index)
        codes = "SQfp16" if ivf.code_size == 2 * self._dimension else "Flat"
        return {"kind": "faiss", "index": f"IVF{ivf.nlist},{codes}", "nprobe": int(ivf.nprobe),
                "metric": "inner_product", "exact": False, "approximate_from": self.approximate_from}

    def ids(self) -> np.ndarray:
        """Every stored id (int64), in no particular order."""
        return self._all(vectors=False)[0]

    def _all(self, vectors: bool = True, only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Every id (or those of ``only``) and, if asked, its vector. IVF lists are read directly:
        a code is the vector, in float32 (``Flat``) or IEEE half precision (``SQfp16``)."""
        import faiss

        if self.kind == "flat":
            ids = faiss.vector_to_array(self._index.id_map).astype(np.int64)
            return ids, self._index.index.reconstruct_n(0, self._index.ntotal) if vectors else np.zeros(0)
        ivf: Any = faiss.extract_index_ivf(self._index)
        if ivf.by_residual and ivf.code_size != 4 * self._dimension:
            raise StoreDamagedError("the vector index holds residual-coded IVF lists, which this version cannot read back; "
                                    "rebuild the store with `qa index --rebuild`")
        invlists: Any = ivf.invlists
        dtype = np.float16 if invlists.code_size == 2 * self._dimension else np.float32
        id_parts, vector_parts = [], []
        for i in range(invlists.nlist):
            size = invlists.list_size(i)
            if size:
                list_ids = faiss.rev_swig_ptr(invlists.get_ids(i), size).copy()
                keep = np.isin(list_ids, only) if only is not None else slice(None)
                id_parts.append(list_ids[keep])
                if vectors:
                    codes = faiss.rev_swig_ptr(invlists.get_codes(i), size * invlists.code_size)
                    part = np.frombuffer(codes.tobytes(), dtype=dtype).reshape(size, self._dimension)
                    vector_parts.append(part[keep].astype(np.float32))
        ids = np.concatenate(id_parts).astype(np.int64) if id_parts else np.zeros(0, dtype=np.int64)
        if not vectors:
            return ids, np.zeros(0)
        return ids, np.vstack(vector_parts) if vector_parts else np.zeros((0, self._dimension), dtype=np.float32)

    def fit(self) -> None:
        """Switch to IVF above ``approximate_from`` vectors (retraining when the store has
        grown 4x since), and back to exact search below half of it."""
        import faiss

        n = self.count()
        grow = self.kind == "ivf" and n > 4 * max(self._trained_on, 1)
        if (self.kind == "flat" and n >= self.approximate_from) or grow:
            ids, vectors = self._all()
            nlist, nprobe = ivf_parameters(n)
            ivf: Any = faiss.index_factory(self._dimension, f"IVF{nlist},{IVF_CODES}", faiss.METRIC_INNER_PRODUCT)
            ivf.by_residual = False  # codes are the vectors themselves (not offsets from a centroid): _all reads them
            sample = np.random.default_rng(0).choice(n, size=min(n, 64 * nlist), replace=False)
            ivf.train(vectors[np.sort(sample)])
            ivf.add_with_ids(vectors, ids)
            ivf.nprobe = nprobe
            self._index, self._trained_on = ivf, n
        elif self.kind == "ivf" and n < self.approximate_from // 2:
            ids, vectors = self._all()
            self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(self._dimension))
            self.add(ids, vectors)
            self._trained_on = 0

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

    def search(self, query: np.ndarray, k: int, only: np.ndarray | None = None) -> list[tuple[int, float]]:
        if k < 1:
            raise InvalidInputError(f"k must be at least 1, got {k!r}")
        n = self._index.ntotal if only is None else min(self._index.ntotal, len(only))
        if n == 0:
            return []
        q = _check_vectors(np.asarray(query, dtype=np.float32).reshape(1, -1), self._dimension, 1)
        if only is None:
            scores, ids = self._index.search(q, min(k, n))
        else:  # a selector; an IVF index probes every list, so a scope in lists it would skip is searched too
            import faiss

            lib: Any = faiss  # its stubs lack the parameters' keyword arguments
            selector = lib.IDSelectorBatch(np.asarray(only, dtype=np.int64))
            params = (lib.SearchParameters(sel=selector) if self.kind == "flat" else
                      lib.SearchParametersIVF(sel=selector, nprobe=lib.extract_index_ivf(self._index).nlist))
            scores, ids = self._index.search(q, min(k, n), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def get(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The stored vectors of ``ids`` in their order. An IVF index is read list by list (no
        direct map is kept), so asking for many ids at once costs one pass."""
        wanted = np.asarray(ids, dtype=np.int64)
        if not len(wanted):
            return np.zeros((0, self._dimension), dtype=np.float32)
        if self.kind == "flat":
            try:
                return np.asarray(self._index.reconstruct_batch(wanted), dtype=np.float32)
            except RuntimeError:  # an id the map lacks
                missing = np.setdiff1d(wanted, self.ids())
        else:
            found, vectors = self._all(only=np.unique(wanted))
            row = {int(i): n for n, i in enumerate(found)}
            missing = np.asarray([i for i in wanted if int(i) not in row], dtype=np.int64)
            if not len(missing):
                return vectors[[row[int(i)] for i in wanted]]
        raise NotFoundError(f"no vector is stored under id {int(missing[0])} ({len(missing)} of the ids asked for are absent)")

    def count(self) -> int:
        return int(self._index.ntotal)

    def close(self) -> None:
        """Nothing to let go: the index is in memory."""

    def save(self, path: Path) -> str:
        import faiss

        self.fit()
        return write_bytes_atomic(path, faiss.serialize_index(self._index).data)


def write_bytes_atomic(path: Path, data: bytes | memoryview) -> str:
    """Write ``data`` to ``path`` under a temporary name, fsync, rename, fsync the folder;
    returns the SHA-256 of ``data``. A reader sees the old file or the new one, never a mix."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)
    return hashlib.sha256(data).hexdigest()


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
