"""An index store on disk: a manifest, a SQLite catalog and a FAISS vector file.

Layout of a store folder::

    manifest.json     format version, embedder, dimension, chunker settings, counts
    catalog.sqlite3   documents, chunk offsets, FTS5 (BM25) index
    vectors.faiss     FAISS IndexIDMap2(IndexFlatIP), or IVF once large; ids are chunk ids

No pickle anywhere: the manifest is JSON, the catalog SQLite, the vectors FAISS's own format.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index.catalog import Catalog, ChunkRecord, DocumentInfo, FileState
from index.chunker import Chunker, ChunkerConfig
from index.documents import Chunk, Document
from index.embedders import Embedder, embedder_from_spec, same_vectors
from index.errors import StoreDamagedError, StoreError, StoreMismatchError, StoreNotFoundError
from index.vectors import FaissVectorStore

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST, CATALOG, VECTORS = "manifest.json", "catalog.sqlite3", "vectors.faiss"


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the store at ``path``; raises StoreNotFoundError or StoreDamagedError."""
    manifest_path = Path(path) / MANIFEST
    if not manifest_path.is_file():
        raise StoreNotFoundError(
            f"no index store at {path}; create one with `qa index --store {path} FOLDER`"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        raise StoreDamagedError(
            f"the manifest of store {path} is unreadable ({exc}); rebuild it with `qa index --rebuild --store {path} FOLDER`"
        ) from exc
    return manifest


class Store:
    """Documents, chunks and vectors on disk. Use :meth:`create` or :meth:`open`."""

    def __init__(self, path: Path, manifest: dict[str, Any], embedder: Embedder, chunker: Chunker) -> None:
        self.path = path
        self.manifest = manifest
        self.embedder = embedder
        self.chunker = chunker
        self._catalog: Catalog | None = None
        self._vectors: FaissVectorStore | None = None
        self._lock = threading.RLock()

    # ---- construction --------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, embedder: Embedder, chunker_config: ChunkerConfig | None = None) -> Store:
        """A new, empty store at ``path`` (which must not hold a store yet)."""
        path = Path(path)
        if (path / MANIFEST).exists():
            raise StoreError(f"{path} already holds a store; open it, or rebuild it with `qa index --rebuild`")
        if path.exists() and not path.is_dir():
            raise StoreError(f"store path {path} exists and is not a folder; choose another --store")
        config = chunker_config or ChunkerConfig()
        chunker = Chunker(embedder, config)
        path.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        manifest = {
            "format_version": FORMAT_VERSION,
            "embedder": embedder.spec,
            "dimension": None,
            "chunker": config.as_dict(),
            "vector_store": {"kind": "faiss", "index": "IDMap2,Flat", "metric": "inner_product", "exact": True},
            "counts": {"documents": 0, "chunks": 0},
            "created": now,
            "updated": now,
        }
        store = cls(path, manifest, embedder, chunker)
        _ = store.catalog  # creates the schema
        _write_json_atomic(path / MANIFEST, manifest)
        return store

    @classmethod
    def open(
        cls,
        path: str | Path,
        embedder: Embedder | None = None,
        chunker_config: ChunkerConfig | None = None,
        *,
        check: bool = True,
    ) -> Store:
        """Open the store at ``path``.

        An ``embedder`` or ``chunker_config`` given here must match what the store was
        built with; by default the store's own are used. With ``check``, the vector
        file and the catalog must agree (``qa index`` opens with ``check=False`` and repairs).
        """
        path = Path(path)
        manifest = read_manifest(path)
        rebuild = f"rebuild it with `qa index --rebuild --store {path} FOLDER...`"
        if manifest.get("format_version") != FORMAT_VERSION:
            raise StoreMismatchError(
                f"store {path} has format version {manifest.get('format_version')!r}, this program reads "
                f"{FORMAT_VERSION}; {rebuild}"
            )
        built_with = manifest.get("embedder") or {}
        if embedder is not None and not same_vectors(embedder.spec, built_with):
            raise StoreMismatchError(
                f"store {path} was built with embedder {built_with}, not {embedder.spec}; "
                f"open it without choosing a model, or {rebuild}"
            )
        config_dict = manifest.get("chunker") or {}
        if chunker_config is not None and chunker_config.as_dict() != config_dict:
            raise StoreMismatchError(
                f"store {path} was chunked with {config_dict}, not {chunker_config.as_dict()}; {rebuild}"
            )
        try:
            config = ChunkerConfig(int(config_dict["max_tokens"]), int(config_dict["overlap_tokens"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreDamagedError(f"the manifest of store {path} has no valid chunker settings; {rebuild}") from exc
        embedder = embedder or embedder_from_spec(built_with)
        store = cls(path, manifest, embedder, Chunker(embedder, config))
        if check:
            store.verify()
        return store

    # ---- parts, loaded lazily ----------------------------------------
    @property
    def catalog(self) -> Catalog:
        with self._lock:
            if self._catalog is None:
                self._catalog = Catalog(self.path / CATALOG)
            return self._catalog

    @property
    def dimension(self) -> int | None:
        value = self.manifest.get("dimension")
        return int(value) if value is not None else None

    @property
    def vectors(self) -> FaissVectorStore | None:
        """The vector index, or None while the store holds no vectors yet."""
        with self._lock:
            if self._vectors is None and self.dimension is not None:
                file = self.path / VECTORS
                if file.exists():
                    self._vectors = FaissVectorStore.load(file, self.dimension)
                else:
                    self._vectors = FaissVectorStore(self.dimension)
            return self._vectors

    def verify(self) -> None:
        """Check that the vector index, the catalog and the manifest agree."""
        docs, chunks = self.catalog.counts()
        vectors = self.vectors.count() if self.vectors is not None else 0
        expected = self.manifest.get("counts", {}).get("chunks")
        if not (vectors == chunks == expected):
            raise StoreDamagedError(
                f"store {self.path} is inconsistent ({vectors} vectors, {chunks} chunks, manifest says "
                f"{expected}); run `qa index --store {self.path} FOLDER...` to repair it, or add --rebuild"
            )

    def close(self) -> None:
        with self._lock:
            if self._catalog is not None:
                self._catalog.close()
                self._catalog = None

    # ---- reads --------------------------------------------------------
    def dense_search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        with self._lock:  # FAISS must not be searched while apply() changes it
            return self._dense_search(query_vector, k)

    def _dense_search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        vectors = self.vectors
        if vectors is not None and np.asarray(query_vector).shape[-1] != vectors.dimension:
            raise StoreMismatchError(
                f"the embedder gives {np.asarray(query_vector).shape[-1]}-dimensional vectors but store "
                f"{self.path} holds {vectors.dimension}-dimensional ones; rebuild it with "
                f"`qa index --rebuild --store {self.path} FOLDER...`"
            )
        return vectors.search(query_vector, k) if vectors is not None else []

    def lexical_search(self, query: str, k: int) -> list[tuple[int, float]]:
        return self.catalog.lexical_search(query, k)

    def chunks(self, ids: Sequence[int]) -> dict[int, ChunkRecord]:
        return self.catalog.chunks(ids)

    def document(self, row_id: int) -> Document:
        return self.catalog.document(row_id)

    def documents(self) -> list[DocumentInfo]:
        return self.catalog.documents()

    # ---- writes -------------------------------------------------------
    def apply(
        self,
        upserts: Sequence[tuple[Document, FileState, list[Chunk], np.ndarray]],
        removals: Sequence[str] = (),
        touched: Sequence[tuple[str, FileState]] = (),
        *,
        save: bool = True,
    ) -> None:
        """Replace, add and remove documents; ``upserts`` carry each chunk's vector.

        With ``save=False`` the vector file and manifest are written by a later :meth:`flush`
        (bulk loads); until then the store on disk is behind its catalog and repairs itself.
        """
        with self._lock:
            for _, _, chunks, vecs in upserts:
                if len(chunks) != len(vecs):
                    raise ValueError(f"got {len(vecs)} vectors for {len(chunks)} chunks")
            new_vectors = [v for *_, v in upserts if len(v)]
            if new_vectors and self.dimension is None:
                self.manifest["dimension"] = int(new_vectors[0].shape[1])
            dropped, inserted = self.catalog.apply(
                [(d, s, c) for d, s, c, _ in upserts], removals, touched
            )
            vectors = self.vectors
            if vectors is not None:
                vectors.remove(dropped)
                if new_vectors:
                    vectors.add(inserted, np.vstack(new_vectors))
            if save:
                self.flush()

    def flush(self) -> None:
        """Write the vector file and the manifest."""
        with self._lock:
            if self.vectors is not None:
                self.vectors.save(self.path / VECTORS)
            self._write_manifest()

    def repair(self) -> int:
        """Make the vector index hold exactly the catalog's chunks; returns how many were fixed."""
        with self._lock:
            vectors = self.vectors
            ids = self.catalog.chunk_ids()
            if vectors is None:
                if ids:
                    raise StoreDamagedError(f"store {self.path} has chunks but no dimension; rebuild it with --rebuild")
                return 0
            present = set(vectors.ids().tolist())
            wanted = set(ids)
            extra = sorted(present - wanted)
            missing = sorted(wanted - present)
            if not extra and not missing and self.manifest["counts"]["chunks"] == len(ids):
                return 0
            logger.warning("repairing store %s: %d vectors missing, %d extra", self.path, len(missing), len(extra))
            vectors.remove(extra)
            if missing:
                vectors.add(missing, self.embedder.embed(self.catalog.chunk_texts(missing)))
            vectors.save(self.path / VECTORS)
            self._write_manifest()
            return len(extra) + len(missing)

    def _write_manifest(self) -> None:
        docs, chunks = self.catalog.counts()
        self.manifest["counts"] = {"documents": docs, "chunks": chunks}
        if self._vectors is not None:
            self.manifest["vector_store"] = self._vectors.describe()
        self.manifest["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
        _write_json_atomic(self.path / MANIFEST, self.manifest)
