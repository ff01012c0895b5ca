"""The ask-and-judge loop the hand-written benches share (``bench/faq.py``, ``bench/tasks.py``,
``bench/list_items.py``, ``bench/man_pages.py``): each question with its bench's judge of the first
citation, or none where the documents do not answer it (it should be refused). One line a
question ("right", "wrong", "refused" or, unanswerable, "answered"/"refused", the confidence, the
question; with ``show``, where the first citation lies and its text), then the summary line. With
``--others``, a question that differs from the one before it in one run of words alone is asked as
a chat's follow-up: "What about blingfire?" after "How do I install anyio?", and judged as
"How do I install blingfire?" is (the others are left out)."""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

DOC = Path("/usr/share/doc")

Judge = Callable[[Any], bool]  # whether the first citation (a ``qa.answers.Citation``) is right


def built_store(store: Path, fill: Callable[[Path], None]) -> Any:
    """``DocumentQA`` over ``store``: opened as it is when it exists, else built from the folder
    beside it, ``STORE-docs``, emptied and then filled by ``fill(docs)``."""
    from qa import DocumentQA

    if store.exists():
        return DocumentQA.open(store)
    docs = store.with_name(f"{store.name}-docs")
    shutil.rmtree(docs, ignore_errors=True)
    fill(docs)
    return DocumentQA.build([docs], store)


def copied_store(store: Path, files: Mapping[str, Sequence[str]]) -> Any:
    """:func:`built_store` from copies of ``files`` (of each folder of :data:`DOC`, the names of its
    files, or ``"*"``: all of it)."""
    def fill(docs: Path) -> None:
        for folder, names in files.items():
            if list(names) == ["*"]:
                shutil.copytree(DOC / folder, docs / folder)
                continue
            (docs / folder).mkdir(parents=True)
            for name in names:
                shutil.copy(DOC / folder / name, docs / folder / name)
    return built_store(store, fill)


def in_folder(folder: str, evidence: str) -> Judge:
    """A first citation is right where its file lies in a folder named ``folder`` and its text
    writes ``evidence`` (whitespace-insensitive)."""
    def right(first: Any) -> bool:
        return Path(first.source).parent.name == folder and " ".join(evidence.split()) in " ".join(first.text.split())
    return right


def where(first: Any) -> str:
    """A first citation's folder and file name, as a bench shows it."""
    return f"{Path(first.source).parent.name}/{Path(first.source).name}"


def other_of(before: str, question: str) -> str | None:
    """What ``question`` asks of instead of what ``before`` asks of, where the two differ in one run
    of at most four words alone ("blingfire" of "How do I install blingfire?" after "How do I
    install anyio?"), not in how they ask; else None."""
    a, b = before.rstrip("?").split(), question.rstrip("?").split()
    head = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    tail = next((n for n, (x, y) in enumerate(zip(a[:head - 1:-1], b[:head - 1:-1], strict=False)) if x != y),
                min(len(a), len(b)) - head)
    differs, was = b[head:len(b) - tail], a[head:len(a) - tail]
    asks = {"is", "are", "was", "were", "do", "does", "did"}  # (not "does threadpoolctl do" of "What is X?", "What does Y do?")
    return " ".join(differs) if differs and was and len(differs) <= 4 and not asks & {*differs, *was} else None


def ask_all(bot: Any, asked: Sequence[tuple[str, Judge | None]], show: Callable[[Any], str] | None = None,
            *, others: bool = False, after: Sequence[Sequence[str]] | None = None) -> None:
    """Ask each of ``asked`` of ``bot`` (a ``DocumentQA``, closed at the end) and print the verdicts
    and the tally; ``show`` gives where a first citation lies, printed before its text; ``others``:
    only those that differ from the question before in one run of words, asked as "What about
    <those words>?" after it (:func:`other_of`); ``after``: each question's earlier turns."""
    tally = {"right": 0, "wrong": 0, "refused": 0, "unanswerable refused": 0}
    histories = after if after is not None else [[] for _ in asked]
    turns = [(question, judge, list(history)) for (question, judge), history in zip(asked, histories, strict=True)]
    if others:
        turns = [(f"What about {other}?", judge, [before]) for (before, _), (question, judge) in zip(asked, asked[1:])
                 if (other := other_of(before, question)) is not None]
    try:
        for question, judge, history in turns:
            answer = bot.ask(question, history=history)
            first = answer.citations[0] if answer.citations else None
            if judge is None:
                verdict = "refused" if answer.abstained else "answered"
                tally["unanswerable refused"] += answer.abstained
            else:
                verdict = "refused" if answer.abstained or first is None else "right" if judge(first) else "wrong"
                tally[verdict] += 1
            print(f"{verdict:8s} {answer.confidence:.2f} {question}")
            if show is not None and first is not None:
                print(f"         {show(first)} | {first.text[:160]!r}")
    finally:
        bot.close()
    answerable = sum(judge is not None for _, judge, _ in turns)
    print(f"answerable {answerable}: right {tally['right']}, wrong {tally['wrong']}, refused {tally['refused']}; "
          f"unanswerable refused {tally['unanswerable refused']}/{len(turns) - answerable}")


def bench_main(description: str, questions: Sequence[tuple[str, str, str]], open_bot: Callable[[Path], Any],
               judge: Callable[[str, str], Judge]) -> None:
    """The command line of a bench of ``questions`` (question, where the answer lies, its evidence;
    "" where nothing answers): ``--store STORE [--show]``, the bot ``open_bot`` gives for the
    store, each answerable question judged by ``judge(where, evidence)``."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--show", action="store_true", help="print each answer's first citation")
    parser.add_argument("--others", action="store_true",
                        help='ask a question that differs from the one before in one run of words as "What about <it>?" after it')
    args = parser.parse_args()
    bot = open_bot(args.store)
    asked = [(q, judge(at, evidence) if evidence else None) for q, at, evidence in questions]
    ask_all(bot, asked, where if args.show else None, others=args.others)
