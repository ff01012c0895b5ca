"""Release dates written only in NEWS headings, asked as the user asks them: `qa index`, `qa ask`,
`qa index` again, each its own process, with the shipped reader."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.test_processes import qa

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


def _ask(store: Path, question: str, cwd: Path) -> dict:
    asked = qa("ask", "--store", str(store), "--json", question, cwd=cwd)
    assert asked.returncode == 0 and not asked.stderr, asked.stderr
    return json.loads(asked.stdout)


def test_a_release_date_only_a_news_heading_writes_is_cited_and_other_versions_are_refused(tmp_path: Path) -> None:
    docs, store = tmp_path / "doc" / "frob", tmp_path / "store"
    docs.mkdir(parents=True)
    (docs / "NEWS.gz").write_bytes(gzip.compress(NEWS.encode()))
    built = qa("index", "--store", str(store), str(tmp_path / "doc"), cwd=tmp_path)
    assert built.returncode == 0 and not built.stderr, built.stderr
    answer = _ask(store, "When was frob 2.3 released?", tmp_path)
    assert not answer["abstained"]
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
