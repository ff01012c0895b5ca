"""What a list says a thing is or does (``qa.list_items``): an item that names the thing asked
("* *fuser* - Identifies processes using files or sockets" for "What does fuser do?"), or says its
thing does the task asked, answers; retrieval lifts the chunk holding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.documents import Document, Span
from index.sections import markdown_headings
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.list_items import ITEM_CHARS, ITEM_CONFIDENCE, Sought, asked_doing, asked_thing, list_items, named_thing, names
from qa.model_answerer import ModelAnswerer
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

PSMISC = ("# psmisc\n\nA package of small utilities that use the proc file-system.\n\n"
          "* *fuser* - Identifies processes using files or sockets\n"
          "* *killall* - kills processes by name, e.g. killall -HUP named\n"
          "* *pstree* - shows the currently running processes as a tree\n\n"
          "## Getting Help\nThere is no email list.\n")
POSTGRES = ("### Common programs\n\n"
            "* `/usr/bin/pg_lsclusters`: list all available clusters with their status and configuration\n"
            "* `/usr/bin/pg_upgradecluster`: upgrade a cluster to a newer major version\n"
            "* `/usr/bin/pg_dropcluster`: remove a cluster and its configuration\n")
OPENSSL = ("The OpenSSL toolkit includes:\n\n- **libssl**\n  an implementation of all TLS protocol versions.\n\n"
           "- **libcrypto**\n  a full-strength general purpose cryptographic library. It constitutes the\n"
           "  basis of the TLS implementation.\n\n- **openssl**\n  the OpenSSL command line tool. It can be used for\n"
           "  - creation of key parameters\n  - calculation of message digests\n\nDownload\n========\n")
MANUAL = ("It is made up of several user programs:\n         \u2022 man       - an interface to the reference manuals\n"
          "         \u2022 whatis    - search the manual page names\nseveral maintenance programs:\n"
          "         \u2022 mandb     - create or update the manual page index caches\n"
          "         \u2022 catman    - create or update the pre-formatted manual pages\n"
          "and a special pre-formatter:\n         \u2022 zsoelim   - satisfy .so requests in roff input\n")
SYSTEMD = ("* `$SYSTEMD_OFFLINE=[0|1]` \u2014 if set to `1`, then `systemctl` will refrain from\n"
           "  talking to PID 1.\n\n* `$SYSTEMD_FSTAB` \u2014 if set, use this path instead of `/etc/fstab`.\n")


def _items(text: str) -> dict[str, str]:
    return {"/".join(sorted(item.names)): text[item.start:item.end] for item in list_items(text)}


def test_items_name_their_thing_in_bold_italics_code_or_a_word_of_its_own() -> None:
    assert _items(PSMISC) == {"fuser": "*fuser* - Identifies processes using files or sockets",
                              "killall": "*killall* - kills processes by name, e.g. killall -HUP named",
                              "pstree": "*pstree* - shows the currently running processes as a tree"}
    assert _items(POSTGRES)["/usr/bin/pg_upgradecluster/pg_upgradecluster"] == (
        "`/usr/bin/pg_upgradecluster`: upgrade a cluster to a newer major version")
    openssl = _items(OPENSSL)  # (the description on the next line, indented; a list inside it)
    assert openssl["libcrypto"] == ("**libcrypto**\n  a full-strength general purpose cryptographic library. It constitutes the\n"
                                    "  basis of the TLS implementation.")
    assert openssl["openssl"].endswith("  - creation of key parameters\n  - calculation of message digests")
    assert _items(SYSTEMD)["systemd_offline"] == ("`$SYSTEMD_OFFLINE=[0|1]` \u2014 if set to `1`, then `systemctl` will "
                                                  "refrain from\n  talking to PID 1.")


def test_an_item_of_a_passage_is_known_by_its_neighbours_outside_it() -> None:
    at = PSMISC.index("* *pstree*")  # (the list's last item, its neighbours before the passage)
    assert [sorted(item.names) for item in list_items(PSMISC, at, at + 10)] == [["pstree"]]


def test_an_item_alone_in_its_list_or_a_step_names_nothing() -> None:
    assert set(_items(MANUAL)) == {"man", "whatis", "mandb", "catman"}  # (zsoelim's list is of one)
    assert _items("1. Create the dictionary\n\n   `zstd --train *`\n\n2. Compress with it\n") == {}
    assert _items("* Note: this is one item.\n\nText.\n") == {}
    assert _items("* foo\n  bar baz\n* qux\n  quux\n") == {}  # (a plain word's description stays on its line)
    assert _items("* `a`: one\n  * `b`: two\n") == {}  # (a list of one in a list of one)
    assert _items("* `a`: one\n\n\n* `b`: two\n") == {}  # (two blank lines end a list)


def test_an_item_is_cut_at_its_last_whole_line_within_its_limit() -> None:
    long = "* `a`: " + "word " * 30 + "\n" + "".join(f"  line {n} " + "x" * 60 + "\n" for n in range(20)) + "* `b`: two\n"
    item = _items(long)["a"]
    assert len(item) <= ITEM_CHARS and item.endswith("x") and long.startswith(item[:20], 2)


@pytest.mark.parametrize(("term", "named"), [
    ("fuser", {"fuser"}), ("/usr/bin/pg_upgradecluster", {"/usr/bin/pg_upgradecluster", "pg_upgradecluster"}),
    ("$SYSTEMD_OFFLINE=[0|1]", {"systemd_offline"}), ("/etc/postgresql/", {"/etc/postgresql", "postgresql"}),
    ("make install", {"make install"}), ("ABI", {"abi"}),
])
def test_names_of_a_term(term: str, named: set[str]) -> None:
    assert names(term) == named


@pytest.mark.parametrize(("question", "thing"), [
    ("What does fuser do?", {"fuser"}), ("What is libcrypto?", {"libcrypto"}), ("What's ABI?", {"abi"}),
    ("What is the pg_wrapper program for?", {"pg_wrapper"}), ("What does `$SYSTEMD_FSTAB` mean?", {"systemd_fstab"}),
    ("What is the openssl command line tool used for?", {"openssl command line"}),  # ("tool": a kind)
    ("What does AFAICT stand for?", {"afaict"}), ("What is an environment variable?", None),  # (a kind alone)
    ("What is the capital city of the country of Azerbaijan?", None),  # (no name: too many words)
    ("How do I install it?", None), ("Who wrote it?", None),
])
def test_asked_thing(question: str, thing: set[str] | None) -> None:
    assert asked_thing(question) == (frozenset(thing) if thing is not None else None)


@pytest.mark.parametrize(("question", "doing"), [
    ("How do I upgrade a cluster?", ("upgrade", "cluster")), ("Which program lists the clusters?", ("lists", "clusters")),
    ("Which command removes a cluster?", ("removes", "cluster")), ("What does fuser do?", None),
])
def test_asked_doing(question: str, doing: tuple[str, ...] | None) -> None:
    assert asked_doing(question) == doing


def _ask(question: str, text: str, source: str = "postgresql-common/README.md", config: AnswerConfig | None = None) -> Answer:
    document = Document("d", source, "README", text, (), ())
    span = Span(1, document.doc_id, document.source, document.title, 0, len(text), text)
    answerer = ModelAnswerer(DictCorpus({1: document}), config or AnswerConfig(), reader=FakeReader(),
                             calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "text", "cited", "short"), [
    ("What does fuser do?", PSMISC, "*fuser* - Identifies processes using files or sockets",
     "Identifies processes using files or sockets"),
    ("What is libcrypto?", OPENSSL, None, "a full-strength general purpose cryptographic library. It constitutes the\n"
     "  basis of the TLS implementation."),
    ("How do I upgrade a cluster to a newer major version?", POSTGRES,
     "`/usr/bin/pg_upgradecluster`: upgrade a cluster to a newer major version", None),
    ("Which program lists all available clusters?", POSTGRES, None,
     "list all available clusters with their status and configuration"),
    ("How do I remove a cluster?", POSTGRES, "`/usr/bin/pg_dropcluster`: remove a cluster and its configuration", None),
    ("What does mandb do?", MANUAL, "mandb     - create or update the manual page index caches", None),
])
def test_the_item_naming_the_thing_or_doing_the_task_answers(question: str, text: str, cited: str | None,
                                                             short: str | None) -> None:
    answer = _ask(question, text)
    assert not answer.abstained and answer.confidence == ITEM_CONFIDENCE, question
    assert len(answer.citations) == 1 and text[answer.citations[0].start:answer.citations[0].end] == answer.citations[0].text
    assert cited is None or answer.citations[0].text == cited
    assert short is None or answer.short_answer == short


@pytest.mark.parametrize(("question", "text", "source"), [
    ("What does zsoelim do?", MANUAL, "man-db/manual.txt"),  # (a list of one)
    ("What does pg_ctl do?", POSTGRES, "postgresql-common/README.md"),  # (no item names it)
    ("How do I rename a cluster?", POSTGRES, "postgresql-common/README.md"),  # (no item does it)
    ("Which program lists clusters?", POSTGRES, "postgresql-common/README.md"),  # (it says more than is asked)
    ("What does fuser do?", PSMISC, "psmisc/changelog"),  # (a changelog's items say what changed)
    ("What does fuser do?", PSMISC.replace(" - ", " "), "psmisc/README.md"),  # (no mark after the name)
])
def test_no_item_answering_leaves_the_question_to_the_reader(question: str, text: str, source: str) -> None:
    assert _ask(question, text, source).confidence != ITEM_CONFIDENCE


def test_of_items_doing_the_task_the_one_writing_fewest_other_words_answers() -> None:
    text = "* `purge`: remove a cluster and its files\n* `drop`: remove a cluster\n"
    assert _ask("How do I remove a cluster?", text).citations[0].text == "`drop`: remove a cluster"


def test_a_threshold_above_the_rule_s_confidence_turns_it_off() -> None:
    higher = AnswerConfig(threshold=ITEM_CONFIDENCE + 0.05)
    assert _ask("What does fuser do?", PSMISC, config=higher).confidence != ITEM_CONFIDENCE


def test_an_item_says_what_its_thing_does_to_its_first_full_stop() -> None:
    text = "* `a`: if set, talk to PID 1.\n* `b`: list the clusters. Then more words about other things here.\n"
    item = {"/".join(sorted(i.names)): i for i in list_items(text)}
    assert Sought(doing=("list", "clusters")).answered(text, item["b"], "") == 0
    assert Sought(doing=("talk", "pid")).answered(text, item["a"], "") is None  # ("if set, ...": no task)


def test_the_chunk_holding_the_item_is_lifted(tmp_path: Path) -> None:
    """An item naming the thing is one line, which a changelog's many lines naming it outrank."""
    from qa import DocumentQA
    from qa.list_items import listing_chunks
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs" / "psmisc"
    docs.mkdir(parents=True)
    (docs / "changelog").write_text("".join(f"* fuser: fixed bug {n} in fuser, fuser works now\n\n" for n in range(300)))
    parts = "".join(f"\n## Part {n}\n\nText {n} about the proc file-system.\n" for n in range(40))
    (docs / "README.md").write_text(PSMISC + parts)
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        lifted = listing_chunks(bot.store, "What does fuser do?", None, None)
        records = bot.store.chunks(lifted)
        assert len(lifted) == 1 and "*fuser* - Identifies" in records[lifted[0]].text
        assert listing_chunks(bot.store, "What does peekfd do?", None, None) == []
        assert listing_chunks(bot.store, "What does fuser do?", [records[lifted[0]].row_id + 5], None) == []
        answer = bot.ask("What does fuser do?")
        assert answer.confidence == ITEM_CONFIDENCE and answer.citations[0].text.startswith("*fuser* - Identifies")
    finally:
        bot.close()


