"""Export trained reader weights to ONNX (fp32), quantize to int8, and put them where docqa loads them.

    python -m train.export_reader runs/reader/reader.safetensors --out qa/models/reader

Writes ``reader-int8.onnx`` and ``tokenizer.json`` into ``--out``; the fp32 graph goes to
``--fp32`` (default: beside the weights), for agreement checks, and is not shipped.

``--quantize weights`` (the default) stores every weight matrix as int8 (per output channel; the
embedding tables per row) and dequantizes it in the graph, so the arithmetic stays fp32: the
file is as small as ``--quantize dynamic``'s (onnxruntime's dynamic quantization, which also
rounds every activation to 8 bits on the fly, and moved the sentence margin by 0.46 logits at
the median against fp32) and follows fp32 far more closely. The reader folds the dequantization
into the session when it loads (``qa.reader``), so reading costs what fp32 costs.

Before the weights are quantized, onnxruntime's transformer optimizer fuses each layer's attention
into one ``Attention`` node, the embeddings into ``EmbedLayerNormalization`` and each residual add
with its layer norm into ``SkipLayerNormalization`` (``fuse_fp32``): the same fp32 arithmetic in
fewer, faster kernels (a batch of five 256-token windows: about 370 -> 260-300 ms on a 2-core
AVX2 CPU). The model is exported with eager attention for that: the fusion does not recognise the
graph of PyTorch's fused scaled-dot-product attention.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import warnings
from collections.abc import Collection
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file

from index.onnx_backend import OPSET, quantize_int8
from qa.reader import READER_FILE
from train.model import Reader

logger = logging.getLogger("train.export")


def export_fp32(model: Reader, target: Path) -> None:
    model.eval()
    previous = model.encoder.config._attn_implementation
    sample = torch.ones(2, 16, dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    target.parent.mkdir(parents=True, exist_ok=True)
    model.encoder.set_attn_implementation("eager")  # the pattern onnxruntime's attention fusion knows
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model, (sample, sample, torch.zeros_like(sample)), str(target),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["start_logits", "end_logits", "answerable_logit"], opset_version=OPSET, dynamo=False,
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                              "start_logits": axes, "end_logits": axes, "answerable_logit": {0: "batch"}},
            )
    finally:
        model.encoder.set_attn_implementation(previous)  # the caller's model as it was


def fuse_fp32(source: Path, target: Path, num_heads: int, hidden_size: int) -> dict[str, int]:
    """Write ``source`` with BERT's attention, embeddings and layer norms fused (``onnxruntime.transformers``)
    to ``target``; returns how many nodes of each fused kind it made. The arithmetic stays fp32.
    A graph whose attention did not fuse is still written (it runs, only slower), with a warning."""
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(str(source), model_type="bert", num_heads=num_heads,
                                     hidden_size=hidden_size, opt_level=0)
    counts = {k: int(v) for k, v in fused.get_fused_operator_statistics().items() if v}
    if not counts.get("Attention"):
        logger.warning("attention did not fuse in %s (%s): the reader will run slower", source, counts)
    fused.save_model_to_file(str(target))
    return counts


def _int8(w: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 of ``w`` with one scale per slice along ``axis`` (``w ~ q * scale``)."""
    reduce = tuple(i for i in range(w.ndim) if i != axis)
    scale = (np.maximum(np.abs(w).max(axis=reduce), 1e-12) / 127.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    return np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8), scale


# (input slot, axis of the per-slice scales) of the weights each op takes: Linear weights are stored
# (in, out) and get a scale per output column, embedding tables one per row (word, position, type)
_WEIGHT_SLOTS = {"MatMul": ((1, 1),), "Attention": ((1, 1),), "Gather": ((0, 0),),
                 "EmbedLayerNormalization": ((2, 0), (3, 0), (4, 0))}


def weight_kind(op_type: str, shape: tuple[int, ...]) -> str:
    """Which of the reader's weights a constant is, for ``--fp16``: "embeddings" (the tables),
    "attention" (a fused query/key/value matrix), "attention-output" (hidden x hidden), "ffn-in"
    (hidden x 4 hidden), "ffn-out" (4 hidden x hidden) or "head" (anything else)."""
    if op_type in ("Gather", "EmbedLayerNormalization"):
        return "embeddings"
    if op_type == "Attention":
        return "attention"
    rows, cols = shape
    if rows == cols:
        return "attention-output"
    if cols == 4 * rows:
        return "ffn-in"
    if rows == 4 * cols:
        return "ffn-out"
    return "head"


WEIGHT_KINDS = ("embeddings", "attention", "attention-output", "ffn-in", "ffn-out", "head")


