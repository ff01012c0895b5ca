"""How long does `qa index` take after a one-paragraph edit of a long document?

Copies FILE into a temporary folder and indexes it into two stores with the default embedder.
Then, run after run, inserts a sentence into the paragraph nearest the middle of the file (for
HTML, before the ``</p>`` nearest the middle) and re-syncs both stores: one as docqa does
(the chunks whose text the store already holds keep their vectors), one re-embedding every chunk
of the changed file (the behaviour before 2026-12-04), alternating which goes first. Prints
the median seconds and chunks embedded of each, and checks that both stores hold the same
chunks with vectors that agree (the lowest cosine between a kept and a re-embedded vector).

    .venv/bin/python bench/edit_resync.py /usr/share/doc/python3.11/html/library/stdtypes.html [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from index.catalog import Catalog
from index.store import Store
from index.sync import sync
from qa.api import DocumentQA


def edit(path: Path, run: int) -> None:
    """Insert one sentence into the paragraph nearest the middle of the file."""
    data = path.read_text(encoding="utf-8")
    sentence = f" The benchmark added this sentence in run {run}."
    if path.suffix.lower() in (".html", ".htm"):
        middle = data.find("</p>", len(data) // 2)
        at = middle if middle >= 0 else data.rfind("</p>")
    else:
        at = data.find("\n\n", len(data) // 2)
    if at < 0:
        raise SystemExit(f"{path}: found no paragraph end to edit after the middle")
    path.write_text(data[:at] + sentence + data[at:], encoding="utf-8")


def resync(store_path: Path, docs: Path, reuse: bool) -> tuple[float, dict[str, Any]]:
    original = Catalog.chunk_ids_by_text
    if not reuse:
        Catalog.chunk_ids_by_text = lambda self, texts: {}  # type: ignore[method-assign]
    try:
        store = Store.open(store_path, check=False)
        started = time.perf_counter()
        report = sync(store, [docs])
        seconds = time.perf_counter() - started
        store.close()
    finally:
        Catalog.chunk_ids_by_text = original  # type: ignore[method-assign]
    return seconds, report.as_dict()


def stored(store_path: Path) -> dict[str, np.ndarray]:
    store = Store.open(store_path)
    try:
        ids = store.catalog.chunk_ids()
        assert store.vectors is not None
        return dict(zip(store.catalog.chunk_texts(ids), store.vectors.get(ids), strict=True))
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="a long document (HTML, Markdown or text)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        shutil.copy(args.file, docs / args.file.name)
        stores = {True: Path(tmp) / "kept", False: Path(tmp) / "all"}
        started = time.perf_counter()
        first = DocumentQA.build([docs], stores[True])
        fresh_seconds = time.perf_counter() - started
        chunks = first.last_report.chunks_embedded if first.last_report else 0
        first.close()
        shutil.copytree(stores[True], stores[False])
        results: dict[bool, list[tuple[float, dict[str, Any]]]] = {True: [], False: []}
        for run in range(args.runs):
            edit(docs / args.file.name, run)
            for reuse in ((True, False) if run % 2 == 0 else (False, True)):
                results[reuse].append(resync(stores[reuse], docs, reuse))
        kept, every = stored(stores[True]), stored(stores[False])
        assert sorted(kept) == sorted(every), "the two stores hold different chunks"
        cosine = min(float(np.dot(kept[t], every[t])) for t in kept)
    summary = {
        "file": str(args.file), "chunks": chunks, "fresh_index_seconds": round(fresh_seconds, 2), "runs": args.runs,
        **{name: {"median_seconds": round(statistics.median(s for s, _ in results[reuse]), 3),
                  "median_chunks_embedded": statistics.median(r["chunks_embedded"] for _, r in results[reuse]),
                  "median_chunks_reused": statistics.median(r["chunks_reused"] for _, r in results[reuse])}
           for name, reuse in (("kept", True), ("re_embed_all", False))},
        "lowest_cosine_kept_vs_reembedded": round(cosine, 5),
    }
    summary["speedup"] = round(summary["re_embed_all"]["median_seconds"] / summary["kept"]["median_seconds"], 1)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
