"""Which option does a task, asked of the programs' ``--help`` saved as text, as a user who keeps
a folder of them (or pastes one into a README) would: the questions of ``bench/option_tasks.py``
over ``PROG --help > PROG.txt`` (curl's ``--help all``) of the same 15 programs, each option a
line ("  -i, --ignore-case         ignore case distinctions in patterns and data") instead of a
manual's paragraph.

    python bench/help_options.py --store /tmp/help-store --show

A new STORE is built from the programs installed here (their --help saved into STORE-docs);
an existing one is opened as it is. Judged as bench/option_tasks.py judges: right where the
first citation lies in the program's file and its first line (the tag) writes the option
expected. find's --help lists no -L and xz's no --keep alone of what they do, so some misses are
the help's, not the reader's (listed in the README).
"""

from __future__ import annotations

import subprocess

from judged import bench_main
from man_pages import open_store
from option_tasks import QUESTIONS, UNNAMED, page_judge


def render(program: str) -> str:
    """``program --help`` (curl's ``--help all``: its plain ``--help`` lists a few) as a terminal prints it."""
    args = [program, "--help", "all"] if program == "curl" else [program, "--help"]
    env = {"LC_ALL": "C.UTF-8", "COLUMNS": "80", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # (bzip2 --help exits 0, some not)
    return done.stdout or done.stderr


def main() -> None:
    bench_main(__doc__, QUESTIONS + UNNAMED, lambda store: open_store(store, render), page_judge)


if __name__ == "__main__":
    main()
