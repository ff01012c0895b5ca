"""The reader's windows, span mapping, calibration and ONNX path (on a tiny random model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.embedders import bundled_model_path
from index.errors import InvalidInputError
from qa.reader import Calibration, OnnxReader, Reading, best_span, readings_from_logits
from qa.reader_windows import answer_tokens, load_tokenizer, make_windows, pad_batch


@pytest.fixture(scope="module")
def tokenizer():  # noqa: ANN201
    return load_tokenizer(bundled_model_path())


ACCENTED = "Ünal Çelik opened the Café Señor in İstanbul in 1987; naïve Zoë paid 12 €. 北京 is far."


def test_window_offsets_point_at_the_exact_characters(tokenizer) -> None:
    [w] = make_windows(tokenizer, "Who opened the café?", [ACCENTED])
    assert w.input_ids[0] == tokenizer.token_to_id("[CLS]") and w.input_ids[-1] == tokenizer.token_to_id("[SEP]")
    pieces = [ACCENTED[a:b] for a, b in (o for o in w.offsets if o is not None)]
    assert "".join(pieces).replace(" ", "") == ACCENTED.replace(" ", "")
    assert w.token_type_ids.count(1) == len(pieces) + 1  # the passage and its closing [SEP]
    assert int(w.context_mask.sum()) == len(pieces)


@pytest.mark.parametrize("answer", ["Ünal Çelik", "Café Señor", "İstanbul", "1987", "Zoë", "12 €", "北京"])
def test_answer_spans_round_trip_through_tokens(tokenizer, answer: str) -> None:
    start = ACCENTED.index(answer)
    [w] = make_windows(tokenizer, "What?", [ACCENTED])
    tokens = answer_tokens(w, start, start + len(answer))
    assert tokens is not None
    first, last = tokens
    first_span, last_span = w.offsets[first], w.offsets[last]
    assert first_span is not None and last_span is not None
    a, b = first_span[0], last_span[1]
    assert ACCENTED[a:b] == answer


def test_long_passages_get_overlapping_windows_within_the_limit(tokenizer) -> None:
    passage = " ".join(f"Sentence number {i} mentions the harbour of Melby." for i in range(120))
    windows = make_windows(tokenizer, "Where is the harbour?", [passage], max_length=128, stride=40)
    assert len(windows) > 3 and all(len(w.input_ids) <= 128 for w in windows)
    spans = [(next(o for o in w.offsets if o)[0], [o for o in w.offsets if o][-1][1]) for w in windows]
    assert spans[0][0] == 0 and spans[-1][1] == len(passage)
    assert all(b[0] < a[1] for a, b in zip(spans, spans[1:]))  # consecutive windows overlap
    answer = passage.index("number 100")
    holders = [w for w in windows if answer_tokens(w, answer, answer + 10) is not None]
    assert holders and len(holders) < len(windows)


def test_window_arguments_are_validated(tokenizer) -> None:
    with pytest.raises(InvalidInputError, match="max_length must leave room"):
        make_windows(tokenizer, "q", ["p"], max_length=40)
    with pytest.raises(InvalidInputError, match="stride must be positive, got 0"):
        make_windows(tokenizer, "q", ["p"], stride=0)
    with pytest.raises(InvalidInputError, match="encodings: got 1 for 2 passages"):
        make_windows(tokenizer, "q", ["a", "b"], encodings=[tokenizer.encode("a", add_special_tokens=False)])
    with pytest.raises(InvalidInputError, match="max_length must be at least 96, got 10"):
        OnnxReader(max_length=10)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aé Zß北🙂.,-1") + ["ﬁ", "İ", "\u0301"]), min_size=1, max_size=300))
def test_every_token_offset_is_inside_the_passage(tokenizer, text: str) -> None:
    for w in make_windows(tokenizer, "what is it?", [text], max_length=100, stride=30):
        assert len(w.input_ids) <= 100
        for span in w.offsets:
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(text)


def test_best_span_respects_the_allowed_tokens_and_the_length_limit() -> None:
    start = np.array([9.0, 1.0, 5.0, 0.0, 0.0])
    end = np.array([9.0, 0.0, 0.0, 1.0, 7.0])
    allowed = np.array([False, True, True, True, True])
    assert best_span(start, end, allowed) == (2, 4, 12.0)
    i, j, score = best_span(start, end, allowed, max_tokens=2)
    assert j - i < 2 and score == 7.0
    assert best_span(start, end, np.zeros(5, dtype=bool))[2] == float("-inf")


def test_readings_keep_each_passage_s_best_window(tokenizer) -> None:
    windows = make_windows(tokenizer, "q?", ["alpha beta gamma", "delta epsilon"])
    n = max(len(w.input_ids) for w in windows)
    start, end = np.zeros((2, n)), np.zeros((2, n))
    answerable = np.array([0.5, -1.0])
    first_ctx = [int(np.flatnonzero(w.context_mask)[0]) for w in windows]
    start[0, first_ctx[0] + 1] = end[0, first_ctx[0] + 1] = 3.0  # "beta"
    readings = readings_from_logits(windows, start, end, answerable, 3)
    assert "alpha beta gamma"[readings[0].start : readings[0].end] == "beta"
    assert readings[0].margin == pytest.approx(6.0) and readings[0].answerable == 0.5
    assert readings[2].end == readings[2].start and readings[2].margin == float("-inf")


def test_calibration_is_monotonic_and_loads_its_file(tmp_path: Path) -> None:
    cal = Calibration(bias=-1.0, weights=(("margin", 0.5), ("answerable", 0.2)), threshold=0.4)
    f = {"margin": 4.0, "answerable": 1.0, "passage_rank": 1.0, "dense": 0.5}
    assert cal.probability(f) > cal.probability({**f, "margin": 1.0}) > cal.probability({**f, "margin": -3.0})
    assert cal.probability({**f, "margin": float("-inf")}) == 0.0
    with pytest.raises(InvalidInputError, match=r"unknown features \['colour'\]"):
        Calibration(bias=0.0, weights=(("colour", 1.0),), threshold=0.5)
    with pytest.raises(InvalidInputError, match="threshold must be between 0 and 1, got 2"):
        Calibration(bias=0.0, weights=(), threshold=2)
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps(cal.as_dict()))
    assert Calibration.load(path) == cal
    path.write_text('{"bias": 1}')
    with pytest.raises(InvalidInputError, match="cannot read the reader's calibration .*calibration.json"):
        Calibration.load(path)
    with pytest.raises(InvalidInputError, match="decode must be 'span' or 'sentence', got 'word'"):
        Calibration(bias=0.0, weights=(), threshold=0.5, decode="word")
    # a calibration file from before decoding by sentence existed was fitted on span decoding
    path.write_text(json.dumps({"bias": 0.1, "weights": {"margin": 1.0}, "threshold": 0.3}))
    assert Calibration.load(path).decode == "span"
    sentence = Calibration(bias=0.0, weights=(("sentence_margin", 1.0),), threshold=0.5, decode="sentence")
    path.write_text(json.dumps(sentence.as_dict()))
    assert Calibration.load(path) == sentence


def test_a_calibration_records_how_many_candidates_it_was_fitted_reading_focused(tmp_path: Path) -> None:
    path = tmp_path / "calibration.json"
    two = Calibration(bias=0.0, weights=(("focus_margin", 1.0),), threshold=0.5, decode="sentence", focus_top=2)
    path.write_text(json.dumps(two.as_dict()))
    assert json.loads(path.read_text())["focus_top"] == 2 and Calibration.load(path) == two
    # files from before it was recorded were fitted reading three again
    path.write_text(json.dumps({"bias": 0.1, "weights": {"focus_margin": 1.0}, "threshold": 0.3, "decode": "sentence"}))
    assert Calibration.load(path).focus_top == 3
    for bad in (0, 101, 2.5, "2", True):
        with pytest.raises(InvalidInputError, match=f"focus_top must be a whole number from 1 to 100, got {bad!r}"):
            Calibration(bias=0.0, weights=(), threshold=0.5, focus_top=bad)  # type: ignore[arg-type]
    path.write_text(json.dumps({**two.as_dict(), "focus_top": "two"}))
    with pytest.raises(InvalidInputError, match="focus_top must be a whole number from 1 to 100, got 'two'"):
        Calibration.load(path)


def test_the_shipped_reader_decodes_the_way_its_calibration_was_fitted(tmp_path: Path) -> None:
    from qa.model_answerer import ModelAnswerer

    for decode in ("span", "sentence"):
        (tmp_path / "calibration.json").write_text(json.dumps(
            Calibration(bias=0.0, weights=(("margin", 1.0),), threshold=0.5, decode=decode).as_dict()))
        reader = ModelAnswerer(None, model_dir=tmp_path).reader  # type: ignore[arg-type]
        assert isinstance(reader, OnnxReader) and reader.by_sentence == (decode == "sentence")


def test_the_shipped_graph_is_small_stores_int8_weights_and_runs_fused_fp32_kernels() -> None:
    import onnx

    from qa.reader import READER_FILE, shipped_model_dir

    path = shipped_model_dir() / READER_FILE
    assert path.stat().st_size < 30e6
    ops = {n.op_type for n in onnx.load(str(path)).graph.node}
    # int8 weights dequantized in the graph (fp32 arithmetic, the same on every CPU), no int8 activations
    assert "DequantizeLinear" in ops and not ops & {"MatMulInteger", "DynamicQuantizeLinear"}, ops
    # attention, embeddings and layer norms in onnxruntime's fused kernels (about a sixth less reading time)
    assert {"Attention", "EmbedLayerNormalization", "SkipLayerNormalization"} <= ops, ops


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    reader = OnnxReader(tmp_path)  # constructing is free; the error comes on first use
    with pytest.raises(InvalidInputError, match="no reader model at .*reader-int8.onnx.*--answerer heuristic"):
        reader.read("q", ["p"])


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A randomly initialised two-layer reader exported through the real export path."""
    torch = pytest.importorskip("torch")
    from transformers import BertConfig, BertModel

    from train.export_reader import export
    from train.model import Reader

    torch.manual_seed(0)
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    out = tmp_path_factory.mktemp("tiny")
    export(Reader(BertModel(config)).eval(), bundled_model_path() / "tokenizer.json", out / "model", out / "fp32.onnx")
    return out / "model", out / "fp32.onnx"


