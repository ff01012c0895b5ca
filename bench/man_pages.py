"""What an option does, asked of manual pages saved as text (``man gzip > gzip.txt``), as a user who
keeps a folder of them would. The pages are this machine's, rendered by ``man`` 80 columns wide
into a folder beside the store.

    python bench/man_pages.py --store /tmp/man-store --show

Indexes the folder into the store once (reopened as it is afterwards). The questions are made
from the pages by this script's own reading of groff's layout (not the indexer's): of each page's
options (a line seven spaces in that opens with "-", after a blank line, with what it does
indented deeper under it or from column 14 on), every ``--every``-th, asked as "What does the -k
option of gzip do?" or "What does gzip -k do?" by turns, by its first name; and for each page
one option it does not have. A question is right where the first citation lies in the asked
option's paragraph (its tag line to the next line indented seven spaces or less), wrong where it
lies elsewhere, refused where the answer is a refusal; the options a page does not have should
be refused."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from judged import Judge, ask_all

PROGRAMS = ("ls", "grep", "tar", "gzip", "find", "sed", "cp", "sort", "du", "curl", "xz", "bzip2", "less", "wget", "diff")
_TAG = re.compile(r"^ {7}(-[^\n]*?)[ \t]*$", re.M)
_MARGIN = re.compile(r"^ {0,7}\S", re.M)


def render(program: str) -> str:
    """``man program`` as text 80 columns wide, as ``man program > program.txt`` saves it."""
    env = {**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"}
    env.pop("MAN_KEEP_FORMATTING", None)
    return subprocess.run(["man", program], capture_output=True, text=True, env=env, check=True).stdout


def options(text: str) -> list[tuple[str, int, int]]:
    """Each option paragraph of a rendered page, the first of each name: its first name and its paragraph's offsets."""
    out: list[tuple[str, int, int]] = []
    for m in _TAG.finditer(text):
        before = text.rfind("\n", 0, max(0, m.start() - 1))
        if text[before + 1:m.start()].strip():
            continue  # (a line of a paragraph)
        after = text[m.end() + 1:text.find("\n", m.end() + 1)]
        inline = len(m.group(0)) > 14 and m.group(0)[13] == " " and m.group(0)[14] != " "
        if not inline and not (after.strip() and len(after) - len(after.lstrip()) > 7):
            continue
        following = _MARGIN.search(text, m.end() + 1)  # (its paragraph ends where a line is seven spaces in or less)
        end = following.start() if following else len(text)
        names = re.findall(r"(?<![\w-])--?[A-Za-z][\w-]*(?:\.\d+)*", m.group(1).split("  ")[0] if inline else m.group(1))
        if names and names[0] not in {name for name, _, _ in out}:  # (its first paragraph: find's "-ls" again under
            out.append((names[0], m.start(), end))                    # UNUSUAL FILENAMES is not its definition)
    return out


def questions(folder: Path, every: int) -> list[tuple[str, str, int, int]]:
    """(question, program, the asked option's paragraph start and end), and the options no page has."""
    out: list[tuple[str, str, int, int]] = []
    for program in PROGRAMS:
        found = options((folder / f"{program}.txt").read_text())
        for n, (name, start, end) in enumerate(found[::every]):
            q = f"What does the {name} option of {program} do?" if n % 2 == 0 else f"What does {program} {name} do?"
            out.append((q, program, start, end))
        out.append((f"What does the --frobnicate-{program} option of {program} do?", program, -1, -1))
    return out


def open_store(store: Path, saved: Callable[[str], str] = render) -> Any:
    """The store, opened as it is, or built from each program's page (``saved``: what a user saves
    of the program, its manual page by default) written into STORE-docs."""
    from qa import DocumentQA

    if store.exists():
        return DocumentQA.open(store)
    docs = store.with_name(f"{store.name}-docs")
    docs.mkdir(parents=True, exist_ok=True)
    for program in PROGRAMS:
        (docs / f"{program}.txt").write_text(saved(program))
    return DocumentQA.build([docs], store)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--every", type=int, default=6, help="ask of every N-th option of each page")
    parser.add_argument("--show", action="store_true", help="print each answer's first citation")
    args = parser.parse_args()
    bot = open_store(args.store)
    docs = args.store.with_name(f"{args.store.name}-docs")

    def judge(program: str, start: int, end: int) -> Judge:
        return lambda first: Path(first.source).name == f"{program}.txt" and start <= first.start < end

    asked = [(q, judge(program, start, end) if start >= 0 else None) for q, program, start, end in questions(docs, args.every)]
    ask_all(bot, asked, (lambda first: f"{Path(first.source).name}:{first.line}") if args.show else None)


if __name__ == "__main__":
    main()
