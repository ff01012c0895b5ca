"""Reader weights read back from an exported graph, and the int8-weights quantization (tiny random model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embedders import bundled_model_path

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A random two-layer reader exported with each quantizer: (model, {quantizer: model dir}, fp32 graph)."""
    from transformers import BertConfig, BertModel

    from train.export_reader import export
    from train.model import Reader

    torch.manual_seed(1)
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    model = Reader(BertModel(config)).eval()
    with torch.no_grad():  # distinct values everywhere: the exporter merges equal tensors (zero biases) into one
        for parameter in model.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.02)
    out = tmp_path_factory.mktemp("exported")
    tokenizer = bundled_model_path() / "tokenizer.json"
    dirs = {q: out / q for q in ("weights", "dynamic")}
    for quantize, path in dirs.items():
        export(model, tokenizer, path, out / "fp32.onnx", quantize)
    dirs["half"] = out / "half"  # every matrix but the embedding tables stored as float16
    export(model, tokenizer, dirs["half"], out / "half-fp32.onnx", "weights",
           fp16=("attention", "attention-output", "ffn-in", "ffn-out", "head"))
    return model, dirs, out / "fp32.onnx"


def _state(model) -> dict[str, np.ndarray]:  # noqa: ANN001
    return {k: v.detach().numpy() for k, v in model.state_dict().items()
            if not k.startswith("encoder.pooler.") and not k.endswith("position_ids")}


def test_the_fp32_graph_gives_back_every_weight_exactly(exported) -> None:
    from train.import_onnx import import_weights

    model, _, fp32 = exported
    weights = import_weights(fp32)
    for name, value in _state(model).items():
        np.testing.assert_array_equal(weights[name], value, err_msg=name)


@pytest.mark.parametrize("quantize", ["weights", "dynamic"])
def test_an_int8_graph_gives_back_every_weight_within_its_rounding(exported, quantize: str) -> None:
    from train.import_onnx import import_weights, load_into
    from train.model import Reader

    model, dirs, _ = exported
    weights = import_weights(dirs[quantize] / "reader-int8.onnx")
    for name, value in _state(model).items():
        bound = np.abs(value).max() / 127 * 0.51 + 1e-6  # half a step of the coarsest scale it could have had
        assert np.abs(weights[name] - value).max() <= bound, name
    again = Reader(type(model.encoder)(model.encoder.config))
    load_into(again, weights)  # every weight the reader needs is there
    with pytest.raises(ValueError, match="lacks 1 weights of the reader"):
        load_into(again, {k: v for k, v in weights.items() if k != "span.bias"})


def test_int8_weights_keep_fp32_arithmetic_and_follow_fp32_closer_than_dynamic(exported) -> None:
    import onnx

    from qa.reader import OnnxReader

    _, dirs, fp32 = exported
    ops = {n.op_type for n in onnx.load(str(dirs["weights"] / "reader-int8.onnx")).graph.node}
    assert "DequantizeLinear" in ops and "MatMulInteger" not in ops and "DynamicQuantizeLinear" not in ops
    # attention, embeddings and layer norms fused (fewer, faster kernels; the same arithmetic)
    assert {"Attention", "EmbedLayerNormalization", "SkipLayerNormalization"} <= ops, ops
    size = (dirs["weights"] / "reader-int8.onnx").stat().st_size
    assert size < 0.35 * fp32.stat().st_size  # int8, not fp32, on disk
    (fp32.parent / "tokenizer.json").write_bytes((dirs["weights"] / "tokenizer.json").read_bytes())
    full = OnnxReader(fp32.parent, file=fp32.name)
    question = "Who built the bridge?"
    passages = ["The Halvard Bridge was built by Ada Lind in 1901. It carries trams.", "Ünal Çelik opened the café."]
    reference = full.logits(question, passages)[1:]

    def error(reader: OnnxReader) -> float:
        return max(float(np.abs(a - b).max()) for a, b in zip(reader.logits(question, passages)[1:], reference))

    weights, dynamic = error(OnnxReader(dirs["weights"])), error(OnnxReader(dirs["dynamic"]))
    # how far dynamic quantization strays depends on the CPU's int8 kernels: more than twice as far as
    # the int8 weights on AVX2 alone, about 1.5 times as far with AVX-512 VNNI (0.0172 against 0.0116)
    assert weights < 0.05 and weights < dynamic, (weights, dynamic)
    half = error(OnnxReader(dirs["half"]))
    assert half < 0.75 * weights, (half, weights)  # float16 matrices follow fp32 closer (the int8 tables remain)


def test_fp16_kinds_are_stored_as_float16_and_read_back_within_its_rounding(exported) -> None:
    import onnx

    from train.export_reader import weight_kind
    from train.import_onnx import import_weights

    model, dirs, _ = exported
    graph = onnx.load(str(dirs["half"] / "reader-int8.onnx")).graph
    halves = [i for i in graph.initializer if i.data_type == onnx.TensorProto.FLOAT16]
    eights = [i.name for i in graph.initializer if i.data_type == onnx.TensorProto.INT8 and i.name.endswith("_int8")]
    assert len(halves) == 2 * (1 + 3) + 1  # per layer: fused qkv, attention output, ffn in and out; the span head
    # (this tiny model's ffn is 2 x hidden wide, so its ffn matrices are of kind "head": the real one is 4 x)
    assert eights and all(n.startswith("encoder.embeddings.") for n in eights), eights  # the tables stay int8
    assert weight_kind("MatMul", (32, 128)) == "ffn-in" and weight_kind("MatMul", (128, 32)) == "ffn-out"
    assert weight_kind("MatMul", (32, 32)) == "attention-output" and weight_kind("Gather", (9, 32)) == "embeddings"
    weights = import_weights(dirs["half"] / "reader-int8.onnx")
    for name, value in _state(model).items():
        if value.ndim == 2 and "embeddings" not in name:
            np.testing.assert_allclose(weights[name], value, rtol=1e-3, atol=1e-7, err_msg=name)


def test_an_unknown_quantizer_is_refused_by_name(tmp_path: Path) -> None:
    from train.export_reader import export

    with pytest.raises(ValueError, match="quantize must be one of .*'fp16'"):
        export(None, tmp_path / "t.json", tmp_path, tmp_path / "f.onnx", "fp16")  # type: ignore[arg-type]


def test_an_unknown_kind_of_weight_for_fp16_is_refused_by_name(exported, tmp_path: Path) -> None:
    from train.export_reader import quantize_weights_int8

    _, _, fp32 = exported
    with pytest.raises(ValueError, match=r"fp16 names unknown kinds of weight \['ffn'\]; known: embeddings"):
        quantize_weights_int8(fp32, tmp_path / "out.onnx", fp16=("ffn",))
