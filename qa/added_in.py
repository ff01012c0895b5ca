"""When an option or a call was added: "When was math.isqrt() added?", "Which version added the
--env-file option?". A manual writes it once, in the section that defines it, in a form of its
own ("New in version 3.7." in Python's documentation, "Added in version 3.13." since;
"<!-- YAML added: v20.6.0 -->" in Node.js's), which the reader, trained on SQuAD, does not take
for an answer (every such question of ``bench/added.py`` was refused or answered wrongly). The
marker in the defining section is the answer, its version the short answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from index.documents import Document
from index.sections import enclosing
from qa.answerer import AnswerConfig, cite, heading_end
from qa.answers import Answer, Passage
from qa.asked_terms import GOT, asked_names, asked_part, asked_terms, asks_of_part
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
# a line that says in which version something of a section came or changed, and what: "Changed in version 3.10:
# Added the strict argument." (a part of a call, :func:`part_marker`)
_PART_LINE = re.compile(r"^[ \t]*(New|Added|Changed) in version (\d+(?:\.\d+)*)[:,][ \t]*(\S[^\n]*)$", re.MULTILINE)
# an entry of Node.js's YAML history, its version (the first, where its backports follow) and what it says: "- version:
# v12.11.0 / pr-url: ... / description: The `oaepLabel` option was added."
_CHANGE = re.compile(r"^[ \t]*-[ \t]*version:[ \t]*(?:v?(\d+(?:\.\d+)*)[ \t]*|\n[ \t]*-[ \t]*v?(\d+(?:\.\d+)*)[ \t]*"
                     r"(?:\n[ \t]*-[ \t]*v?\d+(?:\.\d+)*[ \t]*)*)(?:\n[ \t]+(?!description:)[\w-]+:[^\n]*)*"
                     r"\n[ \t]+description:[ \t]*([^\n]*(?:\n[ \t]+(?![ \t]|[\w-]+:|-)[^\n]*)*)", re.MULTILINE)
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
    return bool(said) and bool(_ASKS_ADDED.search(rest) or GOT.search(rest))


def answers_when(question: str, short: str, heading: str = "", text: str = "") -> bool:
    """Whether ``short`` (an answer's short answer) can answer ``question``: it writes a number (a
    version, a date) where the question asks when an option or call came (:func:`asks_added`),
    not a definition's words ("Sums start and the items of an iterable ..." for "When was sum()
    added?", where the documents do not say); and where it is a ``heading``'s, that heading heads
    a release's notes (``qa.changes.release_heading``), not a manual's numbered section: "2.7.1"
    of "2.7.1. Tool-selection Option" is no answer to "When was the --tool option added?"; and
    where the question asks of a part of a call (``qa.asked_terms.asked_part``), the answer's
    sentence (``text``, or the heading) says that part came (:func:`says_came` of a version line,
    :func:`came` of Node.js's history entry; else it writes the part and "added", "new", "since",
    ...): not Node.js's "The `callback` parameter is no longer optional.", "Changed in version 3.5: The
    optional globals parameter was added." for the number parameter, "New in version 3.1." (the
    call's) for its text argument, nor the signature "repeat(repeat=5, number=1000000)"."""
    if not asks_added(question):
        return True
    part, said = asked_part(question), (text or heading).strip()
    line, entry = _PART_LINE.match(said) or _MARKER.match(said), _CHANGE.search(said)
    return any(c.isdigit() for c in short) and (not heading or release_heading(heading)) and (not part or (
        says_came(line.group(0), part) if line else came(" ".join(entry.group(3).split()), part, False) if entry
        else _came_in(said, part)))


def _came_in(sentence: str, part: str) -> bool:
    """Whether ``sentence`` (not a version line) writes ``part`` and a word of its coming."""
    return bool(re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", sentence)) and bool(
        re.search(r"\b(?:added|introduced|new|since|version|release[sd]?)\b", sentence, re.IGNORECASE))


def heading_answers(question: str, short: str, heading: str) -> bool:
    """Whether a heading's answer (``short`` in ``heading``) can answer ``question``: where it asks
    which version (``answers_version``) or when an option or call came (:func:`answers_when`)."""
    return answers_version(question, short) and answers_when(question, short, heading)


def marked_sections(question: str, passages: list[Passage], documents: Callable[[Passage], Document | None]) -> list[_Marked]:
    """In retrieval order, the version markers (:data:`_MARKER`, the first under each heading, before
    the next; where ``question`` asks of a part of the call, ``qa.asked_terms.asked_part``, the
    first line that says the part came: :func:`part_marker`) under the headings that write the
    option or call ``question`` names, in or over ``passages``."""
    terms, part = asked_terms(question), asked_part(question)
    out: list[_Marked] = []
    if part is None and asks_of_part(question):  # (the call's own "New in version 3.1." is no answer to when its
        return out  # "first" argument came)
    for p, document, i in headings_over(passages, documents):
        if not any(t.search(document.headings[i][2]) for t in terms):
            continue
        found = part_marker(document.text, *under(document, i), part) if part else _whole_marker(document, i)
        if found is not None:
            out.append(_Marked(p, document, document.headings[i], *found))
    return out


