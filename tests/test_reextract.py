"""A store records how each file was read (its format's extraction and the chunking), and the
next sync reads a file again when docqa now extracts or chunks it differently: an upgrade's
parser and chunking fixes reach indexed files without `qa index --rebuild`, and only text or
chunks that changed are embedded again."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from index import loaders
from index import sync as sync_module
from index.chunker import CHUNKING_VERSION, Chunker, ChunkerConfig
from index.documents import Chunk, Document
from index.errors import DocumentLoadError
from index.loaders import EXTRACTION_VERSIONS, extractors
from index.store import CATALOG, Store
from index.sync import readings, stale_extractions, sync
from qa import DocumentQA
from qa.cli import _ensure_default_store
from tests.conftest import CountingEmbedder, age_store


def layouts(store: Store) -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """Each indexed file's name -> its content id and chunks' (start, end), as the catalog holds them."""
    found = {Path(s).name: store.catalog.chunk_layout(s) for s in store.catalog.file_states()}
    assert all(layout is not None for layout in found.values())
    return {name: layout for name, layout in found.items() if layout is not None}


def build(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    DocumentQA.build([docs], store_path, embedder=embedder).close()


def resync(docs: Path, store_path: Path, embedder: CountingEmbedder):  # type: ignore[no-untyped-def]
    store = Store.open(store_path, embedder, check=False)
    try:
        return sync(store, [docs]), {d.source: store.catalog.document_by_source(d.source)
                                     for d in store.documents()}
    finally:
        store.close()


def bump(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    number, package = EXTRACTION_VERSIONS[kind]
    monkeypatch.setitem(EXTRACTION_VERSIONS, kind, (number + 1, package))


def test_every_format_has_an_extraction_that_names_its_library() -> None:
    made = extractors()
    assert set(made) == set(loaders.SUPPORTED_SUFFIXES)
    assert made[".html"].startswith("html ") and ", selectolax " in made[".html"]
    assert ", pypdf " in made[".pdf"] and ", python-docx " in made[".docx"] and made[".md"] == made[".txt"]


def test_every_reading_records_the_chunking_beside_the_extraction() -> None:
    made, extractions = readings(), extractors()
    assert set(made) == set(extractions)
    assert all(made[suffix] == f"{extractions[suffix]}; chunks {CHUNKING_VERSION}" for suffix in made)


def test_a_store_written_before_the_chunking_was_recorded_reads_each_file_again_once_embedding_nothing(
        docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder)
    age_store(store_path, "extractions")  # as the release before this one wrote it
    with sqlite3.connect(store_path / CATALOG) as conn:
        assert {e for (e,) in conn.execute("SELECT extractor FROM documents")} == set(extractors().values())
    embedded = embedder.embedded
    report, _ = resync(docs, store_path, embedder)
    assert len(report.reparsed) == 5 and len(report.unchanged) == 5 and not report.updated
    assert report.chunks_embedded == 0 and embedder.embedded == embedded
    again, _ = resync(docs, store_path, embedder)
    assert not again.reparsed and len(again.unchanged) == 5


def test_a_newer_chunking_re_embeds_only_the_documents_it_cuts_differently(
        docs: Path, store_path: Path, embedder: CountingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    build(docs, store_path, embedder)
    store = Store.open(store_path, embedder, check=False)
    try:
        before = layouts(store)
    finally:
        store.close()
    monkeypatch.setattr(sync_module, "CHUNKING_VERSION", CHUNKING_VERSION + 1)
    original = Chunker.chunk

    def finer_for_the_bridge(self: Chunker, document: Document) -> list[Chunk]:
        if not document.source.endswith("bridge.txt"):
            return original(self, document)
        return original(Chunker(self.tokenizer, ChunkerConfig(max_tokens=16, overlap_tokens=0)), document)

    monkeypatch.setattr(Chunker, "chunk", finer_for_the_bridge)
    report, documents = resync(docs, store_path, embedder)
    assert len(report.reparsed) == 5 and [Path(s).name for s in report.updated] == ["bridge.txt"]
    assert sorted(Path(s).name for s in report.unchanged) == [
        "cooperative.pdf", "ferry.docx", "lighthouse.md", "orchard.html"]
    store = Store.open(store_path, embedder)  # checked: the vectors match the catalog's chunks
    try:
        after = layouts(store)
        bridge = str(docs / "bridge.txt")
        assert report.chunks_embedded == len(after["bridge.txt"][1]) > len(before["bridge.txt"][1])
        assert all(after[name] == before[name] for name in after if name != "bridge.txt")
        text = documents[bridge].text
        assert all(0 <= a < b <= len(text) for a, b in after["bridge.txt"][1])
        assert not stale_extractions(store)
    finally:
        store.close()
    again, _ = resync(docs, store_path, embedder)
    assert not again.reparsed and again.chunks_embedded == 0 and len(again.unchanged) == 5


def test_a_store_written_before_extractions_were_recorded_reads_each_file_again_once(
        docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder)
    age_store(store_path, "no-extractions")  # as a store of the previous release left it
    embedded = embedder.embedded
    report, documents = resync(docs, store_path, embedder)
    assert sorted(Path(s).name for s in report.reparsed) == [
        "bridge.txt", "cooperative.pdf", "ferry.docx", "lighthouse.md", "orchard.html"]
    assert len(report.unchanged) == 5 and not (report.updated or report.added or report.removed)
    assert report.chunks_embedded == 0 and embedder.embedded == embedded
    assert "; 5 unchanged files read again by a newer extraction or chunking" in report.summary()
    headings = {Path(s).name: d.headings for s, d in documents.items()}
    assert headings["orchard.html"] == ((0, 1, "Brightwater Orchard"),)
    assert headings["lighthouse.md"] and headings["bridge.txt"] == ()
    again, _ = resync(docs, store_path, embedder)
    assert not again.reparsed and len(again.unchanged) == 5 and "read again" not in again.summary()


def test_a_newer_extraction_re_embeds_only_the_documents_whose_text_changed(
        docs: Path, store_path: Path, embedder: CountingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    build(docs, store_path, embedder)
    bump(monkeypatch, "html")  # the same text: headings and title refreshed, nothing embedded
    report, _ = resync(docs, store_path, embedder)
    assert [Path(s).name for s in report.reparsed] == ["orchard.html"] and report.chunks_embedded == 0
    assert len(report.unchanged) == 5

    bump(monkeypatch, "text")  # Markdown and text now come out differently: both are indexed again
    original = loaders._LOADERS[".txt"]

    def louder(data: bytes, path: Path) -> loaders.Loaded:
        text, title, starts, headings = original(data, path)
        return text.replace("bridge", "BRIDGE"), title, starts, headings

    monkeypatch.setitem(loaders._LOADERS, ".txt", louder)
    report, documents = resync(docs, store_path, embedder)
    assert sorted(Path(s).name for s in report.reparsed) == ["bridge.txt", "lighthouse.md"]
    assert [Path(s).name for s in report.updated] == ["bridge.txt"] and report.chunks_embedded > 0
    assert sorted(Path(s).name for s in report.unchanged) == [
        "cooperative.pdf", "ferry.docx", "lighthouse.md", "orchard.html"]
    assert "BRIDGE" in documents[str(docs / "bridge.txt")].text


def test_a_file_the_newer_extraction_cannot_read_keeps_its_old_version_and_is_tried_again(
        docs: Path, store_path: Path, embedder: CountingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    build(docs, store_path, embedder)
    _, before = resync(docs, store_path, embedder)
    bump(monkeypatch, "text")

    def broken(data: bytes, path: Path) -> loaders.Loaded:
        raise DocumentLoadError(path, "the new extraction fails here")

    monkeypatch.setitem(loaders._LOADERS, ".txt", broken)
    for _ in range(2):  # its old extraction is kept, so every sync tries the file again
        report, after = resync(docs, store_path, embedder)
        assert report.failed == [(str(docs / "bridge.txt"), "the new extraction fails here")]
        assert after[str(docs / "bridge.txt")] == before[str(docs / "bridge.txt")]
        assert not report.updated and report.chunks_embedded == 0


def test_a_move_under_a_newer_extraction_is_indexed_again_at_its_new_path(
        docs: Path, store_path: Path, embedder: CountingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    build(docs, store_path, embedder)
    (docs / "bridge.txt").rename(docs / "old bridge.txt")
    bump(monkeypatch, "text")
    report, documents = resync(docs, store_path, embedder)
    new = str(docs / "old bridge.txt")
    assert report.moved == [(str(docs / "bridge.txt"), new)]
    assert sorted(Path(s).name for s in report.reparsed) == ["lighthouse.md", "old bridge.txt"]
    assert not (report.added or report.updated or report.removed)
    assert report.chunks_embedded == 0 and report.chunks_reused > 0  # the same chunk texts: their vectors kept
    assert sorted(Path(s).name for s in documents) == [
        "cooperative.pdf", "ferry.docx", "lighthouse.md", "old bridge.txt", "orchard.html"]


def test_a_move_the_newer_extraction_cannot_read_is_moved_with_its_old_version(
        docs: Path, store_path: Path, embedder: CountingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    build(docs, store_path, embedder)
    _, before = resync(docs, store_path, embedder)
    (docs / "bridge.txt").rename(docs / "old bridge.txt")
    bump(monkeypatch, "text")

    def broken(data: bytes, path: Path) -> loaders.Loaded:
        raise DocumentLoadError(path, "the new extraction fails here")

    monkeypatch.setitem(loaders._LOADERS, ".txt", broken)
    report, after = resync(docs, store_path, embedder)
    new = str(docs / "old bridge.txt")
    assert report.moved == [(str(docs / "bridge.txt"), new)] and report.failed == [(new, "the new extraction fails here")]
    assert report.chunks_embedded == 0 and not report.removed
    assert after[new].text == before[str(docs / "bridge.txt")].text and str(docs / "bridge.txt") not in after


def test_stale_extractions_names_the_files_the_next_sync_reads_again(
        docs: Path, store_path: Path, embedder: CountingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    build(docs, store_path, embedder)
    store = Store.open(store_path, embedder, check=False)
    try:
        assert stale_extractions(store) == []
        bump(monkeypatch, "text")
        assert [Path(s).name for s in stale_extractions(store)] == ["bridge.txt", "lighthouse.md"]
        sync(store, [docs])
        assert stale_extractions(store) == []
    finally:
        store.close()


@pytest.mark.integration
def test_serving_the_default_store_reads_the_seed_files_again_after_an_upgrade(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `qa serve` (the main job) indexes seeds/ into an empty default store; after an upgrade that
    # extracts them differently it reads them again before serving, where `qa ask` does not wait
    store = tmp_path / "default-store"
    monkeypatch.setenv("QA_SEEDS", str(docs))
    monkeypatch.setenv("QA_STORE", str(store))
    _ensure_default_store(store, io.StringIO())
    with sqlite3.connect(store / CATALOG) as conn:
        conn.execute("UPDATE documents SET extractor = ''")
    asked = io.StringIO()
    _ensure_default_store(store, asked)
    assert asked.getvalue() == ""
    served = io.StringIO()
    _ensure_default_store(store, served, reread_seeds=True)
    assert f"Reading {docs} again" in served.getvalue()
    assert "; 5 unchanged files read again by a newer extraction or chunking" in served.getvalue()
    bot = DocumentQA.open(store)
    try:
        assert bot.status()["stale"] == 0 and bot.status()["documents"] == 5
    finally:
        bot.close()
    again = io.StringIO()
    _ensure_default_store(store, again, reread_seeds=True)
    assert again.getvalue() == ""
