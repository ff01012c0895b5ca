"""BM25's title field (``index.titles``): a document's title and file name score its chunks, each
question word counted once, where it counts more; the statistics follow the catalog's commits."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.catalog import Catalog, FileState
from index.documents import Chunk, Document, Span
from index.errors import InvalidInputError
from index.titles import title_text
from qa.retriever import RetrievalConfig

# release notes: the version is in the title and file name only, except in the maintenance notes,
# whose text lists the versions they merge
NOTES = {
    "/rel/2.39.0.txt": ("Git v2.39 Release Notes", "git shortlog learned to group by the format string."),
    "/rel/2.30.0.txt": ("Git v2.30 Release Notes", "git shortlog learned to sort its output by date."),
    "/rel/2.31.4.txt": ("Git v2.31.4 Release Notes",
                        "This release merges fixes of v2.39.1, v2.39.2 and v2.39.3; git shortlog is fixed."),
    "/rel/2.28.0.txt": ("Git v2.28 Release Notes", "git log learned a new placeholder for the date."),
    # other versions' notes, so that BM25's statistics are those of a folder of notes, not of four files
    **{f"/rel/1.{n}.0.txt": (f"Git v1.{n} Release Notes", f"git gc learned option number {n}.") for n in range(20)},
}
QUESTION = "What did git shortlog learn in Git 2.39?"


def _document(source: str, title: str, body: str) -> tuple[Document, FileState, list[Chunk]]:
    key = source.rsplit("/", 1)[-1]
    chunk = Chunk(Span(0, key, source, title, 0, len(body), body), len(body.split()))
    return Document(key, source, title, body), FileState(len(body), 0, key), [chunk]


def _catalog(tmp_path: Path, notes: dict[str, tuple[str, str]] = NOTES) -> Catalog:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    catalog.apply([_document(source, title, body) for source, (title, body) in notes.items()], [])
    return catalog


def _sources(catalog: Catalog, hits: list[tuple[int, float]]) -> list[str]:
    records = catalog.chunks([i for i, _ in hits])
    return [records[i].source for i, _ in hits]


def test_the_title_field_holds_the_title_and_the_file_name_once() -> None:
    assert title_text("Git v2.39 Release Notes", "/usr/share/doc/git/RelNotes/2.39.0.txt") == \
        "Git v2.39 Release Notes 2.39.0.txt"
    assert title_text("notes.md", "/home/a/notes.md") == "notes.md"  # a title that is the file name
    assert title_text("Guide", "C:\\docs\\guide.md") == "Guide guide.md"


@pytest.mark.parametrize("bounded", [False, True])
def test_the_document_a_question_names_in_its_title_comes_first(tmp_path: Path, bounded: bool) -> None:
    catalog = _catalog(tmp_path)
    try:
        plan = catalog.query_plan(QUESTION)
        # bounded: a budget that leaves the commonest word ("git") out of the search, then rescores it
        budget = sum(w.postings for w in plan[:-1]) if bounded else None
        assert plan[-1].word == "git"
        # the body alone: the maintenance notes, whose text repeats "39", outrank 2.39's own notes
        assert _sources(catalog, catalog.lexical_search(QUESTION, 4, budget))[0] == "/rel/2.31.4.txt"
        titled = _sources(catalog, catalog.lexical_search(QUESTION, 30, budget, title_weight=2.0))
        # "39" counts once for the maintenance notes (their text), once for 2.39's (its title and file
        # name): the question's other words decide; the notes of other versions come after both
        assert titled[:2] == ["/rel/2.39.0.txt", "/rel/2.31.4.txt"]
    finally:
        catalog.close()


def test_words_no_title_holds_leave_the_scores_as_they_were(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    try:
        question = "Which placeholder for the date?"  # none of its words is in a title or a file name
        plain = catalog.lexical_search(question, 4)
        assert plain
        titled = catalog.lexical_search(question, 4, title_weight=2.0)
        assert [i for i, _ in titled] == [i for i, _ in plain]
        assert [s for _, s in titled] == pytest.approx([s for _, s in plain], rel=1e-6)  # FTS5's BM25, recomputed
    finally:
        catalog.close()


def test_the_title_statistics_follow_the_catalog_s_commits(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    try:
        assert _sources(catalog, catalog.lexical_search(QUESTION, 1, title_weight=2.0)) == ["/rel/2.39.0.txt"]
        # 2.39's notes removed and others with its title added: the new statistics are read at once
        catalog.apply([_document("/rel/x.txt", "Git v2.39 Release Notes", "git shortlog learned to group by author.")],
                      ["/rel/2.39.0.txt"])
        assert _sources(catalog, catalog.lexical_search(QUESTION, 1, title_weight=2.0)) == ["/rel/x.txt"]
    finally:
        catalog.close()


def test_the_title_weight_must_not_be_negative() -> None:
    with pytest.raises(InvalidInputError, match=r"title_weight must not be negative, got -1\.0"):
        RetrievalConfig(title_weight=-1.0)


def test_a_version_is_one_term_with_the_versions_it_belongs_to() -> None:
    from index.titles import version_terms

    assert version_terms("Git v2.39.1 Release Notes 2.39.1.txt") == ["ver2x39x1", "ver2x39", "ver2x39x1", "ver2x39"]
    assert version_terms("What did git am learn in Git 2.3?") == ["ver2x3"]
    assert version_terms("Python 3 and x2.5 and 1.2.3.4.5.6") == [
        "ver1x2x3x4x5x6", "ver1x2x3x4x5", "ver1x2x3x4", "ver1x2x3", "ver1x2"]  # "x2.5" is no version


def test_a_version_the_question_names_picks_its_notes_not_those_sharing_its_numbers(tmp_path: Path) -> None:
    """"2.3" is the words "2" and "3" to the tokenizer, which the titles of 2.30, 1.2.3 and 2.3 all
    hold; as a version it names 2.3's notes (and 2.3.x's) only."""
    body = "git am learned the --message-id option."
    notes = {f"/rel/{v}.txt": (f"Git v{v} Release Notes", body) for v in ("2.30.0", "1.2.3", "2.3.0", "2.13.0")}
    notes.update({f"/rel/1.{n}.0.txt": (f"Git v1.{n} Release Notes", f"git gc learned option {n}.") for n in range(12)})
    catalog = _catalog(tmp_path, notes)
    try:
        question = "Which option did git am learn in Git 2.3?"
        assert _sources(catalog, catalog.lexical_search(question, 10, title_weight=1.0))[0] == "/rel/2.3.0.txt"
        assert _sources(catalog, catalog.lexical_search(question, 10))[0] != "/rel/2.3.0.txt"  # the text alone
    finally:
        catalog.close()


def test_retrieval_puts_the_chunks_of_the_documents_a_question_names_by_version_first(tmp_path: Path) -> None:
    """Dense search knows nothing of titles: other versions' notes that say more of the question's
    words rank first there. The notes the question names by a version rank first in the end."""
    from qa import DocumentQA
    from qa.retriever import HybridRetriever
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "notes"
    docs.mkdir()
    preface = "".join(f"Backward compatibility note number {n} says nothing new here.\n" for n in range(60))

    def notes(version: str, item: str) -> str:  # the version is in the title, far from the item's chunk
        return f"Git v{version} Release Notes\n=======================\n\n{preface}\nUpdates\n-------\n\n * {item}\n"

    (docs / "2.39.0.txt").write_text(notes("2.39", "The shortlog command learned to group by the format string."))
    for v in ("2.38", "2.40", "2.41"):
        (docs / f"{v}.0.txt").write_text(notes(v, "What did git shortlog learn? git shortlog learned to sort by date."))
    question = "What did git shortlog learn in Git 2.39?"
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    try:
        assert Path(bot.retrieve(question)[0].source).name == "2.39.0.txt"
        assert bot.store.catalog.named_documents(question) == {  # and it writes 2.39 exactly
            r.span.row_id: True for r in bot.store.chunks(bot.store.catalog.chunk_ids()).values() if "2.39" in r.source}
        plain = HybridRetriever(bot.store, RetrievalConfig(title_weight=0.0))  # no title field: dense and BM25 alone
        assert Path(plain.retrieve(question)[0].source).name != "2.39.0.txt"
        assert bot.store.catalog.named_documents("What did git shortlog learn?") == {}
    finally:
        bot.close()


def test_the_notes_of_the_version_named_come_before_those_of_its_point_releases(tmp_path: Path) -> None:
    """"Git 2.39" names the notes of 2.39 and of 2.39.1-2.39.5 alike; those of 2.39 itself, which
    say fewer of the question's words, rank first."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "notes"
    docs.mkdir()
    (docs / "2.39.0.txt").write_text("Git v2.39 Release Notes\n=======================\n\n * The shortlog command "
                                     "learned to group by the format string.\n")
    for n in range(1, 6):
        (docs / f"2.39.{n}.txt").write_text(f"Git v2.39.{n} Release Notes\n=========================\n\nThis release "
                                            "merges up the fixes of what changed in git, and what git learned.\n")
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    try:
        assert Path(bot.retrieve("What changed in git 2.39?")[0].source).name == "2.39.0.txt"
        assert Path(bot.retrieve("What changed in git 2.39.0?")[0].source).name == "2.39.0.txt"
        named = bot.store.catalog.named_documents("What changed in git 2.39?")
        exact = [Path(bot.store.document_by_row(row).source).name for row, is_exact in named.items() if is_exact]
        assert len(named) == 6 and exact == ["2.39.0.txt"]
        assert Path(bot.retrieve("What changed in git 2.39.3?")[0].source).name == "2.39.3.txt"
    finally:
        bot.close()
