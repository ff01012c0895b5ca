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

import itertools
import re
from collections.abc import Callable, Iterator

from index.documents import Document
from index.lexical import content_words
from index.sections import tagged_term
from index.sentences import split_sentences
from qa.added_in import first_documents, headings_over, under
from qa.answerer import AnswerConfig, cite, heading_end
from qa.answers import Answer, Passage
from qa.asked_terms import (
    CALL,
    OPTION,
    asked_calls,
    asked_names,
    asked_options,
    asked_part,
    asks_default,
    names,
    program_words,
)
from qa.blocks import MARK, blocks, field_block
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
# "yes or no (the default)",
# "The default is 3000.", "Defaults to 16 KiB.", "The default value is `os.availableParallelism() - 1`."
# "Default is \"yes\".", "True is the default.", "If not specified, -1 will be assumed"; a quoted value whole ("(proc|sysfs)");
# a manual page saved as text hyphenates "de‐\n   fault"
_DE = r"e(?:[\u2010-]\n[ \t]*)?fault"
_OPTION_DEFAULT = re.compile(r"[\[(](?:the\s+)?default(?::|\s+is)?\s*([^\])\n]+)[\])]|\((\w+)\s+by\s+default\)"
                             r"|([\w\"'-]+)\s+\(the\s+default\)"
                             rf"|\b(?:[Tt]he\s+d{_DE}(?:\s+value)?\s+is|D{_DE}\s+is|[Dd]{_DE}s\s+to)\s+(`[^`\n]+`|\"[^\"\n]+\"(?=[\s.,;)])"
                             r"|(?:[^\s.;:,()]|[.,](?=\w))+"
                             r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:[^\s.;:,()]|[.,](?=\w))+){0,9})"
                             r"|(?<![\w-])((?i:true|false|yes|no|on|off)|-?\d[\w.]*|\"[^\"\n]+\"|'[^'\n]+')\s+is\s+the\s+default\b"
                             r"|\bIf\s+(?:not\s+(?:specified|set|given|defined)|unset|omitted),?\s+(-?\d[\w.]*|\"[^\"\n]+\"|\w+)"
                             r"\s+(?:will\s+be|is)\s+(?:assumed|used)\b")
# a setting's line of its own under its heading: "**Default** - ``10``", "**Default:** `false`", "Default: None"
_FIELD_DEFAULT = re.compile(rf"^[ \t]*{MARK}Defaults?(?:[ \t]+values?)?(?::{MARK}|{MARK}[ \t]*(?::|[-\u2013\u2014]))"
                            r"[ \t]*(?:``([^`\n]+)``|`([^`\n]+)`|([^\s`][^\n]{0,60}?))[ \t]*$", re.MULTILINE)
# a setting's name in camel case ("ConnectionAttempts", "SystemMaxUse"; not "PostgreSQL", "GitHub": its humps words)
_CAMEL = re.compile(r"(?:[A-Z][a-z0-9]+){3,}|[A-Z][a-z0-9]{3,}[A-Z][a-z0-9]{3,}")
# a word as a setting's name is written: "max_concurrent_requests", "core.autocrlf" (not a call's, "os.path.join()")
_SETTING_WORD = re.compile(r"(?<![\w.-])[A-Za-z][\w.]*[A-Za-z0-9](?![\w-]|\.\w|\()")
# what a sentence writes where it says what something is by default ("The default ...", "If omitted, ...")
_SAYS_DEFAULT = re.compile(r"\bdefault|\bomitted\b|\bnot\s+(?:given|specified|provided|set|passed)\b|\bunless\b", re.I)
# a signature's default: "reverse=False", "sep=' '", "timer=<default timer>"
_VALUE = re.compile(r"'[^']*'|\"[^\"]*\"|<[^<>]*>|[^,()\[\]\s]+(?:\([^()]*\))?")


# the setting a question asks the default of by one word: "the default port", "the default value of COLOR", "What
# does Clean-Installed default to?"
_ASKED_WORD = re.compile(r"\bdefault(?:\s+values?)?\s+(?:of|for)\s+(?:the\s+)?[`'\"*]?([A-Za-z][\w-]*)"
                         r"|\bdefault\s+(?!(?:values?|settings?|of|for|is|to)\b)([A-Za-z][\w-]*)(?:\s+(?:of|in|for)\b|\W*$)"
                         r"|\bdoes\s+(?:the\s+)?[`'\"*]?([A-Za-z][\w-]*)[`'\"*]?\s+default\b", re.IGNORECASE)
