"""The catalog keeps the options and calls each document's headings write (``heading_terms``), so
that a question naming one finds the manual that defines it wherever it lies in the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index.catalog import Catalog, FileState
from index.documents import Chunk, Document, Span
from index.sections import heading_terms


@pytest.mark.parametrize(("title", "terms"), [
    ("-k --keep", ["--keep", "-k"]),
    ("--heap=<yes|no> [default: yes]", ["--heap"]),
    ("-f format", ["-f"]),
    ("hex(x)", ["hex"]),
    ("str(object='')", ["str"]),
    ("zipfile.is_zipfile(filename)", []),  # (a dotted name: the question's "is_zipfile()" is not looked up)
    ("GNU-style options", []),  # (a hyphen inside a word)
    ("Built-in functions", []),
    ("Options - general", []),
    ("print (the statement)", []),  # (a space before the bracket: no call)
    ("-0, --null", ["--null", "-0"]),  # (a digit alone is an option: du's, xargs's)
    ("-1 (or --fast) to -9 (or --best)", ["--best", "--fast", "-1", "-9"]),
    ("Chapter 3-5 -12 -1.5", []),  # (a range, a number)
    ("--tlsv1.2", ["--tlsv1.2"]),  # (a version in its name)
])
def test_a_heading_s_terms_are_its_options_and_calls(title: str, terms: list[str]) -> None:
    assert heading_terms([(0, 1, title)]) == terms


def _manual(source: str, headings: list[str]) -> tuple[Document, FileState, list[Chunk]]:
    text = "".join(f"{h}\n\nWhat {h} does.\n\n" for h in headings)
    marks, at = [], 0
    for h in headings:
        marks.append((at, 2, h))
        at += len(f"{h}\n\nWhat {h} does.\n\n")
    document = Document(source, source, source, text, (), tuple(marks))
    return document, FileState(len(text), 0, source), [Chunk(Span(0, source, source, source, 0, len(text), text), 5)]


def test_the_documents_defining_a_term_are_found_and_forgotten_with_them(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    catalog.apply([_manual("/d/bzip2/manual.html", ["-k --keep", "-z --compress"]),
                   _manual("/d/time/time.html", ["-f format", "--format=format"])], [])
    found = catalog.defining(["-k"], 10)
    assert list(found.values()) == ["/d/bzip2/manual.html"]
    assert sorted(catalog.defining(["-k", "-f"], 10).values()) == ["/d/bzip2/manual.html", "/d/time/time.html"]
    assert len(catalog.defining(["-k", "-f"], 1)) == 1  # (at most the limit)
    assert catalog.defining(["-K"], 10) == {}  # (case matters: -K is not -k)
    # re-extracted with new headings, kept with its chunks: its terms follow
    document, state, _ = _manual("/d/bzip2/manual.html", ["-k --keep", "-z --compress"])
    renamed = Document(document.doc_id, document.source, document.title, document.text, (),
                       ((0, 2, "-K --keep-all"), *document.headings[1:]))
    catalog.apply([], [], refreshed=[(renamed, state)])
    assert catalog.defining(["-k"], 10) == {} and list(catalog.defining(["-K"], 10).values()) == ["/d/bzip2/manual.html"]
    catalog.apply([], ["/d/bzip2/manual.html"])  # removed: its terms go with it
    assert catalog.defining(["-K", "-z"], 10) == {}
    assert list(catalog.defining(["--format"], 10).values()) == ["/d/time/time.html"]
    catalog.close()


def test_a_catalog_written_before_heading_terms_gets_them_from_its_documents_headings(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    catalog = Catalog(path)
    catalog.apply([_manual("/d/bzip2/manual.html", ["-k --keep"]), _manual("/d/time/time.html", ["-p", "--portability"])], [])
    catalog.close()
    with sqlite3.connect(path) as conn:  # as the release before it wrote the file
        conn.execute("DROP TABLE heading_terms")
    reopened = Catalog(path)  # a reader: the upgrade runs once, through the write connection
    assert list(reopened.defining(["--portability"], 10).values()) == ["/d/time/time.html"]
    assert list(reopened.defining(["--keep"], 10).values()) == ["/d/bzip2/manual.html"]
    reopened.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM heading_terms").fetchone() == (4,)


def test_an_upgrade_cut_short_leaves_no_empty_index_and_the_next_open_makes_it(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The table is made and filled in one transaction: a process that fails (or is killed) while
    it reads the documents' headings leaves the store as it was, and the next one upgrades it."""
    import index.catalog_schema

    path = tmp_path / "catalog.sqlite3"
    catalog = Catalog(path)
    catalog.apply([_manual("/d/bzip2/manual.html", ["-k --keep"]), _manual("/d/time/time.html", ["-p", "--portability"])], [])
    catalog.close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE heading_terms")
    calls = []

    def failing(headings: list[tuple[int, int, str]]) -> list[str]:
        calls.append(headings)
        if len(calls) == 2:
            raise OSError("disk full")
        return heading_terms(headings)

    monkeypatch.setattr(index.catalog_schema, "heading_terms", failing)
    with pytest.raises(OSError, match="disk full"):
        Catalog(path).defining(["-k"], 10)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'heading_terms'").fetchone() == (0,)
    monkeypatch.undo()
    reopened = Catalog(path)
    assert list(reopened.defining(["-k"], 10).values()) == ["/d/bzip2/manual.html"]
    assert list(reopened.defining(["-p"], 10).values()) == ["/d/time/time.html"]
    reopened.close()
