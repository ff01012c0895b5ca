"""The Milvus backend (Milvus Lite, the real engine in one file) behaves like FAISS end to end."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from index.embedders import HashingEmbedder
from index.errors import StoreError
from index.options import StoreOptions
from index.store import MANIFEST, Store
from qa.api import DocumentQA
from qa.cli import main
from tests.conftest import REPO
from tests.processes import qa  # the CLI in a process of its own

pytestmark = pytest.mark.server  # Milvus Lite runs as a local server process

QUESTIONS = ["When was the Kestrel Point Lighthouse first lit?", "How long is the bridge?",
             "How often does the Nordvik ferry cross the fjord?", "What is the recipe for sourdough bread?"]


def _spans(bot: DocumentQA) -> list[list[tuple[str, int, int]]]:
    return [[(Path(c.source).name, c.start, c.end) for c in bot.ask(q).citations] for q in QUESTIONS]


def test_milvus_lite_store_answers_like_faiss_and_syncs(docs: Path, tmp_path: Path) -> None:
    faiss_bot = DocumentQA.build([docs], tmp_path / "faiss", embedder=HashingEmbedder(256))
    milvus_bot = DocumentQA.build([docs], tmp_path / "milvus", embedder=HashingEmbedder(256),
                                  options=StoreOptions(vector_store="milvus"))
    manifest = json.loads((tmp_path / "milvus" / MANIFEST).read_text())
    assert manifest["vector_store"]["kind"] == "milvus" and manifest["vector_store"]["collection"].startswith("docqa_")
    assert manifest["vector_store"]["engine"] == "milvus-lite" and (tmp_path / "milvus" / "milvus.db").exists()
    assert _spans(milvus_bot) == _spans(faiss_bot)
    # incremental sync and deletes
    (docs / "bridge.txt").write_text("The Harlow bridge is 9 kilometres long and opened in 1999.", encoding="utf-8")
    (docs / "orchard.html").unlink()
    for bot in (faiss_bot, milvus_bot):
        report = bot.index([docs])
        assert report.ok and len(report.updated) == 1 and len(report.removed) == 1
        assert bot.store.vectors is not None and bot.store.vectors.count() == bot.store.catalog.counts()[1]
    assert _spans(milvus_bot) == _spans(faiss_bot)
    assert "9 kilometres" in milvus_bot.ask("How long is the Harlow bridge?").citations[0].text
    milvus_bot.close()
    reopened = DocumentQA.open(tmp_path / "milvus")
    assert _spans(reopened) == _spans(faiss_bot)
    reopened.close()
    faiss_bot.close()


def test_cli_vector_store_flags(docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store.create(tmp_path / "s", HashingEmbedder(256),
                 options=StoreOptions(vector_store="milvus", milvus_uri=str(tmp_path / "elsewhere" / "m.db"))).close()
    assert main(["index", "--store", str(tmp_path / "s"), str(docs)]) == 0
    assert (tmp_path / "elsewhere" / "m.db").exists()
    assert main(["ask", "--json", "--store", str(tmp_path / "s"), QUESTIONS[0]]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert "1902" in json.loads(out)["citations"][0]["text"]
    assert main(["index", "--store", str(tmp_path / "f"), "--milvus-uri", "x.db", str(docs)]) == 2
    assert "--milvus-uri needs --vector-store milvus" in capsys.readouterr().err


def test_unreachable_milvus_server_names_the_uri(docs: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(StoreError, match=r"cannot reach Milvus at http://127\.0\.0\.1:9 .*check that the server is running"):
        DocumentQA.build([docs], tmp_path / "s", embedder=HashingEmbedder(256),
                         options=StoreOptions(vector_store="milvus", milvus_uri="http://127.0.0.1:9"))
    assert time.perf_counter() - started < 60


@pytest.mark.integration
def test_seed_question_cites_the_same_span_with_either_backend(tmp_path: Path) -> None:
    seeds = REPO / "seeds"
    question = "How many troops did the ISAF task force include?"
    answers = []
    for kind in ("faiss", "milvus"):
        bot = DocumentQA.build([seeds], tmp_path / kind, options=StoreOptions(vector_store=kind))
        answers.append(bot.ask(question))
        bot.close()
    faiss_answer, milvus_answer = answers
    assert not faiss_answer.abstained and faiss_answer.citations
    assert [(c.source, c.start, c.end, c.text) for c in milvus_answer.citations] == \
        [(c.source, c.start, c.end, c.text) for c in faiss_answer.citations]


def test_a_store_that_recorded_its_lite_file_where_it_was_built_opens_where_it_is(docs: Path, tmp_path: Path) -> None:
    built_in = tmp_path / ".store.rebuild"  # how `qa index --rebuild` stores of before recorded their file
    bot = DocumentQA.build([docs], built_in, embedder=HashingEmbedder(256),
                           options=StoreOptions(vector_store="milvus", milvus_uri=str(built_in / "milvus.db")))
    before = _spans(bot)
    bot.close()
    assert json.loads((built_in / MANIFEST).read_text())["vector_store"]["uri"] == str(built_in.resolve() / "milvus.db")
    built_in.rename(tmp_path / "store")
    moved = DocumentQA(Store.open(tmp_path / "store"))
    try:
        assert _spans(moved) == before
    finally:
        moved.close()


def test_a_relative_lite_path_given_by_the_user_means_the_working_folder_s(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=HashingEmbedder(256),
                           options=StoreOptions(vector_store="milvus", milvus_uri="shared.db"))
    before = _spans(bot)
    bot.close()
    assert (tmp_path / "shared.db").exists() and not (tmp_path / "store" / "shared.db").exists()
    reopened = DocumentQA(Store.open(tmp_path / "store"))  # no URI given: the recorded one, absolute
    try:
        assert _spans(reopened) == before
    finally:
        reopened.close()


def _collections(lite: Path) -> list[str]:
    from index.milvus_store import MilvusVectorStore

    probe = MilvusVectorStore(1, uri=str(lite), collection="probe")
    probe._create = False
    try:
        return sorted(probe.client.list_collections())
    finally:
        probe.close()


def _collection(store: Path) -> str:
    return str(json.loads((store / MANIFEST).read_text())["vector_store"]["collection"])


def test_each_rebuild_into_a_shared_milvus_has_its_own_collection_and_drops_the_one_it_replaced(
        docs: Path, tmp_path: Path) -> None:
    lite, store = tmp_path / "shared.db", tmp_path / "store"
    options = StoreOptions(vector_store="milvus", milvus_uri=str(lite))  # outlives the store folder, as a server does
    bot = DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=options)
    before, names = _spans(bot), [_collection(store)]
    bot.close()
    for _ in range(2):
        DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=options, rebuild=True).close()
        names.append(_collection(store))
    assert len(set(names)) == 3  # never the collection of the store being replaced
    assert _collections(lite) == [names[-1]]
    reopened = DocumentQA(Store.open(store))  # checks the vector count against the catalog
    try:
        assert _spans(reopened) == before
    finally:
        reopened.close()


def test_a_rebuild_into_another_lite_file_takes_the_vectors_from_where_the_old_store_kept_them(
        docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=StoreOptions(vector_store="milvus"))
    before = _spans(built)
    built.close()
    moved = DocumentQA.build([docs], store, embedder=HashingEmbedder(256), rebuild=True,
                             options=StoreOptions(vector_store="milvus", milvus_uri=str(tmp_path / "shared.db")))
    try:
        report = moved.last_report
        assert report is not None and report.chunks_embedded == 0 and report.chunks_reused > 0
        assert _spans(moved) == before and not (store / "milvus.db").exists()
    finally:
        moved.close()


def test_a_failed_rebuild_leaves_a_store_in_a_shared_milvus_whole(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.sync

    lite, store = tmp_path / "shared.db", tmp_path / "store"
    options = StoreOptions(vector_store="milvus", milvus_uri=str(lite))
    DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=options).close()
    DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=options, rebuild=True).close()
    reopened = DocumentQA(Store.open(store))
    before = _spans(reopened)
    reopened.close()
    real = index.sync.sync

    def interrupted(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # after the new store's vectors were written

    monkeypatch.setattr(index.sync, "sync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        DocumentQA.build([docs / "bridge.txt"], store, embedder=HashingEmbedder(256), options=options, rebuild=True)
    monkeypatch.undo()
    reopened = DocumentQA(Store.open(store))  # before, its collection was the one the rebuild wrote into
    try:
        assert _spans(reopened) == before
    finally:
        reopened.close()
    assert _collections(lite) == [_collection(store)]  # the failed rebuild's own collection is gone


def test_dropping_the_collection_of_a_vanished_lite_file_makes_no_file(tmp_path: Path) -> None:
    from index.vector_backends import MilvusBackend

    gone = tmp_path / "gone.db"
    MilvusBackend({"kind": "milvus", "uri": str(gone), "collection": "docqa_0123456789ab"}, folder=tmp_path).discard()
    assert not gone.exists()


def test_closing_one_of_two_stores_in_one_lite_file_leaves_the_other_answering(docs: Path, tmp_path: Path) -> None:
    options = StoreOptions(vector_store="milvus", milvus_uri=str(tmp_path / "shared.db"))
    first = DocumentQA.build([docs / "lighthouse.md"], tmp_path / "a", embedder=HashingEmbedder(256), options=options)
    second = DocumentQA.build([docs], tmp_path / "b", embedder=HashingEmbedder(256), options=options)
    before = _spans(second)
    first.close()  # the file's server is shared: it stopped here, and the second store could no longer search
    try:
        assert _spans(second) == before
    finally:
        second.close()


@pytest.mark.parametrize("stopped_in", ["add", "remove"])
def test_a_writer_stopped_midway_leaves_a_milvus_store_answering_and_nothing_to_embed_again(
        stopped_in: str, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Milvus is changed in place: new vectors go in before the catalog commit, replaced ones only
    after it, so a writer stopped anywhere leaves vectors no chunk names, never chunks without one."""
    from index.milvus_store import MilvusVectorStore

    store, options = tmp_path / "store", StoreOptions(vector_store="milvus")
    DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=options).close()
    (docs / "bridge.txt").write_text("The Harlow bridge is 9 kilometres long and opened in 1999.", encoding="utf-8")

    def stopped(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(MilvusVectorStore, stopped_in, stopped)
    with pytest.raises(KeyboardInterrupt):  # adding: before the catalog commit; removing: after it
        DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=options)
    monkeypatch.undo()
    reader = DocumentQA.open(store)  # checks the store
    try:
        top = reader.retrieve("How long is the bridge?")[0].span.text  # the edit is in only if it was committed
        assert ("9 kilometres" if stopped_in == "remove" else "412 metres") in top, top
        chunks = reader.store.catalog.counts()[1]
        assert reader.store.vectors is not None  # stopped in remove: the replaced vectors, which no chunk names
        assert reader.store.vectors.count() == chunks + (1 if stopped_in == "remove" else 0)
        every = reader.retrieve("How long is the bridge?", top_k=chunks)  # none of them takes a passage's place
        assert len(every) == chunks and [p.rank for p in every] == list(range(chunks)), every
        assert "1902" in reader.ask(QUESTIONS[0]).citations[0].text
    finally:
        reader.close()
    # from another process: the failed build let go of the Lite file (it held it until this process ended)
    status = qa("status", "--store", str(store), cwd=tmp_path)
    left = "1 no chunk names: left by a `qa index` that was stopped"
    assert status.returncode == 0 and (left in status.stdout) == (stopped_in == "remove"), status.stdout
    again = DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=options)
    try:
        report = again.last_report
        assert report is not None and report.chunks_embedded == (1 if stopped_in == "add" else 0), report
        assert again.store.vectors is not None and again.store.vectors.count() == again.store.catalog.counts()[1]
        assert "9 kilometres" in again.ask("How long is the Harlow bridge?").citations[0].text
    finally:
        again.close()


