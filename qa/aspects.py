"""What a thing has, asked of the section that heads it: "What are the features of pytest?", "What
is the license of cachetools?", "What are the dependencies of httpx?", "What does fastapi
require?". A README heads such a section with the aspect alone ("Features", "License",
"Dependencies", "Requirements", "Known limitations") and opens it with a list or a line ("MIT")
that the reader, trained on SQuAD, scores under the threshold or passes over for a sentence
elsewhere that shares the question's words (a badge's "License" link, a changelog's "New
features"). The section whose heading is the aspect asked, in a document the question names,
answers with its opening (:func:`aspect_answer`); where none is, a sentence introducing the
aspect's list ("The key features are:", :func:`introduced`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.documents import Document
from index.lexical import content_words
from index.sentences import split_sentences
from index.text_formats import CHANGES_NAME
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.asked_terms import names
from qa.corpus import Corpus
from qa.extract import stem
from qa.how_to import opening_answer
from qa.list_items import BULLET
from qa.tasks import JOINED, NUMBERING, OPENING_CHARS, around, opening

ASPECT_CONFIDENCE = 0.8  # measured by bench/aspects.py: see the README
ASPECT_WORDS = 3  # the most words of an aspect asked ("known limitations", "system requirements")
THING_WORDS = 4  # the most words of the thing it is asked of
# words that rank an aspect rather than name it: "the main features", "Key Features", "Known limitations"
# and "supported" ("Supported Platforms" is what "What platforms does X support?" asks)
QUALIFIERS = frozenset(("main", "key", "core", "known", "important", "notable", "major", "principal", "primary", "most",
                        "supported"))
_SPELLINGS = {"licence": "license", "licences": "licenses", "licensing": "license"}
THING = r"(?P<thing>[^\s?'’][^?]*?)"  # the thing a question asks of, as it writes it
_ASPECT = rf"(?P<aspect>[\w-]+(?:\s+[\w-]+){{0,{ASPECT_WORDS + 1}}})"
_FORMS = (
    # "What are the features of pytest?", "What is the licence for blingfire?"
    re.compile(rf"\s*what(?:'s|\s+is|\s+are)\s+(?:the\s+)?{_ASPECT}\s+(?:of|for)\s+{THING}[\s?.!]*", re.IGNORECASE),
    # "What are pytest's features?"
    re.compile(rf"\s*what(?:'s|\s+is|\s+are)\s+{THING}['’]s?\s+{_ASPECT}[\s?.!]*", re.IGNORECASE),
    # "What license does fastapi use?", "Which features does pytest have?"
    re.compile(rf"\s*(?:what|which)\s+{_ASPECT}\s+(?:does|do)\s+{THING}\s+(?:use|have|need|offer|provide|support|come\s+with)"
               r"[\s?.!]*", re.IGNORECASE),
)
# "What does fastapi require?", "What does httpx depend on?"
_VERBED = re.compile(rf"\s*what\s+does\s+{THING}\s+(?P<verb>require|need|depend\s+on)[\s?.!]*", re.IGNORECASE)
_VERB_ASPECTS = {"require": "requirements", "need": "requirements", "depend on": "dependencies"}
INTRO_CHARS = 120  # the longest sentence introducing an aspect's list ("The main features of this library are:")
_INTRO = frozenset(stem(w) for w in ("library", "package", "project", "module", "tool", "program", "software"))
# a sentence introducing a list by what follows: "Truststore requires Python 3.10 or later and supports the following platforms:"
_FOLLOWING = re.compile(r"\bthe\s+following\s+(?P<what>[^:\n]{1,60}?):\Z", re.IGNORECASE)


@dataclass(frozen=True)
class Aspect:
    """What a question asks a thing has: the ``aspect`` ("features", "license"; its
    :data:`QUALIFIERS` left out) and the ``thing`` ("pytest"), as it writes them."""

    aspect: str
    thing: str

    @property
    def stems(self) -> frozenset[str]:
        return _stems(self.aspect)


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(_SPELLINGS.get(w, w)) for w in content_words(text) if w not in QUALIFIERS)


def asked_aspect(question: str) -> Aspect | None:
    """What ``question`` asks a thing has (:class:`Aspect`): "What are the (main) features of X?",
    "What are X's features?", "What license does X use?", "What does X require?" (its
    requirements), "What does X depend on?" (its dependencies); an aspect of at most
    :data:`ASPECT_WORDS` words besides its qualifiers, of a thing of at most :data:`THING_WORDS`;
    else None."""
    found = next((m for form in _FORMS if (m := form.fullmatch(question))), None)
    if found is not None:
        aspect, thing = found["aspect"], found["thing"].strip()
    elif (verbed := _VERBED.fullmatch(question)) is not None:
        aspect, thing = _VERB_ASPECTS[" ".join(verbed["verb"].lower().split())], verbed["thing"].strip()
    else:
        return None
    asked = Aspect(aspect, thing.strip("`*_\"' "))
    if not asked.stems or len(asked.stems) > ASPECT_WORDS or not asked.thing or len(asked.thing.split()) > THING_WORDS:
        return None
    return asked


def heads(asked: Aspect, title: str) -> bool:
    """Whether a heading ``title`` is the aspect asked, and nothing else: its words, its
    :data:`QUALIFIERS`, numbering and the thing's own words left out, are the aspect's ("Key
    Features" for "the main features", "📝 License" for "licence", "Features of pytest"; not "New
    features" nor "Contributing"); a heading joining a second topic with "and" where its part
    before is ("License and Copyright")."""
    own = _stems(asked.thing)
    said = _stems(NUMBERING.sub("", title)) - own
    if said == asked.stems:
        return True
    joined = JOINED.split(title, maxsplit=1)
    return len(joined) == 2 and _stems(NUMBERING.sub("", joined[0])) - own == asked.stems


def aspect_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                  cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                  retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks what a thing has (:func:`asked_aspect`), the opening
    (:func:`~qa.tasks.opening`) of the first section, in retrieval order of its document (each
    document's headings read, whichever of its passages was retrieved; not a changelog's), whose
    heading is the aspect (:func:`heads`) and whose document's title and path, or the headings
    over it, name the thing ("pytest" of ``pytest/README.rst``), cited with
    :data:`ASPECT_CONFIDENCE`; else the first sentence of a passage, in a document whose title or
    path names the thing, introducing the aspect's list (:func:`introduced`). Else None."""
    assert config.threshold is not None
    asked = asked_aspect(question)
    if asked is None or ASPECT_CONFIDENCE < config.threshold:
        return None
    thing = content_words(asked.thing)
    found = [(p, document) for p in passages if (document := documents(p)) is not None
             and not CHANGES_NAME.search(Path(document.source).name)]
    seen: set[str] = set()
    for p, document in found:
        if document.source in seen:
            continue
        seen.add(document.source)
        for i, (_, _, title) in enumerate(document.headings):
            if heads(asked, title) and names(thing, around(document.headings, i, document.title, document.source)) \
                    and (span := opening(document, i)) is not None:
                return opening_answer(corpus, question, p, document, span, ASPECT_CONFIDENCE, config, cache, retrieval_query)
    for p, document in found:  # (no heading: a sentence introducing the aspect's list, in a document named for the thing)
        if names(thing, f"{document.title} {' '.join(Path(document.source).parts)}") \
                and (span := introduced(asked, document.text, p.start, p.end)) is not None:
            return opening_answer(corpus, question, p, document, span, ASPECT_CONFIDENCE, config, cache, retrieval_query)
    return None


def named_documents(thing: str, passages: list[Passage],
                    documents: Callable[[Passage], Document | None]) -> Iterator[tuple[Passage, Document]]:
    """The documents of ``passages``, each once with its first passage, in retrieval order, whose
    title or path names ``thing`` (:func:`qa.asked_terms.names` of its content words: "httpx" of
    ``httpx/README.md``); not a changelog."""
    words = content_words(thing)
    seen: set[str] = set()
    for p in passages:
        document = documents(p)
        if document is None or document.source in seen or CHANGES_NAME.search(Path(document.source).name):
            continue
        seen.add(document.source)
        if names(words, f"{document.title} {' '.join(Path(document.source).parts)}"):
            yield p, document


def introduced(asked: Aspect, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first sentence of ``text[start:end]`` that introduces the list of the aspect asked: it
    ends with ":", its words are the aspect's, the thing's, :data:`QUALIFIERS` and "library",
    "package" and the like (:data:`_INTRO`) alone ("The key features are:", "The main features of this library are:";
    not "New features:"), or it ends with "the following" and the aspect, whatever comes before
    ("Bling Fire supports the following tokenization algorithms:"), and a list's items follow it
    (:func:`_items_end`): the sentence through them; else None."""
    for first, after in split_sentences(text, start, end):
        said = text[first:after]
        if not said.endswith(":") or len(said) > INTRO_CHARS:
            continue
        following = _FOLLOWING.search(said)
        if (_stems(said) - _stems(asked.thing) - _INTRO == asked.stems
                or following is not None and _stems(following["what"]) - _stems(asked.thing) == asked.stems) \
                and (last := _items_end(text, after)) is not None:
            return first, last
    return None


def _items_end(text: str, at: int) -> int | None:
    """Where the list that starts on a line after ``at`` (blank lines between) ends: its items'
    lines and the indented lines continuing them, to the first other line, its items within
    :data:`~qa.tasks.OPENING_CHARS` of ``at`` (the first whatever its length); None where no item
    follows."""
    end: int | None = None
    pos = text.find("\n", at)
    while 0 <= pos < len(text):
        line_end = len(text) if (nl := text.find("\n", pos + 1)) < 0 else nl
        line = text[pos + 1:line_end]
        if BULLET.match(line):
            if end is not None and line_end - at > OPENING_CHARS:
                break
            end = line_end
        elif line.strip() and not (end is not None and line[:1] in " \t" and line_end - at <= OPENING_CHARS):
            break
        elif line.strip():
            end = line_end  # (an item's indented line)
        pos = nl
    return end
