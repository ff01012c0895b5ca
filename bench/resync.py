"""How long does `qa index` take on a folder where nothing changed, or that was moved?

Writes a BEIR corpus (default: ../shared/data/scifact) as one file per entry (the first
``--files``), indexes it once with the fast hashing embedder (the later passes never embed,
so the embedder does not matter), then times N re-syncs of the unchanged folder and prints
the median. With ``--move``, each run instead moves the folder to a new path and re-syncs the
new path: every file must come back as a move, with 0 chunks embedded.

    .venv/bin/python bench/resync.py [--corpus ../shared/data/scifact] [--runs 5] [--files 1000] [--move]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from index.embedders import HashingEmbedder
from index.store import Store
from index.sync import sync


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/data/scifact"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=0, help="only the first N entries (0: all)")
    parser.add_argument("--move", action="store_true", help="time re-syncs of a moved folder instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        with open(args.corpus / "corpus.jsonl", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if args.files and n == args.files:
                    n -= 1
                    break
                entry = json.loads(line)
                (docs / f"{n:05d}.txt").write_text(f"{entry.get('title', '')}\n\n{entry['text']}", encoding="utf-8")
        files = n + 1
        store = Store.create(Path(tmp) / "store", HashingEmbedder(256))
        first = sync(store, [docs])
        times = []
        for run in range(args.runs):
            if args.move:
                moved = Path(tmp) / f"moved-{run}"
                docs = docs.rename(moved)
            started = time.perf_counter()
            report = sync(Store.open(Path(tmp) / "store", check=False), [docs])
            times.append(time.perf_counter() - started)
            assert report.chunks_embedded == 0
            assert len(report.moved if args.move else report.unchanged) == files, report.summary()
        median = statistics.median(times)
        what = "moved-folder" if args.move else "unchanged"
        print(f"{files} files, {first.chunks_embedded} chunks; {what} re-sync median of {args.runs}: "
              f"{median:.3f} s ({1000 * median / files:.3f} s per 1,000 files), 0 chunks embedded")


if __name__ == "__main__":
    main()
