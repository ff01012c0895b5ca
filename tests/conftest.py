from __future__ import annotations

import json
import shutil
import socket
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index.embedders import HashingEmbedder
from index.store import CATALOG

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
_PORTS_GIVEN: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on now, never the same one twice in a test session (the
    OS could hand a just-closed port out again before the server under test binds it)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in _PORTS_GIVEN:
            _PORTS_GIVEN.add(port)
            return port


class CountingEmbedder(HashingEmbedder):
    """The fake embedder, counting how many texts it embedded."""

    def __init__(self, dimension: int = 256) -> None:
        super().__init__(dimension)
        self.embedded = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += len(texts)
        return super().embed(texts)


def age_store(store: Path, release: str) -> None:
    """Make the catalog of ``store`` look as an older release wrote it: ``"extractions"``, the
    extraction recorded per file but not the chunking's revision; ``"no-extractions"``, neither,
    nor the section headings; ``"no-heading-terms"``, no index of the options its headings write."""
    with sqlite3.connect(store / CATALOG) as conn:
        if release == "extractions":
            conn.execute("UPDATE documents SET extractor = substr(extractor, 1, instr(extractor, '; chunks ') - 1)")
        elif release == "no-extractions":
            conn.execute("ALTER TABLE documents DROP COLUMN extractor")
            conn.execute("UPDATE documents SET headings = '[]'")
        elif release == "no-heading-terms":
            conn.execute("DROP TABLE heading_terms")
        else:
            raise ValueError(f"release must be 'extractions', 'no-extractions' or 'no-heading-terms', got {release!r}")


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None, *, header: bool = False) -> Path:
    """A DOCX of ``paragraphs``, then ``table``; ``header`` marks its first row a header row (tblHeader)."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.core_properties.title = "Fixture DOCX"
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
        if header:
            t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.save(str(path))
    return path


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (numbered from 1; object 1 the catalog), with its xref table."""
    import io

    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for k, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_pdf(path: Path, pages: Sequence[Sequence[str | tuple[str, int]]], *, size: int = 12,
             page_keys: bytes = b"") -> Path:
    """A text PDF (Helvetica, one line of ``pages[n]`` per text line, left margin 72 pt), written by hand;
    a line given as ``(text, points)`` is set in that size (a heading); ``page_keys`` go into every
    page's dictionary (``b"/Rotate 90"``, a ``/CropBox``)."""

    def show(line: str | tuple[str, int]) -> bytes:
        if isinstance(line, tuple):
            return b"/F1 %d Tf (%s) Tj T* /F1 %d Tf" % (line[1], escape(line[0]), size)
        return b"(%s) Tj T*" % escape(line)

    def escape(line: str) -> bytes:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")

    n = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n)), n),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, lines in enumerate(pages):
        body = b"BT /F1 %d Tf %d TL 72 740 Td " % (size, int(size * 1.4))
        body += b" ".join(show(line) for line in lines) + b" ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R %s>>" % (5 + 2 * i, page_keys))
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    path.write_bytes(pdf_bytes(objects))
    return path


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A writable copy of the fixture documents, plus a generated .docx."""
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURES / "docs", folder)
    make_docx(
        folder / "ferry.docx",
        ["The Nordvik Ferry", "The Nordvik ferry crosses the fjord eleven times a day.",
         "The crossing takes 25 minutes."],
        table=[["Season", "Fare"], ["Summer", "12 euros"]],
    )
    return folder


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


class FakeReader:
    """A deterministic stand-in for the trained reader: in each passage, the word after the
    longest run of question words is "the answer" (never a word inside the passage's
    ``uncitable`` ranges); its margin is the run's length minus 2."""

    def __init__(self) -> None:
        self.calls = 0
        self.warm_ups = 0

    def warm_up(self) -> None:
        self.warm_ups += 1

    def read(self, question: str, passages: Sequence[str], uncitable: Sequence[Sequence[tuple[int, int]]] | None = None,
             ) -> list:
        import re

        from qa.reader import Reading

        self.calls += 1
        wanted = {w.lower() for w in re.findall(r"\w+", question)}
        out = []
        for i, text in enumerate(passages):
            ranges = uncitable[i] if uncitable else ()  # the answer word may not lie in one (a heading)
            words = list(re.finditer(r"[\w,.-]*\w", text))
            best, run, best_at = 0, 0, None
            for k, m in enumerate(words):
                run = run + 1 if m.group().lower() in wanted else 0
                if run > best and k + 1 < len(words) and not any(
                        lo <= words[k + 1].start() and words[k + 1].end() <= hi for lo, hi in ranges):
                    best, best_at = run, words[k + 1]
            if best_at is None:
                out.append(Reading(i, 0, 0, float("-inf"), 0.0, float("-inf")))
            else:
                out.append(Reading(i, best_at.start(), best_at.end(), float(best), 2.0, float(best - 2)))
        return out


@pytest.fixture
def refusing_reader(tmp_path: Path) -> Path:
    """A reader folder (--model DIR): the shipped model with a calibration whose threshold is 1.0,
    so everything it reads is refused; the shipped folder answers the same questions."""
    from qa.reader import CALIBRATION_FILE, shipped_model_dir

    folder = shutil.copytree(shipped_model_dir(), tmp_path / "refusing-reader")
    calibration = json.loads((folder / CALIBRATION_FILE).read_text())
    (folder / CALIBRATION_FILE).write_text(json.dumps({**calibration, "threshold": 1.0}))
    return folder


@pytest.fixture
def fake_reader() -> FakeReader:
    return FakeReader()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that is not integration, long or server is a unit test (``pytest -m unit``)."""
    for item in items:
        if not any(item.get_closest_marker(m) for m in ("integration", "long", "server")):
            item.add_marker(pytest.mark.unit)
