"""Follow-up questions asked of "it", as a chat goes: "What is Warsaw?", then "What archdiocese
is it the seat of?". From a SQuAD 2.0 file, every question that writes its article's title as a
name of its own ("the Scottish Parliament", "Warsaw's"; not "the Warsaw Confederation") is asked
three ways over one store of its articles: alone, as written; as a follow-up, the title written
"it" (or "its") after a first turn "What is <title>?"; and the follow-up again with no history (what
the reader makes of "it" with nothing to go on). An answerable question is right where the first
citation holds a gold answer's span (``citation_hit@1``), an unanswerable one where it is refused.

    python bench/follow_ups.py ../shared/data/squad2_dev_split/squad2_dev_train.json --store /tmp/fu-train

Builds the store from the file (one document an article, as ``qa eval`` does) where it does not
exist, else opens it. Prints a line a question with ``--show``, then the summary: for each way,
answerable right / wrong / refused and unanswerable refused (``--follow-ups-only``: the follow-ups
alone, to compare two trees).
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any


def follow_ups(path: Path) -> list[dict[str, Any]]:
    """The questions of the SQuAD file at ``path`` that write their article's title on its own, each
    with its first turn and its follow-up; the answerable ones with their gold spans (as
    :func:`qa.datasets.load_squad` offsets them in the article's document)."""
    out = []
    for n, article in enumerate(json.loads(path.read_text(encoding="utf-8"))["data"]):
        title = str(article["title"]).replace("_", " ")
        named = re.compile(rf"(?<![\w-])(?P<the>the\s+)?{re.escape(title)}(?P<s>['’]s)?(?![\w-])(?!\s+(?-i:[A-Z]))",
                           re.IGNORECASE)  # (not before a capitalised word: "the Warsaw Confederation")
        offset = 0
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                question = qa["question"].strip()
                found = named.search(question)
                if found is None or re.search(r"[A-Z][\w'’-]*\s+$", question[:found.start()]):
                    continue  # (the title inside a longer name: "King Sigismund of Warsaw")
                it = "its" if found["s"] else "it"
                follow = question[:found.start()] + (it.capitalize() if found.start() == 0 else it) + question[found.end():]
                spans = [(offset + int(a["answer_start"]), offset + int(a["answer_start"]) + len(a["text"]))
                         for a in qa["answers"]] if not qa.get("is_impossible") else []
                out.append({"article": n, "first": f"What is {found['the'] or ''}{title}?", "question": question,
                            "follow": follow, "gold": spans})
            offset += len(paragraph["context"]) + 2
    return out


def judged(answer: Any, gold: list[tuple[int, int]]) -> str:
    """"right", "wrong" or "refused" for an answerable question (the first citation holds a gold
    span); "refused" or "answered" for an unanswerable one."""
    if answer.abstained or not answer.citations:
        return "refused"
    if not gold:
        return "answered"
    c = answer.citations[0]
    return "right" if any(c.start <= a and b <= c.end for a, b in gold) else "wrong"


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.store import Store
    from qa import DocumentQA
    from qa.datasets import load_squad

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="a SQuAD 2.0 JSON file")
    parser.add_argument("--store", type=Path, required=True, help="the store of its articles (built where missing)")
    parser.add_argument("--show", action="store_true", help="a line a question")
    parser.add_argument("--follow-ups-only", action="store_true",
                        help="ask the follow-ups only (alone and with no history answer the same in two trees)")
    args = parser.parse_args(argv)
    asked = follow_ups(args.dataset)
    if Store.exists(args.store):
        bot = DocumentQA.open(args.store)
    else:
        docs = args.store.with_name(f"{args.store.name}-docs")
        docs.mkdir(parents=True, exist_ok=True)
        load_squad(args.dataset, docs)
        bot = DocumentQA.build([docs], args.store)
    ways = ("follow-up",) if args.follow_ups_only else ("alone", "follow-up", "it alone")
    counts: dict[str, Counter[str]] = {way: Counter() for way in ways}
    try:
        for q in asked:
            kind = "answerable" if q["gold"] else "unanswerable"
            verdicts = {way: judged(bot.ask(q["question"] if way == "alone" else q["follow"],
                                            history=[q["first"]] if way == "follow-up" else None), q["gold"])
                        for way in ways}
            for way, verdict in verdicts.items():
                counts[way][f"{kind} {verdict}"] += 1
            if args.show:
                print(" ".join(f"{v:8}" for v in verdicts.values()), q["first"], "/", q["follow"])
    finally:
        bot.close()
    answerable = sum(1 for q in asked if q["gold"])
    print(f"{len(asked)} questions, {answerable} answerable, {len(asked) - answerable} unanswerable")
    for way, c in counts.items():
        print(f"{way:10} answerable right/wrong/refused {c['answerable right']}/{c['answerable wrong']}/"
              f"{c['answerable refused']}, unanswerable refused {c['unanswerable refused']} of {len(asked) - answerable}")


if __name__ == "__main__":
    main()
