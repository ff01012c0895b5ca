"""A Milvus vector store behind the same Protocol as FAISS (``pymilvus``; Milvus Lite or a server).

The URI picks the engine: a local file path runs Milvus Lite (an embedded Milvus in one
file, the real engine), ``http://host:19530`` a standalone server or a cluster. Ids are chunk
ids; writes are upserts in batches with retries on transient errors, and searches use
Strong consistency, so a search sees every write before it.

Unlike FAISS files, a Milvus collection has no generations: a change is applied in place.
The store still publishes a small pointer file per commit (URI, collection, count, with
its checksum in the catalog), and ``qa index`` repairs the collection against the catalog
if a writer died between the two.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from index.errors import InvalidInputError, NotFoundError, StoreDamagedError, StoreError
from index.lite_files import drop_torn_index_files, held_elsewhere, lite_closed, lite_opened
from index.vectors import _check_vectors, write_bytes_atomic

logger = logging.getLogger(__name__)
T = TypeVar("T")
BATCH = 1000
RETRIES = 4
def is_lite(uri: str) -> bool:
    return not uri.startswith(("http://", "https://", "tcp://", "unix:"))


def given_uri(uri: str) -> str:
    """A URI the user gives now (``--milvus-uri``): a relative Milvus Lite path is the working
    folder's, so it is made absolute before it is recorded."""
    return str(Path(uri).expanduser().resolve()) if is_lite(uri) else uri


def resolve_uri(recorded: str, folder: Path, given: str | None = None) -> tuple[str, str]:
    """(the URI to connect to, the URI to record) for a ``recorded`` URI of a store in ``folder``;
    a ``given`` one (already through :func:`given_uri`) overrides it. A relative Milvus Lite path
    is the store folder's (``milvus.db``: the default), so the store can be moved or swapped in by
    a rebuild. An absolute one that no longer exists, where the folder holds a file of that name,
    is taken for the folder's: stores written before Lite paths were recorded relative named the
    folder they were built in (a rebuild's staging folder)."""
    if given:
        return given, given
    if not is_lite(recorded):
        return recorded, recorded
    path = Path(recorded).expanduser()
    if not path.is_absolute():
        return str(folder / path), recorded
    if not path.exists() and (folder / path.name).exists():
        return str(folder / path.name), path.name
    return recorded, recorded


def safe_uri(uri: str) -> str:
    """The URI without credentials, for messages and the manifest."""
    if "@" in uri and "://" in uri:
        scheme, rest = uri.split("://", 1)
        return f"{scheme}://{rest.split('@', 1)[1]}"
    return uri


def drop_collection(uri: str, collection: str, *, token: str | None = None) -> bool:
    """Drop ``collection`` at ``uri`` where it is (the vectors of a store that was replaced);
    whether it was there."""
    store = MilvusVectorStore(1, uri=uri, collection=collection, token=token)
    store._create = False
    try:
        if not store.client.has_collection(collection):
            return False
        store._retry("drop a collection", lambda: store.client.drop_collection(collection))
        return True
    finally:
        store.close()


