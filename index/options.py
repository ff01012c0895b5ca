"""How a store is kept and fed: one validated value instead of loose keyword arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import InvalidInputError
from index.isolation import DEFAULT_TIMEOUT_S
from index.loaders import DEFAULT_MAX_BYTES
from index.vector_backends import VECTOR_STORES, VectorBackend, backend_for


@dataclass(frozen=True)
class StoreOptions:
    """Where a store keeps its vectors and how files are read into it.

    ``vector_store`` ("faiss" or "milvus") applies to a new store (or a rebuild); an existing
    store keeps its own. ``milvus_uri`` is a Milvus Lite file (default ``milvus.db`` in the store
    folder) or ``http://host:19530``; for an existing store it overrides where the server is.
    ``milvus_token`` authenticates and is never written anywhere. ``max_file_bytes`` and
    ``parse_timeout`` bound each file the indexer reads.
    """

    vector_store: str = "faiss"
    milvus_uri: str | None = None
    milvus_token: str | None = field(default=None, repr=False)
    max_file_bytes: int = DEFAULT_MAX_BYTES
    parse_timeout: float = DEFAULT_TIMEOUT_S

    def __post_init__(self) -> None:
        if self.vector_store not in VECTOR_STORES:
            raise InvalidInputError(f"vector_store must be one of {', '.join(VECTOR_STORES)}, got {self.vector_store!r}")
        if self.milvus_uri is not None and not self.milvus_uri.strip():
            raise InvalidInputError("milvus_uri is empty; give a Milvus Lite file or http://host:19530, or leave it out")
        if self.max_file_bytes < 1:
            raise InvalidInputError(f"max_file_bytes must be at least 1, got {self.max_file_bytes!r}")
        if not self.parse_timeout > 0:
            raise InvalidInputError(f"parse_timeout must be positive, got {self.parse_timeout!r}")

    def backend(self, spec: dict[str, Any] | None, folder: Path) -> VectorBackend:
        """The vector backend a manifest's ``vector_store`` record names, for the store in ``folder``,
        reached through this Milvus URI and token where given."""
        return backend_for(spec, milvus_uri=self.milvus_uri, milvus_token=self.milvus_token, folder=folder.resolve())