@pytest.mark.parametrize(("source", "answers"), [
    ("psmisc/ChangeLog-2013.gz", False), ("openssl/NEWS.md.gz", False), ("x/RELEASE_NOTES", False), ("x/HISTORY", False),
    ("psmisc/README.md", True), ("x/exchange.md", True), ("x/newsletter.txt", True),
])
def test_a_changelog_s_items_answer_nothing_by_its_name(source: str, answers: bool) -> None:
    assert (_ask("What does fuser do?", PSMISC, source).confidence == ITEM_CONFIDENCE) == answers


PYYAML = ("PyYAML\n======\n\nA full-featured YAML processing framework for Python\n\n## Installation\n\n"
          "To install, type `python setup.py install`.\n\n## xmltool\n\n```\nxmltool --help\n```\n\n"
          "## 1.1.  man-db\n\nman-db is a package that is designed to provide users with information.\n")


def _headed(text: str) -> tuple[tuple[int, int, str], ...]:
    """The headings of ``PYYAML``-like text: its setext title and its "## " lines."""
    out = [(0, 1, text.split("\n", 1)[0])]
    at = text.find("\n## ")
    while at != -1:
        out.append((at + 4, 2, text[at + 4:text.find("\n", at + 1)]))
        at = text.find("\n## ", at + 1)
    return tuple(out)


