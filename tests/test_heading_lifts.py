"""Release notes and manuals name what a question asks about in a heading alone: retrieval lifts the
chunks under (or holding) a heading that heads the version asked (upstream's notes before a Debian
packaging entry's, those the question's other words name, the other documents of their folders),
or that writes the option or call asked ("-k --keep", "hex(x)")."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.retriever import RetrievalConfig


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


def test_the_manual_that_defines_an_option_is_lifted_wherever_it_lies_in_the_store(tmp_path: Path) -> None:
    """A manual whose folder no first candidate's is (xsltproc's --timing, asked over a store where
    time's manual says "timing" everywhere) is found by the option its headings write: lifted
    where the question's other words name its path, or, where it has none, at most TERM_DOCUMENTS
    documents of the store define it; an option many programs define, asked with no program,
    lifts none from afar, nor does a program no defining document is of."""
    from qa import DocumentQA
    from qa.retriever import TERM_DOCUMENTS
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs"
    for folder in ("time", "xproc", *(f"tool{n}" for n in range(TERM_DOCUMENTS + 1))):
        (docs / folder).mkdir(parents=True)
    filler = "".join(f"The timing option table row {n} lists what each timing option does.\n\n" for n in range(300))
    (docs / "time" / "guide.md").write_text(f"# time guide\n\n{filler}")
    (docs / "xproc" / "manual.md").write_text("# xproc manual\n\n## --novalid\n\nSkip loading the DTD.\n\n"
                                              "## --timing\n\nDisplay the time used for parsing.\n")
    for n in range(TERM_DOCUMENTS + 1):  # --verbose: more programs define it than a question naming none reads
        (docs / f"tool{n}" / "manual.md").write_text(f"# tool{n} manual\n\n## -v --verbose\n\nTalk more.\n")
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        records = bot.store.chunks(ids)
        guide = [i for i in ids if records[i].source.endswith("guide.md")]
        lifted = bot.retriever._term_headed("What does the --timing option do?", guide, None)
        assert [Path(records[i].source).parent.name for i in lifted] == ["xproc"]
        assert "## --timing" in records[lifted[0]].text
        assert bot.retriever._term_headed("What does the --verbose option do?", guide, None) == []
        named = bot.retriever._term_headed("What does the --verbose option of tool2 do?", guide, None)
        assert [Path(records[i].source).parent.name for i in named] == ["tool2"]
        assert bot.retriever._term_headed("What does the --timing option of frob do?", guide, None) == []  # not frob's
        scope = [r for r, s in bot.store.catalog.sources_within([str(docs / "time")]).items()]
        assert bot.retriever._term_headed("What does the --timing option do?", guide, scope) == []  # (the scope holds)
    finally:
        bot.close()
