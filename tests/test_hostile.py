"""Hostile and broken files: each gets a one-line reason and a non-zero exit, the rest of the
batch is indexed, nothing indexed earlier is lost, and no file can hang or exhaust the indexer."""

from __future__ import annotations

import os
import re
import shutil
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.embedders import HashingEmbedder
from index.errors import DocumentLoadError
from index.isolation import IsolatedParser
from index.loaders import DEFAULT_MAX_BYTES, parse_document
from index.store import Store
from qa.api import DocumentQA
from qa.cli import main
from tests.conftest import FIXTURES, make_docx, pdf_bytes


def _pdf_with_stream(content: bytes, *, filters: str = "/FlateDecode") -> bytes:
    """A one-page PDF whose content stream is ``content`` (already encoded with ``filters``)."""
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filters.encode()) + content + b"\nendstream",
    ])


def _deflated_zeros(megabytes: int) -> bytes:
    packer = zlib.compressobj(9)
    block = b"\0" * 1024 * 1024
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(FIXTURES / "docs" / "cooperative.pdf").pages:
        writer.add_page(page)
    writer.encrypt("secret-password")
    with open(path, "wb") as fh:
        writer.write(fh)


def _docx_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as fh:
            block = b"\0" * 1024 * 1024
            for _ in range(300):
                fh.write(block)


def _docx_xxe(path: Path, tmp: Path) -> None:
    good = make_docx(tmp / "good.docx", ["A perfectly ordinary paragraph."])
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(
                    b"?>", b'?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1
                ).replace(b"A perfectly ordinary paragraph.", b"&xxe;")
            dst.writestr(item, data)


def hostile_corpus(folder: Path, tmp: Path) -> dict[str, str]:
    """Write the bad files; returns {file name: a regex its reason must match}."""
    folder.mkdir(parents=True, exist_ok=True)
    junk = bytes(range(256)) * 64
    (folder / "binary.txt").write_bytes(junk)
    (folder / "binary.pdf").write_bytes(junk)
    (folder / "binary.docx").write_bytes(junk)
    (folder / "empty.txt").write_bytes(b"")
    with open(folder / "huge.txt", "wb") as fh:  # sparse: over the limit without writing 50 MB
        fh.truncate(DEFAULT_MAX_BYTES + 1)
    _encrypted_pdf(folder / "encrypted.pdf")
    (folder / "truncated.pdf").write_bytes((FIXTURES / "docs" / "cooperative.pdf").read_bytes()[:400])
    (folder / "bomb.pdf").write_bytes(_pdf_with_stream(_deflated_zeros(400)))
    _docx_bomb(folder / "bomb.docx")
    _docx_xxe(folder / "xxe.docx", tmp)
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("/etc/hostname", folder / "outside.txt")
    return {
        "binary.txt": "binary file", "binary.pdf": "malformed PDF", "binary.docx": "not a valid .docx",
        "empty.txt": "empty file", "huge.txt": "too large", "encrypted.pdf": "encrypted",
        "truncated.pdf": "malformed PDF|no text", "bomb.pdf": "limit|memory|malformed PDF|no text",
        "bomb.docx": "zip bomb", "xxe.docx": "DOCTYPE or XML entities", "loop.txt": "symlink loop",
        "outside.txt": "outside",
    }


def tolerated_corpus(folder: Path) -> None:
    """Odd but legitimate files: they must be indexed, safely."""
    (folder / "latin1.txt").write_bytes("Le café de la gare ouvre à sept heures, même le dimanche.".encode("latin-1"))
    (folder / "mixed.txt").write_bytes("UTF-8 line: the naïve ferry.\n".encode() + "Déjà vu in Latin-1.".encode("latin-1"))
    (folder / "nested.html").write_text("<div>" * 20000 + "Deep inside lives the nested owl." + "</div>" * 20000)
    (folder / "scripts.html").write_text(
        "<html><body><script>alert('x')</script><p onclick=\"alert(1)\">The harbour opens at dawn.</p>"
        "<img src=x onerror=alert(2)><script src='http://evil.example/x.js'></script></body></html>")
    (folder / "%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt").write_text("A file whose name tries path traversal.")
    (folder / "a..b.txt").write_text("Dots in a file name are only dots.")


