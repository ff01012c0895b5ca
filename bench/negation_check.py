"""Negated questions, and questions about exceptions, asked of real pages (Debian's python3.11-doc
tutorial): does the calibration's negation check (qa/mismatch.py) keep answering the answerable
ones, and refuse look-alikes?

    python bench/negation_check.py /usr/share/doc/python3.11/html/tutorial --store /tmp/negcheck-store
    python bench/negation_check.py DIR --store S --baseline OLD_CALIBRATION.json   # beside another calibration

Indexes six tutorial pages (controlflow, datastructures, errors, classes, floatingpoint, modules)
into the store once, then asks each question with the shipped calibration and, with
``--baseline``, another one (e.g. ``git show ea1d9f5:qa/models/reader/calibration.json``, the
calibration before the check) on the same retrieved passages.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from doc_pages import open_pages

PAGES = ("controlflow", "datastructures", "errors", "classes", "floatingpoint", "modules")
# (question, a phrase of the sentence that answers it; None: the pages do not say)
QUESTIONS = (
    ("What do functions without a return statement return?", "return without an expression"),
    ("What happens when a requested attribute is not found in the class?", "base class"),
    ("Which instance variables cannot be accessed except from inside an object?", "private"),
    ("Why can't lists be used as dictionary keys?", "modified in place"),
    ("What happens if no handler is found for an exception?", "does not match the exception"),
    ("Which decimal fractions cannot be represented exactly as binary fractions?", "most decimal fractions"),
    ("Which namespace is never deleted?", "built-in names"),
    ("Which Python version did not support list comprehensions?", None),
    ("Which exception is not raised by dividing by zero?", None),
    # not negated: "exception" is a noun here (SQuAD's "What is the exception to ...?" made it look like a
    # negation word; counted as one, it refused the first two and cited another sentence for the third)
    ("Which exception do generators raise when they terminate?", "StopIteration"),
    ("What exception does calling pos_only_arg with a keyword raise?", "TypeError"),
    ("Which exception type is printed as part of the message?", "type is printed"),
    ("Which exception is raised when dividing by zero?", "ZeroDivisionError"),
    # not negated either, though "None" and "except" are negation words: Python's None and except clause
    ("When does a function return None?", "falling off the end"),
    ("How many except clauses can a try statement have?", "more than one except clause"),
)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa.answerer import AnswerConfig
    from qa.model_answerer import CALIBRATION_FILE, ModelAnswerer
    from qa.reader import Calibration, shipped_model_dir

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="the python3.11-doc tutorial folder")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--baseline", type=Path, default=None, help="another calibration.json to compare with")
    args = parser.parse_args()
    calibrations = {"shipped": Calibration.load(shipped_model_dir() / CALIBRATION_FILE)}
    if args.baseline is not None:
        calibrations["baseline"] = Calibration.load(args.baseline)
    bot = open_pages(args.docs, args.store, PAGES)
    try:
        for question, phrase in QUESTIONS:
            passages = bot.retrieve(question)
            print(question, f"(answered by: {phrase})" if phrase else "(not in the pages)")
            for name, calibration in calibrations.items():
                answerer = ModelAnswerer(bot.corpus, AnswerConfig(answerer="model"), calibration=calibration)
                answer = answerer.answer(question, passages)
                quotes = answer.citations or answer.suggestions
                first = quotes[0].text.replace("\n", " ") if quotes else ""
                right = phrase is not None and phrase.lower() in first.lower()
                verdict = "refused" if answer.abstained else ("cited right" if right else "cited wrong")
                print(f"  {name:8s} {verdict:11s} confidence {answer.confidence:.2f}  {first[:80]}")
    finally:
        bot.close()


if __name__ == "__main__":
    main()
