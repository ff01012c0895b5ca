"""Answers to "What changed in sed 4.9?": the changes a version made, listed where release notes
list them. No sentence answers such a question (the reader refuses it, or picks one change of
many): its answer is the section of the notes headed by that version ("* Noteworthy changes in
release 4.9 (2022-11-06) [stable]", "sed (4.9-1) unstable", "Git v2.39 Release Notes"), cited as
its heading and then its items, the exact characters of the file.

Its confidence is not the reader's (nothing is read): :data:`CHANGES_CONFIDENCE`, how often the
section it cites was the right one on ``bench/changes.py``."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from index.documents import Document
from index.lexical import content_words
from index.sections import enclosing
from index.text_formats import headed, packaging_entry, versions
from qa.answerer import AnswerConfig, cite, heading_end
from qa.answers import Answer, Passage, prose
from qa.asked_terms import names
from qa.corpus import Corpus
from qa.section_heads import CHANGE_WORDS, VERSION_WORDS, narrowed, section_end

_ASKS_CHANGES = re.compile(
    r"^\s*(?:what|which)(?:'s|’s|\s+(?:is|are|was|were|has|have))?\s+(?:the\s+)?"
    r"(?:(?:main|major|notable|noteworthy|important|new|user-visible)\s+)?"
    r"(?:new|changed|changes|fixed|fixes|added|features|improvements|bug\s+fixes|"
    r"bugs?(?=\s+(?:were|was|have\s+been|has\s+been)\s+fixed))\b"
    r"(?:\s+(?:were|was|are|is|have\s+been|has\s+been)\s+(?:made|added|introduced|fixed|there))?"
    r"\s+(?:in|with|for|by)\b", re.IGNORECASE)
_UNDERLINE = re.compile(r"[ \t]*\n?[ \t]*([=~^*-])\1{2,}[ \t]*(?=\n|$)")
# the words of such a question that ask for the list, not what it is of: no heading need write them
LIST_WORDS = frozenset(("new", "changes", "changed", "features", "improvements", "fixes", "fixed", "bug", "bugs",
                        "added", "main", "major", "notable", "noteworthy", "important", "user-visible", "made", "introduced"))

CHANGES_REACH = 1500  # the most characters of a section's items cited (cut at a blank line where one is)
# the answer's confidence, below the share of list answers that cited the section of the version asked about
# on bench/changes.py (406 / 406 of every version nine Debian documentation folders' headings write; over 100 of
# all /usr/share/doc's, 254 / 267, the 13 others the same source package's notes in a sibling folder or Python's
# "What's New" for python3; README "Measured quality"): its questions are generated from the headings, easier
# than a user's
CHANGES_CONFIDENCE = 0.9


# a heading that opens with its number and goes on with a word ("1.2 Configuration", "3. Usage"): a numbered
# section of a manual, unless it writes a date or a word of releases ("2.3 Release Notes", "3.11.2 Security fixes");
# a number closed by a dot ("2.7. PERFORMANCE NOTES", "4.3. Reporting bugs") is a section's whatever its words: of
# every heading of this machine's /usr/share/doc, none so written heads a release (Node.js's "1. Jenkins release
# access", Python's "3.1. Versions", valgrind's "4.9.6. Writing new wrappers" ...)
_SECTION_NUMBER = re.compile(r"[\s#*=]*\d+(?:\.\d+)*\.?[ \t]+[^\W\d_]")
_DOTTED_SECTION = re.compile(r"[\s#*=]*\d+(?:\.\d+)*\.[ \t]+[^\W\d_]")
_RELEASE_MARK = re.compile(r"\d{4}-\d\d-\d\d|\b(?:releases?|released|versions?|notes|changes?|changed|changelog|new|"
                           r"fix(?:es|ed)?|bug|stable|beta|alpha|final|lts|rc\d*)\b", re.IGNORECASE)


def release_heading(title: str) -> bool:
    """Whether a heading that writes a version heads a release's notes, not a numbered section of a
    manual: "* Noteworthy changes in release 4.9", "## [1.1.0] - 2019-02-15", "sed (4.9-1)
    unstable" do; "## 1.2 Configuration" and "2.7. PERFORMANCE NOTES" do not ("What changed in 1.2?"
    is not asked of them)."""
    if _DOTTED_SECTION.match(title):
        return False
    return not _SECTION_NUMBER.match(title) or bool(_RELEASE_MARK.search(title))


def under_release(document: Document, at: int) -> bool:
    """Whether ``at`` of ``document`` lies under a heading of a release's notes: one that writes a
    version and :func:`release_heading` ("4.60.0 (released 2025-09-17)", "## [1.1.0] - 2019-02-15")."""
    return any(_VERSIONED.search(title) and release_heading(title) for _, _, title in enclosing(document.headings, at))


_VERSIONED = re.compile(r"\d+\.\d+")
_NUMBER_WORD = re.compile(r"v?\d+")


def naming_words(question: str) -> list[str]:
    """The question's words that name what it asks about: not those of :data:`LIST_WORDS`, asking
    for a version, or leaning on an earlier turn ("about"), nor the "s" of "What's", a number or
    a number's "v" ("--porcelain=v2" is no name: "Git v2.35.1 Release Notes" write "v2" too)."""
    return [w for w in content_words(question) if len(w) > 1 and not _NUMBER_WORD.fullmatch(w)
            and w not in VERSION_WORDS | CHANGE_WORDS | LIST_WORDS | {"about"}]