class MilvusVectorStore:
    """Vectors in a Milvus collection (``id`` INT64 primary key, ``vector`` FLOAT_VECTOR, inner product)."""

    suffix = "milvus.json"

    def __init__(self, dimension: int, *, uri: str, collection: str, token: str | None = None,
                 index_type: str | None = None, replace_existing: bool = False, recorded_uri: str | None = None) -> None:
        if dimension < 1:
            raise InvalidInputError(f"dimension must be positive, got {dimension!r}")
        if not uri:
            raise InvalidInputError("milvus uri is empty; give a file path (Milvus Lite) or http://host:19530")
        if not collection.replace("_", "").isalnum():
            raise InvalidInputError(f"collection must be letters, digits and underscores, got {collection!r}")
        self._dimension = dimension
        self.uri = uri
        self.recorded_uri = recorded_uri or uri  # what the pointer files say: relative for a Lite file in the store
        self.collection = collection
        self.token = token
        # Milvus Lite runs FLAT (exact); a server gets HNSW (M 16, efConstruction 200, ef 64)
        self.index_type = index_type or ("FLAT" if is_lite(uri) else "HNSW")
        self._client: Any = None
        self._create = True  # create the collection if missing (not when opening an existing store)
        self._replace_existing = replace_existing  # drop a same-named collection first (Store.apply, Store.repair)

    # ---- connection ----------------------------------------------------
    def _retry(self, what: str, call: Callable[[], T]) -> T:
        from pymilvus.exceptions import MilvusException, MilvusUnavailableException

        delay = 0.5
        for attempt in range(RETRIES):
            try:
                return call()
            except (MilvusUnavailableException, ConnectionError, TimeoutError) as exc:
                if attempt == RETRIES - 1:
                    raise StoreError(self._unreachable(exc)) from exc
                logger.warning("Milvus %s failed (%s); retrying in %.1f s", what, exc, delay)
                time.sleep(delay)
                delay *= 2
            except MilvusException as exc:
                raise StoreError(f"Milvus at {safe_uri(self.uri)} refused to {what}: {exc}") from exc
        raise AssertionError("unreachable")

    def _unreachable(self, exc: BaseException) -> str:
        hint = ("Milvus Lite lets one process at a time use a file: if `qa serve` or another program has this store "
                "open, stop it first (while `qa serve` runs, its Documents tab adds files; FAISS stores and Milvus servers "
                "have no such limit); else check that the folder is writable" if is_lite(self.uri) else
                "check that the server is running, the host and port are right, and the token is valid")
        return f"cannot reach Milvus at {safe_uri(self.uri)} ({str(exc).splitlines()[0][:200]}); {hint}"

    @property
    def client(self) -> Any:
        if self._client is None:
            try:
                from pymilvus import MilvusClient
            except ImportError as exc:
                raise StoreError("the Milvus backend needs pymilvus (and milvus-lite for a local file): "
                                 "pip install 'docqa[milvus]'") from exc

            if is_lite(self.uri):
                Path(self.uri).expanduser().parent.mkdir(parents=True, exist_ok=True)
            delay = 0.5
            for attempt in range(RETRIES):
                try:
                    self._client = MilvusClient(uri=self.uri, token=self.token or "", timeout=30)
                    if is_lite(self.uri):
                        lite_opened(self.uri)
                    break
                except Exception as exc:  # pymilvus raises several types when it cannot connect
                    if attempt == RETRIES - 1 or (is_lite(self.uri) and held_elsewhere(self.uri)):
                        raise StoreError(self._unreachable(exc)) from exc
                    logger.warning("cannot connect to Milvus at %s (%s); retrying in %.1f s", safe_uri(self.uri), exc, delay)
                    time.sleep(delay)
                    delay *= 2
            try:
                self._ensure_collection()
            except BaseException:
                self.close()  # the next use connects afresh (and a Lite file is not held meanwhile)
                raise
        return self._client

    def _ensure_collection(self) -> None:
        from pymilvus import DataType

        client = self._client
        try:
            exists = self._retry("find the collection", lambda: client.has_collection(self.collection))
        except StoreError as exc:
            damage = self._lite_damage(exc)
            if damage:  # Milvus Lite cannot read the collection's rows, let alone drop it
                raise StoreDamagedError(
                    f"Milvus Lite cannot read collection {self.collection!r} in {safe_uri(self.uri)} "
                    f"({damage}): its files are damaged; rebuild the store with `qa index --rebuild` "
                    "and its folders") from exc
            raise
        if exists:
            if self._create and self._replace_existing:  # a store's placeholder, or its vectors found damaged
                self._retry("drop the collection it replaces", lambda: client.drop_collection(self.collection))
            else:
                # a new process finds the collection released: load it before any search (loading twice is harmless)
                self._load()
                return
        if not self._create:
            return
        schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self._dimension)
        index = client.prepare_index_params()
        params = {"M": 16, "efConstruction": 200} if self.index_type == "HNSW" else {}
        index.add_index(field_name="vector", index_type=self.index_type, metric_type="IP", params=params)
        self._retry("create a collection", lambda: client.create_collection(
            self.collection, schema=schema, consistency_level="Strong"))
        # Waiting for the index asks the server for a timestamp, which Milvus Lite does not serve: its in-process
        # server logs a traceback on stderr. An empty collection's index is ready at once; a server is waited for.
        self._retry("create the index", lambda: client.create_index(self.collection, index, sync=not is_lite(self.uri)))
        self._retry("load the collection", lambda: client.load_collection(self.collection))

    def _lite_damage(self, exc: StoreError) -> str | None:
        """Milvus Lite's message where ``exc`` is Milvus Lite failing on its own files (not an unreachable server)."""
        from pymilvus.exceptions import MilvusException, MilvusUnavailableException

        cause = exc.__cause__
        if is_lite(self.uri) and isinstance(cause, MilvusException) and not isinstance(cause, MilvusUnavailableException):
            return str(cause.message)
        return None

    def _load(self) -> None:
        for attempt in range(2):
            try:
                self._retry("load the collection", lambda: self._client.load_collection(self.collection))
                return
            except StoreError as exc:
                damage = self._lite_damage(exc)
                if not damage:
                    raise
                # a torn index file is a cache Milvus Lite builds again; this process holds the file, so no writer is
                # saving one now: remove it and load again (readers included: the rows, the store's data, are intact)
                if attempt == 0 and drop_torn_index_files(self.uri, self.collection):
                    continue
                raise StoreDamagedError(
                    f"Milvus Lite cannot read the vectors of collection {self.collection!r} in {safe_uri(self.uri)} "
                    f"({damage}): its files are damaged (Milvus Lite can leave them so when a process writing "
                    "them is killed); `qa index` embeds them again from the store's catalog") from exc

    # ---- the VectorStore Protocol -------------------------------------
    @property
    def dimension(self) -> int:
        return self._dimension

    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        id_array = np.asarray(ids, dtype=np.int64)
        vectors = _check_vectors(vectors, self._dimension, len(id_array))
        for lo in range(0, len(id_array), BATCH):
            rows = [{"id": int(i), "vector": v.tolist()} for i, v in zip(id_array[lo:lo + BATCH], vectors[lo:lo + BATCH],
                                                                        strict=True)]
            self._retry("insert vectors", partial(self.client.upsert, self.collection, rows))

    def remove(self, ids: Sequence[int] | np.ndarray) -> int:
        id_list = [int(i) for i in np.asarray(ids, dtype=np.int64)]
        removed = 0
        for lo in range(0, len(id_list), BATCH):
            part = id_list[lo:lo + BATCH]
            present = self._retry("read ids", partial(self.client.get, self.collection, ids=part, output_fields=["id"]))
            found = [int(row["id"]) for row in present]
            if found:
                self._retry("delete vectors", partial(self.client.delete, self.collection, ids=found))
            removed += len(found)
        return removed

    def search(self, query: np.ndarray, k: int, only: np.ndarray | None = None) -> list[tuple[int, float]]:
        if k < 1:
            raise InvalidInputError(f"k must be at least 1, got {k!r}")
        q = _check_vectors(np.asarray(query, dtype=np.float32).reshape(1, -1), self._dimension, 1)
        if only is not None:  # the scope's own vectors, scored exactly (no filter expression of every id)
            present = np.unique(np.asarray(only, dtype=np.int64))
            try:
                vectors = self.get(present)
            except NotFoundError:  # an id with no vector (none should be): the stored ones
                present = np.intersect1d(present, self.ids())
                vectors = self.get(present)
            if not len(present):
                return []
            scores = vectors @ q[0]
            best = np.argsort(-scores, kind="stable")[:k]
            return [(int(present[i]), float(scores[i])) for i in best]
        params: dict[str, Any] = {"metric_type": "IP"}
        if self.index_type == "HNSW":
            params["params"] = {"ef": max(64, k)}
        hits = self._retry("search", lambda: self.client.search(
            self.collection, data=[q[0].tolist()], limit=min(k, 16384), search_params=params, output_fields=["id"]))
        return [(int(h["id"]), float(h["distance"])) for h in hits[0]]

    def get(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        id_list = [int(i) for i in np.asarray(ids, dtype=np.int64)]
        found: dict[int, list[float]] = {}
        for lo in range(0, len(id_list), BATCH):
            part = sorted(set(id_list[lo:lo + BATCH]))
            rows = self._retry("read vectors", partial(self.client.get, self.collection, ids=part,
                                                       output_fields=["id", "vector"]))
            found.update((int(row["id"]), row["vector"]) for row in rows)
        missing = [i for i in id_list if i not in found]
        if missing:
            raise NotFoundError(f"no vector is stored under id {missing[0]} ({len(missing)} of the ids asked for are absent)")
        return np.asarray([found[i] for i in id_list], dtype=np.float32).reshape(len(id_list), self._dimension)

    def count(self) -> int:
        rows = self._retry("count", lambda: self.client.query(self.collection, filter="", output_fields=["count(*)"]))
        return int(rows[0]["count(*)"])

    def ids(self) -> np.ndarray:
        if is_lite(self.uri):
            # Milvus Lite answers a query without a limit in full; its iterator would ask for a timestamp it does
            # not serve (pymilvus then warns "failed to get mvccTs").
            rows = self._retry("list ids", lambda: self.client.query(self.collection, filter="id >= 0",
                                                                     output_fields=["id"]))
            return np.asarray([int(row["id"]) for row in rows], dtype=np.int64)
        out: list[int] = []
        iterator = self._retry("list ids", lambda: self.client.query_iterator(
            self.collection, batch_size=BATCH * 10, filter="id >= 0", output_fields=["id"]))
        while True:
            page = iterator.next()
            if not page:
                break
            out += [int(row["id"]) for row in page]
        iterator.close()
        return np.asarray(out, dtype=np.int64)

    def copy(self) -> MilvusVectorStore:
        """The same collection: Milvus changes are applied in place (there are no generations)."""
        return self

    def describe(self) -> dict[str, Any]:
        return {"kind": "milvus", "uri": safe_uri(self.recorded_uri), "collection": self.collection, "index": self.index_type,
                "metric": "inner_product", "consistency": "Strong", "exact": self.index_type == "FLAT",
                "engine": "milvus-lite" if is_lite(self.uri) else "milvus-server"}

    def save(self, path: Path) -> str:
        """Flush the collection and write a pointer file (uri, collection, count); returns its SHA-256."""
        self._retry("flush", lambda: self.client.flush(self.collection))
        data = json.dumps({**self.describe(), "dimension": self._dimension, "count": self.count()},
                          sort_keys=True).encode()
        return write_bytes_atomic(path, data)

    @classmethod
    def load(cls, path: Path, dimension: int, *, sha256: str | None = None, uri: str | None = None,
             token: str | None = None) -> MilvusVectorStore:
        """Open the collection a pointer file names; ``uri`` overrides the recorded one (a moved server)."""
        rebuild = "rebuild the store with `qa index --rebuild`"
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise StoreDamagedError(f"cannot read the vector pointer {path} ({exc.strerror}); {rebuild}") from exc
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise StoreDamagedError(f"the vector pointer {path} does not match the checksum its store recorded; {rebuild}")
        try:
            pointer = json.loads(data)
            recorded_dimension, collection, recorded_uri = int(pointer["dimension"]), str(pointer["collection"]), pointer["uri"]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreDamagedError(f"the vector pointer {path} is unreadable ({exc}); {rebuild}") from exc
        if recorded_dimension != dimension:
            raise StoreDamagedError(
                f"the vector pointer {path} has dimension {recorded_dimension}, the manifest says {dimension}; {rebuild}")
        connect, record = resolve_uri(str(recorded_uri), path.parent, uri)
        store = cls(dimension, uri=connect, collection=collection, token=token,
                    index_type=str(pointer.get("index")) if pointer.get("index") else None, recorded_uri=record)
        store._create = False
        if not store.client.has_collection(collection):
            raise StoreDamagedError(f"Milvus at {safe_uri(store.uri)} has no collection {collection!r}; {rebuild}")
        return store

    def close(self) -> None:
        """Close the connection; for Milvus Lite, when no other client in this process uses the
        file, also stop this process's server of it, which would otherwise keep holding it (a
        rebuild renames the folder it is in, and opens it there)."""
        if self._client is not None:
            self._client.close()
            self._client = None
            if is_lite(self.uri) and lite_closed(self.uri):
                try:
                    from milvus_lite.server_manager import server_manager_instance
                except ImportError:  # an older milvus-lite: its server lives until the process ends
                    return
                server_manager_instance.release_server(self.uri)
