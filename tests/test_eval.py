from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.errors import InvalidInputError
from qa.datasets import detect_format, load
from qa.eval_cli import main
from qa.evaluation import evaluate
from tests.conftest import FIXTURES, CountingEmbedder

KEYS = {
    "retrieval": {"recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"},
    "answer": {"exact_match", "f1", "citation_hit@1", "citation_hit@any", "citation_holds_answer@1", "citation_valid",
               "ece"},
    "abstention": {"precision", "recall", "f1", "answerable_wrongly_abstained"},
    "latency_ms": {"p50", "p95"},
    "index": {"documents", "chunks", "seconds", "chunks_per_s"},
}


def check_contract(report: dict) -> None:
    assert {"dataset", "format", "questions"} | set(KEYS) <= set(report)
    for section, keys in KEYS.items():
        assert keys <= set(report[section]), section
    for value in report["retrieval"].values():
        assert 0.0 <= value <= 1.0


def test_squad_gold_spans_map_to_document_offsets(tmp_path: Path) -> None:
    evalset = load(FIXTURES / "squad_tiny.json", tmp_path)
    assert evalset.format == "squad" and len(evalset.questions) == 5
    texts = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.txt")}
    assert len(texts) == 2  # one document per article
    for q in evalset.questions:
        for name, spans in q.gold.items():
            assert [texts[name][a:b] for a, b in spans] == q.answers
    assert [q.answerable for q in evalset.questions] == [True, False, True, True, False]


def test_squad_end_to_end_with_the_fake_embedder(tmp_path: Path) -> None:
    evalset = load(FIXTURES / "squad_tiny.json", tmp_path / "corpus")
    report = evaluate(evalset, store=tmp_path / "store", threshold=0.3, embedder=CountingEmbedder())
    check_contract(report)
    assert report["format"] == "squad" and report["questions"] == 5
    assert report["answer"]["citation_valid"] == 1.0
    assert report["answer"]["citation_hit@1"] >= 2 / 3  # the fake embedder finds these by shared words
    # a citation that holds the gold answer's place holds its text: the looser count is never lower
    assert report["answer"]["citation_holds_answer@1"] >= report["answer"]["citation_hit@1"]
    assert report["index"]["documents"] == 2 and report["index"]["seconds"] > 0
    assert report["abstention"]["recall"] is not None
    # retrieval is scored over the 3 answerable questions only, all found by shared words
    assert report["retrieval"]["recall@10"] == 1.0


def test_beir_end_to_end_and_cli_report_files(tmp_path: Path) -> None:
    evalset = load(FIXTURES / "beir_tiny", tmp_path / "corpus")
    assert detect_format(FIXTURES / "beir_tiny") == "beir"
    assert len(evalset.questions) == 3  # the query without judgements is left out
    store = tmp_path / "store"
    report = evaluate(evalset, store=store, embedder=CountingEmbedder())
    check_contract(report)
    assert report["answer"] == dict.fromkeys(KEYS["answer"]) and report["abstention"]["f1"] is None
    assert report["retrieval"]["recall@10"] == 1.0 and report["retrieval"]["ndcg@10"] > 0.8
    # the CLI reuses the store built above (its manifest names the fake embedder)
    out = tmp_path / "reports" / "beir.json"
    assert main([str(FIXTURES / "beir_tiny"), "--store", str(store), "--out", str(out), "--limit", "2"]) == 0
    written = json.loads(out.read_text())
    check_contract(written)
    assert written["questions"] == 2 and written["index"]["seconds"] is None
    assert out.with_suffix(".md").read_text().startswith("# Evaluation: beir_tiny/test")
    assert out.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_seed_format_finds_gold_spans_in_the_seed_documents(tmp_path: Path, docs: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps({"question": "How long is the Halvard Bridge?", "answerable": True, "answer": "412 metres"}) + "\n"
        + json.dumps({"question": "Who painted the Mona Lisa?", "answerable": False}) + "\n", encoding="utf-8")
    evalset = load(questions, tmp_path / "unused", seeds=docs)
    start = (docs / "bridge.txt").read_text(encoding="utf-8").index("412 metres")
    assert evalset.format == "seed" and evalset.questions[0].gold == {"bridge.txt": [(start, start + 10)]}
    report = evaluate(evalset, store=tmp_path / "store", embedder=CountingEmbedder())
    check_contract(report)
    assert report["answer"]["citation_valid"] == 1.0


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda p: p / "nothing.json", "does not exist"),
        (lambda p: (p / "x.csv").write_text("a,b") and p / "x.csv", "cannot tell the format"),
        (lambda p: (p / "bad.json").write_text('{"rows": []}') and p / "bad.json", "is not SQuAD JSON"),
        (lambda p: (p / "d").mkdir() or p / "d", "without corpus.jsonl"),
    ],
)
def test_unreadable_datasets_name_what_was_expected(tmp_path: Path, make, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        load(make(tmp_path), tmp_path / "work")


def test_cli_evaluates_the_reader_folder_given_and_names_it(tmp_path: Path, refusing_reader: Path, capsys) -> None:
    store, out = tmp_path / "store", tmp_path / "r.json"
    evaluate(load(FIXTURES / "squad_tiny.json", tmp_path / "corpus"), store=store, embedder=CountingEmbedder())
    argv = [str(FIXTURES / "squad_tiny.json"), "--store", str(store), "--out", str(out), "--answerer", "both"]
    assert main([*argv, "--model", str(refusing_reader)]) == 0
    report = json.loads(out.read_text())["answerers"]
    model, heuristic = report["model"], report["heuristic"]
    assert model["settings"]["model"] == str(refusing_reader) and heuristic["settings"]["model"] is None
    assert model["settings"]["threshold"] == 1.0 and model["abstention"]["answerable_wrongly_abstained"] == 1.0
    assert heuristic["abstention"]["answerable_wrongly_abstained"] < 1.0
    assert f"- answerer model (reader {refusing_reader})" in out.with_suffix(".md").read_text()
    assert main([*argv[:-1], "heuristic", "--model", str(refusing_reader)]) == 2
    assert "--answerer heuristic reads none (use --answerer model or both)" in capsys.readouterr().err
    assert main([*argv]) == 0
    shipped = json.loads(out.read_text())["answerers"]["model"]
    assert shipped["settings"]["model"] is None and shipped["abstention"]["answerable_wrongly_abstained"] < 1.0


def test_cli_rejects_a_bad_dataset_without_a_traceback(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "missing.json"), "--out", str(tmp_path / "r.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_lexical_budget_is_checked_and_reported(tmp_path: Path, capsys) -> None:
    out = tmp_path / "r.json"
    assert main([str(FIXTURES / "beir_tiny"), "--out", str(out), "--lexical-budget", "-1"]) == 2
    assert "--lexical-budget must be 0 (no bound) or more, got -1" in capsys.readouterr().err
    store = tmp_path / "store"
    evaluate(load(FIXTURES / "beir_tiny", tmp_path / "corpus"), store=store, embedder=CountingEmbedder())
    assert main([str(FIXTURES / "beir_tiny"), "--store", str(store), "--out", str(out), "--lexical-budget", "0"]) == 0
    assert json.loads(out.read_text())["settings"]["lexical_budget"] is None  # 0 means no bound
    assert main([str(FIXTURES / "beir_tiny"), "--store", str(store), "--out", str(out), "--lexical-budget", "5"]) == 0
    assert json.loads(out.read_text())["settings"]["lexical_budget"] == 5