SETTING_DOCUMENTS = 3  # the most retrieved documents whose headings are read for a setting named

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


def asked_settings(question: str) -> list[str]:
    """The settings ``question`` names as a configuration reference's headings write them, words
    with an underscore, dotted, in camel case or followed by "=" ("max_concurrent_requests",
    "core.autocrlf", "ConnectionAttempts", "Storage" of "Storage="); not a call ("os.path.join()"),
    an option, nor a version ("3.11")."""
    return [m.group() for m in _SETTING_WORD.finditer(question)
            if "_" in (w := m.group()) or re.search(r"[A-Za-z]{2}\.[A-Za-z]{2}", w) or _CAMEL.fullmatch(w)
            or question.startswith("=", m.end())]


def asks_setting_default(question: str) -> bool:
    """Whether ``question`` asks what a setting is by default, naming it (:func:`asked_settings`)
    or in words ("the default addressing style", a heading's "addressing_style"): it writes
    "default" besides the setting's name ("What is the default value of max_queue_size?") and
    names no option or call (those: ``qa.asked_terms.asks_default``)."""
    settings = asked_settings(question)
    rest = re.sub("|".join(re.escape(s) for s in settings), " ", question) if settings else ""
    return not asked_names(question) and bool(re.search(r"\bdefaults?\b", rest or question, re.IGNORECASE))


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


def defining_headings(question: str, passages: list[Passage], documents: Callable[[Passage], Document | None],
                      *, settings: bool = False) -> Iterator[tuple[Passage, Document, int]]:
    """In retrieval order, the headings in or over ``passages`` that open with the option or call
    ``question`` names ("--num-callers=<number> [default: 12]", "sorted(iterable, ...)",
    "classmethod datetime.now(tz=None)"), or with ``settings`` the setting it names
    (:func:`asked_settings`: "max_concurrent_requests"), each once: its passage, its document and
    its index there."""
    options, calls = asked_options(question), asked_calls(question)
    named = [re.compile(rf"{re.escape(s)}(?![\w.-])") for s in asked_settings(question)] if settings else []

    def defines(title: str) -> bool:
        title = _KIND.sub("", title.lstrip("`'\"*[( "))
        return OPTION.match(title) is not None and any(t.search(title.split()[0] if title.split() else title) for t in options) \
            or any(t.match(title) for t in calls) or any(t.match(title) for t in named) or settings and _worded(title, question)

    seen: set[tuple[int, int]] = set()
    for p, document, i in headings_over(passages, documents):
        seen.add((p.row_id, i))
        if defines(document.headings[i][2]):
            yield p, document, i
    if settings:  # (a setting named is defined where its document defines it, though no passage holds its section)
        for p, whole in first_documents(passages, documents, SETTING_DOCUMENTS):
            for i, (_, _, title) in enumerate(whole.headings):
                if (p.row_id, i) not in seen and defines(title):
                    yield p, whole, i


def _worded(title: str, question: str) -> bool:
    """Whether ``title`` is a setting's name of words ("addressing_style", "max_queue_size") that
    ``question`` writes in words ("the default addressing style"), or opens with one in capitals
    that ``question`` writes as it is ("UMASK (number)": "What is the default UMASK?"), or is the
    one word whose default ``question`` asks (:data:`_ASKED_WORD`; "Port" for "the default port",
    "COLOR yes|all|no" for "the default value of COLOR", "Clean-Installed"), with the value it
    takes written after it in lower case at most."""
    asked = _ASKED_WORD.search(question)
    word = next((w for w in asked.groups() if w), "") if asked else ""
    if word and word.lower() in (title.strip().lower(), (tagged_term(title) or "").lower()):
        return True
    name = re.fullmatch(r"[`*]{0,2}([A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+)=?[`*]{0,2}", title.strip())
    capitals = re.match(r"[A-Z][A-Z0-9_]+(?=[\s=,(]|$)", title.strip())  # ("UMASK (number)": as the question writes it)
    return name is not None and re.search(r"(?<![\w-])" + r"[\s_-]+".join(re.split("[_-]", name.group(1))) + r"(?![\w-])",
                                          question, re.IGNORECASE) is not None \
        or capitals is not None and re.search(rf"(?<![\w-]){capitals.group()}(?![\w-])", question) is not None


