"""Who made or keeps a thing: "Who wrote orjson?", "Who maintains python-dotenv?", "Who are the
authors of faiss?", "Who started sympy?". A README says so in a sentence whose subject is the
thing or the project ("orjson was written by ijl", "This project is currently maintained by
Saurabh Kumar", "SymPy was started by Ondřej Čertík in 2005") or under a heading ("Authors",
"Maintainers", "Credits") that the reader, trained on SQuAD, scores under the threshold ("Who
wrote orjson?", 0.06) or passes over for a sentence sharing the question's words (urllib3's "Our
maintainers have a 15+ year track record"). The first such sentence of the document the question
names, its verb one of the role asked ("written", "created" for who wrote it; "maintained" for who
keeps it), answers; else the opening of its section headed by the role, where it names someone
(:func:`authors_answer`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.documents import Document
from index.lexical import content_words
from index.sentences import split_sentences
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.aspects import THING, THING_WORDS, Aspect, heads, named_documents
from qa.changes import under_release
from qa.corpus import Corpus
from qa.how_to import opening_answer
from qa.tasks import opening

AUTHORS_CONFIDENCE = 0.8  # measured by bench/authors.py: see the README
SENTENCE_CHARS = 1000  # the longest sentence cited (its links written out: PyTorch names its maintainers so)
# the role a question asks of, by its verb or noun
_AUTHOR, _MAINTAINER, _DEVELOPER = "author", "maintainer", "developer"
_VERBS = {"wrote": _AUTHOR, "authored": _AUTHOR, "created": _AUTHOR, "made": _AUTHOR, "built": _AUTHOR, "started": _AUTHOR,
          "founded": _AUTHOR, "designed": _AUTHOR, "invented": _AUTHOR, "maintains": _MAINTAINER, "maintained": _MAINTAINER,
          "maintaining": _MAINTAINER, "develops": _DEVELOPER, "developed": _DEVELOPER, "developing": _DEVELOPER}
_NOUNS = {"author": _AUTHOR, "authors": _AUTHOR, "creator": _AUTHOR, "creators": _AUTHOR, "writer": _AUTHOR, "writers": _AUTHOR,
          "maintainer": _MAINTAINER, "maintainers": _MAINTAINER, "developer": _DEVELOPER, "developers": _DEVELOPER}
_FORMS = (
    # "Who wrote orjson?", "Who maintains python-dotenv?", "Who is maintaining X?"
    re.compile(rf"\s*who\s+(?:is\s+|was\s+)?(?P<verb>{'|'.join(_VERBS)})\s+{THING}[\s?.!]*", re.IGNORECASE),
    # "Who are the authors of faiss?", "Who is the current maintainer of X?", "Who are the developers behind X?"
    re.compile(rf"\s*who\s+(?:is|are|was|were)\s+(?:the\s+)?(?:(?:main|original|current|lead|core|primary)\s+)?"
               rf"(?P<noun>{'|'.join(_NOUNS)})\s+(?:of|for|behind)\s+{THING}[\s?.!]*", re.IGNORECASE),
    # "Who is behind X?"
    re.compile(rf"\s*who\s+(?:is|are)\s+behind\s+{THING}[\s?.!]*", re.IGNORECASE),
)
# the participles a sentence says each role with: "orjson was written by ijl", "is currently maintained by"
_SAID = {_AUTHOR: "written|authored|created|developed|initiated|started|designed|built|made|founded",
         _MAINTAINER: "maintained", _DEVELOPER: "developed|maintained"}
# the headings of each role's section ("Authors", "Maintainers", "Credits")
_HEADINGS = {_AUTHOR: ("authors", "author", "creators", "credits"), _MAINTAINER: ("maintainers", "maintainer", "core team"),
             _DEVELOPER: ("developers", "maintainers", "maintainer", "core team", "authors")}
# a subject that is the project itself: "This project", "The dateutil module", "The initial ... code", "It"
_PROJECT = re.compile(r"(?:\b(?:this|the|our)\s+(?:[\w-]+\s+){0,4}(?:project|library|module|package|tool|code|software|work)"
                      r"|^\W*it)\s+(?:\w+\s+){0,3}\Z", re.IGNORECASE)
# someone named: two capitalised words ("Gustavo Niemeyer"), a handle ("@illia-v"), a profile's link
_SOMEONE = re.compile(r"\b[A-Z][\w'’-]+\s+(?:(?:da|de|di|du|van|von|der|la|le)\s+)?[A-Z][\w'’-]+|@[\w-]{2,}|github\.com/[\w-]+")
# what comes right before the participle: "was", "is currently", "has been" (not "threads created by"), or the
# project it says it of ("NumPy is a community-driven open source project developed by")
_PASSIVE = re.compile(r"(?:\b(?:was|is|were|are|been)(?:\s+(?:\w+ly|also|now|still))*"
                      r"|\b(?:project|library|module|package|tool|software))\s+\Z", re.IGNORECASE)
_PARTS = frozenset(("python", "py", "lib", "js", "node", "core", "client", "cli", "api"))  # of a name, not naming it
_NOT_SOMEONE = re.compile(r"(?:using|calling|running|setting|default|hand|means|passing)\b", re.IGNORECASE)


@dataclass(frozen=True)
class WhoAsked:
    """Who a question asks made or keeps ``thing``: its ``role`` ("author", "maintainer" or "developer")."""

    role: str
    thing: str


def asked_who(question: str) -> WhoAsked | None:
    """Who ``question`` asks made or keeps a thing (:class:`WhoAsked`): "Who wrote X?", "Who
    maintains X?", "Who develops X?", "Who are the authors of X?", "Who is the current maintainer
    of X?", "Who is behind X?"; a thing of at most :data:`~qa.aspects.THING_WORDS` words; else None."""
    found = next((m for form in _FORMS if (m := form.fullmatch(question))), None)
    if found is None:
        return None
    said = found.groupdict()
    role = _VERBS[said["verb"].lower()] if said.get("verb") else _NOUNS[said["noun"].lower()] if said.get("noun") else _DEVELOPER
    thing = found["thing"].strip().strip("`*_\"' ")
    if not thing or len(thing.split()) > THING_WORDS:
        return None
    return WhoAsked(role, thing)


