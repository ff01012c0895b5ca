"""The real bundled model (all-MiniLM-L6-v2) on the seed article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.chunker import SPECIAL_TOKENS, Chunker, ChunkerConfig
from index.documents import Document, content_id
from index.embedders import SentenceTransformerEmbedder
from qa import DocumentQA
from tests.conftest import REPO

pytestmark = pytest.mark.integration
SEEDS = REPO / "seeds"
QUESTIONS = [json.loads(line) for line in (SEEDS / "questions.jsonl").open()]


@pytest.fixture(scope="module")
def seed_bot(tmp_path_factory: pytest.TempPathFactory) -> DocumentQA:
    return DocumentQA.build([SEEDS], tmp_path_factory.mktemp("seed") / "store")


def _answerable() -> list:
    return [
        pytest.param(q, marks=pytest.mark.xfail(reason=q["known_miss"], strict=True)) if q.get("known_miss") else q
        for q in QUESTIONS
        if q["answerable"]
    ]


@pytest.mark.parametrize("item", _answerable(), ids=lambda q: q["question"][:40])
def test_answerable_seed_questions_cite_the_answer(seed_bot: DocumentQA, item: dict) -> None:
    answer = seed_bot.ask(item["question"])
    assert not answer.abstained, f"abstained with confidence {answer.confidence:.3f}"
    assert item["answer"] in answer.citations[0].text
    text = (SEEDS / Path(answer.citations[0].source).name).read_text(encoding="utf-8")
    for c in answer.citations:
        assert text[c.start : c.end] == c.text


@pytest.mark.parametrize("item", [q for q in QUESTIONS if not q["answerable"]], ids=lambda q: q["question"][:40])
def test_unrelated_questions_abstain(seed_bot: DocumentQA, item: dict) -> None:
    answer = seed_bot.ask(item["question"])
    assert answer.abstained, f"answered {answer.text!r} with confidence {answer.confidence:.3f}"


def test_seed_follow_up_question(seed_bot: DocumentQA) -> None:
    history = ["When did Azerbaijan team up with NATO through the Partnership for Peace program?"]
    answer = seed_bot.ask("And how often is its action plan revised?", history=history)
    assert not answer.abstained and "every two years" in answer.citations[0].text


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["Peacekeeping", "contingent", "unaffordable", "Ünïcödé", "北京", "🙂", "x" * 40,
                                 "—", "3.14", "co-operation", "."]), max_size=1500).map(" ".join))
def test_real_tokenizer_chunks_fit_the_model_window(text: str) -> None:
    embedder = SentenceTransformerEmbedder()
    chunker = Chunker(embedder, ChunkerConfig())
    for chunk in chunker.chunk(Document(content_id(text), "m", "m", text)):
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(embedder.token_spans(chunk.text)) + SPECIAL_TOKENS <= embedder.max_tokens


def test_cli_ask_json_builds_the_default_store_from_seeds(tmp_path: Path) -> None:
    env = {**os.environ, "QA_STORE": str(tmp_path / "default"), "QA_SEEDS": str(SEEDS), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "qa.cli", "ask", "--json", "How many troops did the ISAF task force include?"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert not data["abstained"] and "130,000" in data["citations"][0]["text"]
    assert "Building the default store" in done.stderr
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert json.loads(again.stdout) == data and "Building" not in again.stderr


def test_query_path_on_an_onnx_store_does_not_import_torch(seed_bot: DocumentQA) -> None:
    assert seed_bot.store.manifest.embedder["backend"] == "onnx"
    code = (
        "import sys; from qa import DocumentQA; bot = DocumentQA.open(sys.argv[1]); "
        "a = bot.ask('How many troops did the ISAF task force include?'); "
        "assert '130,000' in a.citations[0].text; "
        "print(sorted(m for m in ('torch', 'sentence_transformers') if m in sys.modules))"
    )
    cmd = [sys.executable, "-c", code, str(seed_bot.store.path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


DRINKS_HTML = (
    "<html><head><title>Drinks</title></head><body><main><h1>Caffeine in drinks</h1>"
    "<p>The table lists typical caffeine amounts per serving.</p><table>"
    "<tr><th>Drink</th><th>Serving</th><th>Caffeine</th></tr><tr><td>Espresso</td><td>30 ml</td><td>63 mg</td></tr>"
    "<tr><td>Black tea</td><td>240 ml</td><td>47 mg</td></tr><tr><td>Cola</td><td>355 ml</td><td>34 mg</td></tr>"
    "</table><p>Decaffeinated coffee still holds about 2 mg per cup.</p></main></body></html>")
DRINKS_MD = ("# Caffeine in drinks\n\nThe table lists typical caffeine amounts per serving.\n\n"
             "| Drink | Serving | Caffeine |\n|---|---|---|\n| Espresso | 30 ml | 63 mg |\n| Black tea | 240 ml | 47 mg |\n"
             "| Cola | 355 ml | 34 mg |\n\nDecaffeinated coffee still holds about 2 mg per cup.\n")


@pytest.mark.parametrize(("name", "page", "row"), [("drinks.html", DRINKS_HTML, "Drink {drink}: Serving"),
                                                  ("drinks.md", DRINKS_MD, "{drink} | ")])
def test_a_data_table_answers_with_its_row(tmp_path: Path, name: str, page: str, row: str) -> None:
    """The reader, trained on prose, reads a table row by row (HTML: index.html_text; Markdown, whose
    text stays the file's: qa.table_view) and cites the answering row."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text(page, encoding="utf-8")
    bot = DocumentQA.build([docs], tmp_path / "store")
    for question, drink, short in (("How much caffeine is in black tea?", "Black tea", "47 mg"),
                                   ("How much caffeine does espresso have?", "Espresso", "63 mg")):
        answer = bot.ask(question)
        assert not answer.abstained, (question, answer.confidence)
        assert answer.citations[0].text.startswith(row.format(drink=drink)), answer
        assert short in (answer.short_answer or ""), answer
    bot.close()
