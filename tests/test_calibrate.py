"""The calibration's store: built once, reopened as it is, refused when it holds a document twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.catalog import DocumentInfo
from index.embedders import HashingEmbedder
from index.errors import InvalidInputError
from qa.answerer import AnswerConfig
from train.calibrate import open_store, repeated_documents

HEURISTIC = AnswerConfig(answerer="heuristic")


def _articles(folder: Path) -> Path:
    folder.mkdir()
    (folder / "00000_Alpha.txt").write_text("Alpha is a small town. It lies on a river.\n", encoding="utf-8")
    (folder / "00001_Beta.txt").write_text("Beta was founded in 1850. Its mayor is Ann.\n", encoding="utf-8")
    return folder


def test_a_kept_store_is_reopened_as_it_is_not_synced_again(tmp_path: Path) -> None:
    """Only the run that builds the store writes to it (a kept store was found holding three
    copies of each calibration article, each under a different temporary folder)."""
    import shutil

    store = tmp_path / "store"
    first = _articles(tmp_path / "first")
    bot = open_store(first, store, HEURISTIC, HashingEmbedder())
    assert len(bot.store.catalog.documents()) == 2
    bot.close()
    shutil.rmtree(first)  # the first run's temporary folder is gone; a sync would record a move
    bot = open_store(_articles(tmp_path / "second"), store, HEURISTIC, HashingEmbedder())
    try:
        sources = [d.source for d in bot.store.catalog.documents()]
        assert len(sources) == 2 and all(s.startswith(str(first)) for s in sources)
        passages = bot.retrieve("Who is the mayor of Beta?")
        assert len({p.chunk_id for p in passages}) == len(passages) == 2
    finally:
        bot.close()


def test_documents_held_twice_are_named() -> None:
    def info(source: str, doc_id: str) -> DocumentInfo:
        return DocumentInfo(source, doc_id, "t", 1, 10)

    assert repeated_documents([info("/a/x.txt", "d1"), info("/a/y.txt", "d2")]) == []
    assert repeated_documents([info("/a/x.txt", "d1"), info("/b/x.txt", "d1"), info("/a/y.txt", "d2")]) == ["d1"]


def test_a_store_holding_a_document_twice_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    open_store(_articles(tmp_path / "first"), store, HEURISTIC, HashingEmbedder()).close()
    from index.catalog import Catalog

    real = Catalog.documents
    monkeypatch.setattr(Catalog, "documents", lambda self: real(self) * 2)  # as a store synced twice would list them
    with pytest.raises(InvalidInputError, match=r"holds 2 document\(s\) more than once .*delete it"):
        open_store(tmp_path / "first", store, HEURISTIC, HashingEmbedder())