def test_a_store_that_fails_its_check_lets_go_of_its_lite_file(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    bot = DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=StoreOptions(vector_store="milvus"))
    assert bot.store.vectors is not None
    bot.store.vectors.remove([int(bot.store.catalog.chunk_ids()[0])])  # a chunk without its vector
    bot.close()
    with pytest.raises(StoreError, match="inconsistent"):
        Store.open(store)
    # the repair runs in another process: Milvus Lite locks its file to one process
    repaired = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stderr
    Store.open(store).close()


def test_a_lite_store_open_in_another_process_is_named_as_the_reason(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=StoreOptions(vector_store="milvus"))

    try:
        held = qa("ask", "--store", str(store), QUESTIONS[0], cwd=tmp_path)
        assert held.returncode != 0 and "Milvus Lite lets one process at a time use a file" in held.stderr, held.stderr
        assert "Traceback" not in held.stderr and "DataDirLockedError: another process holds the lock" in held.stderr
        assert "retrying" not in held.stderr, held.stderr  # told at once: waiting would not free the file
    finally:
        holder.close()
    freed = qa("ask", "--store", str(store), QUESTIONS[0], cwd=tmp_path)
    assert freed.returncode == 0 and "1902" in freed.stdout, freed.stderr


def _lite_files(store: Path, pattern: str) -> list[Path]:
    files = list((store / "milvus.db").glob(f"collections/*/partitions/*/{pattern}"))
    assert files, f"milvus-lite keeps its files elsewhere now: find {pattern}"
    return files


