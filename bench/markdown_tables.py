"""Real Markdown tables: Node.js's own documentation, asked about the cells of its tables.

    python bench/markdown_tables.py /usr/share/doc/nodejs --store DIR

Three files of Debian's ``nodejs`` package (``apt-get install nodejs``): ``BUILDING.md`` (the
supported platforms, compilers and binary packages: wide tables, some over 20 rows, so rows sit
in chunks apart from their header), ``api/fs.md`` (file mode constants) and ``api/intl.md`` (what
each ICU build supports). 15 questions, each answered by one row: the first citation counts when
it holds every phrase listed for that row (its first cell and the answering cell's text), so a
row cited as the file's ``| a | b |`` line and as its cells count alike. The files are copied into
DIR-docs and indexed into DIR (reused as it is when it exists). To compare with another docqa, run
this script with that tree first on the import path (``PYTHONPATH=OLD_TREE``).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from cell_questions import ask_each

from qa import DocumentQA

FILES = ("BUILDING.md", "api/fs.md", "api/intl.md")
QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Which compiler version is required to build Node.js on Linux?", ("Linux", "GCC >= 10.1")),
    ("Which Visual Studio version is needed to build Node.js on Windows?", ("Visual Studio 2019 or 2022",)),
    ("Which Xcode version builds Node.js on macOS?", ("Xcode >= 11",)),
    ("What is the support tier of macOS on arm64?", ("macOS", "arm64", ">= 11", "Tier 1")),
    ("What is the minimum FreeBSD version supported?", ("FreeBSD", ">= 12.4")),
    ("Which AIX version is supported?", ("AIX", ">= 7.2 TL04")),
    ("Which toolchain builds the linux-arm64 binary package?", ("linux-arm64", "RHEL 8 with GCC 10")),
    ("What is used to build the win-x64 and win-x86 binaries?", ("win-x64", "Visual Studio 2019")),
    ("What does fs.constants.S_IWUSR mean?", ("S_IWUSR", "write by owner")),
    ("What is the octal value of fs.constants.S_IRGRP?", ("S_IRGRP", "0o40")),
    ("Which permissions does the file mode number 5 give?", ("`5`", "read and execute")),
    ("Which file mode number means write only?", ("`2`", "write only")),
    ("Does String.prototype.normalize() work when Node.js is built without ICU?",
     ("normalize()", "none (function is no-op)")),
    ("How well does the REPL work without ICU?", ("[REPL]", "inaccurate line editing")),
    ("How much of Intl does a small-icu build support?", ("[`Intl`][]", "partial (English-only)")),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", type=Path, help="the nodejs documentation folder (/usr/share/doc/nodejs)")
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    if args.store.exists():
        bot = DocumentQA.open(args.store)
    else:
        folder = args.store.with_name(args.store.name + "-docs")
        for name in FILES:
            target = folder / name.replace("/", "-")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(args.docs / name, target)
        bot = DocumentQA.build([folder], args.store)
    ask_each(bot, QUESTIONS)
    bot.close()


if __name__ == "__main__":
    main()
