"""Questions asked of FAQs: the plain-text FAQs Debian installs (zlib, procps, XZ Utils, sed, lsof,
base-files, man-db), Cargo's FAQ page (rustup's documentation) and the Python FAQ pages
(python3.11-doc). A FAQ heads each answer with its question, and a user who read the list, or
who has the same question, asks it in the FAQ's words or nearly.

    python bench/faq.py --store /tmp/faq-store --show

Copies the files into a folder beside the store and indexes them into the store once (reopened as it is
afterwards), then asks each question with the default answerer. A question is marked right where
the first citation lies in the answer to the FAQ question it was written for: in the section that
question heads, or, where the document has no such heading (plain text), between that question
and the next line of its own ending with "?" (:func:`in_answer`); wrong where it lies elsewhere,
refused where the answer is a refusal. The questions the documents do not answer should be
refused. The questions were written by hand (2026-12-06) from the FAQs' questions: most as the
FAQ asks (asides and numbers left out), some in other words ("Does zlib work on a 64-bit
machine?" for "Will zlib work ...", "Does Cargo support cross-compilation?").
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
from pathlib import Path
from typing import Any

from judged import Judge, ask_all, built_store

DOC = Path("/usr/share/doc")
FILES = {"zlib": DOC / "zlib1g-dev/FAQ.gz", "procps": DOC / "procps/FAQ.gz", "xz": DOC / "xz-utils/faq.txt.gz",
         "sed": DOC / "sed/sedfaq.txt.gz", "lsof": DOC / "lsof/00FAQ.gz", "base-files": DOC / "base-files/FAQ",
         "man-db": DOC / "man-db/FAQ"}
CARGO = "share/doc/rust/html/cargo/faq.html"  # under a rustup toolchain
# (question, the FAQ's file (its folder here), the FAQ question it was written for, as written; "" where none answers)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("Is zlib Y2K-compliant?", "zlib", "Is zlib Y2K-compliant?"),
    ("Is zlib thread-safe?", "zlib", "Is zlib thread-safe?"),
    ("Can zlib handle .zip archives?", "zlib", "Can zlib handle .zip archives?"),
    ("Can I use zlib in my commercial application?", "zlib", "Can I use zlib in my commercial application?"),
    ("Does zlib work on a 64-bit machine?", "zlib", "Will zlib work on a 64-bit machine?"),
    ("Can zlib work with more than 4 GB of data?", "zlib", "Can zlib work with greater than 4 GB of data?"),
    ("Does zlib have any security vulnerabilities?", "zlib", "Does zlib have any security vulnerabilities?"),
    ("Is there a Java version of zlib?", "zlib", "Is there a Java version of zlib?"),
    ("Is zlib under the GNU license?", "zlib", "Is zlib under the GNU license?"),
    ("Why does ps -aux complain about a bogus '-'?", "procps", "Why does \"ps -aux\" complain about a bogus '-'?"),
    ("Why do long usernames get printed as numbers?", "procps", "Why do long usernames get printed as numbers?"),
    ("Why does ps get signal 17?", "procps", "Why does ps get signal 17?"),
    ("What systems does procps support?", "procps", "What systems are supported?"),
    ("Why do ps and top show threads individually?", "procps", "Why do ps and top show threads individually?"),
    ("Why don't I see per-CPU stats in top?", "procps", "Why don't I see SMP (per-CPU) stats in top?"),
    ("What do the letters XZ mean?", "xz", "What do the letters XZ mean?"),
    ("What are LZMA and LZMA2?", "xz", "What are LZMA and LZMA2?"),
    ("Do XZ Utils support the .7z format?", "xz", "Do XZ Utils support the .7z format?"),
    ("Can I recover parts of a broken .xz file?", "xz", "Can I recover parts of a broken .xz file"),
    ("Is XZ Utils patented?", "xz", "Is (some part of) XZ Utils patented?"),
    ("How can I extract .tar.xz files?", "xz", "I have installed xz, but my tar doesn't recognize"),
    ("Can I quickly convert .lzma files to the .xz format?", "xz", "I have many .lzma files. Can I quickly convert"),
    ("What is sed?", "sed", "What is sed?"),
    ("How do I perform a case-insensitive search with sed?", "sed", "How do I perform a case-insensitive search?"),
    ("How do I insert a newline into the RHS of a substitution?", "sed",
     "How do I insert a newline into the RHS of a substitution?"),
    ("How do I convert a string to all lowercase or capital letters?", "sed",
     "How do I convert a string to all lowercase or capital letters?"),
    ("Where can I learn to use sed?", "sed", "Where can I learn to use sed?"),
    ("How do I parse a CSV file with sed?", "sed", "How do I parse a comma-delimited (CSV) data file?"),
    ("Where do I get lsof?", "lsof", "Where do I get lsof?"),
    ("Is there a test suite for lsof?", "lsof", "Is there a test suite?"),
    ("How do I report an lsof bug?", "lsof", "How do I report an lsof bug?"),
    ("Is lsof vulnerable to the standard I/O descriptor attack?", "lsof",
     "Is lsof vulnerable to the standard I/O descriptor attack?"),
    ("Why is lsof so slow?", "lsof", "Why is lsof so slow?"),
    ("Does lsof have security problems?", "lsof", "Does lsof have security problems?"),
    ("Why doesn't lsof report full path names?", "lsof", "Why doesn't lsof report full path names?"),
    ("How do I know which Debian distribution I'm running?", "base-files", "how do I know which distribution I'm running?"),
    ("Why isn't license foo included in common-licenses?", "base-files",
     "Why isn't license \"foo\" included in common-licenses?"),
    ("Why use man-db instead of man?", "man-db", "Why use man-db instead of man?"),
    ("Does Cargo work on Windows?", "cargo", "Does Cargo work on Windows?"),
    ("Why have Cargo.lock in version control?", "cargo", "Why have Cargo.lock in version control?"),
    ("Why is Cargo rebuilding my code?", "cargo", "Why is Cargo rebuilding my code?"),
    ("Will Cargo work with C code?", "cargo", "Will Cargo work with C code (or other languages)?"),
    ("How can Cargo work offline?", "cargo", "How can Cargo work offline?"),
    ("Why does my build take up so much space?", "cargo", "Why does my build take up so much space?"),
    ("Does Cargo support cross-compilation?", "cargo", "Does Cargo handle multi-platform packages or cross-compilation?"),
    ("Why are floating-point calculations so inaccurate?", "pyfaq", "Why are floating-point calculations so inaccurate?"),
    ("Why can't I use an assignment in an expression?", "pyfaq", "Why can’t I use an assignment in an expression?"),
    ("Is there a source code level debugger?", "pyfaq",
     "Is there a source code level debugger with breakpoints, single-stepping, etc.?"),
    ("Why is Python installed on my machine?", "pyfaq", "Why is Python installed on my machine?"),
    ("Is it possible to write obfuscated one-liners in Python?", "pyfaq",
     "Is it possible to write obfuscated one-liners in Python?"),
    ("Why does Python use indentation for grouping of statements?", "pyfaq",
     "Why does Python use indentation for grouping of statements?"),
    ("Why isn't there a switch statement in Python?", "pyfaq", "Why isn’t there a switch or case statement in Python?"),
    ("Can I create my own functions in C?", "pyfaq", "Can I create my own functions in C?"),
    ("Is Python a good language for beginning programmers?", "pyfaq",
     "Is Python a good language for beginning programmers?"),
    ("Why is there no goto in Python?", "pyfaq", "Why is there no goto?"),
    ("How fast are exceptions?", "pyfaq", "How fast are exceptions?"),
    ("Why are Python strings immutable?", "pyfaq", "Why are Python strings immutable?"),
    ("Can I delete Python?", "pyfaq", "Can I delete Python?"),
    # not in the documents
    ("Is zlib written in Rust?", "", ""),
    ("Does Cargo work on Android?", "", ""),
    ("Why does ps show zombie processes?", "", ""),
    ("Can sed edit PDF files?", "", ""),
    ("Why is zlib slower than zstd?", "", ""),
    ("What is the latest version of Cargo?", "", ""),
    ("Who maintains the Java port of XZ?", "", ""),
    ("Can I use sed to resize images?", "", ""),
    ("Is lsof available on the Nintendo Switch?", "", ""),
    ("Why does Python not have tail call optimization?", "", ""),
)
_NEXT_QUESTION = re.compile(r"\n[ \t]*\n[^\n]*\?[ \t]*\n")  # the next paragraph whose first line ends with "?"


def in_answer(text: str, written: str, start: int) -> bool:
    """Whether ``start`` lies in the answer to the FAQ question ``written`` (whitespace-insensitive)
    in ``text``: after the question's last place (its first can be a table of contents' line),
    before the next paragraph whose first line ends with "?"."""
    found = ([None, *re.finditer(r"\s+".join(re.escape(w) for w in written.split()), text)])[-1]
    if found is None:
        return False
    after = _NEXT_QUESTION.search(text, found.end())
    return found.end() <= start < (after.start() if after else len(text))


def open_store(faq: Path, cargo: Path | None, store: Path) -> Any:
    """``DocumentQA`` over ``store`` (``judged.built_store``): built from copies of the FAQs in
    ``STORE-docs`` (kept: the judging reads the plain-text ones)."""
    def fill(docs: Path) -> None:
        for name, path in FILES.items():
            (docs / name).mkdir(parents=True)
            shutil.copy(path, docs / name / path.name)
        if cargo is not None:
            (docs / "cargo").mkdir()
            shutil.copy(cargo, docs / "cargo" / cargo.name)
        shutil.copytree(faq, docs / "pyfaq")
    return built_store(store, fill)


def text_of(source: str) -> str:
    """The text a plain-text FAQ's citation offsets count in (decompressed; HTML pages judged by their headings)."""
    data = Path(source).read_bytes()
    return (gzip.decompress(data) if source.endswith(".gz") else data).decode("utf-8", "replace").replace("\r\n", "\n")


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faq", type=Path, default=DOC / "python3.11/html/faq")
    parser.add_argument("--cargo", type=Path, default=next(Path.home().glob(f".rustup/toolchains/stable-*/{CARGO}"), None))
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--show", action="store_true", help="print each answer's first citation")
    args = parser.parse_args()
    bot = open_store(args.faq, args.cargo, args.store)

    def judge(folder: str, written: str) -> Judge:
        def right(first: Any) -> bool:
            headed = any(written.rstrip("?") in title for title in first.section.split(" › "))
            plain = not first.source.endswith(".html") and in_answer(text_of(first.source), written, first.start)
            return Path(first.source).parent.name == folder and (headed or plain)
        return right

    def shown(first: Any) -> str:
        return f"{Path(first.source).parent.name}/{Path(first.source).name} § {first.section.split(' › ')[-1]}"

    asked = [(q, judge(folder, written) if written else None) for q, folder, written in QUESTIONS
             if folder != "cargo" or args.cargo is not None]
    ask_all(bot, asked, shown if args.show else None)


if __name__ == "__main__":
    main()
