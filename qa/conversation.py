"""Follow-up questions: borrow the topic of earlier turns for retrieval; where one asks of "it"
and an earlier turn named the thing, ask it of that thing ("What is pacote?", then "How do I
install it?": "How do I install pacote?"; "they", "them" and "their" of a plural thing: "What are
the Normans?", then "Where did they come from?"), and where one asks the last question again of
another thing, ask that ("How do I install semver?", then "What about pacote?": "How do I install
pacote?"), or in another setting ("And on Windows?", or a system named bare after a task's
question, "What about Windows?": "How do I install node-gyp on Windows?"), as the question would
have been asked alone."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from index.doc_names import name_key
from index.lexical import STOPWORDS, content_words
from qa.answers import Passage
from qa.list_items import thing_words
from qa.named import naming_words
from qa.tasks import SETTING_PREPOSITIONS, asked_task

TOPIC_TURNS = 3  # how many earlier user turns are read back for the thing "it" stands for
# "it", "its"; not "it's" ("it is"), nor the "it" of a name ("markdown-it-py")
_IT = re.compile(r"(?<![\w-])(?P<it>it|its)(?![\w-])(?!['’])", re.IGNORECASE)
_THEY = re.compile(r"(?<![\w-])(?P<it>they|them|their)(?![\w-])(?!['’])", re.IGNORECASE)  # of a plural topic
# "it" standing for nothing: "Is it possible to ...", "it takes", "Does it matter whether ..."
_DUMMY_IT = re.compile(r"\bit\s+(?:(?:is|was|be)\s+)?[\w-]+\s+(?:to|that|whether|if)\b"
                       r"|\bit\s+(?:takes?|seems?|matters?|depends?)\b", re.IGNORECASE)

# the last question asked again of another thing: "What about pacote?", "How about nopt?", "And semver?"
_INSTEAD = re.compile(r"\s*(?:(?:and\s+)?(?:what|how)\s+about|and)\s+(?P<thing>.+?)[\s?.!]*", re.IGNORECASE)
_ARTICLES = frozenset({"the", "a", "an"})
# where or how the last question is asked again: "And on Windows?", "What about with conda?", "How about from source?"
_SETTING = re.compile(rf"(?P<by>{SETTING_PREPOSITIONS})\s+\S", re.IGNORECASE)
_WH = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.IGNORECASE)
SETTING_PHRASE_WORDS = 4  # the most words of a setting after its preposition
# systems a task is done on, named bare after a task's question ("How do I install node-gyp?", then "What about
# Windows?": "... on Windows?"); not tools ("What about npm?" asks of npm), which name things as often
_SYSTEMS = frozenset(("windows", "macos", "mac", "osx", "linux", "unix", "freebsd", "openbsd", "bsd", "ubuntu", "debian",
                      "fedora", "centos", "rhel", "alpine", "android", "ios", "wsl", "solaris", "aix"))

_ANAPHORA = re.compile(
    r"(?<![\w-])(?:it|its|they|them|their|theirs|he|him|his|she|her|hers|this|that|these|those|there|then|the same)"
    r"(?![\w-])", re.I)  # (not inside a name: "markdown-it-py", "set-them-free")
_CONTINUATION = re.compile(r"^\s*(?:and|but|also|what about|how about|and what about|so)\b", re.I)


def user_turns(history: Sequence[Any] | None) -> list[str]:
    """The user's earlier questions from a history.

    A history item may be a question string, a Gradio/OpenAI-style message
    ``{"role": "user"|"assistant", "content": ...}``, or a ``(question, answer)`` pair.
    """
    turns: list[str] = []
    for item in history or ():
        if isinstance(item, str):
            turns.append(item)
        elif isinstance(item, Mapping):
            if item.get("role") == "user" and isinstance(item.get("content"), str):
                turns.append(item["content"])
        elif isinstance(item, Sequence) and len(item) == 2 and isinstance(item[0], str):
            turns.append(item[0])
    return [t for t in turns if t.strip()]


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on an earlier turn (a pronoun, "and ...", or too few words)."""
    return _leans(question) or len(content_words(question)) < 2


def _leans(question: str) -> bool:
    """Whether ``question`` says it leans on an earlier turn ("And on Windows?", "How do I install
    it?"), not only in few words ("What is npm?")."""
    return bool(_CONTINUATION.search(question) or _ANAPHORA.search(question))


