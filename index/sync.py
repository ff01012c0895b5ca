"""Bring a store in line with folders and files on disk."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index.catalog import FileState
from index.chunker import CHUNKING_VERSION, ChunkerConfig
from index.documents import Chunk, Document
from index.embedders import Embedder
from index.errors import DocumentLoadError, QAError
from index.isolation import IsolatedParser
from index.loaders import SUPPORTED_HELP, extractors, format_suffix, is_supported, read_bytes, unread_type
from index.manifest import read_manifest
from index.options import StoreOptions
from index.reuse import Donor, open_donor, vectors_for
from index.store import LOCK, Store, WriterLock
from index.store_files import UPLOADS
from index.sync_report import SyncReport
from index.vector_backends import VectorBackend, backend_for

logger = logging.getLogger(__name__)

#: Embed and commit once this many chunks are waiting, so a long run saves progress as it goes.
COMMIT_EVERY_CHUNKS = 2048
#: ... or, in a store whose vector file is written whole at each commit (FAISS), once a
#: ``1/COMMIT_SHARE`` of the chunks it holds are waiting, if that is more: the bytes a long first
#: index writes then grow with the store's size (about ``COMMIT_SHARE + 1`` times the final file)
#: instead of with its square, and a crash loses at most that share of the run.
COMMIT_SHARE = 8


def commit_interval(stored: int, in_place: bool) -> int:
    """How many chunks wait before the next commit, in a store holding ``stored`` chunks; a
    store changed ``in_place`` (Milvus) writes only what changed, so it commits at the floor."""
    return COMMIT_EVERY_CHUNKS if in_place else max(COMMIT_EVERY_CHUNKS, stored // COMMIT_SHARE)


@dataclass(frozen=True)
class _Pending:
    """A file to index: its document and chunks, and whether its source was indexed before."""

    document: Document
    state: FileState
    chunks: list[Chunk]
    existed: bool


def _walk(root: Path, other: Counter[str], copies: list[str]) -> Iterator[Path]:
    """Supported files under ``root``, skipping hidden entries (symlinked folders are not
    followed); ``other`` counts the files of other types by suffix, ``copies`` gets the Sphinx
    page sources left out (:func:`_beside_its_page`)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith("."):
                continue
            if not is_supported(path):
                other[unread_type(path)] += 1
            elif _beside_its_page(root, path):
                copies.append(str(path))
            else:
                yield path


def _beside_its_page(root: Path, path: Path) -> bool:
    """Whether ``path`` is a Sphinx page source whose built HTML page lies under ``root`` too: a
    Sphinx build keeps each page's source as ``_sources/<page>.rst.txt`` (``.md.txt``, or
    ``<page>.txt`` before Sphinx 1.5) beside ``<page>.html`` (or ``<page>.html.gz``, as Debian
    compresses a big one); indexing both put every page in the store twice, once with its markup."""
    if path.suffix.lower() != ".txt":
        return False
    parts = path.relative_to(root).parts
    if "_sources" not in parts[:-1]:
        return False
    at = parts.index("_sources")
    source = Path(*parts[at + 1:]).with_suffix("")  # "library/functions.rst"
    pages = root.joinpath(*parts[:at])
    return any((pages / name).is_file() for page in (source.with_suffix(""), source)
               for name in (f"{page}.html", f"{page}.html.gz"))


