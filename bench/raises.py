"""What does a call raise? Questions generated from the headings a store holds: is the answer a
sentence of the call's section that says what it raises?

    python bench/raises.py --store /tmp/real-store

Manuals say what a call raises in the call's section ("Raises ValueError if there is no such
item.", "If the data being deserialized is not a valid JSON document, a JSONDecodeError will be
raised.", Node.js's "Throws an `ERR_INVALID_ARG_TYPE` if ..."). For each document, up to
``--per-document`` calls whose name heads one section and whose section has such a sentence (a
word of raising and an exception's name: marked), asked in one of three wordings in turn ("What
exception does list.index() raise?", "Which errors can list.index() raise?", "When does
list.index() raise ValueError?", the exception drawn from the section), and as many whose
section names no exception (unmarked: the documents do not say), asked "What exception does
NAME() raise?". Marked: right when the first citation lies in the call's section, says that
something is raised or thrown and names an exception (the one asked, where the question names
one); wrong when it is anything else; or refused. Unmarked: right when refused, wrong when the
first citation says something is raised, else "answered". To compare two versions of the code,
run each with its tree on ``PYTHONPATH`` (``--save-questions``, then ``--questions``).
"""

from __future__ import annotations

import random
import re
from typing import Any

from drawn import cited, one_section, run, sample, verdict
from parts import call_sections

WORDINGS = ("What exception does {f}() raise?", "Which errors can {f}() raise?", "When does {f}() raise {e}?")
EXCEPTION = re.compile(r"\b(?:[A-Z]\w*(?:Error|Exception|Warning|Exit|Interrupt)|StopIteration|StopAsyncIteration"
                       r"|ERR_[A-Z0-9_]+)\b")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
RAISING = re.compile(r"\b(?:rais(?:e|es|ed|ing)|throws?|thrown|throwing)\b", re.IGNORECASE)


def raised(text: str) -> list[str]:
    """The exceptions ``text``'s sentences say are raised (a word of raising and an exception's
    name in one sentence; not Python's "Raises an auditing event ...")."""
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", text):
        if RAISING.search(sentence) and "auditing event" not in sentence:
            found += EXCEPTION.findall(sentence)
    return list(dict.fromkeys(found))


def draw(bot: Any, per_document: int, seed: int) -> list[dict[str, Any]]:
    """The questions of ``--per-document`` marked and unmarked calls of each document."""
    rng = random.Random(seed)
    found: dict[str, list[dict[str, Any]]] = {}
    for source, document, at, title, name, end in call_sections(bot):
        body = COMMENT.sub(" ", document.text[at + len(title):end])  # (not Node.js's history: "now throws ...")
        found.setdefault(name, []).append({
            "name": name, "source": source, "start": at, "end": end, "raised": raised(body),
            "marked": bool(raised(body)), "silent": not EXCEPTION.search(body) and not RAISING.search(body)})
    pools = (lambda q: q["marked"], lambda q: q["silent"])
    out = sample(one_section(found), per_document, rng, pools, lambda q: q["start"])
    for n, drawn in enumerate(out):
        wording = WORDINGS[n % len(WORDINGS)] if drawn["marked"] else WORDINGS[0]
        drawn["exception"] = rng.choice(drawn["raised"]) if "{e}" in wording else None
        drawn["question"] = wording.format(f=drawn["name"], e=drawn["exception"])
    return out


def judge(q: dict[str, Any], answer: Any) -> tuple[str, str, str]:
    """A question's kind, its verdict, and the line that shows it (see the module's docstring)."""
    kind = "marked" if q["marked"] else "unmarked"

    def says_raised(first: Any) -> bool:
        names = raised(first.text)
        return bool(names) and (q.get("exception") is None or q["exception"] in names)

    said = verdict(q, answer, q["marked"], says_raised, lambda first: bool(RAISING.search(first.text)))
    return kind, said, f"  {said} ({kind}): {q['question']} -> {cited(answer, 100)}"


def main() -> None:
    run(__doc__, 50, ("marked", "unmarked"), lambda bot, args: draw(bot, args.per_document, args.seed), judge)


if __name__ == "__main__":
    main()
