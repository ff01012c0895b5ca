"""What a call's part does: "What does the key argument of sorted() do?", "What is the flush
argument of print() for?", "What does the tz argument of datetime.now() do?". A manual says so in
the call's section, in a sentence about that part ("key specifies a function of one argument
...", "If optional argument tz is None or not specified, ...", "However, if flush is true, the
stream is forcibly flushed."), which the reader, trained on SQuAD, passes over for the call's
own first sentence ("Return a new sorted list from the items in iterable." had answered every
such question of ``bench/parts.py`` it answered). The first sentence of the section whose subject
is the part is cited (with the next where it is short: "reverse is a boolean value. If set to
True, ..."); where none is, the reader's sentence answers only where it writes the part."""

from __future__ import annotations

import re
from collections.abc import Callable

from index.documents import Document
from index.sentences import split_sentences
from qa.added_in import under
from qa.answerer import AnswerConfig, cite
from qa.answers import Answer, Passage
from qa.asked_terms import CALL, asked_part, asks_default, asks_when, names, program_words
from qa.corpus import Corpus
from qa.defaults import defining_headings
from qa.section_heads import commented, narrowed

PART_CONFIDENCE = 0.9  # measured by bench/parts.py: see the README
# a version line: what changed, not what the part does ("Changed in version 3.6: The path parameter accepts a path-like
# object.")
_VERSIONED = re.compile(r"[ \t]*(?:New|Added|Changed|Deprecated|Removed) (?:in|since) version\b")
# a condition under which a call fails says what goes wrong, not what the part is ("If source contains a null character
# ('\0'), ValueError is raised.")
_CONDITION = re.compile(r"(?:\w+,\s+)?(?:if|when|unless)\b", re.IGNORECASE)
_FAILS = re.compile(r"\b(?:rais\w*|throws?|\w*Error|exceptions?|fails?)\b")
# where the sentence splitter ran on past a period because the next sentence opens with a part's name in lower case ("Its
# file information is extracted as accurately as possible. path specifies a different directory ..."): not "e.g. ../foo"
RAN_ON = re.compile(r"(?<![Ee]\.g)(?<![Ii]\.e)(?<!etc)(?<![Cc]f)(?<=[\w)\]'\"`][.!?])\s+(?=[a-z_`*])")
SHORT_SENTENCE = 8  # words: a sentence this short is cited with the next ("reverse is a boolean value.")
# what may stand before a part's name that opens a sentence about it: "However, if flush is true", "If optional argument
# tz is None", "The key argument specifies", "* `recursive` {boolean} ..." (Node.js's list of options)
_LEAD = (r"(?:[*-][ \t]+)?(?:\w+,\s+)?(?:(?:the|an?|if|when|unless|optional|keyword|keyword-only|arguments?|parameters?|only)\s+)"
         r"{0,4}(?:\w+(?:,\s+\w+)*,?\s+and\s+)?")  # (or one of several: "The optional arguments start and end are ...")


def asks_part_role(question: str) -> str | None:
    """The part of a call whose role ``question`` asks (``qa.asked_terms.asked_part``: "key" of
    "What does the key argument of sorted() do?"), not when it came nor its default; else None."""
    part = asked_part(question)
    return part if part and not asks_when(question) and not asks_default(question) else None


def _about(part: str) -> re.Pattern[str]:
    """A sentence, or a clause of one, whose subject is ``part`` (:data:`_LEAD`, then the part,
    then what it does: "..., but if the flush keyword argument is true, the stream is forcibly
    flushed."; not "key=str.lower", "The name of the underlying C function", "For instance, the
    source return 42 ...", "The default is ..." for a part named default, a Node.js option's type
    and default alone, nor what it must not be: "the errors and newline arguments must not be
    provided"). The part's name keeps its case: "Base 0 also ..." is not about int()'s base."""
    return re.compile(rf"(?:^|(?<![Ii]nstance,)(?<![Ee]xample,)(?<=[,;:])\s+(?:(?:but|and|or|while|whereas|so|then)\s+)?)"
                      rf"{_LEAD}[`'\"*]?(?-i:{re.escape(part)})[`'\"*]?(?![\w=(-])(?:\s+\{{[^}}\n]*\}})?+\s+"
                      r"(?!\*\*Default|of\b|'s\b|(?<=default\s)(?:is|value)\b|(?:(?:arguments?|parameters?)\s+)?(?:(?:must|may|should|can)\s+not|cannot)\b)"
                      r"\S+\s+\S+", re.IGNORECASE)


def _named(part: str) -> re.Pattern[str]:
    """A sentence that names ``part`` as what it is given ("specify it with the cls kwarg", "If a
    nonzero value is given to annotate, ...", "The value of annotate is used as a hint ..."), where
    none has it for subject (:func:`_about`)."""
    name = rf"[`'\"*]?(?-i:{re.escape(part)})[`'\"*]?(?![\w=(-])"
    return re.compile(rf"\bthe\s+(?:(?:optional|keyword|keyword-only)\s+)?{name}\s+(?:argument|parameter|kwarg|keyword|option)\b"
                      rf"|\b(?:given|passed|supplied|written|sent)\s+(?:to|as|for|into)\s+{name}"
                      rf"|^(?:the\s+)?value\s+of\s+{name}", re.IGNORECASE)


