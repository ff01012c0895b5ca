from __future__ import annotations

import io
import json
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import pytest

from qa import DocumentQA
from qa.cli import main
from tests.conftest import CountingEmbedder


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def store(docs: Path, store_path: Path, embedder: CountingEmbedder) -> Path:
    """A store made with the fake embedder; the CLI reopens it with the embedder its manifest names."""
    DocumentQA.build([docs / "bridge.txt"], store_path, embedder=embedder).close()
    return store_path


def test_index_reports_the_sync_and_is_idempotent(docs: Path, store: Path) -> None:
    code, out, _ = run("index", "--store", str(store), str(docs))
    assert code == 0 and "4 added, 0 updated, 1 unchanged, 0 removed, 0 failed" in out
    code, out, _ = run("index", "--store", str(store), "--json", str(docs))
    report = json.loads(out)
    assert code == 0 and len(report["unchanged"]) == 5 and report["chunks_embedded"] == 0


def test_index_exits_1_and_names_each_bad_file(docs: Path, store: Path) -> None:
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (docs / "empty.md").write_bytes(b"")
    code, out, err = run("index", "--store", str(store), str(docs))
    assert code == 1 and "2 failed" in out
    assert "broken.pdf: malformed PDF" in err and "empty.md: empty file" in err
    assert "Traceback" not in err
    code, out, _ = run("ask", "--store", str(store), "--json", "When was the Halvard Bridge completed?")
    assert code == 0 and "1887" in json.loads(out)["answer"]


def test_ask_json_prints_exactly_one_object(store: Path) -> None:
    code, out, _ = run("ask", "--store", str(store), "--json", "When was the Halvard Bridge completed?")
    assert code == 0
    data = json.loads(out)  # fails if anything else was printed
    assert data["question"] == "When was the Halvard Bridge completed?"
    assert data["abstained"] is False and isinstance(data["confidence"], float)
    c = data["citations"][0]
    assert set(c) >= {"source", "doc_id", "start", "end", "text", "page", "score"}
    source = Path(c["source"]).read_text(encoding="utf-8")
    assert source[c["start"] : c["end"]] == c["text"] and "1887" in c["text"]


def test_ask_human_output_has_markers_and_source_lines(store: Path) -> None:
    code, out, _ = run("ask", "--store", str(store), "Who was the chief engineer of the Halvard Bridge?")
    assert code == 0
    assert "[1]" in out and "bridge.txt:5" in out and "Margit Solberg" in out


def test_ask_abstains_plainly(store: Path) -> None:
    code, out, _ = run("ask", "--store", str(store), "What is the recipe for sourdough bread?")
    assert code == 0 and out.startswith("I could not find this in the documents.")
    assert "maybe related, not an answer" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "--store", "{store}", ""], "question is empty"),
        (["ask", "--store", "{store}", "x" * 3000], "3000 characters long"),
        (["ask", "--store", "{missing}", "Why?"], "no index store at .*missing"),
        (["ask", "--store", "{store}", "--threshold", "3", "Why?"], "threshold must be between 0 and 1, got 3.0"),
        (["ask", "--store", "{store}", "--top-k", "0", "Why?"], "top_k must be between 1 and 100, got 0"),
        (["index", "--store", "{store}", "{missing}"], None),
        (["index", "--store", "{store}", "--vector-store", "milvus", "{store}"],
         r"--vector-store milvus: the store .* keeps its vectors in faiss; .*qa index --rebuild --vector-store milvus"),
        (["ask", "--store", "{store}", "--model", "{missing}", "Why?"],
         r"model_dir '.*missing' lacks reader-int8.onnx, tokenizer.json, calibration.json: give a reader folder"),
        (["ask", "--store", "{store}", "--answerer", "heuristic", "--model", "{store}", "Why?"],
         "the heuristic answerer reads none"),
        (["status", "--store", "{store}", "--model", "{missing}"],
         r"model_dir '.*missing' lacks reader-int8.onnx, tokenizer.json, calibration.json: give a reader folder"),
    ],
)
def test_bad_input_gets_a_clear_message_and_non_zero_exit(store: Path, tmp_path: Path, argv, message) -> None:
    argv = [a.format(store=store, missing=tmp_path / "missing") for a in argv]
    code, out, err = run(*argv)
    assert code != 0 and "Traceback" not in err
    if message:
        import re

        assert re.search(message, err), err
    else:
        assert "no such file or folder" in err


def test_ask_answers_with_the_reader_folder_given(store: Path, refusing_reader: Path) -> None:
    question = "When was the Halvard Bridge completed?"
    code, out, _ = run("ask", "--store", str(store), "--json", question)
    assert code == 0 and not json.loads(out)["abstained"]
    code, out, _ = run("ask", "--store", str(store), "--json", "--model", str(refusing_reader), question)
    answer = json.loads(out)
    assert code == 0 and answer["abstained"] and answer["confidence"] < 1.0  # its calibration's threshold, 1.0
    from qa.answerer import AnswerConfig

    assert AnswerConfig(model_dir=str(refusing_reader)).model_dir == refusing_reader  # type: ignore[arg-type]


