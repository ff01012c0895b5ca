"""How close do other int8 quantizations of the embedding model come to its fp32 vectors?

Writes each variant of the bundled all-MiniLM-L6-v2 graph into its own cache folder, under the
name the int8 backend looks for, and prints the cosine of its embeddings with the fp32 graph's
on the first N abstracts of a BEIR corpus. Judge a variant's retrieval with the cache it wrote,
on a *train* split (the test split only reports):

    .venv/bin/python bench/quantization.py ../shared/data/scifact --out /tmp/quant
    QA_CACHE=/tmp/quant/quint8 .venv/bin/qa eval ../shared/data/scifact --split train --store /tmp/sf-quint8

Variants: ``shipped`` (signed int8 weights, per channel: ``index.onnx_backend.quantize_int8``),
``quint8`` (unsigned weights), ``fp32_ffn_out`` (the six feed-forward output layers left in fp32),
``reduce_range`` (7-bit weights: onnxruntime's advice for CPUs without VNNI, whose u8s8 kernels
add pairs of products in 16 bits and can saturate).
The int8 kernels differ by CPU (AVX2, AVX-512, VNNI): results hold for the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def variants(fp32: Path) -> dict[str, dict]:
    """Variant name -> extra ``quantize_dynamic`` arguments."""
    import onnx
    from onnxruntime.quantization import QuantType

    matmuls = [n.name for n in onnx.load(str(fp32)).graph.node if n.op_type == "MatMul"]
    ffn_out = [n for n in matmuls if "/output/dense/" in n and "attention" not in n]
    return {"shipped": {}, "quint8": {"weight_type": QuantType.QUInt8}, "fp32_ffn_out": {"nodes_to_exclude": ffn_out},
            "reduce_range": {"reduce_range": True}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a BEIR folder (corpus.jsonl)")
    parser.add_argument("--out", type=Path, required=True, help="one cache folder per variant is written here")
    parser.add_argument("--texts", type=int, default=400)
    args = parser.parse_args(argv)

    from onnxruntime.quantization import QuantType, quantize_dynamic

    from index.onnx_backend import OnnxEmbedder, quantize_int8

    with (args.corpus / "corpus.jsonl").open(encoding="utf-8") as f:
        docs = [json.loads(line) for line, _ in zip(f, range(args.texts), strict=False)]
    texts = [f"{d.get('title', '')} {d['text']}"[:1000] for d in docs]
    reference = OnnxEmbedder(precision="fp32")
    fp32 = reference._materialize()  # exported once into the usual cache, or found there
    ref = np.asarray(reference.embed(texts))
    for name, extra in variants(fp32).items():
        probe = OnnxEmbedder(precision="int8", cache_dir=args.out / name)
        target = probe.onnx_path
        target.parent.mkdir(parents=True, exist_ok=True)  # the int8 backend loads this file as it is
        if extra:
            quantize_dynamic(str(fp32), str(target), **{"weight_type": QuantType.QInt8, "per_channel": True, **extra})
        else:
            quantize_int8(fp32, target)
        probe.warm_up()
        started = time.perf_counter()
        vectors = np.asarray(probe.embed(texts))
        seconds = time.perf_counter() - started
        cosine = (vectors * ref).sum(axis=1)
        print(f"{name:14s} cosine with fp32: mean {cosine.mean():.4f}, 5th percentile {np.percentile(cosine, 5):.4f}, "
              f"min {cosine.min():.4f}; {len(texts)} texts in {seconds:.1f} s; QA_CACHE={args.out / name}")


if __name__ == "__main__":
    main()
