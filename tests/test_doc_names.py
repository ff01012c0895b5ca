"""What a document is called when it is cited and searched by its title: a Markdown or
reStructuredText file's first heading only where that heading is its title, a heading as it
reads (a link's text, no badges), else the file's name, a README's with its folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.doc_names import name_title, names_document
from index.loaders import load_document
from index.sections import InlineText, markdown_headings, underlined_headings

LOGO = '<p align="center">\n  <a href="https://x.org"><img src="https://x.org/logo.png" alt="Kestrel"></a>\n</p>\n\n'
BADGES = "[![PyPI](https://img.shields.io/pypi/v/kestrel)](https://pypi.org/project/kestrel/) ![CI](ci.svg)\n\n"


@pytest.mark.parametrize(("line", "reads"), [
    ("🎭 [Playwright](https://playwright.dev) for Python [![PyPI](https://badge.fury.io/py/p.svg)](https://pypi.org)",
     "🎭 Playwright for Python"),
    ("Thread-pool Controls [![Build Status](https://ci/badge.svg)](https://ci) [![codecov](https://c/b.svg)](https://c)",
     "Thread-pool Controls"),
    ("**Typer**, the FastAPI of CLIs", "Typer, the FastAPI of CLIs"),
    ("man\\_db-2.3.20 (7 September 2001)", "man_db-2.3.20 (7 September 2001)"),  # an escape read
    ("Getting Started<a id=\"getting-started\"></a>", "Getting Started"),  # an anchor left out
    ("`--watch` and ``a`b``", "--watch and a`b"),
    ("Tom &amp; Jerry _(optional)_", "Tom & Jerry (optional)"),
    ("snake_case_name stays", "snake_case_name stays"),
    ("![logo](logo.png)", ""),  # a logo alone reads nothing
    ("  plain title  ", "plain title"),
])
def test_a_markdown_line_reads_as_rendered(line: str, reads: str) -> None:
    assert InlineText()(line) == reads


def test_markdown_heading_titles_read_as_rendered_and_a_logo_heading_is_none(tmp_path: Path) -> None:
    text = ("# 🎭 [Playwright](https://playwright.dev) for Python [![PyPI](https://b.svg)](https://pypi.org)\n\n"
            "Automates browsers.\n\n## ![logo](logo.png)\n\nMore.\n\n![banner](b.png)\n---\n\nStill more.\n\n"
            "**Lines 1-3**\n---\n\nThe first lines.\n")
    assert markdown_headings(text) == ((0, 1, "🎭 Playwright for Python"),
                                       (text.index("**Lines"), 2, "Lines 1-3"))
    (tmp_path / "guide.md").write_text(text)
    doc = load_document(tmp_path / "guide.md")
    assert doc.title == "🎭 Playwright for Python"
    assert doc.section_at(doc.text.index("The first")) == "🎭 Playwright for Python › Lines 1-3"
    assert doc.section_at(doc.text.index("More.")) == doc.section_at(doc.text.index("Still")) == "🎭 Playwright for Python"
    assert doc.text == text


@pytest.mark.parametrize(("folder", "name", "text", "title"), [
    # a README opening with a logo, badges and its opening paragraph, then "## Compatibility": named by its folder
    ("rich", "README.md", LOGO + BADGES + "Rich is a library.\n\n## Compatibility\n\nLinux.\n", "rich README"),
    ("kestrel", "README.md", LOGO + "### Introduction\n\nA bird.\n", "kestrel README"),  # below level 2, even with nothing before
    ("kestrel", "README.md", LOGO + BADGES + "# Kestrel [![CI](ci.svg)](https://ci)\n\n## Usage\n", "Kestrel"),
    # underlined with "---" (level 2) as the file's first line: its title
    ("libxcrypt", "TODO.md", "to-do list for libxcrypt\n------------------------\n\nThis list.\n", "to-do list for libxcrypt"),
    ("polkit", "NEWS.md", "<!-- generated -->\n## polkit 122\n\n### Highlights:\n- new\n", "polkit 122"),  # a comment is not text
    ("notes", "meeting.md", "Agenda first.\n\n## Decisions\n\nNone.\n", "meeting"),  # a file of its own: its name
    ("docs", "index.md", "Welcome.\n\n## Install\n\npip.\n", "docs index"),
    # no heading at all: its first line as it reads, not a logo's HTML
    ("contourpy", "README.md", '<img alt="ContourPy" src="logo.svg" height="90">\n\nContourPy draws contours.\n',
     "ContourPy draws contours."),
    # reStructuredText: a Sphinx page's title after its settings, labels and directives
    ("pip", "cache.rst", ":orphan:\n\n.. _pip-cache:\n\n=========\npip-cache\n=========\n\nDescription\n***********\n\nText.\n",
     "pip-cache"),
    ("tqdm", "README.rst", "|Logo|\n\ntqdm\n====\n\n|PyPI| |CI|\n\nA progress bar.\n\nUsage\n-----\n\nWrap it.\n", "tqdm"),
    # pytest's: a logo directive with its options, then an opening paragraph, then "Features"
    ("pytest", "README.rst", ".. image:: logo.svg\n   :alt: pytest\n\nThe pytest framework makes tests easy.\n\n"
     "Features\n--------\n\nAsserts.\n\nSupport\n-------\n\nPaid.\n", "pytest README"),
    # an underline longer than its title (docutils reads it); the title its own level
    ("cachetools", "README.rst", "cachetools\n" + "=" * 72 + "\n\nCaches.\n\nInstallation\n------------\n\npip.\n",
     "cachetools"),
])
def test_a_document_is_named_by_its_title_heading_else_by_its_file(
        tmp_path: Path, folder: str, name: str, text: str, title: str) -> None:
    path = tmp_path / folder / name
    path.parent.mkdir()
    path.write_text(text)
    assert load_document(path).title == title


def test_a_restructuredtext_underline_may_run_past_its_title_but_not_in_plain_text() -> None:
    text = "OpenTelemetry Python API\n" + "=" * 76 + "\n\nIntro.\n\nInstallation\n------------\n\npip.\n"
    assert [(level, title) for _, level, title in underlined_headings(text, rst=True)] == [
        (1, "OpenTelemetry Python API"), (2, "Installation")]
    assert [title for _, _, title in underlined_headings(text)] == ["Installation"]  # plain text: too long to be sure
    short = "Installation\n" + "-" * 8 + "\n\npip.\n"  # shorter than 0.75 of its title: a rule under a line
    assert underlined_headings(short, rst=True) == underlined_headings(short) == ()


def _named(before: str, level: int, *, markdown: bool = False, rst: bool = False) -> bool:
    """Whether a heading at ``level`` right after ``before`` names the document."""
    return names_document(((len(before), level, "T"),), before + "T\n", markdown=markdown, rst=rst)


def test_names_document_needs_a_heading_and_reads_each_format_s_rule() -> None:
    assert not names_document((), "Text.", markdown=True, rst=False)
    assert _named("<!--\nLicensed to the ASF\n-->\n", 2, markdown=True)  # a comment is not text
    assert not _named("Opening paragraph.\n\n", 2, markdown=True)
    assert not _named("\n", 3, markdown=True)
    assert _named("An opening paragraph, then the H1.\n\n", 1, markdown=True)
    assert _named(".. comment\n   more comment\n\n|badge| |CI|_\n\n:orphan:\n\n", 1, rst=True)
    assert not _named(".. comment\n\nA paragraph.\n\n", 1, rst=True)
    assert not _named("x\n\n", 1)  # plain text: its first line only
    assert _named("", 1)


def test_name_title_is_the_stem_and_a_readme_s_with_its_folder(tmp_path: Path) -> None:
    assert name_title(tmp_path / "rich" / "README.md", "README.md") == "rich README"
    assert name_title(tmp_path / "rich" / "readme.txt.gz", "readme.txt") == "rich readme"
    assert name_title(tmp_path / "docs" / "Index.md", "Index.md") == "docs Index"
    assert name_title(tmp_path / "rich" / "NOTES.md", "NOTES.md") == "NOTES"
    assert name_title(Path("/README.md"), "README.md") == "README"  # no folder to name it


@pytest.mark.integration
def test_a_readme_is_named_with_its_folder_across_processes(tmp_path: Path) -> None:
    """The user's path: ``qa index``, ``qa list``, ``qa ask`` and ``qa index`` again in separate
    processes; the README is listed and cited with its folder, then as the H1 it is given."""
    from tests.processes import indexed, qa

    readme = LOGO + BADGES + "Kestrel parses flight logs.\n\n## Compatibility\n\nKestrel works on Linux, macOS and Windows.\n"
    docs, store = indexed(tmp_path, {"kestrel/README.md": readme, "gulls.md": "# Gulls\n\nGulls eat fish and chips.\n"})
    listed = qa("list", "--store", str(store), "--json", cwd=tmp_path)
    assert sorted(row["title"] for row in json.loads(listed.stdout)) == ["Gulls", "kestrel README"], listed.stdout
    asked = qa("ask", "--store", str(store), "--json", "Does Kestrel work on Windows?", cwd=tmp_path)
    citation = json.loads(asked.stdout)["citations"][0]
    assert citation["text"] == "Kestrel works on Linux, macOS and Windows.", asked.stdout
    assert citation["title"] == "kestrel README", asked.stdout
    (docs / "kestrel" / "README.md").write_text("# Kestrel flight logs\n\n" + readme)
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0 and "1 updated" in again.stdout, again.stderr
    listed = qa("list", "--store", str(store), "--json", cwd=tmp_path)
    assert sorted(row["title"] for row in json.loads(listed.stdout)) == ["Gulls", "Kestrel flight logs"], listed.stdout


@pytest.mark.parametrize(("line", "title"), [
    ("# pkgconf [![test](https://ci/badge.svg)](https://ci/test.yml)", "pkgconf"),  # badges after it read nothing
    ("# [libcbor](https://github.com/PJK/libcbor)", "libcbor"),  # written around, reads as its title
    ("## [2.0.8](https://github.com/o/c/compare/2.0.7...2.0.8) (2021-11-24)", "2.0.8 (2021-11-24)"),
    ("### <a id=\"doc.unix\">2a.</a> Unix Documentation", "2a. Unix Documentation"),
    ("## Getting Started<a id=\"getting-started\"></a>", "Getting Started"),
    ("## `Buffer.from()`, `Buffer.alloc()`, and `Buffer.allocUnsafe()`",
     "Buffer.from(), Buffer.alloc(), and Buffer.allocUnsafe()"),
    ("3.43.1.4 Why do some tests always fail?", "Why do some tests always fail?"),  # a FAQ's numbered question
])
def test_a_heading_ends_at_its_line_s_end_where_the_rest_reads_as_nothing(line: str, title: str) -> None:
    from qa.answerer import heading_end

    assert [t for _, _, t in markdown_headings(line + "\n")] in ([title], [])  # (the last is no Markdown heading)
    text = "Before.\n" + line + "\n\nBody text.\n"
    assert heading_end(text, len("Before.\n"), title) == len("Before.\n" + line)


def test_a_heading_inside_a_longer_line_still_ends_at_its_title() -> None:
    """A PDF bookmark placed at its title inside a line of text: the text after it stays text,
    written or not in Markdown's marks."""
    from qa.answerer import heading_end

    text = "Introduction of the new rules for the harbour, which apply from May [1](https://x.org).\n"
    assert heading_end(text, 0, "Introduction") == len("Introduction")
    other = "3.1. Programs run OK on Valgrind, but at exit produce a bunch of errors [see](x.html).\n"
    assert heading_end(other, 0, "Valgrind Frequently Asked Questions") == len("Valgrind Frequently Asked Questions")


def test_a_readme_s_badges_after_its_title_are_never_cited(tmp_path: Path) -> None:
    """The badges on a README's title line are part of the heading: a question the opening answers
    cites the opening, not "nf [![test](...)", the rest of the line after the title's length."""
    from qa import AnswerConfig, DocumentQA
    from tests.conftest import CountingEmbedder

    (tmp_path / "docs" / "pkgconf").mkdir(parents=True)
    text = ("# pkgconf [![test](https://github.com/pkgconf/pkgconf/actions/workflows/test.yml/badge.svg)]"
            "(https://github.com/pkgconf/pkgconf/actions/workflows/test.yml)\n\n"
            "`pkgconf` is a program which helps to configure compiler and linker flags for\ndevelopment libraries.\n")
    (tmp_path / "docs" / "pkgconf" / "README.md").write_text(text)
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder(),
                           answering=AnswerConfig(answerer="heuristic"))
    answer = bot.ask("What is pkgconf?")
    bot.close()
    assert answer.citations and all("badge" not in c.text and "[![" not in c.text for c in answer.citations)
    assert answer.citations[0].text.startswith("`pkgconf` is a program"), answer.citations[0].text
