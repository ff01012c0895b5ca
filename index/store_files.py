"""The files of a store folder: names, the manifest, the writer lock.

See :mod:`index.store` for how they work together.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from index.errors import InvalidInputError, StoreBusyError, StoreDamagedError, StoreNotFoundError, rebuild_hint
from index.vectors import write_bytes_atomic

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 kept one vectors.faiss; its first write upgrades it to 2
MANIFEST, CATALOG, VECTORS, LOCK = "manifest.json", "catalog.sqlite3", "vectors.faiss", "writer.lock"
#: Files uploaded through the web UI live in this folder of the store (kept by ``qa index --rebuild``).
UPLOADS = "uploads"


VECTOR_STORES = ("faiss", "milvus")


def program_version() -> str:
    """``docqa X.Y.Z``: recorded in the manifest by every writer, so a store says what wrote it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"docqa {version('docqa')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "docqa (not installed)"


def vectors_name(generation: int, suffix: str = "faiss") -> str:
    return f"vectors-{generation:06d}.{suffix}"


def vector_store_spec(kind: str = "faiss", *, path: Path, milvus_uri: str | None = None) -> dict[str, Any]:
    """The manifest's ``vector_store`` for a new store. Milvus defaults to Milvus Lite in the store folder."""
    if kind == "faiss":
        if milvus_uri:
            raise InvalidInputError("--milvus-uri needs --vector-store milvus")
        return {"kind": "faiss", "index": "IDMap2,Flat", "metric": "inner_product", "exact": True}
    if kind == "milvus":
        from index.milvus_store import is_lite, safe_uri

        uri = milvus_uri or str(Path(path).resolve() / "milvus.db")
        collection = "docqa_" + hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:12]
        return {"kind": "milvus", "uri": safe_uri(uri), "collection": collection,
                "index": "FLAT" if is_lite(uri) else "HNSW", "metric": "inner_product", "consistency": "Strong"}
    raise InvalidInputError(f"vector_store must be one of {', '.join(VECTOR_STORES)}, got {kind!r}")


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    write_bytes_atomic(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))


class WriterLock:
    """One writer per store across processes (``flock`` on ``writer.lock``), re-entrant within
    one process; threads of that process take turns. Readers never take it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._mutex = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown"
        except OSError:
            return "unknown"

    @contextmanager
    def __call__(self, *, wait: float = 2.0) -> Iterator[None]:
        """Hold the lock; wait up to ``wait`` seconds for another holder (a reader tidying up
        holds it for a moment), then fail with :class:`StoreBusyError` naming the holder's PID."""
        with self._mutex:
            if self._depth == 0:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                deadline = time.monotonic() + wait
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            os.close(fd)
                            raise StoreBusyError(
                                f"store {self.path.parent} is being updated by PID {self.holder()}; wait for it to "
                                "finish (or stop that process) and try again"
                            ) from None
                        time.sleep(0.05)
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
                self._fd = fd
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._fd is not None:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
                    os.close(self._fd)
                    self._fd = None


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
            f"the manifest of store {path} is unreadable ({exc}); {rebuild_hint(path)}"
        ) from exc
    return manifest


def remove_stale_files(path: Path, current: int | None) -> None:
    """The writer's tidying: temporary files, and vector files of generations other than ``current``
    and the one before it (a reader may still be loading that one)."""
    for file in path.iterdir():
        stale_tmp = file.name.startswith(".") and file.name.endswith(".tmp")
        generation = generation_of(file.name)
        old = generation is not None and (current is None or not current - 1 <= generation <= current)
        legacy = file.name == VECTORS and current is not None
        if file.is_file() and (stale_tmp or old or legacy):
            file.unlink(missing_ok=True)


def write_manifest(path: Path, manifest: dict[str, Any], record: dict[str, str], counts: tuple[int, int],
                   vector_store: dict[str, Any] | None) -> None:
    """Mirror a commit ``record`` (generation, vector file) and the ``counts`` (documents, chunks)
    into ``manifest``, stamp it with the time and this program's version, and write it atomically."""
    from datetime import UTC, datetime

    manifest["format_version"] = FORMAT_VERSION
    manifest["generation"] = int(record["generation"])
    manifest["counts"] = {"documents": counts[0], "chunks": counts[1]}
    manifest["files"] = {"vectors": {"name": record["vectors_file"], "sha256": record["vectors_sha256"],
                                     "bytes": int(record["vectors_bytes"])}}
    if vector_store is not None:
        manifest["vector_store"] = vector_store
    manifest["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
    manifest["written_by"] = program_version()
    write_json_atomic(path / MANIFEST, manifest)


def generation_of(name: str) -> int | None:
    for suffix in (".faiss", ".milvus.json"):
        if name.startswith("vectors-") and name.endswith(suffix):
            digits = name[len("vectors-") : -len(suffix)]
            return int(digits) if digits.isdigit() else None
    return None
