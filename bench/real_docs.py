"""Questions asked of real documentation pages (Debian's python3.11-doc): does the first citation
hold the answer, with the trained reader and with the heuristic, and how often is it the sentence
that only restates the question, or a heading?

    apt-get install python3.11-doc
    python bench/real_docs.py /usr/share/doc/python3.11/html --store /tmp/realdocs-store

Indexes seven tutorial pages and three library pages into the store once (reopened as it is
afterwards), then asks each question with both answerers on the same retrieved passages, and
reports where the first passage that holds the answer ranks among the ten best. SQuAD's
questions were written from the sentence that answers them; these were written the way a reader
of the docs asks, several of them (the epoch, MAXYEAR, round) from the issue that asked for the
reader, where the sentence restating the question comes just before the one that answers it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from doc_pages import open_pages

PAGES = ("tutorial/controlflow", "tutorial/datastructures", "tutorial/errors", "tutorial/classes",
         "tutorial/modules", "tutorial/floatingpoint", "tutorial/inputoutput", "library/time",
         "library/datetime", "library/functions")
# (question, a phrase only an answering sentence holds, once in the ten pages, or a tuple of such
# phrases where more than one sentence answers; None: the pages do not say)
Phrase = str | tuple[str, ...] | None
QUESTIONS: tuple[tuple[str, Phrase], ...] = (
    ("When is the epoch?", "January 1, 1970"),
    ("What is the value of MAXYEAR?", "MAXYEAR is 9999"),
    ("What is the value of MINYEAR?", "MINYEAR is 1."),
    ("Why does round(2.675, 2) give 2.67?", "not a bug: it"),
    ("What does the range() function generate?", "arithmetic progressions"),
    ("What does the pass statement do?", "does nothing"),
    ("How often is a default argument value evaluated?", "evaluated only once"),
    ("What are lambda functions restricted to?", "restricted to a single expression"),
    # "Use 4-space indentation, and no tabs." answers too (counted a miss before 2026-12-04)
    ("How many spaces of indentation does the style guide recommend?", ("4 spaces", "4-space indentation")),
    ("How long should lines be according to the style guide?", "79 characters"),
    ("Which data structure gives fast appends and pops from both ends?", "collections.deque"),
    ("What is a set?", "no duplicate elements"),
    ("Which class is the common base class of all exceptions?", "common base class of all exceptions"),
    ("When is the finally clause executed?", "last task before the"),
    ("What is a namespace?", "mapping from names to objects"),
    ("What is name mangling?", "textually replaced"),
    ("Where does Python cache compiled modules?", "__pycache__ directory"),
    ("Where does the interpreter look for a module after the built-in modules?", "given by the variable sys.path"),
    ("Which statement rebinds a variable of an enclosing scope?", "the nonlocal statement can be used"),
    ("Which decimal fractions cannot be represented exactly as binary fractions?",
     "most decimal fractions cannot be represented exactly as binary"),
    # a second set, written after the first was measured (2026-11-30), over the same pages
    ("How do you read the contents of a file?", "call f.read(size)"),
    ("Why should files be opened with the with keyword?", "properly closed"),
    ("What is turning Python data into a string representation called?", "called serializing"),
    ("What does str.zfill() do?", "with zeros"),
    ("What does time.sleep() do?", "Suspend execution"),
    ("Until which year can 32-bit systems handle dates?", "typically in 2038"),
    ("What does UTC stand for?", "formerly known as Greenwich Mean Time"),
    ("What is DST?", "Daylight Saving Time"),
    ("What is the smallest possible difference between two timedelta objects?",
     "non-equal timedelta objects, timedelta(microseconds=1)"),
    ("What does date.today() return?", "Return the current local date."),
    ("What does abs() return?", "absolute value of a number"),
    ("What does len() return?", "number of items"),
    ("What does zip() do?", "producing tuples with an item from each one"),
    ("What does enumerate() return?", "enumerate object"),
    ("What does id() return?", "identity\u201d of an object"),
    ("What happens when no handler is found for an exception?", "unhandled exception and execution stops"),
    ("What are syntax errors also known as?", "parsing errors"),
    ("What are generators?", "tool for creating iterators"),
    ("What happens when a class is instantiated?", "automatically invokes"),
    ("What does list.sort() do?", "Sort the items of the list in place"),
    ("What are list comprehensions for?", "concise way to create lists"),
    ("How can I remove an item from a list by its index?", "remove an item from a list given its index"),
    ("What is a module?", "file containing Python definitions"),
    ("How can a module find out its own name?", "global variable __name__"),
    ("What does the break statement do?", "innermost enclosing"),
    ("What does a function without a return statement return?", "Falling off the end"),
    ("What is the capital of France?", None),
    ("How do I tune the garbage collector of the Java virtual machine?", None),
    ("Which Python version removed the GIL?", None),
    ("What is the airspeed velocity of an unladen swallow?", None),
    ("Which database does Django use by default?", None),
    ("Who is the release manager of Python 3.11?", None),
)
# a third set, written 2026-12-01 from the pages' text before any reader was asked them (each gold
# phrase checked to occur once in the ten pages); reported apart so the first two sets stay comparable
THIRD_SET: tuple[tuple[str, Phrase], ...] = (
    ("What does hex() do?", "lowercase hexadecimal string prefixed"),
    ("What does sorted() return?", "new sorted list from the items in iterable"),
    ("What does ord() return?", "integer representing the Unicode code point of that character"),
    ("What does chr() return?", "string representing a character whose Unicode code point is the integer i"),
    ("What does max() return?", "largest item in an iterable"),
    ("What does divmod() return?", "pair of numbers consisting of their quotient and remainder"),
    ("What does callable() check?", "appears callable"),
    ("What does time.time() return?", "time in seconds since the epoch as a floating point number"),
    ("What does time.gmtime() do?", "struct_time in UTC in which the dst flag is always zero"),
    ("What does time.process_time() measure?", "sum of the system and user CPU time of the current process"),
    ("What does globals() return?", "dictionary implementing the current module namespace"),
    ("What does time.strptime() do?", "Parse a string representing a time according to a format"),
    ("What does getattr() return?", "value of the named attribute of object"),
    ("What does reversed() return?", "Return a reverse iterator."),
    ("When is the else clause of a loop executed?", "terminates through exhaustion of the iterable"),
    ("What does the continue statement do?", "continues with the next iteration of the loop"),
    ("What is the string literal at the start of a function body called?", "documentation string, or docstring"),
    ("Can tuples be used as dictionary keys?", "can be used as keys if they contain only strings, numbers, or tuples"),
    ("What does the raise statement do?", "force a specified exception to occur"),
    ("Why does a package need an __init__.py file?", "required to make Python treat directories"),
    ("What does the global statement indicate?", "live in the global scope and should be rebound there"),
    ("What does an ExceptionGroup do?", "wraps a list of exception instances"),
    ("What must the __iter__() method of an iterable class return?", "returns an object with a __next__() method"),
    ("What is the str() function meant to return?", "fairly human-readable"),
    ("Are function annotations required?", "Function annotations are completely optional metadata"),
    ("How do I configure an ingress controller in Kubernetes?", None),
    ("What is the population of Tokyo?", None),
)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa.answerer import AnswerConfig, Answerer, ExtractiveAnswerer
    from qa.model_answerer import ModelAnswerer

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="the python3.11-doc html folder (/usr/share/doc/python3.11/html)")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--pdfs", action="store_true",
                        help="DOCS holds the pages printed to PDF (bench/print_pdfs.py), not the HTML pages")
    parser.add_argument("--model", type=Path, default=None,
                        help="a reader folder with its calibration (default: the shipped qa/models/reader)")
    args = parser.parse_args()
    bot = open_pages(args.docs, args.store, PAGES, "pdf" if args.pdfs else "html")
    answerers: dict[str, Answerer] = {"model": ModelAnswerer(bot.corpus, AnswerConfig(answerer="model"), model_dir=args.model),
                 "heuristic": ExtractiveAnswerer(bot.corpus, AnswerConfig(answerer="heuristic"))}
    sets = {"sets 1-2": QUESTIONS, "set 3": THIRD_SET}
    tally = {(name, label): {"cited right": 0, "cited wrong": 0, "refused": 0, "heading": 0, "unrelated refused": 0}
             for label in sets for name in answerers}
    ranks: list[int | None] = []  # of the first of the ten best passages that holds the answer
    try:
        for label, questions in sets.items():
            for question, phrase in questions:
                passages = bot.retrieve(question)
                if phrase is not None:
                    ten = bot.retrieve(question, top_k=10)
                    ranks.append(next((i for i, p in enumerate(ten, 1) if holds(p.text.replace("\n", " "), phrase,
                                                                                   ignore_case=True)), None))
                print(question, f"(answered by: {' or '.join(alternatives(phrase))})" if phrase else "(not in the pages)")
                for name, answerer in answerers.items():
                    answer = answerer.answer(question, passages)
                    quotes = answer.citations or answer.suggestions
                    first = quotes[0] if quotes else None
                    text = first.text.replace("\n", " ") if first else ""
                    heading = first is not None and _is_heading(bot.document(first.source), first.start, first.end)
                    right = phrase is not None and holds(text, phrase, ignore_case=True)
                    verdict = "refused" if answer.abstained else ("cited right" if right else "cited wrong")
                    t = tally[(name, label)]
                    if phrase is None:
                        t["unrelated refused"] += answer.abstained
                    else:
                        t[verdict] += 1
                        t["heading"] += heading and not answer.abstained
                    mark = " [heading]" if heading else ""
                    print(f"  {name:9s} {verdict:11s} confidence {answer.confidence:.2f}  {text[:90]}{mark}")
    finally:
        bot.close()
    print(f"retrieval ({len(ranks)} answerable questions): answering passage first {ranks.count(1)}, "
          f"in the first five {sum(r is not None and r <= 5 for r in ranks)}, "
          f"MRR@10 {sum(1 / r for r in ranks if r) / len(ranks):.3f}")
    for (name, label), t in tally.items():
        answerable = sum(phrase is not None for _, phrase in sets[label])
        unrelated = len(sets[label]) - answerable
        print(f"{name} ({label}): cited right first {t['cited right']}/{answerable}, cited wrong {t['cited wrong']} "
              f"(a heading {t['heading']}), refused {t['refused']}; unrelated refused {t['unrelated refused']}/{unrelated}")


def alternatives(phrase: Phrase) -> tuple[str, ...]:
    """The phrases any one of which marks an answering sentence (none for an unanswerable question)."""
    return () if phrase is None else (phrase,) if isinstance(phrase, str) else phrase


def holds(text: str, phrase: Phrase, *, ignore_case: bool = False) -> bool:
    """Whether ``text`` holds one of the question's answering phrases."""
    if ignore_case:
        return any(p.lower() in text.lower() for p in alternatives(phrase))
    return any(p in text for p in alternatives(phrase))


def _is_heading(document: object, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is one of the document's headings (as its loader found them): it
    lies within the heading's text, give or take a few characters (a number, a symbol). A short
    sentence just after a heading (a definition list's ``dd`` after its ``dt``) is not one."""
    return any(at <= start < at + 8 and end <= at + len(title) + 8
               for at, _level, title in getattr(document, "headings", ()))


if __name__ == "__main__":
    main()
