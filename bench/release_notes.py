"""Questions that name a version, asked of git's release notes (Debian's git package): does
retrieval find the passage of that version's notes, and does the first citation come from it?

    python bench/release_notes.py /usr/share/doc/git --store /tmp/git-store

Indexes the whole folder into the store once, as a user would (reopened as it is afterwards).
Most release notes mention the same commands ("git shortlog learned ..." comes back in many
versions); the version asked about is written only in the notes' title ("Git v2.39 Release
Notes") and file name (``2.39.0.txt``), so a question is answered by its version's file or not
at all. Every phrase below was checked to occur in its file; where it also occurs in other
versions' notes the question is harder still. A citation counts as right when it holds the
phrase and comes from the named file.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from real_docs import holds

# (question, the file that answers it, a phrase the answering sentence holds)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("What did git shortlog learn in Git 2.39?", "2.39.0.txt", 'group by the "format" string'),
    ("Which option was added to git patch-id in Git 2.39?", "2.39.0.txt", "--include-whitespace"),
    ("What does git symbolic-ref HEAD report in Git 2.39?", "2.39.0.txt", "underlying"),
    ("What does git worktree list show in Git 2.30?", "2.30.0.txt", "worktree is locked"),
    ("Which new option of git push was added in Git 2.30?", "2.30.0.txt", "--force-if-includes"),
    ("Which configuration variable did git clone learn in Git 2.30?", "2.30.0.txt", "clone.defaultremotename"),
    ("Which placeholder did git log --format learn in Git 2.25?", "2.25.0.txt", "l/L"),
    ("What did git apply --3way learn to honor in Git 2.25?", "2.25.0.txt", "merge.conflictStyle"),
    ("What does git help -a give in Git 2.20?", "2.20.0.txt", "verbose output"),
    ("Which palette does git grep use in Git 2.35?", "2.35.0.txt", "GNU grep"),
    ("What does git status --porcelain=v2 show in Git 2.35?", "2.35.0.txt", "number of stash entries"),
    ("What is the default push semantics in Git 2.0?", "2.0.0.txt", '"simple" semantics'),
    ("What did git worktree add learn in Git 2.10?", "2.10.0.txt", "short-hand for"),
    ("Which option was deprecated in Git 1.8.0?", "1.8.0.txt", '--set-upstream" is deprecated'),
)
# a second set, written 2026-12-05 after the title field and the reader's context were tried on
# the first, before either was asked these; reported apart
SECOND_SET: tuple[tuple[str, str, str], ...] = (
    ("Which new subcommand did git branch learn in Git 2.22?", "2.22.0.txt", "--show-current"),
    ("What did git worktree add --lock learn in Git 2.33?", "2.33.0.txt", "record why the worktree is"),
    ("What does git remote -v show in Git 2.37?", "2.37.0.txt", "list-objects-filter"),
    ("Which option did git am learn in Git 2.3?", "2.3.0.txt", "--message-id"),
    ("What did git clone --reference learn in Git 2.3?", "2.3.0.txt", "--dissociate"),
    ("Which library support was dropped in Git 2.31?", "2.31.0.txt", "PCRE1"),
    ("What can core.abbrev be set to in Git 2.31?", "2.31.0.txt", "set to 'no'"),
    ("What did git pull learn to warn about in Git 2.27?", "2.27.0.txt", "warn when no pull.rebase"),
    ("What did git p4 learn in Git 2.5?", "2.5.0.txt", "--changes-block-size"),
    ("Which option did git rebase learn to honor in Git 2.18?", "2.18.0.txt", "--signoff"),
    ("What is git status not anymore in Git 1.7.0?", "1.7.0.txt", 'is not "git commit --dry-run" anymore'),
)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa import DocumentQA
    from qa.answerer import AnswerConfig, Answerer, ExtractiveAnswerer
    from qa.model_answerer import ModelAnswerer

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="git's documentation folder (/usr/share/doc/git)")
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    bot = DocumentQA.open(args.store) if args.store.exists() else DocumentQA.build([args.docs], args.store)
    answerers: dict[str, Answerer] = {"model": ModelAnswerer(bot.corpus, AnswerConfig(answerer="model")),
                                      "heuristic": ExtractiveAnswerer(bot.corpus, AnswerConfig(answerer="heuristic"))}
    sets = {"set 1": QUESTIONS, "set 2": SECOND_SET}
    right = {(label, name): 0 for label in sets for name in answerers}
    ranks: dict[str, list[int | None]] = {label: [] for label in sets}  # of the first of the ten best passages that answers
    try:
        for label, questions in sets.items():
            for question, name, phrase in questions:
                ten = bot.retrieve(question, top_k=10)
                ranks[label].append(next((i for i, p in enumerate(ten, 1) if answers(p, name, phrase)), None))
                print(f"{question} ({name}: {phrase}) passage rank {ranks[label][-1]}; first passages from "
                      + ", ".join(Path(p.source).name for p in ten[:3]))
                passages = ten[:bot.retriever.config.top_k]
                for kind, answerer in answerers.items():
                    answer = answerer.answer(question, passages)
                    first = answer.citations[0] if answer.citations else None
                    ok = first is not None and answers(first, name, phrase)
                    right[(label, kind)] += ok
                    where = Path(first.source).name if first else "-"
                    text = " ".join(first.text.split())[:80] if first else "(refused)"
                    print(f"  {kind:9s} {'right' if ok else 'wrong'} {where:12s} {text}")
    finally:
        bot.close()
    for label, found in ranks.items():
        print(f"retrieval ({label}, {len(found)} questions): answering passage first {found.count(1)}, "
              f"in the first five {sum(r is not None and r <= 5 for r in found)}, "
              f"MRR@10 {sum(1 / r for r in found if r) / len(found):.3f}")
    for (label, kind), n in right.items():
        print(f"{kind} ({label}): first citation right (file and phrase) {n}/{len(sets[label])}")


def answers(quote: Any, name: str, phrase: str) -> bool:
    """Whether a passage or citation comes from the file ``name`` and holds ``phrase`` (its
    whitespace, the file's line wraps and indents, read as single spaces)."""
    return Path(quote.source).name == name and holds(" ".join(quote.text.split()), phrase)

if __name__ == "__main__":
    main()
