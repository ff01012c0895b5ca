from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from qa.reader import Reading
from tests.test_train_data import ARTICLE
from train.mine_hard import mine, sample_cases
from train.training_set import hard_questions


class FirstSentenceReader:
    """Cites each passage's first sentence (up to its first full stop)."""

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages: Sequence[str],
             uncitable: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[Reading]:
        return [Reading(i, 0, 1, 1.0, 0.0, 0.0, 0, p.index(".") + 1, 1.0) for i, p in enumerate(passages)]


def _data(tmp_path: Path) -> Path:
    (tmp_path / "squad11_train").mkdir()
    (tmp_path / "squad11_train" / "squad11_train.json").write_text(json.dumps({"data": [ARTICLE]}))
    return tmp_path


def test_mining_keeps_the_questions_whose_sentence_the_reader_misses(tmp_path: Path) -> None:
    cases = sample_cases(_data(tmp_path), 10, seed=3)
    assert len(cases) == 3 and cases == sample_cases(tmp_path, 10, seed=3)
    hit, missed = mine(FirstSentenceReader(), cases)
    # the first sentence answers "Who opened ...?" only; the other two answers lie later
    assert hit == pytest.approx(1 / 3)
    assert sorted(m["question"] for m in missed) == ["How long is the bridge over the Tessel River?",
                                                     "What did engineers from Oslo Polytechnic find in 2004?"]
    assert {m["title"] for m in missed} == {"Halvard_Bridge"}
    with pytest.raises(ValueError, match="questions must be at least 1, got 0"):
        sample_cases(tmp_path, 0, seed=3)


def test_the_training_reads_what_mining_wrote_and_names_a_bad_file(tmp_path: Path) -> None:
    out = tmp_path / "hard.json"
    out.write_text(json.dumps({"missed": [{"title": "T", "question": "Q?"}]}))
    assert hard_questions(out) == {"Q?"} and hard_questions(None) == frozenset()
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(SystemExit, match=r"--hard .*bad.json: not a train.mine_hard output"):
        hard_questions(tmp_path / "bad.json")