def test_status_names_the_reader_folder_and_its_threshold(store: Path, refusing_reader: Path) -> None:
    from qa.reader import CALIBRATION_FILE, shipped_model_dir

    shipped = json.loads((shipped_model_dir() / CALIBRATION_FILE).read_text())["threshold"]
    code, out, _ = run("status", "--store", str(store), "--json")
    assert code == 0 and json.loads(out)["answerer"] == {"name": "model", "threshold": shipped,
                                                          "model": str(shipped_model_dir())}
    code, out, _ = run("status", "--store", str(store), "--json", "--model", str(refusing_reader))
    assert code == 0 and json.loads(out)["answerer"] == {"name": "model", "threshold": 1.0,
                                                          "model": str(refusing_reader)}
    code, out, _ = run("status", "--store", str(store), "--model", str(refusing_reader))
    assert code == 0 and f"answerer   model, reader {refusing_reader} (abstains below 1.00)\n" in out, out
    code, out, _ = run("status", "--store", str(store), "--answerer", "heuristic")
    assert code == 0 and "answerer   heuristic (abstains below 0.30)\n" in out, out


def test_store_built_with_another_model_is_refused(store: Path, docs: Path) -> None:
    from index.store import MANIFEST

    manifest = json.loads((store / MANIFEST).read_text())
    manifest["embedder"]["dimension"] = 999
    (store / MANIFEST).write_text(json.dumps(manifest))
    code, _, err = run("ask", "--store", str(store), "Why?")
    assert code == 2 and "rebuild" in err


def test_default_store_is_built_from_seeds_on_first_use(tmp_path: Path, monkeypatch, docs: Path) -> None:
    monkeypatch.setenv("QA_STORE", str(tmp_path / "default-store"))
    monkeypatch.setenv("QA_SEEDS", str(tmp_path / "no-seeds"))
    code, _, err = run("ask", "When?")
    assert code == 2 and "no seeds folder" in err


def test_list_remove_and_status_manage_the_index_without_touching_files(docs: Path, store: Path) -> None:
    assert run("index", "--store", str(store), str(docs))[0] == 0
    code, out, _ = run("list", "--store", str(store), "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5 and {r["type"] for r in rows} == {"txt", "md", "html", "pdf", "docx"}
    assert all(r["chunks"] >= 1 and r["characters"] > 0 for r in rows)
    assert all(r["bytes"] == Path(r["source"]).stat().st_size for r in rows)
    assert all(datetime.fromisoformat(r["indexed_at"]).tzinfo is not None for r in rows)
    assert {r["type"]: r["pages"] for r in rows}["pdf"] >= 1 and {r["type"]: r["pages"] for r in rows}["md"] is None
    code, out, _ = run("list", "--store", str(store))
    assert code == 0 and out.rstrip().endswith("5 documents") and "bridge.txt" in out
    bridge = next(r["source"] for r in rows if r["source"].endswith("bridge.txt"))
    code, out, _ = run("remove", "--store", str(store), bridge)
    assert code == 0 and "the file is untouched" in out and Path(bridge).is_file()
    assert len(json.loads(run("list", "--store", str(store), "--json")[1])) == 4
    code, _, err = run("remove", "--store", str(store), bridge)
    assert code == 2 and "not in the index" in err and "qa list" in err
    code, out, _ = run("status", "--store", str(store), "--json")
    status = json.loads(out)
    assert code == 0 and status["documents"] == 4 and status["chunks"] >= 4 and status["bytes_on_disk"] > 0
    assert status["vector_store"]["kind"] == "faiss" and status["answerer"]["name"] == "model"
    assert status["vectors"] == status["chunks"]
    code, out, _ = run("status", "--store", str(store))
    assert code == 0 and "documents  4" in out and "answerer   model" in out and "upgrade" not in out
    assert f"vectors    {status['chunks']} (faiss IDMap2,Flat)\n" in out, out
    with sqlite3.connect(store / "catalog.sqlite3") as conn:  # one file an older docqa extracted
        conn.execute("UPDATE documents SET extractor = '' WHERE source LIKE '%lighthouse.md'")
    code, out, _ = run("status", "--store", str(store))
    assert code == 0 and "upgrade    1 file was read by an older docqa: the next `qa index` of its folder reads it" in out
    assert json.loads(run("status", "--store", str(store), "--json")[1])["stale"] == 1


def test_list_works_on_a_store_written_before_indexed_at_was_recorded(store: Path) -> None:
    from index.store_files import CATALOG

    with sqlite3.connect(store / CATALOG) as db:
        db.execute("ALTER TABLE documents DROP COLUMN indexed_at")
    code, out, _ = run("list", "--store", str(store), "--json")
    assert code == 0 and [r["indexed_at"] for r in json.loads(out)] == [None]
    code, out, _ = run("list", "--store", str(store))
    assert code == 0 and "bridge.txt" in out and "\t-\t" in out


def test_a_library_s_logged_traceback_is_one_line_unless_verbose() -> None:
    import logging

    from qa.cli_logging import LogLines

    try:
        raise ValueError("the lock is held\nsecond line")
    except ValueError:
        record = logging.LogRecord("lib", logging.ERROR, __file__, 1, "Failed to start %s", ("x",), sys.exc_info())
    assert LogLines("%(name)s: %(message)s", tracebacks=False).format(record) == \
        "lib: Failed to start x (ValueError: the lock is held)"
    assert "Traceback" in LogLines("%(name)s: %(message)s", tracebacks=True).format(record)
