"""Ask questions whose answers are table cells and print how the first citation fares
(``bench/html_tables.py``, ``bench/markdown_tables.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from qa import DocumentQA


def ask_each(bot: DocumentQA, questions: Sequence[tuple[str, tuple[str, ...]]]) -> None:
    """Each question asked; its first citation right when it holds every phrase listed with it; a
    line each, then the counts."""
    right = refused = 0
    for question, phrases in questions:
        answer = bot.ask(question)
        cited = answer.citations[0].text if answer.citations and not answer.abstained else ""
        hit = bool(cited) and all(phrase in cited for phrase in phrases)
        right += hit
        refused += answer.abstained
        verdict = "refused" if answer.abstained else "cited right" if hit else "cited wrong"
        print(f"{question}\n  {verdict:<12} confidence {answer.confidence:.2f}  {' '.join(cited.split())[:100]}")
    print(f"cited right first {right}/{len(questions)}, refused {refused}")