def _opening(document: Document, i: int) -> str:
    """The first sentence of the first paragraph under ``document.headings[i]`` ("" where it has none)."""
    first = next((b for b in blocks(document.text, *under(document, i)) if not field_block(document.text, *b)), None)
    sentences = split_sentences(document.text, *first) if first else []
    return document.text[sentences[0][0]:sentences[0][1]] if sentences else ""


def described_settings(question: str, passages: list[Passage],
                       documents: Callable[[Passage], Document | None]) -> Iterator[tuple[Passage, Document, int]]:
    """Where ``question`` asks a setting's default in words no heading writes ("What is the default
    login shell for new users in adduser.conf?"), the settings' headings (a word, or one with the
    value it takes after it: ``index.sections.tagged_term``) of the first retrieved documents
    (:data:`SETTING_DOCUMENTS`) whose section's first sentence writes each of its words, two or
    more, but those naming the document (DSHELL's "The login shell to be used for all new users.")."""
    for p, document in first_documents(passages, documents, SETTING_DOCUMENTS):
        asked = [w for w in program_words(question) if not names([w], f"{document.source} {document.title}")]
        if len(asked) < 2:
            continue
        for i, (_, level, title) in enumerate(document.headings):
            if level > 1 and (re.fullmatch(r"[A-Za-z][\w.:-]*=?", title.strip()) or tagged_term(title)) \
                    and names(asked, _opening(document, i)):
                yield p, document, i


def _option_default(document: Document, i: int) -> tuple[int, int, tuple[int, int]] | None:
    """Where the heading ``document.headings[i]`` ("--num-callers=<number> [default: 12]") or the
    text under it (a line of its own, "**Default** - ``10``"; a sentence, "The default is 3000.")
    writes an option's or a setting's default: the heading, the line or the sentence, and the value."""
    at, _, title = document.headings[i]
    end = heading_end(document.text, at, title)
    start, stop = under(document, i)
    if _OPTION_DEFAULT.search(document.text, at, end) is None \
            and (field := _FIELD_DEFAULT.search(document.text, start, stop)) is not None:
        line_start = document.text.index(field.group().lstrip()[0], field.start())
        return line_start, len(document.text[:field.end()].rstrip()), field.span(next(g for g in (1, 2, 3) if field.group(g)))
    for lo, hi in ((at, end), (start, stop)):
        found = _OPTION_DEFAULT.search(document.text, lo, hi)
        if found is not None:
            group = next(g for g in range(1, 7) if found.group(g))
            if lo == at:
                return at, end, found.span(group)
            # the sentence, in its paragraph: its lines may wrap ("Defaults to \"auto\" in\n   the default journal namespace.")
            para = max([m.end() for m in re.finditer(r"\n[ \t]*\n", document.text[lo:found.start()])] or [0]) + lo
            begin = para + max((m.end() for m in re.finditer(r"[.!?]\s+", document.text[para:found.start()])), default=0)
            begin += len(document.text[begin:found.start()]) - len(document.text[begin:found.start()].lstrip())
            tail = re.compile(r"[.!?](?=\s|$)|\n[ \t]*\n").search(document.text, found.end(group), hi)
            end = tail.start() + (document.text[tail.start()] != "\n") if tail else len(document.text[:hi].rstrip())
            return begin, end, found.span(group)
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
    setting = asks_setting_default(question)
    if DEFAULT_CONFIDENCE < config.threshold or not (asks_default(question) or setting):
        return None
    part = asked_default_part(question)
    if CALL.findall(question) and part is None:
        return None  # (the default of a call itself: what?)
    named = set(content_words(" ".join(asked_settings(question)))) if setting else set()
    words = [w for w in program_words(question) if w != (part or "").lower() and w not in named]
    described = described_settings(question, passages, documents) if setting else iter(())
    for p, document, i in itertools.chain(defining_headings(question, passages, documents, settings=setting), described):
        where = f"{p.source} {p.title}"
        own = set(content_words(document.headings[i][2].replace("_", " "))) if setting else set()  # ("addressing style")
        own |= set(content_words(_opening(document, i))) if setting else set()  # ("login shell" of DSHELL's sentence)
        others = [w for w in words if w not in own]
        if others and not names(others, where):
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