def test_tiny_exported_reader_reads_exact_spans_and_int8_agrees_with_fp32(tiny_model) -> None:
    model_dir, fp32 = tiny_model
    int8 = OnnxReader(model_dir)
    full = OnnxReader(fp32.parent, file=fp32.name)
    (fp32.parent / "tokenizer.json").write_bytes((model_dir / "tokenizer.json").read_bytes())
    passages = [ACCENTED, "The Halvard Bridge carries two railway tracks.", ""]
    a, b = int8.read("Who opened the café?", passages), full.read("Who opened the café?", passages)
    for reading, passage in zip(a, passages):
        assert isinstance(reading, Reading)
        assert 0 <= reading.start <= reading.end <= len(passage)
    assert a[2].end == a[2].start  # an empty passage has nothing to read
    for x, y in zip(a[:2], b[:2]):
        assert abs(x.margin - y.margin) < 0.05 and abs(x.answerable - y.answerable) < 0.05
    assert pad_batch([])["input_ids"].shape == (0, 0)


def test_windows_read_one_at_a_time_give_the_logits_of_one_padded_batch(tiny_model) -> None:
    model_dir, _ = tiny_model
    reader = OnnxReader(model_dir, max_length=96)
    passages = ["Short one.", "A somewhat longer passage about the Halvard Bridge, which carries trams. " * 12, ACCENTED]
    windows, start, end, answerable = reader.logits("Who built the bridge?", passages)
    lengths = [len(w.input_ids) for w in windows]
    assert len(windows) > len(passages) and len(set(lengths)) > 1  # windows of several lengths
    batched_start, batched_end, batched_answerable = reader._session.run(None, pad_batch(windows))
    for row, n in enumerate(lengths):
        np.testing.assert_allclose(start[row, :n], batched_start[row, :n], atol=1e-5)
        np.testing.assert_allclose(end[row, :n], batched_end[row, :n], atol=1e-5)
        assert not start[row, n:].any() and not end[row, n:].any()
    np.testing.assert_allclose(answerable, batched_answerable, atol=1e-5)
    assert start.shape == end.shape == (len(windows), max(lengths)) and answerable.shape == (len(windows),)