@pytest.mark.server  # parses in child processes, waiting out a parse timeout
def test_hostile_files_get_reasons_and_lose_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, store = tmp_path / "docs", tmp_path / "store"
    shutil.copytree(FIXTURES / "docs", good)
    Store.create(store, HashingEmbedder(256)).close()
    assert main(["index", "--store", str(store), str(good)]) == 0
    before = {d.source for d in DocumentQA.open(store).documents()}
    expected = hostile_corpus(good / "hostile", tmp_path)
    tolerated_corpus(good / "hostile")
    capsys.readouterr()
    started = time.perf_counter()
    code = main(["index", "--store", str(store), str(good)])
    elapsed = time.perf_counter() - started
    err = capsys.readouterr().err
    assert code == 1 and elapsed < 60
    failed = {line.split(": ", 2)[1]: line.split(": ", 2)[2] for line in err.splitlines() if line.startswith("failed: ")}
    by_name = {Path(k).name: v for k, v in failed.items()}
    assert set(by_name) == set(expected), err
    for name, pattern in expected.items():
        assert "\n" not in by_name[name]
        assert re.search(pattern, by_name[name]), (name, by_name[name])
    bot = DocumentQA.open(store)
    now = {d.source for d in bot.documents()}
    assert before <= now  # nothing already indexed was lost
    names = {Path(s).name for s in now - before}
    assert names == {"latin1.txt", "mixed.txt", "nested.html", "scripts.html", "%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt", "a..b.txt"}
    assert all(Path(s).parent == (good / "hostile").resolve() for s in now - before)  # no escape from the folder
    scripts = bot.document(next(s for s in now if s.endswith("scripts.html"))).text
    assert "harbour opens at dawn" in scripts and "alert" not in scripts and "evil.example" not in scripts
    assert "café" in bot.document(next(s for s in now if s.endswith("latin1.txt"))).text
    assert "owl" in bot.document(next(s for s in now if s.endswith("nested.html"))).text
    bot.close()


def test_a_parse_that_runs_too_long_is_stopped_and_the_worker_recovers(tmp_path: Path) -> None:
    pdf = FIXTURES / "docs" / "cooperative.pdf"
    with IsolatedParser(timeout=0.001) as hasty:
        with pytest.raises(DocumentLoadError, match=r"parsing took longer than 0 s \(the limit\)"):
            hasty.parse(pdf.read_bytes(), pdf)
        hasty.timeout = 60  # the killed worker is replaced by a fresh one
        assert "cooperative" in hasty.parse(pdf.read_bytes(), pdf).text.lower()


def test_parser_arguments_are_validated() -> None:
    with pytest.raises(ValueError, match="timeout must be positive, got 0"):
        IsolatedParser(timeout=0)
    with pytest.raises(ValueError, match="memory_bytes must be at least 256 MiB"):
        IsolatedParser(memory_bytes=1024)


SUFFIXES = [".txt", ".md", ".html", ".pdf", ".docx"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_loaders_fail_only_with_a_reason(data: bytes, suffix: str) -> None:
    try:
        document = parse_document(data, Path(f"fuzz{suffix}"))
    except DocumentLoadError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert document.text.strip()


@pytest.mark.long
@settings(max_examples=3000, deadline=None)
@given(data=st.binary(max_size=65536), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_loaders_long(data: bytes, suffix: str) -> None:
    test_fuzz_loaders_fail_only_with_a_reason.hypothesis.inner_test(data, suffix)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def fuzz_bot(tmp_path_factory: pytest.TempPathFactory) -> DocumentQA:
    store = tmp_path_factory.mktemp("fuzz") / "store"
    return DocumentQA.build([FIXTURES / "docs"], store, embedder=HashingEmbedder(256))


def _check_question(bot: DocumentQA, question: str) -> None:
    from index.errors import InvalidInputError

    try:
        answer = bot.ask(question)
    except InvalidInputError as exc:
        assert "question" in str(exc)
        return
    for c in answer.citations + answer.suggestions:
        assert bot.document(c.source).text[c.start : c.end] == c.text
    assert answer.abstained or answer.citations


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.text(max_size=300))
def test_fuzz_questions_answer_or_refuse_cleanly(fuzz_bot: DocumentQA, question: str) -> None:
    _check_question(fuzz_bot, question)


@pytest.mark.long
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.text(max_size=3000))
def test_fuzz_questions_long(fuzz_bot: DocumentQA, question: str) -> None:
    _check_question(fuzz_bot, question)
