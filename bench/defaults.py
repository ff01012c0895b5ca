"""What is an option, or a call's parameter, by default? Questions generated from the headings a
store holds: is the answer the default the manual writes where it defines it?

    python bench/defaults.py --store /tmp/options-store

Manuals write a default where they define the option or the call, in forms of their own:
valgrind's heading "--num-callers=<number> [default: 12]", xsltproc's "The default is 3000."
under "--maxdepth VALUE", Python's signature "sorted(iterable, /, *, key=None, reverse=False)",
Node.js's "* `recursive` {boolean} **Default:** `false`" under its call. For each document, up to
``--per-document`` options (headings that open with one) whose heading or section writes a
default, and as many whose section never writes "default"; and up to as many parameters of calls
(signatures) with a default (``name=value``, or Node.js's "**Default:**" line), and as many
without one; each asked in one of four wordings in turn ("What is the default of the --tool
option?", "What is the default value of the reverse argument of sorted()?", "What does print()
use for end by default?", ...). Names that head more than one section of the store are not asked.
Marked: right when the first citation lies in the heading's section (the heading too) and its
short answer is the default (a parameter's value as written; an option's, where the bench reads
one, at the start of the short answer); wrong when it is anything else; or refused. Unmarked (the
documents do not say): right when refused, wrong when the first citation writes "default", else
"answered". To compare two versions of the code, run each with its tree on ``PYTHONPATH``
(``--save-questions``, then ``--questions``).
"""

from __future__ import annotations

import random
import re
from typing import Any

from added import CALL, OPTION, PARAMETER
from drawn import cited, headed, one_section, run, sample, verdict

# the bench's own readings of a default: an option's ("[default: 12]", "The default is 3000.", "Defaults to 16 KiB."),
# a signature's ("reverse=False"), a Node.js option's ("* `recursive` {boolean} **Default:** `false`")
OPTION_DEFAULT = re.compile(r"\[default:\s*([^\]\n]+)\]|\((?:the\s+)?default(?::| is)?\s*([^)\n]+)\)|\((\w+) by default\)"
                            r"|[Tt]he default (?:value )?is\s+(\S+?)[.,;]?(?:\s|$)|[Dd]efaults to\s+(\S+?)[.,;]?(?:\s|$)")
SIGNATURE_DEFAULT = re.compile(r"(?<![\w.*])(\w+)\s*=\s*('[^']*'|\"[^\"]*\"|<[^<>]*>|[^,()\[\]\s]+)")
NODE_DEFAULT = re.compile(r"^[ \t]*\*[ \t]+`(\w+)`[^\n]*\*\*Default:\*\*[ \t]*`([^`\n]+)`", re.MULTILINE)
OPTION_WORDINGS = ("What is the default of the {o} option?", "What is the default value of {o}?",
                   "What does {o} default to?")
PART_WORDINGS = ("What is the default value of the {p} argument of {f}()?", "What is the default {p} of {f}()?",
                 "What does {f}() use for {p} by default?", "What is the default of {p} in {f}()?")


def option_questions(title: str, text: str, at: int, end: int) -> dict[str, Any] | None:
    """The question an option's heading asks, with the default its heading or section writes (the
    first token of it), or None for the default where neither writes "default" at all; None where
    the section writes "default" in another way (not asked)."""
    option = OPTION.match(title)
    assert option is not None
    section = text[at:end]
    found = OPTION_DEFAULT.search(section)
    if found is None and re.search(r"\bdefault", section, re.IGNORECASE):
        return None
    value = next(g for g in found.groups() if g).strip() if found else None
    return {"name": option.group(1), "part": None, "value": value}


def part_questions(title: str, text: str, at: int, end: int) -> list[dict[str, Any]]:
    """The parameters a call's heading writes, each with the default the signature or a Node.js
    "**Default:**" line of its section writes, or None."""
    call = CALL.match(title)
    assert call is not None
    written = dict(SIGNATURE_DEFAULT.findall(title))
    written |= {name: value for name, value in NODE_DEFAULT.findall(text, at, end) if name not in written}
    parts = list(dict.fromkeys(PARAMETER.findall(title[title.index("(") + 1:]) + list(written)))
    return [{"name": call.group(1), "part": part, "value": written.get(part)} for part in parts]


def draw(bot: Any, per_document: int, seed: int) -> list[dict[str, Any]]:
    """The questions of ``--per-document`` marked and unmarked options and parameters of each document."""
    rng = random.Random(seed)
    found: dict[str, list[dict[str, Any]]] = {}  # name -> its questions
    for source, document, at, title, end in headed(bot):
        title = title.lstrip("`'\"*[( ")
        if OPTION.match(title):
            drawn = [q] if (q := option_questions(title, document.text, at, end)) else []
        elif CALL.match(title) and "(" in title and not title.startswith("class "):
            drawn = part_questions(title, document.text, at, end)
        else:
            continue
        for q in drawn:
            q |= {"source": source, "start": at, "end": end, "kind": "part" if q["part"] else "option"}
            found.setdefault(q["name"], []).append(q)
    pools = [lambda q, k=kind, m=marked: q["kind"] == k and (q["value"] is not None) is m
             for kind in ("option", "part") for marked in (True, False)]
    out = sample(one_section(found), per_document, rng, pools, lambda q: (q["start"], q["part"] or ""))
    for n, q in enumerate(out):
        wordings = PART_WORDINGS if q["part"] else OPTION_WORDINGS
        q["question"] = wordings[n % len(wordings)].format(o=q["name"], p=q["part"], f=q["name"])
    return out


def judge(q: dict[str, Any], answer: Any) -> tuple[str, str, str]:
    """A question's kind, its verdict, and the line that shows it (see the module's docstring)."""
    marked, short = q["value"] is not None, answer.short_answer or ""
    said = verdict(q, answer, marked, lambda first: short == q["value"] if q["part"] else bool(short) and short.startswith(
        q["value"].rstrip(".,;")), lambda first: bool(re.search(r"\bdefault", first.text, re.IGNORECASE)))
    value = f", {q['value']}" if marked else ""
    line = f"  {said} ({q['kind']}{value}): {q['question']} -> {cited(answer, 80)} [{answer.short_answer!r}]"
    return f"{q['kind']} {'marked' if marked else 'unmarked'}", said, line


def main() -> None:
    run(__doc__, 49, [f"{k} {m}" for k in ("option", "part") for m in ("marked", "unmarked")],
        lambda bot, args: draw(bot, args.per_document, args.seed), judge)


if __name__ == "__main__":
    main()
