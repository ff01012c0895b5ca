"""Export trained reader weights to ONNX (fp32), quantize to int8, and put them where docqa loads them.

    python -m train.export_reader runs/reader/reader.safetensors --out qa/models/reader

Writes ``reader-int8.onnx`` and ``tokenizer.json`` into ``--out``; the fp32 graph goes to
``--fp32`` (default: beside the weights), for agreement checks, and is not shipped.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import warnings
from pathlib import Path

import torch
from safetensors.torch import load_file

from index.onnx_backend import OPSET, quantize_int8
from qa.reader import READER_FILE
from train.model import Reader

logger = logging.getLogger("train.export")


def export_fp32(model: Reader, target: Path) -> None:
    model.eval()
    sample = torch.ones(2, 16, dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    target.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (sample, sample, torch.zeros_like(sample)), str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["start_logits", "end_logits", "answerable_logit"], opset_version=OPSET, dynamo=False,
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                          "start_logits": axes, "end_logits": axes, "answerable_logit": {0: "batch"}},
        )


def export(model: Reader, tokenizer_json: Path, out: Path, fp32: Path) -> Path:
    """``out/reader-int8.onnx`` and ``out/tokenizer.json`` from ``model``; the fp32 graph at ``fp32``."""
    export_fp32(model, fp32)
    out.mkdir(parents=True, exist_ok=True)
    quantize_int8(fp32, out / READER_FILE)
    shutil.copyfile(tokenizer_json, out / "tokenizer.json")
    return out / READER_FILE


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("weights", type=Path, help="reader.safetensors (or a checkpoint's model.safetensors)")
    parser.add_argument("--out", type=Path, default=Path("qa/models/reader"))
    parser.add_argument("--fp32", type=Path, default=None, help="where the fp32 graph goes (default: beside the weights)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.embedders import bundled_model_path

    base = bundled_model_path()
    model = Reader.from_config_dir(base)
    model.load_state_dict(load_file(str(args.weights)))
    fp32 = args.fp32 or args.weights.with_name("reader-fp32.onnx")
    path = export(model, base / "tokenizer.json", args.out, fp32)
    logger.info("wrote %s (%.1f MB) and %s", path, path.stat().st_size / 1e6, fp32)


if __name__ == "__main__":
    main()
