"""What does a C library's function do? Questions generated from the headings a store holds: is
the first citation what the function's section says it does, past its prototype?

    python bench/c_functions.py --store /tmp/c-store --per-document 20

A C library's reference heads each function's section with its bare name and writes its
prototype first, what it does after (expat's "XML_ParserFree", then "void XMLCALL
XML_ParserFree(XML_Parser p);", then "Free memory used by the parser. ..."; bzip2's manual's
"3.4.2. BZ2_bzRead", then "int BZ2_bzRead ( int *bzerror, BZFILE *b, void *buf, int len );",
then "Reads up to len (uncompressed) bytes ..."): kind "prototype". Python's C API reference
heads it with the signature ("PyObject *PyList_New(Py_ssize_t len)") and may note its reference
and ABI before what it does ("Return value: New reference. Part of the Stable ABI."): kind
"signature". A GNU manual (Texinfo's) heads it with a definition line, its category first
("Function: void sha256_digest (struct sha256_ctx *ctx, ...)", "Macro: CBC_ENCRYPT (ctx, f,
...)"; nettle's manual), several such lines stacked over one paragraph where they share it:
kind "definition" (a stacked line's section is the paragraph under the last). For each
document, up to ``--per-document`` headings (seeded) of a name written as C writes one with "_"
in it (its numbering left out; any name of a definition line), of any kind, heading one section
of the store (no other heading names it), with more in the section than its notes (for a
prototype's: after the prototype, which is the section's first paragraph, writes the name and
"(" and ends with ";", this bench's own reading), are asked in one of four wordings in turn
("What does NAME do?", "What does NAME() do?", "What is NAME?", "What does the NAME function
do?"). Right when the first
citation lies in the function's section, after its prototype, and is not its notes ("Return
value: ...", "Part of the ..."); wrong when it is anything else (the prototype itself, another
function's words); or refused. To compare two versions of the code, run each with its tree on
``PYTHONPATH`` (``--save-questions``, then ``--questions``).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Any

from drawn import cited, headed, one_section, run, sample, verdict

NAME = re.compile(r"(?:\d+(?:\.\d+)*\.?\s+)?([A-Za-z]\w*_\w*)")  # "XML_ParserFree", "3.4.2. BZ2_bzRead"
# "PyObject *PyList_New(Py_ssize_t len)", "const char *PyUnicode_AsUTF8(PyObject *unicode)"
SIGNATURE = re.compile(r"(?:const\s+|unsigned\s+)?[A-Za-z_]\w*\s*\**\s+\**([A-Za-z]\w*_\w*)\(.*\)")
# a GNU manual's definition line (Texinfo's @deftypefun, @defmac): "Function: void sha256_digest (struct sha256_ctx *ctx, ...)"
DEFINITION = re.compile(r"(?:Function|Macro):\s+(?:[\w *]*?[\s*])?([A-Za-z_]\w*)\s*\(.*\)")
NOTES = re.compile(r"(?:Return value:|Part of the )")
WORDINGS = ("What does {f} do?", "What does {f}() do?", "What is {f}?", "What does the {f} function do?")
KINDS = ("prototype", "signature", "definition")


def _name(title: str) -> tuple[str, str] | None:
    """The function a heading names and its kind, or None."""
    if (named := NAME.fullmatch(title.strip())) is not None:
        return named.group(1), "prototype"
    if (signed := SIGNATURE.fullmatch(title.strip())) is not None and not title.startswith("class "):
        return signed.group(1), "signature"
    if (defined := DEFINITION.fullmatch(title.strip())) is not None:
        return defined.group(1), "definition"
    return None


def draw(bot: Any, per_document: int, seed: int) -> list[dict[str, Any]]:
    """The questions of up to ``--per-document`` functions of each document."""
    rng = random.Random(seed)
    found: dict[str, list[dict[str, Any]]] = {}
    headings = list(headed(bot))
    heads = Counter(named[0] for *_, title, _ in headings if (named := _name(title)))
    for n, (source, document, at, title, end) in enumerate(headings):
        if (named := _name(title)) is None or heads[named[0]] > 1:
            continue  # (a name several sections head, expat's overview's "XML_Parse" too: which one?)
        name, kind = named
        last = n  # (a definition line stacked over the next: the paragraph under the last of them)
        while kind == "definition" and not document.text[headings[last][2] + len(headings[last][3]):headings[last][4]].strip() \
                and last + 1 < len(headings) and headings[last + 1][0] == source and _name(headings[last + 1][3]):
            last += 1
        at_end, end = headings[last][2] + len(headings[last][3]), headings[last][4]
        body = document.text[at_end:end].strip("\n")
        first, _, rest = body.partition("\n\n")
        if kind == "prototype" and not (re.search(rf"\b{re.escape(name)}\s*\(", first) and first.rstrip().endswith(";")):
            continue
        said = rest if kind == "prototype" else "\n\n".join(b for b in body.split("\n\n") if not NOTES.match(b.strip()))
        if not said.strip():
            continue  # (nothing said but the prototype or the notes)
        declared_end = document.text.index(first, at_end) + len(first) if kind == "prototype" else at_end
        found.setdefault(name, []).append({"name": name, "kind": kind, "source": source, "start": at, "end": end,
                                           "declared_end": declared_end})
    out = sample(one_section(found), per_document, rng, (lambda q: True,), lambda q: q["start"])
    for n, drawn in enumerate(out):
        drawn["question"] = WORDINGS[n % len(WORDINGS)].format(f=drawn["name"])
    return out


def judge(q: dict[str, Any], answer: Any) -> tuple[str, str, str]:
    """A question's kind, its verdict, and the line that shows it (see the module's docstring)."""
    said = verdict(q, answer, True, lambda first: first.start >= q["declared_end"] and not NOTES.match(first.text),
                   lambda first: False)
    return q["kind"], said, f"  {said} ({q['kind']}): {q['question']} -> {cited(answer, 80)}"


def main() -> None:
    run(__doc__, 65, KINDS, lambda bot, args: draw(bot, args.per_document, args.seed), judge)


if __name__ == "__main__":
    main()