def _resolve(path: Path, failed: list[tuple[str, str]]) -> Path | None:
    """``path`` with symlinks resolved, or None (and a failure noted) for a loop or a dangling link."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        failed.append((str(path), "a symlink loop or a broken symlink; fix or remove it"))
        return None


def discover(paths: Iterable[str | Path], other: Counter[str] | None = None, copies: list[str] | None = None,
             ) -> tuple[list[Path], list[Path], list[tuple[str, str]]]:
    """Split the given paths into (files to index, roots that exist, failures); ``other`` counts
    the files of types docqa does not read found in the folders, by suffix, and ``copies`` gets
    the Sphinx page sources found in them beside their HTML pages, left out (a file named
    itself is indexed)."""
    other = Counter() if other is None else other
    copies = [] if copies is None else copies
    files: dict[Path, None] = {}
    roots: list[Path] = []
    failed: list[tuple[str, str]] = []
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            failed.append((str(given), "no such file or folder"))
            continue
        resolved = _resolve(path, failed)
        if resolved is None:
            continue
        roots.append(resolved)
        if resolved.is_dir():
            for found in _walk(resolved, other, copies):
                target = _resolve(found, failed)
                if target is None:
                    continue
                if resolved not in target.parents:
                    failed.append((str(found), f"a symlink to {target}, outside {resolved}; skipped "
                                               "(index that file itself if you mean to)"))
                    continue
                files[target] = None
        elif is_supported(resolved):
            files[resolved] = None
        else:
            failed.append((str(given), f"unsupported file type; supported: {SUPPORTED_HELP}"))
    return list(files), roots, failed


def _under(source: str, roots: Sequence[Path]) -> bool:
    path = Path(source)
    return any(path == root or root in path.parents for root in roots)


def readings() -> dict[str, str]:
    """Supported suffix -> how docqa reads such a file now: its format's extraction
    (``index.loaders.extractors``) and the chunking (``index.chunker.CHUNKING_VERSION``), e.g.
    ``"html 2, selectolax 0.3.21; chunks 1"``, as a store records it per file. Cheap; call it
    once per sync."""
    return {suffix: f"{extraction}; chunks {CHUNKING_VERSION}" for suffix, extraction in extractors().items()}


def stale_extractions(store: Store) -> list[str]:
    """The indexed sources that docqa now extracts or chunks differently from the reading that
    indexed them (``readings``): the files the next sync reads again."""
    formats = readings()
    return sorted(s for s, state in store.catalog.file_states().items()
                  if state.extractor != formats.get(format_suffix(s) or "", state.extractor))


def _progress(total: int, enabled: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, unit="chunk", desc="embedding", disable=not enabled or total == 0, leave=False)


def sync(
    store: Store,
    paths: Iterable[str | Path],
    *,
    progress: bool = False,
    options: StoreOptions | None = None,
    donor: Donor | None = None,
) -> SyncReport:
    """Index new and changed files under ``paths``, drop files that vanished from them.

    Unchanged files (same size and mtime, or same SHA-256) are not re-read or re-embedded. A
    new or changed file is chunked, and of its chunks only those whose text no indexed chunk holds
    are embedded: the others take that chunk's vector (``SyncReport.chunks_reused``), so an edit
    re-embeds what it changed and a new version of a file shares its predecessor's vectors; a
    ``donor`` (another store the same embedder made: the one a rebuild replaces) lends its
    vectors too (``index.reuse``).
    A new path whose content (SHA-256) is an indexed file that no longer exists is a move:
    its chunks and vectors are kept under the new source. A new path whose content is already
    indexed under a live path is a duplicate: it is reported and not indexed a second time.
    A file that fails keeps whatever version of it the store already had. A file that docqa now
    extracts or chunks differently (``readings``; every file of a store written before that was
    recorded) is read again even when unchanged: if its text and its chunks come out the same,
    only its title, headings and page starts are updated (nothing is re-embedded). PDF, DOCX and
    HTML are parsed in a worker process, at most ``options.parse_timeout`` seconds each, and
    no file over ``options.max_file_bytes`` is read.
    """
    o = options or StoreOptions()
    with store.writing(), IsolatedParser(max_bytes=o.max_file_bytes, timeout=o.parse_timeout) as parser:
        # one writer at a time: a second `qa index` fails fast, naming this process
        return _sync(store, paths, progress=progress, max_bytes=o.max_file_bytes, parser=parser, donor=donor)


def rebuild(
    target: Path,
    paths: Sequence[str | Path],
    embedder: Embedder,
    chunker: ChunkerConfig | None = None,
    *,
    options: StoreOptions | None = None,
    progress: bool = False,
) -> SyncReport:
    """Build the store at ``target`` anew from ``paths`` beside the old one and swap it in only when
    complete (a failed rebuild leaves the old store as it was). The web UI's uploads (``uploads/``)
    are indexed again and move with the store. No other writer may touch the old store meanwhile.
    ``options.vector_store`` is where the new store keeps its vectors. Where the same model and
    precision made the old store's vectors, a chunk whose text it holds takes its vector instead
    of being embedded (a switch of vector store, or of chunking where texts stay the same)."""
    with WriterLock(target / LOCK)():
        staging = target.with_name(f".{target.name}.rebuild")
        shutil.rmtree(staging, ignore_errors=True)
        fresh = Store.create(staging, embedder, chunker, options=options)
        uploads = target / UPLOADS
        # the replaced store's vectors are where it recorded them: a --milvus-uri given is the new store's
        donor = None
        try:
            donor = open_donor(target, embedder, replace(options, milvus_uri=None) if options else None)
            report = sync(fresh, [*paths, uploads] if uploads.is_dir() else list(paths), progress=progress,
                          options=options, donor=donor)
        except BaseException:
            fresh.close()
            _discard(staging, None, fresh.backend)  # its own Milvus collection would outlive the staging folder
            raise
        finally:
            if donor is not None:
                donor.close()
        fresh.close()
        if uploads.is_dir():
            uploads.rename(staging / UPLOADS)
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        staging.rename(target)
        _discard(old, (options or StoreOptions()).milvus_token)
        shutil.rmtree(old, ignore_errors=True)
    return report


def _discard(folder: Path, token: str | None, backend: VectorBackend | None = None) -> None:
    """Drop the Milvus collection of the store in ``folder`` (replaced, or a failed rebuild's) where it
    would outlive the folder; a failure only leaves it behind, and is logged."""
    try:
        if backend is None:
            if not Store.exists(folder):
                return
            backend = backend_for(read_manifest(folder).vector_store, milvus_token=token, folder=folder.resolve())
        backend.discard()
    except QAError as exc:
        logger.warning("the Milvus collection of %s could not be dropped (%s); drop it by hand", folder, exc)


def _sync(store: Store, paths: Iterable[str | Path], *, progress: bool, max_bytes: int,
          parser: IsolatedParser, donor: Donor | None) -> SyncReport:
    started = time.perf_counter()
    report = SyncReport()
    report.chunks_embedded += store.repair()  # vectors a writer killed midway left missing, or found damaged
    files, roots, report.failed = discover(paths, report.not_read, report.page_sources)
    known = store.catalog.file_states()
    present = {str(f) for f in files}
    by_hash: dict[str, list[str]] = {}  # content -> the sources holding it (indexed, or added in this sync)
    for s in sorted(known):
        by_hash.setdefault(known[s].sha256, []).append(s)
    vanished: dict[str, bool] = {}
    formats = readings()

    def gone(s: str) -> bool:
        """Not in the folders synced now, or not on disk: only asked on a content match, so an
        unchanged re-sync stats nothing outside its folders."""
        if s in present:
            return False
        if s not in vanished:
            vanished[s] = _under(s, roots) or not Path(s).exists()
        return vanished[s]

    pending: list[_Pending] = []
    touched: list[tuple[str, FileState]] = []
    moves: list[tuple[str, str, FileState]] = []
    claimed: set[str] = set()  # sources given to a move
    refreshed: list[tuple[Document, FileState]] = []  # re-extracted, the same text: chunks and vectors kept
    retired: list[str] = []  # the old sources of moves read again (removed; the new source is indexed)
    for path in files:
        source = str(path)
        extractor = formats[format_suffix(path) or ""]
        old: str | None = None
        try:
            st = path.stat()
            previous = known.get(source)
            stale = previous is not None and previous.extractor != extractor
            if previous and not stale and previous.size == st.st_size and previous.mtime_ns == st.st_mtime_ns:
                report.unchanged.append(source)
                continue
            data = read_bytes(path, max_bytes)
            state = FileState(len(data), st.st_mtime_ns, hashlib.sha256(data).hexdigest(), extractor)
            same_content = previous is not None and previous.sha256 == state.sha256
            if same_content and not stale:
                report.unchanged.append(source)
                touched.append((source, state))
                continue
            same = by_hash.setdefault(state.sha256, []) if previous is None else []
            old = next((s for s in same if s in known and s not in claimed and gone(s)), None)
            if old is not None and known[old].extractor == extractor:  # an indexed file that vanished: a move
                claimed.add(old)
                same.append(source)
                moves.append((old, source, state))
                report.moved.append((old, source))
                continue
            live = None if old is not None else next(
                (s for s in same if s not in claimed and not (s in known and gone(s))), None)
            if live is not None:
                report.duplicates.append((source, live))
                continue
            document = parser.parse(data, path, source)
            chunks = store.chunker.chunk(document)
        except Exception as exc:  # a parser bug must not stop the batch either
            if not isinstance(exc, DocumentLoadError):
                logger.exception("unexpected error while loading %s", source)
            reason = exc.reason if isinstance(exc, DocumentLoadError) else \
                f"unexpected error ({type(exc).__name__}: {exc})"[:300]
            report.failed.append((source, reason))
            if old is not None:  # a move that fails to be read again keeps its old extraction, moved
                claimed.add(old)
                by_hash[state.sha256].append(source)
                moves.append((old, source, replace(state, extractor=known[old].extractor)))
                report.moved.append((old, source))
            continue
        if old is not None:  # a move whose format is now extracted differently: indexed again
            claimed.add(old)
            retired.append(old)
            report.moved.append((old, source))
            report.reparsed.append(source)
        elif same_content:  # read again only because its format's extraction changed
            report.reparsed.append(source)
            if store.catalog.chunk_layout(source) == (document.doc_id, [(c.start, c.end) for c in chunks]):
                refreshed.append((document, state))
                report.unchanged.append(source)
                continue
        if previous is None:
            by_hash[state.sha256].append(source)
        pending.append(_Pending(document, state, chunks, previous is not None))

    removals = retired + [s for s in known if s not in present and s not in claimed and _under(s, roots)]
    total = sum(len(item.chunks) for item in pending)
    moved_to = {new for _, new in report.moved}
    with _progress(total, progress) as bar:
        batch: list[_Pending] = []

        def flush(final: bool) -> None:
            vectors, embedded = vectors_for(store, [c.text for item in batch for c in item.chunks], donor)
            upserts, offset = [], 0
            for item in batch:
                upserts.append((item.document, item.state, item.chunks, vectors[offset : offset + len(item.chunks)]))
                offset += len(item.chunks)
            store.apply(upserts, removals if final else (), touched if final else (), moves if final else (),
                        refreshed if final else ())
            for item in batch:
                if item.document.source not in moved_to:
                    (report.updated if item.existed else report.added).append(item.document.source)
            report.chunks_embedded += embedded
            report.chunks_reused += offset - embedded
            bar.update(offset)
            batch.clear()

        waiting = 0
        for item in pending:
            batch.append(item)
            waiting += len(item.chunks)
            if waiting >= commit_interval(store.catalog.counts()[1], store.backend.in_place):
                flush(final=False)
                waiting = 0
        if batch or removals or touched or moves or refreshed or not store.catalog.meta():
            flush(final=True)
    report.removed = removals[len(retired):]  # a retired source is reported as moved
    report.seconds = time.perf_counter() - started
    return report
