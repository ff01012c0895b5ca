"""An index store on disk: a manifest, a SQLite catalog and FAISS vector files.

Layout of a store folder::

    manifest.json         format version, embedder, dimension, chunker, index type; a mirror of
                          the last commit (generation, counts, vector file and its SHA-256)
    catalog.sqlite3       documents, chunk offsets, FTS5 (BM25) index, and the commit record
    vectors-000042.faiss  the vectors of generation 42: IndexIDMap2(IndexFlatIP), IVF once large
    writer.lock           held (flock) by the one process writing; holds its PID

How a change is published, atomically: inside one SQLite write transaction the rows change,
the new generation's vectors are written under a temporary name, fsynced and renamed to a
*new* file (the live file is never written over), and the commit record naming that file and
its checksum is stored; then the transaction commits. A crash before the commit leaves the
old generation intact (the orphan file is removed later); after it, the new one is complete.
Readers never wait: SQLite WAL gives them the last commit, and they keep the vectors they
loaded until they reload. A committed chunk id is never reused, so an id always means the same text.

No pickle anywhere: the manifest is JSON, the catalog SQLite, the vectors FAISS's own format.
"""

from __future__ import annotations

import logging
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
from index.errors import (
    InvalidInputError,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreMismatchError,
    rebuild_hint,
)
from index.store_files import (  # noqa: F401 - re-exported: callers import these names from index.store
    CATALOG,
    FORMAT_VERSION,
    LOCK,
    MANIFEST,
    READABLE_VERSIONS,
    VECTOR_STORES,
    VECTORS,
    WriterLock,
    generation_of,
    program_version,
    read_manifest,
    remove_stale_files,
    vector_store_spec,
    vectors_name,
    write_json_atomic,
    write_manifest,
)
from index.vectors import FaissVectorStore, VectorStore

logger = logging.getLogger(__name__)