def _ask_headed(question: str, source: str = "python3-yaml/README.md") -> Answer:
    document = Document("d", source, "PyYAML", PYYAML, (), _headed(PYYAML))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(PYYAML), PYYAML)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "thing"), [
    ("What is PyYAML?", {"pyyaml"}), ("What is man-db?", {"man-db"}),
    ("What does upgrading pip do?", None),  # (two words: no name)
    ("What does zip() do?", None), ("What does the --keep option do?", None),  # (an option's, a call's: other rules)
])
def test_named_thing_is_one_word_of_a_name(question: str, thing: set[str] | None) -> None:
    assert named_thing(question) == (frozenset(thing) if thing is not None else None)


@pytest.mark.parametrize(("question", "cited"), [
    ("What is PyYAML?", "A full-featured YAML processing framework for Python"),
    ("What is man-db?", "man-db is a package that is designed to provide users with information."),  # (its numbering: none)
])
def test_the_first_paragraph_under_a_heading_naming_the_thing_answers(question: str, cited: str) -> None:
    answer = _ask_headed(question)
    assert answer.confidence == ITEM_CONFIDENCE and [c.text for c in answer.citations] == [cited]
    assert answer.short is None


@pytest.mark.parametrize(("question", "source"), [
    ("What is xmltool?", "python3-yaml/README.md"),  # (its section opens with code)
    ("What is PyYAML?", "python3-yaml/changelog"),  # (a changelog's headings name releases)
])
def test_a_named_section_without_prose_first_or_in_a_changelog_answers_nothing(question: str, source: str) -> None:
    assert _ask_headed(question, source).confidence != ITEM_CONFIDENCE


