"""Cheap checks of a question against a candidate's text: does the question negate where the
sentence does not, ask with a word whose opposite the sentence uses, or name things (or numbers) the
passage never mentions? SQuAD 2.0's writers made most of its unanswerable questions in these ways (Rajpurkar
et al., 2018: entity swap, antonym, negation); the calibration (``train/calibrate.py``) weighs them
beside the reader's scores, and keeps one only where it pays on held-out articles."""

from __future__ import annotations

import re

from index.lexical import content_words

_WORD = re.compile(r"\w+")
_NAME_GLUE = frozenset(("of", "the", "de", "s"))  # "Bank of England", "NATO's"
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")  # "1,000", "8.7", "4"
_ENTITY = re.compile(rf"\b(?:[A-Z][\w'-]*(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w'-]*)*|{_NUMBER.pattern})\b")
_WH = frozenset("What Which Who Whom Whose When Where Why How In On At To For From By During After Before The A An "
                "Is Was Were Are Did Do Does Name According".split())


def entities(text: str, *, names_only: bool = False) -> list[str]:
    """Runs of capitalised words and numbers (a question's first wh-word and the like left out;
    with ``names_only``, a lone word that starts a sentence too: "Some", "They", "However")."""
    out = []
    for m in _ENTITY.finditer(text):
        words = m.group().split()
        before = text[: m.start()].rstrip()
        if names_only and len(words) == 1 and (not before or before[-1] in ".!?\"'(:;"):
            continue
        while words and words[0] in _WH:
            words = words[1:]
        if words:
            out.append(" ".join(words))
    return out


_OPPOSITES = (
    "largest smallest", "biggest smallest", "first last", "most least", "highest lowest", "longest shortest",
    "earliest latest", "oldest youngest", "before after", "increase decrease", "increased decreased",
    "increases decreases", "north south", "east west", "northern southern", "eastern western", "more fewer",
    "maximum minimum", "best worst", "won lost", "win lose", "major minor", "positive negative",
    "inner outer", "early late", "successful unsuccessful", "rise fall", "rose fell", "rich poor", "strong weak",
    "large small", "high low", "long short", "open closed", "opened closed", "public private", "internal external",
    "ancient modern", "male female", "men women", "top bottom", "accepted rejected", "allowed banned",
    "legal illegal", "common rare", "wealthiest poorest", "fastest slowest", "heaviest lightest",
    "hottest coldest", "warmest coldest", "deepest shallowest", "greatest least", "above below", "inside outside",
    "import export", "imports exports", "imported exported", "buy sell", "bought sold", "gain loss", "gained lost",
    "cheapest dearest", "wider narrower", "widest narrowest", "larger smaller", "higher lower", "longer shorter",
    "older younger", "earlier later", "greater smaller", "began ended", "start end", "started ended", "entered left",
)
OPPOSITE: dict[str, str] = {}
for _pair in _OPPOSITES:
    _a, _b = _pair.split()
    OPPOSITE.setdefault(_a, _b)
    OPPOSITE.setdefault(_b, _a)


_NEGATION = re.compile(r"\b(?:not|never|no|none|nor|neither|nothing|nobody|cannot|without|except|instead|unlike)\b|n't\b",
                       re.IGNORECASE)


def negates(text: str) -> bool:
    """Whether ``text`` holds a negation ("not", "never", "no", "didn't", "without", ...)."""
    return _NEGATION.search(text.replace("\u2019", "'")) is not None


def negation_mismatch(question: str, sentence: str) -> bool:
    """The question negates and the sentence does not ("What did Tesla not invent?" over "Tesla
    invented the induction motor."): a sentence that answers a negated question mostly negates too."""
    return negates(question) and not negates(sentence)


def opposite_mismatch(question: str, sentence: str) -> bool:
    """A lower-case word of the question is missing from the sentence while its opposite is there
    ("the smallest" asked, "the largest" said)."""
    said = {w.lower() for w in _WORD.findall(sentence)}
    return any(OPPOSITE[w] in said and w not in said for w in _WORD.findall(question) if w in OPPOSITE)


