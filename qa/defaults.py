"""What an option, or a part of a call, is by default: "What is the default of --num-callers?",
"What is the default value of the reverse argument of sorted()?", "What is the default mode of
fs.mkdir()?". A manual writes it where it defines the option or the call, in a form of its own
that the reader, trained on SQuAD, does not take for an answer (every such question of
``bench/defaults.py`` was refused or answered with another sentence): valgrind's heading
"--num-callers=<number> [default: 12]", xsltproc's "The default is 3000." under "--maxdepth
VALUE", Python's signature "sorted(iterable, /, *, key=None, reverse=False)", Node.js's "*
`recursive` {boolean} **Default:** `false`" under "fs.mkdir(path[, options], callback)". The
line or sentence that writes it is cited, the value the short answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from index.documents import Document
from qa.added_in import headings_over, under
from qa.answerer import AnswerConfig, cite, heading_end
from qa.answers import Answer, Passage
from qa.asked_terms import (
    CALL,
    OPTION,
    asked_calls,
    asked_options,
    asked_part,
    asks_default,
    names,
    program_words,
)
from qa.corpus import Corpus
from qa.section_heads import narrowed

DEFAULT_CONFIDENCE = 0.9  # measured by bench/defaults.py: see the README
_QUOTED = r"[`'\"*]?([A-Za-z_]\w*)[`'\"*]?"
# where a question asks a call's part's default without a word for "argument": "the default of sep in print()", "the
# default mode of fs.mkdir()", "What does print() use for end by default?" (its calls taken out)
_PART_ASKED = (re.compile(rf"\bdefaults?(?:\s+values?)?\s+(?:of|for)\s+(?:the\s+)?{_QUOTED}\s+(?:in|of|for|to|when)\b", re.I),
               re.compile(rf"\bdefault\s+(?!values?\b|settings?\b){_QUOTED}\s+(?:of|in|for)\b", re.I),
               re.compile(rf"\b(?:for|as)\s+(?:the\s+)?{_QUOTED}\s+by\s+default\b", re.I))
# an option's default where its heading or section writes it: "[default: 12]", "(default is no)", "(disabled by default)",
# "The default is 3000.", "Defaults to 16 KiB.", "The default value is `os.availableParallelism() - 1`."
_OPTION_DEFAULT = re.compile(r"[\[(](?:the\s+)?default(?::|\s+is)?\s*([^\])\n]+)[\])]|\((\w+)\s+by\s+default\)"
                             r"|\b(?:[Tt]he\s+default(?:\s+value)?\s+is|[Dd]efaults\s+to)\s+(`[^`\n]+`|(?:[^\s.;:,()]|[.,](?=\w))+"
                             r"(?:[ \t]+(?:[^\s.;:,()]|[.,](?=\w))+){0,9})")
# what a sentence writes where it says what something is by default ("The default ...", "If omitted, ...")
_SAYS_DEFAULT = re.compile(r"\bdefault|\bomitted\b|\bnot\s+(?:given|specified|provided|set|passed)\b|\bunless\b", re.I)
# a signature's default: "reverse=False", "sep=' '", "timer=<default timer>"
_VALUE = re.compile(r"'[^']*'|\"[^\"]*\"|<[^<>]*>|[^,()\[\]\s]+(?:\([^()]*\))?")


# what Python's documentation writes before a call in its heading: "classmethod datetime.now(tz=None)"
_KIND = re.compile(r"^(?:(?:classmethod|staticmethod|abstractmethod|async|coroutine|awaitable|class)\s+)+")


def asked_default_part(question: str) -> str | None:
    """The part of the call ``question`` names whose default it asks (``qa.asked_terms.asked_part``,
    or "sep" of "the default of sep in print()", "mode" of "the default mode of fs.mkdir()"),
    or None."""
    calls = CALL.findall(question)
    if not calls:
        return None
    if (part := asked_part(question)) is not None:
        return part
    rest = re.sub("|".join(re.escape(c) + r"\(\)" for c in calls), " ", question)
    return next((m.group(1) for pattern in _PART_ASKED if (m := pattern.search(rest))), None)


def answers_default(question: str, text: str) -> bool:
    """Whether a sentence of the reader's (``text``) can answer ``question``: where it asks a
    default (``qa.asked_terms.asks_default``), it says what is so by default (:data:`_SAYS_DEFAULT`:
    not a definition's words, "Show local variables in tracebacks." for "What does --locals
    default to?"), and where it asks a call's part's (:func:`asked_default_part`), it writes that
    part: not key's "The default value is None (compare the elements directly)." for sorted()'s
    iterable argument."""
    if not asks_default(question):
        return True
    part = asked_default_part(question)
    return bool(_SAYS_DEFAULT.search(text)) and (part is None or bool(re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text)))


def defining_headings(question: str, passages: list[Passage],
                      documents: Callable[[Passage], Document | None]) -> Iterator[tuple[Passage, Document, int]]:
    """In retrieval order, the headings in or over ``passages`` that open with the option or call
    ``question`` names ("--num-callers=<number> [default: 12]", "sorted(iterable, ...)",
    "classmethod datetime.now(tz=None)"), each once: its passage, its document and its index
    there."""
    options, calls = asked_options(question), asked_calls(question)
    for p, document, i in headings_over(passages, documents):
        title = _KIND.sub("", document.headings[i][2].lstrip("`'\"*[( "))
        if OPTION.match(title) and any(t.search(title.split()[0] if title.split() else title) for t in options) \
                or any(t.match(title) for t in calls):
            yield p, document, i


def _option_default(document: Document, i: int) -> tuple[int, int, tuple[int, int]] | None:
    """Where the heading ``document.headings[i]`` ("--num-callers=<number> [default: 12]") or the
    text under it ("The default is 3000.") writes an option's default: the heading or the
    sentence, and the value."""
    at, _, title = document.headings[i]
    end = heading_end(document.text, at, title)
    start, stop = under(document, i)
    for lo, hi in ((at, end), (start, stop)):
        found = _OPTION_DEFAULT.search(document.text, lo, hi)
        if found is not None:
            group = next(g for g in (1, 2, 3) if found.group(g))
            if lo == at:
                return at, end, found.span(group)
            line_start = max(document.text.rfind("\n", lo, found.start()) + 1, lo)
            begin = line_start + max((m.end() for m in re.finditer(r"[.!?]\s+", document.text[line_start:found.start()])),
                                     default=0)
            tail = re.compile(r"[.!?](?=\s|$)|\n").search(document.text, found.end(group), hi)
            return begin, (tail.end() if tail else hi), found.span(group)
    return None


def _part_default(document: Document, i: int, part: str) -> tuple[int, int, tuple[int, int]] | None:
    """Where a call's heading (or one of its level just before it with nothing between:
    "min(iterable, *, key=None)", then "min(iterable, *, default, key=None)") writes ``part``'s
    default ("reverse=False"), or the text under it writes one in Node.js's way ("* `recursive`
    {boolean} **Default:** `false`"): the heading or line, and the value."""
    text, heads = document.text, document.headings
    start, stop = under(document, i)
    group = [i]
    while group[-1] + 1 < len(heads) and heads[group[-1] + 1][0] < start:
        group.append(group[-1] + 1)
    for j in group:
        at, _, title = heads[j]
        end = heading_end(text, at, title)
        found = re.compile(rf"(?<![\w.*]){re.escape(part)}\s*=\s*").search(text, at, end)
        if found is not None and (value := _VALUE.match(text, found.end(), end)) is not None:
            return at, end, value.span()
    bullet = re.compile(rf"^[ \t]*\*[ \t]+`{re.escape(part)}`[^\n]*(?:\n[ \t]{{2,}}(?!\*)[^\n]*)*?\*\*Default:\*\*[ \t]*"
                        r"(?:`([^`\n]+)`|([^\s.`]+(?:\.\d+)?))", re.MULTILINE)
    if (found := bullet.search(text, start, stop)) is not None:
        line_start = text.index("*", found.start())
        line_end = text.find("\n", found.end())
        return line_start, len(text) if line_end == -1 else line_end, found.span(1 if found.group(1) else 2)
    return None


