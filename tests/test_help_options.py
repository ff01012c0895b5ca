"""A command's --help pasted into a document (index/help_options.py): each option's tag a heading
one level under its section, an end mark after the listing, and the program each listing is of."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.help_options import help_headings, usage_programs
from index.loaders import load_document

# yq's and jq's --help, one after the other, as /usr/share/doc/yq/cli-doc.txt holds them
HELPS = """usage: yq [options] <jq filter> [input file...]

yq: Command-line YAML processor - jq wrapper for YAML documents

optional arguments:
  -h, --help            show this help message and exit
  --yaml-output, --yml-output, -y
                        Transcode jq JSON output back into YAML and emit it
  --yaml-output-grammar-version {1.1,1.2}, --yml-out-ver {1.1,1.2}
                        When using --yaml-output, specify output grammar
  --width WIDTH, -w WIDTH
                        When using --yaml-output, specify string wrap width
  --in-place, -i        Edit files in place (no backup - use caution)

jq - commandline JSON processor [version 1.6]

Usage:\t/Users/me/.asdf/installs/jq/1.6/bin/jq [options] <jq filter> [file...]

Some of the options include:
  -c               compact instead of pretty-printed output;
  -r               output raw strings, not JSON texts;
  --arg a v        set variable $a to value <v>;
  --               terminates argument processing;

See the manpage for more options.
"""

# GNU's: long options alone start four columns deeper, groups under titles, wget's "-V,  --version"
GNU = """Usage: tar [OPTION...] [FILE]...

 Main operation mode:
  -c, --create               create a new archive
      --delete               delete from the archive (not on mag tapes!)
  -t, --list                 list the contents of an archive
      --occurrence[=NUMBER]  process only the NUMBERth occurrence of each file
                             in the archive

 Startup:
  -V,  --version                   display the version of Wget and exit
  -nv, --no-verbose                turn off verboseness, without being quiet
