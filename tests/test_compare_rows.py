"""train.compare_rows: paired hit@1 of two readers' cached calibration rows, and where they miss."""

from __future__ import annotations

import json
from pathlib import Path

from train.compare_rows import best_per_question, main


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
