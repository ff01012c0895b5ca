"""What an answerer may read of the store: a small read-only view, so answerers work on the
passages they are given and can be tested and swapped alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from index.documents import Document
from index.store import Store


@runtime_checkable
class Corpus(Protocol):
    """Document text by key, corpus statistics for term weights, and sentence embeddings."""

    def document_by_row(self, row_id: int) -> Document:
        """The document at catalog row ``row_id`` (a passage's ``row_id``); NotFoundError if it is gone."""

    def chunk_count(self) -> int:
        """How many chunks the corpus holds (the N of an idf)."""

    def document_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """For each word, how many chunks contain it."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts`` with the corpus's own model."""


class StoreCorpus:
    """A :class:`Corpus` over an index store (reads only)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def document_by_row(self, row_id: int) -> Document:
        """See :class:`Corpus`."""
        return self._store.document_by_row(row_id)

    def chunk_count(self) -> int:
        """See :class:`Corpus`."""
        return self._store.catalog.counts()[1]

    def document_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """See :class:`Corpus`."""
        return self._store.catalog.document_frequencies(list(words))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """See :class:`Corpus`."""
        return self._store.embedder.embed(list(texts))
