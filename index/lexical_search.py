"""BM25 search over the catalog's FTS5 index, optionally within some documents (a scope)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from index.lexical import RESCORE_POOL, Lexicon, match_expression, query_words, rescore, within_budget
from index.titles import TitleField, version_terms

_SEARCH = "SELECT rowid, -bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ?{scope} ORDER BY s DESC LIMIT ?"
# `+rowid`: a bare `rowid IN (...)` is handed to FTS5, which then runs the MATCH once per row of the
# scope (16 s for a scope of 100,000 chunks here, 24 ms with the plus)
_SCOPE = " AND +rowid IN (SELECT id FROM chunks WHERE document IN (SELECT value FROM json_each(?)))"


def bm25_search(read: sqlite3.Connection, lexicon: Lexicon, titles: TitleField, query: str, k: int, *,
                chunk_rows: int, max_postings: int | None = None, title_weight: float = 0.0,
                within: Sequence[int] | None = None) -> list[tuple[int, float]]:
    """``(chunk_id, score)``, best first, inside a read transaction of ``read`` (see
    :meth:`index.catalog.Catalog.lexical_search`); ``within``: only the chunks of these document
    rows (their BM25 statistics stay the whole store's)."""
    words = query_words(query)
    if not words or (within is not None and not within):
        return []
    sql = _SEARCH.format(scope=_SCOPE if within is not None else "")
    scope = () if within is None else (json.dumps([int(r) for r in within]),)

    def search(expression: str, limit: int) -> list[tuple[int, float]]:
        return [(int(r[0]), float(r[1])) for r in read.execute(sql, (expression, *scope, limit))]

    pool = k * RESCORE_POOL if title_weight else k
    if max_postings is None or len(words) * chunk_rows <= max_postings:  # no plan could leave a word out
        hits = search(match_expression(words), pool)
    else:
        plan = lexicon.plan(read, words)
        kept = within_budget(plan, max_postings)
        if not kept:
            return []
        dropped = plan[len(kept):]
        hits = rescore(read, lexicon, search(match_expression(w.word for w in kept), k * RESCORE_POOL if dropped else pool),
                       dropped)
    if title_weight and hits:
        hits = titles.rescore(read, hits, words, version_terms(query), title_weight)
    return hits[:k]
