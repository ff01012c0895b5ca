"""The reader's training objective on a tiny random model: the answer's sentence and its loss."""

from __future__ import annotations

import random

import pytest

torch = pytest.importorskip("torch")

from index.embedders import bundled_model_path  # noqa: E402
from qa.reader_windows import load_tokenizer  # noqa: E402
from train.data import Example  # noqa: E402
from train.train_reader import featurize, loss_of, sentence_loss, tensors  # noqa: E402

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
