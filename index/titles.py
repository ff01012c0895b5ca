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

from index.lexical import Lexicon, QueryWord, bm25_term, idf, shares

_PATH_SEPARATOR = re.compile(r"[\\/]")
VERSION = re.compile(r"(?<![\w.])[vV]?(\d+(?:\.\d+)+)")  # "2.39", "v2.39.1", "2.39.0.txt"


def version_terms(text: str) -> list[str]:
    """A term for each version ``text`` writes and for each shorter version it belongs to:
    "v2.39.1" gives ``ver2x39x1`` and ``ver2x39``. The tokenizer reads "2.39" as the two words "2"
    and "39", which most release notes' titles hold (2.3 and 1.2.3 too); as one term, a question's
    "Git 2.3" names the notes of 2.3 and 2.3.x and no others."""
    out = []
    for match in VERSION.finditer(text):
        parts = match.group(1).split(".")
        out += ["ver" + "x".join(parts[:k]) for k in range(len(parts), 1, -1)]
    return out


def plain_version(version: str) -> str:
    """``version`` with its trailing ".0"s left out, as versions compare: "2.39.0" is 2.39 (4.10 stays)."""
    return re.sub(r"(?<=\d)(?:\.0+)+$", "", version)


def exact_versions(text: str) -> set[str]:
    """The versions ``text`` writes (:func:`plain_version`): "Git v2.39 Release Notes" and
    ``2.39.0.txt`` both write 2.39 exactly, ``2.39.2.txt`` does not."""
    return {plain_version(m.group(1)) for m in VERSION.finditer(text)}


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
    versions: dict[str, set[int]]  # version term (:func:`version_terms`) -> rows of the documents whose title field holds it
    exact: dict[int, set[str]]  # document row -> the versions its title field writes (:func:`exact_versions`)


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
                written = {row: version_terms(text) for row, text in texts.items()}
                terms = {row: Counter(found + written[row]) for row, found in self._lexicon.tokenize(texts).items()}
                versions: dict[str, set[int]] = {}
                for row, found in written.items():
                    for term in found:
                        versions.setdefault(term, set()).add(row)
                lengths = {row: sum(counts.values()) for row, counts in terms.items()}
                df: Counter[str] = Counter()
                for counts in terms.values():
                    df.update(counts.keys())
                average = sum(lengths.values()) / max(len(lengths), 1)
                exact = {row: exact_versions(text) for row, text in texts.items()}
                self._titles = _Titles(version, terms, lengths, df, average or 1.0, versions, exact)
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

    def rescore(self, read: sqlite3.Connection, hits: list[tuple[int, float]], words: list[str], versions: list[str],
                weight: float) -> list[tuple[int, float]]:
        """``hits`` (chunk ids with their BM25 scores) scored again, each of the question's ``words``
        by its share of the chunk's BM25 or ``weight`` times its share of the document's title
        field's, whichever is larger, and each of its ``versions`` (:func:`version_terms`, terms no
        chunk text holds) by the latter; re-sorted. A hit's score is the sum of its words' shares,
        so only the words its document's title holds can change it, and only those are counted
        in its text. The caller holds the read connection's lock."""
        ids = [chunk_id for chunk_id, _ in hits]
        marks = ",".join("?" * len(ids))
        document = {int(c): int(d) for c, d in read.execute(f"SELECT id, document FROM chunks WHERE id IN ({marks})", ids)}
        query = self._lexicon.query(read, words)
        asked = query + [QueryWord(v, (v,), 0, 0) for v in dict.fromkeys(versions)]
        titles = self.shares(read, asked, set(document.values()))
        named = {c: [i for i, t in enumerate(titles[d]) if t > 0] for c, d in document.items() if any(titles[d])}
        if not named:
            return hits
        counted = sorted({i for found in named.values() for i in found if i < len(query)})
        body = shares(read, self._lexicon, list(named), [query[i] for i in counted])
        place = {i: n for n, i in enumerate(counted)}
        gains = {c: sum(max(0.0, weight * titles[document[c]][i] - (body[c][place[i]] if i in place else 0.0))
                        for i in found)
                 for c, found in named.items()}
        return sorted(((c, score + gains.get(c, 0.0)) for c, score in hits), key=lambda h: (-h[1], h[0]))

    def named(self, read: sqlite3.Connection, query: str) -> dict[int, bool]:
        """The rows of the documents whose title or file name writes a version ``query`` writes or
        one of its point releases: the documents a question names ("in Git 2.39": the notes of
        2.39 and 2.39.x), each with whether it writes that version exactly (:func:`exact_versions`:
        2.39's own notes, ``2.39.0.txt``)."""
        versions = version_terms(query)
        if not versions:
            return {}
        titles, asked = self._load(read), exact_versions(query)
        rows: set[int] = set().union(*(titles.versions.get(v, set()) for v in versions))
        return {row: bool(titles.exact.get(row, set()) & asked) for row in rows}
