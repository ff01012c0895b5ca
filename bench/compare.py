"""Side by side on one corpus: this project against the naive sentence-transformers + FAISS
pipeline and against txtai (dense, and hybrid), in one invocation.

    python bench/compare.py --data ../shared/data/scifact          # needs `pip install txtai`
    python bench/compare.py --data ../shared/data/scifact --systems project,naive --limit-docs 500

Every system runs in its own subprocess (so peak RSS is its own), indexes the same texts
(each BEIR document as ``title\\n\\ntext``), then answers the test queries; nDCG@10 is scored
against the qrels with the project's metric code. Cold start is the wall time of a fresh
process that opens the saved index and answers one query (median of ``--cold-runs``).
The ratio column is naive index seconds / system index seconds on the same corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SYSTEMS = ("project", "project-fp32", "naive", "naive-chunks", "txtai", "txtai-hybrid")
COLD_QUERY = "Vitamin D deficiency is linked to multiple sclerosis."


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load(data: Path, work: Path, limit_docs: int | None) -> Any:
    sys.path.insert(0, str(ROOT))
    from qa.datasets import load_beir

    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    evalset = load_beir(data, corpus)
    if limit_docs:
        keep = sorted(evalset.doc_ids)[:limit_docs]
        for name in set(evalset.doc_ids) - set(keep):
            (corpus / name).unlink()
        evalset.doc_ids = {k: evalset.doc_ids[k] for k in keep}
        kept = set(evalset.doc_ids.values())
        evalset.questions = [q for q in evalset.questions if set(q.relevant or {}) & kept]
    return evalset


def _score(evalset: Any, search: Any) -> dict[str, float]:
    from qa.metrics import ndcg_at_k, percentile

    latencies, ndcg = [], []
    for q in evalset.questions:
        started = time.perf_counter()
        ranked = search(q)
        latencies.append(1000 * (time.perf_counter() - started))
        ndcg.append(ndcg_at_k(ranked, q.relevant or {}, 10))
    return {"ndcg@10": statistics.fmean(ndcg), "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95)}


def _texts(evalset: Any) -> tuple[list[str], list[str]]:
    names = sorted(evalset.doc_ids)
    return [evalset.doc_ids[n] for n in names], [(evalset.documents / n).read_text(encoding="utf-8") for n in names]


def _chunked(ids: list[str], texts: list[str]) -> tuple[list[str], list[str]]:
    from index.chunker import Chunker
    from index.documents import Document
    from index.embedders import make_embedder

    chunker = Chunker(make_embedder("torch"))  # only its tokenizer is used
    out_ids, out_texts = [], []
    for doc_id, text in zip(ids, texts, strict=True):
        for chunk in chunker.chunk(Document(doc_id, doc_id, "", text)):
            out_ids.append(doc_id)
            out_texts.append(chunk.text)
    return out_ids, out_texts


def worker(system: str, data: Path, work: Path, limit_docs: int | None) -> dict[str, Any]:
    os.environ["HF_HUB_OFFLINE"] = "1"
    evalset = _load(data, work, limit_docs)
    from index.embedders import bundled_model_path

    model = str(bundled_model_path())
    if system.startswith("project"):
        from index.embedders import make_embedder
        from qa.api import DocumentQA
        from qa.evaluation import ranking

        backend = "onnx" if system == "project-fp32" else "onnx-int8"
        make_embedder(backend).embed(["warm"])  # a one-off ONNX export or quantization is not indexing time
        started = time.perf_counter()
        bot = DocumentQA.build([evalset.documents], work / "store", embedder=make_embedder(backend))
        seconds = time.perf_counter() - started
        chunks = bot.store.catalog.counts()[1]
        scores = _score(evalset, lambda q: ranking(bot, evalset, q)[0])
    elif system.startswith("naive"):
        import faiss
        from sentence_transformers import SentenceTransformer

        ids, texts = _texts(evalset)
        if system == "naive-chunks":  # the very chunk texts the project embeds, so the work is the same
            ids, texts = _chunked(ids, texts)
        st = SentenceTransformer(model, device="cpu")  # model loading is not indexing time, for any system
        started = time.perf_counter()
        dimension = st.get_embedding_dimension()
        assert dimension is not None, f"{model} states no embedding dimension"
        index = faiss.IndexFlatIP(dimension)
        index.add(st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True))
        faiss.write_index(index, str(work / "naive.faiss"))
        (work / "naive-ids.json").write_text(json.dumps(ids))
        seconds, chunks = time.perf_counter() - started, len(texts)

        def search(q: Any) -> list[str]:
            _, found = index.search(st.encode([q.question], normalize_embeddings=True), 100)
            return list(dict.fromkeys(ids[i] for i in found[0] if i >= 0))[:10]  # a document ranks by its best chunk

        scores = _score(evalset, search)
    else:
        from txtai import Embeddings

        ids, texts = _texts(evalset)
        embeddings = Embeddings(path=model, hybrid=system == "txtai-hybrid")
        started = time.perf_counter()
        embeddings.index([(i, t, None) for i, t in zip(ids, texts, strict=True)])
        embeddings.save(str(work / system))
        seconds, chunks = time.perf_counter() - started, len(texts)
        scores = _score(evalset, lambda q: [str(i) for i, _ in embeddings.search(q.question, 10)])
    return {"system": system, "documents": len(evalset.doc_ids), "chunks": chunks, "index_s": seconds,
            "chunks_per_s": chunks / seconds, "docs_per_s": len(evalset.doc_ids) / seconds,
            "queries": len(evalset.questions), **scores, "peak_rss_mb": _peak_rss_mb()}


def cold(system: str, work: Path) -> None:
    """Open the index saved by :func:`worker` and answer one query."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    if system.startswith("naive"):
        import faiss
        from sentence_transformers import SentenceTransformer

        sys.path.insert(0, str(ROOT))
        from index.embedders import bundled_model_path

        index = faiss.read_index(str(work / "naive.faiss"))
        json.loads((work / "naive-ids.json").read_text())
        st = SentenceTransformer(str(bundled_model_path()), device="cpu")
        index.search(st.encode([COLD_QUERY], normalize_embeddings=True), 10)
    else:
        from txtai import Embeddings

        embeddings = Embeddings()
        embeddings.load(str(work / system))
        embeddings.search(COLD_QUERY, 10)