def test_decoding_by_sentence_picks_the_sentence_with_the_most_probability_not_the_best_span(tokenizer) -> None:
    passage = "Alpha is red. Beta is blue. Gamma is green."
    windows = make_windows(tokenizer, "q?", [passage])
    (w,) = windows
    n = len(w.input_ids)
    start, end = np.zeros((1, n)), np.zeros((1, n))
    second = [i for i, o in enumerate(w.offsets) if o is not None and 14 <= o[0] < 27]  # "Beta is blue."
    alpha = next(i for i, o in enumerate(w.offsets) if o is not None)
    start[0, alpha] = end[0, alpha] = 3.0  # the best single span: "Alpha"
    start[0, second] = end[0, second] = 2.5  # but more mass over the second sentence
    (span,) = readings_from_logits(windows, start, end, np.array([1.0]), 1)
    assert passage[span.start : span.end] == "Alpha" and span.sentence_margin is None
    (reading,) = readings_from_logits(windows, start, end, np.array([1.0]), 1, [passage])
    assert passage[reading.sentence_start : reading.sentence_end] == "Beta is blue."
    assert reading.sentence_start <= reading.start < reading.end <= reading.sentence_end
    choices = np.concatenate([[0], np.flatnonzero(w.context_mask)])
    log_z = np.log(np.exp(start[0, choices]).sum())
    mass = np.log(np.exp(start[0, second] - log_z).sum())
    expected = 2 * mass - 2 * (start[0, 0] - log_z)  # start and end alike; minus "no answer"
    assert reading.sentence_margin == pytest.approx(expected)
    assert reading.answerable == 1.0 and reading.margin == pytest.approx(5.0)


