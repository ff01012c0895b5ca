"""What a document named for a thing says first: "What does threadpoolctl do?" over the README
of ``threadpoolctl/`` (titled "Thread-pool Controls") is answered by its opening sentence,
"Python helpers to limit the number of threads used in the threadpool-backed of common native
libraries ...", which names no thing and defines none (:mod:`qa.definitions`); the reader, trained
on SQuAD, cited a sentence about FlexiBLAS, and for "What is Playwright for Python?" a code block.
:func:`qa.list_items.item_answer` answers with it before what other documents say the thing is."""

from __future__ import annotations

import re
from collections.abc import Callable

from index.doc_names import HTML_COMMENT, name_key, named_for
from index.documents import Document
from index.sentences import split_sentences
from qa.answers import Passage
from qa.blocks import blocks
from qa.definitions import SENTENCE_CHARS, name_pattern

PROSE_START = re.compile(r"(?:\*\*|__|[`*_\"'])?[^\W\d_]")  # prose opens with a word ("**scikit-learn**"; not "```", "[![")
# a link's text opening a paragraph: "[Open Neural Network Exchange (ONNX)](...)"; not a badge's "[![Ruff](...)](...)"
_LINK_TEXT = re.compile(r"\[(?!!)([^\]\n]+)\]\(")
_ADDRESS = re.compile(r"\]\([^()\s]*\)")  # a Markdown link's address: "](https://onnx.ai)"
_IS = re.compile(r"\s(?:is|are)\s")
_TARGET = r"(?:\([^()\s]*\)|\[[^\]\n]*\])"  # where a link or an image goes: "(https://...)", "[travis-ci-url]"
# a line of badges over a paragraph's first line: "[![npm version](https://img.shields.io/...)](https://npm.im/libnpmdiff)"
_BADGES = re.compile(rf"[ \t]*(?:(?:\[!\[[^\]\n]*\]{_TARGET}\]{_TARGET}|!\[[^\]\n]*\]{_TARGET})[ \t]*)+\n")
LEAD_CHARS = 8000  # how far into a document its opening is looked for (a README's logo and badges may come first)
MIN_WORDS = 4  # the fewest words of an opening sentence ("Package for gRPC Python."; not "Docs: https://...")
# an opening that points elsewhere or says how to get the thing, not what it is
_POINTER = re.compile(r"(?i)(?:for\s+(?:more|full|further)\b|see\b|please\b|check\b|visit\b|read\b|docs?\b|"
                      r"documentation\b|(?:to\s+)?install|binary\s+installers\b|licen[cs]ed\b|copyright\b|spdx\b|you\s+can\b)")
# a first heading over the opening that heads a task, not the document ("Installation" of safetensors' README)
_TASK_TITLE = re.compile(r"(?i)\b(?:install|usage|using|quick\s*start|getting\s+started|requirements|building|examples?\b|"
                         r"licen[cs]e|contribut)")
# a second heading over the opening that heads what the document is about (w3lib's "Overview" under its title "w3lib")
_ABOUT_TITLE = re.compile(r"(?i)\W*(?:overview|about\b|introduction|description|what\s+is\b)")
_THIS_IS = re.compile(r"(?:This|It)\s+(?:[\w-]+\s+)?(?:is|are)\s")  # w3lib's "This is a Python library of ..."
LIST_CHARS = 600  # the most characters of a list that an opening ending with ":" introduces and is cited with
_LIST_LINE = re.compile(r"[ \t]*(?:[*+•-]|\d{1,3}[.)])[ \t]+\S|[ \t]+\S")  # a list item's line, or one indented under it


