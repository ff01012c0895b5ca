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


def test_retrieval_puts_the_chunks_under_a_heading_a_question_names_by_version_first(tmp_path: Path) -> None:
    """NEWS files and changelogs name each version in the heading of its section alone: the chunks
    under (or holding) a heading that writes the question's version rank first, those of 13.7 or
    3.7.1 do not."""
    from qa import DocumentQA
    from qa.retriever import HybridRetriever
    from tests.conftest import CountingEmbedder

    preface = "".join(f"Backward compatibility note number {n} says nothing new here.\n" for n in range(40))

    def section(version: str, item: str) -> str:  # the version is in the heading, far from the item's chunk
        return f"## Noteworthy changes in release {version} (2022-09-02)\n\n{preface}\n* {item}\n\n"

    text = "# frob NEWS\n\n" + "".join(
        section(v, "The frob tool learned to group by the format string." if v == "3.7" else
                "What did the frob tool learn? The frob tool learned to sort by date.")
        for v in ("3.8", "13.7", "3.7", "3.7.1", "3.6"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "NEWS.md").write_text(text)
    question = "What did the frob tool learn in release 3.7?"
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    try:
        first = bot.retrieve(question)[0]
        assert "group by the format string" in first.text
        plain = HybridRetriever(bot.store, RetrievalConfig(title_weight=0.0))  # no title field, no named sections
        assert "group by the format string" not in plain.retrieve(question)[0].text
        ids = bot.store.catalog.chunk_ids()
        named = sum(bot.retriever._named_sections(question, ids, bot.store.chunks(ids)), [])
        a, b = text.index("## Noteworthy changes in release 3.7 ("), text.index("## Noteworthy changes in release 3.7.1")
        spans = [bot.store.chunks([i])[i].span for i in named]
        assert len(named) >= 2 and all(s.start < b and s.end > a for s in spans)  # release 3.7's section only
        assert bot.retriever._named_sections("What did the frob tool learn?", ids, bot.store.chunks(ids)) == ([], [])
    finally:
        bot.close()


def test_a_debian_packaging_entry_of_the_version_ranks_after_upstream_s_section_and_a_revision_names_none(
        tmp_path: Path) -> None:
    """A changelog.Debian's entries name the version they package ("frob (3.7~rc1-2) unstable"): what
    the packaging changed, after the upstream notes' section of that version among the chunks a
    heading names; "frob (3.5-3.7)" packages 3.5 (its revision is not 3.7)."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs"
    docs.mkdir()
    entry = ("frob ({v}) unstable; urgency=medium\n\n  * {item}\n\n"
             " -- A Maintainer <a@example.org>  Sun, 19 Mar 2023 10:00:00 +0100\n\n")
    (docs / "changelog.Debian").write_text(entry.format(v="3.7~rc1-2", item="Rebuild."))  # (3.7 before its release)
    (docs / "NEWS.Debian").write_text(entry.format(v="3.5-3.7", item="The frob 3.7 tools moved to /usr/bin."))
    (docs / "NEWS.md").write_text("# frob NEWS\n\n## Noteworthy changes in release 3.7\n\n* frob sorts by date.\n")
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        records = bot.store.chunks(ids)
        for order in (ids, ids[::-1]):
            upstream, packaged = bot.retriever._named_sections("What changed in frob 3.7?", order, records)
            assert [Path(records[i].source).name for i in upstream] == ["NEWS.md"]
            assert [Path(records[i].source).name for i in packaged] == ["changelog.Debian"]
    finally:
        bot.close()


def test_a_heading_of_changes_from_one_version_to_the_next_names_the_later_one(tmp_path: Path) -> None:
    """Retrieval reads which release a heading heads as the list answer does
    (:func:`index.text_formats.headed`): "Major changes from 3.6 to 3.7" heads 3.7, not 3.6, and
    "3.7.0" is 3.7."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs"
    docs.mkdir()
    filler = "".join(f"Backward compatibility note number {n} says nothing new here.\n" for n in range(40))
    (docs / "NEWS.md").write_text(f"# frob NEWS\n\n## Major changes from 3.6 to 3.7\n\n{filler}\n* frob sorts by date.\n\n"
                                  f"## Version 3.6\n\n{filler}\n* frob reads gzip.\n")
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        records = bot.store.chunks(ids)
        assert len(ids) >= 4

        text = (docs / "NEWS.md").read_text()
        split = text.index("## Version 3.6")

        def named(question: str) -> list[tuple[int, int]]:
            return [(records[i].span.start, records[i].span.end)
                    for i in sum(bot.retriever._named_sections(question, ids, records), [])]

        later, earlier = named("What changed in frob 3.7.0?"), named("What changed in frob 3.6?")
        assert later and all(start < split for start, _ in later) and any(start == 0 for start, _ in later)
        assert earlier and all(end > split for _, end in earlier)  # not the chunks of "from 3.6 to 3.7" alone
    finally:
        bot.close()


def test_the_notes_of_another_program_that_writes_the_version_give_way_to_those_the_question_names(
        tmp_path: Path) -> None:
    """util-linux's ``v2.27-ReleaseNotes`` write 2.27 in their title, grep's NEWS in a heading: "What
    changed in grep 2.27?" names grep's by the path, and the other notes are not lifted; asked of
    util-linux, or by words no such path writes ("bugs"), the notes named by version are."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    filler = "".join(f"Compatibility note number {n} says nothing new about the tools.\n" for n in range(40))
    (tmp_path / "docs" / "grep").mkdir(parents=True)
    (tmp_path / "docs" / "util-linux" / "releases").mkdir(parents=True)
    (tmp_path / "docs" / "grep" / "NEWS.md").write_text(
        f"# GNU grep NEWS\n\n## Noteworthy changes in release 2.28\n\n{filler}\n"
        "## Noteworthy changes in release 2.27\n\n* The -z option no longer hangs.\n")
    (tmp_path / "docs" / "util-linux" / "releases" / "v2.27-ReleaseNotes").write_text(
        f"Util-linux v2.27 Release Notes\n==============================\n\n{filler}\n* The changes in release 2.27 are"
        " listed below: blkid, mount and fdisk changed.\n")
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        records = bot.store.chunks(ids)

        def lifted(question: str) -> set[str]:
            return {Path(records[i].source).parent.name
                    for ranking in bot.retriever._version_rankings(question, ids, None) for i in ranking}

        assert Path(bot.retrieve("What changed in grep 2.27?")[0].source).name == "NEWS.md"
        assert lifted("What changed in grep 2.27?") == {"grep"}
        assert lifted("What changed in util-linux 2.27?") == {"releases"}
        assert lifted("What bugs were fixed in 2.27?") == {"grep", "releases"}
        assert lifted("What does --format=v2 print in 2.27?") == {"grep", "releases"}  # ("v2" names no program)
        assert lifted("What changed in grep 2.29?") == set()
    finally:
        bot.close()


def test_a_release_heading_in_a_document_beside_a_candidate_the_question_names_is_lifted(tmp_path: Path) -> None:
    """A long changelog's chunk under an old release's heading says little but its number and is
    seldom a candidate: the headings of the documents in the folder of a candidate whose path
    names the question's words are read, and the chunk holding that version's heading is lifted
    (a Debian packaging entry's after upstream's; not another folder's, not a numbered section)."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    frob, other = tmp_path / "docs" / "frob", tmp_path / "docs" / "blat"
    frob.mkdir(parents=True)
    other.mkdir(parents=True)
    (frob / "manual.md").write_text("# The frob manual\n\nfrob sorts records by date and reads gzip.\n")
    releases = "".join(f"## 1.0.{n} (2007-12-{n % 28 + 1:02d})\n\n* frob item {n} of that release.\n\n"
                       for n in range(60, 0, -1))
    (frob / "changelog.md").write_text(f"# frob changelog\n\n{releases}")
    (frob / "changelog.Debian").write_text("frob (1.0.5-2) unstable; urgency=medium\n\n  * Rebuild.\n\n"
                                           " -- A Maintainer <a@example.org>  Sun, 19 Mar 2023 10:00:00 +0100\n")
    (frob / "NEWS").write_text("CHANGES WITH 252:\n\n* frob reads zstd.\n\nCHANGES WITH 251:\n\n* frob reads xz.\n")
    (other / "guide.md").write_text("# blat guide\n\n## 1.0.5 Configuration\n\nblat reads its settings.\n")
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        everything = bot.store.chunks(ids)
        manual = {i: r for i, r in everything.items() if r.source.endswith("manual.md")}
        lifted = bot.retriever._headed_in_folders("What is new in frob 1.0.5?", manual, set(manual))
        assert len(lifted) == 2 and "## 1.0.5 (2007-12-06)" in everything[lifted[0]].text
        assert everything[lifted[1]].text.startswith("frob (1.0.5-2) unstable")
        assert bot.retriever._headed_in_folders("What is new in frob 1.0.5?", manual, set(lifted)) == []
        passages = bot.retriever.retrieve("What is new in frob 1.0.5?", within=[str(frob / "manual.md")])
        assert passages and {Path(p.source).name for p in passages} == {"manual.md"}  # the scope holds
        rankings = bot.retriever._version_rankings("What is new in frob 1.0.5?", list(manual), None)
        assert sum(ranking.count(lifted[0]) for ranking in rankings) == 2  # (it has no other rank: lifted twice)
        assert bot.retriever._headed_in_folders("What is new in 1.0.5?", manual, set()) == []  # no words
        bare = bot.retriever._headed_in_folders("What is new in frob 252?", manual, set())  # (a bare number)
        assert [everything[i].source.endswith("NEWS") for i in bare] == [True]
        assert bot.retriever._headed_in_folders("What does frob 252 mean?", manual, set()) == []
        newest = bot.retriever._headed_in_folders("What's new in the latest frob release?", manual, set(ids))
        assert len(newest) == 1 and "## 1.0.60 (" in everything[newest[0]].text  # (dotted before "252"; a candidate too)
        guide = {i: r for i, r in everything.items() if r.source.endswith("guide.md")}
        assert bot.retriever._headed_in_folders("What is new in blat 1.0.5?", guide, set()) == []
        assert bot.retriever._headed_in_folders("What is new in frob 1.0.5?", guide, set()) == []
    finally:
        bot.close()


@pytest.mark.parametrize(("question", "versions"), [
    ("What did git shortlog learn in Git 2.39?", {"v2.39"}), ("What is new in systemd 252?", {"252"}),
    ("What changed in less 590?", {"590"}), ("What does option 3 do?", set()), ("Is step 12 needed?", set()),
    ("What is new in libnghttp2-14 1.47.0?", {"v1.47"})])
def test_a_bare_number_lifts_notes_only_where_the_question_asks_what_that_version_changed(
        question: str, versions: set[str]) -> None:
    from qa.retriever import lifted_versions

    assert lifted_versions(question) == versions


def test_upstream_s_section_outranks_a_dozen_packaging_entries_of_its_version(tmp_path: Path) -> None:
    """gzip 1.2.4: twelve "gzip (1.2.4-N)" entries of changelog.Debian match "What changed in gzip
    1.2.4?" better than NEWS's "Major changes from 1.2.3 to 1.2.4", a candidate far down. Upstream's
    section is lifted twice, a packaging entry's once, so the answer lists what the release changed,
    not what its packaging did."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    frob = tmp_path / "docs" / "frob"
    frob.mkdir(parents=True)
    entries = "".join(f"frob (1.2.4-{n}) unstable; urgency=low\n\n  * frob 1.2.4 packaging change {n}: what changed in "
                      f"the frob rules.\n\n -- A Maintainer <a@example.org>  Sun, 19 Mar 2000 10:00:00 +0100\n\n"
                      for n in range(30, 18, -1))
    (frob / "changelog.Debian").write_text(entries)
    older = "".join(f"Major changes from 0.{n} to 0.{n + 1}\n* zcat item {n} of that release.\n\n" for n in range(40, 0, -1))
    (frob / "NEWS").write_text("GNU frob NEWS    -*- outline -*-\n\n"
                               "* Noteworthy changes in release 1.3.2 (2003-02-01) [stable]\n\n** Bug fixes\n\n  zcat exits.\n\n"
                               "* Noteworthy changes in release 1.3.1 (2003-01-01) [stable]\n\n** Bug fixes\n\n  zcat reads.\n\n"
                               "Major changes from 1.2.4 to 1.3\n* zless is new.\n\n"
                               "Major changes from 1.2.3 to 1.2.4\n* By default, do not restore file names.\n\n" + older)
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        question = "What changed in frob 1.2.4?"
        ids = bot.store.catalog.chunk_ids()
        records = bot.store.chunks(ids)
        section = next(i for i in ids if "Major changes from 1.2.3 to 1.2.4" in records[i].text)
        packaged = [i for i in ids if records[i].source.endswith("changelog.Debian")]
        order = packaged + [i for i in ids if i not in packaged]  # upstream's far down, as words rank it
        rankings = bot.retriever._version_rankings(question, order, None)
        assert sum(ranking.count(section) for ranking in rankings) == 2
        assert all(sum(ranking.count(i) for ranking in rankings) <= 1 for i in packaged)
        answer = bot.ask(question)
        assert answer.citations[0].text == "Major changes from 1.2.3 to 1.2.4"
        assert answer.citations[1].text == "* By default, do not restore file names."
    finally:
        bot.close()


def test_the_chunk_of_the_option_a_question_names_is_lifted_from_the_candidates_folders(tmp_path: Path) -> None:
    """A one-letter option is a word BM25 finds everywhere and the embedding barely sees: the
    chunks holding a heading that writes the option the question names ("-k" of "-k --keep"), in
    the folders of the first candidates (those the question's words name where some do), are
    lifted; not another folder's, nor an option the question does not name."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    frob, blat = tmp_path / "docs" / "frob", tmp_path / "docs" / "blat"
    frob.mkdir(parents=True)
    blat.mkdir(parents=True)
    filler = "".join(f"The frob option table row {n} lists what each frob option does.\n\n" for n in range(300))
    (frob / "guide.md").write_text(f"# frob guide\n\n{filler}")
    options = "".join(f"## -{c} --{name}\n\n{text}\n\n" + "".join(f"Line {n} of {name}.\n\n" for n in range(25))
                      for c, name, text in (("d", "decompress", "Force decompression."),
                                            ("k", "keep", "Keep (do not delete) input files."),
                                            ("s", "small", "Reduce memory usage.")))
    (frob / "manual.md").write_text(f"# frob manual\n\n{options}")
    (blat / "manual.md").write_text("# blat manual\n\n## -k --kill\n\nKill the blat daemon.\n")
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        records = bot.store.chunks(ids)
        guide = [i for i in ids if records[i].source.endswith("guide.md")]
        question = "What does the -k option of frob do?"
        lifted = bot.retriever._term_headed(question, guide, None)
        assert [records[i].text.startswith("-k --keep") or "## -k --keep" in records[i].text for i in lifted] == [True]
        assert Path(records[lifted[0]].source).parent.name == "frob"
        assert bot.retriever._term_headed("What does the -x option of frob do?", guide, None) == []
        assert bot.retriever._term_headed(question, guide, [records[guide[0]].row_id]) == []  # (the scope holds)
        assert any("Keep (do not delete)" in p.text for p in bot.retrieve(question))
    finally:
        bot.close()
