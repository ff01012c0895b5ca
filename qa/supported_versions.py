"""Which versions of Python (or of another thing) a package supports or needs: "What Python
versions does httpx support?", "Which version of Python does gradio require?", "What is the
minimum Python version for pytest?", "What version of PyTorch does sentence-transformers need?".
A README says so in a sentence ("HTTPX requires Python 3.9+.", "orjson supports CPython 3.10,
3.11, ...") or a requirement's line ("Python 3.10+" under "Requirements") that the reader, trained
on SQuAD, passes over for a sentence sharing more of the question's words ("HTTPX is a fully
featured HTTP client library for Python 3."), or scores under the threshold. The first sentence of
the document the question names that writes the thing asked with a version after it, and says it
is supported or needed ("requires", "supports", "tested on", "recommend") or that it is the least
("3.10+", "3.10 or later", ">= 3.10"), answers (:func:`versions_answer`); not one that says what
was dropped, added or fixed ("Drop support for Python 3.8"), nor a feature's condition ("on Python
3.13 and later"), and a release's notes only where nothing else does and then only "requires"
("fontTools now requires Python 3.11 or later")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from index.documents import Document
from index.sections import enclosing
from index.sentences import split_sentences
from qa.answerer import NOT_FOUND, AnswerConfig
from qa.answers import Answer, Passage
from qa.aspects import THING, THING_WORDS, named_documents
from qa.changes import under_release
from qa.corpus import Corpus
from qa.how_to import opening_answer

VERSIONS_CONFIDENCE = 0.8  # measured by bench/supported_versions.py: see the README
SENTENCE_CHARS = 400  # the longest sentence cited
_OF = r"(?P<of>[A-Za-z][\w.+#-]*?)"  # what versions are asked of: "Python", "Node.js", "PyTorch", "C++"
_VERB = r"(?:support|require|need|use|work\s+with|run\s+on)"
_VERSIONS = r"versions?"
_ASKED_OF = rf"(?:{_OF}\s+{_VERSIONS}|{_VERSIONS}\s+of\s+(?P<of2>[A-Za-z][\w.+#-]*?))"  # "Python versions", "versions of Python"
_FORMS = (
    # "What Python versions does httpx support?", "Which Python does httpx require?"
    re.compile(rf"\s*(?:what|which)\s+{_OF}(?P<versions>\s+{_VERSIONS})?\s+(?:does|do)\s+{THING}\s+{_VERB}[\s?.!]*",
               re.IGNORECASE),
    # "What version of Python does mpmath require?"
    re.compile(rf"\s*(?:what|which)\s+{_VERSIONS}\s+of\s+{_OF}\s+(?:does|do)\s+{THING}\s+{_VERB}[\s?.!]*", re.IGNORECASE),
    # "What is the minimum (supported) Python version for pytest?", "What are the supported versions of Python of X?"
    re.compile(rf"\s*(?:what|which)(?:'s|’s|\s+is|\s+are)\s+(?:the\s+)?(?:(?:minimum|minimal|lowest|oldest|least)\s+)?"
               rf"(?:(?:supported|required|needed)\s+)?{_ASKED_OF}\s+(?:(?:supported|required|needed)\s+)?(?:for|of|by)\s+{THING}"
               r"[\s?.!]*", re.IGNORECASE),
    # "What Python versions are supported by requests?"
    re.compile(rf"\s*(?:what|which)\s+{_ASKED_OF}\s+(?:is|are)\s+(?:supported|required|needed)\s+(?:by|for)\s+{THING}[\s?.!]*",
               re.IGNORECASE),
)
# naming no package (a folder of one project's documents)
_UNNAMED = (
    # "What Python versions are supported?", "Which version of Python is required?"
    re.compile(rf"\s*(?:what|which)\s+{_ASKED_OF}\s+(?:is|are)\s+(?:supported|required|needed)[\s?.!]*", re.IGNORECASE),
    # "What is the minimum (supported) Python version?"
    re.compile(rf"\s*(?:what|which)(?:'s|’s|\s+is|\s+are)\s+the\s+(?:minimum|minimal|lowest|oldest)\s+"
               rf"(?:(?:supported|required|needed)\s+)?{_ASKED_OF}(?:\s+(?:supported|required|needed))?[\s?.!]*", re.IGNORECASE),
)
# other names documents write the thing asked by: "CPython 3.10", "Node.js 18"
_ALIASES = {"python": ("python", "cpython"), "node": ("node", "node.js", "nodejs"), "node.js": ("node", "node.js", "nodejs"),
            "nodejs": ("node", "node.js", "nodejs"), "pytorch": ("pytorch", "torch"), "torch": ("pytorch", "torch")}
# words that say which version, not of what: "What is the latest version of Cargo?"
_NOT_OF = frozenset(("version", "versions", "latest", "newest", "current", "stable", "recent", "last", "first", "next", "new",
                     "old", "oldest", "previous", "release", "default", "same", "exact", "right", "correct", "specific", "this",
                     "that", "supported", "required", "needed", "minimum"))
_VERSION_NUMBER = r"v?\d+(?:\.\d+)*"
_VERSION = rf"{_VERSION_NUMBER}(?:\.x)?"
# what a version may be written with before it: "Python 3.10", "Python >= 3.10", "Python (>= 3.3)", "Python>=3.9",
# "Python versions 3.10 or higher"
_BEFORE = r"(?:\s+versions?)?(?:\s+|\s*\(?\s*(?:>=|≥|>|=)\s*)"
# what says a version is the least: "3.10+", "3.10 or later", "3.10 and higher", ">= 3.10"
_LEAST = re.compile(r"\+|\s+(?:or|and)\s+(?:later|newer|higher|above|greater|up)\b|\s*\(\s*or\s+later")
# what says it is supported or needed
_SUPPORTS = re.compile(r"\b(?:requires?|required|requirements?|supports?|supported|support|compatible|works?\s+(?:with|on)|"
                       r"runs?\s+on|tested|testing|recommend\w*|needs?|needed|minimum)\b", re.IGNORECASE)
# what says what was dropped, added, fixed or is no more: a change, not what is supported
_CHANGED = re.compile(r"\b(?:drop\w*|remov\w*|deprecat\w*|no\s+longer|unsupported|not\s+(?:yet\s+)?supported|adds?|added|"
                      r"adding|fix\w*|until|before|below|earlier|older|prior|last|final|migrat\w*|upgrad\w*|mark\w*|declare\w*)\b",
                      re.IGNORECASE)
# a feature's condition: "(on Python 3.13 and later)", "in Python 3.10+"; not after a verb ("works on", "tested on")
_CONDITION = re.compile(r"(?<!\w)(?:on|in|under|with)\W*\Z", re.IGNORECASE)
_CONDITION_VERB = re.compile(r"(?:works?|runs?|tested|testing|compatible|used|installed)\W+(?:on|in|under|with)\W*\Z",
                             re.IGNORECASE)
# what is no part of a sentence's words: emphasis, code marks, a link's target ("[Python 3.10](https://...)", "`Python <url>`__")
_MARKUP = re.compile(r"\]\([^)\s]*\)|\s<https?://[^>\s]*>`_*|[*`\[\]]")
_CODE_AFTER = re.compile(r"\n[ \t]*(?:```|~~~|\n)")  # where a sentence's text ends: a code fence's line, a blank line
_REQUIRES = re.compile(r"\brequires\b", re.IGNORECASE)
_RELEASES = re.compile(r"\b(?:change\s*log|changes|history|release\s+notes|news)\b", re.IGNORECASE)


@dataclass(frozen=True)
class VersionsAsked:
    """Which versions of ``of`` ("Python") the package ``thing`` ("httpx") supports or needs, as the question writes them."""

    of: str
    thing: str


def asked_versions_of(question: str) -> VersionsAsked | None:
    """What ``question`` asks the versions of, and of which package (:class:`VersionsAsked`): "What
    Python versions does X support?", "Which version of Python does X require?", "What is the
    minimum Python version for X?", "What Python versions are supported by X?", "Which Python
    does X require?" (without "version" only of a thing :data:`_ALIASES` knows); not "What is the
    latest version of X?" (:data:`_NOT_OF`); a package of at most :data:`~qa.aspects.THING_WORDS`
    words; or of no package ("" its ``thing``: "What Python versions are supported?", "What is
    the minimum Python version?", "Which Python version do I need?"); else None."""
    found = next((m for form in _FORMS if (m := form.fullmatch(question))), None)
    if found is None or (asked := _named(found)) is None:
        unnamed = next((m for form in _UNNAMED if (m := form.fullmatch(question))), None)
        of = "" if unnamed is None else unnamed["of"] or unnamed["of2"] or ""
        return VersionsAsked(of, "") if of and of.lower() not in _NOT_OF else None
    return asked


def _named(found: re.Match[str]) -> VersionsAsked | None:
    """What a match of :data:`_FORMS` asks (a package named "I", "you" or "we" is none: "Which
    Python version do I need?"), or None (:func:`asked_versions_of`)."""
    of = found["of"] or found.groupdict().get("of2") or ""
    thing = found["thing"].strip().strip("`*_\"' ")
    if not of or of.lower() in _NOT_OF or not thing or len(thing.split()) > THING_WORDS:
        return None
    if "versions" in found.groupdict() and not found["versions"] and of.lower() not in _ALIASES:
        return None  # "What license does X use?", "What platforms does X support?": no versions asked
    return VersionsAsked(of, "" if thing.lower() in ("i", "you", "we", "one") else thing)


_ASKED_VERSION = rf"(?P<version>{_VERSION_NUMBER})"
_CHECKS = (
    # "Does httpx support Python 3.8?", "Does rich still work with Python 3.7?", "Will X run on Python 3.14?"
    re.compile(rf"\s*(?:does|do|will|would|can)\s+{THING}\s+(?:still\s+|also\s+)?(?:{_VERB})\s+{_OF}\s+{_ASKED_VERSION}"
               r"(?:\s+or\s+(?:later|newer|higher|above))?[\s?.!]*", re.IGNORECASE),
    # "Is gradio compatible with Python 3.9?", "Is X supported on Python 3.8?"
    re.compile(rf"\s*is\s+{THING}\s+(?:still\s+)?(?:compatible\s+with|supported\s+(?:on|by|with))\s+{_OF}\s+{_ASKED_VERSION}"
               r"[\s?.!]*", re.IGNORECASE),
    # "Can I use joblib with Python 3.8?"
    re.compile(rf"\s*can\s+(?:i|you|we|one)\s+(?:use|run|install)\s+{THING}\s+(?:with|on|under)\s+{_OF}\s+{_ASKED_VERSION}"
               r"[\s?.!]*", re.IGNORECASE),
    # "Is Python 3.7 supported by idna?"
    re.compile(rf"\s*(?:is|are)\s+{_OF}\s+{_ASKED_VERSION}\s+(?:still\s+)?supported\s+(?:by|in|for)\s+{THING}[\s?.!]*",
               re.IGNORECASE),
)


def asked_version_check(question: str) -> VersionsAsked | None:
    """What ``question`` asks whether a package supports a version of (:class:`VersionsAsked`):
    "Does X support Python 3.8?", "Is X compatible with Python 3.9?", "Can I use X with Python
    3.8?", "Is Python 3.7 supported by X?"; a version must be asked (not "Does X support PyPy?");
    a package of at most :data:`~qa.aspects.THING_WORDS` words; else None."""
    found = next((m for form in _CHECKS if (m := form.fullmatch(question))), None)
    if found is None:
        return None
    thing = found["thing"].strip().strip("`*_\"' ")
    if found["of"].lower() in _NOT_OF or not thing or len(thing.split()) > THING_WORDS:
        return None
    return VersionsAsked(found["of"], thing)


def _mentions(of: str) -> re.Pattern[str]:
    """The thing ``of`` written with a version after it: "Python 3.9", "CPython 3.10", "Python >= 3.10", "PyTorch 2.2"."""
    spelled = "|".join(re.escape(a) for a in _ALIASES.get(of.lower(), (of.lower(),)))
    return re.compile(rf"(?<![\w.-])(?:{spelled}){_BEFORE}(?P<version>{_VERSION})(?![\w.]*[\w])", re.IGNORECASE)


def _unmarked(text: str) -> str:
    """``text`` with its markup (:data:`_MARKUP`) blanked, each character a space: the offsets stay."""
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def _in_releases(document: Document, at: int) -> bool:
    """Whether ``at`` lies in a release's notes: under a release's heading (:func:`qa.changes.under_release`:
    "4.60.0 (released 2025-09-17)") or one that names a changelog ("Changelog", "History")."""
    return under_release(document, at) or any(_RELEASES.search(title) for _, _, title in enclosing(document.headings, at))


def _condition(before: str) -> bool:
    """Whether the words ``before`` a version make it a feature's condition (:data:`_CONDITION`)."""
    return bool(_CONDITION.search(before)) and not _CONDITION_VERB.search(before)


def statements(of: str, document: Document, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, bool, bool]]:
    """The sentences of ``document.text[start:end]`` that write ``of`` with a version and say it is
    supported or needed (:data:`_SUPPORTS`) or the least (:data:`_LEAST`), as (start, end, whether
    in a release's notes, :func:`_in_releases`, whether it says the least); not one saying what
    changed (:data:`_CHANGED`), nor one where it is a feature's condition (:func:`_condition`)."""
    mentions = _mentions(of)
    for first, after in split_sentences(document.text, start, end):
        if cut := _CODE_AFTER.search(document.text, first, after):  # (a sentence the splitter ran into a code block)
            after = cut.start()
        if after - first > SENTENCE_CHARS:
            continue
        said = _unmarked(document.text[first:after])
        if _CHANGED.search(said):
            continue
        for m in mentions.finditer(said):
            least = bool(_LEAST.match(said, m.end()))
            if _condition(said[:m.start()]) or not (_SUPPORTS.search(said) or least):
                continue
            yield first, after, _in_releases(document, first), least
            break


