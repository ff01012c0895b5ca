"""What does the first `qa index` after an upgrade do to a store an older release wrote?

Indexes DOCS with an older docqa (a source tree, e.g. ``git worktree add /tmp/old REV``),
then runs `qa index` on the same store with this tree, then once more, and indexes DOCS into
a fresh store with this tree. Each run is its own process, as a user runs them. Prints the
times, the chunks embedded, how many documents' headings the upgrade changed, and whether
the upgraded store's documents (text, title, headings, page starts) and chunk offsets equal
the fresh store's.

    .venv/bin/python bench/reextract.py --old-tree /tmp/old --docs DOCS [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

Rows = tuple[dict[str, tuple[object, ...]], dict[str, list[tuple[int, int]]]]


def index(store: Path, docs: Path, tree: Path) -> tuple[float, dict[str, Any]]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "qa.cli", "index", "--json", "--store", str(store), str(docs)],
                          cwd=tree, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, json.loads(done.stdout)


def rows(catalog: Path) -> Rows:
    with sqlite3.connect(catalog) as conn:
        documents = {r[0]: tuple(r[1:]) for r in conn.execute(
            "SELECT source, doc_id, title, text, page_starts, headings FROM documents")}
        chunks: dict[str, list[tuple[int, int]]] = {}
        for source, start, end in conn.execute(
                "SELECT d.source, c.start_offset, c.end_offset FROM chunks c JOIN documents d ON d.id = c.document "
                "ORDER BY c.id"):
            chunks.setdefault(source, []).append((start, end))
    return documents, chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-tree", type=Path, required=True, help="the older release's source tree")
    parser.add_argument("--docs", type=Path, required=True, help="the folder to index")
    parser.add_argument("--work", type=Path, default=None, help="where to keep the stores (default: a temporary folder)")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1]
    work = args.work or Path(tempfile.mkdtemp(prefix="reextract-"))
    store, fresh = work / "store", work / "fresh"
    for folder in (store, fresh):
        shutil.rmtree(folder, ignore_errors=True)
    old_s, old_report = index(store, args.docs, args.old_tree.resolve())
    before = rows(store / "catalog.sqlite3")
    up_s, up_report = index(store, args.docs, here)
    after = rows(store / "catalog.sqlite3")
    again_s, again_report = index(store, args.docs, here)
    fresh_s, fresh_report = index(fresh, args.docs, here)
    made = rows(fresh / "catalog.sqlite3")
    sources = sorted(made[0])
    print(json.dumps({
        "documents": len(sources),
        "old_index": {"seconds": round(old_s, 2), "chunks_embedded": old_report["chunks_embedded"]},
        "upgrade_index": {"seconds": round(up_s, 2), "chunks_embedded": up_report["chunks_embedded"],
                          "chunks_kept": up_report.get("chunks_reused", 0),
                          "reparsed": len(up_report.get("reparsed", [])), "updated": len(up_report["updated"])},
        "next_index": {"seconds": round(again_s, 2), "reparsed": len(again_report.get("reparsed", []))},
        "fresh_index": {"seconds": round(fresh_s, 2), "chunks_embedded": fresh_report["chunks_embedded"]},
        "headings_changed": sum(before[0][s][4] != after[0][s][4] for s in sources if s in before[0]),
        "documents_equal_to_fresh": sum(after[0].get(s) == made[0][s] for s in sources),
        "chunk_offsets_equal_to_fresh": sum(after[1].get(s) == made[1].get(s) for s in sources),
    }, indent=1))


if __name__ == "__main__":
    main()