def opening(document: Document, thing: frozenset[str]) -> tuple[int, int] | None:
    """The offsets of the first sentence of ``document``'s first paragraph of prose (opening with
    a word, or with a link whose text names the thing: ONNX's "[Open Neural Network Exchange
    (ONNX)](https://onnx.ai) is ...", not annotated-types' "[PEP-593](...) added ..."; or the first
    of its sentences that opens with the thing's name and "is" or "are": pyyaml's "PyYAML is a
    YAML parser and emitter for Python.", after "YAML is a data serialization format ..."), where
    that paragraph lies before its headings or under its first (not one heading a task,
    "Installation"), or under its first and then one heading what it is about (w3lib's
    "Overview") where the sentence says what the thing (:func:`says_what`), "this" or "it" is, past
    its logo, badges and HTML comments, and the sentence says what the thing is: it has
    :data:`MIN_WORDS` words or more and it points nowhere else ("For more information checkout the
    official documentation."); one ending with ":" only with "is" or "are" and the short list it
    introduces, cited to the list's end (:func:`_listed`: torch's "PyTorch is a Python package that
    provides two high-level features:" and its two items); else None."""
    text, heads = document.text, document.headings
    stop = min(len(text), LEAD_CHARS)
    comments = [m.span() for m in HTML_COMMENT.finditer(text, 0, stop)]
    defining = re.compile(rf"(?:The\s+)?{name_pattern(thing)}\s+(?:is|are)\s")
    for a, b in blocks(text, 0, stop):
        if any(start <= a < end for start, end in comments) or any(a <= h[0] < b for h in heads):
            continue
        before = [h for h in heads if h[0] < a]
        if len(before) > 2 or (before and _TASK_TITLE.search(before[0][2])) \
                or (len(before) == 2 and not _ABOUT_TITLE.match(before[1][2])):
            return None
        while (badges := _BADGES.match(text, a)) is not None and badges.end() < b:
            a = badges.end()  # (libnpmdiff's "The registry diff lib." under its badges, no blank line between)
        link = _LINK_TEXT.match(text, a)
        if not PROSE_START.match(text, a) and (link is None or not re.search(rf"\b{name_pattern(thing)}\b", link[1])):
            continue  # (prose, or a link naming the thing opening it: "[Open Neural Network Exchange (ONNX)](...) is ...")
        sentences = split_sentences(text, a, min(b, a + SENTENCE_CHARS))
        sentence = next((s for s in sentences if defining.match(text, s[0])), sentences[0] if sentences else None)
        if sentence is None or len(text[sentence[0]:sentence[1]].split()) < MIN_WORDS or _POINTER.match(text, a):
            return None
        if len(before) == 2 and not (_THIS_IS.match(text, sentence[0]) or says_what(text, *sentence, thing)):
            return None  # (under "Introduction", Bling Fire's "Hi, we are a team at Microsoft called Bling ...")
        if text[sentence[1] - 1] != ":":
            return sentence[0], sentence[1]
        listed = _listed(text, sentence[1], b, stop) if _IS.search(text[sentence[0]:sentence[1]]) else None
        return None if listed is None else (sentence[0], listed)
    return None


def _listed(text: str, at: int, end: int, stop: int) -> int | None:
    """Where the list that a sentence ending with ":" at ``at`` introduces ends: the rest of its
    block (which ends at ``end``), else the next block (before ``stop``), where every line of it is
    a list item's or indented under one and it has :data:`LIST_CHARS` characters or fewer; else None."""
    if not text[at:end].strip():
        after = blocks(text, end, stop)
        if not after:
            return None
        at, end = after[0]
    lines = [line for line in text[at:end].split("\n") if line.strip()]
    if not lines or end - at > LIST_CHARS or not all(_LIST_LINE.match(line) for line in lines):
        return None
    return end


def says_what(text: str, start: int, end: int, thing: frozenset[str]) -> bool:
    """Whether the sentence ``text[start:end]`` (an :func:`opening`) says what the thing is: its
    words before its first "is" or "are", links' addresses left out, write the thing's name
    ("[Open Neural Network Exchange (ONNX)](https://onnx.ai) is an open ecosystem ..." for ONNX)."""
    said = _ADDRESS.sub("]", text[start:end])
    verb = _IS.search(said)
    return verb is not None and re.search(name_pattern(thing), said[:verb.start() + 1]) is not None


def named_opening(thing: frozenset[str], passages: list[Passage],
                  documents: Callable[[Passage], Document | None]) -> tuple[Passage, Document, int, int] | None:
    """The first of ``passages`` (in retrieval order) of a document named for the thing
    (:func:`index.doc_names.named_for`; ``thing`` its names, :func:`qa.list_items.names`) that has an
    :func:`opening`, not a changelog: the passage, the document and the opening's offsets (where
    the passage need not hold it: retrieval found the document, and pytest's README opens below
    eleven badges that its chunks of the opening's words do not reach); else None."""
    asked = {k for name in thing if (k := name_key(name))}
    for p in passages:
        if not named_for(asked, p.source, p.title) or (document := documents(p)) is None:
            continue
        if (found := opening(document, thing)) is not None:
            return p, document, *found
    return None