def supporting(of: str, document: Document, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """The first of :func:`statements` outside a release's notes; else the first inside that says
    "requires" and the least ("fontTools now requires Python 3.11 or later"; not "Require
    cached_property only for Python 3.5"); else None."""
    found = list(statements(of, document, start, end))
    outside = next(((a, b) for a, b, notes, _ in found if not notes), None)
    return outside or next(((a, b) for a, b, notes, least in found if least and _REQUIRES.search(document.text, a, b)), None)


def versions_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                    cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                    retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks which versions of a thing a package supports or needs
    (:func:`asked_versions_of`), :func:`answer_versions`; else None."""
    asked = asked_versions_of(question)
    if asked is None:
        return None
    return answer_versions(asked, corpus, question, passages, config, cache, documents, retrieval_query)


def version_check_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                         cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                         retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks whether a package supports a version of a thing
    (:func:`asked_version_check`: "Does httpx support Python 3.8?"), :func:`answer_versions`: the
    sentence saying which versions it supports is the evidence ("HTTPX requires Python 3.9+."),
    as a yes-or-no statement's is (:mod:`qa.yes_no`, tried before: a sentence writing the
    version asked, "Dropped support of EoL Python 3.8", answers first); else None."""
    asked = asked_version_check(question)
    if asked is None:
        return None
    return answer_versions(asked, corpus, question, passages, config, cache, documents, retrieval_query)


def answer_versions(asked: VersionsAsked, corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                    cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                    retrieval_query: str = "") -> Answer | None:
    """The sentence that says which versions of ``asked.of`` the package supports or needs
    (:func:`supporting`) in the first retrieved document whose title or path names the package
    (:func:`~qa.aspects.named_documents`; not a changelog), cited with :data:`VERSIONS_CONFIDENCE`.
    Refused where such a document is retrieved and neither it nor any passage retrieved writes a version of the thing asked
    (uvicorn's README names Python in a badge alone: the reader's "Uvicorn currently supports
    HTTP/1.1, HTTP/2 and WebSockets." does not answer); else None. Where the question names no
    package, the first retrieved document that says so answers (a folder of one project's
    documents: its README, its install guide), and none is refused."""
    assert config.threshold is not None
    if VERSIONS_CONFIDENCE < config.threshold:
        return None
    named: list[Document] = []  # (of no package named: every retrieved document, and none refused)
    for p, document in named_documents(asked.thing, passages, documents):
        named.append(document)
        if (span := supporting(asked.of, document)) is not None:
            return opening_answer(corpus, question, p, document, span, VERSIONS_CONFIDENCE, config, cache, retrieval_query)
    mentions = _mentions(asked.of)
    if asked.thing and named \
            and not any(mentions.search(_unmarked(text)) for text in [d.text for d in named] + [p.text for p in passages]):
        return Answer(question, NOT_FOUND, abstained=True, confidence=0.0, threshold=config.threshold,
                      retrieval_query=retrieval_query or question,
                      notice=f"{named[0].title or named[0].source} writes no version of {asked.of}")
    return None
