"""Follow-up questions: borrow the topic of earlier turns for retrieval."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from index.lexical import content_words

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
