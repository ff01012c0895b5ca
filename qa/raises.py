"""What a call raises: "What exception does list.index() raise?", "Which errors can json.loads()
raise?", "When does tarfile.open() raise CompressionError?", "Which exception does list.index()
raise when the item is missing?". A manual says so in the call's section ("Raises a ValueError if
there is no such item.", "If the data being deserialized is not a valid JSON document, a
JSONDecodeError will be raised.", Node.js's "Throws `ERR_INVALID_ARG_TYPE` if ..."), which the
reader, trained on SQuAD, mostly scores under the threshold (``bench/raises.py``: 26 of 47 such
questions refused, 6 answered with another sentence). The sentences of the section that say an
exception is raised answer (those of version lines after the others; the one naming the
exception asked, or sharing the question's other words, first); the reader's sentence answers
only where it says one is raised."""

from __future__ import annotations

import re
from collections.abc import Callable

from index.documents import Document
from index.lexical import content_words
from qa.added_in import under
from qa.answerer import AnswerConfig, cite
from qa.answers import Answer, Passage
from qa.asked_terms import CALL, asked_part, asks_default, asks_when
from qa.corpus import Corpus
from qa.defaults import defining_headings
from qa.parts import pieces, versioned
from qa.section_heads import narrowed

RAISE_CONFIDENCE = 0.9  # measured by bench/raises.py: see the README
RAISED_AT_MOST = 3  # sentences cited, where the section has more
RAISING = re.compile(r"\b(?:rais(?:e|es|ed|ing)|throws?|thrown|throwing)\b", re.IGNORECASE)
EXCEPTION = re.compile(r"\b(?:[A-Z]\w*(?:Error|Exception|Warning|Exit|Interrupt)|StopIteration|StopAsyncIteration"
                       r"|ERR_[A-Z0-9_]+)\b")
# what a question of what a call raises writes besides the call and the condition
_ASKING = re.compile(r"\b(?:rais(?:e|es|ed)|throws?|thrown)\b|\b(?:which|what)\s+(?:\w+\s+)?(?:exceptions?|errors?)\b",
                     re.IGNORECASE)
_NOT_CONDITION = frozenset(("raise", "raises", "raised", "throw", "throws", "thrown", "exception", "exceptions", "error",
                            "errors", "kind", "kinds", "type", "types", "happen", "happens", "occur", "occurs"))


def asks_raised(question: str) -> bool:
    """Whether ``question`` asks what the call it names raises (:data:`_ASKING`), not of a part of
    it, when it came, nor its default."""
    return bool(CALL.search(question)) and bool(_ASKING.search(question)) and not asked_part(question) \
        and not asks_when(question) and not asks_default(question)


def says_raised(text: str) -> bool:
    """Whether ``text`` says an exception is raised: a word of raising and an exception's name
    (not Python's "Raises an auditing event ...", nor an example: ">>> raise NameError('HiThere')")."""
    return bool(RAISING.search(text)) and bool(EXCEPTION.search(text)) and "auditing event" not in text \
        and not text.lstrip().startswith(("```", ">>>"))


def raised_sentences(document: Document, i: int, question: str) -> list[tuple[int, int]]:
    """The sentences under ``document.headings[i]`` (a call's) that say an exception is raised
    (:func:`says_raised`; not an aside in brackets: hasattr()'s "(This is implemented by calling
    getattr(object, name) and seeing whether it raises an AttributeError or not.)"), best first:
    those naming the exception ``question`` names (only those, where it names one), then by the
    share of the question's other words they write (where it writes some, at least half), version
    lines after the others; document offsets."""
    text = document.text
    asked = set(EXCEPTION.findall(question))
    called = {w for call in CALL.findall(question) for w in content_words(call)}
    condition = set(content_words(EXCEPTION.sub(" ", question))) - called - _NOT_CONDITION
    found = []
    for a, b in pieces(text, *under(document, i), versions=True):
        sentence = text[a:b]
        if not says_raised(sentence) or sentence.startswith("(") or asked and not asked & set(EXCEPTION.findall(sentence)):
            continue
        shared = len(condition & set(content_words(sentence))) / len(condition) if condition else 1.0
        if shared >= 0.5:
            found.append((versioned(text, a), -shared, a, b))
    return [(a, b) for *_, a, b in sorted(found)]


def raise_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                 cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                 retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks what a call raises (:func:`asks_raised`), the sentences that say so
    (:func:`raised_sentences`, at most :data:`RAISED_AT_MOST` and ``config.max_citations``) under
    the first heading in retrieval order that defines the call (``qa.defaults.defining_headings``)
    and has one, each cited, the first's exception the short answer, with
    :data:`RAISE_CONFIDENCE`; else None."""
    assert config.threshold is not None
    if RAISE_CONFIDENCE < config.threshold or not asks_raised(question):
        return None
    for p, document, i in defining_headings(question, passages, documents):
        found = raised_sentences(document, i, question)[:min(RAISED_AT_MOST, config.max_citations)]
        if not found:
            continue
        shown = [narrowed(document, p, a, b) for a, b in found]
        citations = [cite(corpus, s, s.start, s.end, RAISE_CONFIDENCE, cache) for s in shown]
        text = " ".join(f"{c.text.strip()} [{n}]" for n, c in enumerate(citations, 1))
        named = EXCEPTION.search(document.text, *found[0])
        assert named is not None
        return Answer(question, text, abstained=False, confidence=RAISE_CONFIDENCE, threshold=config.threshold,
                      citations=citations, short=shown[0].span.within(*named.span()), retrieval_query=retrieval_query or question)
    return None


def answers_raised(question: str, text: str) -> bool:
    """Whether a sentence of the reader's (``text``) can answer ``question``: where it asks what a
    call raises (:func:`asks_raised`), it says an exception is raised."""
    return not asks_raised(question) or says_raised(text)
