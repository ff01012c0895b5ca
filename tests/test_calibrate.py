"""The calibration: its store (built once, reopened as it is, refused when it holds a document
twice) and how its features are chosen."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index.catalog import DocumentInfo
from index.embedders import HashingEmbedder
from index.errors import InvalidInputError
from qa.answerer import AnswerConfig
from train.calibrate import (
    FEATURE_SETS,
    PARSIMONY,
    _fit_features,
    choose,
    cross_validated,
    fit,
    open_store,
    repeated_documents,
)

HEURISTIC = AnswerConfig(answerer="heuristic")


def _articles(folder: Path) -> Path:
    folder.mkdir()
    (folder / "00000_Alpha.txt").write_text("Alpha is a small town. It lies on a river.\n", encoding="utf-8")
    (folder / "00001_Beta.txt").write_text("Beta was founded in 1850. Its mayor is Ann.\n", encoding="utf-8")
    return folder


def test_a_kept_store_is_reopened_as_it_is_not_synced_again(tmp_path: Path) -> None:
    """Only the run that builds the store writes to it (a kept store was found holding three
    copies of each calibration article, each under a different temporary folder)."""
    import shutil

    store = tmp_path / "store"
    first = _articles(tmp_path / "first")
    bot = open_store(first, store, HEURISTIC, HashingEmbedder())
    assert len(bot.store.catalog.documents()) == 2
    bot.close()
    shutil.rmtree(first)  # the first run's temporary folder is gone; a sync would record a move
    bot = open_store(_articles(tmp_path / "second"), store, HEURISTIC, HashingEmbedder())
    try:
        sources = [d.source for d in bot.store.catalog.documents()]
        assert len(sources) == 2 and all(s.startswith(str(first)) for s in sources)
        passages = bot.retrieve("Who is the mayor of Beta?")
        assert len({p.chunk_id for p in passages}) == len(passages) == 2
    finally:
        bot.close()


def test_documents_held_twice_are_named() -> None:
    def info(source: str, doc_id: str) -> DocumentInfo:
        return DocumentInfo(source, doc_id, "t", 1, 10)

    assert repeated_documents([info("/a/x.txt", "d1"), info("/a/y.txt", "d2")]) == []
    assert repeated_documents([info("/a/x.txt", "d1"), info("/b/x.txt", "d1"), info("/a/y.txt", "d2")]) == ["d1"]


def test_a_store_holding_a_document_twice_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    open_store(_articles(tmp_path / "first"), store, HEURISTIC, HashingEmbedder()).close()
    from index.catalog import Catalog

    real = Catalog.documents
    monkeypatch.setattr(Catalog, "documents", lambda self: real(self) * 2)  # as a store synced twice would list them
    with pytest.raises(InvalidInputError, match=r"holds 2 document\(s\) more than once .*delete it"):
        open_store(tmp_path / "first", store, HEURISTIC, HashingEmbedder())


def _rows(n: int = 240, seed: int = 0) -> list[dict]:
    """Questions over four articles; an answerable one's right candidate is mostly the top
    passage's and has a higher sentence margin on average, so the passage rank helps to pick it."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        answerable = i % 2 == 0
        right = (0 if rng.random() < 0.8 else rng.randrange(1, 5)) if answerable else -1
        cands = []
        for rank in range(5):
            margin = rng.gauss(1.0 if rank == right else 0.0, 1.5)
            cands.append({"features": {"sentence_margin": margin, "margin": margin + rng.gauss(0, 1),
                                       "answerable": rng.gauss(1.0 if answerable else 0.0, 1.0),
                                       "passage_rank": 1.0 / (1 + rank), "dense": rng.random()},
                          "correct": rank == right})
        rows.append({"id": str(i), "article": f"a{i % 4}", "answerable": answerable, "candidates": cands})
    return rows


def test_the_fewest_features_within_the_parsimony_of_the_best_log_loss_are_chosen() -> None:
    a, b, c = ("x",), ("x", "y"), ("x", "y", "z")
    scores = {a: {"log_loss": 0.60}, b: {"log_loss": 0.55}, c: {"log_loss": 0.55 - PARSIMONY / 2}}
    assert choose(scores) == b  # c gains less than the parsimony over b
    scores[c] = {"log_loss": 0.50}
    assert choose(scores) == c


def test_cross_validation_holds_out_articles_and_reports_hit_and_abstention_per_feature_set() -> None:
    rows = _rows()
    without = cross_validated(rows, ("sentence_margin", "answerable"), 0.12)
    with_rank = cross_validated(rows, ("sentence_margin", "answerable", "passage_rank"), 0.12)
    assert set(without) == {"log_loss", "hit@1", "abstention_f1", "answerable_wrongly_abstained"}
    assert with_rank["hit@1"] > without["hit@1"] + 0.05  # the rank marks the answer's passage here
    assert 0.0 <= without["answerable_wrongly_abstained"] <= 0.2
    _, report = fit(rows, 0.12)
    # rows collected before the text features existed: the sets that need one are left out
    held = {"sentence_margin", "margin", "answerable", "passage_rank", "dense"}
    assert set(report["feature_sets_cv"]) == {",".join(n) for n in FEATURE_SETS if held.issuperset(n)}
    assert any(not held.issuperset(n) for n in FEATURE_SETS)
    chosen = report["feature_sets_cv"][",".join(report["features"])]["log_loss"]
    assert chosen <= min(v["log_loss"] for v in report["feature_sets_cv"].values()) + PARSIMONY


