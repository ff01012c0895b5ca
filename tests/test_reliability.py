"""The store loses nothing: one writer at a time, SIGKILLs at random moments, readers during re-indexing.

The default suite kills ``qa index`` a few times; the long run (``pytest -m long``) kills it
``QA_CRASH_KILLS`` times (default 50).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.catalog import Catalog
from index.embedders import HashingEmbedder
from index.errors import StoreBusyError
from index.options import StoreOptions
from index.store import CATALOG, MANIFEST, Store
from qa.answerer import AnswerConfig
from qa.api import DocumentQA
from tests.conftest import REPO

pytestmark = pytest.mark.server

WORDS = ("harbour tide granite orchard ledger beacon copper meadow lantern quarry vessel timber "
         "glacier pepper saddle thistle anchor barley cobalt falcon").split()


def write_corpus(folder: Path, n: int, version: int, rng: random.Random) -> dict[str, str]:
    """``n`` documents, each with a code word of its own (``zq<i>x``); returns {path: text}."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for i in range(n):
        sentences = [f"The code zq{i}x marks document {i}, version {version}."]
        sentences += [" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(60)]
        path = folder / f"doc{i:04d}.txt"
        path.write_text(" ".join(sentences), encoding="utf-8")
        texts[str(path)] = path.read_text(encoding="utf-8")
    return texts


def qa_index(store: Path, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "qa.cli", "index", "--store", str(store), str(folder)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def check_store(store: Path, must_answer: list[str], *, after_writer: bool) -> int:
    """Opens; vectors == chunk rows == the last commit's count; the documents are found. Opening
    changes nothing on disk; ``after_writer`` (a writer finished): the manifest mirrors the
    commit and no temporary files are left. Milvus, changed in place, may hold vectors of
    replaced chunks until the next writer finishes (never fewer than the chunks): returns how many."""
    def files() -> list[tuple[str, int]]:  # SQLite's own -wal/-shm files are SQLite's business
        return sorted((f.name, f.stat().st_mtime_ns) for f in store.iterdir() if "sqlite3-" not in f.name)

    before = files()
    bot = DocumentQA.open(store)
    try:
        vectors = bot.store.vectors
        rows = bot.store.catalog.counts()[1]
        assert vectors is not None and rows == int(bot.store.catalog.meta()["chunks"])
        assert vectors.count() == rows if after_writer or not bot.store.backend.in_place else vectors.count() >= rows
        extra = vectors.count() - rows
        if after_writer:
            manifest = json.loads((store / MANIFEST).read_text())
            assert manifest["counts"]["chunks"] == rows
            leftovers = [f.name for f in store.iterdir() if f.name.endswith(".tmp")]
            assert not leftovers, leftovers
        sources = {d.source for d in bot.documents()}
        for source in must_answer:
            assert source in sources, f"{source} was lost"
            i = int(Path(source).stem[3:])
            assert source in [p.source for p in bot.retrieve(f"zq{i}x", top_k=5)]
    finally:
        bot.close()
    assert files() == before, "a reader changed the store"
    return extra


def crash_rounds(tmp_path: Path, kills: int, seed: int = 7, vector_store: str = "faiss") -> dict[str, int]:
    rng = random.Random(seed)
    store, folder = tmp_path / "store", tmp_path / "docs"
    Store.create(store, HashingEmbedder(256), options=StoreOptions(vector_store=vector_store)).close()
    write_corpus(folder, 40, 0, rng)
    started = time.perf_counter()
    assert qa_index(store, folder).wait(timeout=300) == 0
    duration = time.perf_counter() - started
    indexed = sorted(str(p) for p in folder.glob("*.txt"))
    outcome = {"killed": 0, "finished_before_kill": 0, "left_extra_vectors": 0, "vectors_missing_at_repair": 0}
    for round_ in range(kills):
        more = write_corpus(folder, 40 + 4 * (round_ + 1), round_ + 1, rng)  # every file changes, 4 are new
        proc = qa_index(store, folder)
        time.sleep(rng.uniform(0.05, duration * 1.2))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            outcome["killed"] += 1
        else:
            outcome["finished_before_kill"] += 1
        proc.wait(timeout=60)
        outcome["left_extra_vectors"] += check_store(store, indexed, after_writer=False) > 0
        finish = qa_index(store, folder)
        finished = finish.communicate(timeout=300)[1].decode()
        assert finish.returncode == 0, finished
        outcome["vectors_missing_at_repair"] += sum(int(n) for n in re.findall(r"(\d+) vectors missing", finished))
        indexed = sorted(more)
        check_store(store, indexed, after_writer=True)
    return outcome


@pytest.mark.parametrize("vector_store", ["faiss", "milvus"])
def test_sigkill_at_random_moments_loses_nothing(vector_store: str, tmp_path: Path) -> None:
    outcome = crash_rounds(tmp_path, kills=4, vector_store=vector_store)
    assert outcome["killed"] >= 2, outcome


KILLED_AFTER_COMMIT = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("INSERT INTO meta(key, value) VALUES ('probe', 'x')")  # two committed transactions that
conn.execute("DELETE FROM meta WHERE key = 'probe'")  # change nothing, still only in the WAL
os.kill(os.getpid(), 9)
"""


def test_a_reader_after_a_writer_killed_past_its_commit_changes_nothing(tmp_path: Path) -> None:
    """The killed writer leaves committed frames in SQLite's WAL; the reader that opens next must
    not checkpoint them into the catalog (what the random kills above hit now and then)."""
    store, folder = tmp_path / "store", tmp_path / "docs"
    Store.create(store, HashingEmbedder(256)).close()
    write_corpus(folder, 3, 0, random.Random(5))
    assert qa_index(store, folder).wait(timeout=300) == 0
    killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_COMMIT, str(store / CATALOG)], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert (store / (CATALOG + "-wal")).stat().st_size > 0
    check_store(store, sorted(str(p) for p in folder.glob("*.txt")), after_writer=False)
    asked = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "--store", str(store), "Which document has zq1x?"],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert asked.returncode == 0, asked.stderr
    check_store(store, sorted(str(p) for p in folder.glob("*.txt")), after_writer=False)


@pytest.mark.long
@pytest.mark.parametrize("vector_store", ["faiss", "milvus"])
def test_sigkill_many_times_loses_nothing(vector_store: str, tmp_path: Path) -> None:
    kills = int(os.environ.get("QA_CRASH_KILLS", "50"))
    outcome = crash_rounds(tmp_path, kills=kills, seed=11, vector_store=vector_store)
    print(f"\ncrash test: {outcome}")
    assert outcome["killed"] >= kills * 0.8, outcome


def test_one_writer_at_a_time_and_readers_never_wait(tmp_path: Path) -> None:
    rng = random.Random(1)
    folder = tmp_path / "docs"
    write_corpus(folder, 3, 0, rng)
    bot = DocumentQA.build([folder], tmp_path / "store", embedder=HashingEmbedder(256))
    with bot.store.writing():  # this process is writing
        with pytest.raises(StoreBusyError, match=rf"being updated by PID {os.getpid()}; wait"):
            Store.open(tmp_path / "store").apply([], ["nothing"])
        done = subprocess.run([sys.executable, "-m", "qa.cli", "index", "--store", str(tmp_path / "store"), str(folder)],
                              cwd=REPO, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and f"being updated by PID {os.getpid()}" in done.stderr
        reader = DocumentQA.open(tmp_path / "store")  # readers neither wait nor fail
        assert reader.retrieve("Which document has code zq1x?", top_k=1)[0].source.endswith("doc0001.txt")
        reader.close()
    bot.index([folder])  # the lock is free again
    bot.close()


def test_readers_during_three_reindexes_see_whole_generations(tmp_path: Path) -> None:
    rng = random.Random(3)
    folder = tmp_path / "docs"
    versions: dict[str, str] = {}  # content id -> text, for every version ever indexed
    texts = write_corpus(folder, 12, 0, rng)
    from index.documents import content_id

    versions.update({content_id(t): t for t in texts.values()})
    # the heuristic answerer asks fast enough for many checks per generation (both answerers cite through one path)
    bot = DocumentQA.build([folder], tmp_path / "store", embedder=HashingEmbedder(256),
                           answering=AnswerConfig(answerer="heuristic"))
    errors: list[BaseException] = []
    checked = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def ask() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                answer = bot.ask(f"Which document has code zq{n % 12}x, and what marks it?", threshold=0.0)
                for c in answer.citations + answer.suggestions:
                    text = versions[c.doc_id]  # the version that produced it
                    assert text[c.start : c.end] == c.text
                    with lock:
                        checked[0] += 1
            except BaseException as exc:  # noqa: BLE001 - every error is a failure here
                errors.append(exc)
                return

    def checks_during_this_generation(n: int = 20) -> None:
        """Wait until the readers have checked ``n`` more citations (however fast the machine indexes)."""
        with lock:
            target = checked[0] + n
        deadline = time.monotonic() + 60
        while checked[0] < target and not errors and time.monotonic() < deadline:
            time.sleep(0.005)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for version in (1, 2, 3):
        checks_during_this_generation()
        texts = write_corpus(folder, 12 + version, version, rng)
        versions.update({content_id(t): t for t in texts.values()})
        report = bot.index([folder])
        assert report.ok
    checks_during_this_generation()
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors[:3]
    assert checked[0] >= 4 * 20  # every generation was read while it was the newest, and during the reindexes
    assert Catalog(tmp_path / "store" / CATALOG).counts()[0] == 15
    bot.close()
