"""Hybrid retrieval: FAISS dense search and SQLite FTS5 BM25, fused by reciprocal rank.

On stores of some size the BM25 search runs on a worker thread while the question is
embedded and the vectors are searched (SQLite, onnxruntime and FAISS all release the GIL), so
a question costs about the slower of the two rather than their sum.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.catalog import ChunkRecord
from index.errors import InvalidInputError, NotFoundError
from index.sections import enclosing
from index.store import Store
from index.text_formats import exact, headed, packaging_entry
from index.titles import VERSION
from qa.answers import Passage
from qa.asked_terms import asked_names, asked_terms, names, program_words
from qa.changes import (
    LATEST_WORDS,
    asked_versions,
    asks_changes,
    asks_latest,
    latest_key,
    naming_words,
    release_heading,
)
from qa.list_items import listing_chunks
from qa.tasks import Asked, asked, tasked_headings

LEXICAL_BUDGET = 20_000  # chunk postings per question: ~20 ms of FTS5 BM25 on this machine
FOLDERS_READ = 3  # folders whose documents' headings a version question reads (those its words name)
FOLDER_DOCUMENTS = 200  # the most documents per such folder (a program's /usr/share/doc folder holds a few)
TERM_CANDIDATES = 10  # the candidates whose folders a question naming an option reads
TASK_CANDIDATES = 30  # the candidates whose documents' headings a how-to question, or one a FAQ may ask, reads
TERM_DOCUMENTS = 3  # the most documents anywhere in the store a question naming an option reads for its headings
PARALLEL_FROM = 5_000  # chunks; below this both searches take well under a millisecond, so a thread hop costs more


@dataclass(frozen=True)
class RetrievalConfig:
    """``top_k`` passages are returned out of ``candidates`` from each retriever.

    Reciprocal-rank fusion scores a chunk ``sum(weight / (rrf_k + rank))``. ``rrf_k`` 10, not the
    customary 60, lets a chunk that one retriever ranks near the top beat chunks both rank middling
    (chosen on SciFact's train queries and the SQuAD 2.0 training split: ``bench/fusion.py``).

    ``lexical_budget`` bounds the BM25 work per question: the most common question words are
    left out of the search once the rarer ones occur in that many chunks, and the chunks found
    are then scored for them too (``None``: no bound). Stores below a few hundred thousand
    chunks rarely reach it; see ``index.lexical``.
    """

    top_k: int = 5
    candidates: int = 100
    lexical: bool = True
    rrf_k: int = 10
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    lexical_budget: int | None = LEXICAL_BUDGET
    title_weight: float = 1.0

    def __post_init__(self) -> None:
        if not 1 <= self.top_k <= 100:
            raise InvalidInputError(f"top_k must be between 1 and 100, got {self.top_k!r}")
        if self.candidates < self.top_k:
            raise InvalidInputError(f"candidates ({self.candidates}) must be at least top_k ({self.top_k})")
        if self.rrf_k < 1:
            raise InvalidInputError(f"rrf_k must be at least 1, got {self.rrf_k!r}")
        if self.dense_weight < 0 or self.lexical_weight < 0:
            raise InvalidInputError("dense_weight and lexical_weight must not be negative")
        if self.title_weight < 0:
            raise InvalidInputError(f"title_weight must not be negative, got {self.title_weight!r}")
        if self.lexical_budget is not None and self.lexical_budget < 1:
            raise InvalidInputError(f"lexical_budget must be at least 1 (or None for no bound), got {self.lexical_budget!r}")


def path_names(given: str | Path) -> list[str]:
    """What a file or folder the user names may stand as in the catalog: as given (a source as
    ``qa list`` shows it) and resolved from the working folder, ``~`` expanded."""
    return list(dict.fromkeys([str(given), str(Path(given).expanduser().resolve())]))


def rrf(rankings: list[tuple[list[int], float]], k: int) -> dict[int, float]:
    """Reciprocal-rank fusion of ranked id lists, each with a weight."""
    fused: dict[int, float] = {}
    for ids, weight in rankings:
        for rank, item in enumerate(ids):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank + 1)
    return fused


def lifted_versions(query: str) -> set[str]:
    """The versions by which a question's notes are lifted (:func:`~index.text_formats.exact`): those
    it writes dotted ("in Git 2.39"), or, where it asks what a version changed, bare numbers too
    ("What is new in systemd 252?"; not the "3" of "What does option 3 do?")."""
    return asked_versions(query) if asks_changes(query) else exact({m.group(1) for m in VERSION.finditer(query)})


class HybridRetriever:
    def __init__(self, store: Store, config: RetrievalConfig | None = None) -> None:
        self.store = store
        self.config = config or RetrievalConfig()
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def close(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    def _lexical(self, query: str, n: int, rows: list[int] | None) -> Future[list[tuple[int, float]]]:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="bm25")
            return self._pool.submit(self.store.lexical_search, query, n, self.config.lexical_budget,
                                     self.config.title_weight, rows)

    def scope(self, within: Sequence[str | Path]) -> list[int]:
        """The rows of the indexed documents ``within`` names: each a source as ``qa list`` shows
        it, or a file or folder (relative to the working folder, ``~`` expanded) whose documents
        are searched. NotFoundError when none is indexed, naming what was given."""
        if isinstance(within, str | Path) or not within:
            raise InvalidInputError(f"within must be a list of files or folders, got {within!r}")
        names: list[str] = []
        for given in within:
            if not str(given).strip() or "\x00" in str(given):
                raise InvalidInputError(f"within: {str(given)!r} is not a file or folder path")
            names += path_names(given)
        rows = self.store.catalog.rows_within(list(dict.fromkeys(names)))
        if not rows:
            shown = ", ".join(str(g) for g in within)
            raise NotFoundError(f"no indexed document is {shown} or lies in it; `qa list` shows the indexed sources")
        return rows

    def _version_rankings(self, query: str, ranked: list[int], rows: list[int] | None) -> list[list[int]]:
        """For a question that names a version ("in Git 2.39"), the rankings that lift its notes:
        the chunks of ``ranked`` (fused order) of the documents whose title or file name writes it,
        those of the version's own notes again (2.39.0.txt's, not 2.39.2.txt's), and those under a
        heading that heads it ("* Noteworthy changes in release 3.7" for "grep 3.7"). Where the
        question's other words name some of these documents by their path or title, only those:
        "What changed in grep 2.27?" is asked of grep's NEWS, not of util-linux's v2.27-ReleaseNotes."""
        records = self.store.chunks(ranked)
        named = self.store.catalog.named_documents(query)
        scoped = set(rows) if rows is not None else set(named)
        named = {row: exact for row, exact in named.items() if row in scoped}
        upstream, packaged = self._named_sections(query, ranked, records)
        sections = upstream + packaged
        lifted = set(sections)
        found = {r.row_id: f"{r.source} {r.title}" for i, r in records.items() if r.row_id in named or i in lifted}
        words = [w for w in naming_words(query) if any(names([w], place) for place in found.values())]
        naming = {row for row, place in found.items() if names(words, place)} if words else set()
        if naming:  # (a word no such document names, "bugs" of "What bugs were fixed in grep 2.17?", is no name)
            named = {row: exact for row, exact in named.items() if row in naming}
            upstream = [i for i in upstream if records[i].row_id in naming]
            sections = [i for i in sections if records[i].row_id in naming]
        held = [i for i in ranked if i in records and records[i].row_id in named]
        # and the chunks of such a heading in the other documents of the folders of the candidates whose path
        # names the question's words, not candidates themselves: bzip2's changelog "1.0.5 (10 Dec 07)" where
        # its manual was retrieved for "What is new in bzip2 1.0.5?" (lifted twice: it has no other rank)
        # Upstream's sections are lifted twice too, a packaging entry's once: gzip's NEWS "Major changes from
        # 1.2.3 to 1.2.4", a candidate far down, under twelve "gzip (1.2.4-N)" entries that the words match better
        shelved = self._headed_in_folders(query, records, set(ranked), rows)
        return [held, [i for i in held if named[records[i].row_id]], shelved + sections,
                list(dict.fromkeys(shelved + upstream))]

    def _headed_in_folders(self, query: str, records: dict[int, ChunkRecord], ranked: set[int],
                           rows: list[int] | None = None) -> list[int]:
        """The chunks, not among ``ranked``, that hold a release heading that heads a version
        ``query`` writes (or, for "What's new in the latest grep release?", the newest release's
        heading, candidate or not: ``qa.changes.latest_key``), in the documents (of ``rows`` where
        given: the question's scope) of the folders (at most :data:`FOLDERS_READ`, of at most
        :data:`FOLDER_DOCUMENTS` documents each) of those of ``records`` whose path names the
        question's other words (``qa.changes.naming_words``): those under a Debian packaging entry
        after the others. A long changelog's chunk under an old release's heading says little but
        its number, and is rarely a candidate."""
        asked = lifted_versions(query)
        latest = not asked and asks_latest(query)
        words = [w for w in naming_words(query) if not latest or w not in LATEST_WORDS]
        folders = sorted({str(Path(r.source).parent) for r in records.values() if names(words, r.source)})
        if not words or not (asked or latest) or not 0 < len(folders) <= FOLDERS_READ:
            return []
        sources = self.store.catalog.sources_within(folders)
        if len(sources) > FOLDER_DOCUMENTS * len(folders):
            return []
        if rows is not None:
            scope = set(rows)
            sources = {row: source for row, source in sources.items() if row in scope}
        heads = [(row, at, title) for row, held in self.store.catalog.headings(list(sources)).items()
                 for at, _, title in held if (release_heading(title) and headed(title) & asked if asked
                                              else latest_key(title))]
        if latest and heads:
            heads = [max(heads, key=lambda head: latest_key(head[2]) or (False, ()))]
        out: list[int] = []
        packaging: list[int] = []
        for row in dict.fromkeys(row for row, _, _ in heads):
            titled = [(at, title) for held_row, at, title in heads if held_row == row]
            for (_, title), held in zip(titled, self._holding(row, sources[row], [at for at, _ in titled]), strict=True):
                if held and (latest or held[0] not in ranked):  # (the first, where chunks overlap)
                    (packaging if packaging_entry(title) else out).append(held[0])
        return list(dict.fromkeys(out + packaging))

    def _holding(self, row: int, source: str, offsets: list[int]) -> list[list[int]]:
        """The chunks of document ``row`` (``source``) holding each of ``offsets``, in order (two where chunks overlap)."""
        layout = self.store.catalog.chunk_layout(source)
        chunks = list(zip(self.store.catalog.chunk_ids_of([row]), layout[1] if layout else []))
        return [[i for i, (start, end) in chunks if start <= at < end] for at in offsets]

    def _term_headed(self, query: str, ranked: list[int], rows: list[int] | None) -> list[int]:
        """The chunks holding a heading that writes an option or call the question names
        (``qa.asked_terms.asked_terms``: "-k" of "-k --keep", "hex()" of "hex(x)"), in the
        documents of the folders (at most :data:`FOLDERS_READ`, of at most :data:`FOLDER_DOCUMENTS`
        documents each; those the question's words name where some do) of the first
        :data:`TERM_CANDIDATES` candidates of ``ranked``, and of the documents anywhere in the store whose
        headings write it (``Catalog.defining``) that the question's other words name (its program's,
        ``qa.asked_terms.program_words``) or, where it has none, of the few (at most
        :data:`TERM_DOCUMENTS`) that do, in the scope of ``rows`` where given. A
        one-letter option is a word BM25 finds everywhere and the embedding barely sees: "What does
        the -E option of python do?" retrieved the Windows page beside the command line page."""
        terms = asked_terms(query)
        records = self.store.chunks(ranked[:TERM_CANDIDATES])
        folders = list(dict.fromkeys(str(Path(records[i].source).parent) for i in ranked[:TERM_CANDIDATES] if i in records))
        words = naming_words(query)
        folders = [f for f in folders if any(names([w], f) for w in words)] or folders  # (the program's: "bzip2")
        sources = self.store.catalog.sources_within(folders[:FOLDERS_READ])
        if len(sources) > FOLDER_DOCUMENTS * FOLDERS_READ:
            sources = {}
        # and, wherever they lie, the documents whose headings write it that the question's other words name,
        # or where it has none, the few that do: xsltproc's --timing, whose folder no candidate's is
        defining, program = self.store.catalog.defining(asked_names(query), FOLDER_DOCUMENTS), program_words(query)
        if program:  # (gzip's "-d -S" of a question about a gzip release is not bzip2's -d)
            sources |= {row: source for row, source in defining.items() if names(program, source)}
        elif len(defining) <= TERM_DOCUMENTS:
            sources |= defining
        if program and (own := {row: source for row, source in sources.items() if names(program, source)}):
            sources = own  # (the page the question names: "ls" of "What does ls -L do?", not cp.txt beside it)
        if rows is not None:
            scope = set(rows)
            sources = {row: source for row, source in sources.items() if row in scope}
        out: list[int] = []
        for row, held in self.store.catalog.headings(list(sources)).items():
            wanted = [at for at, _, title in held if any(t.search(title) for t in terms)]
            out += [i for held in (self._holding(row, sources[row], wanted) if wanted else []) for i in held]
        return list(dict.fromkeys(out))

    def _task_headed(self, task: Asked, ranked: list[int], rows: list[int] | None) -> list[int]:
        """The chunks holding a heading that does or asks ``task`` (``qa.tasks.tasked_headings``:
        "Upgrading pip" for "How do I upgrade pip?", a FAQ's "Is zlib thread-safe?"), closest first,
        in the documents of the first :data:`TASK_CANDIDATES` candidates of ``ranked`` (in the scope
        of ``rows`` where given): a task's section often opens with a command alone, a FAQ's answer
        with "Yes.", which neither retriever ranks high."""
        records = self.store.chunks(ranked[:TASK_CANDIDATES])
        scope = set(rows) if rows is not None else None
        documents = {r.row_id: r for i in ranked[:TASK_CANDIDATES] if (r := records.get(i)) is not None
                     and (scope is None or r.row_id in scope)}
        found: list[tuple[tuple[int, int], int, int]] = []
        holding: dict[int, dict[int, list[int]]] = {}
        for row, held in self.store.catalog.headings(list(documents)).items():
            r = documents[row]
            tasked = [(extra, held[i][0]) for extra, i in tasked_headings(task, held, r.title, r.source)]
            found += [(extra, row, at) for extra, at in tasked]
            if tasked:  # (the chunks holding each, read once a document)
                offsets = [at for _, at in tasked]
                holding[row] = dict(zip(offsets, self._holding(row, r.source, offsets), strict=True))
        return list(dict.fromkeys(i for _, row, at in sorted(found) for i in holding[row][at]))

    def _named_sections(self, query: str, ranked: list[int],
                        records: dict[int, ChunkRecord]) -> tuple[list[int], list[int]]:
        """Of ``ranked`` (chunk ids), in order, those under or holding a heading that heads a
        version ``query`` writes (``records`` holds their chunks; :func:`~index.text_formats.headed`,
        as the list answer reads it: not the 1.2.3 of "from 1.2.3 to 1.2.4"): NEWS files and
        changelogs head each version's section with it; those under a Debian packaging entry alone
        apart, second (what the packaging changed: the upstream notes' section answers better). Not in a document
        whose title or file name writes a version: that document is that version's notes, and its
        headings name others ("Fixes since v2.30" in git's ``2.31.0.txt``)."""
        asked = lifted_versions(query)
        if not asked:
            return [], []
        unversioned = {i: r for i, r in records.items() if not VERSION.search(f"{r.title} {Path(r.source).name}")}
        headings = self.store.catalog.headings(list({r.row_id for r in unversioned.values()}))

        out: list[int] = []
        packaging: list[int] = []  # (after upstream's: "coreutils (5.0-3) unstable" after "release 5.0")
        for chunk_id in ranked:
            record = unversioned.get(chunk_id)
            if record is None or record.row_id not in headings:
                continue
            start, end, held = record.span.start, record.span.end, headings[record.row_id]
            writing = [title for _, _, title in enclosing(held, start) + [h for h in held if start < h[0] < end]
                       if headed(title) & asked]
            if writing:
                (out if not all(map(packaging_entry, writing)) else packaging).append(chunk_id)
        return out, packaging

    def retrieve(
        self,
        query: str,
        *,
        top_k: int | None = None,
        query_vector: np.ndarray | None = None,
        lexical: bool | None = None,
        within: Sequence[str | Path] | None = None,
    ) -> list[Passage]:
        """The ``top_k`` best passages for ``query``; ``lexical`` overrides the config for this
        call; ``within`` keeps to the documents of those files and folders (:meth:`scope`)."""
        cfg = self.config
        use_lexical = cfg.lexical if lexical is None else lexical
        top_k = cfg.top_k if top_k is None else top_k
        if not 1 <= top_k <= 100:
            raise InvalidInputError(f"top_k must be between 1 and 100, got {top_k!r}")
        n = max(cfg.candidates, top_k)
        self.store.refresh()  # the vectors of the last commit, if another process made it
        rows = self.scope(within) if within is not None else None
        only = np.asarray(self.store.catalog.chunk_ids_of(rows), dtype=np.int64) if rows is not None else None
        parallel = use_lexical and self.store.catalog.counts()[1] >= PARALLEL_FROM
        pending = self._lexical(query, n, rows) if parallel else None
        try:
            if query_vector is None:
                query_vector = self.store.embedder.embed([query])[0]
            dense = self.store.dense_search(query_vector, n, only)
        except BaseException:
            if pending is not None and not pending.cancel():
                pending.exception()  # let it finish before the error propagates; its own error is secondary
            raise
        if pending is not None:
            lexical_hits = pending.result()
        else:
            lexical_hits = (self.store.lexical_search(query, n, cfg.lexical_budget, cfg.title_weight, rows)
                            if use_lexical else [])
        rankings = [([i for i, _ in dense], cfg.dense_weight), ([i for i, _ in lexical_hits], cfg.lexical_weight)]
        fused = rrf(rankings, cfg.rrf_k)
        ranked = sorted(fused, key=lambda i: (-fused[i], i))
        extra = (self._version_rankings(query, ranked, rows) if use_lexical and cfg.title_weight
                 and (lifted_versions(query) or asks_latest(query)) else [])  # "in Git 2.39"
        if use_lexical and cfg.title_weight and asked_terms(query):  # "What does the -k option of bzip2 do?"
            termed = self._term_headed(query, ranked, rows)
            extra += [termed, termed]
        if use_lexical and cfg.title_weight and (task := asked(query)):  # "How do I upgrade pip?", "Is zlib thread-safe?"
            tasked = self._task_headed(task, ranked, rows)
            extra += [tasked, tasked]
        if use_lexical and cfg.title_weight and (listed := listing_chunks(self.store, query, rows, cfg.lexical_budget)):
            extra += [listed, listed]  # "What does fuser do?": "* *fuser* - Identifies processes using files or sockets"
        if any(extra):
            fused = rrf([*rankings, *((ids, cfg.title_weight) for ids in extra if ids)], cfg.rrf_k)
            ranked = sorted(fused, key=lambda i: (-fused[i], i))
        best, records = self._known(ranked, top_k)
        dense_scores, lexical_scores = dict(dense), dict(lexical_hits)
        passages = []
        for rank, chunk_id in enumerate(best):
            r = records[chunk_id]
            passages.append(
                Passage(
                    chunk_id=chunk_id,
                    span=r.span,
                    score=fused[chunk_id],
                    rank=rank,
                    dense_score=dense_scores.get(chunk_id),
                    lexical_score=lexical_scores.get(chunk_id),
                )
            )
        return passages

    def _known(self, ranked: list[int], top_k: int) -> tuple[list[int], dict[int, ChunkRecord]]:
        """The first ``top_k`` of ``ranked`` that the catalog holds, and their records. A vector no
        chunk names (a Milvus writer between its commit and removing the vectors it replaced, or
        killed there, until the next ``qa index``) is passed over, not given a passage's place; so
        is a chunk whose text (spacing aside) an earlier one holds: the same passage in two files
        (a page and the all-in-one page that repeats it) would take two of the reader's places
        and show one quote twice."""
        records: dict[int, ChunkRecord] = {}
        kept: list[int] = []
        seen: set[str] = set()
        start = 0
        while start < len(ranked) and len(kept) < top_k:
            batch = ranked[start:start + top_k - len(kept)]
            found = self.store.chunks(batch)
            start += len(batch)
            for chunk_id in batch:
                record = found.get(chunk_id)
                text = " ".join(record.text.split()) if record is not None else None
                if text is not None and text not in seen:
                    seen.add(text)
                    kept.append(chunk_id)
                    records[chunk_id] = found[chunk_id]
        return kept, records
