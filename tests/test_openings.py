"""A document named for the thing a question asks about answers "What is X?" with what it says
first (qa.openings): its names, where its opening lies, and when it has none worth citing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.doc_names import document_names
from index.documents import Document, Span
from index.sections import markdown_headings, underlined_headings
from qa.answerer import AnswerConfig
from qa.answers import Passage
from qa.list_items import ITEM_CONFIDENCE, opened_thing
from qa.model_answerer import ModelAnswerer
from qa.openings import named_opening, opening, says_what
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus
from tests.test_list_items import _answer_over

LOGO = '<p align="center">\n  <img src="https://x.org/logo.png" alt="Kestrel">\n</p>\n\n'
BADGES = "[![PyPI](https://img.shields.io/pypi/v/kestrel)](https://pypi.org/project/kestrel/) ![CI](ci.svg)\n\n"
LICENCE = "<!---\nCopyright 2024 The Team.\n\nLicensed under the Apache License, Version 2.0.\n-->\n"
THREADS = ("# Thread-pool Controls [![Build](https://ci/b.svg)](https://ci)\n\n"
           "Python helpers to limit the number of threads used in native libraries.\n\n"
           "## Installation\n\n    pip install threadpoolctl\n\n## Usage\n\n"
           "`FlexiBLAS` is a BLAS wrapper. `threadpoolctl` exposes python bindings for this feature.\n")


def _md(source: str, text: str, title: str = "") -> Document:
    return Document("d0", source, title or Path(source).stem, text, (), markdown_headings(text))


def _said(document: Document, thing: str = "kestrel") -> str | None:
    found = opening(document, frozenset({thing}))
    return None if found is None else document.text[found[0]:found[1]]


@pytest.mark.parametrize(("source", "title", "names"), [
    ("/d/threadpoolctl/README.md", "Thread-pool Controls", {"threadpoolctl", "thread-poolcontrols", "readme"}),
    ("/d/pip/README.rst", "pip - The Python Package Installer", {"pip", "pip-thepythonpackageinstaller", "readme"}),
    ("/d/certifi/README.rst", "Certifi: Python SSL Certificates", {"certifi", "certifipythonsslcertificates", "readme"}),
    ("/d/rich/README.md", "rich README", {"rich", "readme"}),  # the title a README without one is given
    ("/d/api/fs.md", "File system", {"fs", "filesystem"}),  # not its folder: fs.md is not api
    ("/d/httpcore/README.md", "HTTP Core", {"httpcore", "readme"}),  # spaces and case are no part of a name
    ("/d/docs/installer.md", "pip - The Python Package Installer", {"pip", "pip-thepythonpackageinstaller", "installer"}),
    ("/d/man-db/man-db-manual.txt", "man-db - the database cached manual pager suite", {"man-db", "man-db-manual",
                                                                                        "man-db-thedatabasecachedmanualpagersuite"}),
    ("/d/typing_extensions/README.md", "Typing Extensions", {"typing-extensions", "typingextensions", "readme"}),
    ("/d/docs/🎭.md", "🎭", set()),  # (a name of no letters names nothing)
    ("/d/util-linux/parse-date.txt", "NAME", {"parse-date"}),  # (a manual page's first heading is no name)
    ("/d/safetensors/README.md", "Installation", {"safetensors", "readme"}),
    ("/d/conf/adduser.conf.txt", "/etc/adduser.conf - configuration", {"adduser", "adduserconf", "etcadduserconf",
                                                                       "etcadduserconf-configuration"}),  # (to its last dot too)
])
def test_a_document_goes_by_its_title_its_file_and_a_readme_s_folder(source: str, title: str, names: set[str]) -> None:
    assert document_names(_md(source, "Text.\n", title)) == names


@pytest.mark.parametrize(("text", "said"), [
    (LOGO + BADGES + "Kestrel parses flight logs quickly.\n\n## Usage\n\nRun it.\n", "Kestrel parses flight logs quickly."),
    (LICENCE + LOGO + "Kestrel parses flight logs quickly.\n", "Kestrel parses flight logs quickly."),  # not the licence
    ("# Kestrel\n\n" + BADGES + "A parser for flight logs, in Rust. It is fast.\n", "A parser for flight logs, in Rust."),
    ("**Kestrel** parses flight logs quickly.\n", "**Kestrel** parses flight logs quickly."),  # marked, still prose
    (BADGES + "[Kestrel Flight Logs (KFL)](https://k.org) is a parser for flight logs.\n",
     "[Kestrel Flight Logs (KFL)](https://k.org) is a parser for flight logs."),  # a link naming it
    (BADGES + "[PEP-593](https://peps.org/593) added metadata.\n\nKestrel parses flight logs quickly.\n",
     "Kestrel parses flight logs quickly."),  # (a link naming another thing opens no prose)
    (BADGES + "[kfl_release]: https://k.org/badge.svg\n\nKestrel parses flight logs quickly.\n",
     "Kestrel parses flight logs quickly."),  # (a link reference definition, no prose)
    ("[![Kestrel](https://b/k.svg)](https://k.org)\n\nKestrel parses flight logs quickly.\n",
     "Kestrel parses flight logs quickly."),  # (a badge naming it, no prose)
    ("# Kestrel\n\n[![v](https://b/v.svg)](https://k.org)\n[![ci][ci-img]][ci-url] ![l](https://b/l.svg)\n"
     "The flight log parser.\n\n## Usage\n", "The flight log parser."),  # (under its badges, no blank line between)
    ("YAML is a data format for people.  Kestrel is a YAML parser for Python.\n",
     "Kestrel is a YAML parser for Python."),  # the sentence of the paragraph that says what the thing is
    ("# Kestrel\n\n## Installation\n\nIt should be enough to install it.\n", None),  # under a task, not an opening
    ("# Installation\n\nIt should be enough to install this library.\n", None),
    ("# Kestrel\n\n## Features\n\nKestrel parses flight logs quickly.\n", None),  # under a second heading
    ("# Kestrel\n\n## Overview\n\nKestrel is a flight log parser.\n", "Kestrel is a flight log parser."),  # what it is about
    ("Kestrel\n=======\n\nAbout\n-----\n\nThis project is a flight log parser.\n", "This project is a flight log parser."),
    ("# Kestrel\n\n## Introduction\n\nHi, we are a team at Kestrel Labs, we help planes.\n", None),  # (says what it is not)
    ("# Kestrel\n\n## Overview\n\nKestrel parses flight logs quickly.\n", None),
    ("# Kestrel\n\n## Overview\n\n### Details\n\nKestrel is a flight log parser.\n", None),  # under a third
    ("Kestrel is a parser that offers two things:\n- fast parsing\n- small output\n\nMore.\n",
     "Kestrel is a parser that offers two things:\n- fast parsing\n- small output"),  # with the list it introduces
    ("# Kestrel\n\nThis is a library of flight log tools, such as:\n\n* a parser\n* a\n  printer\n\n## Usage\n",
     "This is a library of flight log tools, such as:\n\n* a parser\n* a\n  printer"),
    ("This is a library of flight log tools, such as:\n\n" + "* a tool\n" * 80, None),  # (too long a list)
    ("This is a library of flight log tools, such as:\n\nA parser and a printer.\n", None),  # (no list)
    ("Kestrel parses flight logs with these tools:\n\n* a parser\n", None),  # (says what it does, not what it is)
    ("# Kestrel\n\nFor more information see the [documentation](https://k.org).\n", None),  # points elsewhere
    ("# Kestrel\n\nSee the quick start guide for everything.\n", None),
    ("The homepage of kestrel with user documentation is located on:\n\nhttps://k.org\n", None),  # introduces
    ("# Kestrel\n\nDocs: https://k.org\n", None),  # points elsewhere, in too few words to say what it is
    ("# Kestrel\n\nFast and small.\n\nIt parses flight logs quickly.\n", None),
    ("# Kestrel\n\n```sh\npip install kestrel\n```\n\n- fast\n- small\n", None),  # no prose at all
])
def test_the_opening_is_the_first_prose_before_a_second_heading(text: str, said: str | None) -> None:
    assert _said(_md("/d/kestrel/README.md", text)) == said


def test_a_restructuredtext_opening_under_its_title() -> None:
    text = "|PyPI| |CI|\n\n.. |PyPI| image:: https://b/p.svg\n\nKestrel\n=======\n\nThe kestrel module parses flight logs.\n"
    document = Document("d0", "/d/kestrel/README.rst", "Kestrel", text, (), underlined_headings(text, rst=True))
    assert _said(document) == "The kestrel module parses flight logs."


def _passages(documents: list[Document], spans: list[tuple[int, int, int]]) -> list[Passage]:
    return [Passage(chunk_id=n, span=Span(i + 1, documents[i].doc_id, documents[i].source, documents[i].title, a, b,
                                          documents[i].text[a:b]), score=1.0, rank=n) for n, (i, a, b) in enumerate(spans)]


def test_named_opening_reads_only_documents_named_for_the_thing_and_retrieved() -> None:
    threads = _md("/d/threadpoolctl/README.md", THREADS, "Thread-pool Controls")
    other = _md("/d/blas/README.md", "Python helpers for BLAS, in C and Fortran.\n", "blas README")
    documents = [threads, other]
    lookup = {d.source: d for d in documents}
    cut = THREADS.index("## Installation")
    thing = frozenset({"threadpoolctl"})
    found = named_opening(thing, _passages(documents, [(1, 0, len(other.text)), (0, 0, cut)]), lambda p: lookup[p.source])
    assert found is not None and threads.text[found[2]:found[3]].startswith("Python helpers to limit")
    later = _passages(documents, [(1, 0, len(other.text)), (0, cut, len(THREADS))])  # the opening's passage not retrieved:
    moved = named_opening(thing, later, lambda p: lookup[p.source])  # the document was, its opening is cited from it
    assert moved is not None and moved[0] is later[1] and moved[2:] == found[2:]
    assert named_opening(thing, later[:1], lambda p: lookup[p.source]) is None  # (nor the document)
    assert named_opening(frozenset({"kestrel"}), _passages(documents, [(0, 0, cut)]), lambda p: lookup[p.source]) is None
    changes = _md("/d/threadpoolctl/CHANGES.md", THREADS, "threadpoolctl")  # a changelog's opening is no account of it
    assert named_opening(thing, _passages([changes], [(0, 0, cut)]), lambda p: changes) is None


@pytest.mark.parametrize(("question", "thing"), [
    ("What does threadpoolctl do?", {"threadpoolctl"}),
    ("What is Playwright for Python?", {"playwright for python"}),  # a name of words too
    ("What does PEP 8 mean?", None),  # what it means: its letters, not its account
    ("What does the -k option of bzip2 do?", None),  # an option's section answers
])
def test_the_thing_whose_opening_answers(question: str, thing: set[str] | None) -> None:
    assert opened_thing(question) == (None if thing is None else frozenset(thing))


def test_the_named_document_s_opening_answers_before_another_document_s_item_or_section() -> None:
    """"What does threadpoolctl do?": its README's opening, though a list elsewhere names it and
    the reader would cite the README's sentence about FlexiBLAS; retrieval order aside."""
    items = "# Tools\n\nWe use:\n\n* `threadpoolctl` - limits threads.\n* `joblib` - runs jobs.\n"
    for order in (("threadpoolctl/README.md", "tools/README.md"), ("tools/README.md", "threadpoolctl/README.md")):
        answer = _answer_over("What does threadpoolctl do?", {s: THREADS if s.startswith("thread") else items for s in order})
        assert answer.confidence == ITEM_CONFIDENCE
        assert answer.citations[0].text == "Python helpers to limit the number of threads used in native libraries."


