"""What a document says a thing is, in the two ways manuals define one: a heading that names it and
says what it is ("5. Cachegrind: a cache and branch-prediction profiler", "json — JSON encoder and
decoder"), and a paragraph that opens by saying so ("Getopt(1) is a program to help shell scripts
parse command-line parameters.", util-linux's getopt.txt; "vgdb ("Valgrind to GDB") is a small
program that ...", Valgrind's manual). The reader, trained on SQuAD, read past both: "What does
getopt do?" cited util-linux's changelog line "* getopt(1): explicitly say where examples are on
Debian", "What is Cachegrind?" a sentence of the manual's cache simulation section.
:func:`qa.list_items.item_answer` answers with them where no list item names the thing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from index.sentences import split_sentences
from qa.tasks import NUMBERING

SENTENCE_CHARS = 400  # the most of a defining sentence read (a longer one is cut at its last whole word)
_MARK = r"(?:\*\*|__|[`*_\"'])?"  # the marks a name may be written in ("`json`", "*fuser*", "**scikit-learn**")
_SECTION = r"(?:\(\d\w{0,3}\))?"  # a manual's section after a program's name: "getopt(1)"


@dataclass(frozen=True)
class Definition:
    """Where a text says what a thing is (offsets into it)."""

    start: int  # the heading's or sentence's first character
    end: int  # its last: the heading's line end, the sentence's full stop
    described: int  # where what it says the thing is starts: "a cache and ...", "a program to ..."


def name_pattern(thing: frozenset[str]) -> str:
    """A pattern of the thing's names (lower case, :func:`qa.list_items.names`) as a text writes
    them: in any case, in marks, a manual's section after ("Getopt(1)"); what follows keeps it from
    matching within a longer name (a colon or dash, "is", a parenthesis or a comma)."""
    alternatives = "|".join(re.escape(n) for n in sorted(thing, key=len, reverse=True))
    return rf"{_MARK}(?i:{alternatives}){_SECTION}{_MARK}"


def titled(title: str, thing: frozenset[str]) -> int | None:
    """Where a heading's ``title`` that names the thing, then a colon or a dash, says what it is
    ("5. Cachegrind: a cache and branch-prediction profiler", "json — JSON encoder and decoder"),
    the offset in it of what it says; else None."""
    found = re.match(rf"(?:{NUMBERING.pattern})?\s*{name_pattern(thing)}\s*(?::|\s[-–—]{{1,2}})\s+(?=\w)", title)
    return None if found is None or len(title) - found.end() < 3 else found.end()


def defined(text: str, thing: frozenset[str], start: int = 0, end: int | None = None) -> Iterator[Definition]:
    """The sentences of ``text`` opening a paragraph in ``[start, end)`` that say what the thing
    is: its name (after "The"; its manual section, a parenthesis or a clause between commas after
    it), then "is", "are" or "was" and an article, "one", "another" ("Ninja is yet another build
    system."), or "used to" or "for" ("Getopt(1) is a
    program to ...", "vgdb ("Valgrind to GDB") is a small program ..."; not "Valgrind is designed
    to be as non-intrusive as possible"); or a dash and what it is, as a manual page's NAME line
    writes it (util-linux's "libblkid - a library to handle device identification ...", "col -
    filter out reverse line feeds."), to its line's end."""
    end = len(text) if end is None else end
    pattern = re.compile(rf"(?:(?<=\n\n)|(?<![\s\S]))[ \t]*(?:The\s+)?{name_pattern(thing)}(?:\s*\([^()\n]{{1,80}}\))?"
                         rf"(?:,[^,\n]{{1,80}},)?(?:\s+(?:is|are|was)\s+(?P<described>(?:an?|the|one|(?:yet\s+)?another)\b|used\s+(?:to|for)\b)"
                         rf"|[ \t]+(?:--?|–|—)[ \t]+(?P<said>(?=\w)))")
    for found in pattern.finditer(text, start, end):
        described = found.start("described") if found["described"] is not None else found.start("said")
        sentence = next(iter(split_sentences(text, found.start(), min(len(text), found.start() + SENTENCE_CHARS))), None)
        if sentence is None or sentence[1] <= described:
            continue
        first, stop = sentence
        if found["said"] is not None and (line_end := text.find("\n", described, stop)) != -1:
            stop = len(text[:line_end].rstrip())
        if stop - first >= SENTENCE_CHARS - 1 and (cut := text.rfind(" ", first, stop)) > found.end():
            stop = cut
        yield Definition(first, stop, described)