def default_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                   cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                   retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks the default of an option or of a call's part
    (``qa.asked_terms.asks_default``, :func:`asked_default_part`), the first heading in retrieval
    order that defines it (:func:`defining_headings`; of a document the question's other words
    name, where they name one: not another program's) and writes its default there or under
    it, cited, its value the short answer, with :data:`DEFAULT_CONFIDENCE`; else None."""
    assert config.threshold is not None
    if DEFAULT_CONFIDENCE < config.threshold or not asks_default(question):
        return None
    part = asked_default_part(question)
    if CALL.findall(question) and part is None:
        return None  # (the default of a call itself: what?)
    words = [w for w in program_words(question) if w != (part or "").lower()]
    for p, document, i in defining_headings(question, passages, documents):
        where = f"{p.source} {p.title}"
        if words and not names(words, where):
            continue  # (another program's: "the --num-callers option of gdb")
        found = _part_default(document, i, part) if part else _option_default(document, i)
        if found is None:
            continue
        start, end, value = found
        passage = narrowed(document, p, start, end)
        citation = cite(corpus, passage, passage.start, passage.end, DEFAULT_CONFIDENCE, cache)
        return Answer(question, f"{citation.text.strip()} [1]", abstained=False, confidence=DEFAULT_CONFIDENCE,
                      threshold=config.threshold, citations=[citation], short=passage.span.within(*value),
                      retrieval_query=retrieval_query or question)
    return None
