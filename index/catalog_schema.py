"""The catalog's SQLite schema (created or upgraded by :class:`index.catalog.Catalog` on first write)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from index.sections import Heading, heading_terms

# the documents whose headings write one of the terms of a JSON list (index.sections.heading_terms), up to a limit
DEFINING = """SELECT DISTINCT t.document, d.source FROM heading_terms t JOIN documents d ON d.id = t.document
              WHERE t.term IN (SELECT value FROM json_each(?)) ORDER BY t.document LIMIT ?"""
# chunks whose text starts as the parameter's does (index chunks_by_text_prefix)
CHUNKS_BY_PREFIX = "SELECT id, text FROM chunks WHERE substr(text, 1, 48) = substr(?, 1, 48)"

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    page_starts TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    file_mtime_ns INTEGER NOT NULL,
    file_sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    n_tokens INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document);
CREATE INDEX IF NOT EXISTS chunks_by_text_prefix ON chunks(substr(text, 1, 48));
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""

# made, and filled from the documents' headings, in one transaction (a store written before them): never left empty
HEADING_TERMS = ("""CREATE TABLE heading_terms(
                        term TEXT NOT NULL,
                        document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                        PRIMARY KEY(term, document)
                    ) WITHOUT ROWID""",
                 "CREATE INDEX heading_terms_by_document ON heading_terms(document)")
_COLUMNS = {  # the columns of stores written before them
    "indexed_at": "TEXT NOT NULL DEFAULT ''",  # (before it was recorded)
    "headings": "TEXT NOT NULL DEFAULT '[]'",  # (before section paths: none until re-indexed)
    "extractor": "TEXT NOT NULL DEFAULT ''",  # (before it was recorded: re-read on the next sync)
}


def needs_upgrade(conn: sqlite3.Connection) -> bool:
    """Whether the catalog lacks a column of :data:`SCHEMA` or :data:`HEADING_TERMS` (a store written before them)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    return not set(_COLUMNS) <= columns or not _has_terms(conn)


def upgrade(conn: sqlite3.Connection) -> None:
    """Create the schema, or add what a store written before a column or table lacks: the
    ``heading_terms`` of a store written before them are read from its documents' headings."""
    conn.executescript(SCHEMA)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    for name, kind in _COLUMNS.items():
        if name not in columns:
            conn.execute(f"ALTER TABLE documents ADD COLUMN {name} {kind}")
    if _has_terms(conn):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not _has_terms(conn):  # (another process may have made them while this one waited)
            for statement in HEADING_TERMS:
                conn.execute(statement)
            for source, headings in conn.execute("SELECT source, headings FROM documents").fetchall():
                write_heading_terms(conn, source, [(int(at), int(level), str(t)) for at, level, t in json.loads(headings)])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _has_terms(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'heading_terms'").fetchone() is not None


def write_heading_terms(conn: sqlite3.Connection | sqlite3.Cursor, source: str, headings: Sequence[Heading]) -> None:
    """Keep :func:`~index.sections.heading_terms` of the ``headings`` of the document at ``source`` (its earlier ones dropped)."""
    conn.execute("DELETE FROM heading_terms WHERE document = (SELECT id FROM documents WHERE source = ?)", (source,))
    conn.executemany("INSERT INTO heading_terms(term, document) SELECT ?, id FROM documents WHERE source = ?",
                     [(term, source) for term in heading_terms(headings)])
