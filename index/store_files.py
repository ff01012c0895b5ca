"""The files of a store folder: names, the manifest, the writer lock.

See :mod:`index.store` for how they work together.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from index.errors import StoreBusyError
from index.manifest import MANIFEST, Manifest
from index.vector_backends import SUFFIXES
from index.vectors import write_bytes_atomic

CATALOG, VECTORS, LOCK = "catalog.sqlite3", "vectors.faiss", "writer.lock"
#: Files uploaded through the web UI live in this folder of the store (kept by ``qa index --rebuild``).
UPLOADS = "uploads"


def vectors_name(generation: int, suffix: str = "faiss") -> str:
    return f"vectors-{generation:06d}.{suffix}"


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


def write_manifest(path: Path, manifest: Manifest) -> None:
    """Write ``manifest`` into the store folder ``path`` atomically."""
    write_json_atomic(path / MANIFEST, manifest.to_json())


def generation_of(name: str) -> int | None:
    for suffix in (f".{s}" for s in SUFFIXES):
        if name.startswith("vectors-") and name.endswith(suffix):
            digits = name[len("vectors-") : -len(suffix)]
            return int(digits) if digits.isdigit() else None
    return None


def file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode) of ``path``: which file a name stands for now (None: no such file)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino
