"""Question typing, light term matching and short-answer extraction.

No reading-comprehension model can be downloaded here, so the short answer is
found with answer-type cues: "how many" wants a number, "when" a date, "who" a
name. Among the candidates of that type in the chosen sentence, the one nearest
to the question's words wins, and a candidate made only of question words loses.
"""

from __future__ import annotations

import functools
import re
import threading

from index.documents import Span
from index.lexical import STOPWORDS, WORD, content_words
from index.lexical import words as lexical_words

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    "million|billion|trillion|dozen|dozens|hundreds|thousands|millions"
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sep\\.?|Sept\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
NUMBER = re.compile(
    rf"(?:[$€£]\s?)?\b\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|per cent))?(?:\s(?:million|billion|trillion|thousand|hundred))?\b"
    rf"|\b(?:{_NUMBER_WORDS})(?:[\s-](?:{_NUMBER_WORDS}))*\b",
    re.I,
)
DATE = re.compile(
    rf"\b(?:(?:\d{{1,2}}\s)?(?:{_MONTHS})(?:\s\d{{1,2}})?(?:,?\s\d{{4}})?|\d{{4}}s?|\d{{1,2}}(?:st|nd|rd|th)\scentury)\b"
)
NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|the|de|van|von|al|bin|and|for)?\s*[A-Z][\w'’.-]*)*")

_NUMBER_Q = re.compile(
    r"\bhow (?:many|much|long|old|far|large|big|tall|high)\b|\bwhat (?:percentage|percent|number|amount)\b", re.I
)
_DATE_Q = re.compile(r"\bwhen\b|\b(?:what|which) (?:year|date|day|month|century|decade|time)\b|\bsince when\b", re.I)
_PERSON_Q = re.compile(r"\bwho(?:m|se)?\b|\b(?:what|which) (?:person|people|man|woman|president|king|author)\b", re.I)
_PLACE_Q = re.compile(r"\bwhere\b|\b(?:what|which) (?:country|city|place|state|region|town|continent)\b", re.I)


_WH = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.I)


def _main_wh_phrase(question: str) -> str:
    """The few words from the main clause's question word on.

    "When rich countries trade with poor ones, whose wages rise?" asks *whose*, not *when*:
    a clause that starts with a question word after a comma is the main clause.
    """
    clauses = [c.strip() for c in question.split(",") if c.strip()]
    target = clauses[0] if clauses else question
    for clause in clauses[1:]:
        if _WH.match(clause):
            target = clause
    match = _WH.search(target)
    if match is None or len(target[: match.start()].split()) > 2:
        match = _WH.search(question)  # "The price of oil is stable until when?"
        if match is None:
            return ""
        target = question
    return " ".join(target[match.start() :].split()[:4])


def question_type(question: str) -> str | None:
    """``"number"``, ``"date"``, ``"person"``, ``"place"`` or None, from the main question words."""
    phrase = _main_wh_phrase(question)
    for kind, pattern in (("number", _NUMBER_Q), ("date", _DATE_Q), ("person", _PERSON_Q), ("place", _PLACE_Q)):
        if pattern.search(phrase):
            return kind
    return None


_STEMMERS = threading.local()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-cased word: 'serving' and 'serve' both give 'serv'.

    Snowball matches what FTS5's Porter tokenizer does for BM25; stemmer objects keep
    state, so each thread gets its own, and results are memoised.
    """
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word.lower()))


#: Words that say what kind of answer is wanted rather than what it is about.
QUESTION_WORDS = frozenset({"many", "much", "long", "old", "far", "kind", "type", "sort", "name", "named", "called"})


def content_terms(text: str) -> list[str]:
    """Stemmed content words of ``text``, in order, without repeats."""
    return list(dict.fromkeys(stem(w) for w in content_words(text, QUESTION_WORDS)))


def short_answer(question: str, sentence: Span, kind: str | None = None) -> Span | None:
    """The span inside the span ``sentence`` that answers a typed question, or None."""
    found = short_answer_offsets(question, sentence.text, kind)
    return sentence.within(sentence.start + found[0], sentence.start + found[1]) if found else None


def short_answer_offsets(question: str, sentence: str, kind: str | None = None) -> tuple[int, int] | None:
    """``[start, end)`` in ``sentence`` of what answers a typed question, or None."""
    kind = kind or question_type(question)
    if kind is None:
        return None
    pattern = {"number": NUMBER, "date": DATE, "person": NAME, "place": NAME}[kind]
    q_terms = set(content_terms(question))
    q_lower = question.lower()
    anchors = [m.start() for m in WORD.finditer(sentence) if stem(m.group()) in q_terms]
    best: tuple[float, tuple[int, int]] | None = None
    for match in pattern.finditer(sentence):
        text = match.group().strip(" ,.;:")
        if not text or (kind == "number" and DATE.fullmatch(text) and not _NUMBER_Q.search(question)):
            continue
        words = [stem(w) for w in lexical_words(text)]
        if words and all(w in q_terms or w in STOPWORDS for w in words):
            continue  # the question already says it
        start = match.start() + match.group().find(text)
        if kind in ("person", "place"):
            # drop leading words the question already has ("President Ilham Aliyev" -> "Ilham Aliyev")
            for word in WORD.finditer(text):
                if stem(word.group()) not in q_terms and word.group().lower() not in q_lower:
                    break
                start = match.start() + match.group().find(text) + word.end()
            while start < match.end() and not sentence[start].isalnum():
                start += 1
            text = sentence[start : match.start() + match.group().find(text) + len(text)]
            if not text:
                continue
        distance = min((abs(start - a) for a in anchors), default=len(sentence))
        if best is None or distance < best[0]:
            best = (distance, (start, start + len(text)))
    return best[1] if best else None