def resolve_query(question: str, history: Sequence[Any] | None = None) -> str:
    """The text to retrieve with: the question, plus, when it is a follow-up, the last user turn,
    and the turns before it that it says it leans on (:func:`_leans`), at most :data:`TOPIC_TURNS`
    ("What are the requirements?" after "How do I install npm?", "And on Windows?")."""
    turns = user_turns(history)[-TOPIC_TURNS:]
    if not turns or not is_follow_up(question):
        return question
    first = len(turns) - 1
    while first > 0 and _leans(turns[first]):
        first -= 1
    return " ".join([*turns[first:], question])


def topic(turn: str, passages: Callable[[], list[Passage]]) -> str | None:
    """The thing ``turn`` (an earlier question) asks about, as it writes it: what it asks what it is
    or does ("npm" of "What is npm?", "the Scottish Parliament" of "What is the Scottish
    Parliament?"; :func:`qa.list_items.thing_words`), else its words naming a document of the
    retrieved ``passages()`` (called only then; :func:`qa.named.naming_words`; not its task's verb,
    "install" of "How do I install npm?" naming an INSTALL file); not "it" itself; else None."""
    thing = thing_words(turn)
    if thing is None or _IT.search(thing):
        verb = asked_task(turn)
        thing = naming_words(turn, passages(), frozenset({name_key(verb[0])} if verb else ()))
    if thing is None:
        return None
    return f"the {thing}" if re.search(rf"\bthe\s+{re.escape(thing)}", turn, re.IGNORECASE) else thing  # (as written)


def other_thing(question: str) -> str | None:
    """The thing ``question`` asks the last question again of ("pacote" of "What about pacote?",
    "nopt" of "And nopt?"): at most four words, not opening with a function word ("And when was
    it automated?", "What about on Windows?") nor asking of "it"; else None."""
    found = _INSTEAD.fullmatch(question)
    thing = "" if found is None else found["thing"].strip("`*_'\" ")
    first = re.sub(r"\W", "", thing.split()[0]).lower() if thing else ""
    if not first or len(thing.split()) > 4 or (first in STOPWORDS and first not in _ARTICLES) or _IT.search(thing):
        return None
    return thing


def setting(question: str) -> str | None:
    """The setting ``question`` asks the last question again in ("on Windows" of "And on
    Windows?", "with conda" of "What about with conda?"): a preposition and at most
    :data:`SETTING_PHRASE_WORDS` words, not asking ("And in which year?"), nor of a version or a number
    ("And in 2.3?": :mod:`qa.changes` reads it), nor of "it" ("And with it?"); else None."""
    found = _INSTEAD.fullmatch(question)
    said = "" if found is None else found["thing"].strip()
    if not _SETTING.match(said) or len(said.split()) > SETTING_PHRASE_WORDS + 1 or _WH.search(said) or _ANAPHORA.search(said) \
            or re.search(r"\d", said):
        return None
    return said


def system(question: str) -> str | None:
    """The system ``question`` names bare, as a setting ("on Windows" of "What about Windows?",
    "And macOS?": :data:`_SYSTEMS`), else None."""
    found = _INSTEAD.fullmatch(question)
    said = "" if found is None else found["thing"].strip("`*_'\" ")
    return f"on {said}" if said.lower() in _SYSTEMS else None


def _asked_in(question: str, said: str) -> str:
    """``question`` asked in the setting ``said`` (:func:`setting`): written after it, in place of a
    setting of the same preposition it ends with ("How do I install node-gyp on macOS?", then "And
    on Windows?": "How do I install node-gyp on Windows?")."""
    by = _SETTING.match(said)["by"]  # type: ignore[index]
    asked = re.sub(rf"\s+{by}(?:\s+[^\s?.!]+){{1,{SETTING_PHRASE_WORDS}}}[\s?.!]*$", "", question, flags=re.IGNORECASE)
    return f"{asked.rstrip(' ?.!')} {said}?"


