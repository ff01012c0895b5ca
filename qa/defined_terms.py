"""What a term that a document defines in quotes means, as licences, contracts and specifications
define theirs: '"Legal Entity" shall mean the union of ...' (the Apache License), 'A "Combined
Work" is a work produced by ...' (the LGPL), 'To "convey" a work means any kind of propagation
...' (the GPL), the MPL's '1.7. "Larger Work"' over '    means a work that combines ...'. The
reader, trained on SQuAD, read past them: "What is a Combined Work in the LGPL?" was refused
(0.19) with the defining sentence second of its suggestions, "What is a Larger Work in the
Mozilla Public License?" cited "You may create and distribute a Larger Work under terms of Your
choice, ...". A question asking what the term is or means (:func:`asks_meaning`) is answered by
the first definition of it in retrieval order, in the passages, else in the first retrieved
documents whole (:data:`TERM_DOCUMENTS`: the MPL's definitions are a chunk of their own, which
"Which licenses are Secondary Licenses under the MPL?" does not retrieve)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from index.doc_names import name_key, named_for
from index.documents import Document
from qa.added_in import first_documents
from qa.answerer import AnswerConfig, cite
from qa.answers import Answer, Passage
from qa.corpus import Corpus
from qa.section_heads import narrowed

DEFINED_CONFIDENCE = 0.8  # measured by bench/defined_terms.py: see the README
TERM_DOCUMENTS = 3  # the first retrieved documents read whole for a definition no passage holds
DEFINITION_CHARS = 600  # the most of a definition cited (a longer one is cut at its last whole word)

# a term in quotes, an article or "To" before it, what it is of or for after it ('"Patent Claims"
# of a Contributor', 'The "source code" for a work', 'A "Transparent" copy of the Document', '"You"
# (or "Your")', 'The "Document", below,', 'To "convey" a work'; 'The term "Source Code" means'; not a
# clause between commas: 'A "greenlet", on the other hand, is a still more primitive notion ...'),
# then the verb that defines it; "is" and "are" only before what names a kind ("is a work", "is any
# work", "is either", "is whatever", "are certain": not '"Package" is distributed')
_DEFINING = re.compile(
    r"(?:\b(?P<lead>An?|The(?:\s+term)?|To)\s+)?[\"“](?P<term>[A-Za-z][^\"”\n]{0,59}?)[\"”]"
    r"(?P<qualifier>\s*\((?:or\s+)?[^()\n]{1,40}\)|,\s*(?:below|above|here(?:in)?after|herein),"
    r"|(?:\s+(?P<kind>[a-z]+))?\s+(?:of|for|in)\s+(?:an?|the)\s+[A-Za-z]+(?:\s+[A-Za-z]+){0,4}?"
    r"|\s+(?:an?|the)\s+[A-Za-z]+)?"
    r"\s+(?P<verb>shall\s+mean|means|refers?\s+to|includes?|(?:is|are)(?=\s+(?:an?|the|any|either|whatever|one|all|each|certain)\b))"
    r"(?:,[ \t]*[a-z][^,\n]{0,40},)?\s+(?=\S)")  # (and what it means in a case: '"Title Page" means, for a printed book,')
# a term named after what it is: 'A copy that is not "Transparent" is called "Opaque".', '... is
# called a "work that uses the Library".' (its sentence says what it is before it)
_NAMING = re.compile(r"\s(?:is|are)\s+(?:called|referred\s+to\s+as|known\s+as|termed)\s+(?:an?\s+|the\s+)?"
                     r"[\"“](?P<term>[A-Za-z][^\"”\n]{0,59}?)[\"”]")
_BEFORE = re.compile(r"[.!?:;][\"”')\]]?\s+|\n[ \t]*\.?[ \t]*\n")  # what ends the sentence or paragraph before one
_END = re.compile(r"[.!?](?=[\"”')\]]?(?:\s|$))")
_ARTICLE = r"(?:(?:an?|the)\s+)?"
# what may follow the term in a question: the document or context it is asked of ("in the LGPL")
_CONTEXT = r"(?:\s+(?:in|under|according\s+to|per|for|of|within|as\s+used\s+in|as\s+defined\s+(?:in|by))\b[^?]*)?[\s?.]*"


@dataclass(frozen=True)
class TermDefinition:
    """Where a text defines a term (offsets into it)."""

    term: str  # as the text writes it, without its quotes
    start: int  # the definition's first character: its article or quote, or its sentence's
    end: int  # its full stop, within :data:`DEFINITION_CHARS`
    said: tuple[int, int]  # what it says the term is: "the union of ...", "A copy that is not "Transparent""
    kind: str = ""  # what the term is said of: "copy" of 'A "Transparent" copy of the Document means', of '"Opaque"'


def term_definitions(text: str, start: int = 0, end: int | None = None) -> Iterator[TermDefinition]:
    """The definitions of quoted terms that start in ``[start, end)`` of ``text``, each to the full
    stop of its sentence (or :data:`DEFINITION_CHARS`), in the order they start: a term then what
    it is (:data:`_DEFINING`), or what it is then its name (:data:`_NAMING`, from its sentence's start)."""
    end = len(text) if end is None else end
    found_all = [*_defining(text, start, end), *_naming(text, start, end)]
    yield from sorted(found_all, key=lambda d: d.start)


def _defining(text: str, start: int, end: int) -> Iterator[TermDefinition]:
    for found in _DEFINING.finditer(text, start, end):
        if found["qualifier"] and re.match(r"\s+(?:an?|the)\s", found["qualifier"]) and found["lead"] != "To":
            continue  # (an article after the term only in 'To "convey" a work means')
        stop = _END.search(text, found.end(), found.end() + DEFINITION_CHARS)
        last = stop.end() if stop else text.rfind(" ", found.end(), found.end() + DEFINITION_CHARS)
        if last <= found.end():
            continue
        yield TermDefinition(found["term"], found.start(), last, (found.end(), last - (text[last - 1] in ".!?")),
                             found["kind"] or "")


def _naming(text: str, start: int, end: int) -> Iterator[TermDefinition]:
    for found in _NAMING.finditer(text, max(0, start - DEFINITION_CHARS), end):
        first = max((b.end() for b in _BEFORE.finditer(text, max(0, found.start() - DEFINITION_CHARS), found.start())),
                    default=max(0, found.start() - DEFINITION_CHARS))
        first += len(text[first:found.start()]) - len(text[first:found.start()].lstrip())
        stop = _END.search(text, found.end(), found.end() + DEFINITION_CHARS)
        if start <= first < end and stop is not None and found.start() - first >= 3:
            kind = re.match(r"(?:An?|The)\s+([a-z]+)\b", text[first:found.start()])
            said = first + len(text[first:found.start()].rstrip(" \t\n,"))
            yield TermDefinition(found["term"], first, stop.end(), (first, said), kind[1] if kind else "")


def _plural(words: str) -> str:
    """A pattern of ``words`` with the last in the singular or the plural ("cop(?:y|ies)")."""
    *head, last = words.split()
    last = rf"{re.escape(last[:-1])}(?:y|ies)" if re.search(r"[^aeiou]y$", last) else rf"{re.escape(last)}(?:s|es)?"
    return r"\s+".join([*(re.escape(w) for w in head), last])


def asks_meaning(question: str, term: str, kind: str = "") -> bool:
    """Whether ``question`` asks what ``term`` is or means ("What is a Combined Work in the LGPL?",
    "What does 'Legal Entity' mean?", "What does it mean to convey a work?", "Which licenses are
    Secondary Licenses?"), the term in any case, in quotes or not, in the plural or not, with the
    ``kind`` of thing it is said of after it or not ("What is an Opaque copy?")."""
    words = r"\s+".join(re.escape(w) for w in term.split())
    name = rf"[\"“'‘]?{_plural(term)}[\"”'’]?" + (rf"(?:\s+{_plural(kind)})?" if kind else "")
    return re.fullmatch(_frames(name, words), question) is not None


def _frames(name: str, words: str) -> str:
    """A pattern of the questions that ask what the thing ``name`` matches is or means (``words``:
    the words of a verb's, "What does it mean to convey a work?")."""
    frames = (rf"(?:what|who)(?:'s|\s+(?:is|are|was|were))\s+(?:meant\s+by\s+|the\s+(?:meaning|definition)\s+of\s+)?"
              rf"{_ARTICLE}(?:term\s+)?{name}{_CONTEXT}",
              rf"what\s+(?:does|do)\s+{_ARTICLE}(?:term\s+)?{name}\s+(?:mean|refer\s+to|include|cover){_CONTEXT}",
              rf"what\s+does\s+it\s+mean\s+to\s+{words}\b[^?]*[\s?.]*",
              rf"(?:define|definition\s+of|meaning\s+of)\s+{_ARTICLE}(?:term\s+)?{name}{_CONTEXT}",
              rf"what\s+(?:counts|qualifies)\s+as\s+{_ARTICLE}{name}{_CONTEXT}",
              rf"which\s+\w+\s+(?:is|are)\s+{_ARTICLE}{name}{_CONTEXT}",
              rf"how\s+(?:is|are)\s+{_ARTICLE}{name}\s+defined{_CONTEXT}")
    return rf"(?i)\s*(?:{'|'.join(frames)})"


# any question asking what something is or means: the others need no definition looked for
_ASKING = re.compile(_frames(r"\S.{0,80}?", r"\w+"))


def _candidates(passages: list[Passage],
                documents: Callable[[Passage], Document | None]) -> Iterator[tuple[Passage, Document, TermDefinition]]:
    """The definitions in ``passages`` in retrieval order, then those of the first
    :data:`TERM_DOCUMENTS` documents retrieved, read whole."""
    for p in passages:
        if (document := documents(p)) is not None:
            line = document.text.rfind("\n", 0, p.start) + 1  # (a definition's article may open the passage's line)
            yield from ((p, document, d) for d in term_definitions(document.text, line, p.end))
    for p, document in first_documents(passages, documents, TERM_DOCUMENTS):
        yield from ((p, document, d) for d in term_definitions(document.text))


def term_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks what a term is or means that a document defines in quotes, the first
    definition of it (:func:`_candidates`), of a term written as the question writes it where one
    is (the LGPL 2.1's 'A "library" means ...' for "What does library mean?", not its 'The
    "Library", below, refers to ...'), or the document's first definition of it where it defines it
    again (the GFDL's '"Title Page" means, for a printed book, ...' before what it means for formats
    without a title page), cited with :data:`DEFINED_CONFIDENCE`, what it says the term is the short
    answer; else None. Not a term its own document is named for: a README's opening says what its
    package is (``qa.openings``), not a sentence of it such as '"greenlet" is a ...'."""
    assert config.threshold is not None
    if DEFINED_CONFIDENCE < config.threshold or not _ASKING.fullmatch(question):
        return None
    asked = [c for c in _candidates(passages, documents) if asks_meaning(question, c[2].term, c[2].kind)
             and not named_for({name_key(c[2].term)}, c[1].source, c[1].title)]  # (its own document's opening answers)
    if not asked:
        return None
    p, document, found = next((c for c in asked if re.search(rf"\b{re.escape(c[2].term)}", question)), asked[0])
    found = next((d for d in term_definitions(document.text, 0, found.start) if d.term == found.term), found)
    passage = narrowed(document, p, found.start, found.end)
    citation = cite(corpus, passage, passage.start, passage.end, DEFINED_CONFIDENCE, cache)
    return Answer(question, f"{citation.text.strip()} [1]", abstained=False, confidence=DEFINED_CONFIDENCE,
                  threshold=config.threshold, citations=[citation], short=passage.span.within(*found.said),
                  retrieval_query=retrieval_query or question)