def missing_names(question: str, passage: str) -> float:
    """The share of the question's names and numbers (runs of capitalised words, digits; a lone
    capitalised word that starts the question is not a name) that ``passage`` never mentions: a
    name is mentioned when each of its words is ("President of Azerbaijan" in "... Azerbaijan's
    President ..."); 0 when the question has none."""
    names = [n for n in entities(question, names_only=True) if n != "I"]
    if not names:
        return 0.0
    said = {w.lower() for w in _WORD.findall(passage)}
    missing = 0
    for name in names:
        words = {w.lower() for w in _WORD.findall(name)} - _NAME_GLUE
        missing += not words <= said
    return missing / len(names)


_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                 "fifteen sixteen seventeen eighteen nineteen twenty").split()
_ORDINAL_WORDS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                  "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """``number`` (1-3999) in Roman numerals: 4 -> "IV", 1945 -> "MCMXLV"."""
    if not 0 < number < 4000:
        raise ValueError(f"number must be between 1 and 3999 to be written in Roman numerals, not {number}")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


_YEAR = re.compile(r"(?<![\d,.])(?:1\d{3}|20\d{2})(?!\d|[,.]\d)")
_YEAR_BOUND = {"after": "after", "later than": "after", "before": "before", "earlier than": "before",
               "prior to": "before"}


def missing_numbers(question: str, passage: str) -> bool:
    """The question holds a number that ``passage`` never writes ("What fault can produce a
    magnitude 8.7 event?" over a passage that says 8.0): SQuAD 2.0's writers often made a question
    unanswerable by changing a number. Thousands separators are ignored ("1,000" is "1000"); a
    number up to twenty may be spelt out ("4" is "four", and "4th" is "fourth"); and a number after
    a word may be that word and the number in upper-case Roman numerals ("Type 1" is "Type I",
    "World War 2" is "World War II"; a lone "I" is a pronoun, so the word must match too). A year
    that only bounds the question ("after 2014", "before 1990", "prior to 1066") is met by any
    later (earlier) year the passage writes: "What did they do after 2014?" over a passage about
    2015 is asked of it, though it never writes 2014."""
    found = list(_NUMBER.finditer(question))
    if not found:
        return False
    written = passage.replace(",", "")
    words = {w.lower() for w in _WORD.findall(passage)}

    def said(match: re.Match[str]) -> bool:
        number = match.group().replace(",", "")
        if number in written:
            return True
        if not number.isdigit():
            return False
        value = int(number)
        ordinal = question[match.end():match.end() + 2].lower() in ("st", "nd", "rd", "th")
        if value < len(_NUMBER_WORDS) and _NUMBER_WORDS[value] in words:
            return True
        if ordinal and value < len(_ORDINAL_WORDS) and _ORDINAL_WORDS[value] in words:
            return True
        before = _WORD.findall(question[:match.start()])
        bound = _YEAR_BOUND.get(" ".join(before[-2:]).lower()) or _YEAR_BOUND.get(before[-1].lower() if before else "")
        if bound is not None and _YEAR.fullmatch(number):
            years = [int(y) for y in _YEAR.findall(passage)]
            return any(y > value if bound == "after" else y < value for y in years)
        if before and 0 < value < 4000:
            return re.search(rf"\b{re.escape(before[-1])}\s+{roman(value)}\b", passage, re.IGNORECASE) is not None
        return False

    return not all(said(m) for m in found)


def numbers(text: str) -> set[str]:
    """The numbers ``text`` writes, thousands separators left out ("1,000" is "1000")."""
    return {m.group().replace(",", "") for m in _NUMBER.finditer(text)}


def adds_number(question: str, text: str) -> bool:
    """``text`` writes a number the question does not ("2022-04-07" for "When was gzip 1.12 released?")."""
    return bool(numbers(text) - numbers(question))


def unmentioned(question: str, text: str, stem: int = 5) -> list[str]:
    """The question's content words of letters that no word of ``text`` starts like (their first
    ``stem`` letters: "released" is met by "release", "files" by "file"): "bash" for "When was bash 6.0 released?"
    over coreutils' NEWS, which heads a "release 6.0" of its own."""
    starts = {w[:stem] for w in _WORD.findall(text.lower())}
    return [w for w in content_words(question)
            if w.isalpha() and w[:stem] not in starts and not (w.endswith("s") and w[:-1][:stem] in starts)]
