"""Real HTML tables: Python's documentation pages, asked about the cells of their tables.

    python bench/html_tables.py /usr/share/doc/python3.11/html --store DIR

Three pages of Debian's ``python3.11-doc`` (``library/datetime``, ``library/stdtypes``,
``library/time``), whose operation, conversion and format-code tables answer 12 questions. The
first citation counts when it holds the answering cell's text (a phrase once in these pages, or
in the one row that answers), whether the page was indexed with a paragraph per cell or a line
per row. The pages are indexed into DIR (reused as it is when it exists). To compare with another
docqa, run this script with that tree first on the import path (``PYTHONPATH=OLD_TREE``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cell_questions import ask_each

from qa import DocumentQA

PAGES = ("library/datetime.html", "library/stdtypes.html", "library/time.html")
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("What does the %j directive mean?", "Day of the year"),
    ("What does x // y return?", "floored quotient of x and y"),
    ("What does divmod(x, y) return?", "the pair (x // y, x % y)"),
    ("Which function converts seconds since the epoch to a struct_time in UTC?", "Use gmtime()"),
    ("Which function converts a struct_time in local time to seconds since the epoch?", "Use mktime()"),
    ("What does %H mean in a format string?", "Hour (24-hour clock)"),
    ("What does it mean for a clock to be monotonic?", "cannot go backward"),
    ("What is the result of x or y?", "if x is false, then y, else x"),
    ("What does the %w directive stand for?", "Weekday as a decimal number"),
    ("What does abs(t) give for a timedelta t?", "equivalent to +t when t.days >= 0"),
    ("What does float(x) do?", "x converted to floating point"),
    ("What does %A mean?", "Weekday as locale’s full name"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", type=Path, help="the python3.11-doc html folder (/usr/share/doc/python3.11/html)")
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    if args.store.exists():
        bot = DocumentQA.open(args.store)
    else:
        bot = DocumentQA.build([args.docs / page for page in PAGES], args.store)
    ask_each(bot, [(question, (phrase,)) for question, phrase in QUESTIONS])
    bot.close()


if __name__ == "__main__":
    main()
