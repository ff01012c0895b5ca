"""Yes-or-no questions asked of what a thing supports or does: "Does rich work on Windows?", "Can
python-dotenv read from named pipes?", "Does orjson support PyPy?". A README answers them with a
statement that writes the question's words ("Rich works with Linux, macOS and Windows.", "Reading
from FIFOs (named pipes) on Unix systems is also supported.", "orjson does not and will not support
PyPy, ..."), often without the thing's name, which its title gives; the reader, trained on SQuAD
(which asks almost nothing as yes or no), scores such a sentence under the threshold or passes
over it (``bench/yes_no.py``). Whichever way it goes, the sentence is the evidence: the first in
retrieval order that writes every content word of the question (:func:`statement`), else the
opening of the section whose heading does (tqdm's "Keras Integration" for "Does tqdm support
Keras?"), cited with :data:`YES_NO_CONFIDENCE`, answers; the reader answers where none does."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from index.documents import Document
from index.lexical import content_words
from index.loaders import MARKDOWN_SUFFIXES, format_suffix
from index.sentences import split_sentences
from qa.added_in import headings_over
from qa.answerer import AnswerConfig, cite
from qa.answers import FENCE, Answer, Passage, prose
from qa.corpus import Corpus
from qa.extract import stem
from qa.section_heads import narrowed
from qa.tasks import opening

YES_NO_CONFIDENCE = 0.8  # measured by bench/yes_no.py: see the README
# a yes-or-no question's first word (not "Is there ...?": what it asks for is a thing, not a statement)
_OPENER = re.compile(r"\s*(?:does|do|did|can|could|will|would|is|are|was|were|has|have)\b(?!\s+there\b)", re.IGNORECASE)
# words a statement need not write: the question's own ("Does ... work with ...?" asks "works", not "with")
_ASKING = frozenset(("does", "do", "did", "can", "could", "will", "would", "is", "are", "was", "were", "has", "have",
                     "also", "still", "currently", "actually", "really", "possible", "able"))
# a question's words a statement may leave out, as it says so otherwise ("Does typer support shell completion?":
# "automatic completion for all shells"; "Does charset-normalizer support Python 3.6?": "Python 3.6: charset-normalizer < 3.1")
_OPTIONAL = frozenset(("support",))  # (the stem of "supports", "supported")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)*\b")  # "3.6", "2" of "HTTP/2" (not of "httpx2")
_LINK_LINE = re.compile(r"\s*(?:[-*+]\s+)?\[[^\]\n]+\]\([^)\n]*\)\s*")  # a table of contents' "- [File format](#file-format)"
_CODE_LINE = re.compile(r"\s*(?:>>>|\$\s|\.\.\.\s|#!|(?:from\s+[\w.]+\s+)?import\s)")  # a session's or a script's line


def asked_words(question: str) -> tuple[list[str], list[str]] | None:
    """Of a yes-or-no question (:data:`_OPENER`), its content words and the numbers it writes, as
    written ("3.6"); None for any other question, or one of fewer than two words."""
    if not _OPENER.match(question):
        return None
    numbers = _NUMBER.findall(question)
    words = [w for w in content_words(_NUMBER.sub(" ", question), _ASKING) if len(w) > 1]
    return (words, numbers) if len(words) + len(numbers) >= 2 else None


# what a word's forms add to what they share ("support" -> "supported", "library" -> "libraries",
# "serialize" -> "serialization", "run" -> "running")
_ENDINGS = frozenset(("", "e", "s", "es", "ed", "d", "ing", "er", "ers", "y", "ies", "ied", "ion", "ions", "ation", "ations",
                      "ly", "al", "ally"))


def _form_of(word: str, other: str) -> bool:
    """Whether ``word`` and ``other`` (of one stem) are forms of one word: what each adds to what
    they share is an ending of :data:`_ENDINGS` (the stemmer makes "excellent" "excel", "PyPy"
    "PyPI"'s "pypi": neither is a form of the other), a consonant doubled before it ("running")."""
    n = len(os.path.commonprefix([word, other]))
    return all(w[n:] in _ENDINGS or (n and w[n] == w[n - 1] and w[n + 1:] in _ENDINGS) for w in (word, other))


def _writes(word: str, written: dict[str, set[str]]) -> bool:
    """Whether a sentence whose words are ``written`` (by stem) writes ``word``: a form of it (:func:`_form_of`)."""
    return any(_form_of(word, w) for w in written.get(stem(word), ()))


def _name_stems(document: Document) -> set[str]:
    """The stems of the words that name what ``document`` is about: its title's, its file name's and
    its folder's ("python", "dotenv" of python_dotenv.md titled "python-dotenv"; "orjson" of orjson/README.md)."""
    path = Path(document.source)
    return {stem(w) for w in content_words(f"{document.title} {path.stem} {path.parent.name}".replace("_", " "))}


def statement(words: Sequence[str], numbers: Iterable[str], names: set[str], text: str, least: int = 2) -> bool:
    """Whether the sentence ``text`` states what was asked: it writes every word of ``words``
    (:func:`_writes`) but those of ``names`` (stems of the document's name: "It supports ...", or
    no subject at all) and "support" (:data:`_OPTIONAL`), at least ``least`` of them, and every
    number as written ("3.6", not in "13.6" nor "3.16")."""
    written: dict[str, set[str]] = {}
    for w in content_words(text):
        written.setdefault(stem(w), set()).add(w)
    missing = [w for w in words if not _writes(w, written)]
    if any(stem(w) not in names | _OPTIONAL for w in missing) or len(words) - len(missing) < least:
        return False
    return all(re.search(rf"(?<![\w.]){re.escape(n)}(?!\w|\.\d)", text) for n in numbers)


_LITERAL = re.compile(r"(?P<indent>[ \t]*)(?:\.\. (?:code|code-block|sourcecode)::.*|(?!\.\. )\S.*::)[ \t]*$")  # reST's code


def _code_blocks(document: Document) -> list[tuple[int, int]]:
    """The ranges of ``document``'s code blocks: a Markdown file's fenced blocks, a reStructuredText
    file's code directives (".. code:: python") and literal blocks (after a paragraph ending with
    "::"), each to the last line indented under it; none in other formats (a reStructuredText
    title's underline of "~~~" opens nothing)."""
    out: list[tuple[int, int]] = []
    suffix = format_suffix(document.source)
    opened: int | None = None
    indent: int | None = None  # the marker's, while its reStructuredText block is open
    for line in re.finditer(r"[^\n]*", document.text):
        text = line.group(0)
        if suffix in MARKDOWN_SUFFIXES and FENCE.match(text):
            if opened is None:
                opened = line.start()
            else:
                out.append((opened, line.end()))
                opened = None
        elif suffix == ".rst" and indent is not None and text.strip() and len(text) - len(text.lstrip()) <= indent:
            out.append((opened, line.start()))  # type: ignore[arg-type]
            opened, indent = None, None
        if suffix == ".rst" and indent is None and (marker := _LITERAL.fullmatch(text)):
            opened, indent = line.start(), len(marker["indent"])
    if indent is not None:
        out.append((opened, len(document.text)))  # type: ignore[arg-type]
    return out


def _prose(document: Document, start: int, end: int, code: list[tuple[int, int]]) -> bool:
    """Whether the sentence at ``[start, end)`` is prose a statement can be: not a heading (a FAQ's
    "Will it support NDJSON or JSONL?" asks, it does not answer), a question, a table of contents'
    links, code (in a code block, :func:`_code_blocks`; opening with a session's prompt: ">>> # Tuples
    are immutable:" and the traceback after it)."""
    sentence = document.text[start:end]
    if sentence.rstrip().endswith("?") or any(start <= at < end for at, _, _ in document.headings):
        return False
    if any(a <= start < b for a, b in code):
        return False
    lines = [line for line in sentence.split("\n") if line.strip()]
    return not _CODE_LINE.match(lines[0]) and not all(_LINK_LINE.fullmatch(line) for line in lines)


def yes_no_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                  cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                  retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks yes or no (:func:`asked_words`), the first sentence in retrieval order
    that states it (:func:`statement`, :func:`_prose`), else the opening of the first section in or
    over ``passages`` whose heading does, one word of it enough (``qa.tasks.opening``: regex's
    "Atomic grouping", tqdm's "Keras Integration"; not a FAQ's question), cited with
    :data:`YES_NO_CONFIDENCE`; else None."""
    assert config.threshold is not None
    asked = asked_words(question)
    if asked is None or YES_NO_CONFIDENCE < config.threshold:
        return None
    words, numbers = asked
    code: dict[str, list[tuple[int, int]]] = {}  # each document's code blocks, read where one of its sentences states it
    for p in passages:
        document = documents(p)
        if document is None:
            continue
        names = _name_stems(document)
        for a, b in split_sentences(document.text, p.start, p.end):
            if not statement(words, numbers, names, document.text[a:b]):
                continue
            if document.doc_id not in code:
                code[document.doc_id] = _code_blocks(document)
            if _prose(document, a, b, code[document.doc_id]):
                return _cited(corpus, question, p, a, b, config, cache, retrieval_query)
    for p, document, i in headings_over(passages, documents):
        title = document.headings[i][2]
        if not title.rstrip().endswith("?") and statement(words, numbers, _name_stems(document), title, least=1) and (
                span := opening(document, i)) is not None:
            passage = narrowed(document, p, *span)
            return _cited(corpus, question, passage, passage.start, passage.end, config, cache, retrieval_query)
    return None


def _cited(corpus: Corpus, question: str, passage: Passage, start: int, end: int, config: AnswerConfig,
           cache: dict[int, Document], retrieval_query: str) -> Answer:
    assert config.threshold is not None
    citation = cite(corpus, passage, start, end, YES_NO_CONFIDENCE, cache)
    return Answer(question, f"{prose(citation.text).strip()} [1]", abstained=False, confidence=YES_NO_CONFIDENCE,
                  threshold=config.threshold, citations=[citation], retrieval_query=retrieval_query or question)