@pytest.mark.integration
def test_the_shipped_reader_s_threads_stop_spinning_after_each_read_and_it_folds_the_int8_weights() -> None:
    reader = OnnxReader()
    reader.warm_up()
    options = reader._session.get_session_options()
    assert options.get_session_config_entry("session.force_spinning_stop") == "1"
    assert options.get_session_config_entry("session.disable_quant_qdq") == "1"


def test_sentences_and_spans_inside_uncitable_ranges_are_passed_over(tokenizer, tmp_path: Path) -> None:
    passage = "Beta is blue\n\nAlpha is red. Beta is blue indeed."
    windows = make_windows(tokenizer, "q?", [passage])
    (w,) = windows
    n = len(w.input_ids)
    start, end = np.zeros((1, n)), np.zeros((1, n))
    heading = [i for i, o in enumerate(w.offsets) if o is not None and o[1] <= 12]  # "Beta is blue"
    later = [i for i, o in enumerate(w.offsets) if o is not None and o[0] >= passage.index("Beta is blue indeed")]
    start[0, heading] = end[0, heading] = 3.0  # the most mass, and the best span, in the heading
    start[0, later] = end[0, later] = 1.0
    (best,) = readings_from_logits(windows, start, end, np.array([1.0]), 1, [passage])
    assert passage[best.sentence_start : best.sentence_end] == "Beta is blue"
    for texts in ([passage], None):  # by sentence, and by span
        (kept,) = readings_from_logits(windows, start, end, np.array([1.0]), 1, texts, [[(0, 13)]])
        assert kept.start >= passage.index("Beta is blue indeed"), passage[kept.start : kept.end]
    # a passage that is all heading has no reading
    (none,) = readings_from_logits(windows, start, end, np.array([1.0]), 1, [passage], [[(0, len(passage))]])
    assert none.end == none.start and none.margin == float("-inf")
    with pytest.raises(InvalidInputError, match="uncitable must hold one list of ranges per passage: got 2 for 1"):
        OnnxReader(tmp_path).read("q?", ["p"], [[], []])
