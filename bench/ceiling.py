"""How fast can this CPU embed at all? The arithmetic ceiling behind the indexing target.

    python bench/ceiling.py --data ../shared/data/scifact --store /tmp/sf-faiss --naive-seconds 240.7

all-MiniLM-L6-v2 spends about 23 MFLOP per word piece (6 layers of 384-wide attention and
1,536-wide feed-forward matrices; the matrix products are 91% of it). This script counts
the word pieces each pipeline feeds the model on the corpus (the project: every chunk, with
[CLS]/[SEP]; the naive pipeline: each document cut at 256), measures the machine's peak
matrix-multiply rate in fp32 (numpy) and int8 (onnxruntime ``MatMulInteger``, the kernel the
int8 model runs) on model-shaped products, median of 5, and prints the fastest index time
those peaks allow against the time the 5x target asks for. ``--naive-seconds`` is the naive
pipeline's index time from ``bench/compare.py`` in the same session.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

D, FFN, LAYERS = 384, 1536, 6


def flops_per_piece(length: int) -> float:
    """Multiply-adds x 2 per word piece in a sequence of ``length``: projections, FFN, attention."""
    linear = 2 * (4 * D * D + 2 * D * FFN)
    attention = 2 * 2 * length * D
    return LAYERS * (linear + attention)


def _median_rate(run: object, ops: float, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats + 1):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return ops / statistics.median(times[1:])  # the first run warms up


def fp32_peak(rows: int = 4096) -> float:
    a = np.random.default_rng(0).standard_normal((rows, D), dtype=np.float32)
    b = np.random.default_rng(1).standard_normal((D, FFN), dtype=np.float32)
    return _median_rate(lambda: a @ b, 2.0 * rows * D * FFN)


def int8_peak(rows: int = 4096) -> float:
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["a", "b"], ["c"])], "mm",
        [helper.make_tensor_value_info("a", TensorProto.UINT8, [rows, D]),
         helper.make_tensor_value_info("b", TensorProto.INT8, [D, FFN])],
        [helper.make_tensor_value_info("c", TensorProto.INT32, [rows, FFN])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    onnx.checker.check_model(model)
    rng = np.random.default_rng(0)
    feeds = {"a": rng.integers(0, 255, (rows, D), dtype=np.uint8), "b": rng.integers(-127, 127, (D, FFN), dtype=np.int8)}
    return _median_rate(lambda: session.run(None, feeds), 2.0 * rows * D * FFN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="BEIR folder (corpus.jsonl)")
    parser.add_argument("--store", type=Path, required=True, help="the project's store of that corpus (qa eval --store)")
    parser.add_argument("--naive-seconds", type=float, required=True, help="naive index seconds from bench/compare.py")
    parser.add_argument("--project-seconds", type=float, default=None, help="the project's index seconds, for its achieved rate")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tokenizers import Tokenizer

    from index.embedders import bundled_model_path

    conn = sqlite3.connect(f"file:{args.store / 'catalog.sqlite3'}?mode=ro", uri=True)
    lengths = [int(n) + 2 for (n,) in conn.execute("SELECT n_tokens FROM chunks")]
    conn.close()
    tokenizer = Tokenizer.from_file(str(bundled_model_path() / "tokenizer.json"))
    tokenizer.no_truncation()
    with open(args.data / "corpus.jsonl", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    texts = [f"{d.get('title', '')}\n\n{d['text']}" for d in docs]  # as bench/compare.py gives the naive pipeline
    naive = [min(256, len(e.ids)) for e in tokenizer.encode_batch(texts)]
    project_flops = sum(n * flops_per_piece(n) for n in lengths)
    naive_flops = sum(n * flops_per_piece(n) for n in naive)
    fp32, int8 = fp32_peak(), int8_peak()
    target_s = args.naive_seconds / 5
    report = {
        "project_pieces": sum(lengths), "naive_pieces": sum(naive),
        "project_gflop": project_flops / 1e9, "naive_gflop": naive_flops / 1e9,
        "peak_fp32_gflops": fp32 / 1e9, "peak_int8_gops": int8 / 1e9,
        "naive_achieved_gflops": naive_flops / args.naive_seconds / 1e9,
        "target_index_s": target_s,
        "needed_gops_for_target": project_flops / target_s / 1e9,
        "fastest_possible_index_s_int8_peak": project_flops / int8,
        "fastest_possible_index_s_fp32_peak": project_flops / fp32,
    }
    if args.project_seconds:
        report["project_achieved_gops"] = project_flops / args.project_seconds / 1e9
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