"""


def _titles(text: str) -> list[tuple[int, str, str]]:
    """(level, title, the text at its offset up to its line's end) of each heading."""
    return [(level, title, text[at:text.find("\n", at)]) for at, level, title in help_headings(text, ())]


def test_each_option_of_a_listing_is_a_heading_and_text_after_the_listing_ends_it() -> None:
    found = _titles(HELPS)
    assert [title for _, title, _ in found] == [
        "-h, --help", "--yaml-output, --yml-output, -y", "--yaml-output-grammar-version {1.1,1.2}, --yml-out-ver {1.1,1.2}",
        "--width WIDTH, -w WIDTH", "--in-place, -i", "",  # (an end mark at "jq - commandline JSON processor")
        "-c", "-r", "--arg a v", "--", ""]
    assert all(line.startswith(title) for _, title, line in found)  # (each where its tag starts)
    assert found[5][2] == "jq - commandline JSON processor [version 1.6]" and found[-1][2] == "See the manpage for more options."
    assert {level for level, _, _ in found} == {1}


def test_gnu_listings_hold_long_options_alone_and_end_at_each_group_title() -> None:
    found = _titles(GNU)
    assert [title for _, title, _ in found] == [
        "-c, --create", "--delete", "-t, --list", "--occurrence[=NUMBER]", "",  # (the end mark at " Startup:")
        "-V,  --version", "-nv, --no-verbose"]  # (no end mark: the text ends)
    assert found[4][2] == " Startup:"


def test_an_option_listing_is_one_level_under_its_section() -> None:
    text = "# frob\n\n## Options\n\n```\n  -q, --quiet    say nothing\n  -v, --verbose  say more\n```\n\n## Licence\n\nMIT\n"
    headings = ((0, 1, "frob"), (8, 2, "Options"), (text.index("## Licence"), 2, "Licence"))
    found = help_headings(text, headings)
    assert [(level, title) for _, level, title in found] == [
        (1, "frob"), (2, "Options"), (3, "-q, --quiet"), (3, "-v, --verbose"), (3, ""), (2, "Licence")]


@pytest.mark.parametrize("text", [
    "Shopping:\n  - apples  two kilos\n  - pears  one kilo\n",  # a list's items
    "  -rw-r--r--  1 root root 4096 notes.txt\n  -rwxr-xr-x  1 root root 8192 frob\n",  # ls -l
    "Run it with\n  -v  for more output\nand nothing else.\n",  # one option in prose
    "-q  says nothing\n-v  says more\n",  # two at the margin (three are needed there)
    "  --quiet is the option to use\n  --verbose is the one for more\n",  # no two spaces after the tag
    "  -q\n  -v\n  -h\n",  # tags with nothing said of them
    "  -q\n  says nothing\n  -v\n  says more\n",  # (what it does is indented deeper than its tag)
])
def test_what_is_no_option_listing_gets_no_headings(text: str) -> None:
    assert help_headings(text, ()) == ()


@pytest.mark.parametrize(("text", "titles"), [
    ("  -q  quiet\n  -v  verbose\n            -x  an example's own option\n", ["-q", "-v"]),  # (far deeper: what -v does)
    ("  -q  quiet\n  -v  verbose\n-x  at the margin, after the listing\n", ["-q", "-v", ""]),  # (it ends the listing)
])
def test_a_listing_s_entries_start_at_about_one_indent(text: str, titles: list[str]) -> None:
    assert [title for _, _, title in help_headings(text, ())] == titles


def test_three_entries_at_the_margin_make_a_listing() -> None:
    assert [title for _, _, title in help_headings("-q  says nothing\n-v  says more\n-h  helps\n", ())] == ["-q", "-v", "-h"]


def test_a_listing_s_program_is_the_one_its_usage_line_names() -> None:
    assert usage_programs(HELPS) == [(0, "yq"), (HELPS.index("Usage:\t"), "jq")]
    bzip2 = "bzip2, a block-sorting file compressor.\n\n   usage: bzip2 [flags and input files]\n"
    assert usage_programs(bzip2) == [(41, "bzip2")]
    assert usage_programs("Usage: $ frob [-v] FILE\nThe usage: of it\n") == [(0, "frob")]


def test_text_and_markdown_files_get_the_headings_asciidoc_and_the_title_do_not(tmp_path: Path) -> None:
    (tmp_path / "cli.txt").write_text(HELPS)
    (tmp_path / "README.md").write_text("Run frob:\n\n```\n  -q, --quiet    say nothing\n  -v, --verbose  say more\n```\n")
    (tmp_path / "frob.adoc").write_text("= frob\n\n....\n  -q, --quiet    say nothing\n  -v, --verbose  say more\n....\n")
    assert len(load_document(tmp_path / "cli.txt").headings) == 11
    readme = load_document(tmp_path / "README.md")
    assert [title for _, _, title in readme.headings] == ["-q, --quiet", "-v, --verbose", ""]
    assert readme.title == "Run frob:"  # (not its first option)
    assert [title for _, _, title in load_document(tmp_path / "frob.adoc").headings] == ["frob"]


README = """# frob

frob squeezes log files.

## Usage

```
usage: frob [options] FILE...

  -k, --keep            keep the input files after squeezing them
  -l LEVEL, --level LEVEL
                        squeeze harder, from 1 to 9
  -q, --quiet           print no progress messages
```

## Licence

MIT
"""


@pytest.mark.integration
def test_a_readme_s_pasted_help_answers_which_option_does_a_task_across_processes(tmp_path: Path) -> None:
    """`qa index` a folder whose README pastes its --help, then `qa ask` in other processes: the
    option doing the task asked is cited with its tag the short answer; an option added to the
    README is found after the next `qa index`."""
    from tests.processes import qa

    docs, store = tmp_path / "docs", tmp_path / "store"
    docs.mkdir()
    (docs / "README.md").write_text(README)
    (docs / "guide.md").write_text("# Squeezing guide\n\nLog files grow; squeezing keeps them small.\n")
    built = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert built.returncode == 0 and not built.stderr, built.stderr
    asked = qa("ask", "--store", str(store), "--json", "How do I make frob keep the input files?", cwd=tmp_path)
    answer = json.loads(asked.stdout)
    assert asked.returncode == 0 and not answer["abstained"] and answer["short_answer"] == "-k, --keep", asked.stdout
    assert answer["citations"][0]["text"] == "-k, --keep            keep the input files after squeezing them"
    assert answer["citations"][0]["section"] == "frob › Usage › -k, --keep"
    (docs / "README.md").write_text(README.replace("  -q, --quiet", "  -n, --dry-run         print what would be squeezed\n"
                                                                    "  -q, --quiet"))
    again = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert again.returncode == 0 and "1 updated" in again.stdout, again.stderr
    asked = qa("ask", "--store", str(store), "--json", "Which frob option prints what would be squeezed?", cwd=tmp_path)
    assert json.loads(asked.stdout)["short_answer"] == "-n, --dry-run", asked.stdout


def test_a_pdf_s_gnu_option_lines_are_headings_though_its_columns_came_out_as_one_space(tmp_path: Path) -> None:
    """pypdf gives a texinfo manual's --help example with one space where the columns were: GNU's
    short and long spelling then what it does in lower case still make an entry."""
    from tests.conftest import make_pdf

    lines = ["Usage: frobc [OPTION] FILE", "Read FILE with definitions and write a C array that the frob library loads.",
             "-c, --check checks the syntax only", "-o, --output=FILE output file", "-n, --name=NAME array name",
             "Report bugs to the frob mailing list, which the maintainers read every week of the year."]
    doc = load_document(make_pdf(tmp_path / "frob.pdf", [lines]))
    assert [title for _, _, title in doc.headings] == ["-c, --check", "-o, --output=FILE", "-n, --name=NAME", ""]
    assert all(doc.text.startswith(title, at) for at, _, title in doc.headings)
    text = "\n\n".join(lines)
    assert help_headings(text, ()) == ()  # (a text file's listing needs its columns: two spaces)
    assert help_headings("\n\n".join(lines[2:4]), (), collapsed=True) == ()  # (two at the margin are too few)
    prose = "-c, --check Checks it.\n-o, --output output file\n-x the x option\n-n, --name=NAME array name\n"
    assert [title for _, _, title in help_headings(prose, (), collapsed=True)] == []  # (no run of three)
