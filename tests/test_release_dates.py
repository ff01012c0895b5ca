"""Release dates written only in NEWS headings, asked as the user asks them: `qa index`, `qa ask`,
`qa index` again, each its own process, with the shipped reader."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.processes import qa

pytestmark = pytest.mark.integration

NEWS = """GNU frob NEWS                                    -*- outline -*-

* Noteworthy changes in release 2.4 (2023-03-18) [stable]

** Bug fixes

  'frob --count' no longer miscounts records longer than 64 KiB.
  Previously it stopped counting at the first long record.

** Changes in behavior

  frob now warns when its input is a directory.

* Noteworthy changes in release 2.3 (2022-07-02) [stable]

** New features

  The new --jobs option runs several frob processes at once.

* Noteworthy changes in release 2.2 (2021-11-30) [stable]

** Bug fixes

  frob no longer crashes on empty files.
"""
NEXT = """* Noteworthy changes in release 2.5 (2024-01-09) [stable]

** Bug fixes

  frob no longer reads past the end of a truncated file.

"""
# an older release as old GNU NEWS files wrote one: a line of its own between rules, its changes "* " lines
OLD = """
----------------------------------------------------------------------------
Frob 2.1

* frob -q is quieter
  than before

* the manual is now in Texinfo
"""


def _ask(store: Path, question: str, cwd: Path) -> dict:
    asked = qa("ask", "--store", str(store), "--json", question, cwd=cwd)
    assert asked.returncode == 0 and not asked.stderr, asked.stderr
    return json.loads(asked.stdout)


def _index_news(tmp_path: Path, text: str = NEWS) -> tuple[Path, Path]:
    """``doc/frob/NEWS.gz`` (``text``) under ``tmp_path``, indexed by `qa index` into ``store``:
    (the NEWS file's folder, the store)."""
    docs, store = tmp_path / "doc" / "frob", tmp_path / "store"
    docs.mkdir(parents=True)
    (docs / "NEWS.gz").write_bytes(gzip.compress(text.encode()))
    built = qa("index", "--store", str(store), str(tmp_path / "doc"), cwd=tmp_path)
    assert built.returncode == 0 and not built.stderr, built.stderr
    return docs, store


def test_a_release_date_only_a_news_heading_writes_is_cited_and_other_versions_are_refused(tmp_path: Path) -> None:
    docs, store = _index_news(tmp_path)
    answer = _ask(store, "When was frob 2.3 released?", tmp_path)
    assert not answer["abstained"] and len(answer["citations"]) == 1  # the heading alone answers
    assert answer["citations"][0]["text"] == "* Noteworthy changes in release 2.3 (2022-07-02) [stable]"
    assert answer["citations"][0]["section"] == "Noteworthy changes in release 2.3 (2022-07-02) [stable]"
    for question in ("When was frob 3.0 released?", "When was gzip 2.3 released?", "When was frob 2.5 released?"):
        assert _ask(store, question, tmp_path)["abstained"], question  # never another version's or program's date
    # a sentence that answers is cited as before
    assert "--jobs option" in _ask(store, "What does the --jobs option do?", tmp_path)["citations"][0]["text"]
    # the next release is added to the top of the file, and indexed again in another process
    (docs / "NEWS.gz").write_bytes(gzip.compress(NEWS.replace("* Noteworthy changes in release 2.4", NEXT
                                                              + "* Noteworthy changes in release 2.4").encode()))
    again = qa("index", "--store", str(store), str(tmp_path / "doc"), cwd=tmp_path)
    assert again.returncode == 0 and "1 updated" in again.stdout and not again.stderr, again.stderr
    answer = _ask(store, "When was frob 2.5 released?", tmp_path)
    assert not answer["abstained"] and "(2024-01-09)" in answer["citations"][0]["text"]
    _assert_release(_ask(store, "Which frob release stopped reading past the end of a truncated file?", tmp_path),
                    "2.5", "frob no longer reads past the end of a truncated file.")


def _assert_release(answer: dict, version: str, item: str) -> None:
    """``answer`` names ``version``, citing its heading in NEWS and then the item that says what changed."""
    assert not answer["abstained"] and answer["short_answer"] == version, answer
    heading, cited = answer["citations"]
    assert heading["text"].startswith(f"* Noteworthy changes in release {version} (")
    assert cited["text"].startswith(item) and cited["section"].startswith(heading["section"])


def test_which_release_made_a_change_is_the_heading_the_change_lies_under(tmp_path: Path) -> None:
    """NEWS items never write their release: it is the heading of the section they lie under."""
    _, store = _index_news(tmp_path)
    _assert_release(_ask(store, "Which frob release added the --jobs option?", tmp_path),
                    "2.3", "The new --jobs option runs several frob processes at once.")
    _assert_release(_ask(store, "In which release did frob stop miscounting records longer than 64 KiB?", tmp_path),
                    "2.4", "'frob --count' no longer miscounts records longer than 64 KiB.")
    _assert_release(_ask(store, "Which release of frob fixed crashes on empty files?", tmp_path),
                    "2.2", "frob no longer crashes on empty files.")
    for question in ("Which frob release added the --threads option?",  # no release did
                     "Which gzip release added the --jobs option?"):  # another program's
        assert _ask(store, question, tmp_path)["abstained"], question


def test_what_a_release_changed_is_its_section_heading_then_items(tmp_path: Path) -> None:
    """"What changed in frob 2.4?" is answered by release 2.4's section of NEWS: its heading cited,
    then its items, the exact characters of the (gzipped) file; versions and programs it does not
    head get no such answer; an older release's "* " lines are its items, under its own line."""
    _, store = _index_news(tmp_path, NEWS + OLD)
    answer = _ask(store, "What changed in frob 2.4?", tmp_path)
    assert not answer["abstained"], answer
    heading, items = answer["citations"]
    assert heading["text"] == "* Noteworthy changes in release 2.4 (2023-03-18) [stable]"
    section = NEWS[NEWS.index("** Bug fixes"):NEWS.index("* Noteworthy changes in release 2.3")].rstrip()
    assert items["text"] == section and items["start"] == NEWS.index(section) and heading["score"] == answer["confidence"]
    assert answer["short_answer"] is None and answer["answer"].startswith(f"{heading['text']} [1]")
    heading, items = _ask(store, "What is new in frob 2.1?", tmp_path)["citations"]
    assert heading["text"] == "Frob 2.1"
    assert items["text"] == "* frob -q is quieter\n  than before\n\n* the manual is now in Texinfo"
    assert items["section"] == "Frob 2.1" and items["start"] == (NEWS + OLD).index("* frob -q")
    for question in ("What changed in frob 2.6?", "What is new in gzip 2.4?"):
        assert _ask(store, question, tmp_path)["abstained"], question


PLAIN = """GNU frob NEWS -- history of user-visible changes.

Version 4.3 (19 Jan 2020)

* frob now sorts records by date.

* The --jobs option runs several frob processes at once.

Version 4.2.1 (10 Jun 2016)

* frob no longer crashes on empty files.
"""


def test_a_plain_news_file_s_release_is_listed_from_its_own_line(tmp_path: Path) -> None:
    """A NEWS file that is no outline ("Version 4.3 (19 Jan 2020)" on a line of its own): `qa index`,
    then `qa ask` in its own process lists that release's items under its line."""
    _, store = _index_news(tmp_path, PLAIN)
    heading, items = _ask(store, "What changed in frob 4.3?", tmp_path)["citations"]
    assert heading["text"] == "Version 4.3 (19 Jan 2020)" and heading["start"] == PLAIN.index("Version 4.3")
    assert items["text"] == PLAIN[PLAIN.index("* frob now"):PLAIN.index("Version 4.2.1")].rstrip()
    assert _ask(store, "What changed in frob 4.4?", tmp_path)["abstained"]
