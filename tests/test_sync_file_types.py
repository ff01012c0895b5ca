"""What `qa index` reads of a folder as Debian ships documentation: gzip-compressed files and
documentation known by its name, other archives counted by their suffixes."""

from __future__ import annotations

import gzip
from pathlib import Path

from index.store import Store
from index.sync import stale_extractions, sync
from tests.conftest import CountingEmbedder


def test_compressed_files_and_documentation_named_files_are_read_and_other_archives_counted(
        tmp_path: Path, embedder: CountingEmbedder) -> None:
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "NEWS.gz").write_bytes(gzip.compress(b"The ferry now leaves at 7:10.\n"))
    (folder / "guide.md.gz").write_bytes(gzip.compress(b"# Guide\n\nThe lamp was first lit in 1902.\n"))
    (folder / "README").write_text("The museum closes on Mondays.\n")
    (folder / "changelog.Debian.gz").write_bytes(gzip.compress(b"ferry (1.2-1) unstable; urgency=low\n"))
    (folder / "data.json.gz").write_bytes(gzip.compress(b"{}"))
    (folder / "old.tar.gz").write_bytes(gzip.compress(b"\0" * 512))
    (folder / "Makefile").write_text("all:\n")
    store = Store.create(tmp_path / "store", embedder)
    try:
        report = sync(store, [folder])
        assert sorted(Path(s).name for s in report.added) == ["NEWS.gz", "README", "changelog.Debian.gz",
                                                               "guide.md.gz"]
        assert report.not_read == {".json.gz": 1, ".tar.gz": 1, "(no suffix)": 1} and not report.failed
        titles = {Path(d.source).name: d.title for d in store.catalog.documents()}
        assert titles["guide.md.gz"] == "Guide" and titles["NEWS.gz"] == "The ferry now leaves at 7:10."
        again = sync(store, [folder])  # unchanged: nothing read again (the extraction recorded is the format's)
        assert len(again.unchanged) == 4 and not again.reparsed and not again.added
        assert not stale_extractions(store)
    finally:
        store.close()
