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
loaded for a whole search (the next search or write of a process that did not write a newer
commit loads it). A committed chunk id is never reused, so an id always means the same text.

No pickle anywhere: the manifest is JSON, the catalog SQLite, the vectors FAISS's own format.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from index.catalog import Catalog, ChunkRecord, DocumentInfo, FileState
from index.chunker import Chunker, ChunkerConfig
from index.documents import Chunk, Document
from index.embedders import Embedder, embedder_from_spec, same_vectors
from index.errors import (
    InvalidInputError,
    StoreChangedError,
    StoreDamagedError,
    StoreError,
    StoreMismatchError,
    rebuild_hint,
)
from index.manifest import MANIFEST, Manifest, read_manifest
from index.options import StoreOptions
from index.store_files import (  # noqa: F401 - re-exported: callers import these names from index.store
    CATALOG,
    LOCK,
    VECTORS,
    WriterLock,
    file_id,
    remove_stale_files,
    vectors_name,
    write_manifest,
)
from index.vector_backends import VECTOR_STORES, VectorBackend, backend_for, new_spec  # noqa: F401
from index.vectors import FaissVectorStore, VectorStore

logger = logging.getLogger(__name__)

class Store:
    """Documents, chunks and vectors on disk. Use :meth:`create` or :meth:`open`."""

    def __init__(self, path: Path, manifest: Manifest, embedder: Embedder, chunker: Chunker,
                 backend: VectorBackend, options: StoreOptions | None = None) -> None:
        self.path = path
        self.options = options or StoreOptions()  # the Milvus URI and token a rebuilt store is opened with
        self.manifest = manifest  # replaced (never changed in place) by each commit
        self.embedder = embedder
        self.chunker = chunker
        self.backend = backend
        self._catalog: Catalog | None = None
        self._vectors: VectorStore | None = None
        self._generation = 0  # the generation self._vectors belongs to
        self._lock = threading.RLock()  # guards lazy loading and the swap to a new generation
        self._writer = WriterLock(path / LOCK)
        self._catalog_file: tuple[int, int] | None = None  # (device, inode) of the catalog file opened

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's writer lock (one writer across processes, re-entrant in this one), on
        the last commit (of the store another process rebuilt since, too: see :meth:`refresh`)."""
        with self._writer():
            self.refresh()
            yield

    # ---- construction --------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, embedder: Embedder, chunker_config: ChunkerConfig | None = None, *,
               options: StoreOptions | None = None) -> Store:
        """A new, empty store at ``path`` (which must not hold a store yet); its vectors go where
        ``options`` say: FAISS files in the folder (the default), or Milvus (Lite file or server)."""
        path = Path(path)
        options = options or StoreOptions()
        spec = new_spec(options.vector_store, milvus_uri=options.milvus_uri)
        if (path / MANIFEST).exists():
            raise StoreError(f"{path} already holds a store; open it, or {rebuild_hint(path)}")
        if path.exists() and not path.is_dir():
            raise StoreError(f"store path {path} exists and is not a folder; choose another --store")
        config = chunker_config or ChunkerConfig()
        path.mkdir(parents=True, exist_ok=True)
        manifest = Manifest.new(embedder.spec, config, spec)
        store = cls(path, manifest, embedder, Chunker(embedder, config), options.backend(spec, path), options)
        with store.writing():
            store.catalog.create_schema()
            store._catalog_file = file_id(path / CATALOG)  # made just now: a rebuild elsewhere replaces this one
            write_manifest(path, manifest)
        return store

    @staticmethod
    def exists(path: str | Path) -> bool:
        """Whether ``path`` holds a store (its manifest); nothing is opened or changed."""
        return (Path(path) / MANIFEST).is_file()

    @classmethod
    def open(cls, path: str | Path, embedder: Embedder | None = None, chunker_config: ChunkerConfig | None = None,
             *, check: bool = True, options: StoreOptions | None = None) -> Store:
        """Open the store at ``path`` to read (and to write, through its methods that write).

        An ``embedder`` or ``chunker_config`` given here must match what the store was
        built with; by default the store's own are used. With ``check``, the vector
        file, its checksum, the catalog and the manifest must agree (``qa index`` opens
        with ``check=False`` and repairs). ``options.milvus_uri`` overrides the Milvus URI the
        store recorded, ``options.milvus_token`` authenticates. Opening changes nothing on disk:
        leftovers of an interrupted writer are tidied by the next writer.
        """
        path = Path(path)
        options = options or StoreOptions()
        manifest = read_manifest(path)
        manifest.require(path, embedder.spec if embedder is not None else None, chunker_config)
        config = manifest.chunker_config(path)
        embedder = embedder or embedder_from_spec(manifest.embedder)
        store = cls(path, manifest, embedder, Chunker(embedder, config), options.backend(manifest.vector_store, path), options)
        if check:
            try:
                store.verify()
            except BaseException:
                store.close()  # a Milvus Lite file stays locked by this process while its client is open
                raise
        return store

    # ---- parts, loaded lazily ----------------------------------------
    @property
    def catalog(self) -> Catalog:
        with self._lock:
            if self._catalog is None:
                self._catalog = Catalog(self.path / CATALOG)
                self._catalog_file = file_id(self.path / CATALOG)
            return self._catalog

    @property
    def dimension(self) -> int | None:
        return self.manifest.dimension

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

    def _load_vectors(self) -> tuple[VectorStore, int]:
        assert self.dimension is not None
        for attempt in range(3):
            meta = self.catalog.meta()
            if not meta:  # format 1, or no commit yet
                legacy = self.path / VECTORS
                if legacy.exists():
                    return FaissVectorStore.load(legacy, self.dimension), 0
                return self.backend.empty(self.dimension), 0
            file = self.path / meta["vectors_file"]
            try:
                return self.backend.load(file, self.dimension, sha256=meta["vectors_sha256"]), int(meta["generation"])
            except StoreDamagedError:
                if file.exists() or attempt == 2:
                    raise
                logger.info("generation %s was replaced while loading; reading the newer one", meta["generation"])
        raise AssertionError("unreachable")

    def verify(self) -> None:
        """Check that the vector file (checksum included), the catalog and the manifest agree."""
        meta, docs, chunks = self.catalog.snapshot()
        vectors = self.vectors.count() if self.vectors is not None else 0
        recorded = int(meta["chunks"]) if meta else self.manifest.chunks
        # an index changed in place may hold vectors of chunks a writer has just replaced (see apply)
        if not (chunks == recorded and (vectors >= chunks if self.backend.in_place else vectors == chunks)):
            raise StoreDamagedError(
                f"store {self.path} is inconsistent ({vectors} vectors, {chunks} chunks, commit record says "
                f"{recorded}); run `qa index --store {self.path} FOLDER...` to repair it, or add --rebuild"
            )

    def close(self) -> None:
        """Close the catalog and a vector server's connection (a Milvus Lite file must be let go
        before a rebuild renames its folder); both reopen on next use."""
        with self._lock:
            if self._catalog is not None:
                self._catalog.close()
                self._catalog, self._catalog_file = None, None
            if self._vectors is not None:
                self._vectors.close()

    # ---- reads --------------------------------------------------------
    def refresh(self) -> None:
        """Forget the vectors and manifest in memory if another process committed since (`qa serve`
        while `qa index` runs in a terminal): the next search or write loads the last commit's, not
        searching or building on stale ones. Every write does it; a reader, before each question
        (not inside the dense search, which runs beside a BM25 search holding the catalog). A store
        another process rebuilt (`qa index --rebuild` swaps a new folder in) is opened anew."""
        with self._lock:
            if self._catalog is None:  # nothing read yet, or a store being created
                return
            if self._catalog_file is not None and file_id(self.path / CATALOG) not in (None, self._catalog_file):
                self._follow_rebuild()
                return
            committed = int(self._catalog.meta().get("generation", 0))
            if self._vectors is not None and not self.backend.in_place and committed != self._generation:  # Milvus: live
                logger.info("generation %s was committed by another process; loading its vectors", committed)
                self._vectors = None
            if committed != self.manifest.generation:
                self.manifest = read_manifest(self.path)

    def _follow_rebuild(self) -> None:
        """Read the store that replaced the one opened (same embedder, or :class:`StoreChangedError`); a call still
        using the old catalog raises it (an answer starts again); nothing is written into the old store."""
        manifest = read_manifest(self.path)
        if not same_vectors(self.embedder.spec, manifest.embedder):
            raise StoreChangedError(f"store {self.path} was rebuilt by another process with embedder {manifest.embedder}, "
                                    f"not {self.embedder.spec}; open it again (restart `qa serve`)")
        logger.warning("store %s was rebuilt by another process; reading the new one", self.path)
        assert self._catalog is not None
        self._catalog.retire()
        if self._vectors is not None:
            self._vectors.close()
        self.manifest, self.chunker = manifest, Chunker(self.embedder, manifest.chunker_config(self.path))
        self.backend = self.options.backend(manifest.vector_store, self.path)
        self._catalog, self._catalog_file, self._vectors, self._generation = None, None, None, 0

    def dense_search(self, query_vector: np.ndarray, k: int, only: np.ndarray | None = None) -> list[tuple[int, float]]:
        vectors = self.vectors  # one generation for the whole search; a writer swaps in a new object
        if vectors is not None and np.asarray(query_vector).shape[-1] != vectors.dimension:
            raise StoreMismatchError(
                f"the embedder gives {np.asarray(query_vector).shape[-1]}-dimensional vectors but store "
                f"{self.path} holds {vectors.dimension}-dimensional ones; {rebuild_hint(self.path)}"
            )
        return vectors.search(query_vector, k, only) if vectors is not None else []

    def lexical_search(self, query: str, k: int, max_postings: int | None = None, title_weight: float = 0.0,
                       within: Sequence[int] | None = None) -> list[tuple[int, float]]:
        return self.catalog.lexical_search(query, k, max_postings, title_weight, within)

    def chunks(self, ids: Sequence[int]) -> dict[int, ChunkRecord]:
        return self.catalog.chunks(ids)

    def document_by_row(self, row_id: int) -> Document:
        """The document at catalog row ``row_id`` (a span's ``row_id``); NotFoundError if it is gone."""
        return self.catalog.document_by_row(row_id)

    def documents(self) -> list[DocumentInfo]:
        return self.catalog.documents()

    # ---- writes -------------------------------------------------------
    def apply(
        self,
        upserts: Sequence[tuple[Document, FileState, list[Chunk], np.ndarray]],
        removals: Sequence[str] = (),
        touched: Sequence[tuple[str, FileState]] = (),
        moves: Sequence[tuple[str, str, FileState]] = (),
        refreshed: Sequence[tuple[Document, FileState]] = (),
    ) -> None:
        """Replace, add, remove and move documents (moves keep their vectors), refresh re-extracted
        documents whose text is unchanged (they keep their chunks and vectors); publish atomically."""
        for _, _, chunks, vecs in upserts:
            if len(chunks) != len(vecs):
                raise InvalidInputError(f"upserts: got {len(vecs)} vectors for {len(chunks)} chunks")
        new_vectors = [v for *_, v in upserts if len(v)]
        with self.writing():
            if new_vectors and self.dimension is None:
                # the first vectors of a store that was empty until now: its placeholder index has no dimension
                self.manifest = replace(self.manifest, dimension=int(new_vectors[0].shape[1]))
                with self._lock:
                    self._vectors = self.backend.empty(self.dimension or 0, replace=True)
                    self._generation = int(self.catalog.meta().get("generation", 0))
            current = self.vectors
            added = np.vstack(new_vectors) if new_vectors else None
            # Changed in place (Milvus), the replaced vectors go only once the catalog no longer names them:
            # a writer killed before leaves vectors no chunk names, which readers skip and the next
            # `qa index` drops, never chunks without vectors (whose documents would be embedded again).
            retired: list[int] = []

            def change(dropped: list[int], inserted: list[int]) -> VectorStore | None:
                if current is None:
                    return None
                nxt = current.copy()
                if self.backend.in_place:
                    retired.extend(dropped)
                else:
                    nxt.remove(dropped)
                if added is not None:
                    nxt.add(inserted, added)
                return nxt

            self._commit([(d, s, c) for d, s, c, _ in upserts], removals, touched, change, moves, refreshed,
                         retired=retired)

    def _commit(self, upserts: Sequence[tuple[Document, FileState, list[Chunk]]], removals: Sequence[str],
                touched: Sequence[tuple[str, FileState]], change: Any, moves: Sequence[Any],
                refreshed: Sequence[tuple[Document, FileState]] = (), retired: Sequence[int] = ()) -> None:
        """One catalog transaction that also writes the next generation's vector file; the vectors
        of ``retired`` ids (filled by ``change``: an index changed in place) are removed after it."""
        generation = self.generation + 1
        file = self.path / vectors_name(generation, self.backend.suffix)
        made: dict[str, Any] = {}

        def publish(dropped: list[int], inserted: list[int], rows: int) -> dict[str, str]:
            vectors = change(dropped, inserted)
            if vectors is None:
                vectors = self.backend.empty(self.dimension or 1)
            made["vectors"] = vectors
            digest = vectors.save(file)
            made["record"] = {"generation": str(generation), "vectors_file": file.name, "vectors_sha256": digest,
                              "vectors_bytes": str(file.stat().st_size), "chunks": str(rows)}
            if vectors.count() != rows + len(retired):
                raise StoreDamagedError(
                    f"store {self.path}: {vectors.count()} vectors for {rows} chunks; run `qa index` again to repair"
                )
            return made["record"]

        try:
            self.catalog.apply(upserts, removals, touched, publish=publish, moves=moves, refreshed=refreshed)
        except BaseException:
            file.unlink(missing_ok=True)
            raise
        with self._lock:
            if self.dimension is not None:
                self._vectors, self._generation = made["vectors"], generation
        self._write_manifest(made["record"])
        if retired:
            made["vectors"].remove(retired)
        self._tidy()

    def repair(self) -> int:
        """Make the vector index hold exactly the catalog's chunks; returns how many chunks it embedded."""
        with self.writing():
            self.catalog.create_schema()  # a deleted catalog comes back empty, and its vectors go
            self._tidy()
            try:
                vectors = self.vectors
            except StoreDamagedError as exc:  # the catalog is intact: re-embed every chunk
                logger.warning("%s; re-embedding the store's chunks", exc)
                assert self.dimension is not None
                with self._lock:
                    self._vectors = vectors = self.backend.empty(self.dimension, replace=True)
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
            if not extra and not missing and meta and self.manifest.generation == int(meta["generation"]):
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
            return len(missing)

    def _write_manifest(self, record: dict[str, str]) -> None:
        self.manifest = self.manifest.committed(record, self.catalog.counts(),
                                                self._vectors.describe() if self._vectors is not None else None)
        write_manifest(self.path, self.manifest)

    def _tidy(self) -> None:
        """Under the writer lock: remove temporary files, vector files of generations other than the
        last two (readers may still be loading the previous one), and refresh a stale manifest."""
        meta = self.catalog.meta()
        current = int(meta["generation"]) if meta else None
        remove_stale_files(self.path, current)
        if meta and self.manifest.generation != current:
            self._write_manifest(meta)
