"""How long does `qa index` take on a folder where nothing changed?

Writes a BEIR corpus (default: ../shared/data/scifact) as one file per entry, indexes it
once with the fast hashing embedder (the second pass never embeds, so the embedder does not
matter), then times N re-syncs of the unchanged folder and prints the median.

    .venv/bin/python bench/resync.py [--corpus ../shared/data/scifact] [--runs 5]
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        with open(args.corpus / "corpus.jsonl", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                entry = json.loads(line)
                (docs / f"{n:05d}.txt").write_text(f"{entry.get('title', '')}\n\n{entry['text']}", encoding="utf-8")
        files = n + 1
        store = Store.create(Path(tmp) / "store", HashingEmbedder(256))
        first = sync(store, [docs])
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            report = sync(Store.open(Path(tmp) / "store", check=False), [docs])
            times.append(time.perf_counter() - started)
            assert report.chunks_embedded == 0 and len(report.unchanged) == files
        median = statistics.median(times)
        print(f"{files} files, {first.chunks_embedded} chunks; unchanged re-sync median of {args.runs}: "
              f"{median:.3f} s ({1000 * median / files:.3f} s per 1,000 files)")


if __name__ == "__main__":
    main()
