"""Shared normalisation: one softmax over a question's passages, relative to each window's [CLS]."""

from __future__ import annotations

import random

import pytest

torch = pytest.importorskip("torch")

from index.embedders import bundled_model_path  # noqa: E402
from qa.reader_windows import load_tokenizer  # noqa: E402
from tests.test_train_data import ARTICLE  # noqa: E402
from train.data import Example, article_examples  # noqa: E402
from train.shared_norm import featurize_groups, group_batches, group_ids, shared_cross_entropy  # noqa: E402
from train.train_reader import _sentence_tokens, tensors  # noqa: E402

PASSAGE = "The bridge opened in 1931. Its towers are 80 metres tall. It was painted green in 1975."
OTHER = "The ferry across the river stopped running in 1968. Its pier was 30 metres long."


def test_a_group_of_one_window_is_the_single_window_cross_entropy() -> None:
    torch.manual_seed(0)
    logits = torch.randn(2, 6)
    allowed = torch.tensor([[False, True, True, True, True, False]] * 2)
    target = torch.zeros(2, 6, dtype=torch.bool)
    target[0, 3] = True  # row 1 has no answer: its target is [CLS]
    shared = shared_cross_entropy(logits, allowed, target, torch.tensor([0, 1]))
    with_cls = allowed.clone()
    with_cls[:, 0] = True
    single = torch.nn.functional.cross_entropy(logits.masked_fill(~with_cls, -1e4), torch.tensor([3, 0]))
    assert float(shared) == pytest.approx(float(single), rel=1e-5)


def test_another_window_s_tokens_compete_with_the_answer_only_in_its_group() -> None:
    logits = torch.zeros(2, 4)
    allowed = torch.tensor([[False, True, True, False]] * 2)
    target = torch.tensor([[False, True, False, False], [False, False, False, False]])
    together, apart = torch.tensor([0, 0]), torch.tensor([0, 1])
    louder = logits.clone()
    louder[1, 1:3] = 5.0  # the window without the answer grows confident
    assert float(shared_cross_entropy(louder, allowed, target, together)) > \
        float(shared_cross_entropy(logits, allowed, target, together)) + 1.0
    # in separate groups the answer's own softmax is untouched; only the other's "no answer" suffers
    gold_only = torch.tensor([0])
    assert float(shared_cross_entropy(louder[:1], allowed[:1], target[:1], gold_only)) == pytest.approx(
        float(shared_cross_entropy(logits[:1], allowed[:1], target[:1], gold_only)))
    apart_louder = shared_cross_entropy(louder, allowed, target, apart)
    assert float(apart_louder) > float(shared_cross_entropy(logits, allowed, target, apart))


def test_groups_put_the_answer_s_window_first_and_batches_keep_groups_whole() -> None:
    start = PASSAGE.index("80 metres")
    examples = [Example("How tall are the towers?", PASSAGE, start, start + 9, "positive", (OTHER, OTHER)),
                Example("Who built the tram?", PASSAGE, None, None, "squad2_negative", (OTHER,))]
    features, groups = featurize_groups(load_tokenizer(bundled_model_path()), examples, _sentence_tokens)
    assert [len(g) for g in groups] == [3, 2]
    first = features[groups[0][0]]
    assert first[1] > 0 and first[0].passage_index == 0
    assert all(features[i][1:] == (0, 0, 0, 0) for i in groups[0][1:] + groups[1])
    for batch in group_batches(groups, 4, seed=1):
        assert all(set(g) <= set(batch) or not set(g) & set(batch) for g in groups)
    owner = [g for g, rows in enumerate(groups) for _ in rows]
    assert group_ids(owner, [3, 4, 0, 1, 2]).tolist() == [0, 0, 1, 1, 1]
    inputs = tensors(features, groups[0])
    assert inputs["start"].tolist()[1:] == [0, 0]


def test_a_negative_number_of_other_paragraphs_is_refused(tmp_path) -> None:  # noqa: ANN001
    from train.data import build_training_set

    with pytest.raises(ValueError, match="others must be at least 0, got -1"):
        build_training_set(tmp_path, squad11_questions=10, seed=0, others=-1)


def test_examples_carry_other_paragraphs_that_lack_the_answer() -> None:
    examples = article_examples(ARTICLE, random.Random(3), others=2)
    assert examples and all(e.kind != "other_paragraph" for e in examples)
    for e in examples:
        if e.answerable:
            answer = e.passage[e.answer_start:e.answer_end].lower()
            assert all(answer not in other.lower() for other in e.others)
    opened = next(e for e in examples if e.question.startswith("Who opened"))
    assert opened.others == (ARTICLE["paragraphs"][1]["context"],)  # shares "bridge"
    rust = next(e for e in examples if e.question.startswith("What did engineers"))
    assert rust.others == ()  # the first paragraph shares no word of the question
    assert article_examples(ARTICLE, random.Random(3), others=0)[0].others == ()
    unanswerable = {**ARTICLE, "paragraphs": [{**ARTICLE["paragraphs"][0], "qas": [
        {"id": "q9", "question": "Who painted the bridge in 1975?", "is_impossible": True, "answers": []}]},
        ARTICLE["paragraphs"][1]]}
    assert article_examples(unanswerable, random.Random(3), others=2)[0].others == (ARTICLE["paragraphs"][1]["context"],)


def test_averaged_weights_are_the_mean_and_mismatched_files_are_refused(tmp_path) -> None:  # noqa: ANN001
    from safetensors.torch import save_file

    from train.average_weights import average, main

    save_file({"w": torch.tensor([1.0, 3.0])}, str(tmp_path / "a.safetensors"))
    save_file({"w": torch.tensor([3.0, 5.0])}, str(tmp_path / "b.safetensors"))
    save_file({"v": torch.tensor([3.0, 5.0])}, str(tmp_path / "c.safetensors"))
    main([str(tmp_path / "a.safetensors"), str(tmp_path / "b.safetensors"), "--out", str(tmp_path / "m.safetensors")])
    from safetensors.torch import load_file

    assert load_file(str(tmp_path / "m.safetensors"))["w"].tolist() == [2.0, 4.0]
    with pytest.raises(ValueError, match="c.safetensors does not hold the same tensors"):
        average([tmp_path / "a.safetensors", tmp_path / "c.safetensors"])
    with pytest.raises(ValueError, match="at least two"):
        average([tmp_path / "a.safetensors"])
