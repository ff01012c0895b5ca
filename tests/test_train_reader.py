"""The reader's training objective on a tiny random model: the answer's sentence and its loss."""

from __future__ import annotations

import random

import pytest

torch = pytest.importorskip("torch")

from index.embedders import bundled_model_path  # noqa: E402
from qa.reader_windows import answer_tokens, load_tokenizer, make_windows  # noqa: E402
from train.data import Example  # noqa: E402
from train.train_reader import _sentence_tokens, featurize, loss_of, sentence_loss, tensors  # noqa: E402

PASSAGE = "The bridge opened in 1931. Its towers are 80 metres tall. It was painted green in 1975."


@pytest.fixture(scope="module")
def features():  # noqa: ANN201
    start = PASSAGE.index("80 metres")
    examples = [Example("How tall are the towers?", PASSAGE, start, start + len("80 metres"), "positive"),
                Example("Who built the tram?", PASSAGE, None, None, "squad2_negative")]
    return featurize(load_tokenizer(bundled_model_path()), examples, random.Random(0))


def test_the_answer_s_sentence_is_marked_in_tokens(features) -> None:  # noqa: ANN001
    (window, start, end, first, last), negative = features
    assert negative[1:] == (0, 0, 0, 0)
    covered = PASSAGE[window.offsets[first][0] : window.offsets[last][1]]
    assert covered == "Its towers are 80 metres tall."
    assert first <= start <= end <= last
    batch = tensors(features, [0, 1])
    assert batch["sentence"][0].nonzero().flatten().tolist() == list(range(first, last + 1))
    assert batch["sentence"][1].nonzero().flatten().tolist() == [0]  # "no answer" lives on [CLS]


def test_the_sentence_loss_is_zero_when_all_mass_is_in_the_sentence_and_grows_outside() -> None:
    sentence = torch.tensor([[False, False, True, True, False]])
    inside = torch.tensor([[-1e4, -1e4, 2.0, 1.0, -1e4]])
    assert float(sentence_loss(inside, inside, sentence)) == pytest.approx(0.0, abs=1e-6)
    outside = torch.tensor([[0.0, 3.0, 0.0, 0.0, 3.0]])
    assert float(sentence_loss(outside, outside, sentence)) > 1.0


def test_loss_of_adds_the_sentence_term_only_when_weighted(features) -> None:  # noqa: ANN001
    from transformers import BertConfig, BertModel

    from train.model import Reader

    torch.manual_seed(0)
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    model = Reader(BertModel(config)).eval()
    batch = tensors(features, [0, 1])
    with torch.no_grad():
        plain, start, end, _ = loss_of(model, batch)
        weighted = loss_of(model, batch, 0.5)[0]
    expected = plain + 0.5 * sentence_loss(start, end, batch["sentence"] & batch["allowed"])
    assert float(weighted) == pytest.approx(float(expected), rel=1e-5)
    assert float(weighted) > float(plain)


def test_featurize_encodes_each_distinct_passage_once_and_gives_the_same_windows() -> None:
    tokenizer = load_tokenizer(bundled_model_path())
    long = " ".join(f"Span {n} of the causeway was rebuilt in {1900 + n}." for n in range(60))  # several windows
    start = long.index("1931")
    examples = [Example("When was span 31 rebuilt?", long, start, start + 4, "positive"),
                Example("When was span 31 rebuilt?", long, None, None, "answer_removed"),
                Example("How tall are the towers?", PASSAGE, PASSAGE.index("80"), PASSAGE.index("80") + 9, "positive")]
    calls: list[int] = []

    class Counting:
        def __getattr__(self, name: str):  # noqa: ANN204
            return getattr(tokenizer, name)

        def encode_batch(self, texts, **kwargs):  # noqa: ANN001, ANN003, ANN201
            calls.append(len(texts))
            return tokenizer.encode_batch(texts, **kwargs)

    features = featurize(Counting(), examples, random.Random(5))
    assert calls == [2]  # the two distinct passages, in one batch
    rng, expected = random.Random(5), []
    for ex in examples:  # what featurize did before: each example's windows made on their own
        for w in make_windows(tokenizer, ex.question, [ex.passage]):
            if ex.answer_start is None or ex.answer_end is None:
                expected.append((w, 0, 0, 0, 0))
                continue
            span = answer_tokens(w, ex.answer_start, ex.answer_end)
            if span is not None:
                expected.append((w, *span, *_sentence_tokens(w, ex.passage, ex.answer_start, ex.answer_end)))
            elif rng.random() < 0.3:
                expected.append((w, 0, 0, 0, 0))
    assert features == expected and len(features) > 4
