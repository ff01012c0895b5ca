"""The project's error hierarchy.

Everything the library raises on purpose derives from :class:`QAError`, so the
edges (the CLI and the web UI) can turn it into a one-line friendly message and
let anything else surface as a real bug.

::

    QAError
    ├── InvalidInputError (also a ValueError)  bad argument, empty/overlong question
    ├── NotFoundError (also a LookupError)     no indexed document with that source or key
    ├── DocumentLoadError                      one file could not be read; names the file
    ├── StoreError
    │   ├── StoreNotFoundError                 no store at that path
    │   ├── StoreMismatchError                 built with another model/chunker; says how to rebuild
    │   ├── StoreDamagedError                  files missing, altered or inconsistent; says how to rebuild
    │   ├── StoreBusyError                     another process is writing; names its PID
    │   └── StoreChangedError                  a document vanished mid-answer (a re-index); the API retries
    ├── CitationError                          a quote did not match its source (a bug, never shown as an answer)
    └── LLMError                               the language model server failed (unreachable, HTTP error, timeout,
                                               malformed reply); the answer falls back to the extractive one
"""

from __future__ import annotations

from pathlib import Path


class QAError(Exception):
    """Base class of every error this project raises on purpose."""


class InvalidInputError(QAError, ValueError):
    """An argument or a question is not acceptable; the message names it."""


class NotFoundError(QAError, LookupError):
    """No indexed document has the given source (or row id); the message says how to list them."""


def rebuild_hint(path: str | Path) -> str:
    """The one wording of "how to start this store afresh", for every error that needs it."""
    return f"rebuild it with `qa index --rebuild --store {path} FOLDER...`"


class DocumentLoadError(QAError):
    """A file could not be turned into a document.

    ``path`` is the file and ``reason`` a one-line explanation that tells the
    user what to do.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class StoreError(QAError):
    """Base class of problems with an index store on disk."""


class StoreNotFoundError(StoreError):
    """There is no store at the given path."""


class StoreMismatchError(StoreError):
    """The store was built with another embedding model or chunker."""


class StoreDamagedError(StoreError):
    """The store's files are missing, truncated or disagree with each other."""


class StoreBusyError(StoreError):
    """Another process is writing to the store (one writer at a time; readers never wait)."""


class StoreChangedError(StoreError):
    """A document read during an answer was replaced by a newer generation meanwhile."""


class CitationError(QAError):
    """A citation's quote does not equal the document text at its offsets."""


class LLMError(QAError):
    """The OpenAI-compatible language model server could not give a usable reply; the message
    names the URL and what went wrong."""
