"""The user's path as the user runs it: `qa index`, `qa ask`, `qa index` again, each its own process."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import age_store
from tests.processes import qa

pytestmark = pytest.mark.integration
QUESTION = "When was the Kestrel Point Lighthouse first lit?"


@pytest.mark.parametrize("backend", ["faiss", "milvus"])
def test_a_store_that_started_empty_takes_documents_later(backend: str, docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    extra = ["--vector-store", backend] if backend == "milvus" else []
    (tmp_path / "empty").mkdir()
    first = qa("index", "--store", str(store), *extra, str(tmp_path / "empty"), cwd=tmp_path)
    assert first.returncode == 0 and not first.stderr, first.stderr  # nothing on stderr: no library's traceback
    second = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert second.returncode == 0 and not second.stderr, second.stderr
    assert "5 added" in second.stdout
    asked = qa("ask", "--store", str(store), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    assert "1902" in json.loads(asked.stdout)["citations"][0]["text"]


@pytest.mark.parametrize("backend", ["faiss", "milvus"])
def test_index_then_ask_then_index_again_in_separate_processes(backend: str, docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    extra = ["--vector-store", backend] if backend == "milvus" else []
    built = qa("index", "--store", str(store), *extra, str(docs), cwd=tmp_path)
    assert built.returncode == 0 and not built.stderr, built.stderr
    asked = qa("ask", "--store", str(store), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0 and not asked.stderr, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and "1902" in answer["citations"][0]["text"]
    (docs / "lighthouse.md").write_text("# Kestrel Point Lighthouse\n\nThe Kestrel Point Lighthouse was first lit "
                                        "on 9 June 1911 and automated in 1980.\n", encoding="utf-8")
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0 and "1 updated" in again.stdout and not again.stderr, again.stderr
    asked = qa("ask", "--store", str(store), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    assert "1911" in json.loads(asked.stdout)["citations"][0]["text"]


def test_a_moved_folder_is_kept_without_reembedding_across_processes(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    moved = tmp_path / "moved"
    docs.rename(moved)
    again = qa("index", "--store", str(store), "--json", str(moved), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert len(report["moved"]) == 5 and report["chunks_embedded"] == 0 and not report["added"]
    assert "moved: " in again.stderr
    asked = qa("ask", "--store", str(store), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["citations"][0]["source"] == str(moved / "lighthouse.md")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "lighthouse.md").write_bytes((moved / "lighthouse.md").read_bytes())
    dup = qa("index", "--store", str(store), str(tmp_path / "copy"), cwd=tmp_path)
    assert dup.returncode == 0 and "1 duplicate skipped" in dup.stdout, dup.stderr
    assert "same content as" in dup.stderr


def test_a_store_from_before_the_chunking_was_recorded_is_brought_up_to_date_once_across_processes(
        docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    age_store(store, "extractions")  # what the previous release wrote: extractions only
    status = qa("status", "--store", str(store), cwd=tmp_path)
    assert status.returncode == 0 and "upgrade    5 files were read by an older docqa" in status.stdout, status.stderr
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "(0 chunks embedded" in again.stdout and "; 5 unchanged files read again by a newer extraction" in again.stdout
    third = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert third.returncode == 0 and "5 unchanged" in third.stdout and "read again" not in third.stdout, third.stderr
    asked = qa("ask", "--store", str(store), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0 and "1902" in json.loads(asked.stdout)["citations"][0]["text"], asked.stderr


def test_an_upgrade_reads_an_old_store_s_files_again_once_across_processes(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    age_store(store, "no-extractions")  # what the previous release wrote: no extractions
    status = qa("status", "--store", str(store), cwd=tmp_path)  # the upgrade waiting, said before it runs
    assert status.returncode == 0 and "upgrade    5 files were read by an older docqa" in status.stdout, status.stderr
    orchard = "How many varieties of apple does the Brightwater Orchard grow?"
    asked = qa("ask", "--store", str(store), "--json", orchard, cwd=tmp_path)  # a reader changes nothing
    cited = json.loads(asked.stdout)["citations"][0]
    assert asked.returncode == 0 and "27 varieties" in cited["text"] and cited["section"] == "", asked.stderr
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "5 unchanged" in again.stdout and "(0 chunks embedded" in again.stdout
    assert "; 5 unchanged files read again by a newer extraction or chunking" in again.stdout
    status = qa("status", "--store", str(store), "--json", cwd=tmp_path)
    assert status.returncode == 0 and json.loads(status.stdout)["stale"] == 0, status.stderr
    asked = qa("ask", "--store", str(store), "--json", orchard, cwd=tmp_path)
    cited = json.loads(asked.stdout)["citations"][0]
    assert asked.returncode == 0 and cited["section"] == "Brightwater Orchard", asked.stderr
    third = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert third.returncode == 0 and "5 unchanged" in third.stdout and "read again" not in third.stdout, third.stderr


def test_a_store_from_before_heading_terms_finds_an_option_s_manual_across_processes(tmp_path: Path) -> None:
    """The first process to open a store written before the catalog kept its headings' options
    reads them from its documents; the manual that defines the option asked answers, with the confidence measured for a
    manual's own definition; when it came, by the version line under it (when a call's argument came, by the line that
    says so; an option's default, by its sentence). Asked of another program, it is refused, saying why."""
    docs, store = tmp_path / "docs", tmp_path / "store"
    (docs / "xproc").mkdir(parents=True)
    (docs / "xproc" / "manual.md").write_text(
        "# xproc manual\n\n## --novalid\n\nSkip loading the DTD.\n\n## --timing\n\nDisplay the time used for parsing the "
        "stylesheet.\n\nNew in version 1.2.\n\n## run(file, *, strict=False)\n\nRun a pipeline.\n\nChanged in version 1.3: "
        "Added the strict argument.\n\n## --maxdepth VALUE\n\nAdjust the depth. The default is 3000.\n")
    (docs / "guide.md").write_text("# Timing guide\n\nThe timing of a run is what the clock says.\n")
    assert qa("index", "--store", str(store), str(docs), cwd=tmp_path).returncode == 0
    age_store(store, "no-heading-terms")
    asked = qa("ask", "--store", str(store), "--json", "What does the --timing option of xproc do?", cwd=tmp_path)
    answer = json.loads(asked.stdout)
    assert asked.returncode == 0 and not answer["abstained"] and answer["confidence"] >= 0.9, asked.stderr
    assert answer["citations"][0]["text"] == "Display the time used for parsing the stylesheet."
    for question, short, said in (("When was the --timing option added?", "1.2", "New in version 1.2."), (
            "When did run() get the strict argument?", "1.3", "Changed in version 1.3: Added the strict argument."),
            ("What does --maxdepth default to?", "3000", "The default is 3000.")):
        got = json.loads(qa("ask", "--store", str(store), "--json", question, cwd=tmp_path).stdout)
        assert got["short_answer"] == short and got["citations"][0]["text"] == said, got
    # asked of a program the documents hold no manual of, xproc's --timing is no answer: a refusal that says why
    other = qa("ask", "--store", str(store), "What does the --timing option of xsltproc do?", cwd=tmp_path)
    assert other.returncode == 0 and other.stdout.startswith("I could not find this"), other.stdout
    assert "note: the answers found are another program's, not xsltproc's" in other.stderr, other.stderr
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0 and "2 unchanged" in again.stdout, again.stderr