class Store:
    """Documents, chunks and vectors on disk. Use :meth:`create` or :meth:`open`."""

    def __init__(self, path: Path, manifest: dict[str, Any], embedder: Embedder, chunker: Chunker,
                 *, milvus_uri: str | None = None, milvus_token: str | None = None) -> None:
        self.path = path
        self.manifest = manifest
        self.embedder = embedder
        self.chunker = chunker
        self.milvus_uri = milvus_uri  # overrides the manifest's (e.g. the token-bearing or moved server URI)
        self.milvus_token = milvus_token
        self._catalog: Catalog | None = None
        self._vectors: VectorStore | None = None
        self._generation = 0  # the generation self._vectors belongs to
        self._lock = threading.RLock()  # guards lazy loading and the swap to a new generation
        self.writing = WriterLock(path / LOCK)

    # ---- construction --------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, embedder: Embedder, chunker_config: ChunkerConfig | None = None, *,
               vector_store: str = "faiss", milvus_uri: str | None = None, milvus_token: str | None = None) -> Store:
        """A new, empty store at ``path`` (which must not hold a store yet); its vectors go to
        FAISS files in the folder, or to Milvus (``milvus_uri``: a Milvus Lite file or a server)."""
        path = Path(path)
        spec = vector_store_spec(vector_store, path=path, milvus_uri=milvus_uri)
        if (path / MANIFEST).exists():
            raise StoreError(f"{path} already holds a store; open it, or {rebuild_hint(path)}")
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
            "vector_store": spec,
            "generation": 0,
            "counts": {"documents": 0, "chunks": 0},
            "files": {},
            "created": now,
            "updated": now,
            "written_by": program_version(),
        }
        store = cls(path, manifest, embedder, chunker, milvus_uri=milvus_uri, milvus_token=milvus_token)
        with store.writing():
            _ = store.catalog  # creates the schema
            write_json_atomic(path / MANIFEST, manifest)
        return store

    @staticmethod
    def exists(path: str | Path) -> bool:
        """Whether ``path`` holds a store (its manifest); nothing is opened or changed."""
        return (Path(path) / MANIFEST).is_file()

    @classmethod
    def open(
        cls,
        path: str | Path,
        embedder: Embedder | None = None,
        chunker_config: ChunkerConfig | None = None,
        *,
        check: bool = True,
        milvus_uri: str | None = None,
        milvus_token: str | None = None,
    ) -> Store:
        """Open the store at ``path``.

        An ``embedder`` or ``chunker_config`` given here must match what the store was
        built with; by default the store's own are used. With ``check``, the vector
        file, its checksum, the catalog and the manifest must agree (``qa index`` opens
        with ``check=False`` and repairs). If no one is writing, leftovers of an
        interrupted writer (temporary and orphan files, a stale manifest) are cleaned up.
        """
        path = Path(path)
        manifest = read_manifest(path)
        rebuild = rebuild_hint(path)
        if manifest.get("format_version") not in READABLE_VERSIONS:
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
        store = cls(path, manifest, embedder, Chunker(embedder, config), milvus_uri=milvus_uri, milvus_token=milvus_token)
        try:
            with store.writing(wait=0):
                store._tidy()
        except (StoreBusyError, OSError):
            pass  # a writer is at work (it tidies up itself), or the folder is read-only
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
    def generation(self) -> int:
        """The generation of the vectors in memory (loading them if need be); 0 before the first commit."""
        _ = self.vectors
        return self._generation

    @property
    def vectors(self) -> VectorStore | None:
        """The vector index of the last commit, or None while the store holds no vectors yet."""
        with self._lock:
            if self._vectors is None and self.dimension is not None:
                self._vectors, self._generation = self._load_vectors()
            return self._vectors

    @property
    def _milvus(self) -> bool:
        return (self.manifest.get("vector_store") or {}).get("kind") == "milvus"

    def _empty_vectors(self, dimension: int, *, replace_placeholder: bool = False) -> VectorStore:
        """An empty vector index; ``replace_placeholder`` drops the one-dimensional Milvus collection
        that a store without vectors publishes (it holds nothing)."""
        if self._milvus:
            from index.milvus_store import MilvusVectorStore

            spec = self.manifest["vector_store"]
            store = MilvusVectorStore(dimension, uri=self.milvus_uri or spec["uri"], collection=spec["collection"],
                                      token=self.milvus_token, index_type=spec.get("index"))
            store._replace_existing = replace_placeholder
            return store
        return FaissVectorStore(dimension)

    def _open_vectors(self, file: Path, sha256: str) -> VectorStore:
        assert self.dimension is not None
        if self._milvus:
            from index.milvus_store import MilvusVectorStore

            return MilvusVectorStore.load(file, self.dimension, sha256=sha256, uri=self.milvus_uri, token=self.milvus_token)
        return FaissVectorStore.load(file, self.dimension, sha256=sha256)

    def _load_vectors(self) -> tuple[VectorStore, int]:
        assert self.dimension is not None
        for attempt in range(3):
            meta = self.catalog.meta()
            if not meta:  # format 1, or no commit yet
                legacy = self.path / VECTORS
                if legacy.exists():
                    return FaissVectorStore.load(legacy, self.dimension), 0
                return self._empty_vectors(self.dimension), 0
            file = self.path / meta["vectors_file"]
            try:
                return self._open_vectors(file, meta["vectors_sha256"]), int(meta["generation"])
            except StoreDamagedError:
                if file.exists() or attempt == 2:
                    raise
                logger.info("generation %s was replaced while loading; reading the newer one", meta["generation"])
        raise AssertionError("unreachable")

    def verify(self) -> None:
        """Check that the vector file (checksum included), the catalog and the manifest agree."""
        meta, docs, chunks = self.catalog.snapshot()
        vectors = self.vectors.count() if self.vectors is not None else 0
        recorded = int(meta["chunks"]) if meta else self.manifest.get("counts", {}).get("chunks")
        if not (vectors == chunks == recorded):
            raise StoreDamagedError(
                f"store {self.path} is inconsistent ({vectors} vectors, {chunks} chunks, commit record says "
                f"{recorded}); run `qa index --store {self.path} FOLDER...` to repair it, or add --rebuild"
            )

    def close(self) -> None:
        with self._lock:
            if self._catalog is not None:
                self._catalog.close()
                self._catalog = None

    # ---- reads --------------------------------------------------------
    def dense_search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        vectors = self.vectors  # one generation for the whole search; a writer swaps in a new object
        if vectors is not None and np.asarray(query_vector).shape[-1] != vectors.dimension:
            raise StoreMismatchError(
                f"the embedder gives {np.asarray(query_vector).shape[-1]}-dimensional vectors but store "
                f"{self.path} holds {vectors.dimension}-dimensional ones; {rebuild_hint(self.path)}"
            )
        return vectors.search(query_vector, k) if vectors is not None else []

    def lexical_search(self, query: str, k: int, max_postings: int | None = None) -> list[tuple[int, float]]:
        return self.catalog.lexical_search(query, k, max_postings)

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
        moves: Sequence[tuple[str, str, FileState]] = (),
    ) -> None:
        """Replace, add, remove and move documents (moves keep their vectors); publish atomically."""
        for _, _, chunks, vecs in upserts:
            if len(chunks) != len(vecs):
                raise InvalidInputError(f"upserts: got {len(vecs)} vectors for {len(chunks)} chunks")
        new_vectors = [v for *_, v in upserts if len(v)]
        with self.writing():
            if new_vectors and self.dimension is None:
                # the first vectors of a store that was empty until now: its placeholder index has no dimension
                self.manifest["dimension"] = int(new_vectors[0].shape[1])
                with self._lock:
                    self._vectors = self._empty_vectors(self.dimension or 0, replace_placeholder=True)
                    self._generation = int(self.catalog.meta().get("generation", 0))
            current = self.vectors
            added = np.vstack(new_vectors) if new_vectors else None
            self._commit([(d, s, c) for d, s, c, _ in upserts], removals, touched,
                         lambda dropped, inserted: self._changed(current, dropped, inserted, added), moves)

    @staticmethod
    def _changed(current: VectorStore | None, dropped: list[int], inserted: list[int],
                 added: np.ndarray | None) -> VectorStore | None:
        if current is None:
            return None
        nxt = current.copy()
        nxt.remove(dropped)
        if added is not None:
            nxt.add(inserted, added)
        return nxt

    def _commit(self, upserts: Sequence[tuple[Document, FileState, list[Chunk]]], removals: Sequence[str],
                touched: Sequence[tuple[str, FileState]], change: Any, moves: Sequence[Any]) -> None:
        """One catalog transaction that also writes the next generation's vector file."""
        generation = self.generation + 1
        file = self.path / vectors_name(generation, "milvus.json" if self._milvus else "faiss")
        made: dict[str, Any] = {}

        def publish(dropped: list[int], inserted: list[int], rows: int) -> dict[str, str]:
            vectors = change(dropped, inserted)
            if vectors is None:
                vectors = self._empty_vectors(self.dimension or 1)
            made["vectors"] = vectors
            digest = vectors.save(file)
            made["record"] = {"generation": str(generation), "vectors_file": file.name, "vectors_sha256": digest,
                              "vectors_bytes": str(file.stat().st_size), "chunks": str(rows)}
            if vectors.count() != rows:
                raise StoreDamagedError(
                    f"store {self.path}: {vectors.count()} vectors for {rows} chunks; run `qa index` again to repair"
                )
            return made["record"]

        try:
            self.catalog.apply(upserts, removals, touched, publish=publish, moves=moves)
        except BaseException:
            file.unlink(missing_ok=True)
            raise
        with self._lock:
            if self.dimension is not None:
                self._vectors, self._generation = made["vectors"], generation
        self._write_manifest(made["record"])
        self._tidy()

    def repair(self) -> int:
        """Make the vector index hold exactly the catalog's chunks; returns how many were fixed."""
        with self.writing():
            try:
                vectors = self.vectors
            except StoreDamagedError as exc:  # the catalog is intact: re-embed every chunk
                logger.warning("%s; re-embedding the store's chunks", exc)
                assert self.dimension is not None
                with self._lock:
                    self._vectors = vectors = self._empty_vectors(self.dimension)
            ids = self.catalog.chunk_ids()
            if vectors is None:
                if ids:
                    raise StoreDamagedError(f"store {self.path} has chunks but no dimension; {rebuild_hint(self.path)}")
                return 0
            present = set(vectors.ids().tolist())
            wanted = set(ids)
            extra = sorted(present - wanted)
            missing = sorted(wanted - present)
            meta = self.catalog.meta()
            if not extra and not missing and meta and self.manifest.get("generation") == int(meta["generation"]):
                return 0
            logger.warning("repairing store %s: %d vectors missing, %d extra", self.path, len(missing), len(extra))
            added = self.embedder.embed(self.catalog.chunk_texts(missing)) if missing else None

            def change(dropped: list[int], inserted: list[int]) -> VectorStore:
                nxt = vectors.copy()
                nxt.remove(extra)
                if added is not None:
                    nxt.add(missing, added)
                return nxt

            self._commit([], [], [], change, [])
            return len(extra) + len(missing)

    def _write_manifest(self, record: dict[str, str]) -> None:
        write_manifest(self.path, self.manifest, record, self.catalog.counts(),
                       self._vectors.describe() if self._vectors is not None else None)

    def _tidy(self) -> None:
        """Under the writer lock: remove temporary files, vector files of generations other than the
        last two (readers may still be loading the previous one), and refresh a stale manifest."""
        meta = self.catalog.meta()
        current = int(meta["generation"]) if meta else None
        remove_stale_files(self.path, current)
        if meta and self.manifest.get("generation") != current:
            self._write_manifest(meta)
