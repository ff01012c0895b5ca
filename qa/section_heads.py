"""The headings a passage lies under, for the reader. Release notes and changelogs write a
version or date once, in the heading of a section ("* Noteworthy changes in release 1.12
(2022-04-07)"), and the items under it never again: "In which release was gzip -l fixed for
files of 4 GiB?" is answered by that heading, read as a passage of its own together with the
item that names the fix (:meth:`qa.model_answerer.ModelAnswerer.from_section`). And a passage's
headings that name what the question asks and the passage does not are read before it
(:func:`section_context`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.documents import Document
from index.lexical import content_words
from index.sections import enclosing
from index.sentences import split_sentences
from qa.answerer import heading_end
from qa.answers import Passage
from qa.asked_terms import (
    OPTION,
    another_program,
    asked_calls,
    asked_options,
    asked_part,
    asked_terms,
    asks_default,
    asks_when,
    names,
    program_words,
)
from qa.blocks import blocks
from qa.declarations import declaration, signature_call
from qa.extract import stem
from qa.mismatch import numbers, unmentioned

# words that ask for the version itself: no passage needs to write them ("Which release of
# coreutils ...?" is answered by "* Noteworthy changes in release 5.3.0", or by "sed (4.9-1)")
VERSION_WORDS = frozenset(("version", "versions", "release", "releases", "released"))
# words that say what kind of change a question asks about, which release notes write in their own
# ways ("In which release was gzip -l fixed ...?": "'gzip -l' no longer misreports ...")
CHANGE_WORDS = frozenset(("add", "added", "introduce", "introduced", "fix", "fixed", "change", "changed", "remove",
                          "removed", "deprecate", "deprecated", "drop", "dropped", "first", "appear", "appeared"))


_ASKS_VERSION = re.compile(r"\b(?:which|what)\s+(?:(?!(?:do|does|did|is|was|are|were|will|can|could|would|should|has|have|had)\b)"
                           r"[\w-]+\s+)?(?:version|release)s?\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b")


def asks_version(question: str) -> bool:
    """The question asks which version or release ("Which sed release fixed ...?", "In which
    release did ...?"; not "When was gzip 1.12 released?")."""
    return bool(_ASKS_VERSION.search(question))


def answers_version(question: str, short: str) -> bool:
    """Whether ``short`` can answer ``question`` where it asks which version: it writes a number
    that is not an ISO date (a GNU ChangeLog entry's "2019-09-05" names no release)."""
    return not asks_version(question) or any(c.isdigit() for c in _ISO_DATE.sub("", short))


ITEM_REACH = 600  # the most characters of an item's paragraph read on either side of its sentence


def item_paragraph(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The paragraph (between blank lines, its surrounding spaces left out) holding ``text[start:end]``,
    within ``[lo, hi)`` and at most :data:`ITEM_REACH` characters either side: a NEWS item is a
    paragraph, and the reader's sentence may be its second ("Previously it stopped counting at
    the first long record." after "'frob --count' no longer miscounts records longer than 64 KiB.")."""
    hi = len(text) if hi is None else hi
    lo, hi = max(lo, start - ITEM_REACH), min(hi, end + ITEM_REACH)
    before, after = text.rfind("\n\n", lo, start), text.find("\n\n", end, hi)
    a, b = (lo if before == -1 else before + 2), (hi if after == -1 else after)
    while a < start and text[a].isspace():
        a += 1
    while b > end and text[b - 1].isspace():
        b -= 1
    return a, b


SECTIONS_READ = 12  # the most numbered sections read for one question


def numbered_sections(document: Document, passage: Passage) -> list[tuple[int, int, int, int]]:
    """The sections of ``document`` headed by a heading that writes a number ("* Noteworthy changes
    in release 1.12 (2022-04-07)", "sed (4.9-1) unstable") whose text ``passage`` holds some of:
    ``(heading start, heading end, start, end)`` in document offsets, the last two the part of
    the section's text that lies in the passage (a section ends at the next heading of its level
    or above). A small NEWS file is one passage of several releases; a long release is several."""
    out = []
    for i, (at, _, title) in enumerate(document.headings):
        if at >= passage.end:
            break
        if not title or not numbers(title):
            continue
        end = section_end(document, i)
        if end <= passage.start:
            continue
        head_end = heading_end(document.text, at, title)
        start, stop = max(head_end, passage.start), min(end, passage.end)
        if document.text[start:stop].strip():
            out.append((at, head_end, start, stop))
    return out


def section_end(document: Document, i: int) -> int:
    """Where the section headed by ``document.headings[i]`` ends: at the next heading of its level
    or above, or the document's end."""
    marks = document.headings
    level = marks[i][1]
    j = i + 1
    while j < len(marks) and marks[j][1] > level:
        j += 1
    return marks[j][0] if j < len(marks) else len(document.text)


def narrowed(document: Document, passage: Passage, start: int, end: int) -> Passage:
    """``passage`` (its scores and chunk) narrowed or moved to ``[start, end)`` of its document (a
    heading, or the part of a section it holds), so that what is cited there is the exact
    characters of the document; without the spaces and tabs it starts with (less's NEWS indents
    its release lines: "\tMajor changes between ...")."""
    while start < end and document.text[start] in " \t":
        start += 1
    span = replace(passage.span, start=start, end=end, text=document.text[start:end])
    return replace(passage, span=span)


Key = tuple[int, int, int]  # a passage's row and chunk, and an offset in its document


def where(passage: Passage) -> tuple[int, int, int, int]:
    """``passage``'s row, chunk, start and end: the same for a section's part that is the whole passage."""
    return passage.row_id, passage.chunk_id, passage.start, passage.end


def section_parts(passages: list[Passage], documents: Callable[[Passage], Document | None]) -> dict[Key, tuple[Passage, Passage]]:
    """The headings and parts of :func:`numbered_sections` the passages hold, as passages of their
    own (:func:`narrowed`), by passage and part, the first :data:`SECTIONS_READ` (``documents``
    gives each passage's document, None where it is gone)."""
    out: dict[Key, tuple[Passage, Passage]] = {}
    for p in passages:
        document = documents(p)
        if document is None:
            continue
        for at, head_end, start, end in numbered_sections(document, p):
            if len(out) < SECTIONS_READ:  # (by the part's start as narrowed: without its leading spaces)
                part = narrowed(document, p, start, end)
                out[p.row_id, p.chunk_id, part.start] = (narrowed(document, p, at, head_end), part)
    return out


def supported(question: str, passage: Passage, text: str, *, spare: int = 4) -> bool:
    """Whether ``text`` (a heading and the item under it, or a passage), its document's title and
    file name write the question's words (:func:`~qa.mismatch.unmentioned`), all but one in
    ``spare`` (a question of four words or more may say "stop" where the item says "no longer";
    0: every word); words asking for a version or release or naming a kind of change need not be
    written. The item must name what the question asks about: "bash" for "When was bash 6.0
    released?" over coreutils' NEWS, which heads a "release 6.0" of its own."""
    asked = [w for w in content_words(question)  # (not the "s" of "What's")
             if w.isalpha() and len(w) > 1 and w not in VERSION_WORDS | CHANGE_WORDS]
    written = f"{passage.source} {passage.title} {text}"
    missing = [w for w in unmentioned(question, written) if w in asked]
    if missing:  # "warning" is met by "warns" too (their stems)
        stems = {stem(w) for w in re.findall(r"[^\W\d_]+", written)}
        missing = [w for w in missing if stem(w) not in stems]
    return len(missing) <= (len(asked) // spare if spare else 0)


def section_context(document: Document, passage: Passage, question: str = "") -> str:
    """The titles of the headings ``passage`` lies under that it does not hold itself, one per
    line with a blank line after, when they name something the question asks about that the
    passage does not ("" otherwise): read before the passage, never cited. A chunk of release
    notes says "git shortlog learned ..." while the version a question asks about is only in the
    document's title ("Git v2.39 Release Notes"); without it the reader, trained to refuse when
    the passage lacks a number the question names, refuses. Titles that add nothing the question
    needs are left out: on the Python documentation pages they moved the reader to other
    sentences more often than to better ones."""
    titles = [title for at, _, title in enclosing(document.headings, passage.start) if at < passage.start]
    if not titles:
        return ""
    context = "\n".join(titles) + "\n\n"
    lacking = set(content_words(question)) - set(content_words(passage.text))
    return context if lacking & set(content_words(context)) else ""


TERM_REACH = 1500  # the most characters of a term's section read
_MARKS = "`'\"*[( "  # what a heading may write before the option it opens with


def term_sections(question: str, passages: list[Passage], documents: Callable[[Passage], Document | None]) -> list[Passage]:
    """The sections, as passages of their own (:func:`narrowed`, at most :data:`TERM_REACH`
    characters), of the headings inside ``passages`` (from a passage's start) that write an option
    or call the question names (:func:`asked_terms`): a manual's options list one under another
    ("-f --force", "-k --keep"), and a chunk holds several; read whole, the reader's best span in
    it answered for another option ("What does the -k option of bzip2 do?" cited -f's "Also forces
    bzip2 to break hard links"). Read alone, the section under "-k --keep" answers."""
    terms = asked_terms(question)
    if not terms:
        return []
    out: list[Passage] = []
    for p in passages:
        document = documents(p)
        if document is None:
            continue
        for i, (at, _, title) in enumerate(document.headings):
            if at >= p.end:
                break
            # (a GNU manual's "Function: void f (...)" as "f(...)")
            if at >= p.start and any(t.search(title) or t.match(signature_call(title)) for t in terms):
                j = i  # (through the headings of the same option written apart: "-p", then "--portability")
                heads = document.headings
                while j + 1 < len(heads) and heads[j + 1][1] <= heads[j][1] and _one_option(document, j):
                    j += 1
                end = min(section_end(document, j), at + TERM_REACH)
                if document.text[heading_end(document.text, at, title):end].strip():  # (not a heading alone)
                    out.append(narrowed(document, p, at, end))
    return out


def about_another_term(terms: list[re.Pattern[str]], document: Document | None, start: int, text: str) -> bool:
    """Whether a candidate sentence (``text`` at ``start`` of ``document``) lies in the section of
    a heading made of options ("-d --decompress") that writes none of ``terms`` (those the question
    names, :func:`asked_terms`), and writes none itself: it answers for another option ("What does
    the -z flag do?" is not answered by -d's "This flag overrides that mechanism, and forces bzip2
    to decompress")."""
    if not terms or document is None or any(t.search(text) for t in terms):
        return False
    held = enclosing(document.headings, start)
    title = held[-1][2] if held else ""
    return title.startswith("-") and bool(OPTION.match(title)) and not any(t.search(title) for t in terms)


DEFINED_CONFIDENCE = 0.9  # the confidence of a definition's answer (:func:`defining`): see its docstring


def defining(question: str, passage: Passage, document: Document | None, start: int, others: Sequence[Any], *,
             when: bool = False) -> bool:
    """Whether a candidate (at ``start`` of ``passage``'s ``document``) answers ``question`` as
    a manual defines the option or call it names: the heading it lies directly under (or one of
    its level just before it with nothing between: "-f format", then "--format=format") opens with
    options and writes one ("-k --keep" for --keep, "--trace-barrier=<yes|no> [default: no]"), or
    opens with the call ("hex(x)" for hex()), and the question's other words name the document's
    path or title ("bzip2" of "What does the -k option of bzip2 do?"), or, where it names no
    program, ``others`` (the candidates that may answer, each with its ``passage``) lie in the
    document's folder: one program defines it, not bzip2's -v beside time's. Such an answer is
    given with :data:`DEFINED_CONFIDENCE` where the reader is less sure: the reader, trained on
    SQuAD, reads "Trace all barrier activity." at 0.16 for "What does the --trace-barrier option
    do?". Of the 65 answers so given (here or by :func:`one_per_program`) to the 70 questions of
    ``bench/options.py`` over other documents than it reports on (Node.js's command line options,
    Python's library pages, git subtree, nettle), 63 said what the option does in their first
    citation (judged one by one, session 47; the two others open with a sentence of context, the
    section's first: :func:`opening_sentence`)."""
    held = enclosing(document.headings, start) if document is not None else []
    if asks_when(question) is not when or (asked_part(question) and not when) or asks_default(question):
        return False  # ("Since which version is -X available?" asks not what it does, nor "What does the key argument
    # of sorted() do?" what sorted() does, nor "What is the default of -k?";
    # ``when``: it is asked when it came, of the version a section writes: :mod:`qa.added_in`)
    if document is None or not held or start < heading_end(document.text, *held[-1][::2]) \
            or commented(document.text, start):
        return False  # (the heading itself; a Markdown comment: "<!-- Anchor to make sure old links find a target -->")
    group = [signature_call(title.lstrip(_MARKS)) for title in _titled(document, start)[0]]  # (from a C function's name)
    if not any(OPTION.match(title) and any(t.search(title) for t in asked_options(question))
               or any(t.match(title) for t in asked_calls(question)) for title in group):
        return False
    words = program_words(question)
    if words:
        return names(words, f"{passage.source} {passage.title}")
    return all(Path(o.passage.source).parent == Path(passage.source).parent for o in others)


def for_another_program(question: str, candidate: Any) -> list[str]:
    """The words by which ``question`` names a program (:func:`qa.asked_terms.named_programs`) that
    neither ``candidate``'s document (path, title) names nor its sentence writes with the option or
    call asked (:func:`qa.asked_terms.another_program`): the candidate is another program's answer."""
    return another_program(question, f"{candidate.passage.source} {candidate.passage.title}", candidate.text)


def commented(text: str, at: int) -> bool:
    """Whether ``text[at]`` lies inside a Markdown (HTML) comment: Node.js writes each option's
    history in one ("<!-- YAML added: v22.0.0 ... -->"), under its heading, before what it does."""
    return text.rfind("<!--", 0, at + 1) > text.rfind("-->", 0, at + 1)


def past_comment(question: str, found: Sequence[Any], documents: Callable[[Any], Document | None]) -> tuple[int, int] | None:
    """Where the best of ``found`` (candidates, each with its ``passage`` and ``start``, best first)
    lies inside a Markdown comment (:func:`commented`), the opening sentence of its section
    (:func:`opening_sentence`, document offsets) where one answers there as a manual defines the
    option or call ``question`` names (:func:`defining`); else None. The reader read only the
    history in "<!-- YAML ... -->" under Node.js's "--experimental-require-module" ("This is now
    true by default."), not "Supports loading a synchronous ES module graph in `require()`." after
    it. A question that asks something else of it ("When was --env-file added?") reads the history
    as before."""
    document = documents(found[0]) if found else None
    if document is None or not commented(document.text, found[0].start):
        return None
    opening = opening_sentence(document, found[0].start)
    return opening if opening and defining(question, found[0].passage, document, opening[0], found) else None


def opening_sentence(document: Document, start: int) -> tuple[int, int] | None:
    """The first sentence of prose under the heading that ``start`` lies directly under, in
    document offsets (not a Markdown comment, quote, table or code fence, nor a term line of
    AsciiDoc, "--prefix=<prefix>::", nor a C declaration: expat's "void XMLCALL XML_ParserFree(XML_Parser
    p);" under "XML_ParserFree", nor Python's C API annotations, "Return value: New reference."); None where
    there is none. A manual defines an option there
    ("Only run test methods and classes that match the pattern or substring.", where the reader
    had picked unittest's "This option may be used multiple times, ...")."""
    if (section := _said(document, start)) is None:
        return None
    text, (begin, end, kept) = document.text, section
    for a, b in split_sentences(text, begin, end):
        if not (commented(text, a) or text.startswith((">", "```", "|"), a) or not any(x <= a < y for x, y in kept)
                or text[a:b].endswith("::") or len(text[a:b].split()) < 2):
            return a, b
    return None


def in_declaration(document: Document, start: int) -> bool:
    """Whether ``start`` lies in a C declaration (:func:`~qa.declarations.declaration`) of its section,
    or in a C function's annotations ("Return value: New reference."), which :func:`~qa.blocks.blocks` leaves out."""
    section = _said(document, start)
    return section is not None and start >= section[0] and not any(a <= start < b for a, b in section[2])


def _said(document: Document, start: int) -> tuple[int, int, list[tuple[int, int]]] | None:
    """Where the text under the heading ``start`` lies directly under begins and ends, and its
    blocks (:func:`~qa.blocks.blocks`) that are no C declaration; None where no heading holds it."""
    held = enclosing(document.headings, start)
    if not held:
        return None
    text, i = document.text, document.headings.index(held[-1])
    end = document.headings[i + 1][0] if i + 1 < len(document.headings) else len(text)
    begin = heading_end(text, held[-1][0], held[-1][2])
    return begin, end, [b for b in blocks(text, begin, end) if not declaration(text, *b)]


def one_per_program(question: str, found: Sequence[Any], documents: Callable[[Any], Document | None]) -> list[Any]:
    """Where the manuals of several folders define the option or call ``question`` names, asked
    with no program ("What does the -f option do?" over bzip2's "-f --force" and time's "-f
    format"): the first of ``found`` (candidates in order, each with its ``passage`` and ``start``;
    ``documents`` gives a candidate's document) that :func:`defining` finds in each folder, else
    none (one folder: :func:`defining` answers; none: nothing does)."""
    best: dict[Path, Any] = {}
    for c in found:
        folder = Path(c.passage.source).parent
        if folder not in best and defining(question, c.passage, documents(c), c.start, [c]):
            best[folder] = c
    return list(best.values()) if len(best) > 1 else []


def names_apart(first: str, second: str) -> bool:
    """Whether two headings with nothing between them name one option twice, its short name and
    its long ("-p", then "--portability"; "-f format", then "--format=format"), not two options
    a manual lists without a word ("--perf-prof", then "--perf-prof-unwinding-info")."""
    a, b = OPTION.match(first.lstrip(_MARKS)), OPTION.match(second.lstrip(_MARKS))
    return a is not None and b is not None and a.group().startswith("--") != b.group().startswith("--")


def _one_option(document: Document, i: int) -> bool:
    """Whether ``document``'s headings ``i`` and ``i + 1`` name one option (:func:`names_apart`) with nothing between them."""
    heads = document.headings
    return names_apart(heads[i][2], heads[i + 1][2]) and not document.text[
        heading_end(document.text, *heads[i][::2]):heads[i + 1][0]].strip()


def _titled(document: Document, start: int) -> tuple[list[str], list[str]]:
    """The titles of the heading ``start`` lies directly under in ``document`` and of those of its
    level written just before it with nothing between (one option's two names: "-p", then
    "--portability", whose text lies under the second); and the titles of the headings above."""
    held = enclosing(document.headings, start)
    if not held:
        return [], []
    i = document.headings.index(held[-1])
    group = [held[-1][2]]
    while i > 0 and document.headings[i - 1][1] == held[-1][1] and _one_option(document, i - 1):
        i -= 1
        group.append(document.headings[i][2])
    return group, [title for _, _, title in held[:-1]]


def term_answers(question: str, found: Sequence[tuple[Document | None, int, str]]) -> list[bool]:
    """Which candidates (each its document, its start there and its text) may answer ``question``,
    which names options or calls (:func:`asked_terms`): where some lie in the section of a heading
    that writes one ("-k --keep" for "-k"), those only, and sentences that write a call it names
    ("The str() function is meant to return ..." of the tutorial, beside "str(object)"'s section);
    the documents define it there: xsltproc's changelog line "added --novalid and --noout as well
    as options" does not say what --novalid does. Else all but those :func:`about_another_term` finds."""
    terms, calls = asked_terms(question), asked_calls(question)
    defined = [document is not None and any(t.search(title) or t.match(signature_call(title.lstrip(_MARKS)))  # ("f (...)")
                                            for titles in _titled(document, start) for title in titles for t in terms)
               for document, start, _ in found]
    if any(defined):
        return [d or any(c.search(text) for c in calls) for d, (_, _, text) in zip(defined, found, strict=True)]
    return [not about_another_term(terms, document, start, text) for document, start, text in found]
