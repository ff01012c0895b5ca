"""Where a store keeps its vectors: one factory per kind (FAISS files, Milvus), chosen from the
manifest's ``vector_store`` record, so that :mod:`index.store` has no branch per backend.

A backend makes the manifest record of a new store (:func:`new_spec`), an empty index
(``empty``), opens the index a commit names (``load``), and names its generation files
(``suffix``: ``vectors-000042.faiss`` or ``vectors-000042.milvus.json``, a pointer file).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from index.errors import InvalidInputError
from index.vectors import FaissVectorStore, VectorStore

VECTOR_STORES = ("faiss", "milvus")
LITE_FILE = "milvus.db"  # the default Milvus Lite file, in the store folder
#: The suffixes of generation files, one per backend.
SUFFIXES = ("faiss", "milvus.json")


class VectorBackend(Protocol):
    """Makes and opens the vector indexes of one store."""

    @property
    def kind(self) -> str:
        """``faiss`` or ``milvus``: the manifest's ``vector_store.kind``."""
        ...

    @property
    def suffix(self) -> str:
        """The suffix of its generation files."""
        ...

    @property
    def in_place(self) -> bool:
        """Whether a change is made to the one index (Milvus), not to a copy published as a new
        generation (FAISS files)."""
        ...

    def empty(self, dimension: int, *, replace: bool = False) -> VectorStore:
        """A new, empty index; ``replace`` drops what the store's index held (the placeholder of a
        store without vectors, or vectors found damaged, to be embedded again)."""
        ...

    def load(self, file: Path, dimension: int, *, sha256: str) -> VectorStore:
        """The index a commit names (``file``, checked against ``sha256``)."""
        ...

    def discard(self) -> None:
        """Let go of what the store keeps outside its folder (a rebuild replaced it, or failed)."""
        ...


@dataclass(frozen=True)
class FaissBackend:
    """Vectors in FAISS files inside the store folder."""

    kind: str = "faiss"
    suffix: str = "faiss"
    in_place: bool = False

    def empty(self, dimension: int, *, replace: bool = False) -> VectorStore:
        return FaissVectorStore(dimension)

    def load(self, file: Path, dimension: int, *, sha256: str) -> VectorStore:
        return FaissVectorStore.load(file, dimension, sha256=sha256)

    def discard(self) -> None:
        """Nothing: its files are in the store folder."""


@dataclass(frozen=True)
class MilvusBackend:
    """Vectors in a Milvus collection (Milvus Lite file or server); the store keeps pointer files.
    ``uri`` overrides the recorded one (a token-bearing or moved server); ``token`` is never written."""

    spec: dict[str, Any]
    uri: str | None = None
    token: str | None = field(default=None, repr=False)
    folder: Path = Path()  # the store's: a relative Milvus Lite path is inside it
    kind: str = "milvus"
    suffix: str = "milvus.json"
    in_place: bool = True

    def empty(self, dimension: int, *, replace: bool = False) -> VectorStore:
        from index.milvus_store import MilvusVectorStore, resolve_uri

        connect, record = resolve_uri(str(self.spec["uri"]), self.folder, self.uri)
        return MilvusVectorStore(dimension, uri=connect, collection=str(self.spec["collection"]),
                                 token=self.token, index_type=self.spec.get("index"),
                                 replace_existing=replace, recorded_uri=record)

    def load(self, file: Path, dimension: int, *, sha256: str) -> VectorStore:
        from index.milvus_store import MilvusVectorStore

        return MilvusVectorStore.load(file, dimension, sha256=sha256, uri=self.uri, token=self.token)

    def discard(self) -> None:
        """Drop the collection, unless it is in the folder's own Lite file (which goes with the folder)."""
        from index.milvus_store import drop_collection, is_lite, resolve_uri

        recorded = str(self.spec["uri"])
        if not self.uri and is_lite(recorded) and not Path(recorded).expanduser().is_absolute():
            return
        connect = resolve_uri(recorded, self.folder, self.uri)[0]
        if is_lite(connect) and not Path(connect).exists():
            return  # no file, no collection (and opening one would make the file)
        drop_collection(connect, str(self.spec["collection"]), token=self.token)


def new_spec(kind: str = "faiss", *, milvus_uri: str | None = None) -> dict[str, Any]:
    """The manifest's ``vector_store`` record for a new store. Milvus defaults to Milvus Lite in
    the store folder (recorded as ``milvus.db``, relative to it, so that the folder can move: a
    rebuild builds in a staging folder and renames it), in a collection of the store's own, named
    at random. A Lite path given here is recorded absolute (relative ones are the caller's)."""
    if kind == "faiss":
        if milvus_uri:
            raise InvalidInputError("--milvus-uri needs --vector-store milvus")
        return {"kind": "faiss", "index": "IDMap2,Flat", "metric": "inner_product", "exact": True}
    if kind == "milvus":
        from index.milvus_store import given_uri, is_lite, safe_uri

        uri = given_uri(milvus_uri) if milvus_uri else LITE_FILE
        # a collection of its own for each store made: a rebuild's new store (made in a staging folder of the
        # same path each time) must never write into the collection of the store it is to replace
        collection = "docqa_" + secrets.token_hex(6)
        return {"kind": "milvus", "uri": safe_uri(uri), "collection": collection,
                "index": "FLAT" if is_lite(uri) else "HNSW", "metric": "inner_product", "consistency": "Strong"}
    raise InvalidInputError(f"vector_store must be one of {', '.join(VECTOR_STORES)}, got {kind!r}")


def backend_for(spec: dict[str, Any] | None, *, milvus_uri: str | None = None,
                milvus_token: str | None = None, folder: Path = Path()) -> VectorBackend:
    """The backend a manifest's ``vector_store`` record names (FAISS when it names none: format 1),
    for the store in ``folder``."""
    kind = (spec or {}).get("kind", "faiss")
    if kind == "faiss":
        return FaissBackend()
    if kind == "milvus":
        from index.milvus_store import given_uri

        return MilvusBackend(dict(spec or {}), uri=given_uri(milvus_uri) if milvus_uri else None, token=milvus_token,
                             folder=Path(folder))
    raise InvalidInputError(f"vector_store kind must be one of {', '.join(VECTOR_STORES)}, got {kind!r}")
