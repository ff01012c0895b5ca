from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from index.chunker import ChunkerConfig
from index.embedders import HashingEmbedder
from index.errors import StoreDamagedError, StoreMismatchError, StoreNotFoundError
from index.store import CATALOG, MANIFEST, Store
from index.sync import sync
from index.sync_report import SyncReport
from qa import DocumentQA
from tests.conftest import CountingEmbedder


def build(docs: Path, store_path: Path, embedder: CountingEmbedder) -> DocumentQA:
    return DocumentQA.build([docs], store_path, embedder=embedder)


def test_first_sync_indexes_every_supported_file(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    (docs / "notes.xyz").write_text("ignored: unsupported files inside folders are skipped")
    bot = build(docs, store_path, embedder)
    report = bot.last_report
    assert report is not None and report.ok
    assert sorted(Path(s).name for s in report.added) == [
        "bridge.txt", "cooperative.pdf", "ferry.docx", "lighthouse.md", "orchard.html"]
    manifest = json.loads((store_path / MANIFEST).read_text())
    assert manifest["format_version"] == 2 and manifest["generation"] >= 1
    assert manifest["written_by"].startswith("docqa 0.")
    vectors_file = store_path / manifest["files"]["vectors"]["name"]
    assert hashlib.sha256(vectors_file.read_bytes()).hexdigest() == manifest["files"]["vectors"]["sha256"]
    assert [f.name for f in store_path.glob("vectors-*")][-1] == vectors_file.name
    assert manifest["embedder"] == embedder.spec and manifest["dimension"] == 256
    assert manifest["chunker"]["max_tokens"] == ChunkerConfig().max_tokens
    assert manifest["counts"] == {"documents": 5, "chunks": report.chunks_embedded}
    assert {d.source for d in bot.store.documents()} == {str(Path(s)) for s in report.added}


def test_second_sync_reembeds_nothing(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder).close()
    before = embedder.embedded
    report = sync(Store.open(store_path, embedder, check=False), [docs])
    assert embedder.embedded == before and report.chunks_embedded == 0
    assert len(report.unchanged) == 5 and not (report.added or report.updated or report.removed)


def test_touched_but_identical_file_is_unchanged(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder).close()
    os.utime(docs / "bridge.txt", ns=(1, 1))
    report = sync(Store.open(store_path, embedder, check=False), [docs])
    assert report.chunks_embedded == 0 and len(report.unchanged) == 5


def test_changed_file_is_reindexed_and_removed_file_dropped(
    docs: Path, store_path: Path, embedder: CountingEmbedder
) -> None:
    build(docs, store_path, embedder).close()
    (docs / "bridge.txt").write_text("The Halvard Bridge was painted green in 2001.", encoding="utf-8")
    (docs / "lighthouse.md").unlink()
    store = Store.open(store_path, embedder, check=False)
    report = sync(store, [docs])
    assert [Path(s).name for s in report.updated] == ["bridge.txt"]
    assert [Path(s).name for s in report.removed] == ["lighthouse.md"]
    assert report.chunks_embedded == 1
    store.verify()
    bot = DocumentQA(store)
    answer = bot.ask("What colour was the Halvard Bridge painted?")
    assert answer.citations and answer.citations[0].text == "The Halvard Bridge was painted green in 2001."
    assert "lighthouse.md" not in {Path(d.source).name for d in store.documents()}


def test_a_broken_file_keeps_its_old_version(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder).close()
    (docs / "bridge.txt").write_bytes(b"\x00\x01\x02 binary now" * 100)
    (docs / "new.md").write_text("# New\n\nA brand new note about kestrels.", encoding="utf-8")
    store = Store.open(store_path, embedder, check=False)
    report = sync(store, [docs])
    assert [(Path(p).name, "binary" in r) for p, r in report.failed] == [("bridge.txt", True)]
    assert [Path(s).name for s in report.added] == ["new.md"]
    assert not report.ok and "1 failed" in report.summary()
    answer = DocumentQA(store).ask("How many railway tracks does the Halvard Bridge carry?")
    assert "412 metres" in answer.citations[0].text


def test_missing_folder_is_a_failure_and_removes_nothing(docs: Path, store_path: Path, embedder) -> None:
    build(docs, store_path, embedder).close()
    store = Store.open(store_path, embedder, check=False)
    report = sync(store, [docs / "gone"])
    assert report.failed == [(str(docs / "gone"), "no such file or folder")]
    assert store.catalog.counts()[0] == 5


def test_reopened_store_gives_identical_answers(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    bot = build(docs, store_path, embedder)
    questions = ["When was the lighthouse first lit?", "How many members does the cooperative have?"]
    first = [bot.ask(q) for q in questions]
    bot.close()
    reopened = DocumentQA.open(store_path)  # embedder recreated from the manifest
    assert [reopened.ask(q) for q in questions] == first


def test_open_errors_say_what_to_do(docs: Path, store_path: Path, embedder: CountingEmbedder, tmp_path) -> None:
    with pytest.raises(StoreNotFoundError, match="no index store at .*qa index --store"):
        Store.open(tmp_path / "nothing")
    build(docs, store_path, embedder).close()
    with pytest.raises(StoreMismatchError, match="built with embedder .*--rebuild"):
        Store.open(store_path, HashingEmbedder(64))
    with pytest.raises(StoreMismatchError, match="chunked with .*--rebuild"):
        Store.open(store_path, embedder, ChunkerConfig(max_tokens=100, overlap_tokens=10))
    live = _vectors_file(store_path)
    good = live.read_bytes()
    for damage in (good[: len(good) // 2], good[:-1] + bytes([good[-1] ^ 1]), b"garbage"):
        live.write_bytes(damage)  # truncated, one bit flipped, replaced
        with pytest.raises(StoreDamagedError, match="does not match the checksum .*rebuild"):
            Store.open(store_path)
    live.write_bytes(good)
    manifest = json.loads((store_path / MANIFEST).read_text())
    (store_path / MANIFEST).write_text(json.dumps({**manifest, "dimension": 384}))
    with pytest.raises(StoreDamagedError, match="dimension 256, the manifest says 384"):
        Store.open(store_path)


def _vectors_file(store_path: Path) -> Path:
    return store_path / json.loads((store_path / MANIFEST).read_text())["files"]["vectors"]["name"]


def test_inconsistent_store_is_reported_and_repaired_by_sync(docs: Path, store_path: Path, embedder) -> None:
    build(docs, store_path, embedder).close()
    _vectors_file(store_path).unlink()
    with pytest.raises(StoreDamagedError, match="cannot read the vector index"):
        Store.open(store_path)
    store = Store.open(store_path, check=False)
    sync(store, [docs])  # re-embeds from the catalog
    Store.open(store_path).verify()


def test_rebuild_swaps_in_a_fresh_store(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder).close()
    bot = DocumentQA.build([docs / "bridge.txt"], store_path, embedder=HashingEmbedder(64), rebuild=True)
    assert [Path(d.source).name for d in bot.store.documents()] == ["bridge.txt"]
    assert json.loads((store_path / MANIFEST).read_text())["embedder"]["dimension"] == 64
    assert not list(store_path.parent.glob(".store.*"))


def test_a_rebuild_that_fails_opening_the_old_store_lets_go_of_the_new_one(
        docs: Path, store_path: Path, embedder: CountingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    from index import sync as sync_module

    build(docs, store_path, embedder).close()
    closed: list[str] = []
    real_close = Store.close

    def close(self: Store) -> None:
        closed.append(self.path.name)
        real_close(self)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("cannot read the old store")

    monkeypatch.setattr(Store, "close", close)
    monkeypatch.setattr(sync_module, "open_donor", broken)
    with pytest.raises(OSError, match="cannot read the old store"):
        sync_module.rebuild(store_path, [docs], embedder)
    assert f".{store_path.name}.rebuild" in closed  # the staging store was closed, not left open
    assert [Path(d.source).name for d in Store.open(store_path).documents()]  # the old store is whole


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"vector_store": "qdrant"}, "vector_store must be one of faiss, milvus, got 'qdrant'"),
    ({"milvus_uri": "  "}, "milvus_uri is empty"),
    ({"max_file_bytes": 0}, "max_file_bytes must be at least 1, got 0"),
    ({"parse_timeout": 0}, "parse_timeout must be positive, got 0"),
])
def test_store_options_are_validated_early(kwargs, message) -> None:  # noqa: ANN001
    from qa import StoreOptions

    with pytest.raises(ValueError, match=message):
        StoreOptions(**kwargs)
    assert "secret" not in repr(StoreOptions(milvus_token="secret"))


def test_store_options_parse_limits_reach_the_indexer(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    from qa import StoreOptions

    bot = DocumentQA.build([docs], store_path, embedder=embedder, options=StoreOptions(max_file_bytes=300))
    report = bot.last_report
    assert report is not None and report.failed
    assert all("the limit is 300 bytes" in reason for _, reason in report.failed)
    big = docs / "big.txt"
    big.write_text("The Halvard Bridge is long. " * 40, encoding="utf-8")
    assert str(big) in {p for p, _ in bot.index([big]).failed}  # index() keeps the bot's limits
    bot.close()


def test_opening_a_store_changes_nothing_on_disk_and_the_next_writer_tidies(
        docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder).close()
    manifest = json.loads((store_path / MANIFEST).read_text())
    stale = {**manifest, "generation": manifest["generation"] - 1}  # as a writer killed before mirroring its commit
    (store_path / MANIFEST).write_text(json.dumps(stale))
    leftover = store_path / ".vectors-000099.faiss.tmp"
    leftover.write_bytes(b"half a file")
    def files() -> list[tuple[str, int, int]]:  # SQLite's -wal/-shm files are SQLite's business
        return sorted((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in store_path.iterdir()
                      if not f.name.endswith(("-wal", "-shm")))

    assert not [f for f in store_path.iterdir() if f.name.endswith(("-wal", "-shm"))]  # the writer folded them in
    before = files()
    bot = DocumentQA.open(store_path)
    assert bot.ask("How long is the Halvard Bridge?").citations
    assert bot.status()["generation"] == manifest["generation"]  # the commit's, not the stale manifest's
    bot.close()
    assert files() == before
    sync(Store.open(store_path, check=False), [docs])  # a writer: tidies first
    assert not leftover.exists()
    assert json.loads((store_path / MANIFEST).read_text())["generation"] == manifest["generation"]


def test_a_missing_catalog_is_reported_to_readers_and_repaired_by_the_next_writer(
        docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder).close()
    (store_path / CATALOG).unlink()
    with pytest.raises(StoreDamagedError, match=r"catalog .*catalog.sqlite3 is missing; rebuild it with `qa index --rebuild"):
        DocumentQA.open(store_path)
    assert not (store_path / CATALOG).exists()  # a reader creates nothing
    report = sync(Store.open(store_path, check=False), [docs])
    assert report.ok and len(report.added) == len(list(docs.iterdir()))
    bot = DocumentQA.open(store_path)
    assert bot.ask("How long is the Halvard Bridge?").citations
    bot.close()


def test_the_manifest_is_a_typed_value_that_round_trips(docs: Path, store_path: Path, embedder) -> None:
    from index.manifest import Manifest, read_manifest

    build(docs, store_path, embedder).close()
    on_disk = json.loads((store_path / MANIFEST).read_text())
    manifest = read_manifest(store_path)
    assert isinstance(manifest, Manifest) and manifest.vector_kind == "faiss"
    assert manifest.documents == on_disk["counts"]["documents"] and manifest.vectors is not None
    assert manifest.to_json() == on_disk
    newer = {**on_disk, "added_by_a_newer_program": [1, 2]}
    assert Manifest.from_json(newer, store_path).to_json() == newer  # unknown keys survive a rewrite


@pytest.mark.parametrize(("change", "error", "message"), [
    ({"format_version": 7}, StoreMismatchError, "format version 7, this program reads 2; .*--rebuild"),
    ({"vector_store": {"kind": "qdrant"}}, StoreMismatchError, "keeps its vectors in .*qdrant.*cannot read"),
    ({"generation": "ten"}, StoreDamagedError, "malformed field .*--rebuild"),
    ({"files": {"vectors": {"name": "x"}}}, StoreDamagedError, "malformed field"),
    ({"chunker": {}}, StoreDamagedError, "no valid chunker settings"),
])
def test_a_malformed_manifest_is_named(docs: Path, store_path: Path, embedder, change, error, message) -> None:  # noqa: ANN001
    build(docs, store_path, embedder).close()
    manifest = json.loads((store_path / MANIFEST).read_text())
    (store_path / MANIFEST).write_text(json.dumps({**manifest, **change}))
    with pytest.raises(error, match=message):
        Store.open(store_path)
    (store_path / MANIFEST).write_text("[1, 2]")
    with pytest.raises(StoreDamagedError, match="not a JSON object"):
        Store.open(store_path)


def test_the_vector_backend_comes_from_the_manifest(tmp_path: Path) -> None:
    from index.vector_backends import FaissBackend, MilvusBackend, backend_for, new_spec
    from qa import StoreOptions

    assert isinstance(backend_for(None), FaissBackend)  # format 1 named none
    spec = new_spec("milvus")
    assert spec["uri"] == "milvus.db" and spec["index"] == "FLAT"  # the store folder's: it may move
    assert spec["collection"] != new_spec("milvus")["collection"]  # each store its own (a rebuild's too)
    assert new_spec("milvus", milvus_uri="elsewhere.db")["uri"] == str(Path("elsewhere.db").resolve())
    backend = backend_for(spec, milvus_uri="http://127.0.0.1:9", milvus_token="secret")
    assert isinstance(backend, MilvusBackend) and backend.suffix == "milvus.json" and "secret" not in repr(backend)
    with pytest.raises(ValueError, match="--milvus-uri needs --vector-store milvus"):
        new_spec("faiss", milvus_uri="x.db")
    store = Store.create(tmp_path / "f", HashingEmbedder(32), options=StoreOptions())
    assert store.backend.kind == "faiss" and store.manifest.written_by
    store.close()


@pytest.mark.parametrize("n, words", [
    (1, "1 duplicate skipped (1 chunk embedded, 1 vector reused in 0.0s); 1 unchanged file read again"),
    (2, "2 duplicates skipped (2 chunks embedded, 2 vectors reused in 0.0s); 2 unchanged files read again"),
])
def test_the_sync_summary_counts_in_words_that_agree_with_the_number(n: int, words: str) -> None:
    report = SyncReport(duplicates=[("a", "b")] * n, chunks_embedded=n, chunks_reused=n, reparsed=["r"] * n)
    assert words in report.summary(), report.summary()


def test_a_reader_searches_the_vectors_another_writer_committed_since_it_loaded(
        docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    """As `qa serve` does while `qa index` runs in a terminal: the reader's Store object did not
    write the new commit, yet its next dense search is over the new generation's vectors."""
    build(docs, store_path, embedder).close()
    reader = Store.open(store_path, embedder)
    try:
        before = reader.generation
        (docs / "beacon.txt").write_text("Quillon beacon glows violet above the marsh.", encoding="utf-8")
        (docs / "bridge.txt").unlink()
        writer = Store.open(store_path, embedder, check=False)
        try:
            report = sync(writer, [docs])
        finally:
            writer.close()
        assert report.added and report.removed
        known = set(reader.catalog.chunk_ids())
        query = embedder.embed(["Quillon beacon glows violet above the marsh."])[0]
        reader.refresh()  # as the retriever does before each question
        hits = reader.dense_search(query, 100)
        assert reader.generation > before
        assert {i for i, _ in hits} == known  # the new chunk found, the removed document's gone
        assert reader.chunks([hits[0][0]])[hits[0][0]].text.startswith("Quillon beacon")
    finally:
        reader.close()


def test_status_counts_what_another_writer_committed_since_the_store_was_opened(
        docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    bot = build(docs, store_path, embedder)
    try:
        assert bot.status()["vectors"] == bot.status()["chunks"]  # its vectors loaded
        (docs / "beacon.txt").write_text("Quillon beacon glows violet above the marsh.", encoding="utf-8")
        writer = Store.open(store_path, embedder, check=False)
        try:
            sync(writer, [docs])
        finally:
            writer.close()
        status = bot.status()
        assert status["documents"] == 6 and status["vectors"] == status["chunks"], status
        assert status["generation"] == bot.store.manifest.generation
    finally:
        bot.close()


def test_files_of_types_docqa_does_not_read_are_counted_by_suffix(tmp_path: Path, embedder: CountingEmbedder) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "guide.rst").write_text("Guide\n=====\n\nThe ferry leaves at 7:10.\n")
    (folder / "notes.adoc").write_text("= Notes\n\nThe lamp was first lit in 1902.\n")
    for name in ("a.json", "b.json", "c.py", "Makefile", ".hidden.json"):
        (folder / name).write_text("{}")
    store = Store.create(tmp_path / "store", embedder)
    report = sync(store, [folder])
    store.close()
    assert sorted(Path(s).name for s in report.added) == ["guide.rst", "notes.adoc"]
    assert report.not_read == {".json": 2, ".py": 1, "(no suffix)": 1}  # hidden files are not counted
    assert report.summary().endswith("; 4 files of other types not read (.json 2, (no suffix) 1, .py 1)")
    assert report.as_dict()["not_read"] == {"(no suffix)": 1, ".json": 2, ".py": 1}
    many = SyncReport(not_read=Counter({f".x{i}": 10 - i for i in range(8)}))
    assert many.summary().endswith("(.x0 10, .x1 9, .x2 8, .x3 7, .x4 6, and 3 more types)")


def test_a_sphinx_build_s_page_sources_beside_their_pages_are_not_read(tmp_path: Path, embedder: CountingEmbedder) -> None:
    """A Sphinx HTML build keeps each page's source as ``_sources/<page>.rst.txt``: indexing the
    build put every page in the store twice, once with its markup, and either could be cited."""
    html = tmp_path / "html"
    (html / "library").mkdir(parents=True)
    (html / "_sources" / "library").mkdir(parents=True)
    (html / "library" / "ferry.html").write_text("<html><body><main><h1>Ferry</h1><p>It leaves at 7:10.</p></main></body></html>")
    (html / "_sources" / "library" / "ferry.rst.txt").write_text("Ferry\n=====\n\nIt leaves at 7:10.\n")
    (html / "_sources" / "old.txt").write_text("Old\n===\n\nA page's source from before Sphinx 1.5.\n")
    (html / "old.html").write_text("<html><body><main><h1>Old</h1><p>The old page.</p></main></body></html>")
    (html / "_sources" / "notes.rst.txt").write_text("Notes\n=====\n\nNo built page: indexed.\n")
    (html / "_sources" / "changelog.rst.txt").write_text("Changelog\n=========\n\n.. miscnews:: ../build/NEWS\n")
    (html / "changelog.html.gz").write_bytes(gzip.compress(b"<html><body><main><h1>Changelog</h1><p>Python 3.11.2 "
                                                           b"fixed a crash.</p></main></body></html>"))
    store = Store.create(tmp_path / "store", embedder)
    try:
        report = sync(store, [html])
        assert sorted(Path(s).name for s in report.added) == ["changelog.html.gz", "ferry.html", "notes.rst.txt",
                                                               "old.html"]
        assert sorted(Path(s).name for s in report.page_sources) == ["changelog.rst.txt", "ferry.rst.txt", "old.txt"]
        assert report.summary().endswith("; 3 Sphinx page sources (_sources/*.txt) not read: their HTML pages are")
        assert len(report.as_dict()["page_sources"]) == 3  # type: ignore[arg-type]
        assert SyncReport(page_sources=["a.rst.txt"]).summary().endswith("1 Sphinx page source (_sources/*.txt) "
                                                                         "not read: its HTML page is")
        # the sources themselves, folder or file, are indexed when named
        assert sorted(Path(s).name for s in sync(store, [html / "_sources" / "library"]).added) == ["ferry.rst.txt"]
    finally:
        store.close()
