""""Tell me more": what the document says next. A chat's "Tell me more", "Go on" or "More
details" after an answer is answered with the sentences that follow the last answer's first
citation in its document (past a heading there: after a title, its section's first sentences),
up to their section's end (the next heading) and at most :data:`MORE_CHARS`; cited as every
answer is, from the stored text. Where the last question was refused, or its citation ends the
document, it says so instead of answering."""

from __future__ import annotations

import re
from dataclasses import replace

from index.documents import Document
from index.errors import NotFoundError, StoreChangedError
from index.sections import UNDERLINE
from index.sentences import split_sentences
from qa.answerer import cite
from qa.answers import Answer, Passage, prose
from qa.corpus import Corpus

MORE_CHARS = 600  # the most "more" cites: the sentences after the last citation that fit (one at least)
NOTHING_BEFORE = "There is no earlier answer to say more of."
NOTHING_MORE = "The document says no more: the last answer's citation ends it."
_MORE = re.compile(r"\s*(?:(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:tell\s+me\s+more|say\s+more|go\s+on|continue|elaborate"
                   r"|keep\s+going)(?:\s+please)?|more(?:\s+(?:please|details?|info(?:rmation)?))?)[\s?.!]*", re.IGNORECASE)


def asks_more(question: str) -> bool:
    """Whether ``question`` asks for more of the last answer ("Tell me more", "Go on", "More details?")."""
    return _MORE.fullmatch(question) is not None


def following(document: Document, end: int) -> tuple[int, int] | None:
    """The sentences of ``document`` after offset ``end``, past any heading there (and its
    underline), to the end of the section they lie in (its next heading), as many as fit in
    :data:`MORE_CHARS` (the first whatever its length); None where the document ends first."""
    text, heads = document.text, sorted(at for at, _, _ in document.headings)
    taken: list[tuple[int, int]] = []
    for a, b in split_sentences(text, end, min(len(text), end + 8 * MORE_CHARS)):
        heading = UNDERLINE.fullmatch(text[a:b]) is not None or any(a <= at < b for at in heads)
        if taken and (heading or b - taken[0][0] > MORE_CHARS):
            break
        if not heading:
            taken.append((a, b))
    return (taken[0][0], taken[-1][1]) if taken else None


def more_of(question: str, earlier: Answer, corpus: Corpus) -> Answer:
    """What the document says after ``earlier``'s first citation, as the answer to ``question``,
    with ``earlier``'s confidence; a refusal naming why where ``earlier`` was refused or its
    citation ends the document."""
    def refused(why: str) -> Answer:
        return Answer(question, why, abstained=True, confidence=0.0, threshold=earlier.threshold,
                      retrieval_query=earlier.retrieval_query or earlier.question)
    if earlier.abstained or not earlier.citations:
        return refused(NOTHING_BEFORE)
    last = earlier.citations[0]
    try:
        document = corpus.document_by_row(last.row_id)
    except NotFoundError:
        raise StoreChangedError(f"{last.source} was re-indexed while answering; ask again") from None
    found = following(document, last.end)
    if found is None:
        return refused(NOTHING_MORE)
    start, end = found
    span = replace(last.span, start=start, end=end, text=document.text[start:end])
    passage = Passage(chunk_id=-1, span=span, score=last.score, rank=0)  # (what cite checks against the stored text)
    citation = cite(corpus, passage, start, end, earlier.confidence, {last.row_id: document})
    return Answer(question, f"{prose(citation.text)} [1]", abstained=False, confidence=earlier.confidence,
                  threshold=earlier.threshold, citations=[citation], retrieval_query=earlier.retrieval_query or earlier.question)
