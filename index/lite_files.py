"""Milvus Lite's files, seen from this process: which of its servers this process runs, whether
another process holds a file, and the one repair a reader may make (a torn index file).

Milvus Lite keeps a collection under ``<file>/collections/<name>/``: its rows in
``partitions/*/data/*.parquet``, recorded in a manifest written atomically, and beside them
an index file per data file (``partitions/*/indexes/*.idx``; for the FLAT index a store uses
there, the vectors again as a NumPy ``.npy`` array). The index file is a cache Milvus Lite
builds again from the rows when it is missing, but it writes it in place: a process killed
while saving one leaves it torn, and every later load of the collection fails on it.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

# Milvus Lite runs one server per file in a process (milvus_lite's own registry), shared by every
# client of that file: the server is stopped when the last of them closes, not the first.
_lite_lock = threading.Lock()
_lite_clients: dict[str, int] = {}


def lite_key(uri: str) -> str:
    return os.path.abspath(Path(uri).expanduser())


def lite_opened(uri: str) -> None:
    with _lite_lock:
        _lite_clients[lite_key(uri)] = _lite_clients.get(lite_key(uri), 0) + 1


def lite_closed(uri: str) -> bool:
    """Whether the client closed was the file's last in this process."""
    with _lite_lock:
        left = _lite_clients.get(lite_key(uri), 1) - 1
        if left > 0:
            _lite_clients[lite_key(uri)] = left
        else:
            _lite_clients.pop(lite_key(uri), None)
        return left <= 0


def held_elsewhere(uri: str) -> bool:
    """Whether another process holds the Milvus Lite file at ``uri`` (milvus-lite takes an
    exclusive ``flock`` on its folder's LOCK file while it has it open): then retrying is pointless.
    False where this process has the file open itself, or where that cannot be told."""
    try:
        import fcntl
    except ImportError:  # Windows: milvus-lite locks there otherwise
        return False
    key = lite_key(uri)
    with _lite_lock:
        if key in _lite_clients:
            return False
    try:
        from milvus_lite.server_manager import server_manager_instance

        if key in getattr(server_manager_instance, "_servers", {}):  # this process's own server of the file
            return False
    except ImportError:
        pass
    try:
        fd = os.open(os.path.join(key, "LOCK"), os.O_RDONLY)
    except OSError:  # no such file: nothing holds it (or milvus-lite keeps its lock elsewhere now)
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def drop_torn_index_files(uri: str, collection: str) -> list[Path]:
    """Remove the torn vector index files of ``collection`` in the Milvus Lite file at ``uri``
    (an ``.npy`` array shorter than its header says: a process killed while Milvus Lite saved
    it); Milvus Lite builds them again from the collection's rows when it next loads it.
    Returns the files removed. Only files that begin as NumPy arrays are judged; any other
    damage is left for the caller to report."""
    folder = Path(lite_key(uri)) / "collections" / collection / "partitions"
    torn = [file for file in sorted(folder.glob("*/indexes/*.idx")) if _torn_array(file)]
    for file in torn:
        logger.warning("Milvus Lite's index file %s is torn (a process was killed while saving it); removing it: "
                       "Milvus Lite builds it again from the collection's rows", file)
        file.unlink(missing_ok=True)
    return torn


def _torn_array(file: Path) -> bool:
    """Whether ``file`` is a NumPy array cut short (empty, inside its header, or before its last element)."""
    magic = np.lib.format.MAGIC_PREFIX
    try:
        size = file.stat().st_size
        with file.open("rb") as f:
            start = f.read(len(magic))
            if not magic.startswith(start):
                return False  # not an array: not this function's to judge
            if len(start) < len(magic):
                return True  # cut inside the magic string (or empty)
            f.seek(0)
            try:
                version = np.lib.format.read_magic(f)
                read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
                shape, _, dtype = read_header(f)
            except (ValueError, EOFError, SyntaxError):
                return True  # cut inside the header
            return size < f.tell() + math.prod(shape) * dtype.itemsize
    except OSError:
        return False
