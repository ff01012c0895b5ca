"""What an answer shows besides its citations: its text reads the quotes as prose, and a refusal's
"maybe related" list offers sentences that say something. Both answerers, on the same files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from qa.answers import balanced
from qa.reader import Reading
from tests.test_answerers import _bot


@pytest.mark.parametrize(("text", "worth"), [
    ("The harbour is north of the mill.", True), ("33", False), (">>>", False), ("[1]", False),
    ("asn1_create_element . . . . . . . . . . . . 10", False), ("Table of Contents", True),
    ("1 Introduction . . . . . . . . . . . . . . . . . 1 2 Usage . . . . . . . . . . . . 3", False)])
def test_what_a_refusal_may_suggest(text: str, worth: bool) -> None:
    from qa.answers import worth_suggesting

    assert worth_suggesting(text) is worth


@pytest.mark.parametrize("kind", ["heuristic", "model-fake"])
def test_a_refusal_suggests_sentences_not_page_numbers_or_dot_leaders(kind: str, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "melby.txt").write_text("The harbour of Melby lies north of the mill. Boats land there twice a day.\n")
    (docs / "page.txt").write_text("33\n")
    (docs / "contents.txt").write_text("Harbour . . . . . . . . . . . . 4\n\nMill . . . . . . . . . . . . 7\n")
    bot = _bot(kind, docs, tmp_path / "store")
    answer = bot.ask("When do boats land at the harbour?", threshold=1.0)
    assert answer.abstained and answer.suggestions
    assert all(c.source.endswith("melby.txt") for c in answer.suggestions), [c.text for c in answer.suggestions]
    bot.close()


def test_an_answer_reads_a_wrapped_quote_on_one_line_and_keeps_code_lines() -> None:
    from qa.answers import prose

    wrapped = "It was written by Linus\nTorvalds with help\n   of many."
    assert prose(wrapped) == "It was written by Linus Torvalds with help of many."
    assert prose(">>> round(2.675, 2)\n2.67") == ">>> round(2.675, 2)\n2.67"
    assert prose("Run:\n    make test\nthen wait.") == "Run:\n    make test\nthen wait."
    assert prose("    make test\n    make lint") == "    make test\n    make lint"  # code from its start
    assert prose("Then:\n$ ls") == "Then:\n$ ls"
    # a NEWS item's or a Debian changelog entry's hanging indent is wrapped prose
    assert prose("New `shopt' option, indicating whether or not the\n    shell was started in restricted mode.") == \
        "New `shopt' option, indicating whether or not the shell was started in restricted mode."
    assert prose("Fix FTP-KRB double-free as per CVE-2019-5481\n    (Closes: #940009)") == \
        "Fix FTP-KRB double-free as per CVE-2019-5481 (Closes: #940009)"


@pytest.mark.parametrize("kind", ["heuristic", "model-fake"])
def test_a_text_file_s_wrapped_sentence_is_one_line_in_the_answer_and_exact_in_the_citation(
        kind: str, tmp_path: Path) -> None:
    from qa.cli import format_answer

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "readme.txt").write_text("It was originally written by Linus\n"
                                     "Torvalds with help of a group of hackers around the net.\n")
    bot = _bot(kind, docs, tmp_path / "store", threshold=0.0)
    answer = bot.ask("Who originally wrote Git?")
    first = answer.citations[0]
    assert "Linus\nTorvalds" in first.text and bot.document(first.source).text[first.start:first.end] == first.text
    assert "\n" not in answer.text and "Linus Torvalds" in answer.text
    shown = format_answer(answer)
    assert "Linus\nTorvalds" not in shown and (answer.short_answer is None or "\n" not in shown.split("\n")[0])
    bot.close()


@pytest.mark.parametrize(("text", "span", "expected"), [
    ('A new "--include-whitespace" option', 'A new "--include-whitespace', 'A new "--include-whitespace"'),
    ('the "--dissociate" option', '--dissociate"', '"--dissociate"'),
    ('he said "yes, no', '"yes', 'yes'),  # nothing closes it: the quote is left out
    ("a wait (in seconds) here", "wait (in seconds", "wait (in seconds)"),
    ("a wait (in seconds here", "(in seconds here", "in seconds here"),
    ("see f(x) now", "x)", "(x)"),
    ("the \u201cbest\u201d one", "\u201cbest", "\u201cbest\u201d"),
    ('plain "quoted" words', '"quoted"', '"quoted"'),  # balanced already
    ("no marks at all", "marks", "marks"),
    ("the style of ``virtual``.", "virtual``", "virtual"),  # reST inline literals: the marks are markup
    ("run `ls` first", "`ls`", "ls"),
    ("a ``\"quoted\"`` value", '``"quoted', '"quoted"'),
    ("done in a directory called `$JETTY_BASE`.", "a directory called `$JETTY_BASE", "a directory called `$JETTY_BASE`"),
    ("run `ls -l` first", "ls -l` first", "`ls -l` first"),
])
def test_a_short_answer_takes_in_the_quote_or_bracket_it_leaves_open(text: str, span: str, expected: str) -> None:
    start = text.index(span)
    a, b = balanced(text, start, start + len(span))
    assert text[a:b] == expected


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("Run this:\n$ java -jar $JETTY_HOME/start.jar --add-module=demos\nThen", "jar",
     "java -jar $JETTY_HOME/start.jar --add-module=demos"),  # a word of a command: the whole command
    ("  $ ls -l  \n", "-l", "ls -l"),
    ("$ ls\n$ pwd", "$ ls", "ls"),
    ("It costs $ 5 here and\nthere", "5 here and\nthere", "5 here and\nthere"),  # past the line's end: as it was
    ("Run java -jar start.jar now", "jar", "jar"),  # no prompt: prose
])
def test_a_short_answer_inside_a_shell_command_is_the_whole_command(text: str, span: str, expected: str) -> None:
    from qa.answers import whole_command

    start = text.index(span)
    a, b = whole_command(text, start, start + len(span))
    assert text[a:b] == expected


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("the annual Transpacific Yacht Race", "Transpac", "Transpacific"),
    ("under article 288 of the Treaty", "28", "288"),
    ("hierarchy theorems respectively.", "hierarchy theorem", "hierarchy theorems"),
    ("on Debian, /etc/bash.bashrc is read", "/etc/bash", "/etc/bash.bashrc"),
    ("it grew 3.5 percent", "3", "3.5"),
    ("read my_config_file first", "config", "my_config_file"),
    ("first lit in 1902. It was", "1902", "1902"),  # a sentence's full stop is no joiner
    ("the U.S. and", "U", "U.S"),
    ("a well-known tale", "well", "well"),  # a word before a hyphen is whole
    ("a well-known tale", "known", "well-known"),  # one after it is not
    ("as per CVE-2019-5481 (Closes", "5481", "CVE-2019-5481"),
    ("whole words stay", "words", "words"),
])
def test_a_short_answer_takes_in_the_words_it_cuts(text: str, span: str, expected: str) -> None:
    from qa.answers import whole_words

    start = text.index(span)
    a, b = whole_words(text, start, start + len(span))
    assert text[a:b] == expected


TUNNEL = ("To enable tunnels, add the following option to the server configuration file:\n\n"
          "\tPermitTunnel yes\n\nRestart the server.")
JOURNAL = ("Enabling persistent logging\n===========================\n\n"
           "To enable persistent logging, create /var/log/journal:\n\n"
           "  mkdir -p /var/log/journal\n  systemd-tmpfiles --create --prefix /var/log/journal\n\n"
           "systemd will make the journal files owned by a group.")


@pytest.mark.parametrize(("text", "sentence", "cited"), [
    (TUNNEL, "To enable tunnels", "configuration file:\n\n\tPermitTunnel yes"),
    (JOURNAL, "To enable persistent", "create /var/log/journal:\n\n  mkdir -p /var/log/journal\n"
                                      "  systemd-tmpfiles --create --prefix /var/log/journal"),
    # a NEWS item's hanging indent is the item's own: nothing deeper follows
    ("  New options were added:\n  --foo and --bar.\n", "New options", "were added:"),
    ("It says so: here.\n\n    code\n", "It says", "It says so:"),  # the line goes on after the ":"
    ("Use this:\nnot indented.\n", "Use this", "this:"),
    ("Do this:\n\nThen that.\n\n    late\n", "Do this", "this:"),  # prose first: not what it introduced
    ("Steps:\n" + "".join(f"  step {i}\n" for i in range(20)), "Steps", "  step 11"),  # at most BLOCK_LINES
])
def test_a_sentence_ending_in_a_colon_takes_in_the_lines_it_introduces(text: str, sentence: str, cited: str) -> None:
    from qa.answers import block_after

    start = text.index(sentence)
    end = text.index(":", start) + 1
    assert text[start:block_after(text, start, end)].endswith(cited)


def test_the_reader_s_answer_cites_the_command_its_sentence_introduces(tmp_path: Path) -> None:
    from qa.answers import prose

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "README.tun").write_text(TUNNEL + "\n", encoding="utf-8")
    bot = _bot("model-fake", docs, tmp_path / "store", threshold=0.0)
    answer = bot.ask("How do I enable tunnels?")
    first = answer.citations[0]
    assert first.text == TUNNEL[:TUNNEL.index("yes") + 3]
    assert (docs / "README.tun").read_text(encoding="utf-8")[first.start:first.end] == first.text
    assert answer.text.startswith(prose(first.text))
    assert prose(first.text) == ("To enable tunnels, add the following option to the server configuration file:\n\n"
                                 "\tPermitTunnel yes")
    bot.close()


def test_prose_joins_the_lines_around_code_and_keeps_the_code_s() -> None:
    from qa.answers import prose

    assert prose("To enable it, you\nhave to add:\n\n\tPermitTunnel yes") == \
        "To enable it, you have to add:\n\n\tPermitTunnel yes"
    assert prose("create it:\n\n  mkdir -p /var/log/journal\n  systemd-tmpfiles --create\n\n\nthen\nreboot") == \
        "create it:\n\n  mkdir -p /var/log/journal\n  systemd-tmpfiles --create\n\nthen reboot"


def test_prose_keeps_a_fenced_block_and_a_directive_s_body_as_written() -> None:
    from qa.answers import prose

    fenced = "```{pip-cli}\n$ pip install -r r.txt\n\n[...]\nSuccessfully installed\n```"  # (its lines as written)
    assert prose(f"Many projects use\nrequirements files:\n\n{fenced}\n\nAfter\nit.") == \
        f"Many projects use requirements files:\n\n{fenced}\n\nAfter it."
    assert prose("It is written\nin reST.\n\nTo build it, run:\n\n.. code-block:: console\n\n    $ nox -s docs") == \
        "It is written in reST.\n\nTo build it, run:\n\n.. code-block:: console\n\n    $ nox -s docs"


class _SpanReader:
    """Reads every passage as answered by the first occurrence of ``phrase``."""

    def __init__(self, phrase: str) -> None:
        self.phrase = phrase

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages: Sequence[str],
             uncitable: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[Reading]:
        at = [text.find(self.phrase) for text in passages]
        return [Reading(i, a, a + len(self.phrase), 5.0, 0.0, 3.0) if a >= 0 else
                Reading(i, 0, 0, float("-inf"), 0.0, float("-inf")) for i, a in enumerate(at)]


@pytest.mark.parametrize(("phrase", "question", "short"), [
    ("To enable tunnels", "How do I enable tunnels?", "PermitTunnel yes"),  # restates: the line it introduces
    ("the server configuration file", "Where do I enable tunnels?", "the server configuration file"),  # says more
])
def test_a_short_answer_that_restates_the_question_gives_way_to_the_line_introduced(
        phrase: str, question: str, short: str) -> None:
    from index.documents import Document, Span
    from qa.answerer import AnswerConfig
    from qa.answers import Passage
    from qa.model_answerer import ModelAnswerer
    from tests.test_answerers import FAKE_CALIBRATION, DictCorpus

    doc = Document("d", "README.tun", "Tunnels", TUNNEL)
    passage = Passage(chunk_id=1, span=Span(1, "d", "README.tun", "Tunnels", 0, len(TUNNEL), TUNNEL), score=1.0, rank=0)
    answerer = ModelAnswerer(DictCorpus({1: doc}), AnswerConfig(threshold=0.0), reader=_SpanReader(phrase),
                             calibration=FAKE_CALIBRATION)
    answer = answerer.answer(question, [passage])
    assert answer.short is not None and answer.short.text == short
    assert TUNNEL[answer.short.start:answer.short.end] == short
    assert answer.citations[0].text.endswith("PermitTunnel yes")


def test_introduced_lines_are_at_most_three_and_only_for_a_restating_short_answer() -> None:
    from qa.answers import introduced

    text = "Enable tunnels:\n\n  a\n  b\n  c\n  d\n"
    end = text.index(":") + 1
    asked = "How do I enable tunnels?"
    assert introduced(text, end, len(text) - 1, asked, "Enable tunnels") is None  # four lines
    three = text.index("  d") - 1
    assert introduced(text, end, three, asked, "Enable tunnels") == (text.index("  a") + 2, three)
    assert introduced(text, end, three, "Which option must be set?", "Enable tunnels") is None  # says more
    assert introduced(text, end, three, asked, "") is None