def test_the_chunk_holding_a_heading_naming_the_thing_is_lifted(tmp_path: Path) -> None:
    from qa import DocumentQA
    from qa.list_items import listing_chunks
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs" / "yaml"
    docs.mkdir(parents=True)
    (docs / "changelog").write_text("".join(f"* PyYAML {n}: fixed a PyYAML bug, PyYAML works\n\n" for n in range(300)))
    parts = "".join(f"\n## Part {n}\n\nText {n} about YAML streams.\n" for n in range(40))
    (docs / "README.md").write_text(parts + "\n" + PYYAML)
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        lifted = listing_chunks(bot.store, "What is PyYAML?", None, None)
        assert len(lifted) == 1 and "PyYAML\n======" in bot.store.chunks(lifted)[lifted[0]].text
        assert listing_chunks(bot.store, "What is upgrading PyYAML?", None, None) == []
        answer = bot.ask("What is PyYAML?")
        assert answer.confidence == ITEM_CONFIDENCE
        assert answer.citations[0].text == "A full-featured YAML processing framework for Python"
    finally:
        bot.close()


RICH = "# rich\n\nRich is a Python library for rich text and beautiful formatting in the terminal.\n\nIt renders tables.\n"
HTTPX = ("# httpx\n\nIt needs a few packages:\n\n* `h11` - HTTP/1.1 support.\n* `rich` - Rich terminal support.\n"
         "* `click` - Command line client support.\n")