def follow_up(question: str, history: Sequence[Any] | None, passages: Callable[[str], list[Passage]]) -> str | None:
    """``question`` as asked alone: asked of the thing its "it" or "its" stands for (the
    :func:`topic` of the last earlier user turn that has one, read back over turns that ask of "it"
    too or ask again of another thing, at most :data:`TOPIC_TURNS`; not a dummy "it", "Is it
    possible to ...", nor where it names its own thing), or its "they", "them" or "their" where that
    thing is plural (:func:`_plural`), or the last earlier turn, as read, asked of
    the other thing it asks of (:func:`other_thing`, where the last turn asks what a thing is or
    names a document, and the other thing names one too); None where it is neither. ``passages``
    gives the passages retrieved for a text (a turn's, called only where its document names are
    read)."""
    reading, _ = _reading([*user_turns(history), question], passages, TOPIC_TURNS + 1, asked=True)
    return None if reading == question else reading


def _asks_of_it(question: str) -> bool:
    return bool(_IT.search(question)) and not _DUMMY_IT.search(question) and (
        (own := thing_words(question)) is None or bool(_IT.search(own)))


def _asks_of_them(question: str) -> bool:
    return bool(_THEY.search(question)) and not _IT.search(question) and (
        (own := thing_words(question)) is None or bool(_THEY.search(own)))


def _plural(question: str, thing: str) -> bool:
    """Whether ``thing``, as ``question`` asks of it, is many: asked with "are" or "were" ("What are
    wheels?", "Who were the Normans?"), or a plural's ending ("the Normans", "requirements"; not
    "class", "bus", "analysis")."""
    return bool(re.search(rf"\b(?:are|were)\s+{re.escape(thing)}(?![\w-])", question, re.IGNORECASE)
                or re.search(r"(?<![sui])s$", thing.split()[-1]))


def _reading(turns: list[str], passages: Callable[[str], list[Passage]], depth: int, *,
             asked: bool = False) -> tuple[str, str | None]:
    """How the last of ``turns`` reads asked alone, and the thing it asks of: read back over at most
    ``depth`` turns where it asks of "it" or asks the turn before it again of another thing. The
    question ``asked`` now is read back where it asks of "it"; an earlier turn is where it has no
    :func:`topic` and writes "it" at all."""
    turn, earlier = turns[-1], turns[:-1]
    if depth > 1 and earlier and (other := other_thing(turn)) is not None:
        before, thing = _reading(earlier, passages, depth - 1)
        if thing is not None and (thing_words(before) is not None or naming_words(turn, passages(turn)) is not None):
            said = _asked_of(before, thing, other)  # (a document's name for a document's: not "What about Windows?")
            if said is not None:
                return said, other
    if depth > 1 and earlier and (said := setting(turn)) is not None:
        before, thing = _reading(earlier, passages, depth - 1)
        return _asked_in(before, said), thing
    if depth > 1 and earlier and (said := system(turn)) is not None:
        before, thing = _reading(earlier, passages, depth - 1)
        if asked_task(before) is not None:  # (a task's: "What is npm?" is not asked "on Windows")
            return _asked_in(before, said), thing
    own = None if asked else topic(turn, lambda: passages(turn))
    pronouns = _IT if (_asks_of_it(turn) if asked else _IT.search(turn)) else \
        _THEY if (_asks_of_them(turn) if asked else _THEY.search(turn)) else None
    if depth > 1 and earlier and own is None and pronouns is not None:
        before, thing = _reading(earlier, passages, depth - 1)
        if thing is None or (pronouns is _THEY and not _plural(before, thing)):
            return turn, None
        return with_topic(turn, thing, pronouns), thing
    return turn, own


def _asked_of(question: str, thing: str, other: str) -> str | None:
    """``question`` with ``thing`` written as ``other`` where it writes it (capitalised where it opens
    the question); None where it does not write it."""
    def written(m: re.Match[str]) -> str:
        return other[:1].upper() + other[1:] if m.start() == 0 else other
    asked, count = re.subn(rf"(?<![\w-]){re.escape(thing)}(?![\w-])", written, question, flags=re.IGNORECASE)
    return asked if count else None


def with_topic(question: str, thing: str, pronouns: re.Pattern[str] = _IT) -> str:
    """``question`` with its "it" written as ``thing`` and its "its" as ``thing``'s (capitalised
    where it opens the question: "The Scottish Parliament ..."); with ``pronouns`` :data:`_THEY`,
    its "they" and "them" as ``thing`` and its "their" as ``thing``' ("the Normans'")."""
    def written(m: re.Match[str]) -> str:
        said = thing + {"its": "'s", "their": "'" if thing.endswith("s") else "'s"}.get(m["it"].lower(), "")
        return said[:1].upper() + said[1:] if m.start() == 0 else said
    return pronouns.sub(written, question)
