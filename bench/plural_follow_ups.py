"""Follow-ups asked of "they", "them" and "their", as a chat goes: "What are the Normans?", then
"Who was their leader?". From a SQuAD 2.0 file, each question of the articles named that writes
the articles' plural name ("the Normans", "Huguenots") is asked alone, as written, and as a
follow-up of "What are the <name>?" with the name written "their" where it is a possessive, "they"
where it opens the question or follows a question word or "did"/"were"/..., and "them" elsewhere.
An answerable question is right where the first citation holds a gold answer's text, an
unanswerable one where it is refused.

    python bench/plural_follow_ups.py ../shared/data/squad2_dev_split/squad2_dev_train.json \\
        --store /tmp/fu-train --names Normans=Normans Huguenot=Huguenots

The store is ``bench/follow_ups.py``'s (one document an article, built there). Prints a line a
follow-up (its verdict, the follow-up, how it was read), then the tally of each way.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections import Counter
from pathlib import Path

_SUBJECT = {"did", "were", "was", "do", "have", "had", "are", "is", "when", "where", "how", "why", "what", "which", "who"}


def follow_ups(path: Path, names: dict[str, str]) -> list[tuple[str, str, str, list[str]]]:
    """(first turn, the question, its follow-up, its gold answers' texts) of each question of the
    articles titled as ``names``' keys that writes the article's plural name (the value)."""
    out = []
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        name = names.get(article["title"], "")
        for qa in (qa for p in article["paragraphs"] for qa in p["qas"]) if name else ():
            m = re.search(rf"(?<!\w)(?:the\s+)?{re.escape(name)}(?P<s>['’]s|['’])?(?!\w)", qa["question"], re.IGNORECASE)
            if m is None:
                continue
            before = qa["question"][:m.start()].split()
            said = "their" if m["s"] else "they" if not before or before[-1].lower() in _SUBJECT else "them"
            follow = qa["question"][:m.start()] + said + qa["question"][m.end():]
            golds = [] if qa.get("is_impossible") else [a["text"] for a in qa["answers"]]
            out.append((f"What are the {name}?", qa["question"], follow[:1].upper() + follow[1:], golds))
    return out


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("squad", type=Path)
    parser.add_argument("--store", type=Path, required=True, help="bench/follow_ups.py's store of the file's articles")
    parser.add_argument("--names", nargs="+", default=["Normans=Normans", "Huguenot=Huguenots"],
                        help="TITLE=PLURAL_NAME for each article asked of")
    args = parser.parse_args()
    from qa import DocumentQA

    rows = follow_ups(args.squad, dict(n.split("=", 1) for n in args.names))
    tally: dict[str, Counter[str]] = {}
    bot = DocumentQA.open(args.store)
    try:
        for first, alone, follow, golds in rows:
            for way, asked, history in (("alone", alone, None), ("follow-up", follow, [first])):
                answer = bot.ask(asked, history=history)
                cited = None if answer.abstained or not answer.citations else answer.citations[0].text
                verdict = ("refused" if cited is None else "right" if any(g in cited for g in golds) else "wrong") if golds \
                    else ("refused" if cited is None else "answered")
                tally.setdefault(f"{way} {'answerable' if golds else 'unanswerable'}", Counter())[verdict] += 1
                if history:
                    print(f"{verdict:8s} {follow} [{answer.retrieval_query}]")
    finally:
        bot.close()
    for way, counts in sorted(tally.items()):
        print(way, dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