def _cold_seconds(system: str, work: Path, runs: int) -> float:
    if system.startswith("project"):
        command = [str(Path(sys.executable).parent / "qa"), "ask", "--json", "--store", str(work / "store"), COLD_QUERY]
    else:
        command = [sys.executable, __file__, "--cold", system, "--work", str(work)]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def table(rows: list[dict[str, Any]]) -> str:
    naive = next((r for r in rows if r["system"] == "naive"), None)
    same = next((r for r in rows if r["system"] == "naive-chunks"), None)
    head = ("| system | docs | chunks | index s | chunks/s | docs/s | ratio to naive (docs/s) | ratio to naive on the same "
            "chunks (chunks/s) | ndcg@10 | cold start s | p50 ms | p95 ms | peak RSS MB |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
    lines = []
    for r in rows:
        ratio = f"{naive['index_s'] / r['index_s']:.2f}x" if naive else "n/a"
        ratio_same = f"{r['chunks_per_s'] / same['chunks_per_s']:.2f}x" if same else "n/a"
        lines.append(
            f"| {r['system']} | {r['documents']} | {r['chunks']} | {r['index_s']:.1f} | {r['chunks_per_s']:.1f} "
            f"| {r['docs_per_s']:.1f} | {ratio} | {ratio_same} | {r['ndcg@10']:.4f} | {r['cold_s']:.2f} | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {r['peak_rss_mb']:.0f} |"
        )
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "scifact", help="a BEIR folder")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from {', '.join(SYSTEMS)}")
    parser.add_argument("--limit-docs", type=int, default=None, help="index only the first N documents (quick runs)")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts per system; the median is reported")
    parser.add_argument("--out", type=Path, default=None, help="also write the rows as JSON here")
    parser.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--cold", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.work, args.limit_docs)))
        return 0
    if args.cold:
        cold(args.cold, args.work)
        return 0
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        parser.error(f"--systems: unknown {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}")
    if not (args.data / "corpus.jsonl").is_file():
        parser.error(f"--data: {args.data} has no corpus.jsonl (a BEIR folder, such as ../shared/data/scifact)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        for system in systems:
            work = Path(tmp) / system
            work.mkdir()
            command = [sys.executable, __file__, "--worker", system, "--data", str(args.data), "--work", str(work)]
            if args.limit_docs:
                command += ["--limit-docs", str(args.limit_docs)]
            print(f"{system}: indexing and querying ...", file=sys.stderr, flush=True)
            done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT,
                                  env={**os.environ, "QA_STORE": str(work / "store")})
            row = json.loads(done.stdout.strip().splitlines()[-1])
            row["cold_s"] = _cold_seconds(system, work, args.cold_runs)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print(table(rows))
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
