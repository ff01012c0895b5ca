"""PDF text as people read it: a PDF's extracted text breaks lines where the page did, often
mid-sentence and mid-word ("rep-\\nresented"). Wrapped lines are joined and end-of-line
hyphenation undone, so sentences split and quote cleanly and a cited sentence reads on one line;
lines that end a sentence keep their break, and short lines that end none (headings) become
paragraphs of their own, so they never run into the next sentence."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”)\]]*$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")


def join_wrapped_lines(page: str) -> str:
    """``page`` with wrapped lines joined by a space and ``word-\\npart`` joined as ``wordpart``."""
    lines = [line.rstrip() for line in page.split("\n")]
    lengths = [len(line) for line in lines if line.strip()]
    if len(lengths) < 2:
        return "\n".join(lines)
    # a full line's length: near the longest lines (a median is pulled down by headings on a short page)
    ordered = sorted(lengths)
    typical = ordered[round(0.9 * (len(ordered) - 1))]
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        starts_lower = bool(line[:1].islower())
        if not prev.strip() or not line.strip():
            out.append(line)
        elif _HYPHENATED.search(prev) and starts_lower:
            out[-1] = prev[:-1] + line.lstrip()
        elif (not _SENTENCE_END.search(prev) and len(prev) >= 0.6 * typical) or starts_lower:
            out[-1] = f"{prev} {line.lstrip()}"
        elif not _SENTENCE_END.search(prev):  # a short line that ends no sentence: a heading, a paragraph
            out += ["", line]
        else:
            out.append(line)
    return "\n".join(out)
