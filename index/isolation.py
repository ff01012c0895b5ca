"""Parse untrusted files in a separate worker process, bounded in time and memory.

PDF, DOCX and HTML parsers are large and have had CVEs; a crafted file can make them spin
or allocate without end. :class:`IsolatedParser` keeps one worker process (``python -m
index.isolation``) and sends it one file at a time as a JSON line; the answer comes back as
a JSON line (no pickle). If a file takes longer than ``timeout`` seconds the worker is
killed and restarted, and the file fails with that reason; the worker also runs under an
address-space limit, so a decompression bomb fails with a memory error instead of
exhausting the machine. Plain text and Markdown are decoded in-process (nothing to exploit).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from index.documents import Document, content_id
from index.errors import DocumentLoadError, InvalidInputError
from index.loaders import DEFAULT_MAX_BYTES, TEXT_SUFFIXES, format_suffix, parse_document, read_bytes

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MEMORY_BYTES = 2 * 1024**3


class IsolatedParser:
    """A reusable, thread-safe front for the parse worker. Cheap to construct; the worker
    starts on the first file that needs it. Use as a context manager, or call :meth:`close`."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT_S, memory_bytes: int = DEFAULT_MEMORY_BYTES,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if timeout <= 0:
            raise InvalidInputError(f"timeout must be positive, got {timeout!r}")
        if memory_bytes < 256 * 1024**2:
            raise InvalidInputError(f"memory_bytes must be at least 256 MiB, got {memory_bytes!r}")
        self.timeout = timeout
        self.memory_bytes = memory_bytes
        self.max_bytes = max_bytes
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> IsolatedParser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parse(self, data: bytes, path: Path, source: str | None = None) -> Document:
        """Like :func:`index.loaders.parse_document`, with the risky formats parsed in the worker.

        ``data`` is what the caller read (and hashed); the worker re-reads ``path``, so a file
        changed in between is caught by the next sync's change check.
        """
        if format_suffix(path) in TEXT_SUFFIXES:
            return parse_document(data, path, source, max_bytes=self.max_bytes)
        with self._lock:
            reply = self._ask({"path": str(path), "max_bytes": self.max_bytes})
        if not reply.get("ok"):
            raise DocumentLoadError(path, str(reply.get("reason", "could not be parsed")))
        text = str(reply["text"])
        return Document(doc_id=content_id(text), source=source or str(path), title=str(reply["title"]),
                        text=text, page_starts=tuple(int(x) for x in reply["page_starts"]),
                        headings=tuple((int(at), int(level), str(title)) for at, level, title in reply["headings"]))

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        path = request["path"]
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps(request) + "\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._kill()
            return {"ok": False, "reason": "the parser process died; try again"}
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, left))
            if not ready:
                self._kill()
                logger.warning("parsing %s took longer than %.0f s; worker restarted", path, self.timeout)
                return {"ok": False, "reason": f"parsing took longer than {self.timeout:.0f} s (the limit); "
                                               "the file may be crafted or damaged"}
            line = proc.stdout.readline()
            if not line:  # the worker died: out of memory, or a crash in a native parser
                code = proc.wait()
                self._proc = None
                return {"ok": False, "reason": f"the parser ran out of memory or crashed (exit {code}); "
                                               "the file may be a decompression bomb or damaged"}
            return dict(json.loads(line))

    def _start(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            env = {**os.environ, "QA_PARSE_MEMORY": str(self.memory_bytes)}
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "index.isolation"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, env=env, cwd=str(Path(__file__).resolve().parent.parent),
            )
        return self._proc

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.stdin is not None:
                try:
                    self._proc.stdin.close()
                    self._proc.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._kill()


def _serve() -> None:
    """The worker: one JSON request per line in, one JSON reply per line out."""
    limit = int(os.environ.get("QA_PARSE_MEMORY", DEFAULT_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    logging.disable(logging.CRITICAL)
    for line in sys.stdin:
        request = json.loads(line)
        path = Path(request["path"])
        try:
            limit = int(request["max_bytes"])
            document = parse_document(read_bytes(path, limit), path, max_bytes=limit)
            reply: dict[str, Any] = {"ok": True, "text": document.text, "title": document.title,
                                     "page_starts": list(document.page_starts),
                                     "headings": [list(h) for h in document.headings]}
        except DocumentLoadError as exc:
            reply = {"ok": False, "reason": exc.reason}
        except MemoryError:
            reply = {"ok": False, "reason": "parsing needed more memory than allowed; the file may be a "
                                            "decompression bomb"}
        except RecursionError:
            reply = {"ok": False, "reason": "the file is nested too deeply to parse"}
        except Exception as exc:  # a parser bug must not kill the worker
            reply = {"ok": False, "reason": f"unexpected error ({type(exc).__name__}: {exc})"[:300]}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
