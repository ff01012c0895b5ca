"""Latency, memory and index type at scale: a store with N generated chunks.

    python bench/scale.py --seed-store /tmp/scifact-int8 --scale 1000000
    python bench/scale.py --seed-store /tmp/scifact-int8 --scale 200000 --nprobe-sweep 8,16,32,64

The seed store (any store built by ``qa index``, e.g. SciFact's, built by ``qa eval
../shared/data/scifact --store DIR``) gives real chunk vectors and texts. Generated chunk
``i`` has the text of seed chunk ``i mod n`` (cut to ``--chars``) and a vector near that
seed chunk's: ``normalize(v + noise)`` with cosine about 0.85 to it, so the vectors are
clustered the way real embeddings are (random Gaussian vectors would be the worst case
for an approximate index, and unlike real data).

It then opens the store in a fresh process, as ``qa`` would, and reports: the index type
the store chose, recall@10 of the approximate index against exact search for real
SciFact queries, warm retrieval latency p50/p95 (query embedding + dense + BM25 + fusion,
median of the queries), full ``ask`` latency, peak RSS and RSS per chunk, and bytes on
disk per chunk.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _queries(data: Path, n: int) -> list[str]:
    with open(data / "queries_test.jsonl", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()][:n]


def build(seed: Path, target: Path, n: int, chars: int, per_doc: int) -> dict[str, Any]:
    from index.catalog import FileState
    from index.documents import Chunk, Document, Span, content_id
    from index.store import Store

    source = Store.open(seed)
    ids = np.asarray(source.catalog.chunk_ids())
    texts = [t[:chars] for t in source.catalog.chunk_texts(ids.tolist())]
    vectors: Any = source.vectors  # the FAISS store's own arrays, not its protocol
    base_ids, base = vectors._all() if vectors is not None else (ids, np.zeros(0))  # noqa: SLF001
    order = {int(i): k for k, i in enumerate(base_ids)}
    base = base[[order[int(i)] for i in ids]]
    rng = np.random.default_rng(0)
    store = Store.create(target, source.embedder)
    started = time.perf_counter()
    made = 0
    batch = []
    while made < n:
        for _ in range(max(1, 20_000 // per_doc)):
            if made >= n:
                break
            count = min(per_doc, n - made)
            picks = [(made + j) % len(texts) for j in range(count)]
            parts, chunks, offset = [], [], 0
            body = "\n\n".join(texts[p] for p in picks)
            doc_id = content_id(f"{made}|{body[:64]}")
            for p in picks:
                chunks.append(Chunk(Span(0, doc_id, "", "", offset, offset + len(texts[p]), texts[p]), 64))
                parts.append(texts[p])
                offset += len(texts[p]) + 2
            noise = rng.normal(size=(count, base.shape[1])).astype(np.float32)
            noise *= 0.62 / np.sqrt(base.shape[1])  # cosine to the seed vector ~0.85
            vectors = base[picks] + noise
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            document = Document(doc_id, f"/generated/{made // per_doc:07d}.txt", f"generated {made}", body)
            batch.append((document, FileState(len(body), 0, doc_id), chunks, vectors.astype(np.float32)))
            made += count
        print(f"\r{made:,}/{n:,} chunks generated", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    store.apply(batch)  # one commit: one vector file written, IVF chosen by size
    seconds = time.perf_counter() - started
    store.close()
    source.close()
    return {"chunks": n, "build_s": seconds}


def probe(store_path: Path, data: Path, n_queries: int, sweep: list[int]) -> dict[str, Any]:
    """Run in a fresh process: open the store, measure recall, latency and memory."""
    import faiss

    from qa.api import DocumentQA
    from qa.retriever import HybridRetriever

    for f in store_path.iterdir():  # as on a server that has been answering for a while: the OS caches the files
        if f.is_file():
            with open(f, "rb") as fh:
                while fh.read(1 << 24):
                    pass
    rss_start = _rss_mb()
    bot = DocumentQA.open(store_path)
    queries = _queries(data, n_queries)
    bot.retrieve(queries[0])  # loads the model and the index
    rss_open = _rss_mb()
    vectors: Any = bot.store.vectors  # the FAISS store's kind and index, not only its protocol
    assert vectors is not None
    qv = bot.store.embedder.embed(queries)
    report: dict[str, Any] = {"vector_store": vectors.describe(), "rss_start_mb": rss_start, "rss_open_mb": rss_open,
                              "lexical_budget": bot.retriever.config.lexical_budget}
    exact = HybridRetriever(bot.store, replace(bot.retriever.config, lexical_budget=None))
    calls = (("retrieve", lambda q: bot.retrieve(q)), ("retrieve_dense_only", lambda q: bot.retriever.retrieve(q, lexical=False)),
             ("retrieve_unbounded_bm25", lambda q: exact.retrieve(q)), ("ask", lambda q: bot.ask(q)))
    for name, call in calls:
        times = []
        for q in queries:
            started = time.perf_counter()
            call(q)
            times.append(1000 * (time.perf_counter() - started))
        report[f"{name}_p50_ms"] = statistics.median(times)
        report[f"{name}_p95_ms"] = float(np.percentile(times, 95))
    report["rss_serving_mb"] = _rss_mb()  # after opening and answering, before the recall analysis below
    if vectors.kind == "ivf":  # recall@10 against exact search over the same vectors
        ids, data_vectors = vectors._all()  # noqa: SLF001
        _, nearest = faiss.knn(qv, data_vectors, 10, metric=faiss.METRIC_INNER_PRODUCT)
        truth = [set(ids[row].tolist()) for row in nearest]
        del data_vectors
        ivf = faiss.extract_index_ivf(vectors._index)  # noqa: SLF001
        chosen = ivf.nprobe
        report["sweep"] = []
        for nprobe in sorted(set(sweep + [chosen])):
            ivf.nprobe = nprobe
            times, recalls = [], []
            for q, t in zip(qv, truth, strict=True):
                started = time.perf_counter()
                found = vectors.search(q, 10)
                times.append(1000 * (time.perf_counter() - started))
                recalls.append(len(t & {i for i, _ in found}) / 10)
            report["sweep"].append({"nprobe": nprobe, "recall@10": statistics.fmean(recalls),
                                    "dense_p50_ms": statistics.median(times)})
        ivf.nprobe = chosen
    chunks = bot.store.catalog.counts()[1]
    report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["chunks"] = chunks
    report["rss_serving_bytes_per_chunk"] = report["rss_serving_mb"] * 2**20 / chunks
    disk = {f.name: f.stat().st_size for f in store_path.iterdir() if f.is_file()}
    report["disk_bytes"] = disk
    report["disk_bytes_per_chunk"] = sum(disk.values()) / chunks
    bot.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed-store", type=Path, required=True, help="a store built by qa index (real vectors and texts)")
    parser.add_argument("--scale", type=int, default=1_000_000, help="chunks to generate (default 1,000,000)")
    parser.add_argument("--store", type=Path, default=None, help="where to build (default /tmp/qa-scale-N); reused if present")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "scifact", help="BEIR folder for queries")
    parser.add_argument("--queries", type=int, default=200, help="queries to time (default 200)")
    parser.add_argument("--chars", type=int, default=400, help="characters of text per generated chunk (default 400)")
    parser.add_argument("--nprobe-sweep", default="8,16,32,64,128", help="IVF nprobe values to measure recall and latency for")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sweep = [int(x) for x in args.nprobe_sweep.split(",") if x]
    store = args.store or Path(f"/tmp/qa-scale-{args.scale}")
    if args.probe:
        print(json.dumps(probe(store, args.data, args.queries, sweep)))
        return 0
    if args.scale < 1000:
        parser.error(f"--scale must be at least 1000, got {args.scale}")
    result: dict[str, Any] = {"store": str(store)}
    if not (store / "manifest.json").exists():
        result.update(build(args.seed_store, store, args.scale, args.chars, per_doc=100))
    command = [sys.executable, __file__, "--probe", "--seed-store", str(args.seed_store), "--store", str(store),
               "--data", str(args.data), "--queries", str(args.queries), "--nprobe-sweep", args.nprobe_sweep]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
