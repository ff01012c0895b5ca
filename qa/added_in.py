"""When an option or a call was added: "When was math.isqrt() added?", "Which version added the
--env-file option?". A manual writes it once, in the section that defines it, in a form of its
own ("New in version 3.7." in Python's documentation, "Added in version 3.13." since;
"<!-- YAML added: v20.6.0 -->" in Node.js's), which the reader, trained on SQuAD, does not take
for an answer (every such question of ``bench/added.py`` was refused or answered wrongly). The
marker in the defining section is the answer, its version the short answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from index.documents import Document
from index.sections import enclosing
from qa.answerer import AnswerConfig, cite, heading_end
from qa.answers import Answer, Passage
from qa.asked_terms import asked_names, asked_terms
from qa.changes import release_heading
from qa.corpus import Corpus
from qa.section_heads import answers_version, defining, narrowed

# the question asks when, or in which version or release, the option or call it names came
_ASKS_ADDED = re.compile(r"\b(?:when|which|what)\b[^?]*\b(?:added|introduced|new|available|appear(?:ed|s)?)\b"
                         r"|\bsince\s+(?:when|which|what)\b", re.IGNORECASE)
# a whole line that says in which version what its section defines came ("New in version 3.7: the x argument" says
# so of a part only): Python's, and Node.js's YAML history, one version or a list of them (its backports)
_MARKER = re.compile(r"^[ \t]*(?:New|Added) in version (\d+(?:\.\d+)*)\.?[ \t]*$"
                     r"|^added:[ \t]*v?(\d+(?:\.\d+)*)[ \t]*$"
                     r"|^added:[ \t]*\n[ \t]*-[ \t]*v?(\d+(?:\.\d+)*)[ \t]*(?:\n[ \t]*-[ \t]*v?\d+(?:\.\d+)*[ \t]*)*$",
                     re.MULTILINE)
ADDED_CONFIDENCE = 0.9  # measured by bench/added.py: see the README


class _Marked(NamedTuple):
    passage: Passage  # the retrieved passage the section's heading lies in or over
    document: Document
    heading: tuple[int, int, str]
    start: int  # the marker, in document offsets
    end: int
    version: tuple[int, int]  # the version's offsets


def asks_added(question: str) -> bool:
    """``question`` names an option or call and asks when, or since which version, it came (in
    words besides their names: not "What does the --new option do?")."""
    said = asked_names(question)
    rest = re.sub("|".join(re.escape(n) for n in said), " ", question) if said else ""
    return bool(said) and bool(_ASKS_ADDED.search(rest))


def answers_when(question: str, short: str, heading: str = "") -> bool:
    """Whether ``short`` (an answer's short answer) can answer ``question``: it writes a number (a
    version, a date) where the question asks when an option or call came (:func:`asks_added`),
    not a definition's words ("Sums start and the items of an iterable ..." for "When was sum()
    added?", where the documents do not say); and where it is a ``heading``'s, that heading heads
    a release's notes (``qa.changes.release_heading``), not a manual's numbered section: "2.7.1"
    of "2.7.1. Tool-selection Option" is no answer to "When was the --tool option added?"."""
    return not asks_added(question) or (any(c.isdigit() for c in short) and (not heading or release_heading(heading)))


def heading_answers(question: str, short: str, heading: str) -> bool:
    """Whether a heading's answer (``short`` in ``heading``) can answer ``question``: where it asks
    which version (``answers_version``) or when an option or call came (:func:`answers_when`)."""
    return answers_version(question, short) and answers_when(question, short, heading)


def marked_sections(question: str, passages: list[Passage], documents: Callable[[Passage], Document | None]) -> list[_Marked]:
    """In retrieval order, the version markers (:data:`_MARKER`, the first under each heading, before
    the next) under the headings that write the option or call ``question`` names, in or over
    ``passages``."""
    terms = asked_terms(question)
    out: list[_Marked] = []
    seen: set[tuple[int, int]] = set()
    for p in passages:
        document = documents(p)
        if document is None:
            continue
        over = enclosing(document.headings, p.start)[-1:]
        for i, (at, level, title) in enumerate(document.headings):
            if (at, p.row_id) in seen or not ((p.start <= at < p.end) or (at, level, title) in over):
                continue
            seen.add((at, p.row_id))
            if not any(t.search(title) for t in terms):
                continue
            found = _MARKER.search(document.text, *_under(document, i))
            if found is not None:
                group = next(g for g in range(1, 4) if found.group(g))
                out.append(_Marked(p, document, (at, level, title), found.start(), found.end(), found.span(group)))
    return out


def _under(document: Document, i: int) -> tuple[int, int]:
    """The text directly under ``document.headings[i]``, to the next heading (a class's methods
    have their own), or, where the next of its level follows with nothing between (Python's
    "assertIsNone(expr)", then "assertIsNotNone(expr)"), under the last of them."""
    heads, text = document.headings, document.text
    while i + 1 < len(heads) and heads[i + 1][1] == heads[i][1] and not text[heading_end(text, heads[i][0], heads[i][2]):
                                                                             heads[i + 1][0]].strip():
        i += 1
    return heading_end(text, heads[i][0], heads[i][2]), heads[i + 1][0] if i + 1 < len(heads) else len(text)


def added_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                 cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                 retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks when an option or call came (:func:`asks_added`) and the first
    marked section (:func:`marked_sections`) defines it as a manual does (``defining``: its
    heading opens with the option or call; the question's other words name the document, or the
    marked sections lie in one folder), the marker cited, its version the short answer, with
    :data:`ADDED_CONFIDENCE`; else None."""
    assert config.threshold is not None
    if ADDED_CONFIDENCE < config.threshold or not asks_added(question):
        return None
    marked = marked_sections(question, passages, documents)
    if not marked:
        return None
    first = marked[0]
    at, _, title = first.heading
    if not defining(question, first.passage, first.document, heading_end(first.document.text, at, title), marked, when=True):
        return None
    passage = narrowed(first.document, first.passage, first.start, first.end)
    citation = cite(corpus, passage, passage.start, passage.end, ADDED_CONFIDENCE, cache)
    short = passage.span.within(*first.version)
    return Answer(question, f"{citation.text.strip()} [1]", abstained=False, confidence=ADDED_CONFIDENCE,
                  threshold=config.threshold, citations=[citation], short=short,
                  retrieval_query=retrieval_query or question)
