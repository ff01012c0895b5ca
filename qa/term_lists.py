"""A manual's list of terms as sections: each term a heading of one word and what it does the
paragraph under it. Ninja's manual lists its tools so ("clean" over "remove built files. By default
it removes all built files ..."; DocBook renders the list as a table, which
:mod:`index.html_text` reads as a definition list), as a Sphinx page's definition list or a gtk-doc
reference does. Such a section answers what its term is or does as a list item does
(:func:`qa.list_items.answering_items`): "How do I remove built files with ninja?" is answered by
"clean" and what it does, which the reader, trained on SQuAD, refused."""

from __future__ import annotations

import re
from collections.abc import Iterator

from index.documents import Document
from qa.added_in import under
from qa.blocks import blocks, field_block
from qa.declarations import declaration
from qa.openings import PROSE_START

_TERM = re.compile(r"[^\W\d][\w.+-]{0,39}")  # a heading that is a term: one word, a name ("clean", "XML_ParserFree")


def _term(document: Document, i: int) -> bool:
    return 0 <= i < len(document.headings) and _TERM.fullmatch(document.headings[i][2]) is not None


def first_paragraph(document: Document, i: int) -> tuple[int, int] | None:
    """Where the first paragraph under ``document.headings[i]`` lies, past a C declaration (a
    function's prototype: :func:`~qa.declarations.declaration`) and a setting's field lines
    ("**Default** - ``false``": :func:`~qa.blocks.field_block`), where it is prose; else None."""
    found = [b for b in blocks(document.text, *under(document, i))
             if not declaration(document.text, *b) and not field_block(document.text, *b)]
    return found[0] if found and PROSE_START.match(document.text, found[0][0]) else None


def listed_terms(document: Document, start: int, end: int, reach: int) -> Iterator[tuple[int, int, str]]:
    """Each section of ``document`` whose heading starts in ``[start, end)`` and is a term, one of a
    list (the heading before or after it, at its level, a term too), and whose first paragraph,
    past a C declaration, is prose: where that paragraph starts and ends (within ``reach``: to its
    last sentence's end there), and the term (cited, the paragraph's section path names it)."""
    heads = document.headings
    for i, (at, level, title) in enumerate(heads):
        if not start <= at < end or not _term(document, i) \
                or not any(_term(document, j) and heads[j][1] == level for j in (i - 1, i + 1)):
            continue
        if (first := first_paragraph(document, i)) is not None:
            a, b = first
            if b - a > reach:  # (to its last sentence's end within reach, else the reach)
                cut = document.text.rfind(". ", a, a + reach)
                b = cut + 1 if cut != -1 else a + reach
            yield a, b, title


def subcommand(words: str) -> tuple[str, str] | None:
    """The program and the term of a thing asked as its command line writes it, a word after the
    program's options ("ninja -t clean": "ninja" and "clean"; "python -m venv"), or None."""
    found = re.fullmatch(r"(?P<program>[^\W\d][\w.+-]*)(?:\s+-{1,2}\w[\w-]*)+\s+(?P<term>[^\W\d][\w.+-]*)", words)
    return None if found is None else (found["program"].lower(), found["term"])