def test_a_process_that_ends_while_the_reader_is_still_loading_exits_with_its_own_status(
        docs: Path, tmp_path: Path) -> None:
    # the reader loads on a worker thread while retrieval runs; a process that ends meanwhile (an error
    # right after the question, Ctrl+C) must not have onnxruntime torn down under the loading session
    store = tmp_path / "store"
    built = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    script = (f"import sys, time\nfrom qa import DocumentQA\nbot = DocumentQA.open({str(store)!r})\n"
              "bot._warm_up_answerer()\ntime.sleep(float(sys.argv[1]))\nsys.exit(3)\n")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    for delay in ("0", "0.1", "0.15", "0.2", "0.25", "0.3"):
        ended = subprocess.run([sys.executable, "-c", script, delay], env=env, cwd=tmp_path, capture_output=True,
                               text=True, timeout=120)
        assert ended.returncode == 3 and "terminate called" not in ended.stderr, (delay, ended.returncode, ended.stderr)


def test_an_edit_to_a_long_file_re_embeds_only_its_changed_chunks_across_processes(tmp_path: Path) -> None:
    docs, store = tmp_path / "docs", tmp_path / "store"
    docs.mkdir()
    sections = [f"## Pier {i}\n\n" + " ".join(f"Pier {i} of the Marrow harbour handles cargo line {i}-{j}, which runs "
                                               f"to port number {i * 10 + j} twice a week." for j in range(12))
                for i in range(15)]
    (docs / "harbour.md").write_text("# The Marrow harbour\n\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    built = qa("index", "--store", str(store), "--json", str(docs), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    total = json.loads(built.stdout)["chunks_embedded"]
    sections[7] = "## Pier 7\n\nPier 7 of the Marrow harbour was closed for repairs in March 2019 and reopened in 2021."
    (docs / "harbour.md").write_text("# The Marrow harbour\n\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    again = qa("index", "--store", str(store), "--json", str(docs), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["updated"] == [str(docs / "harbour.md")] and total >= 10
    assert 1 <= report["chunks_embedded"] <= 3 and report["chunks_reused"] >= total - 4, report
    asked = qa("ask", "--store", str(store), "--json", "When was Pier 7 closed for repairs?", cwd=tmp_path)
    assert asked.returncode == 0 and "March 2019" in json.loads(asked.stdout)["citations"][0]["text"], asked.stderr
    status = qa("status", "--store", str(store), cwd=tmp_path)  # opening checks vectors against chunks
    assert status.returncode == 0, status.stderr


def test_a_rebuild_into_milvus_lite_opens_in_the_next_process_and_took_the_old_vectors(
        docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = qa("index", "--store", str(store), "--json", str(docs), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    chunks = json.loads(built.stdout)["chunks_embedded"]
    rebuilt = qa("index", "--rebuild", "--vector-store", "milvus", "--store", str(store), "--json", str(docs),
                 cwd=tmp_path)
    assert rebuilt.returncode == 0 and not rebuilt.stderr, rebuilt.stderr
    report = json.loads(rebuilt.stdout)
    assert report["chunks_embedded"] == 0 and report["chunks_reused"] == chunks > 0, report
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["vector_store"]["uri"] == "milvus.db"  # the store folder's, wherever it is
    moved = tmp_path / "moved-store"
    store.rename(moved)
    asked = qa("ask", "--store", str(moved), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    assert "1902" in json.loads(asked.stdout)["citations"][0]["text"]
    back = qa("index", "--rebuild", "--vector-store", "faiss", "--store", str(moved), "--json", str(docs),
              cwd=tmp_path)
    assert back.returncode == 0 and json.loads(back.stdout)["chunks_embedded"] == 0, back.stderr


def test_a_long_lived_reader_finds_what_qa_index_adds_in_another_process(docs: Path, tmp_path: Path) -> None:
    """`qa serve` keeps its store open while the user runs `qa index` in a terminal: the next
    question searches the new commit's vectors, not the ones the server loaded at start."""
    from qa import DocumentQA

    store = tmp_path / "store"
    assert qa("index", "--store", str(store), str(docs), cwd=tmp_path).returncode == 0
    server = DocumentQA.open(store)
    try:
        assert "1902" in server.ask(QUESTION).citations[0].text  # its vectors loaded
        (docs / "beacon.txt").write_text("The Quillon beacon glows violet above the salt marsh every night.",
                                         encoding="utf-8")
        (docs / "bridge.txt").unlink()
        added = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
        assert added.returncode == 0 and "1 added" in added.stdout and "1 removed" in added.stdout, added.stderr
        dense = server.retriever.retrieve("What colour is the light over the wetland?", lexical=False, top_k=5)
        assert "Quillon beacon" in dense[0].span.text, [p.span.text for p in dense]
        assert not any("bridge" in p.span.source for p in dense)
    finally:
        server.close()


def _open_deleted_files(name: str) -> list[str]:
    """Files named ``name`` this process still holds open although they were deleted (Linux)."""
    fds = Path("/proc/self/fd")
    targets = [os.readlink(fd) for fd in fds.iterdir() if fd.is_symlink()] if fds.is_dir() else []
    return [t for t in targets if name in t and t.endswith("(deleted)")]


@pytest.mark.parametrize("made_here", [False, True])  # opened (`qa serve`), or built by this process (the API)
def test_a_process_that_opened_a_store_before_another_rebuilt_it_reads_and_writes_the_new_one(
        made_here: bool, docs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """`qa serve` keeps running while `qa index --rebuild` in a terminal swaps a new folder in: it
    used to answer from the old store (its deleted files held open) and refuse uploads until
    restarted; an upload before that wrote into the old catalog (the store unreadable until
    `qa index` repaired it). Its next question or upload opens the new store instead."""
    from qa import DocumentQA

    store = tmp_path / "store"
    if made_here:
        server = DocumentQA.build([docs], store)
    else:
        assert qa("index", "--store", str(store), str(docs), cwd=tmp_path).returncode == 0
        server = DocumentQA.open(store)
    try:
        assert "1902" in server.ask(QUESTION).citations[0].text
        lighthouse = docs / "lighthouse.md"
        lighthouse.write_text(lighthouse.read_text(encoding="utf-8").replace("1902", "1911"), encoding="utf-8")
        (docs / "mill.txt").write_text("The Harrow tide mill grinds oats.", encoding="utf-8")
        rebuilt = qa("index", "--rebuild", "--store", str(store), str(docs), cwd=tmp_path)
        assert rebuilt.returncode == 0, rebuilt.stderr
        with caplog.at_level("WARNING", logger="index.store"):
            assert len(server.documents()) == 6  # the Documents tab lists the new store's
            answer = server.ask(QUESTION)
        assert "1911" in answer.citations[0].text, answer.citations[0].text
        assert any("rebuilt by another process; reading the new one" in r.getMessage() for r in caplog.records)
        assert not _open_deleted_files("catalog.sqlite3"), _open_deleted_files("catalog.sqlite3")
        upload = tmp_path / "upload"
        upload.mkdir()
        (upload / "beacon.txt").write_text("The Quillon beacon glows violet.", encoding="utf-8")
        assert len(server.index([upload]).added) == 1
        assert "violet" in server.ask("What colour does the Quillon beacon glow?").citations[0].text
    finally:
        server.close()
    asked = qa("ask", "--store", str(store), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0 and "1911" in json.loads(asked.stdout)["citations"][0]["text"], asked.stderr
    status = qa("status", "--store", str(store), "--json", cwd=tmp_path)
    assert json.loads(status.stdout)["documents"] == 7, status.stdout  # the rebuild's six and the upload


def test_a_process_refuses_a_store_rebuilt_with_another_embedder_and_says_to_open_it_again(
        docs: Path, tmp_path: Path) -> None:
    from index.embedders import HashingEmbedder
    from index.errors import StoreChangedError
    from index.sync import rebuild
    from qa import DocumentQA

    store = tmp_path / "store"
    DocumentQA.build([docs], store, embedder=HashingEmbedder(256)).close()
    server = DocumentQA.open(store)
    try:
        assert server.retrieve("lighthouse", top_k=1)
        rebuild(store, [docs], HashingEmbedder(128))
        with pytest.raises(StoreChangedError, match="rebuilt by another process with embedder .*restart `qa serve`"):
            server.retrieve("lighthouse", top_k=1)
    finally:
        server.close()


def test_a_long_lived_writer_builds_on_what_qa_index_committed_in_another_process(
        docs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """`qa serve`'s upload after a `qa index` in a terminal: it embeds only its own file, not again
    every chunk the other process added (it took them for missing from the vectors it had loaded)."""
    from qa import DocumentQA

    store = tmp_path / "store"
    assert qa("index", "--store", str(store), str(docs), cwd=tmp_path).returncode == 0
    server = DocumentQA.open(store)
    try:
        assert "1902" in server.ask(QUESTION).citations[0].text  # its vectors loaded
        more = tmp_path / "more"
        more.mkdir()
        (more / "canal.txt").write_text("The Fenwick canal was dug in 1794.\n\nIts locks lift boats 30 metres.",
                                        encoding="utf-8")
        assert qa("index", "--store", str(store), str(more), cwd=tmp_path).returncode == 0
        upload = tmp_path / "upload"
        upload.mkdir()
        (upload / "beacon.txt").write_text("The Quillon beacon glows violet.", encoding="utf-8")
        report = server.index([upload])
        assert report.chunks_embedded == 1 and "repairing" not in caplog.text, (report.summary(), caplog.text)
        assert "1794" in server.ask("When was the Fenwick canal dug?").citations[0].text
    finally:
        server.close()
    status = qa("status", "--store", str(store), "--json", cwd=tmp_path)
    assert json.loads(status.stdout)["documents"] == 7 and json.loads(status.stdout)["vectors"] == json.loads(
        status.stdout)["chunks"], status.stdout


def test_a_reader_that_stops_reading_ends_qa_quietly(docs: Path, tmp_path: Path) -> None:
    """`qa ask ... | head -1`: the pipe closes before qa writes; no traceback, the shell's 141."""
    store = tmp_path / "store"
    assert qa("index", "--store", str(store), str(docs), cwd=tmp_path).returncode == 0
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "ask", "--store", str(store), QUESTION], env=env,
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=300) == 141 and "Traceback" not in stderr and "Error" not in stderr, stderr


def test_asciidoc_and_restructuredtext_are_indexed_and_other_types_are_named_across_processes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lighthouse.adoc").write_text(
        "= Kestrel Point Guide\n\n== History\n\nThe Kestrel Point Lighthouse was first lit in 1902.\n\n"
        "----\n== not a heading, a listing\n----\n", encoding="utf-8")
    (docs / "ferry.rst").write_text("Melby Ferry\n===========\n\nTimetable\n---------\n\n"
                                    "The Melby ferry crosses the fjord eleven times a day.\n", encoding="utf-8")
    (docs / "data.json").write_text("{}", encoding="utf-8")
    store = tmp_path / "store"
    built = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert built.returncode == 0 and not built.stderr, built.stderr
    assert "2 added" in built.stdout and "1 file of other types not read (.json 1)" in built.stdout, built.stdout
    asked = qa("ask", "--store", str(store), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    cited = json.loads(asked.stdout)["citations"][0]
    assert cited["source"].endswith("lighthouse.adoc") and "1902" in cited["text"]
    assert cited["line"] == 5 and cited["section"] == "Kestrel Point Guide › History"
    asked = qa("ask", "--store", str(store), "--json", "How many times a day does the Melby ferry cross the fjord?",
               cwd=tmp_path)
    cited = json.loads(asked.stdout)["citations"][0]
    assert cited["source"].endswith("ferry.rst") and cited["section"] == "Melby Ferry › Timetable"
    listed = qa("list", "--store", str(store), "--json", cwd=tmp_path)
    assert sorted(d["title"] for d in json.loads(listed.stdout)) == ["Kestrel Point Guide", "Melby Ferry"]


def test_a_debian_doc_folder_s_compressed_and_named_files_are_indexed_and_cited_across_processes(
        tmp_path: Path) -> None:
    docs = tmp_path / "doc" / "kestrel"
    docs.mkdir(parents=True)
    (docs / "NEWS.gz").write_bytes(gzip.compress(
        b"Release 2.0\n\nThe Kestrel Point Lighthouse was first lit in 1902.\nIt was automated in 1980.\n"))
    (docs / "README.Debian").write_text("Kestrel for Debian\n==================\n\n"
                                        "The Melby ferry crosses the fjord eleven times a day.\n", encoding="utf-8")
    (docs / "changelog.json.gz").write_bytes(gzip.compress(b"{}"))
    store = tmp_path / "store"
    built = qa("index", "--store", str(store), str(tmp_path / "doc"), cwd=tmp_path)
    assert built.returncode == 0 and not built.stderr, built.stderr
    assert "2 added" in built.stdout and "1 file of other types not read (.json.gz 1)" in built.stdout, built.stdout
    asked = qa("ask", "--store", str(store), "--json", QUESTION, cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    cited = json.loads(asked.stdout)["citations"][0]
    assert cited["source"].endswith("NEWS.gz") and cited["text"] == "The Kestrel Point Lighthouse was first lit in 1902."
    assert cited["line"] == 3  # the line in the decompressed text, as zless shows it
    asked = qa("ask", "--store", str(store), "--json", "How many times a day does the Melby ferry cross the fjord?",
               cwd=tmp_path)
    cited = json.loads(asked.stdout)["citations"][0]
    assert cited["source"].endswith("README.Debian") and cited["section"] == "Kestrel for Debian"
    again = qa("index", "--store", str(store), "--json", str(tmp_path / "doc"), cwd=tmp_path)
    assert again.returncode == 0 and not again.stderr, again.stderr
    report = json.loads(again.stdout)
    assert len(report["unchanged"]) == 2 and not report["added"] and not report["reparsed"], report
    listed = qa("list", "--store", str(store), "--json", cwd=tmp_path)
    assert sorted((d["title"], d["type"]) for d in json.loads(listed.stdout)) == [
        ("Kestrel for Debian", "txt"), ("Release 2.0", "txt")]
