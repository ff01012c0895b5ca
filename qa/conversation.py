"""Follow-up questions: borrow the topic of earlier turns for retrieval; where one asks of "it"
and an earlier turn named the thing, ask it of that thing ("What is pacote?", then "How do I
install it?": "How do I install pacote?"), as the question would have been asked alone."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from index.doc_names import name_key
from index.lexical import content_words
from qa.answers import Passage
from qa.list_items import thing_words
from qa.named import naming_words
from qa.tasks import asked_task

TOPIC_TURNS = 3  # how many earlier user turns are read back for the thing "it" stands for
_IT = re.compile(r"\b(?P<it>it|its)\b(?!['’])", re.IGNORECASE)  # "it", "its"; not "it's" ("it is")
# "it" standing for nothing: "Is it possible to ...", "it takes", "Does it matter whether ..."
_DUMMY_IT = re.compile(r"\bit\s+(?:(?:is|was|be)\s+)?[\w-]+\s+(?:to|that|whether|if)\b"
                       r"|\bit\s+(?:takes?|seems?|matters?|depends?)\b", re.IGNORECASE)

_ANAPHORA = re.compile(
    r"\b(?:it|its|they|them|their|theirs|he|him|his|she|her|hers|this|that|these|those|there|then|the same)\b",
    re.I,
)
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
    words = content_words(question)
    return bool(_CONTINUATION.search(question) or _ANAPHORA.search(question) or len(words) < 2)


def resolve_query(question: str, history: Sequence[Any] | None = None) -> str:
    """The text to retrieve with: the question, plus the last user turn when it is a follow-up."""
    turns = user_turns(history)
    if not turns or not is_follow_up(question):
        return question
    return f"{turns[-1]} {question}"


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


def follow_up_topic(question: str, history: Sequence[Any] | None, passages: Callable[[], list[Passage]]) -> str | None:
    """The thing "it" or "its" in ``question`` stands for: the :func:`topic` of the last earlier
    user turn that has one, read back over turns that ask of "it" too (at most
    :data:`TOPIC_TURNS`); None where ``question`` asks of no "it", of a dummy "it" ("Is it possible
    to ..."), or names its own thing."""
    if not _IT.search(question) or _DUMMY_IT.search(question) or (
            (own := thing_words(question)) is not None and not _IT.search(own)):
        return None
    for turn in user_turns(history)[::-1][:TOPIC_TURNS]:
        if (found := topic(turn, passages)) is not None:
            return found
        if not _IT.search(turn):
            return None
    return None


def with_topic(question: str, thing: str) -> str:
    """``question`` with its "it" written as ``thing`` and its "its" as ``thing``'s (capitalised
    where it opens the question: "The Scottish Parliament ...")."""
    def written(m: re.Match[str]) -> str:
        said = thing + ("'s" if m["it"].lower() == "its" else "")
        return said[:1].upper() + said[1:] if m.start() == 0 else said
    return _IT.sub(written, question)
