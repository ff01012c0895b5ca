"""What does a call's parameter do? Questions generated from the headings a store holds: is the
answer a sentence of the call's section that writes the parameter?

    python bench/parts.py --store /tmp/real-store

Manuals say what a call's parameter does in the call's section, in a sentence about it ("key
specifies a function of one argument ...", Node.js's "* `signal` {AbortSignal} allows aborting an
in-progress readFile"). For each document, up to ``--per-document`` parameters of calls whose
name heads one section (those of the signature, and the options Node.js lists under it) that a
sentence of the section writes (marked), and as many that none writes (unmarked: the documents
do not say), each asked in one of four wordings in turn ("What does the key argument of sorted()
do?", "What is the key parameter of sorted() for?", "What does sorted()'s key argument mean?",
"Explain the key option of sorted()."). Marked: right when the first citation lies in the call's
section and writes the parameter (whether it says what the parameter does is for a reader to
judge: ``--show``); wrong when it is anything else; or refused. Unmarked: right when refused,
wrong when the first citation writes the parameter, else "answered". To compare two versions of
the code, run each with its tree on ``PYTHONPATH`` (``--save-questions``, then ``--questions``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

from added import CALL, PARAMETER
from drawn import cited, headed, one_section, run, sample, verdict

WORDINGS = ("What does the {p} argument of {f}() do?", "What is the {p} parameter of {f}() for?",
            "What does {f}()'s {p} argument mean?", "Explain the {p} option of {f}().")
NODE_OPTION = re.compile(r"^[ \t]*\*[ \t]+`(\w+)`", re.MULTILINE)  # Node.js's list of a call's options
KIND = re.compile(r"^(?:(?:classmethod|staticmethod|abstractmethod|async|coroutine|awaitable)\s+)+")


def writes(text: str, part: str) -> bool:
    """Whether ``text`` writes ``part`` as a word, outside a version line and a signature's "part=value"."""
    text = re.sub(r"^[ \t]*(?:New|Added|Changed|Deprecated) in version[^\n]*$", " ", text, flags=re.MULTILINE)
    return bool(re.search(rf"(?<![\w.-]){re.escape(part)}(?![\w(=-])", text))


def call_sections(bot: Any) -> Iterator[tuple[str, Any, int, str, str, int]]:
    """The sections of the store ``bot`` that a call heads (not a class), as ``drawn.headed``
    gives them, the title without "classmethod" and the like before it, and the call's name."""
    for source, document, at, title, end in headed(bot):
        title = KIND.sub("", title)
        if (call := CALL.match(title)) is not None and "(" in title and not title.startswith("class "):
            yield source, document, at, title, call.group(1), end


def draw(bot: Any, per_document: int, seed: int) -> list[dict[str, Any]]:
    """The questions of ``--per-document`` marked and unmarked parameters of each document."""
    rng = random.Random(seed)
    found: dict[str, list[dict[str, Any]]] = {}
    for source, document, at, title, name, end in call_sections(bot):
        body = document.text[at + len(title):end]
        parts = PARAMETER.findall(title[title.index("(") + 1:]) + NODE_OPTION.findall(body)
        for part in dict.fromkeys(p for p in parts if len(p) > 1):
            found.setdefault(name, []).append({"name": name, "part": part, "source": source, "start": at, "end": end,
                                               "marked": writes(body, part)})
    pools = (lambda p: p["marked"], lambda p: not p["marked"])
    out = sample(one_section(found), per_document, rng, pools, lambda p: (p["start"], p["part"]))
    for n, drawn in enumerate(out):
        drawn["question"] = WORDINGS[n % len(WORDINGS)].format(p=drawn["part"], f=drawn["name"])
    return out


def judge(q: dict[str, Any], answer: Any) -> tuple[str, str, str]:
    """A question's kind, its verdict, and the line that shows it (see the module's docstring)."""
    kind = "marked" if q["marked"] else "unmarked"
    def writes_part(first: Any) -> bool:  # (right where marked, wrong where not)
        return writes(first.text, q["part"])

    said = verdict(q, answer, q["marked"], writes_part, writes_part)
    return kind, said, f"  {said} ({kind}): {q['question']} -> {cited(answer, 100)}"


def main() -> None:
    run(__doc__, 49, ("marked", "unmarked"), lambda bot, args: draw(bot, args.per_document, args.seed), judge)


if __name__ == "__main__":
    main()