_JOINED = re.compile(r"(?<=[^\W_]-)[vV]?\d+(?:\.\d+)*(?![\w.])")  # "14" of "libnghttp2-14", "1.0" of "gir1.2-atk-1.0"


def asked_versions(question: str) -> set[str]:
    """The versions a question asks about (:func:`versions`), less the numbers a hyphen joins to a
    word where it writes another: a package's name ("What is new in libnghttp2-14 1.47.0?" asks
    1.47.0; "in grep-3.7?" asks 3.7)."""
    free = _JOINED.sub(" ", question)
    return versions(free) or versions(question)


def asks_changes(question: str) -> bool:
    """The question asks what a version changed ("What changed in sed 4.9?", "What's new in
    Python 3.11?", "What are the noteworthy changes in grep 3.8?", "What was fixed in gzip 1.12?")
    and names it by number."""
    return bool(_ASKS_CHANGES.search(question)) and bool(versions(question))


def items_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of a section's text ``text[start:end]`` (after its heading) cited as its items: its
    first :data:`CHANGES_REACH` characters, cut at the last blank line within them where the
    section is longer, the spaces around and a heading's underline left out."""
    underline = _UNDERLINE.match(text, start, end)  # "=======" under "Git v2.39 Release Notes"
    start = underline.end() if underline else start
    hi = end
    if hi - start > CHANGES_REACH:
        cut = text.rfind("\n\n", start, start + CHANGES_REACH)
        hi = cut if cut > start else start + CHANGES_REACH
    lo = start
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def changes_section(question: str, passages: list[Passage], documents: Callable[[Passage], Document | None],
                    retrieval_query: str = "") -> tuple[Passage, Passage] | None:
    """The heading and items (:func:`items_range`) of the first numbered section, in retrieval
    order (a Debian packaging entry's only where no other is found), that ``passages`` hold part or
    the heading of, or else that their documents hold (the section of "[4.1.1]" in a NEWS file
    retrieved for an item that writes 4.1.1), whose heading heads every version the question
    writes (:func:`versions`, :func:`~index.text_formats.headed`: "2.39" is not "2.39.2", but
    "2.39.0" is), and whose heading, document title or file name write the question's other
    words (:func:`names`: "sed"); as passages of their own (``passage`` moved to each, so that
    what is cited is the exact characters of the file). None where the question does not ask what
    a version changed (:func:`asks_changes`) or no such section is found. A follow-up that names
    a version and little else ("And in 4.8?", its ``retrieval_query`` the earlier turn's
    question with it, ``qa.conversation``) asks it of the earlier turn's program where it names
    none of its own ("What about grep 3.7?" does)."""
    follows = retrieval_query not in ("", question) and asks_changes(retrieval_query)
    if not asks_changes(question) and not (follows and versions(question) and len(naming_words(question)) <= 1):
        return None  # (a follow-up that says more than a version and a name asks something else: "Does it still run on 2.0?")
    asked, words = asked_versions(question), naming_words(question) or naming_words(retrieval_query if follows else "")
    packaging: tuple[Passage, Passage] | None = None
    seen: set[tuple[int, int]] = set()
    scanned: set[int] = set()
    for held in (True, False):  # the sections the passages hold part of, then the rest of their documents'
        for p in passages:
            document = documents(p)
            if document is None or (not held and p.row_id in scanned):
                continue
            if not held:  # (a document once, whichever of its passages)
                scanned.add(p.row_id)
            for i, (at, _, title) in enumerate(document.headings):
                if held and at >= p.end:
                    break
                end = section_end(document, i) if title and asked <= headed(title) and release_heading(title) else -1
                if (held and end <= p.start) or end < 0 or (p.row_id, at) in seen:
                    continue  # (a heading at the passage's very end counts: its items are read from the document)
                seen.add((p.row_id, at))
                head_end = heading_end(document.text, at, title)
                if not names(words, f"{p.source} {p.title} {document.text[at:head_end]}"):
                    continue
                lo, hi = items_range(document.text, head_end, end)
                if hi > lo:
                    head, items = narrowed(document, p, at, head_end), narrowed(document, p, lo, hi)
                    if not packaging_entry(head.text):  # (what the packaging changed: upstream's notes answer better)
                        return head, items
                    packaging = packaging or (head, items)
    return packaging


