"""Documents' titles and file names as a second BM25 field of the lexical search.

A chunk's text rarely names what its whole document is about: release notes say "git shortlog
learned ..." under a title "Git v2.39 Release Notes" in a file ``2.39.0.txt``, and the version
a question asks about is written nowhere else. The lexical search scores each chunk it finds
for its document's title and file name too (FTS5's BM25 over those short texts, their
statistics taken over all documents). Each word of the question counts once, where it counts
more: its share of the chunk's own BM25, or its share of the title field's times a weight. So
the chunks of the document a question names move up, and a version number the question shares
with both a title and other notes' text (2.39.3's notes list "v2.39.2 ...") is not counted twice.

The titles are read and tokenised (as the index tokenises) once per catalog version: a few
milliseconds per thousand documents, in memory, no schema change.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass

from index.lexical import Lexicon, QueryWord, bm25_term, idf

_PATH_SEPARATOR = re.compile(r"[\\/]")
_VERSION = re.compile(r"(?<![\w.])[vV]?(\d+(?:\.\d+)+)")  # "2.39", "v2.39.1", "2.39.0.txt"


def version_terms(text: str) -> list[str]:
    """A term for each version ``text`` writes and for each shorter version it belongs to:
    "v2.39.1" gives ``ver2x39x1`` and ``ver2x39``. The tokenizer reads "2.39" as the two words "2"
    and "39", which most release notes' titles hold (2.3 and 1.2.3 too); as one term, a question's
    "Git 2.3" names the notes of 2.3 and 2.3.x and no others."""
    out = []
    for match in _VERSION.finditer(text):
        parts = match.group(1).split(".")
        out += ["ver" + "x".join(parts[:k]) for k in range(len(parts), 1, -1)]
    return out


def title_text(title: str, source: str) -> str:
    """What the title field holds for a document: its title and its file's name (once, when the
    title does not already hold it)."""
    name = _PATH_SEPARATOR.split(source)[-1]
    return title if name.lower() in title.lower() else f"{title} {name}".strip()


@dataclass(frozen=True)
class _Titles:
    version: int
    terms: dict[int, Counter[str]]  # document row -> its title field's terms, counted
    lengths: dict[int, int]  # document row -> its title field's length in terms
    df: Counter[str]  # term -> documents whose title field holds it
    average_length: float


class TitleField:
    """BM25 of a question's words over each document's title field (see the module's notes).

    Thread-safe; ``shares`` must be given the catalog's read connection, with its lock held."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._lock = threading.Lock()
        self._titles: _Titles | None = None

    def _load(self, read: sqlite3.Connection) -> _Titles:
        version = int(read.execute("PRAGMA data_version").fetchone()[0])
        with self._lock:
            if self._titles is None or self._titles.version != version:
                texts = {int(row): title_text(str(title), str(source))
                         for row, title, source in read.execute("SELECT id, title, source FROM documents")}
                terms = {row: Counter(found + version_terms(texts[row])) for row, found in self._lexicon.tokenize(texts).items()}
                lengths = {row: sum(counts.values()) for row, counts in terms.items()}
                df: Counter[str] = Counter()
                for counts in terms.values():
                    df.update(counts.keys())
                average = sum(lengths.values()) / max(len(lengths), 1)
                self._titles = _Titles(version, terms, lengths, df, average or 1.0)
            return self._titles

    def shares(self, read: sqlite3.Connection, words: list[QueryWord], rows: set[int]) -> dict[int, list[float]]:
        """Each of ``words``' share of the title field's BM25 for each document row in ``rows``, in
        the words' order. A word the tokenizer splits into several terms (``foo_bar``) counts by
        its rarest term, as ``index.lexical.shares`` counts it."""
        titles = self._load(read)
        documents = len(titles.terms)
        weights = [idf(documents, min(titles.df.get(t, 0) for t in w.terms)) for w in words]
        out: dict[int, list[float]] = {}
        for row in rows:
            counts = titles.terms.get(row, Counter())
            length = titles.lengths.get(row, 0)
            out[row] = [bm25_term(weight, min(counts.get(t, 0) for t in w.terms), length, titles.average_length)
                        for w, weight in zip(words, weights, strict=True)]
        return out
