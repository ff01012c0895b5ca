"""An edited file keeps the vectors of the chunks whose text did not change, and only those."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import sync as sync_module
from index.chunker import ChunkerConfig
from index.embedders import HashingEmbedder
from index.options import StoreOptions
from index.store import CATALOG, Store
from index.sync import sync
from qa import DocumentQA
from tests.conftest import CountingEmbedder

SMALL = ChunkerConfig(max_tokens=24, overlap_tokens=0)


def _paragraphs(n: int, marker: str = "") -> list[str]:
    return [f"Paragraph {i} of the harbour log records that boat number {i} left the quay at {i % 12 + 1} "
            f"o'clock{marker if i == n - 1 else ''}." for i in range(n)]


def _write(path: Path, paragraphs: list[str]) -> None:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _stored(store: Store) -> tuple[list[str], np.ndarray]:
    """Every chunk's text and the vector stored for it."""
    ids = store.catalog.chunk_ids()
    assert store.vectors is not None
    return store.catalog.chunk_texts(ids), store.vectors.get(ids)


def _assert_each_vector_is_its_text(store: Store) -> None:
    texts, vectors = _stored(store)
    np.testing.assert_array_equal(vectors, HashingEmbedder(256).embed(texts))


def _store_over(tmp_path: Path, files: dict[str, list[str]],
                options: StoreOptions | None = None) -> tuple[Path, Store, CountingEmbedder]:
    """A folder ``docs`` holding ``files`` (name -> paragraphs) and an empty store, not synced yet."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, paragraphs in files.items():
        _write(docs / name, paragraphs)
    embedder = CountingEmbedder()
    return docs, Store.create(tmp_path / "store", embedder, SMALL, options=options), embedder


@pytest.mark.parametrize("vector_store", ["faiss", "milvus"])
def test_an_edit_re_embeds_only_the_chunks_whose_text_changed(vector_store: str, tmp_path: Path) -> None:
    paragraphs = _paragraphs(12)
    options = StoreOptions(vector_store=vector_store)
    docs, store, embedder = _store_over(
        tmp_path, {"log.txt": paragraphs, "other.txt": [f"An unrelated note, number {i}." for i in range(3)]}, options)
    log = docs / "log.txt"
    first = sync(store, [docs], options=options)
    before = dict(zip(*_stored(store), strict=True))
    assert len(before) > 8 and first.chunks_reused == 0

    paragraphs[-1] = "Paragraph 11 was rewritten: boat number 11 never left the quay that winter."
    _write(log, paragraphs)
    embedded = embedder.embedded
    report = sync(store, [docs], options=options)
    texts, _ = _stored(store)
    changed = [t for t in texts if t not in before]
    assert [Path(s).name for s in report.updated] == ["log.txt"] and changed
    assert report.chunks_embedded == len(changed) == embedder.embedded - embedded
    layout = store.catalog.chunk_layout(str(log))
    assert layout is not None and report.chunks_reused == len(layout[1]) - len(changed)  # other.txt untouched
    assert f"{report.chunks_reused} vectors reused" in report.summary()
    assert report.as_dict()["chunks_reused"] == report.chunks_reused
    store.verify()
    _assert_each_vector_is_its_text(store)
    store.close()


def test_kept_vectors_follow_their_text_when_chunks_shift_and_across_commits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "COMMIT_EVERY_CHUNKS", 3)  # several commits within one sync
    docs, store, _ = _store_over(tmp_path, {name: _paragraphs(7, marker=f" ({name})") for name in ("a.txt", "b.txt", "c.txt")})
    sync(store, [docs])
    _write(docs / "a.txt", ["A new first paragraph pushes every later one down."] + _paragraphs(7, " (a.txt)"))
    _write(docs / "b.txt", _paragraphs(7, " (b.txt)")[::-1])  # the same paragraphs, reordered
    _write(docs / "c.txt", _paragraphs(7, " (c.txt)")[:4])  # cut short
    report = sync(store, [docs])
    assert sorted(Path(s).name for s in report.updated) == ["a.txt", "b.txt", "c.txt"]
    assert report.chunks_reused > 0 and report.chunks_embedded > 0
    store.verify()
    _assert_each_vector_is_its_text(store)
    fresh = Store.create(tmp_path / "fresh", HashingEmbedder(256), SMALL)
    sync(fresh, [docs])
    assert sorted(_stored(fresh)[0]) == sorted(_stored(store)[0])
    fresh.close()
    store.close()


def test_a_new_version_beside_the_old_one_takes_its_vectors(tmp_path: Path) -> None:
    paragraphs = _paragraphs(10)
    docs, store, embedder = _store_over(tmp_path, {"report-v1.txt": paragraphs})
    sync(store, [docs])
    _write(docs / "report-v2.txt", paragraphs[:4] + ["Paragraph 4 is new in the second version."] + paragraphs[5:])
    embedded = embedder.embedded
    report = sync(store, [docs])
    assert [Path(s).name for s in report.added] == ["report-v2.txt"] and not report.duplicates
    assert report.chunks_embedded == embedder.embedded - embedded == 1 and report.chunks_reused == 9
    _assert_each_vector_is_its_text(store)
    store.close()


def test_texts_another_file_drops_in_the_same_sync_are_looked_up_after_each_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "COMMIT_EVERY_CHUNKS", 1)  # one commit per file, in path order
    moved_on = _paragraphs(3)
    docs, store, embedder = _store_over(tmp_path, {"b.txt": moved_on})
    sync(store, [docs])
    _write(docs / "a.txt", moved_on[:1])  # committed before b.txt drops that text: it takes b's vector
    _write(docs / "b.txt", ["b.txt now says something else entirely."])
    _write(docs / "c.txt", moved_on[1:2])  # committed after b.txt dropped that text: embedded
    embedded = embedder.embedded
    report = sync(store, [docs])
    assert sorted(Path(s).name for s in report.added) == ["a.txt", "c.txt"]
    assert report.chunks_reused == 1 and report.chunks_embedded == embedder.embedded - embedded == 2
    store.verify()
    _assert_each_vector_is_its_text(store)
    store.close()


def test_looking_up_a_chunk_text_searches_an_index_not_the_table(tmp_path: Path) -> None:
    import sqlite3

    from index.catalog_schema import CHUNKS_BY_PREFIX

    store = Store.create(tmp_path / "store", HashingEmbedder(256), SMALL)
    store.catalog.create_schema()
    with sqlite3.connect(store.path / CATALOG) as conn:
        plan = " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {CHUNKS_BY_PREFIX}", ("x",)))
    assert "USING INDEX chunks_by_text_prefix" in plan, plan
    store.close()


def test_a_text_several_new_chunks_share_is_embedded_once(tmp_path: Path) -> None:
    paragraphs = _paragraphs(6)
    docs, store, embedder = _store_over(
        tmp_path, {"v1.txt": paragraphs, "v2.txt": paragraphs[:5] + ["The second version ends differently."]})
    report = sync(store, [docs])  # both new, in one commit
    assert sorted(Path(s).name for s in report.added) == ["v1.txt", "v2.txt"]
    assert report.chunks_embedded == embedder.embedded == 7 and report.chunks_reused == 5
    _assert_each_vector_is_its_text(store)
    store.close()


def _folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs / "log.txt", _paragraphs(8))
    _write(docs / "note.txt", ["A short note that fits in one chunk whatever the budget."])
    return docs


@pytest.mark.parametrize("vector_store", ["faiss", "milvus"])
def test_a_rebuild_to_another_vector_store_takes_the_old_store_s_vectors(vector_store: str, tmp_path: Path) -> None:
    docs = _folder(tmp_path)
    embedder = CountingEmbedder()
    other = "milvus" if vector_store == "faiss" else "faiss"
    first = DocumentQA.build([docs], tmp_path / "store", embedder=embedder, chunker=SMALL,
                             options=StoreOptions(vector_store=other))
    first.close()
    embedded = embedder.embedded
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=embedder, chunker=SMALL, rebuild=True,
                           options=StoreOptions(vector_store=vector_store))
    report = bot.last_report
    assert report is not None and embedder.embedded == embedded and report.chunks_embedded == 0
    assert report.chunks_reused == embedded > 8
    assert bot.store.manifest.vector_store is not None and bot.store.manifest.vector_store["kind"] == vector_store
    _assert_each_vector_is_its_text(bot.store)
    bot.close()


def test_a_rebuild_with_another_chunking_takes_the_vectors_of_the_texts_that_stay(tmp_path: Path) -> None:
    docs = _folder(tmp_path)
    embedder = CountingEmbedder()
    DocumentQA.build([docs], tmp_path / "store", embedder=embedder, chunker=SMALL).close()
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=embedder, rebuild=True,
                           chunker=ChunkerConfig(max_tokens=48, overlap_tokens=0))
    report = bot.last_report
    assert report is not None and report.chunks_reused == 1  # the note: one chunk either way
    assert report.chunks_embedded == len(bot.store.catalog.chunk_ids()) - 1
    _assert_each_vector_is_its_text(bot.store)
    bot.close()


def test_a_rebuild_with_another_model_or_a_damaged_store_embeds_everything(tmp_path: Path) -> None:
    docs = _folder(tmp_path)
    DocumentQA.build([docs], tmp_path / "store", embedder=HashingEmbedder(128), chunker=SMALL).close()
    embedder = CountingEmbedder()  # 256 dimensions: another embedder, whose vectors cannot be mixed in
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=embedder, chunker=SMALL, rebuild=True)
    assert bot.last_report is not None and bot.last_report.chunks_reused == 0
    assert embedder.embedded == bot.last_report.chunks_embedded == len(bot.store.catalog.chunk_ids())
    bot.close()
    for vectors in (tmp_path / "store").glob("vectors-*"):
        vectors.write_bytes(b"damaged")
    again = CountingEmbedder()
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=again, chunker=SMALL, rebuild=True)
    assert bot.last_report is not None and bot.last_report.chunks_reused == 0 and bot.last_report.ok
    assert again.embedded == len(bot.store.catalog.chunk_ids())
    _assert_each_vector_is_its_text(bot.store)
    bot.close()


def test_commits_grow_with_a_store_whose_vector_file_is_written_whole() -> None:
    floor, share = sync_module.COMMIT_EVERY_CHUNKS, sync_module.COMMIT_SHARE
    assert sync_module.commit_interval(0, in_place=False) == floor
    assert sync_module.commit_interval(floor * share * 10, in_place=False) == floor * 10
    assert sync_module.commit_interval(floor * share * 10, in_place=True) == floor  # Milvus writes what changed


@pytest.mark.parametrize(("vector_store", "generations"), [("faiss", 8), ("milvus", 16)])
def test_a_long_first_index_commits_fewer_times_as_the_store_grows(
        vector_store: str, generations: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "COMMIT_EVERY_CHUNKS", 1)
    monkeypatch.setattr(sync_module, "COMMIT_SHARE", 2)
    options = StoreOptions(vector_store=vector_store)
    docs, store, _ = _store_over(tmp_path, {f"note-{i:02d}.txt": [f"Boat number {i} left the quay."]
                                            for i in range(16)}, options)
    report = sync(store, [docs], options=options)
    assert len(report.added) == 16 and store.catalog.counts() == (16, 16)  # one chunk a file
    # FAISS: commits after 1, 2, 3, 4, 6, 9, 13 chunks (each waits for half the store), then the last
    assert store.generation == generations
    store.verify()
    _assert_each_vector_is_its_text(store)
    store.close()