def quantize_weights_int8(source: Path, target: Path, fp16: Collection[str] = ()) -> int:
    """Write ``source`` with int8 weights dequantized in the graph (fp32 arithmetic) to ``target``.

    Every MatMul's and fused Attention's constant 2-D weight gets one scale per output column, every
    embedding table (a Gather's, or a fused EmbedLayerNormalization's) one per row; a
    DequantizeLinear node turns each back to fp32. The kinds of weight named in ``fp16``
    (:func:`weight_kind`) are stored as float16 instead, cast back to fp32 in the graph (an int8
    weight is off by about 0.6% of its norm, a float16 one by 0.03%). Smaller tensors (biases, layer
    norms, the answerable head's Gemm) stay fp32. Returns how many weights were stored smaller.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    unknown = sorted(set(fp16) - set(WEIGHT_KINDS))
    if unknown:
        raise ValueError(f"fp16 names unknown kinds of weight {unknown}; known: {', '.join(WEIGHT_KINDS)}")
    model = onnx.load(str(source))
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    uses: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1
    nodes, done = [], 0
    for node in graph.node:
        for slot, axis in _WEIGHT_SLOTS.get(node.op_type, ()):
            name = node.input[slot] if slot < len(node.input) else ""
            if name not in initializers or len(initializers[name].dims) != 2 or uses[name] != 1:
                continue
            weight = initializers.pop(name)
            graph.initializer.remove(weight)
            w = numpy_helper.to_array(weight)
            if weight_kind(node.op_type, tuple(w.shape)) in fp16:
                graph.initializer.append(numpy_helper.from_array(w.astype(np.float16), f"{name}_fp16"))
                nodes.append(helper.make_node("Cast", [f"{name}_fp16"], [f"{name}_fp32"], name=f"{name}_cast",
                                              to=TensorProto.FLOAT))
            else:
                q, scale = _int8(w, axis)
                graph.initializer.extend([numpy_helper.from_array(q, f"{name}_int8"),
                                          numpy_helper.from_array(scale, f"{name}_scale"),
                                          numpy_helper.from_array(np.zeros(scale.shape, np.int8), f"{name}_zero")])
                nodes.append(helper.make_node("DequantizeLinear", [f"{name}_int8", f"{name}_scale", f"{name}_zero"],
                                              [f"{name}_fp32"], name=f"{name}_dequantize", axis=axis))
            node.input[slot] = f"{name}_fp32"
            done += 1
        nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        onnx.save(model, str(tmp))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return done


def _fused_weights_int8(model: Reader, fp32: Path, target: Path, fp16: Collection[str] = ()) -> None:
    """The default: ``fp32`` fused (``fuse_fp32``), then stored with int8 weights (float16 for the
    kinds in ``fp16``) at ``target``."""
    config = model.encoder.config
    fused = target.with_name(f".fused-{os.getpid()}.onnx")
    try:
        logger.info("fused: %s", fuse_fp32(fp32, fused, int(config.num_attention_heads), int(config.hidden_size)))
        quantize_weights_int8(fused, target, fp16)
    finally:
        fused.unlink(missing_ok=True)


def _dynamic_int8(model: Reader, fp32: Path, target: Path, fp16: Collection[str] = ()) -> None:
    if fp16:
        raise ValueError("--fp16 goes with --quantize weights, not dynamic")
    quantize_int8(fp32, target)


QUANTIZERS = {"weights": _fused_weights_int8, "dynamic": _dynamic_int8}


def export(model: Reader, tokenizer_json: Path, out: Path, fp32: Path, quantize: str = "weights",
           fp16: Collection[str] = ()) -> Path:
    """``out/reader-int8.onnx`` and ``out/tokenizer.json`` from ``model``; the fp32 graph at ``fp32``."""
    if quantize not in QUANTIZERS:
        raise ValueError(f"quantize must be one of {sorted(QUANTIZERS)}, got {quantize!r}")
    export_fp32(model, fp32)
    out.mkdir(parents=True, exist_ok=True)
    QUANTIZERS[quantize](model, fp32, out / READER_FILE, fp16)
    shutil.copyfile(tokenizer_json, out / "tokenizer.json")
    return out / READER_FILE


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("weights", type=Path, help="reader.safetensors (or a checkpoint's model.safetensors)")
    parser.add_argument("--out", type=Path, default=Path("qa/models/reader"))
    parser.add_argument("--fp32", type=Path, default=None, help="where the fp32 graph goes (default: beside the weights)")
    parser.add_argument("--quantize", choices=sorted(QUANTIZERS), default="weights",
                        help="int8 weights with fp32 arithmetic (default), or onnxruntime's dynamic quantization")
    parser.add_argument("--fp16", default="", help="comma-separated kinds of weight to store as float16 instead of "
                        f"int8 ({', '.join(WEIGHT_KINDS)}); the file grows by a byte per weight")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.embedders import bundled_model_path

    base = bundled_model_path()
    model = Reader.from_config_dir(base)
    model.load_state_dict(load_file(str(args.weights)))
    fp32 = args.fp32 or args.weights.with_name("reader-fp32.onnx")
    path = export(model, base / "tokenizer.json", args.out, fp32, args.quantize,
                  [k for k in args.fp16.split(",") if k])
    logger.info("wrote %s (%.1f MB) and %s", path, path.stat().st_size / 1e6, fp32)


if __name__ == "__main__":
    main()
