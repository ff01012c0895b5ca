"""A store's manifest (``manifest.json``) as one typed, frozen value.

The manifest says how the store was built (format version, embedder, dimension, chunker,
vector backend) and mirrors its last commit (generation, counts, the vector file and its
SHA-256), stamped with the time and the program version that wrote it. The catalog's commit
record is the truth; the manifest is what a person (or ``qa status``) reads.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.chunker import ChunkerConfig
from index.embedders import same_vectors
from index.errors import StoreDamagedError, StoreMismatchError, StoreNotFoundError, rebuild_hint
from index.vector_backends import VECTOR_STORES

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 kept one vectors.faiss; its first write upgrades it to 2
MANIFEST = "manifest.json"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def program_version() -> str:
    """``docqa X.Y.Z``: recorded in the manifest by every writer, so a store says what wrote it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"docqa {version('docqa')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "docqa (not installed)"


@dataclass(frozen=True)
class VectorFile:
    """The vector file (or Milvus pointer file) of the last commit."""

    name: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` holds. Build a new one with :meth:`new`, read one with :func:`read_manifest`."""

    format_version: int
    embedder: dict[str, Any]
    chunker: dict[str, Any]
    vector_store: dict[str, Any]
    dimension: int | None = None
    generation: int = 0
    documents: int = 0
    chunks: int = 0
    vectors: VectorFile | None = None
    created: str | None = None
    updated: str | None = None
    written_by: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # keys a newer program wrote: kept as they were

    @classmethod
    def new(cls, embedder: dict[str, Any], chunker: ChunkerConfig, vector_store: dict[str, Any]) -> Manifest:
        stamp = now()
        return cls(FORMAT_VERSION, dict(embedder), chunker.as_dict(), dict(vector_store), created=stamp,
                   updated=stamp, written_by=program_version())

    @property
    def vector_kind(self) -> str:
        return str(self.vector_store.get("kind", "faiss"))

    def require(self, path: Path, embedder: dict[str, Any] | None, chunker: ChunkerConfig | None) -> None:
        """:class:`StoreMismatchError` unless the store at ``path`` was built with ``embedder`` and
        ``chunker`` (where given: by default a store is opened with its own)."""
        if embedder is not None and not same_vectors(embedder, self.embedder):
            raise StoreMismatchError(f"store {path} was built with embedder {self.embedder}, not {embedder}; "
                                     f"open it without choosing a model, or {rebuild_hint(path)}")
        if chunker is not None and chunker.as_dict() != self.chunker:
            raise StoreMismatchError(f"store {path} was chunked with {self.chunker}, not {chunker.as_dict()}; "
                                     f"{rebuild_hint(path)}")

    def chunker_config(self, path: Path) -> ChunkerConfig:
        try:
            return ChunkerConfig(int(self.chunker["max_tokens"]), int(self.chunker["overlap_tokens"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreDamagedError(f"the manifest of store {path} has no valid chunker settings; "
                                    f"{rebuild_hint(path)}") from exc

    def committed(self, record: dict[str, str], counts: tuple[int, int],
                  vector_store: dict[str, Any] | None) -> Manifest:
        """This manifest mirroring a commit ``record`` (generation, vector file) and ``counts``
        (documents, chunks), stamped with the time and this program's version."""
        return replace(
            self, format_version=FORMAT_VERSION, generation=int(record["generation"]), documents=counts[0],
            chunks=counts[1], vectors=VectorFile(record["vectors_file"], record["vectors_sha256"],
                                                 int(record["vectors_bytes"])),
            vector_store=dict(vector_store) if vector_store is not None else self.vector_store,
            updated=now(), written_by=program_version())

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k not in ("documents", "chunks", "vectors", "extra")}
        data["counts"] = {"documents": self.documents, "chunks": self.chunks}
        data["files"] = {"vectors": asdict(self.vectors)} if self.vectors is not None else {}
        return {**self.extra, **data}

    @classmethod
    def from_json(cls, data: Any, path: Path) -> Manifest:
        """Validate what was read from ``path``'s manifest; a wrong shape is StoreDamagedError."""
        rebuild = rebuild_hint(path)
        if not isinstance(data, dict):
            raise StoreDamagedError(f"the manifest of store {path} is not a JSON object; {rebuild}")
        version = data.get("format_version")
        if version not in READABLE_VERSIONS:
            raise StoreMismatchError(
                f"store {path} has format version {version!r}, this program reads {FORMAT_VERSION}; {rebuild}")
        vector_store = data.get("vector_store") or {"kind": "faiss"}
        if not isinstance(vector_store, dict) or vector_store.get("kind", "faiss") not in VECTOR_STORES:
            raise StoreMismatchError(f"store {path} keeps its vectors in {vector_store!r}, which this program "
                                     f"cannot read (it reads {', '.join(VECTOR_STORES)}); {rebuild}")
        try:
            counts = data.get("counts") or {}
            vectors = (data.get("files") or {}).get("vectors")
            dimension = data.get("dimension")
            known = {"format_version", "embedder", "chunker", "vector_store", "dimension", "generation", "counts",
                     "files", "created", "updated", "written_by"}
            manifest = cls(
                format_version=int(version), embedder=dict(data.get("embedder") or {}),
                chunker=dict(data.get("chunker") or {}), vector_store=dict(vector_store),
                dimension=int(dimension) if dimension is not None else None,
                generation=int(data.get("generation") or 0), documents=int(counts.get("documents", 0)),
                chunks=int(counts.get("chunks", 0)),
                vectors=VectorFile(str(vectors["name"]), str(vectors["sha256"]), int(vectors["bytes"]))
                if vectors else None,
                created=data.get("created"), updated=data.get("updated"), written_by=data.get("written_by"),
                extra={k: v for k, v in data.items() if k not in known})
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise StoreDamagedError(f"the manifest of store {path} has a malformed field ({exc}); {rebuild}") from exc
        return manifest


def read_manifest(path: Path) -> Manifest:
    """The manifest of the store at ``path``; raises StoreNotFoundError, StoreDamagedError or
    StoreMismatchError (a format or vector backend this program does not read)."""
    manifest_path = Path(path) / MANIFEST
    if not manifest_path.is_file():
        raise StoreNotFoundError(f"no index store at {path}; create one with `qa index --store {path} FOLDER`")
    try:
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreDamagedError(f"the manifest of store {path} is unreadable ({exc}); {rebuild_hint(path)}") from exc
    return Manifest.from_json(data, Path(path))
