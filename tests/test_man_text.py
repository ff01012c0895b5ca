"""A manual page saved as text (``index.man_text``): its sections, subsections and options are
headings, its NAME line its title; a sentence opening with an option's tag is cited without it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from index.documents import Document, Span
from index.loaders import load_document
from index.man_text import man_page
from qa.added_in import under
from qa.answers import Passage
from qa.model_answerer import ModelAnswerer
from qa.reader import Reading
from qa.reader_windows import past_ranges
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

GZIP = """GZIP(1)                     General Commands Manual                    GZIP(1)

NAME
       gzip, gunzip, zcat - compress or expand files

SYNOPSIS
       gzip [ -acdfhklLnNrtvV19 ] [-S suffix] [ name ...  ]

DESCRIPTION
       Gzip reduces the size of the named files using Lempel-Ziv coding
       (LZ77).

OPTIONS
       -a --ascii
              Ascii text mode: convert end-of-lines using local conventions.

       -k --keep
              Keep (don't delete) input files during compression or decompres\u2010
              sion.

   Advanced usage
       Multiple compressed files can be concatenated.

       -P     Never follow symbolic links.  This is the default behaviour.

       --help Output a usage message and exit.

       -e PATTERNS, --regexp=PATTERNS
              Use PATTERNS as the patterns.

SEE ALSO
       znew(1), zcmp(1)

GNU gzip 1.12                   local                         GZIP(1)
"""


def test_sections_subsections_and_options_are_headings_the_name_line_the_title() -> None:
    found = man_page(GZIP)
    assert found is not None
    title, headings = found
    assert title == "gzip, gunzip, zcat - compress or expand files"
    assert [(level, heading) for _, level, heading in headings] == [
        (1, "NAME"), (1, "SYNOPSIS"), (1, "DESCRIPTION"), (1, "OPTIONS"), (2, "-a --ascii"), (2, "-k --keep"),
        (2, "Advanced usage"), (3, "-P"), (3, "--help"), (3, "-e PATTERNS, --regexp=PATTERNS"), (1, "SEE ALSO")]
    assert all(GZIP[at:at + len(heading)] == heading for at, _, heading in headings)  # (not the page's last line)


def test_a_line_of_prose_opening_with_a_dash_is_no_option() -> None:
    text = GZIP.replace("       Gzip reduces the size of the named files using Lempel-Ziv coding\n",
                        "       Gzip reduces the size of the named files, as does\n       --best with more time: see\n")
    text = text.replace("SYNOPSIS\n", "SYNOPSIS\n       --  ends the options,\n       and names follow.\n\n")
    headings = [heading for _, _, heading in man_page(text)[1]]  # type: ignore[index]
    assert "--best" not in headings  # (no blank line before it: a line of a paragraph)
    assert not any(heading.startswith("--  ends") for heading in headings)  # (nothing indented under it)


def test_an_option_tag_with_a_blank_line_under_it_is_a_heading() -> None:
    """sed's page sets a blank line between each tag and what it does; one blank line only."""
    text = GZIP.replace("       -a --ascii\n", "       -n, --quiet, --silent\n\n              suppress printing\n\n"
                                              "       -z --zero\n\n\n              far below\n\n       -a --ascii\n")
    headings = [heading for _, _, heading in man_page(text)[1]]  # type: ignore[index]
    assert headings[4:6] == ["-n, --quiet, --silent", "-a --ascii"]


def test_option_tags_stacked_over_what_they_do_are_headings_sharing_it() -> None:
    """wget's page: "-V" over "--version" over "Display the version of Wget."; the question naming
    either finds the text under both (``qa.added_in.under``: a heading with nothing under it
    before the next of its level shares that one's)."""
    text = GZIP.replace("       -a --ascii\n", "       -V\n       --version\n           Display the version of Wget.\n\n"
                                              "       -a --ascii\n")
    found = man_page(text)
    assert found is not None
    document = Document("d", "wget.txt", found[0], text, (), found[1])
    headings = [heading for _, _, heading in found[1]]
    assert headings[4:7] == ["-V", "--version", "-a --ascii"]
    start, end = under(document, 4)
    assert text[start:end].strip() == "Display the version of Wget."


def test_text_that_does_not_open_as_a_manual_page_is_none() -> None:
    assert man_page("gzip - compress or expand files\n\nNAME\n       gzip\n") is None
    assert man_page("GZIP(1)   General Commands Manual   TAR(1)\n\nNAME\n       gzip\n") is None  # (two pages' names)
    assert man_page("") is None


def test_a_manual_page_file_loads_with_its_headings_formatted_or_not(tmp_path: Path) -> None:
    (tmp_path / "gzip.txt").write_text(GZIP)
    document = load_document(tmp_path / "gzip.txt")
    assert document.title == "gzip, gunzip, zcat - compress or expand files"
    assert "-k --keep" in [heading for _, _, heading in document.headings]
    struck = GZIP.replace("NAME\n", "N\bNA\bAM\bME\bE\n").replace("-k --keep", "-\b-k\bk -\b--\b-k\bke\bee\bep\bp")
    (tmp_path / "gzip-bold.txt").write_text(struck)  # (saved with MAN_KEEP_FORMATTING=1)
    assert load_document(tmp_path / "gzip-bold.txt").headings == document.headings


def test_a_sentence_is_cited_past_the_heading_it_opens_with() -> None:
    text = "-k --keep\n              Keep (don't delete) input files during compression.\n"
    assert past_ranges(text, 0, len(text) - 1, [(0, 9)]) == text.index("Keep")
    assert past_ranges(text, 0, 9, [(0, 9)]) == 0  # (a heading alone stays: the range must end inside the sentence)
    assert past_ranges(text, 15, len(text) - 1, [(0, 9)]) == 15  # (a sentence after it)
    document = Document("d", "man/gzip.txt", "gzip", GZIP, (), man_page(GZIP)[1])  # type: ignore[index]
    span = Span(1, document.doc_id, document.source, document.title, 0, len(GZIP), GZIP)
    answerer = ModelAnswerer(DictCorpus({1: document}), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    found = answerer.candidates("What does Keep do?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)], {})
    assert found and found[0].text.startswith("Keep (don't delete) input files")


def _page(name: str, tags: list[tuple[str, str]]) -> str:
    upper = f"{name.upper()}(1)"
    body = "".join(f"       {tag}\n              {says}\n\n" for tag, says in tags)
    header = f"{upper}                    User Commands                    {upper}"
    return f"{header}\n\nNAME\n       {name} - a program\n\nOPTIONS\n{body}"


def test_the_option_headings_lifted_are_those_of_the_page_the_question_names(tmp_path: Path) -> None:
    """Manual pages saved side by side in one folder: the folder names no program, the page does."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "man"
    docs.mkdir()
    filler = [(f"--option-{n}", f"does thing {n} of many things") for n in range(40)]
    (docs / "ls.txt").write_text(_page("ls", [*filler, ("-L, --dereference", "show the file the link references")]))
    (docs / "cp.txt").write_text(_page("cp", [*filler, ("-L, --dereference", "always follow symbolic links in SOURCE")]))
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        lifted = bot.store.chunks(bot.retriever._term_headed("What does ls -L do?", ids[:1], None))
        assert lifted and {Path(r.source).name for r in lifted.values()} == {"ls.txt"}
        both = bot.store.chunks(bot.retriever._term_headed("What does the -L option do?", ids[:1], None))
        assert {Path(r.source).name for r in both.values()} == {"ls.txt", "cp.txt"}  # (no page named: each)
    finally:
        bot.close()


def test_a_question_names_an_option_that_is_a_digit() -> None:
    from qa.asked_terms import asked_names

    assert asked_names("What does du -0 do?") == ["-0"] and asked_names("What does gzip -9 do?") == ["-9"]
    assert asked_names("What is 3-5 or -12 or -1.5?") == []


def test_an_option_is_not_the_start_of_a_longer_one() -> None:
    from qa.asked_terms import asked_options

    (tlsv1,) = asked_options("What does the --tlsv1 option of curl do?")
    assert tlsv1.search("-1, --tlsv1") and not tlsv1.search("--tlsv1.1") and not tlsv1.search("--tlsv1-x")
    (tlsv12,) = asked_options("What does curl --tlsv1.2 do?")
    assert tlsv12.search("--tlsv1.2") and not tlsv12.search("-1, --tlsv1") and not tlsv12.search("--tlsv1.3")


class _HeadingReader:
    """A reader whose span starts inside the heading a sentence opens with ("keep" of "-k --keep")."""

    def __init__(self, end_in_heading: bool) -> None:
        self.end_in_heading = end_in_heading

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages: Sequence[str],
             uncitable: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[Reading]:
        text = passages[0]
        start = text.index("keep\n")
        end = start + 4 if self.end_in_heading else text.index(" input files")
        return [Reading(0, start, end, 5.0, 0.0, 5.0, text.index("-k --keep"), text.index("sion.") + 5, 3.0)]


def test_a_short_answer_never_starts_in_a_heading() -> None:
    document = Document("d", "man/gzip.txt", "gzip", GZIP, (), man_page(GZIP)[1])  # type: ignore[index]
    at = GZIP.index("       -k --keep")
    text = GZIP[at:GZIP.index("   Advanced usage")]
    span = Span(1, document.doc_id, document.source, document.title, at, at + len(text), text)
    for end_in_heading, short in ((False, "Keep (don't delete)"), (True, "Keep (don't delete) input files during compression")):
        answerer = ModelAnswerer(DictCorpus({1: document}), reader=_HeadingReader(end_in_heading), calibration=FAKE_CALIBRATION)
        (found,) = answerer.candidates("What does gzip -k do?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)], {})
        assert found.text.startswith("Keep (don't delete)") and found.short.text.startswith(short), end_in_heading



def man_document(text: str, source: str) -> Document:
    """``text``, a manual page saved as text, as the document of ``source`` that loading it gives."""
    found = man_page(text)
    assert found is not None
    return Document("d", source, found[0], text, (), found[1])

JOURNALD = ("JOURNALD.CONF(5)             journald.conf             JOURNALD.CONF(5)\n\nNAME\n"
            "       journald.conf - Journal service configuration files\n\nOPTIONS\n"
            "       All options are configured in the [Journal] section:\n\n       Storage=\n"
            "           Controls where to store journal data. Defaults to \"auto\" in\n"
            "           the default journal namespace.\n\n       SystemMaxUse=, SystemKeepFree=,\n"
            "       RuntimeMaxUse=\n           Enforce size limits.\n\n       For example:\n\n"
            "           Storage=none\n\n       UMASK (number)\n           The mask.\n\nSEE ALSO\n       systemd(1)\n")
SSH_CONFIG = ("SSH_CONFIG(5)            File Formats Manual            SSH_CONFIG(5)\n\nNAME\n"
              "     ssh_config - OpenSSH client configuration file\n\nDESCRIPTION\n"
              "     The possible keywords and their meanings are as follows:\n\n     ConnectionAttempts\n"
              "             Specifies the number of tries.  The default is 1.\n\n"
              "     Compression\n             Specifies whether to use compression.\n\n"
              "     Port    Specifies the port number to connect on the remote host.  The de-\n"
              "             fault is 22.\n\n     •   a bullet's item\n         goes on under it.\n\n"
              "     1.      A numbered item\n             goes on under it.\n")


AVAHI = ("avahi-daemon.conf(5)      File Formats Manual      avahi-daemon.conf(5)\n\nNAME\n       avahi-daemon.conf - conf"
         "iguration file\n\nSECTION [SERVER]\n       host-name= Set the host name avahi-daemon tries to register on the LAN.\n"
         "       If omited defaults to the system host name.\n\n       use-ipv6= Takes a boolean value. Default is \"yes\".\n\n"
         "       Storage=auto is an example, not a tag.\n\n"
         "       A paragraph of prose that writes no tag\n       at its start.\n")


ADDUSER = ("ADDUSER.CONF(5)          File Formats Manual          ADDUSER.CONF(5)\n\nNAME\n       adduser.conf - conf"
           "iguration file\n\nSYNOPSIS\n       adduser [--home DIR] [--shell SHELL] [--no-create-home] [--uid ID] [--firstuid\n"
           "              ID] [--lastuid ID]\n\nDESCRIPTION\n"
           "       DSHELL The login shell to be used  for  all  new  users.   Defaults  to\n              /bin/bash.\n\n"
           "       NORMAL color-sequence\n              Specifies the color used for normal (nonfilename) text.\n\n"
           "       Report any other issue via the form at the GNU Savannah bug tracker:\n              <https://savannah.gnu.org>\n")


@pytest.mark.parametrize(("text", "terms"), [
    (JOURNALD, [(2, "Storage="), (2, "SystemMaxUse=, SystemKeepFree=, RuntimeMaxUse="), (2, "UMASK (number)")]),  # (groff's)
    (SSH_CONFIG, [(2, "ConnectionAttempts"), (2, "Compression"), (2, "Port")]),  # (mdoc's: five; "Port" on its line)
    (AVAHI, [(2, "host-name="), (2, "use-ipv6=")]),  # (avahi's: a setting's tag with what it says after it)
    (ADDUSER, [(2, "DSHELL"), (2, "NORMAL color-sequence")]),  # (one space to groff's column, on a filled line)
])
def test_a_configuration_page_s_settings_are_headings(text: str, terms: list[tuple[int, str]]) -> None:
    """A setting's tag over what it says, indented deeper at once, is a heading under its section;
    so are settings' tags wrapped over lines ("SystemMaxUse=, SystemKeepFree=,", "RuntimeMaxUse=":
    one heading, its title their words); not a line that introduces ("For example:"), a list's
    bullet or number, nor a line of a paragraph. A short tag may have what it says after it on its
    line where it goes on under it from the same column; a setting's ("use-ipv6= Takes ..."), after
    one space."""
    found = man_page(text)
    assert found is not None
    headings = [(level, heading) for _, level, heading in found[1]]
    assert [h for h in headings if h[0] == 2] == terms
    assert all(" ".join(text[at:].split())[:len(heading)] == heading for at, _, heading in found[1])
