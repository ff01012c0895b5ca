"""Which Milvus Lite index files a reader may remove: NumPy arrays cut short, and nothing else."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from index.lite_files import _torn_array, drop_torn_index_files


def _array_bytes() -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.arange(40, dtype=np.float32).reshape(5, 8), allow_pickle=False)
    return buffer.getvalue()


@pytest.mark.parametrize("cut", [0, 3, 6, 9, 30, 128, 200, -1])
def test_an_array_cut_anywhere_is_torn(cut: int, tmp_path: Path) -> None:
    whole = _array_bytes()
    file = tmp_path / "a.idx"
    file.write_bytes(whole[:cut])
    assert _torn_array(file)


def test_a_whole_array_and_other_files_are_not_torn(tmp_path: Path) -> None:
    (tmp_path / "whole.idx").write_bytes(_array_bytes())
    (tmp_path / "other.idx").write_bytes(b"HNSW index of another kind")
    assert not _torn_array(tmp_path / "whole.idx")
    assert not _torn_array(tmp_path / "other.idx")
    assert not _torn_array(tmp_path / "missing.idx")


def test_only_the_torn_index_files_of_the_collection_are_removed(tmp_path: Path) -> None:
    lite = tmp_path / "milvus.db"
    mine = lite / "collections" / "docqa_a" / "partitions" / "_default"
    theirs = lite / "collections" / "docqa_b" / "partitions" / "_default"
    for folder in (mine, theirs):
        (folder / "indexes").mkdir(parents=True)
        (folder / "data").mkdir()
        (folder / "indexes" / "seg1.vector.flat.idx").write_bytes(_array_bytes()[:100])
        (folder / "indexes" / "seg2.vector.flat.idx").write_bytes(_array_bytes())
        (folder / "data" / "seg1.parquet").write_bytes(b"PAR1")
    removed = drop_torn_index_files(str(lite), "docqa_a")
    assert removed == [mine / "indexes" / "seg1.vector.flat.idx"]
    assert sorted(p.name for p in (mine / "indexes").iterdir()) == ["seg2.vector.flat.idx"]
    assert len(list((theirs / "indexes").iterdir())) == 2 and (mine / "data" / "seg1.parquet").exists()
    assert drop_torn_index_files(str(tmp_path / "nowhere.db"), "docqa_a") == []
