"""How well does a reader look up a definition in reference documentation?

    python -m train.probe_docs /usr/share/doc/python3.11/html --model qa/models/reader [--model M2]

Reads the definition examples of the kept pages (``train.docs_data.is_dev_page``: one page in
eight, never trained on; the real-pages benchmark's pages left out) as the reader reads a chunk:
"What does shutil.which() return?" over a window of the page holding that entry among its
neighbours. Reports, for each model, the share whose most probable sentence is the entry's
defining sentence (``hit``), the median sentence margin there, and the AUC of the sentence margin
between the definition windows and the same windows with the entry cut out (``removed``: no
sentence there answers). Then, apart (``attributes``), the kept pages' data attributes'
look-ups ("What is sys.argv?", "What does os.sep hold?"): hit and median margin (no removed
windows among them: their AUC is nan). Last (``faq_and_prose``), the kept pages' FAQ questions
and prose definitions ("What is a set?" over "A set is ..."), with the prose definitions'
removed windows: few (13 on python3.11-doc's kept pages), so a coarse check only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from qa.metrics import auc, contains
from qa.reader import OnnxReader, SpanReader
from train.data import Example
from train.docs_data import docs_examples


def probe(reader: SpanReader, examples: list[Example]) -> dict[str, float]:
    """Sentence hit on the definition examples, and the margin AUC against the removed ones."""
    hits: list[bool] = []
    pos: list[float] = []
    neg: list[float] = []
    for ex in examples:
        reading = reader.read(ex.question, [ex.passage], [list(ex.headings)])  # headings uncitable, as answered
        margin = reading[0].sentence_margin if reading and reading[0].sentence_margin is not None else -30.0
        if ex.answer_start is None:
            neg.append(margin)
            continue
        assert ex.answer_end is not None
        pos.append(margin)
        hits.append(bool(reading) and contains((reading[0].sentence_start, reading[0].sentence_end),
                                               [(ex.answer_start, ex.answer_end)]))
    labels = [True] * len(pos) + [False] * len(neg)
    return {"definitions": len(pos), "removed": len(neg), "hit": float(np.mean(hits)) if hits else float("nan"),
            "median_margin": float(np.median(pos)) if pos else float("nan"), "auc_vs_removed": auc(pos + neg, labels)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="an HTML documentation folder (/usr/share/doc/python3.11/html)")
    parser.add_argument("--model", type=Path, action="append", required=True, help="a reader folder (repeatable)")
    parser.add_argument("--questions", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    callables = docs_examples(args.docs, questions=args.questions, seed=args.seed, dev=True)
    mixed = docs_examples(args.docs, questions=args.questions, seed=args.seed, dev=True, attributes=True)
    attributes = [e for e in mixed if e.kind == "docs_attribute"]
    questions = docs_examples(args.docs, questions=0, seed=args.seed, dev=True, faq_repeats=1, prose_repeats=1)
    report = {}
    for m in args.model:
        reader = OnnxReader(m)
        report[str(m)] = {**probe(reader, callables), "attributes": probe(reader, attributes),
                            "faq_and_prose": probe(reader, questions)}
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
