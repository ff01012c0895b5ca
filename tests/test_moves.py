"""Moves, renames and duplicate content: kept without re-embedding, reported, never indexed twice."""

from __future__ import annotations

import shutil
from pathlib import Path

from index.store import Store
from index.sync import sync
from qa import DocumentQA
from tests.conftest import CountingEmbedder


def build(docs: Path, store_path: Path, embedder: CountingEmbedder) -> DocumentQA:
    bot = DocumentQA.build([docs], store_path, embedder=embedder)
    bot.close()
    return bot


def sources(store_path: Path, embedder: CountingEmbedder) -> set[str]:
    store = Store.open(store_path, embedder, check=False)
    try:
        return {d.source for d in store.documents()}
    finally:
        store.close()


def test_a_renamed_file_keeps_its_chunks_and_vectors(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder)
    before = embedder.embedded
    (docs / "bridge.txt").rename(docs / "halvard-bridge.txt")
    store = Store.open(store_path, embedder, check=False)
    report = sync(store, [docs])
    assert report.moved == [(str(docs / "bridge.txt"), str(docs / "halvard-bridge.txt"))]
    assert embedder.embedded == before and report.chunks_embedded == 0
    assert not (report.added or report.removed or report.updated)
    assert "1 moved" in report.summary()
    store.verify()
    answer = DocumentQA(store).ask("How long is the Halvard Bridge?")  # a question the file answers
    assert answer.citations and Path(answer.citations[0].source).name == "halvard-bridge.txt"
    text = (docs / "halvard-bridge.txt").read_text(encoding="utf-8")
    c = answer.citations[0]
    assert text[c.start : c.end] == c.text  # offsets still point into the moved file's text
    store.close()


def test_a_moved_folder_resyncs_as_moves(docs: Path, store_path: Path, embedder: CountingEmbedder,
                                         tmp_path: Path) -> None:
    build(docs, store_path, embedder)
    before = embedder.embedded
    moved = tmp_path / "archive" / "docs"
    moved.parent.mkdir()
    shutil.move(str(docs), str(moved))
    report = sync(Store.open(store_path, embedder, check=False), [moved])
    assert len(report.moved) == 5 and report.chunks_embedded == 0 and embedder.embedded == before
    assert sources(store_path, embedder) == {str(p) for p in moved.iterdir()}


def test_a_copy_is_a_duplicate_and_is_not_indexed_twice(docs: Path, store_path: Path, embedder: CountingEmbedder,
                                                       tmp_path: Path) -> None:
    build(docs, store_path, embedder)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(docs / "bridge.txt", other / "copy-of-bridge.txt")
    report = sync(Store.open(store_path, embedder, check=False), [other])
    assert report.duplicates == [(str(other / "copy-of-bridge.txt"), str(docs / "bridge.txt"))]
    assert report.chunks_embedded == 0 and not report.added
    assert str(other / "copy-of-bridge.txt") not in sources(store_path, embedder)
    as_dict = report.as_dict()
    assert as_dict["duplicates"] == [{"path": str(other / "copy-of-bridge.txt"), "same_as": str(docs / "bridge.txt")}]


def test_two_new_identical_files_index_once(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    shutil.copy(docs / "bridge.txt", docs / "bridge-again.txt")
    bot = DocumentQA.build([docs], store_path, embedder=embedder)
    report = bot.last_report
    assert report is not None
    assert len(report.added) == 5 and len(report.duplicates) == 1
    skipped, kept = report.duplicates[0]
    assert {Path(skipped).name, Path(kept).name} == {"bridge.txt", "bridge-again.txt"}
    bot.close()


def test_the_duplicate_takes_over_when_the_original_is_deleted(docs: Path, store_path: Path,
                                                               embedder: CountingEmbedder) -> None:
    shutil.copy(docs / "bridge.txt", docs / "zz-copy.txt")
    build(docs, store_path, embedder)
    before = embedder.embedded
    (docs / "bridge.txt").unlink()
    report = sync(Store.open(store_path, embedder, check=False), [docs])
    assert report.moved == [(str(docs / "bridge.txt"), str(docs / "zz-copy.txt"))]
    assert embedder.embedded == before and not report.removed


def test_a_deleted_file_with_no_copy_is_still_removed(docs: Path, store_path: Path, embedder: CountingEmbedder) -> None:
    build(docs, store_path, embedder)
    (docs / "bridge.txt").unlink()
    report = sync(Store.open(store_path, embedder, check=False), [docs])
    assert report.removed == [str(docs / "bridge.txt")] and not report.moved
