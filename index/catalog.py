"""The SQLite catalog: documents, chunk offsets, an FTS5 index for BM25, and the store's
commit record (``meta``: which vector file, with which checksum, belongs to these rows).

Writes go through one connection inside ``BEGIN IMMEDIATE`` transactions; reads use a
second connection, so in WAL mode they see the last commit and never wait for a writer.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index.catalog_schema import CHUNKS_BY_PREFIX, DEFINING, needs_upgrade, upgrade, write_heading_terms
from index.documents import Chunk, Document, Span, SpanFields
from index.errors import NotFoundError, StoreChangedError, StoreDamagedError, rebuild_hint
from index.lexical import STOPWORDS, Lexicon, QueryWord, query_words
from index.lexical_search import bm25_search
from index.titles import TitleField

__all__ = ["STOPWORDS", "Catalog", "ChunkRecord", "DocumentInfo", "FileState"]

# Called inside the write transaction with (chunk ids dropped, chunk ids inserted, chunk rows
# after the change); returns the commit record to store with the rows. If it raises, nothing commits.
Publisher = Callable[[list[int], list[int], int], dict[str, str]]


@dataclass(frozen=True)
class FileState:
    """What the sync compares to decide whether a file changed: its size, time and content, and
    how docqa read it (``index.sync.readings``: the format's extraction and the chunking; "" for a
    file indexed before that was recorded)."""

    size: int
    mtime_ns: int
    sha256: str
    extractor: str = ""


@dataclass(frozen=True)
class ChunkRecord(SpanFields):
    """A stored chunk: its id and its span of the document."""

    chunk_id: int
    span: Span


@dataclass(frozen=True)
class DocumentInfo:
    source: str
    doc_id: str
    title: str
    chunks: int
    characters: int
    pages: int | None = None  # PDF pages; None for other types
    bytes: int = 0  # the file's size when it was indexed
    indexed_at: str = ""  # UTC, ISO 8601; "" for documents indexed before this was recorded


class Catalog:
    """One SQLite file. Safe to share between threads (calls are serialised)."""

    def __init__(self, path: Path) -> None:
        """Cheap: the file is opened on first use. Reading opens it read-only (a reader never
        changes it, nor checkpoints a killed writer's WAL into it); the first write opens the
        write connection, creating the file and its schema if need be."""
        self.path = path
        self._lock = threading.RLock()  # the write connection
        self._write_conn: sqlite3.Connection | None = None
        self._read_lock = threading.RLock()
        self._read_conn: sqlite3.Connection | None = None
        self.lexicon = Lexicon()
        self.titles = TitleField(self.lexicon)
        self._counted: tuple[int, tuple[int, int]] | None = None  # (data_version, counts)
        self._retired = False  # the file was replaced (a rebuild): never opened again

    @property
    def _conn(self) -> sqlite3.Connection:
        """The write connection (opened, and the schema created or upgraded, on first use)."""
        with self._lock:
            if self._write_conn is None:
                self._check_not_retired()
                conn = self._connect(self.path)
                conn.execute("PRAGMA journal_mode = WAL")
                upgrade(conn)
                self._write_conn = conn
            return self._write_conn

    @property
    def _read(self) -> sqlite3.Connection:
        """The read-only connection. A catalog written before a column existed is upgraded
        once, through the write connection, the first time it is read."""
        with self._read_lock:
            if self._read_conn is None:
                self._check_not_retired()
                if not self.path.is_file():
                    raise StoreDamagedError(f"catalog {self.path} is missing; {rebuild_hint(self.path.parent)}")
                conn = self._connect(self.path, read_only=True)
                if needs_upgrade(conn):
                    _ = self._conn
                self._read_conn = conn
            return self._read_conn

    def create_schema(self) -> None:
        """Create the file and its tables (a no-op when they exist)."""
        _ = self._conn

    @staticmethod
    def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
        if read_only:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False,
                                   isolation_level=None, timeout=30)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _check_not_retired(self) -> None:
        if self._retired:
            raise StoreChangedError(f"catalog {self.path} was replaced by another process's rebuild; read the new one")

    def retire(self) -> None:
        """Close for good (once no call is using it): another file took its place, so a call still on its
        way raises :class:`StoreChangedError` rather than reading the new file with this one's row ids."""
        with self._lock, self._read_lock:
            self._retired = True
            self.close()

    def close(self) -> None:
        with self._lock, self._read_lock:
            for conn in (self._read_conn, self._write_conn):  # the writer last: it folds the WAL into the file
                if conn is not None:
                    conn.close()
            self._write_conn = self._read_conn = None
        self.lexicon.close()

    def meta(self) -> dict[str, str]:
        """The last commit record (empty before the first commit)."""
        with self._read_lock:
            return dict(self._read.execute("SELECT key, value FROM meta").fetchall())

    def snapshot(self) -> tuple[dict[str, str], int, int]:
        """The commit record with the document and chunk counts, read in one transaction."""
        with self._read_lock:
            self._read.execute("BEGIN")
            try:
                meta = dict(self._read.execute("SELECT key, value FROM meta").fetchall())
                docs = self._read.execute("SELECT count(*) FROM documents").fetchone()[0]
                chunks = self._read.execute("SELECT count(*) FROM chunks").fetchone()[0]
            finally:
                self._read.execute("COMMIT")
        return meta, int(docs), int(chunks)

    # ---- reads -------------------------------------------------------
    def counts(self) -> tuple[int, int]:
        """(documents, chunks), read in one transaction; cached until the next commit."""
        with self._read_lock:
            version = int(self._read.execute("PRAGMA data_version").fetchone()[0])
            if self._counted is None or self._counted[0] != version:
                _, docs, chunks = self.snapshot()
                self._counted = (version, (docs, chunks))
            return self._counted[1]

    def chunk_ids(self) -> list[int]:
        with self._read_lock:
            return [r[0] for r in self._read.execute("SELECT id FROM chunks ORDER BY id")]

    def file_states(self) -> dict[str, FileState]:
        with self._read_lock:
            rows = self._read.execute("SELECT source, file_size, file_mtime_ns, file_sha256, extractor FROM documents")
            return {r[0]: FileState(r[1], r[2], r[3], r[4]) for r in rows}

    def chunk_layout(self, source: str) -> tuple[str, list[tuple[int, int]]] | None:
        """The content id of the document at ``source`` and its chunks' (start, end), in order;
        None if no document has that source."""
        with self._read_lock:
            row = self._read.execute("SELECT id, doc_id FROM documents WHERE source = ?", (source,)).fetchone()
            if row is None:
                return None
            spans = self._read.execute(
                "SELECT start_offset, end_offset FROM chunks WHERE document = ? ORDER BY id", (row[0],)).fetchall()
        return str(row[1]), [(int(a), int(b)) for a, b in spans]

    def chunk_ids_by_text(self, texts: Iterable[str]) -> dict[str, int]:
        """Of ``texts``, those some indexed chunk holds, each with the id of one such chunk (in any
        document): which vectors a sync may keep instead of embedding. An index on the texts'
        first 48 characters finds the candidates."""
        found: dict[str, int] = {}
        with self._read_lock:
            for text in dict.fromkeys(texts):
                # the prefix alone, compared here: with `AND text = ?` SQLite's planner scans the table
                rows = self._read.execute(CHUNKS_BY_PREFIX, (text,))
                chunk = next((int(i) for i, t in rows if t == text), None)
                if chunk is not None:
                    found[text] = chunk
        return found

    def documents(self) -> list[DocumentInfo]:
        sql = """SELECT d.source, d.doc_id, d.title, count(c.id), length(d.text), d.page_starts, d.file_size,
                        d.indexed_at FROM documents d LEFT JOIN chunks c ON c.document = d.id
                 GROUP BY d.id ORDER BY d.source"""
        with self._read_lock:
            return [DocumentInfo(src, key, title, n, chars, len(json.loads(starts)) or None, size, at)
                    for src, key, title, n, chars, starts, size, at in self._read.execute(sql)]

    def document_by_row(self, row_id: int) -> Document:
        with self._read_lock:
            sql = "SELECT doc_id, source, title, text, page_starts, headings FROM documents WHERE id = ?"
            row = self._read.execute(sql, (row_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no indexed document has row id {row_id}")
        headings = tuple((int(o), int(level), str(t)) for o, level, t in json.loads(row[5]))
        return Document(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), headings)

    def headings(self, rows: Sequence[int]) -> dict[int, list[tuple[int, int, str]]]:
        """The headings of the documents at ``rows`` (their texts unread), by row."""
        marks = ",".join("?" * len(rows))
        with self._read_lock:
            found = self._read.execute(f"SELECT id, headings FROM documents WHERE id IN ({marks})", list(rows)).fetchall()
        return {int(r): [(int(o), int(level), str(t)) for o, level, t in json.loads(h)] for r, h in found}

    def defining(self, terms: Sequence[str], limit: int) -> dict[int, str]:
        """The documents (row: source, at most ``limit``) whose headings write one of ``terms``
        (options and calls, :func:`index.sections.heading_terms`: "-k", "hex"), wherever they lie."""
        with self._read_lock:
            return {int(row): source for row, source in self._read.execute(DEFINING, (json.dumps(list(terms)), limit))}

    def document_by_source(self, source: str) -> Document:
        with self._read_lock:
            row = self._read.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
        if row is None:
            raise NotFoundError(f"no indexed document has source {source!r}; `qa list` shows the indexed sources")
        return self.document_by_row(int(row[0]))

    def chunks(self, ids: Sequence[int]) -> dict[int, ChunkRecord]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        sql = f"""SELECT c.id, c.document, d.doc_id, d.source, d.title, c.start_offset, c.end_offset, c.text
                  FROM chunks c JOIN documents d ON d.id = c.document WHERE c.id IN ({marks})"""
        with self._read_lock:
            return {row[0]: ChunkRecord(row[0], Span(*row[1:])) for row in self._read.execute(sql, list(ids))}

    def chunk_texts(self, ids: Sequence[int]) -> list[str]:
        records = self.chunks(ids)
        return [records[i].text for i in ids]

    def query_plan(self, query: str) -> list[QueryWord]:
        """The content words of ``query`` that some chunk holds, rarest first (see ``index.lexical``)."""
        words = query_words(query)
        if not words:
            return []
        with self._read_lock:
            return self.lexicon.plan(self._read, words)

    def document_frequencies(self, words: list[str]) -> dict[str, int]:
        """How many chunks hold each word as BM25 sees it (Porter-stemmed); for a word FTS5 splits
        into several terms (``foo_bar``), the count of its rarest term."""
        terms = self.lexicon.terms(words)
        with self._read_lock:
            df = self.lexicon.frequencies(self._read, {t for ts in terms for t in ts})
        return {w: min((df[t] for t in ts), default=0) for w, ts in zip(words, terms, strict=True)}

    def lexical_search(self, query: str, k: int, max_postings: int | None = None,
                       title_weight: float = 0.0, within: Sequence[int] | None = None) -> list[tuple[int, float]]:
        """BM25 (FTS5, Porter-stemmed) over chunk texts: ``(chunk_id, score)``, best first;
        ``within``: only the chunks of these document rows (:meth:`rows_within`).

        With ``max_postings``, the most common words are left out of the search once the rarer
        ones already occur in that many rows (the rarest word is always searched for); the rows
        found are then scored for the left-out words too (``index.lexical.rescore``). With
        ``title_weight``, the ``RESCORE_POOL`` times ``k`` rows found are scored again with their
        documents' titles and file names (``index.titles``: each word by its share of the row's
        BM25 or ``title_weight`` times its share of the title field's, the larger).
        """
        with self._read_lock:
            rows = self.counts()[1]
            self._read.execute("BEGIN")  # one snapshot for the counts, the search and the rescoring
            try:
                return bm25_search(self._read, self.lexicon, self.titles, query, k, chunk_rows=rows,
                                   max_postings=max_postings, title_weight=title_weight, within=within)
            finally:
                self._read.execute("COMMIT")

    def rows_within(self, paths: Sequence[str]) -> list[int]:
        """The rows of the documents whose source is one of ``paths`` or lies in a folder of them."""
        return sorted(self.sources_within(paths))

    def sources_within(self, paths: Sequence[str]) -> dict[int, str]:
        """:meth:`rows_within`, each row with its document's source."""
        found: list[tuple[int, str]] = []
        with self._read_lock:  # (a folder's sources sort between "folder/" and "folder0": the source index finds them)
            for path in dict.fromkeys(paths):
                folder = path.rstrip("/")
                found += self._read.execute("SELECT id, source FROM documents WHERE source = ? OR source >= ? AND "
                                            "source < ?", (path, folder + "/", folder + "0")).fetchall()
        return {int(row): source for row, source in sorted(found)}

    def chunk_ids_of(self, rows: Sequence[int]) -> list[int]:
        """The chunk ids of the documents at ``rows``."""
        with self._read_lock:
            return [int(r[0]) for r in self._read.execute(
                "SELECT id FROM chunks WHERE document IN (SELECT value FROM json_each(?)) ORDER BY id",
                (json.dumps([int(r) for r in rows]),))]

    def named_documents(self, query: str) -> dict[int, bool]:
        """The rows of the documents ``query`` names by a version their title or file name writes
        ("What changed in Git 2.39?": the 2.39 and 2.39.x release notes), each with whether it
        writes that version exactly (2.39's own); ``index.titles``."""
        with self._read_lock:
            return self.titles.named(self._read, query)

    # ---- writes ------------------------------------------------------
    def apply(
        self,
        upserts: Iterable[tuple[Document, FileState, list[Chunk]]],
        removals: Iterable[str],
        touched: Iterable[tuple[str, FileState]] = (),
        publish: Publisher | None = None,
        moves: Iterable[tuple[str, str, FileState]] = (),
        refreshed: Iterable[tuple[Document, FileState]] = (),
    ) -> tuple[list[int], list[int]]:
        """In one transaction: drop ``removals`` and the old versions of ``upserts``, insert the
        new versions, refresh the file states of ``touched`` (unchanged content, new mtime), give
        ``moves`` (old source, new source, state) their new source with their chunks kept, give
        ``refreshed`` documents (re-extracted, the same text) their new title, page starts,
        headings and file state with their chunks kept, and store the commit record ``publish``
        returns.

        Returns (ids of the chunks dropped, ids of the chunks inserted in the order given).
        """
        dropped: list[int] = []
        inserted: list[int] = []
        upserts = list(upserts)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                sources = [d.source for d, _, _ in upserts] + list(removals)
                for source in sources:
                    dropped += [
                        r[0]
                        for r in cur.execute(
                            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document WHERE d.source = ?",
                            (source,),
                        )
                    ]
                    cur.execute("DELETE FROM chunks WHERE document IN (SELECT id FROM documents WHERE source = ?)", (source,))
                    cur.execute("DELETE FROM documents WHERE source = ?", (source,))
                for doc, state, chunks in upserts:
                    cur.execute(
                        """INSERT INTO documents(doc_id, source, title, text, page_starts, file_size,
                           file_mtime_ns, file_sha256, indexed_at, headings, extractor)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        (doc.doc_id, doc.source, doc.title, doc.text, json.dumps(list(doc.page_starts)),
                         state.size, state.mtime_ns, state.sha256, now, json.dumps([list(h) for h in doc.headings]),
                         state.extractor),
                    )
                    row_id = cur.lastrowid
                    write_heading_terms(cur, doc.source, doc.headings)
                    for chunk in chunks:
                        cur.execute(
                            "INSERT INTO chunks(document, start_offset, end_offset, n_tokens, text) VALUES (?, ?, ?, ?, ?)",
                            (row_id, chunk.start, chunk.end, chunk.n_tokens, chunk.text),
                        )
                        inserted.append(int(cur.lastrowid or 0))
                for source, state in touched:
                    cur.execute(
                        "UPDATE documents SET file_size = ?, file_mtime_ns = ? WHERE source = ?",
                        (state.size, state.mtime_ns, source),
                    )
                for doc, state in refreshed:
                    cur.execute(
                        """UPDATE documents SET title = ?, page_starts = ?, headings = ?, file_size = ?,
                           file_mtime_ns = ?, file_sha256 = ?, extractor = ? WHERE source = ? AND doc_id = ?""",
                        (doc.title, json.dumps(list(doc.page_starts)), json.dumps([list(h) for h in doc.headings]),
                         state.size, state.mtime_ns, state.sha256, state.extractor, doc.source, doc.doc_id),
                    )
                    write_heading_terms(cur, doc.source, doc.headings)
                for old, new, state in moves:
                    cur.execute(
                        """UPDATE documents SET source = ?, file_size = ?, file_mtime_ns = ?,
                           title = CASE WHEN title = ? THEN ? ELSE title END WHERE source = ?""",
                        (new, state.size, state.mtime_ns, Path(old).stem, Path(new).stem, old),
                    )
                if publish is not None:
                    rows = int(cur.execute("SELECT count(*) FROM chunks").fetchone()[0])
                    record = publish(dropped, inserted, rows)
                    cur.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", sorted(record.items()))
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        return dropped, inserted
