"""BM25 query planning: FTS5's own terms, document frequencies, the posting budget, and the
rescoring that keeps a bounded search's scores equal to FTS5's BM25 for the whole question."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index.catalog import Catalog, FileState
from index.documents import Chunk, Document, Span
from index.errors import InvalidInputError
from index.lexical import Lexicon, QueryWord, match_expression, read_varint, within_budget
from qa.retriever import RetrievalConfig

COMMON = ["cell", "protein", "growth"]  # in most chunks
RARE = ["zebrafish", "telomerase", "keratin", "ferritin"]
FILLER = [f"w{i}" for i in range(200)]


def _catalog(tmp_path: Path, n: int = 400) -> Catalog:
    rng = random.Random(7)
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    upserts = []
    for d in range(n // 4):
        texts = []
        for _ in range(4):
            words = rng.choices(FILLER, k=rng.randint(8, 40))
            words += [w for w in COMMON if rng.random() < 0.8] * rng.randint(1, 3)
            words += [w for w in RARE if rng.random() < 0.05]
            rng.shuffle(words)
            texts.append(" ".join(words))
        body = "\n".join(texts)
        chunks, offset = [], 0
        for t in texts:
            chunks.append(Chunk(Span(0, f"doc{d}", f"/c/{d}.txt", f"doc {d}", offset, offset + len(t), t), len(t.split())))
            offset += len(t) + 1
        upserts.append((Document(f"doc{d}", f"/c/{d}.txt", f"doc {d}", body), FileState(len(body), 0, f"h{d}"), chunks))
    catalog.apply(upserts, [])
    return catalog


def _exact(catalog: Catalog, query: str, ids: list[int]) -> dict[int, float]:
    """FTS5's own BM25 for the whole question, for the given rows."""
    match = match_expression(w.word for w in catalog.query_plan(query))
    marks = ",".join(str(i) for i in ids)
    sql = f"SELECT rowid, -bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid IN ({marks})"
    return {int(r): float(s) for r, s in catalog._read.execute(sql, (match,))}  # noqa: SLF001


def test_terms_are_the_ones_fts5_indexes() -> None:
    lexicon = Lexicon()
    assert lexicon.terms(["cells", "running", "foo_bar", "café"]) == [("cell",), ("run",), ("foo", "bar"), ("cafe",)]
    lexicon.close()


def test_document_frequencies_count_chunks_and_follow_commits(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    df = catalog.document_frequencies(["cells", "zebrafish", "absentword"])
    count = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?"
    for word in ("cells", "zebrafish"):
        assert df[word] == catalog._read.execute(count, (f'"{word}"',)).fetchone()[0]  # noqa: SLF001
    assert df["absentword"] == 0
    assert catalog.counts() == (100, 400)
    catalog.apply([], ["/c/0.txt"])  # the cached frequencies and counts must see the commit
    assert catalog.counts() == (99, 396)
    assert catalog.document_frequencies(["cells"])["cells"] < df["cells"]
    catalog.close()


def test_plan_is_rarest_first_and_drops_words_no_chunk_holds(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    plan = catalog.query_plan("How do cells and zebrafish use keratin, nonexistentword?")
    assert [w.word for w in plan][-1] == "cells"
    assert {w.word for w in plan} == {"cells", "zebrafish", "keratin"}
    assert [w.postings for w in plan] == sorted(w.postings for w in plan)
    catalog.close()


def test_budget_keeps_the_rarest_words_and_at_least_one() -> None:
    plan = [QueryWord("a", ("a",), 5, 5), QueryWord("b", ("b",), 50, 50), QueryWord("c", ("c",), 500, 500)]
    assert within_budget(plan, None) == plan
    assert [w.word for w in within_budget(plan, 60)] == ["a", "b"]
    assert [w.word for w in within_budget(plan, 55)] == ["a", "b"]
    assert [w.word for w in within_budget(plan, 54)] == ["a"]
    assert [w.word for w in within_budget(plan, 1)] == ["a"]  # the rarest word is always searched for


def test_bounded_search_scores_are_fts5_bm25_for_the_whole_question(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    query = "zebrafish telomerase cell protein growth"
    plan = catalog.query_plan(query)
    assert len(within_budget(plan, 50)) < len(plan)  # the budget really drops the common words
    bounded = catalog.lexical_search(query, 10, max_postings=50)
    assert bounded
    exact = _exact(catalog, query, [i for i, _ in bounded])
    for chunk_id, score in bounded:
        assert score == pytest.approx(exact[chunk_id], rel=1e-9)
    assert [s for _, s in bounded] == sorted((s for _, s in bounded), reverse=True)
    # the unbounded search ranks the same rows the same way, with the same scores
    full = dict(catalog.lexical_search(query, 400))
    best = sorted(full, key=lambda i: (-full[i], i))[:3]
    assert [i for i, _ in bounded[:3]] == best
    catalog.close()


def test_unbounded_search_is_unchanged_by_the_planner(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    query = "zebrafish cell"
    hits = catalog.lexical_search(query, 20)
    exact = _exact(catalog, query, [i for i, _ in hits])
    assert hits and all(s == pytest.approx(exact[i], rel=1e-12) for i, s in hits)
    assert catalog.lexical_search("the and of", 5) == []  # stopwords only
    assert catalog.lexical_search("qwertyuiop", 5) == []  # no chunk holds it
    catalog.close()


@pytest.mark.parametrize(("blob", "value"), [(b"\x00", 0), (b"\x7f", 127), (b"\x81\x00", 128), (b"\x82\x80\x01", 32769),
                                             (b"\xff" * 8 + b"\xff", 2**64 - 1)])
def test_read_varint(blob: bytes, value: int) -> None:
    assert read_varint(blob) == (value, len(blob))


def test_budget_is_validated() -> None:
    with pytest.raises(InvalidInputError, match="lexical_budget must be at least 1"):
        RetrievalConfig(lexical_budget=0)
    assert RetrievalConfig(lexical_budget=None).lexical_budget is None