@pytest.mark.parametrize("cut", [0, 30, 400])  # empty, inside the .npy header, inside the vectors
def test_a_torn_lite_index_file_is_built_again_by_the_next_reader_and_nothing_is_embedded_again(
        cut: int, docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=StoreOptions(vector_store="milvus")).close()
    index_files = _lite_files(store, "indexes/*.idx")
    sizes = {file: file.stat().st_size for file in index_files}
    for file in index_files:  # as a process killed while Milvus Lite saved its index leaves it (seen in the crash test)
        with file.open("r+b") as f:
            f.truncate(cut)
    asked = qa("ask", "--store", str(store), QUESTIONS[0], cwd=tmp_path)
    assert asked.returncode == 0 and "1902" in asked.stdout, asked.stderr
    assert "is torn" in asked.stderr and "Traceback" not in asked.stderr, asked.stderr
    assert {file: file.stat().st_size for file in index_files} == sizes  # built again, whole
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0 and "re-embedding" not in again.stderr, again.stderr
    assert "5 unchanged" in again.stdout and "0 chunks embedded" in again.stdout, again.stdout


def test_a_damaged_lite_index_file_is_named_and_the_next_index_embeds_its_vectors_again(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=StoreOptions(vector_store="milvus")).close()
    for file in _lite_files(store, "indexes/*.idx"):  # not an array cut short: not for a reader to judge
        file.write_bytes(b"not an index")
    with pytest.raises(StoreError, match="its files are damaged .*`qa index` embeds them again"):
        Store.open(store)
    asked = qa("ask", "--store", str(store), QUESTIONS[0], cwd=tmp_path)
    assert asked.returncode == 2 and "its files are damaged" in asked.stderr, asked.stderr
    assert "Traceback" not in asked.stderr and len(asked.stderr.splitlines()) <= 4, asked.stderr  # no pymilvus stack
    repaired = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert repaired.returncode == 0 and "re-embedding" in repaired.stderr, repaired.stderr
    assert "(5 chunks embedded" in repaired.stdout, repaired.stdout  # every chunk again, and said so
    reopened = DocumentQA(Store.open(store))
    try:
        assert "1902" in reopened.ask(QUESTIONS[0]).citations[0].text
    finally:
        reopened.close()


def test_damaged_lite_rows_are_named_with_the_rebuild_that_mends_them(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    DocumentQA.build([docs], store, embedder=HashingEmbedder(256), options=StoreOptions(vector_store="milvus")).close()
    for file in _lite_files(store, "data/*.parquet"):
        with file.open("r+b") as f:
            f.truncate(file.stat().st_size // 2)
    for command in (["ask", "--store", str(store), QUESTIONS[0]], ["index", "--store", str(store), str(docs)]):
        failed = qa(*command, cwd=tmp_path)
        assert failed.returncode == 2 and "its files are damaged; rebuild the store with `qa index --rebuild`" in failed.stderr
        assert "Traceback" not in failed.stderr, failed.stderr
    rebuilt = qa("index", "--rebuild", "--store", str(store), str(docs), cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    asked = qa("ask", "--store", str(store), QUESTIONS[0], cwd=tmp_path)
    assert asked.returncode == 0 and "1902" in asked.stdout, asked.stderr