def headings_over(passages: list[Passage],
                  documents: Callable[[Passage], Document | None]) -> Iterator[tuple[Passage, Document, int]]:
    """In retrieval order, the headings in or over ``passages`` (the one a passage lies directly
    under), each once: its passage, its document and its index there."""
    seen: set[tuple[int, int]] = set()
    for p in passages:
        document = documents(p)
        if document is None:
            continue
        over = enclosing(document.headings, p.start)[-1:]
        for i, heading in enumerate(document.headings):
            if (heading[0], p.row_id) not in seen and ((p.start <= heading[0] < p.end) or heading in over):
                seen.add((heading[0], p.row_id))
                yield p, document, i


def first_documents(passages: list[Passage], documents: Callable[[Passage], Document | None],
                    count: int) -> Iterator[tuple[Passage, Document]]:
    """The first ``count`` documents of ``passages`` in retrieval order, each with its first passage."""
    firsts: dict[int, Passage] = {}
    for p in passages:
        firsts.setdefault(p.row_id, p)
    for p in list(firsts.values())[:count]:
        if (document := documents(p)) is not None:
            yield p, document


def _whole_marker(document: Document, i: int) -> tuple[int, int, tuple[int, int]] | None:
    """The first :data:`_MARKER` under ``document.headings[i]``: its offsets and its version's."""
    found = _MARKER.search(document.text, *under(document, i))
    return None if found is None else (found.start(), found.end(), found.span(next(g for g in range(1, 4) if found.group(g))))


def part_marker(text: str, start: int, end: int, part: str) -> tuple[int, int, tuple[int, int]] | None:
    """The first version line (:data:`_PART_LINE`) or entry of Node.js's YAML history
    (:data:`_CHANGE`) of ``text[start:end]`` (a call's section) that says ``part`` of the call came
    in its version (:func:`came`): its offsets and its version's (an entry's first), or None."""
    found = [(m.start(), m.end(), m.span(2), m.group(3), m.group(1) != "Changed") for m in _PART_LINE.finditer(text, start, end)]
    found += [(m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end(), m.span(1 if m.group(1) else 2),
               " ".join(m.group(3).split()), False) for m in _CHANGE.finditer(text, start, end)]
    return next(((at, to, version) for at, to, version, said, new in sorted(found) if came(said, part, new)), None)


def says_came(line: str, part: str) -> bool:
    """Whether ``line``, a version line (:data:`_PART_LINE`), says ``part`` came in its version (:func:`came`)."""
    found = _PART_LINE.match(line)
    return found is not None and came(found.group(3), part, found.group(1) != "Changed")


def came(said: str, part: str, new: bool) -> bool:
    """Whether ``said`` (what a version line or a history entry says of its version) says ``part``
    came then: a sentence of it names the part as a part (:data:`_LEAD`, :data:`_TRAIL`: not
    "Added support for filename being a file object", "support for text mode",
    "mode='func_type'"), and where a verb follows it (:data:`_NEAR`: "The optimization parameter
    was added", "The `flush` option is now supported.", not "... and the debug_override parameter
    was deprecated", nor "The start parameter can be specified as a keyword argument.") that verb
    says so; else a word before it does ("Added the encoding, errors and newline arguments",
    "Also added the optimize parameter.", "Accepts an additional `mode` option"); or, where the
    line says what is ``new`` ("New in" or "Added in"), the part opens what it names ("New in
    version 3.4: The default keyword-only argument.", not "New in version 3.8:
    ast.PyCF_ALLOW_TOP_LEVEL_AWAIT can now be passed in flags ...")."""
    name = re.compile(rf"(?<![\w-])[`'\"*]?{re.escape(part)}[`'\"*]?(?![\w-])")
    for sentence in re.split(r"(?<=[.;])\s+", said):
        if (at := name.search(sentence)) is None:
            continue
        before, after = sentence[:at.start()], sentence[at.end():]
        if not (_LEAD.search(before) and _TRAIL.match(after)):
            return False
        if (verb := _NEAR.match(after)) is not None:
            return (verb.group(1) or verb.group(2)).lower() in _CAME
        if re.search(r"\b(?:added|new|introduced|additional|accepts?)\b", before, re.IGNORECASE):
            return True
        return new and not _VERB.search(before) and not re.search(r"\b(?:in|to|with|by)\b", before)
    return False


_BE = r"(?:was|were|is|are|has\s+been|have\s+been|can(?:\s+now)?(?:\s+be)?|may(?:\s+be)?|now)\s+(?:now\s+)?"
_VERB = re.compile(rf"\b{_BE}(\w+)", re.IGNORECASE)
_NEAR = re.compile(rf"[`'\"*]?[\s,]*(?:[\w`'\"*.-]+[\s,]+){{0,6}}?(?:\b{_BE}(\w+)|\b(added|introduced|supported)\b)",
                   re.IGNORECASE)  # (the verb of the part's clause, within a few words of it)
# what stands before and after a part's name where a sentence names it as a part (the part named in a list, an article,
# "optional", "support for" before it; a verb, a list's next, "argument" after it), not one of its values
_LEAD = re.compile(r"(?:^|\b(?:the|a|an|optional|new|added|additional|and|or|for|both|keyword|keyword-only|options?|arguments?"
                   r"|parameters?)\s+|,\s*)[`'\"*]?(?:options\.)?$", re.IGNORECASE)
_TRAIL = re.compile(r"\s*(?:$|[,.;)]|(?:and|or|parameters?|arguments?|keywords?|kwargs?|options?|attributes?|flags?|was|were|is"
                    r"|are|has|have|can|may|now|added|objects?)\b)", re.IGNORECASE)
_CAME = frozenset(("added", "introduced", "new", "supported", "accepted", "available"))


def under(document: Document, i: int) -> tuple[int, int]:
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