def said_by(asked: WhoAsked, document: Document) -> tuple[int, int] | None:
    """The first sentence of ``document`` (not in a release's notes) that says who did what the
    role asked does ("orjson was written by ijl"): one of the role's participles (:data:`_SAID`),
    passive (:data:`_PASSIVE`: not "threads created by OpenBLAS"), followed by "by" and not a
    means ("created by using"), after a subject that writes one of the thing's words (or a word
    ending or starting with it: "PyTorch" of "torch") or is the project itself
    (:data:`_PROJECT`); else None."""
    said = re.compile(rf"\b(?:{_SAID[asked.role]})\s+by\s+(?!{_NOT_SOMEONE.pattern})", re.IGNORECASE)
    own = set(content_words(asked.thing)) | set(content_words(asked.thing.replace("-", " "))) - _PARTS
    for first, after in split_sentences(document.text):
        if after - first > SENTENCE_CHARS:
            continue
        for m in said.finditer(document.text, first, after):
            if not _PASSIVE.search(document.text, first, m.start()):
                continue
            before = content_words(document.text[first:m.start()])
            if (any(w.endswith(o) or w.startswith(o) for w in before for o in own if len(o) > 3 or w == o)
                    or _PROJECT.search(document.text, first, m.start())) and not under_release(document, first):
                return first, after  # (a "History" may tell who started it: only a release's heading is passed over)
    return None


def headed(asked: WhoAsked, document: Document) -> tuple[int, int] | None:
    """The opening of ``document``'s first section headed by the role asked (:data:`_HEADINGS`:
    "Authors", "Maintainers", "Credits"), where it names someone (:data:`_SOMEONE`; threadpoolctl's
    "Maintainers" tells how to make a release); else None."""
    for i, (_, _, title) in enumerate(document.headings):
        if any(heads(Aspect(h, asked.thing), title) for h in _HEADINGS[asked.role]) \
                and (span := opening(document, i)) is not None and _SOMEONE.search(document.text, *span):
            return span
    return None


def authors_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                   cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                   retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks who made or keeps a thing (:func:`asked_who`), in the first
    retrieved document whose title or path names it (:func:`~qa.aspects.named_documents`; not a
    changelog): the sentence saying so
    (:func:`said_by`), else its section headed by the role (:func:`headed`), cited with
    :data:`AUTHORS_CONFIDENCE`; else None."""
    assert config.threshold is not None
    asked = asked_who(question)
    if asked is None or AUTHORS_CONFIDENCE < config.threshold:
        return None
    for p, document in named_documents(asked.thing, passages, documents):
        if (span := said_by(asked, document) or headed(asked, document)) is not None:
            return opening_answer(corpus, question, p, document, span, AUTHORS_CONFIDENCE, config, cache, retrieval_query)
    return None