def _answer_over(question: str, texts: dict[str, str]) -> Answer:
    """The answer to ``question`` over one passage per text, in the order given (its source's folder its title)."""
    documents = {i + 1: Document(f"d{i}", source, source.split("/")[0], text, (), markdown_headings(text))
                 for i, (source, text) in enumerate(texts.items())}
    passages = [Passage(chunk_id=row, span=Span(row, d.doc_id, d.source, d.title, 0, len(d.text), d.text), score=1.0,
                        rank=row - 1) for row, d in documents.items()]
    answerer = ModelAnswerer(DictCorpus(documents), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    return answerer.answer(question, passages)


@pytest.mark.parametrize(("order", "cited"), [
    (("libs/terminal.md", "httpx/README.md"), "Rich is a Python library for rich text and beautiful formatting in the terminal."),
    (("httpx/README.md", "libs/terminal.md"), "`rich` - Rich terminal support."),  # the item retrieved first: as before
])
def test_a_definition_retrieved_before_an_item_naming_the_thing_answers(order: tuple[str, str], cited: str) -> None:
    """"What is Rich?" over a page defining it and httpx's list of what it needs: whichever of the
    page's defining sentence and the list's item retrieval ranks first answers (a document named
    for the thing, rich's README, answers first whatever the order: tests/test_openings.py)."""
    answer = _answer_over("What is Rich?", {source: RICH if source.startswith("libs") else HTTPX for source in order})
    assert answer.confidence == ITEM_CONFIDENCE and answer.citations[0].text == cited


def test_an_item_and_a_definition_in_one_passage_the_item_answers_as_before() -> None:
    text = "Rich is a Python library for rich text.\n\nIt works with:\n\n* `rich` - Rich terminal support.\n* `h11` - HTTP.\n"
    assert _answer_over("What is Rich?", {"notes/README.md": text}).citations[0].text == "`rich` - Rich terminal support."


def test_a_definition_before_an_item_answers_though_a_section_naming_the_thing_comes_later() -> None:
    """The section naming the thing answers only where no item does (as before); where the item
    gives way to a definition retrieved before it, the definition answers."""
    section = "# Tools\n\n## Rich\n\nThe terminal library we use for tables.\n"
    unheaded = RICH.replace("# rich\n\n", "")  # (under a heading "rich", the section would be the definition's)
    answer = _answer_over("What is Rich?", {"libs/terminal.md": unheaded, "httpx/README.md": HTTPX, "tools/README.md": section})
    assert answer.citations[0].text == "Rich is a Python library for rich text and beautiful formatting in the terminal."
    only = _answer_over("What is Rich?", {"tools/README.md": section, "libs/terminal.md": RICH})
    assert only.citations[0].text.startswith("The terminal library")  # no item: the section first, as before


@pytest.mark.parametrize(("order", "cited"), [
    (("libs/arrays.md", "orjson/README.md"), "NumPy is the fundamental package for scientific computing with Python."),
    (("orjson/README.md", "libs/arrays.md"), "orjson natively serializes `numpy.ndarray`."),  # the section first: as before
])
def test_a_definition_retrieved_before_a_section_naming_the_thing_answers(order: tuple[str, str], cited: str) -> None:
    """"What is NumPy?" over a page defining it under badges and orjson's README, with a section
    "### numpy": whichever retrieval ranks first answers (numpy's own README would answer first)."""
    numpy = "[![PyPI](https://img.shields.io/pypi/dm/numpy.svg)](https://pypi.org/project/numpy/)\n\n" \
            "NumPy is the fundamental package for scientific computing with Python.\n\n- **Website:** https://numpy.org\n"
    orjson = "# orjson\n\nA JSON library.\n\n### numpy\n\norjson natively serializes `numpy.ndarray`.\n"
    answer = _answer_over("What is NumPy?", {source: numpy if source.startswith("libs") else orjson for source in order})
    assert answer.confidence == ITEM_CONFIDENCE and answer.citations[0].text == cited


def test_a_section_naming_the_thing_answers_before_its_own_documents_earlier_definition() -> None:
    """In one document the section named for the thing answers, though a passage of it retrieved
    before defines the thing on its title line (man-db's manual: "man-db - the database cached
    manual pager suite"): two passages of one document, the title line's first."""
    text = ("man-db - the database cached manual pager suite\n\n## 1. Introduction\n\n### 1.1. man-db\n\n"
            "man-db is a package that is designed to provide users with information.\n")
    manual = Document("d0", "man-db/manual.md", "manual.md", text, (), markdown_headings(text))
    cut = text.index("## 1.")
    passages = [Passage(chunk_id=row, span=Span(1, "d0", manual.source, manual.title, a, b, text[a:b]), score=1.0, rank=row - 1)
                for row, (a, b) in enumerate([(0, cut), (cut, len(text))], 1)]
    answerer = ModelAnswerer(DictCorpus({1: manual}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("What is man-db?", passages)
    assert answer.citations[0].text == "man-db is a package that is designed to provide users with information."
