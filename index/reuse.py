"""Vectors for the chunks a sync indexes: an equal text's vector where one is at hand, else embedded.

The ONNX embedders run each text alone (``index.onnx_backend``), so a vector depends on its text
only, and an equal text's vector is exactly the one embedding would give. Where they come from:
the store itself (a file's earlier version, another file, a moved file's old path), and during
a rebuild the store being replaced (:class:`Donor`), when the same embedder made it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedders import Embedder
from index.errors import QAError
from index.options import StoreOptions
from index.store import Store

logger = logging.getLogger(__name__)
PAGE = 2000  # chunk texts read from a donor's catalog per query


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class Donor:
    """The vectors of another store made by the same embedder, by chunk text. Its catalog is read
    once, on first use, into 16-byte digests of its texts; if the store cannot be read (damage is
    a common reason to rebuild), it gives nothing and the texts are embedded."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._ids: dict[bytes, int] | None = None
        self.failed = False

    def take(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors it holds for any of ``texts``, by text."""
        if self.failed or not texts:
            return {}
        try:
            if self._ids is None:
                ids, catalog = self.store.catalog.chunk_ids(), self.store.catalog
                self._ids = {_digest(text): i for lo in range(0, len(ids), PAGE)
                             for i, text in zip(ids[lo:lo + PAGE], catalog.chunk_texts(ids[lo:lo + PAGE]), strict=True)}
            found = {t: self._ids[d] for t in dict.fromkeys(texts) if (d := _digest(t)) in self._ids}
            vectors = self.store.vectors
            if not found or vectors is None:
                return {}
            return dict(zip(found, vectors.get(list(found.values())), strict=True))
        except QAError as exc:
            logger.warning("the vectors of %s cannot be reused (%s); embedding instead", self.store.path, exc)
            self.failed = True
            return {}

    def close(self) -> None:
        self.store.close()


def open_donor(path: Path, embedder: Embedder, options: StoreOptions | None = None) -> Donor | None:
    """The store at ``path`` as a :class:`Donor`, or None where there is none, it cannot be opened,
    or another model or precision made its vectors."""
    if not Store.exists(path):
        return None
    try:
        return Donor(Store.open(path, embedder, check=False, options=options))
    except QAError as exc:  # another embedder (StoreMismatchError), or damage
        logger.info("not reusing the vectors of %s: %s", path, exc)
        return None


def vectors_for(store: Store, texts: Sequence[str], donor: Donor | None = None) -> tuple[np.ndarray, int]:
    """One row per text, in order, and how many texts were embedded. A text some chunk of
    ``store`` holds takes that chunk's vector (looked up now, so after the commits before: every
    id found is still stored); else the ``donor``'s; the rest are embedded, each distinct text once."""
    vectors = store.vectors
    known = store.catalog.chunk_ids_by_text(texts) if vectors is not None and texts else {}
    rows: dict[str, np.ndarray] = {}
    if known and vectors is not None:
        rows.update(zip(known, vectors.get(list(known.values())), strict=True))
    if donor is not None:
        rows.update(donor.take([t for t in texts if t not in rows]))
    fresh = [t for t in dict.fromkeys(texts) if t not in rows]
    if fresh:
        rows.update(zip(fresh, store.embedder.embed(fresh), strict=True))
    if not texts:
        return np.zeros((0, 1), dtype=np.float32), 0
    return np.vstack([rows[t] for t in texts]).astype(np.float32, copy=False), len(fresh)
