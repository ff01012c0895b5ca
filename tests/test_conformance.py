"""One conformance suite, run against every Embedder and every VectorStore."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embedders import Embedder, HashingEmbedder, SentenceTransformerEmbedder
from index.errors import InvalidInputError, StoreDamagedError
from index.vectors import FaissVectorStore, VectorStore

EMBEDDERS = [
    pytest.param(lambda: HashingEmbedder(128), id="hashing"),
    pytest.param(lambda: SentenceTransformerEmbedder(), id="minilm-torch", marks=pytest.mark.integration),
    pytest.param(lambda: _onnx(), id="minilm-onnx", marks=pytest.mark.integration),
]


def _onnx() -> Embedder:
    from index.onnx_backend import OnnxEmbedder

    return OnnxEmbedder()
TEXTS = ["The bridge is 412 metres long.", "Apples grow in the orchard.", "Café déjà vu 🙂", ""]


@pytest.mark.parametrize("make", EMBEDDERS)
def test_embedder_conformance(make) -> None:
    embedder = make()
    assert isinstance(embedder, Embedder)
    vectors = embedder.embed(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape[0] == len(TEXTS)
    norms = np.linalg.norm(vectors[:3], axis=1)
    assert np.allclose(norms, 1.0, atol=1e-4)
    assert np.allclose(embedder.embed(TEXTS[:1]), vectors[:1], atol=1e-5)  # deterministic, batch-independent
    assert embedder.embed([]).shape[0] == 0
    spans = embedder.token_spans("The bridge is long.")
    assert spans and all(0 <= a < b <= 19 for a, b in spans)
    assert embedder.max_tokens >= 16
    assert isinstance(embedder.spec, dict) and embedder.spec["kind"]
    # related texts are closer than unrelated ones
    q = embedder.embed(["How long is the bridge?"])[0]
    assert q @ vectors[0] > q @ vectors[1]


def test_hashing_embedder_validates_arguments() -> None:
    with pytest.raises(InvalidInputError, match="dimension must be at least 8, got 2"):
        HashingEmbedder(2)


STORES = [pytest.param(lambda dim: FaissVectorStore(dim), FaissVectorStore.load, id="faiss")]


@pytest.mark.parametrize(("make", "load"), STORES)
def test_vector_store_conformance(make, load, tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(20, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = make(16)
    assert isinstance(store, VectorStore)
    assert store.count() == 0 and store.search(vectors[0], 3) == []
    ids = list(range(100, 120))
    store.add(ids, vectors)
    assert store.count() == 20
    hits = store.search(vectors[5], 3)
    assert hits[0][0] == 105 and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert store.remove([105, 999]) == 1 and store.count() == 19
    assert 105 not in [i for i, _ in store.search(vectors[5], 19)]
    path = tmp_path / "v.idx"
    store.save(path)
    reopened = load(path, 16)
    assert reopened.count() == 19
    assert reopened.search(vectors[7], 2) == store.search(vectors[7], 2)
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind
    with pytest.raises(InvalidInputError, match=r"shape \(n, 16\)"):
        store.add([1], np.zeros((1, 8), dtype=np.float32))
    with pytest.raises(InvalidInputError, match="k must be at least 1"):
        store.search(vectors[0], 0)
    with pytest.raises(StoreDamagedError, match="dimension 16"):
        load(path, 32)
    path.write_bytes(path.read_bytes()[:50])
    with pytest.raises(StoreDamagedError, match="rebuild"):
        load(path, 16)


@pytest.mark.integration
def test_onnx_and_torch_backends_agree(tmp_path: Path) -> None:
    from index.onnx_backend import OnnxEmbedder

    texts = ["The peacekeeping contingent of 94 soldiers guards Kabul airport.", "How many soldiers guard it?",
             "Café déjà vu 🙂 " * 40, "x", "Azerbaijan has had an official relationship with NATO since 1992."]
    onnx = OnnxEmbedder(cache_dir=tmp_path)
    cosines = (onnx.embed(texts) * SentenceTransformerEmbedder().embed(texts)).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines
    assert onnx.onnx_path.exists() and onnx.onnx_path.parent.parent == tmp_path


def test_same_vectors_ignores_the_backend_but_not_model_or_precision() -> None:
    from index.embedders import same_vectors

    torch_spec = {"kind": "sentence-transformers", "model": "all-MiniLM-L6-v2", "precision": "fp32", "backend": "torch"}
    assert same_vectors(torch_spec, {**torch_spec, "backend": "onnx"})
    assert same_vectors({"kind": "sentence-transformers", "model": "all-MiniLM-L6-v2"}, torch_spec)
    assert not same_vectors(torch_spec, {**torch_spec, "precision": "int8"})
    assert not same_vectors(torch_spec, {**torch_spec, "model": "other"})
