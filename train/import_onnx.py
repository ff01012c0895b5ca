"""Recover trainable weights from a shipped int8 reader graph (the fp32 weights are not shipped).

    python -m train.import_onnx qa/models/reader/reader-int8.onnx --out runs/shipped/reader.safetensors

Every weight of ``train.model.Reader`` is read back from the graph ``train.export_reader`` wrote:
biases and layer norms as they are, quantized weights dequantized (``(q - zero_point) * scale``,
per channel or per tensor as quantized); a fused graph's packed attention weights are split back
into query, key and value, and its fused embedding node gives the three tables. The result
differs from the weights that were exported only by int8 rounding, so it serves as
``train.train_reader --init`` and as the source of a new export (another quantization) when the
original fp32 file is gone.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger("train.import_onnx")

# the exported MatMul that computes each Linear layer, named after the module in the graph
_LINEAR_NODE = re.compile(r"^/(?P<module>.+)/(?:Gemm_)?MatMul(?:_quant)?$")
_GATHER_NODE = re.compile(r"^/(?P<module>.+)/Gather$")


def _dequantize(q: np.ndarray, scale: np.ndarray, zero_point: np.ndarray, axis: int = 1) -> np.ndarray:
    q32, zp = q.astype(np.float32), zero_point.astype(np.float32)
    if scale.ndim == 0:
        return ((q32 - zp) * scale).astype(np.float32)
    shape = [1] * q.ndim
    shape[axis] = -1
    return ((q32 - zp.reshape(shape)) * scale.reshape(shape)).astype(np.float32)


def import_weights(path: Path) -> dict[str, np.ndarray]:
    """The reader's state dict (names as in ``train.model.Reader``) from the int8 ONNX graph at ``path``."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    values = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    weights = {name: value.astype(np.float32) for name, value in values.items()
               if value.dtype == np.float32 and value.ndim >= 1 and "." in name and not name.endswith("_scale")
               and not name.startswith("onnx::")}
    producers = {out: node for node in graph.node for out in node.output}

    def value_of(name: str) -> np.ndarray:
        """An initializer, or what a DequantizeLinear or Cast of initializers makes; ValueError for an activation."""
        if name in values:
            return values[name]
        node = producers.get(name)
        if node is None:
            raise ValueError(f"{path}: {name!r} is a graph input, not a weight")
        if node.op_type == "DequantizeLinear":
            q, scale, zp = (values[i] for i in node.input)
            axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
            return _dequantize(q, scale, zp, axis=axis)
        if node.op_type == "Cast" and node.input[0] in values:  # a weight stored as float16
            return values[node.input[0]].astype(np.float32)
        raise ValueError(f"{path}: cannot read weight {name!r} (made by {node.op_type})")

    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    for node in graph.node:
        if node.op_type == "Attention":
            weights.update(_attention_weights(node, consumers, value_of))
        elif node.op_type == "EmbedLayerNormalization":
            for slot, table in ((2, "word_embeddings"), (3, "position_embeddings"), (4, "token_type_embeddings")):
                weights[f"encoder.embeddings.{table}.weight"] = value_of(node.input[slot]).astype(np.float32)
        linear = _LINEAR_NODE.match(node.name)
        if linear and node.op_type in ("MatMulInteger", "MatMul"):  # Gemm_MatMul: a quantized Gemm
            module = linear.group("module").replace("/", ".")
            weight_input = node.input[1]
            if node.op_type == "MatMulInteger":
                q = values.get(weight_input)
                if q is None:  # activation x activation (attention scores): no weight here
                    continue
                scale = values[weight_input.replace("_quantized", "_scale")]
                zero_point = values[node.input[3]]
                w = _dequantize(q, scale, zero_point)
            else:
                try:
                    w = value_of(weight_input)
                except ValueError:
                    continue  # a MatMul of two activations (attention scores)
            weights[f"{module}.weight"] = np.ascontiguousarray(w.T)  # Linear stores (out, in)
        gather = _GATHER_NODE.match(node.name)
        source = node.input[0] if node.op_type == "Gather" else ""
        if gather:
            module = gather.group("module").replace("/", ".")
            if source.endswith("_quantized"):  # dynamic quantization: one scale for the table, dequantized after
                base = source[: -len("_quantized")]
                weights[f"{module}.weight"] = _dequantize(values[source], values[f"{base}_scale"],
                                                          values[f"{base}_zero_point"], axis=0)
            else:
                try:
                    weights[f"{module}.weight"] = value_of(source).astype(np.float32)
                except ValueError:
                    continue  # a Gather of shapes or activations
    return weights


def _attention_weights(node: Any, consumers: dict[str, list], value_of: Any) -> dict[str, np.ndarray]:
    """Query, key and value Linear weights of a fused ``Attention`` node (weight ``(in, 3 * out)``,
    bias ``(3 * out,)``, packed in that order); the layer is named by the output projection that
    reads the node's result."""
    after = [_LINEAR_NODE.match(c.name) for c in consumers.get(node.output[0], [])]
    modules = [m.group("module") for m in after if m and m.group("module").endswith("/attention/output/dense")]
    if len(modules) != 1:
        raise ValueError(f"cannot tell which layer the fused attention {node.name!r} belongs to")
    prefix = modules[0][: -len("/output/dense")].replace("/", ".") + ".self"
    packed, bias = value_of(node.input[1]), value_of(node.input[2])
    out: dict[str, np.ndarray] = {}
    for part, w, b in zip(("query", "key", "value"), np.split(packed, 3, axis=1), np.split(bias, 3)):
        out[f"{prefix}.{part}.weight"] = np.ascontiguousarray(w.T.astype(np.float32))
        out[f"{prefix}.{part}.bias"] = b.astype(np.float32)
    return out


def load_into(model: object, weights: dict[str, np.ndarray]) -> None:
    """Load ``weights`` into a ``Reader``, naming any weight the graph did not give back."""
    import torch

    state = model.state_dict()  # type: ignore[attr-defined]
    # the pooler is not part of the exported graph (the reader never uses it): it keeps its initial values
    missing = sorted(k for k in state if k not in weights and not k.endswith("position_ids")
                     and not k.startswith("encoder.pooler."))
    if missing:
        raise ValueError(f"the graph lacks {len(missing)} weights of the reader, e.g. {missing[:3]}")
    model.load_state_dict({k: torch.from_numpy(weights[k]) if k in weights else v  # type: ignore[attr-defined]
                           for k, v in state.items()})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", type=Path, help="reader-int8.onnx (or an fp32 export)")
    parser.add_argument("--out", type=Path, required=True, help="where reader.safetensors goes")
    parser.add_argument("--encoder", type=Path, default=None,
                        help="a folder with the encoder's config.json (default: the bundled all-MiniLM-L6-v2)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from safetensors.torch import save_file

    from train.model import Reader

    if args.encoder is None:
        from index.embedders import bundled_model_path

        args.encoder = bundled_model_path()
    model = Reader.from_config_dir(args.encoder)
    load_into(model, import_weights(args.graph))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(args.out))
    logger.info("wrote %s", args.out)


if __name__ == "__main__":
    main()
