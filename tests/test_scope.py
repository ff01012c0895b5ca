"""Questions asked within some files or folders of a store (`qa ask --in PATH`, ``ask(within=...)``):
both retrievers keep to those documents, however well the others match."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index.embedders import HashingEmbedder
from index.errors import InvalidInputError, NotFoundError
from index.options import StoreOptions
from index.store import Store
from index.sync import sync
from qa import DocumentQA
from qa.answerer import AnswerConfig
from qa.retriever import HybridRetriever, RetrievalConfig
from tests.processes import qa

FERRY = ("The {name} ferry leaves the harbour at seven in the morning. The {name} ferry crosses the fjord "
         "eleven times a day. Tickets for the {name} ferry are sold on board.")


def _folders(tmp_path: Path) -> Path:
    """Two packages whose notes say nearly the same; ``gzip-extra`` shares the ``gzip`` prefix."""
    docs = tmp_path / "docs"
    for package, name in (("gzip", "Nordvik"), ("gzip-extra", "Nordvik"), ("sed", "Vestby")):
        (docs / package).mkdir(parents=True)
        (docs / package / "NOTES.txt").write_text(f"{FERRY.format(name=name)} ({package})\n", encoding="utf-8")
    (docs / "sed" / "more.txt").write_text("The Vestby bakery opens at six.\n", encoding="utf-8")
    return docs


@pytest.fixture(params=["faiss", "milvus"])
def retriever(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HybridRetriever]:
    options = StoreOptions(vector_store=request.param)
    store = Store.create(tmp_path / "store", HashingEmbedder(256), options=options)
    sync(store, [_folders(tmp_path)], options=options)
    yield HybridRetriever(store, RetrievalConfig(top_k=5))
    store.close()


def test_passages_come_only_from_the_folder_or_file_named(retriever: HybridRetriever, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    question = "How often does the Nordvik ferry cross the fjord?"
    everywhere = {Path(p.source).parent.name for p in retriever.retrieve(question)}
    assert {"gzip", "gzip-extra"} <= everywhere  # the question matches the Nordvik notes best
    within = retriever.retrieve(question, within=[str(docs / "sed")])
    assert within and {Path(p.source).parent.name for p in within} == {"sed"}
    # a folder named is that folder, not every path that begins with its name
    assert {Path(p.source).parent.name for p in retriever.retrieve(question, within=[docs / "gzip"])} == {"gzip"}
    one_file = retriever.retrieve(question, within=[str(docs / "sed" / "more.txt")])
    assert [Path(p.source).name for p in one_file] == ["more.txt"]
    both = retriever.retrieve(question, within=[docs / "gzip", docs / "sed" / "more.txt"])
    assert {Path(p.source).parent.name for p in both} == {"gzip", "sed"}
    # each retriever alone keeps to the scope too
    rows = retriever.scope([str(docs / "sed")])
    lexical = retriever.store.lexical_search("Nordvik ferry fjord", 10, within=rows)
    assert lexical == [] or {retriever.store.chunks([i])[i].row_id for i, _ in lexical} <= set(rows)
    assert retriever.store.lexical_search("Vestby bakery", 10, within=rows)
    only = np.asarray(retriever.store.catalog.chunk_ids_of(rows))
    query = retriever.store.embedder.embed([question])[0]
    assert {i for i, _ in retriever.store.dense_search(query, 10, only)} == set(only.tolist())


def test_a_relative_path_is_read_from_the_working_folder(retriever: HybridRetriever, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path / "docs")
    passages = retriever.retrieve("When does the ferry leave?", within=["sed"])
    assert passages and all("/sed/" in p.source for p in passages)


def test_a_scope_holding_no_document_is_an_error_naming_it(retriever: HybridRetriever, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"no indexed document is .*/docs/grep or lies in it; `qa list`"):
        retriever.retrieve("When does the ferry leave?", within=[str(tmp_path / "docs" / "grep")])
    with pytest.raises(InvalidInputError, match="within must be a list of files or folders"):
        retriever.retrieve("When does the ferry leave?", within=str(tmp_path / "docs" / "sed"))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="within must be a list"):
        retriever.retrieve("When does the ferry leave?", within=[])
    with pytest.raises(InvalidInputError, match=r"within: ' ' is not a file or folder path"):
        retriever.retrieve("When does the ferry leave?", within=[" "])


def test_ask_within_answers_from_those_documents(tmp_path: Path) -> None:
    docs = _folders(tmp_path)
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=HashingEmbedder(256),
                           answering=AnswerConfig(answerer="heuristic"))
    answer = bot.ask("How many times a day does the ferry cross the fjord?", within=[str(docs / "sed")])
    assert answer.citations and all("/sed/" in c.source for c in answer.citations)
    assert "Vestby" in answer.citations[0].text
    bot.close()


@pytest.mark.integration
def test_qa_ask_in_a_folder_across_processes(tmp_path: Path) -> None:
    docs = _folders(tmp_path)
    store = str(tmp_path / "store")
    assert qa("index", str(docs), "--store", store, cwd=tmp_path).returncode == 0
    asked = qa("ask", "How many times a day does the ferry cross the fjord?", "--store", store, "--in", "docs/sed",
                "--answerer", "heuristic", "--json", cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    citations = json.loads(asked.stdout)["citations"]
    assert citations and all("/docs/sed/" in c["source"] for c in citations)
    missing = qa("ask", "When does the ferry leave?", "--store", store, "--in", "docs/grep", cwd=tmp_path)
    assert missing.returncode == 2
    assert "--in: no indexed document is docs/grep or lies in it; `qa list` shows the indexed sources" in missing.stderr
    again = qa("index", str(docs), "--store", store, cwd=tmp_path)  # the store is as it was
    assert again.returncode == 0 and "0 added" in again.stdout


def test_the_chat_keeps_to_the_folders_chosen(tmp_path: Path) -> None:
    import gradio as gr

    from ui.app import ChatUI

    docs = _folders(tmp_path)
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=HashingEmbedder(256),
                           answering=AnswerConfig(answerer="heuristic"))
    ui = ChatUI(bot, tmp_path / "uploads")
    choices = ui.scope_view()["choices"]
    assert choices[:3] == [str(docs / "gzip"), str(docs / "gzip-extra"), str(docs / "sed")]  # folders, then documents
    assert str(docs / "sed" / "more.txt") in choices
    question = "How many times a day does the ferry cross the fjord?"
    *_, last = ui.respond(question, [], [], 5, True, 0.0, False, [str(docs / "sed")])
    turns = last[-1]
    assert turns[-1][1].citations and all("/sed/" in c.source for c in turns[-1][1].citations)
    asked = ui.ask_api(question, within=[str(docs / "gzip")])
    assert asked["citations"] and all("/gzip/" in c["source"] for c in asked["citations"])
    with pytest.raises(gr.Error, match="no indexed document is .*grep or lies in it"):
        list(ui.respond(question, [], [], 5, True, 0.0, False, [str(docs / "grep")]))
    bot.close()


@pytest.mark.server
def test_the_ask_endpoint_takes_within(tmp_path: Path) -> None:
    from gradio_client import Client

    from tests.conftest import free_port
    from ui.app import launch

    docs = _folders(tmp_path)
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=HashingEmbedder(256),
                           answering=AnswerConfig(answerer="heuristic"))
    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads")
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        question = "How many times a day does the ferry cross the fjord?"
        answer = client.predict(question, 5, None, True, [str(docs / "sed")], api_name="/ask")
        answer = json.loads(answer) if isinstance(answer, str) else answer
        assert answer["citations"] and all("/sed/" in c["source"] for c in answer["citations"])
    finally:
        app.close()
        bot.close()


@pytest.mark.integration
def test_qa_remove_takes_a_folder_s_documents_in_one_commit(tmp_path: Path) -> None:
    docs = _folders(tmp_path)
    store = tmp_path / "store"
    assert qa("index", str(docs), "--store", str(store), cwd=tmp_path).returncode == 0
    generation = json.loads((store / "manifest.json").read_text())["generation"]
    # a folder that holds nothing indexed fails the whole command: nothing is removed
    refused = qa("remove", "--store", str(store), "docs/sed", "docs/grep", cwd=tmp_path)
    assert refused.returncode == 2 and "not in the index: docs/grep (no indexed document is that source" in refused.stderr
    assert len(json.loads(qa("list", "--store", str(store), "--json", cwd=tmp_path).stdout)) == 4
    removed = qa("remove", "--store", str(store), "docs/sed/", cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.count("the file is untouched") == 2 and (docs / "sed" / "more.txt").is_file()
    assert json.loads((store / "manifest.json").read_text())["generation"] == generation + 1  # one commit
    left = {Path(r["source"]).parent.name for r in json.loads(qa("list", "--store", str(store), "--json",
                                                                  cwd=tmp_path).stdout)}
    assert left == {"gzip", "gzip-extra"}  # the folder named, not every path beginning with its name
    asked = qa("ask", "When does the ferry leave?", "--store", str(store), "--in", "docs/sed", cwd=tmp_path)
    assert asked.returncode == 2 and "no indexed document is docs/sed" in asked.stderr
    again = qa("index", str(docs), "--store", str(store), cwd=tmp_path)
    assert again.returncode == 0 and "2 added" in again.stdout


def test_a_folder_s_documents_are_its_own_and_not_those_of_names_it_begins(tmp_path: Path) -> None:
    """The catalog finds a folder's documents by the range of their sources ("gzip/" to "gzip0"):
    not ``gzip-extra/``, ``gzip.txt`` or ``gzip0/`` beside it, a file named exactly, each once."""
    docs = _folders(tmp_path)
    (docs / "gzip.txt").write_text("The gzip notes file.\n", encoding="utf-8")
    (docs / "gzip0").mkdir()
    (docs / "gzip0" / "NOTES.txt").write_text("The gzip0 notes.\n", encoding="utf-8")
    store = Store.create(tmp_path / "store", HashingEmbedder(64))
    try:
        sync(store, [docs])
        catalog = store.catalog
        gzip = {source for source in catalog.sources_within([str(docs / "gzip")]).values()}
        assert gzip == {str(docs / "gzip" / "NOTES.txt")}
        assert catalog.sources_within([str(docs / "gzip") + "/"]) == catalog.sources_within([str(docs / "gzip")])
        both = catalog.rows_within([str(docs / "gzip.txt"), str(docs), str(docs / "gzip0")])
        assert len(both) == len(set(both)) == len(catalog.documents()) == 6
    finally:
        store.close()