def pieces(text: str, start: int, stop: int, versions: bool = False) -> list[tuple[int, int]]:
    """The sentences of ``text[start:stop]``, each cut again where the splitter ran on past a
    period (:data:`RAN_ON`), leaving out comments and (unless ``versions``) version lines."""
    found = []
    for a, b in split_sentences(text, start, stop):
        if commented(text, a) or not versions and versioned(text, a):
            continue
        for cut in RAN_ON.finditer(text, a, b):
            found.append((a, cut.start()))
            a = cut.end()
        found.append((a, b))
    return found


def part_sentence(document: Document, i: int, part: str) -> tuple[int, int] | None:
    """The first sentence under ``document.headings[i]`` (a call's) whose subject is ``part``
    (:func:`_about`), else the first that names it as what it is given (:func:`_named`); not a
    version line, nor a condition under which the call fails (:data:`_CONDITION`); with the next
    of its paragraph where it is shorter than :data:`SHORT_SENTENCE` words; document offsets, or
    None."""
    text = document.text
    sentences = pieces(text, *under(document, i))
    for subject, pattern in ((True, _about(part)), (False, _named(part))):
        for n, (a, b) in enumerate(sentences):
            if not (found := pattern.search(text[a:b])) or _FAILS.search(text, a, b) and (
                    not subject or _CONDITION.match(found.group(0).lstrip(" ,;:*-"))):
                continue
            if len(text[a:b].split()) < SHORT_SENTENCE and n + 1 < len(sentences) and \
                    "\n\n" not in text[b:sentences[n + 1][0]] and not text.startswith("*", sentences[n + 1][0]):
                b = sentences[n + 1][1]
            return a, b
    return None


def versioned(text: str, at: int) -> bool:
    """Whether the sentence at ``at`` of ``text`` belongs to a version line (:data:`_VERSIONED`),
    on its line or on the one before it ("Changed in version 3.3:", then "The opener parameter
    was added." in Python's HTML)."""
    return bool(_VERSIONED.match(text, text.rfind("\n", 0, at) + 1)) or bool(
        re.search(r"\b(?:in|since) version [\d.]+:\s*$", text[max(0, at - 60):at]))


def answers_part(question: str, text: str) -> bool:
    """Whether a sentence of the reader's (``text``) can answer ``question``: where it asks what a
    call's part does (:func:`asks_part_role`), it writes that part (not sorted()'s "Return a new
    sorted list from the items in iterable." for its key argument)."""
    part = asks_part_role(question)
    return part is None or bool(re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text))


def asks_type(question: str) -> bool:
    """Whether ``question`` asks of what type a call's part is ("What type is the recursive option
    of fs.mkdir()?", "What is the type of options.mode in fs.mkdir()?")."""
    part = asks_part_role(question)  # (not "types" of "util.types.isPromise()")
    return part is not None and bool(re.search(r"\btypes?\b", CALL.sub(" ", question).replace(part, " ")))


def type_line(document: Document, i: int, part: str) -> tuple[int, int, tuple[int, int]] | None:
    """Where the section under ``document.headings[i]`` lists ``part`` with its type, Node.js's way
    ("* `recursive` {boolean} **Default:** `false`"): that line, and the type ("boolean")."""
    found = re.compile(rf"^[ \t]*[*-][ \t]+`{re.escape(part)}`:?[ \t]*\{{([^}}\n]+)\}}", re.MULTILINE).search(
        document.text, *under(document, i))
    if found is None:
        return None
    end = document.text.find("\n", found.end())
    return document.text.index(found.group(0).lstrip()[0], found.start()), end if end != -1 else len(document.text), \
        found.span(1)


def part_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks what a call's part does (:func:`asks_part_role`), the sentence about
    it (:func:`part_sentence`) under the first heading in retrieval order that defines the call
    (``qa.defaults.defining_headings``; of a document the question's other words name, where they
    name one), cited with :data:`PART_CONFIDENCE`; where it asks the part's type
    (:func:`asks_type`), the line that lists it with its type first, the type the short answer;
    else None."""
    assert config.threshold is not None
    part = asks_part_role(question)
    if part is None or PART_CONFIDENCE < config.threshold:
        return None
    words = [w for w in program_words(question) if w != part.lower()]
    for p, document, i in defining_headings(question, passages, documents):
        if words and not names(words, f"{p.source} {p.title}"):
            continue  # (another program's)
        typed = type_line(document, i, part) if asks_type(question) else None
        if (found := typed[:2] if typed else part_sentence(document, i, part)) is None:
            continue
        passage = narrowed(document, p, *found)
        citation = cite(corpus, passage, passage.start, passage.end, PART_CONFIDENCE, cache)
        return Answer(question, f"{citation.text.strip()} [1]", abstained=False, confidence=PART_CONFIDENCE,
                      threshold=config.threshold, citations=[citation], retrieval_query=retrieval_query or question,
                      short=passage.span.within(*typed[2]) if typed else None)
    return None