def test_a_negation_mismatch_that_marks_unanswerable_questions_gets_a_negative_weight_and_pays() -> None:
    """Half the unanswerable questions negate where their candidates' sentences do not (as
    SQuAD 2.0's writers made them); no answerable one does."""
    rng = random.Random(5)
    rows = _rows(seed=3)
    for row in rows:
        mismatch = float(not row["answerable"] and rng.random() < 0.5)
        for cand in row["candidates"]:
            cand["features"]["negation_mismatch"] = mismatch
    names = ("sentence_margin", "answerable")
    without = cross_validated(rows, names, 0.12)
    with_it = cross_validated(rows, (*names, "negation_mismatch"), 0.12)
    assert with_it["log_loss"] < without["log_loss"] - 0.01
    assert with_it["abstention_f1"] > without["abstention_f1"]
    _, report = fit(rows, 0.12)
    assert "sentence_margin,answerable,negation_mismatch" in report["feature_sets_cv"]
    assert dict(_fit_features(rows, (*names, "negation_mismatch")).weights)["negation_mismatch"] < -1.0


def test_collected_rows_carry_every_text_check_the_calibration_may_weigh(tmp_path: Path, monkeypatch) -> None:
    """The answerer computes only the checks its own calibration weighs; collecting with a
    placeholder calibration must still record all of them (a fresh collection once lost them)."""
    import json

    torch = pytest.importorskip("torch")
    from transformers import BertConfig, BertModel

    import train.calibrate as calibrate
    from index.embedders import bundled_model_path
    from qa.reader import text_features
    from train.data import is_calibration_article
    from train.export_reader import export
    from train.model import Reader

    title = next(t for t in (f"Town{i}" for i in range(100)) if is_calibration_article(t))
    context = "Alpha is a small town. It does not lie on a river. Its mayor is Ann."
    article = {"title": title, "paragraphs": [{"context": context, "qas": [
        {"id": "q1", "question": "Who is the mayor of Alpha?", "is_impossible": False,
         "answers": [{"text": "Ann", "answer_start": context.index("Ann")}]},
        {"id": "q2", "question": "Which river does Alpha not lie on?", "is_impossible": True, "answers": []}]}]}
    data = tmp_path / "data"
    (data / "squad2_dev_split").mkdir(parents=True)
    (data / "squad2_dev_split" / "squad2_dev_train.json").write_text(json.dumps({"version": "v2.0", "data": [article]}))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    export(Reader(BertModel(config)).eval(), bundled_model_path() / "tokenizer.json", tmp_path / "model",
           tmp_path / "fp32.onnx")
    real_open = calibrate.open_store
    monkeypatch.setattr(calibrate, "open_store",
                        lambda documents, store, answering: real_open(documents, store, answering, HashingEmbedder()))
    rows = calibrate.collect(data, tmp_path / "model", None)
    assert [r["id"] for r in rows] == ["q1", "q2"]
    every = set(text_features("q", "s", "p"))
    assert every == {"negation_mismatch", "opposite_mismatch", "missing_names", "missing_numbers"}
    for row in rows:
        assert row["candidates"]
        for candidate in row["candidates"]:
            assert every <= set(candidate["features"])
            expected = text_features(row["question"], candidate["sentence"], candidate["passage"])
            assert {k: candidate["features"][k] for k in every} == expected


def test_articles_the_reader_was_trained_on_are_left_out_of_the_fit_and_must_be_calibration_articles() -> None:
    from train.calibrate import held_out

    rows = _rows()
    article = rows[0]["article"]
    kept = held_out(rows, [article])
    assert kept and all(r["article"] != article for r in kept)
    assert len(kept) == sum(r["article"] != article for r in rows)
    assert held_out(rows, []) == rows
    with pytest.raises(SystemExit, match=r"--trained-on \['Nowhere'\]: no calibration question comes from these articles"):
        held_out(rows, ["Nowhere", article])


def _with_focus(rows: list[dict]) -> list[dict]:
    """Every candidate read focused (its focus margin its sentence margin plus a little)."""
    for row in rows:
        for i, cand in enumerate(row["candidates"]):
            cand["features"]["focus_margin"] = cand["features"]["sentence_margin"] + 0.1 * i
    return rows


def test_rows_read_focused_serve_for_fewer_candidates_read_focused() -> None:
    from qa.focus import FOCUS_FLOOR
    from train.calibrate import limit_focus

    rows = _with_focus(_rows(n=8))
    margins = [[c["features"]["sentence_margin"] for c in r["candidates"]] for r in rows]
    assert limit_focus(rows, 2) == 8 * 3
    for row, row_margins in zip(rows, margins, strict=True):
        top2 = sorted(row_margins, reverse=True)[:2]
        for cand in row["candidates"]:
            focused = cand["features"]["focus_margin"] != FOCUS_FLOOR
            assert focused == (cand["features"]["sentence_margin"] in top2)
    assert limit_focus(rows, 2) == 0 and limit_focus(rows, 5) == 0  # nothing read again that was not
    assert limit_focus(rows, 1) == 8


def test_the_calibration_written_records_how_many_candidates_it_read_focused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from qa.reader import Calibration
    from train.calibrate import main

    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps(_with_focus(_rows())))
    model = tmp_path / "model"
    model.mkdir()
    main(["--data", str(tmp_path), "--model", str(model), "--rows", str(rows), "--focus-top", "1",
          "--report", str(tmp_path / "report.json")])
    written = Calibration.load(model / "calibration.json")
    assert written.focus_top == 1 and written.decode == "sentence"
    assert json.loads((tmp_path / "report.json").read_text())["focus_top"] == 1
    with pytest.raises(SystemExit):
        main(["--data", str(tmp_path), "--model", str(model), "--rows", str(rows), "--focus-top", "0"])
    assert "--focus-top must be from 1 to 100, got 0" in capsys.readouterr().err
