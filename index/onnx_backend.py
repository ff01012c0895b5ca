"""ONNX backends: the bundled model exported once, locally, and run by onnxruntime.

The export (torch, transformers) happens on first use and is cached; afterwards
neither torch nor sentence-transformers is imported, so `qa ask` starts fast. The
graph includes mean pooling; vectors are L2-normalised here.

- ``fp32`` equals the sentence-transformers reference (cosine 1.0000 on the agreement test).
- ``int8`` is the fp32 graph with dynamic int8 quantization of the weight matrices
  (onnxruntime.quantization, per output channel), made locally from the fp32 file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import InvalidInputError
from index.local_model import BUNDLED_MODEL, LocalModel, _normalize, quiet_transformers

logger = logging.getLogger(__name__)
OPSET = 17
DIMENSION_UNKNOWN = 0  # an empty batch has no rows to tell the dimension from


def cpu_session_options(threads: int | None = None) -> Any:
    """onnxruntime options for a CPU session: ``threads`` intra-op threads (default: one per core)
    that stop spinning when a run ends (``session.force_spinning_stop``). Left spinning, they
    hold a core for a while after each run: the query's embedding kept one busy through the
    reader's run that follows it, which then took about 15% longer on two cores."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.add_session_config_entry("session.force_spinning_stop", "1")
    return options


def default_cache_dir() -> Path:
    """``$QA_CACHE``, else ``$XDG_CACHE_HOME/docqa`` (``~/.cache/docqa``)."""
    if os.environ.get("QA_CACHE"):
        return Path(os.environ["QA_CACHE"]).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docqa"


PRECISIONS = ("fp32", "int8")


def quantize_int8(source: Path, target: Path) -> None:
    """Write ``source`` with int8 weights (dynamic quantization, per channel) to ``target``, atomically."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        root = logging.getLogger()
        was, root.disabled = root.disabled, True  # it logs advice about pre-processing on the root logger: noise here
        try:
            quantize_dynamic(str(source), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            root.disabled = was
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export ``model_dir``'s transformer plus mean pooling to ``target`` (atomically)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModel

    quiet_transformers()
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            hidden = self.inner(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)

    sample = torch.ones(2, 8, dtype=torch.long)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    axes = {0: "batch", 1: "sequence"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on the model's internals are not the user's concern
            torch.onnx.export(
                MeanPooled(model), (sample, sample, torch.zeros_like(sample)), str(tmp),
                input_names=["ids", "mask", "types"], output_names=["embedding"], opset_version=OPSET, dynamo=False,
                dynamic_axes={"ids": axes, "mask": axes, "types": axes, "embedding": {0: "batch"}},
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


class OnnxEmbedder(LocalModel):
    """The bundled model (or a local sentence-transformers folder) run by onnxruntime.

    Each text runs alone by default (``batch_size`` 1). The int8 graph quantizes its activations
    per run, so in a batch a text's vector depends on its companions (cosine 0.985 between a
    sentence embedded alone and beside a long text); alone, a text always gets the same vector,
    as its query does, and a vector reused for an equal text (``index.reuse``) is exactly the one
    embedding would give. On the 2-core AVX2 EPYC it is also faster
    (600 SciFact chunks: int8 14.9 s alone against 16.8 s in batches of 32, fp32 22.0 against
    24.9 s, medians of 3), and SciFact *train* nDCG@10 moved 0.7324 -> 0.7355 (40 queries better,
    31 worse, p = 0.34: level)."""

    backend = "onnx"

    def __init__(self, model: str | Path = BUNDLED_MODEL, *, precision: str = "fp32", batch_size: int = 1,
                 cache_dir: Path | None = None) -> None:
        if precision not in PRECISIONS:
            raise InvalidInputError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
        super().__init__(model, batch_size=batch_size)
        self.precision = precision
        self.cache_dir = cache_dir
        self._session: Any = None

    @property
    def spec(self) -> dict[str, Any]:
        return {**super().spec, "precision": self.precision}

    def _cached(self, precision: str) -> Path:
        weights = self.path / "model.safetensors"
        stamp = f"{weights.stat().st_size}-{weights.stat().st_mtime_ns}" if weights.exists() else "none"
        key = hashlib.sha256(f"{self.path.resolve()}|{stamp}|{OPSET}".encode()).hexdigest()[:16]
        return (self.cache_dir or default_cache_dir()) / "onnx" / f"{Path(self._model_name).name}-{key}-{precision}.onnx"

    @property
    def onnx_path(self) -> Path:
        return self._cached(self.precision)

    def _materialize(self) -> Path:
        fp32 = self._cached("fp32")
        if not fp32.exists():
            logger.info("exporting %s to ONNX at %s (once)", self._model_name, fp32)
            export_onnx(self.path, fp32)
        if self.precision == "int8" and not self.onnx_path.exists():
            logger.info("quantizing %s to int8 at %s (once)", fp32, self.onnx_path)
            quantize_int8(fp32, self.onnx_path)
        return self.onnx_path

    def warm_up(self) -> None:
        with self._lock:
            if self._session is None:
                import onnxruntime as ort

                path = self.onnx_path if self.onnx_path.exists() else self._materialize()
                self._session = ort.InferenceSession(str(path), cpu_session_options(), providers=["CPUExecutionProvider"])
                tokenizer = self._load_tokenizer()
                self._batch_tokenizer = tokenizer.__class__.from_str(tokenizer.to_str())
                self._batch_tokenizer.enable_truncation(self.max_tokens)
                self._batch_tokenizer.enable_padding()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, DIMENSION_UNKNOWN), dtype=np.float32)
        vectors: list[np.ndarray] = [np.empty(0)] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batch by length: less padding
        for lo in range(0, len(order), self.batch_size):
            batch = order[lo : lo + self.batch_size]
            encodings = self._batch_tokenizer.encode_batch([texts[i] for i in batch])
            feed = {
                "ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "types": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            for i, row in zip(batch, self._session.run(None, feed)[0], strict=True):
                vectors[i] = row
        return _normalize(np.vstack(vectors))
