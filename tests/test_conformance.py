"""One conformance suite, run against every Embedder and every VectorStore."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embedders import Embedder, HashingEmbedder, SentenceTransformerEmbedder
from index.errors import InvalidInputError, NotFoundError, StoreDamagedError
from index.vectors import FaissVectorStore, VectorStore

EMBEDDERS = [
    pytest.param(lambda: HashingEmbedder(128), id="hashing"),
    pytest.param(lambda: SentenceTransformerEmbedder(), id="minilm-torch", marks=pytest.mark.integration),
    pytest.param(lambda: _onnx("fp32"), id="minilm-onnx", marks=pytest.mark.integration),
    pytest.param(lambda: _onnx("int8"), id="minilm-onnx-int8", marks=pytest.mark.integration),
]


def _onnx(precision: str) -> Embedder:
    from index.onnx_backend import OnnxEmbedder

    return OnnxEmbedder(precision=precision)
TEXTS = ["The bridge is 412 metres long.", "Apples grow in the orchard.", "Café déjà vu 🙂", ""]


@pytest.mark.parametrize("make", EMBEDDERS)
def test_embedder_conformance(make) -> None:
    embedder = make()
    assert isinstance(embedder, Embedder)
    vectors = embedder.embed(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape[0] == len(TEXTS)
    norms = np.linalg.norm(vectors[:3], axis=1)
    assert np.allclose(norms, 1.0, atol=1e-4)
    alone = embedder.embed(TEXTS[:1])
    if embedder.spec.get("precision") == "int8":  # activations are quantized per batch: close, not equal
        assert float(alone[0] @ vectors[0]) >= 0.99
        assert np.array_equal(embedder.embed(TEXTS[:1]), alone)  # but deterministic
    else:
        assert np.allclose(alone, vectors[:1], atol=1e-5)  # deterministic, batch-independent
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


def _milvus(dim: int, tmp_path: Path) -> VectorStore:
    from index.milvus_store import MilvusVectorStore

    return MilvusVectorStore(dim, uri=str(tmp_path / "milvus.db"), collection="conformance")


def _milvus_load(path: Path, dim: int) -> VectorStore:
    from index.milvus_store import MilvusVectorStore

    return MilvusVectorStore.load(path, dim)


STORES = [
    pytest.param(lambda dim, tmp: FaissVectorStore(dim), FaissVectorStore.load, id="faiss"),
    pytest.param(_milvus, _milvus_load, id="milvus-lite"),
]


@pytest.mark.parametrize(("make", "load"), STORES)
def test_vector_store_conformance(make, load, tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(20, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = make(16, tmp_path)
    assert isinstance(store, VectorStore)
    assert store.count() == 0 and store.search(vectors[0], 3) == []
    ids = list(range(100, 120))
    store.add(ids, vectors)
    assert store.count() == 20
    hits = store.search(vectors[5], 3)
    assert hits[0][0] == 105 and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    scoped = store.search(vectors[5], 3, only=np.array([101, 119, 113, 102]))
    expected = sorted(((i, float(vectors[5] @ vectors[i - 100])) for i in (101, 119, 113, 102)), key=lambda h: -h[1])[:3]
    assert [i for i, _ in scoped] == [i for i, _ in expected]  # the nearest of those ids, exactly
    assert [s for _, s in scoped] == pytest.approx([s for _, s in expected], abs=1e-5)
    assert store.search(vectors[5], 3, only=np.array([], dtype=np.int64)) == []
    assert store.remove([105, 999]) == 1 and store.count() == 19
    assert 105 not in [i for i, _ in store.search(vectors[5], 19)]
    assert sorted(store.ids().tolist()) == [i for i in ids if i != 105]
    np.testing.assert_allclose(store.get([117, 100, 117]), vectors[[17, 0, 17]], atol=1e-6)
    assert store.get([]).shape == (0, 16)
    with pytest.raises(NotFoundError, match="id 105"):
        store.get([100, 105])
    assert store.describe()["kind"] in ("faiss", "milvus")
    path = tmp_path / "v.idx"
    digest = store.save(path)
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    reopened = load(path, 16)
    assert reopened.count() == 19
    assert [i for i, _ in reopened.search(vectors[7], 2)] == [i for i, _ in store.search(vectors[7], 2)]
    assert reopened.search(vectors[7], 1)[0][1] == pytest.approx(1.0, abs=1e-4)
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind
    store.close()  # lets go of a server; the next use reconnects
    assert store.count() == 19
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


@pytest.mark.integration
def test_building_the_onnx_cache_prints_no_weight_loading_bar(tmp_path: Path) -> None:
    # the first `qa index` or `make run` on a fresh machine builds the cache in its own process
    code = ("import sys; from pathlib import Path; from index.onnx_backend import OnnxEmbedder; "
            "e = OnnxEmbedder(cache_dir=Path(sys.argv[1])); e.embed(['x']); print(e.onnx_path.exists())")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parent.parent, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
    assert "Loading weights" not in done.stderr, done.stderr


@pytest.mark.integration
def test_int8_backend_agrees_with_torch_fp32(tmp_path: Path) -> None:
    from index.embedders import make_embedder
    from index.onnx_backend import OnnxEmbedder

    texts = ["The peacekeeping contingent of 94 soldiers guards Kabul airport.", "How many soldiers guard it?",
             "Azerbaijan has had an official relationship with NATO since 1992.", "Apples grow in the orchard.",
             "Vitamin D deficiency is associated with an increased risk of multiple sclerosis."]
    int8 = OnnxEmbedder(precision="int8", cache_dir=tmp_path)
    cosines = (int8.embed(texts) * SentenceTransformerEmbedder().embed(texts)).sum(axis=1)
    assert cosines.min() >= 0.99, cosines
    assert int8.onnx_path.name.endswith("-int8.onnx") and int8.onnx_path.exists()
    assert int8.spec["precision"] == "int8" and make_embedder("onnx-int8").spec == {**int8.spec}
    # its threads stop spinning when a query's run ends, leaving the cores to the reader that follows
    assert int8._session.get_session_options().get_session_config_entry("session.force_spinning_stop") == "1"
    # a text's vector is its own: the same alone, beside a long text, and in another order
    alone = int8.embed(texts[:1])[0]
    beside = int8.embed([texts[0], "Café déjà vu 🙂 " * 60, *texts[1:]])
    np.testing.assert_array_equal(beside[0], alone)
    np.testing.assert_array_equal(int8.embed(texts[::-1])[::-1], int8.embed(texts))


def test_onnx_sessions_use_every_core_and_stop_spinning_after_each_run() -> None:
    import os

    from index.onnx_backend import cpu_session_options

    options = cpu_session_options()
    assert options.intra_op_num_threads == (os.cpu_count() or 1)
    assert options.get_session_config_entry("session.force_spinning_stop") == "1"
    assert cpu_session_options(3).intra_op_num_threads == 3


def test_backend_and_precision_arguments_are_validated() -> None:
    from index.embedders import make_embedder
    from index.onnx_backend import OnnxEmbedder

    with pytest.raises(InvalidInputError, match="backend must be one of onnx-int8, onnx, torch, got 'gpu'"):
        make_embedder("gpu")
    with pytest.raises(InvalidInputError, match="precision must be one of fp32, int8, got 'fp16'"):
        OnnxEmbedder(precision="fp16")


def test_same_vectors_ignores_the_backend_but_not_model_or_precision() -> None:
    from index.embedders import same_vectors

    torch_spec = {"kind": "sentence-transformers", "model": "all-MiniLM-L6-v2", "precision": "fp32", "backend": "torch"}
    assert same_vectors(torch_spec, {**torch_spec, "backend": "onnx"})
    assert same_vectors({"kind": "sentence-transformers", "model": "all-MiniLM-L6-v2"}, torch_spec)
    assert not same_vectors(torch_spec, {**torch_spec, "precision": "int8"})
    assert not same_vectors(torch_spec, {**torch_spec, "model": "other"})


def _clustered(n: int, dim: int, seed: int = 0) -> np.ndarray:
    """Unit vectors around 50 centres (cosine ~0.85 to their centre), as real embeddings cluster."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(50, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = centres[rng.integers(0, 50, n)] + rng.normal(size=(n, dim)) * 0.62 / np.sqrt(dim)
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_faiss_store_goes_approximate_by_size_and_back(tmp_path: Path) -> None:
    vectors = _clustered(3000, 32)
    store = FaissVectorStore(32, approximate_from=2000)
    store.add(np.arange(3000) + 7, vectors)
    exact = [{i for i, _ in store.search(v, 10)} for v in vectors[:100]]
    assert store.kind == "flat" and store.describe()["exact"] is True
    store.save(tmp_path / "v.idx")
    assert store.kind == "ivf"
    described = store.describe()
    assert described["index"].startswith("IVF") and described["exact"] is False and described["nprobe"] >= 16
    assert described["index"].endswith(",SQfp16")  # half-precision codes: half the memory
    reopened = FaissVectorStore.load(tmp_path / "v.idx", 32, approximate_from=2000)
    assert reopened.describe() == described and reopened.count() == 3000
    recall = np.mean([len(e & {i for i, _ in reopened.search(v, 10)}) / 10 for e, v in zip(exact, vectors, strict=False)])
    assert recall >= 0.98, recall
    assert sorted(reopened.ids().tolist()) == list(range(7, 3007))
    # scoped to the 50 vectors least like the query: found exactly, though their lists are not probed
    far = np.argsort(vectors @ vectors[0])[:50]
    scoped = reopened.search(vectors[0], 5, only=far + 7)
    assert [i for i, _ in scoped] == (far[np.argsort(-(vectors[far] @ vectors[0]))][:5] + 7).tolist()
    np.testing.assert_allclose(reopened.get([2999, 7, 1000]), vectors[[2992, 0, 993]], atol=1e-3)  # fp16 codes
    with pytest.raises(NotFoundError, match="id 3007"):
        reopened.get([7, 3007])
    assert reopened.remove(np.arange(7, 2207)) == 2200  # below half the threshold: exact again, same vectors
    reopened.save(tmp_path / "v.idx")
    assert reopened.kind == "flat" and reopened.count() == 800
    hit = reopened.search(vectors[2500], 1)[0]
    assert hit[0] == 2507 and hit[1] == pytest.approx(1.0, abs=1e-3)  # the vectors went through fp16


def test_an_ivf_flat_file_from_before_fp16_codes_still_loads(tmp_path: Path) -> None:
    import faiss

    vectors = _clustered(2000, 32, seed=1)
    legacy = faiss.index_factory(32, "IVF64,Flat", faiss.METRIC_INNER_PRODUCT)
    legacy.train(vectors)
    legacy.add_with_ids(vectors, np.arange(2000) + 1)
    (tmp_path / "old.idx").write_bytes(faiss.serialize_index(legacy).tobytes())
    store = FaissVectorStore.load(tmp_path / "old.idx", 32, approximate_from=1000)
    assert store.describe()["index"] == "IVF64,Flat" and store.count() == 2000
    ids, stored = store._all()  # noqa: SLF001 - the codes are read back as float32, exactly
    order = np.argsort(ids)
    assert np.array_equal(ids[order], np.arange(2000) + 1) and np.array_equal(stored[order], vectors)


def test_faiss_store_validates_the_threshold() -> None:
    with pytest.raises(InvalidInputError, match="approximate_from must be at least 1000, got 10"):
        FaissVectorStore(8, approximate_from=10)
