"""train.probe_cosine: the bi-encoder features it adds to train.calibrate's rows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.embedders import HashingEmbedder
from train.probe_cosine import add_features, main

QUESTION = "How tall is the Varn lighthouse?"
PASSAGE = "Storms are common. The Varn lighthouse is 41 metres tall. Fog rolls in at dawn."


def rows() -> list[dict]:
    cands = [{"features": {}, "correct": c, "sentence": s, "passage": PASSAGE}
             for s, c in (("The Varn lighthouse is 41 metres tall.", True), ("Fog rolls in at dawn.", False))]
    return [{"id": "q1", "article": "A", "answerable": True, "question": QUESTION, "candidates": cands}]


def test_the_features_are_the_cosines_and_word_shares() -> None:
    embedder = HashingEmbedder()
    got = rows()
    add_features(got, embedder)
    q, close, far, focused = embedder.embed([QUESTION, "The Varn lighthouse is 41 metres tall.", "Fog rolls in at dawn.",
                                             PASSAGE])
    first, second = (c["features"] for c in got[0]["candidates"])
    assert first["sentence_cosine"] == pytest.approx(float(np.dot(q, close)))
    assert second["sentence_cosine"] == pytest.approx(float(np.dot(q, far)))
    assert first["focus_cosine"] == pytest.approx(float(np.dot(q, focused)))  # both neighbours: the whole passage
    assert first["coverage"] == 1.0 and second["coverage"] == 0.0  # "tall", "varn", "lighthous"
    assert first["passage_coverage"] == second["passage_coverage"] == 1.0
    best = max(first["sentence_cosine"], second["sentence_cosine"])
    assert first["max_cosine"] == second["max_cosine"] == best
    assert max(first["cosine_gap"], second["cosine_gap"]) == 0.0


def test_rows_without_their_texts_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bare = rows()
    for cand in bare[0]["candidates"]:
        del cand["passage"]
    (tmp_path / "rows.json").write_text(json.dumps(bare))
    with pytest.raises(SystemExit):
        main([str(tmp_path / "rows.json"), "--out", str(tmp_path / "out.json")])
    assert "lack their texts" in capsys.readouterr().err