# "the latest release", "the most recent version of sed": the newest release the notes head, no number given
_LATEST = re.compile(r"\b(?:latest|newest|most\s+recent|last|current)\s+(?:[\w.+-]+\s+){0,2}?(?:release|version)s?\b",
                     re.IGNORECASE)
LATEST_WORDS = frozenset(("latest", "newest", "recent", "most", "last", "current", "stable"))


def asks_latest(question: str) -> bool:
    """The question asks what the newest release changed, naming no number ("What's new in the
    latest grep release?", "What changed in the most recent version of sed?")."""
    return bool(_ASKS_CHANGES.search(question)) and not versions(question) and bool(_LATEST.search(question))


_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def newest_key(title: str) -> tuple[bool, tuple[int, ...]] | None:
    """The version a release heading heads, as versions compare for "the latest release": a dotted
    one ("3.8" of "release 3.8 (2022-09-02)") before any number alone, which counts only beside a
    word of releases ("252" of "CHANGES WITH 252:"; not the "3" of "License: BSD-3-clause"); None
    where it heads none."""
    heads = headed(_DATE.sub(" ", title))
    dotted = [tuple(int(n) for n in v[1:].split(".")) for v in heads if v.startswith("v")]
    if dotted:
        return True, max(dotted)
    bare = [(int(v),) for v in heads if v.isdigit()]
    return (False, max(bare)) if bare and _RELEASE_MARK.search(title) else None


def latest_key(title: str) -> tuple[bool, tuple[int, ...]] | None:
    """:func:`newest_key` of a heading that may answer "the latest release": upstream's release
    notes (:func:`release_heading`), not a Debian packaging entry; None for any other."""
    return newest_key(title) if title and not packaging_entry(title) and release_heading(title) else None


def latest_section(question: str, passages: list[Passage],
                   documents: Callable[[Passage], Document | None]) -> tuple[Passage, Passage] | None:
    """For :func:`asks_latest`, the heading and items of the newest release that the documents of
    ``passages`` head (upstream's, not a Debian packaging entry's), in documents whose title or
    file name write the question's other words (:func:`names`); None where none does."""
    if not asks_latest(question):
        return None
    words = [w for w in naming_words(question) if w not in LATEST_WORDS]
    best: tuple[tuple[bool, tuple[int, ...]], Passage, Document, int] | None = None
    scanned: set[int] = set()
    for p in passages:
        document = documents(p)
        if document is None or p.row_id in scanned or not names(words, f"{p.source} {p.title}"):
            continue
        scanned.add(p.row_id)
        for i, (_, _, title) in enumerate(document.headings):
            if (key := latest_key(title)) and (best is None or key > best[0]):
                best = (key, p, document, i)
    if best is None:
        return None
    _, p, document, i = best
    at, _, title = document.headings[i]
    head_end = heading_end(document.text, at, title)
    lo, hi = items_range(document.text, head_end, section_end(document, i))
    return (narrowed(document, p, at, head_end), narrowed(document, p, lo, hi)) if hi > lo else None


_BULLET = re.compile(r"\s*(?:[*+•-]|\d+[.)])\s")  # a line that starts a list item ("  * New upstream release.")


def listed(text: str) -> str:
    """A section's items as an answer's text shows them: each paragraph, and each list item within
    one, a paragraph of its own, its wrapped lines joined (:func:`~qa.answers.prose`; a NEWS item's
    indent is not code)."""
    items: list[list[str]] = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        for n, line in enumerate(paragraph.split("\n")):
            if n == 0 or _BULLET.match(line):
                items.append([])
            items[-1].append(line)
    return "\n\n".join(shown for item in items if (shown := prose(textwrap.dedent("\n".join(item)))))


def changes_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                   cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                   retrieval_query: str = "") -> Answer | None:
    """The list answer of :func:`changes_section` (``documents`` reads a passage's document into
    ``cache``, None where it is gone): its heading cited, then its items (the two as one citation
    where ``config.max_citations`` is 1), with :data:`CHANGES_CONFIDENCE`; None where no section
    answers or that confidence is below ``config.threshold`` (which the caller has set)."""
    assert config.threshold is not None
    if CHANGES_CONFIDENCE < config.threshold:
        return None
    found = changes_section(question, passages, documents, retrieval_query) or latest_section(question, passages,
                                                                                              documents)
    if found is None:
        return None
    head, items = found
    if config.max_citations == 1:
        whole = narrowed(cache[head.row_id], head, head.start, items.end)
        parts = [(whole, f"{prose(head.text)}\n\n{listed(items.text)}")]
    else:
        parts = [(head, prose(head.text)), (items, listed(items.text))]
    citations = [cite(corpus, p, p.start, p.end, CHANGES_CONFIDENCE, cache) for p, _ in parts]
    text = "\n\n".join(f"{shown} [{i}]" for i, (_, shown) in enumerate(parts, 1))
    return Answer(question, text, abstained=False, confidence=CHANGES_CONFIDENCE, threshold=config.threshold,
                  citations=citations, retrieval_query=retrieval_query or question)