def test_a_name_of_words_is_answered_by_the_document_it_titles() -> None:
    text = ("# 🎭 [Playwright](https://playwright.dev) for Python [![PyPI](https://b/p.svg)](https://pypi.org)\n\n"
            "Playwright is a Python library to automate browsers with a single API.\n\n## Example\n\n```py\nimport os\n```\n")
    readme = _md("/d/playwright/README.md", text, "🎭 Playwright for Python")  # the title its heading gives it
    answerer = ModelAnswerer(DictCorpus({1: readme}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("What is Playwright for Python?", _passages([readme], [(0, 0, len(text))]))
    assert answer.citations[0].text == "Playwright is a Python library to automate browsers with a single API."


def test_the_named_document_s_own_definition_answers_before_its_opening() -> None:
    text = ("This package contains a reimplementation of getopt(1).\n\n## What is it\n\n"
            "Getopt(1) is a program to help shell scripts parse command-line parameters.\n")
    answer = _answer_over("What is getopt?", {"getopt/README.md": text})
    assert answer.citations[0].text == "Getopt(1) is a program to help shell scripts parse command-line parameters."


@pytest.mark.integration
def test_a_folder_of_readmes_across_processes(tmp_path: Path) -> None:
    """The user's path: ``qa index`` then ``qa ask`` in separate processes, with the real models;
    the README's opening answers, not the sentence the reader would pick."""
    from tests.processes import indexed, qa

    _, store = indexed(tmp_path, {"threadpoolctl/README.md": THREADS, "gulls.md": "# Gulls\n\nGulls eat fish and chips.\n"})
    asked = qa("ask", "--store", str(store), "--json", "What does threadpoolctl do?", cwd=tmp_path)
    answer = json.loads(asked.stdout)
    assert answer["citations"][0]["text"] == "Python helpers to limit the number of threads used in native libraries."
    assert answer["citations"][0]["title"] == "Thread-pool Controls"


def test_the_named_document_s_own_section_naming_the_thing_answers_before_its_opening() -> None:
    """man-db's manual (named "man-db" by its title line): its section "1.1. man-db", as where
    another document names it (tests/test_list_items.py), not the title line it opens with."""
    text = ("man-db - the database cached manual pager suite\n\n## 1. Introduction\n\n### 1.1. man-db\n\n"
            "man-db is a package that is designed to provide users with information.\n")
    manual = _md("/d/man-db/man-db-manual.txt", text, "man-db - the database cached manual pager suite")
    answerer = ModelAnswerer(DictCorpus({1: manual}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    cut = text.index("## 1.")
    answer = answerer.answer("What is man-db?", _passages([manual], [(0, 0, cut), (0, cut, len(text))]))
    assert answer.citations[0].text == "man-db is a package that is designed to provide users with information."


def test_of_the_named_document_s_definitions_its_first_answers_whatever_the_retrieval_order() -> None:
    """pypdfium2's README opens by defining it ("pypdfium2 is an ABI-level Python 3 binding ...");
    a passage further in retrieved first ("pypdfium2 is the successor of ...") does not answer."""
    text = ("[![PyPI](https://b/p.svg)](https://p.org)\n\npypdfium2 is an ABI-level Python 3 binding to PDFium.\n\n## Past\n\n"
            "pypdfium2 is the successor of pypdfium and pypdfium-reboot.\n")
    readme = _md("/d/pypdfium2/README.md", text, "pypdfium2")
    answerer = ModelAnswerer(DictCorpus({1: readme}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    cut = text.index("## Past")
    answer = answerer.answer("What is pypdfium2?", _passages([readme], [(0, cut, len(text)), (0, 0, cut)]))
    assert answer.citations[0].text == "pypdfium2 is an ABI-level Python 3 binding to PDFium."


def test_the_opening_is_cited_exactly_where_no_retrieved_passage_holds_it() -> None:
    readme = _md("/d/threadpoolctl/README.md", THREADS, "Thread-pool Controls")
    answerer = ModelAnswerer(DictCorpus({1: readme}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("What is threadpoolctl?", _passages([readme], [(0, THREADS.index("## Usage"), len(THREADS))]))
    cited = answer.citations[0]
    assert cited.text == "Python helpers to limit the number of threads used in native libraries."
    assert THREADS[cited.span.start:cited.span.end] == cited.text


def test_an_opening_saying_what_the_thing_is_answers_before_its_document_s_definition() -> None:
    """ONNX's README: "[Open Neural Network Exchange (ONNX)](https://onnx.ai) is an open ecosystem
    ...", then, under "# Community", "ONNX is a community project and the open governance model is
    described here."; its opening answers, as its words before "is" name ONNX."""
    text = (BADGES + "[Open Neural Network Exchange (ONNX)](https://onnx.ai) is an open ecosystem for AI models.\n\n"
            "# Use ONNX\n\n* [Docs](https://onnx.ai/onnx/)\n\n# Community\n\n"
            "ONNX is a community project and the open governance model is described here.\n")
    answer = _answer_over("What is ONNX?", {"onnx/README.md": text})
    assert answer.citations[0].text == text[len(BADGES):text.index("\n\n#")]
    said = "[Kestrel](https://onnx.ai/kestrel) is a parser for ONNX logs."  # (its words before "is", its link's address left out)
    assert not says_what(said, 0, len(said), frozenset({"onnx"}))
    assert says_what("Open Neural Network Exchange (ONNX) is a format.", 0, 48, frozenset({"onnx"}))


def test_an_opening_under_a_heading_naming_the_thing_answers_before_its_document_s_definition() -> None:
    """mpmath's README: its title "mpmath", badges, then "A Python library for arbitrary-precision
    floating-point arithmetic."; "Mpmath is a work in progress." further down defines nothing."""
    text = ("mpmath\n======\n\n|pypi| |build|\n\n.. |pypi| image:: https://b/p.svg\n\n"
            "A Python library for arbitrary-precision floating-point arithmetic.\n\n"
            "History\n-------\n\nMpmath is a work in progress.\n")
    readme = Document("d0", "/d/mpmath/README.rst", "mpmath", text, (), underlined_headings(text, rst=True))
    answerer = ModelAnswerer(DictCorpus({1: readme}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    cut = text.index("History")
    answer = answerer.answer("What is mpmath?", _passages([readme], [(0, cut, len(text)), (0, 0, cut)]))
    assert answer.citations[0].text == "A Python library for arbitrary-precision floating-point arithmetic."


def test_an_opening_under_a_heading_naming_the_thing_answers_before_a_later_section_of_that_name() -> None:
    """pypdfium2's README: "# pypdfium2", a comment, its opening; far below "### pypdfium2" under
    "## History", "pypdfium2 is the successor of ...", the only passage of it retrieved."""
    text = ("# pypdfium2\n\n<!-- [![Downloads](https://p/b)](https://p) -->\n\n"
            "pypdfium2 is an ABI-level Python 3 binding to PDFium.\n\n## History\n\n### pypdfium2\n\n"
            "pypdfium2 is the successor of pypdfium and pypdfium-reboot.\n")
    readme = _md("/d/pypdfium2/README.md", text, "pypdfium2")
    answerer = ModelAnswerer(DictCorpus({1: readme}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("What is pypdfium2?", _passages([readme], [(0, text.index("## History"), len(text))]))
    assert answer.citations[0].text == "pypdfium2 is an ABI-level Python 3 binding to PDFium."


def test_a_program_is_not_named_by_its_package_s_hyphenated_name() -> None:
    """"What does mandb do?" is not answered by man-db's manual, named "man-db" by its title line."""
    text = "man-db - the database cached manual pager suite\n\nColin Watson wrote most of it, and it works.\n"
    manual = _md("/d/man-db/man-db-manual.txt", text, "man-db - the database cached manual pager suite")
    passages = _passages([manual], [(0, 0, len(text))])
    assert named_opening(frozenset({"mandb"}), passages, lambda p: manual) is None
    assert named_opening(frozenset({"man-db"}), passages, lambda p: manual) is not None
