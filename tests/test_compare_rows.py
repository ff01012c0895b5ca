"""train.compare_rows: paired hit@1 of two readers' cached calibration rows, and where they miss."""

from __future__ import annotations

import json
from pathlib import Path

from train.compare_rows import best_per_question, by_feature, main


def _cand(margin: float, correct: bool) -> dict:
    return {"features": {"margin": margin}, "correct": correct}


def _write(tmp: Path, name: str, rows: list[dict]) -> tuple[Path, Path]:
    rows_path, report_path = tmp / f"{name}-rows.json", tmp / f"{name}-report.json"
    rows_path.write_text(json.dumps(rows))
    report_path.write_text(json.dumps({"calibration": {"bias": 0.0, "weights": {"margin": 1.0}, "threshold": 0.5}}))
    return rows_path, report_path


def test_breakdown_counts_cited_other_passage_and_no_candidate(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    a = [{"id": "1", "answerable": True, "candidates": [_cand(2, True), _cand(1, False)]},
         {"id": "2", "answerable": True, "candidates": [_cand(2, False), _cand(1, True)]},
         {"id": "3", "answerable": True, "candidates": [_cand(2, False)]},
         {"id": "4", "answerable": False, "candidates": []}]
    b = [{"id": "1", "answerable": True, "candidates": [_cand(2, True)]},
         {"id": "2", "answerable": True, "candidates": [_cand(3, True), _cand(1, False)]},
         {"id": "3", "answerable": True, "candidates": [_cand(2, True)]},
         {"id": "4", "answerable": False, "candidates": [_cand(-3, False)]}]
    ra, pa = _write(tmp_path, "a", a)
    rb, pb = _write(tmp_path, "b", b)
    best = best_per_question(ra, pa)
    assert best["2"][:2] == (True, False) and best["2"][3] is True
    assert best["4"] == (False, False, 0.0, False)
    main([str(ra), str(pa), str(rb), str(pb)])
    out = capsys.readouterr().out
    assert "hit@1 A 0.333  B 1.000  B gains 2, loses 0" in out
    assert "A: answerable questions whose answer another passage's candidate held 0.333, no candidate held 0.333" in out
    assert "B: answerable questions whose answer another passage's candidate held 0.000, no candidate held 0.000" in out


def test_a_feature_alone_picks_its_highest_candidate_and_scores_it_over_every_question(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    rows = [{"id": "1", "answerable": True, "candidates": [_cand(2, True), _cand(1, False)]},
            {"id": "2", "answerable": True, "candidates": [_cand(2, False), _cand(1, True)]},
            {"id": "3", "answerable": True, "candidates": []},
            {"id": "4", "answerable": False, "candidates": [_cand(-3, False)]}]
    path, report = _write(tmp_path, "a", rows)
    hit, score = by_feature(path, "margin")
    assert hit == 1 / 3  # question 1 of the three answerable (question 3 has no candidate)
    assert score == 0.75  # question 1's 2 above question 4's -3, tied with question 2's 2
    main([str(path), str(report), str(path), str(report), "--feature", "margin"])
    assert "B: by margin alone cites right 0.333, AUC of it for a right candidate 0.750" in capsys.readouterr().out


def test_articles_a_reader_trained_on_are_left_out(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    a = [{"id": "1", "article": "Seen", "answerable": True, "candidates": [_cand(2, False)]},
         {"id": "2", "article": "Fresh", "answerable": True, "candidates": [_cand(2, False)]}]
    b = [{"id": "1", "article": "Seen", "answerable": True, "candidates": [_cand(2, True)]},
         {"id": "2", "article": "Fresh", "answerable": True, "candidates": [_cand(2, False)]}]
    ra, pa = _write(tmp_path, "a", a)
    rb, pb = _write(tmp_path, "b", b)
    main([str(ra), str(pa), str(rb), str(pb)])
    assert "hit@1 A 0.000  B 0.500  B gains 1, loses 0" in capsys.readouterr().out
    main([str(ra), str(pa), str(rb), str(pb), "--skip-articles", "Seen"])
    out = capsys.readouterr().out
    assert "questions 1, answerable 1" in out and "hit@1 A 0.000  B 0.000  B gains 0, loses 0" in out
