"""Which option does a task, asked of manual pages saved as text as a user who keeps a folder of
them would: "How do I make grep ignore case?", "Which option of tar lists the contents of an
archive?". The pages are those of ``bench/man_pages.py`` (15 programs, rendered by ``man`` 80
columns wide into a folder beside the store; the same store serves both benches).

    python bench/option_tasks.py --store /tmp/man-store --show

A question is right where the first citation lies in the program's page and its tag (its first
line, and the tags stacked under it) writes the option expected, wrong where it does not, refused
where the answer is a refusal; the tasks no option does should be refused. Written by hand (2026-12-06) from
the pages, as a user would ask them: some knowing the option's words, some in other words (the
rule reads the option's words: "resume a download" is not wget's "Continue getting a
partially-downloaded file", "follow redirects" not curl's "-L, --location").
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from judged import Judge, bench_main
from man_pages import open_store

# (question, the program whose page answers, what the first citation must write; "" where nothing answers)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("Which option makes grep ignore case?", "grep", "--ignore-case"),
    ("How do I make grep ignore case?", "grep", "--ignore-case"),
    ("How do I search recursively with grep?", "grep", "--recursive"),
    ("How do I print line numbers with grep?", "grep", "--line-number"),
    ("Which grep option inverts the match?", "grep", "--invert-match"),
    ("How do I count matching lines with grep?", "grep", "--count"),
    ("How do I print only the names of files with matches with grep?", "grep", "--files-with-matches"),
    ("How do I sort by file size with ls?", "ls", "-S"),
    ("How do I show hidden files with ls?", "ls", "--all"),
    ("Which ls option lists subdirectories recursively?", "ls", "--recursive"),
    ("How do I make ls print sizes in human readable format?", "ls", "--human-readable"),
    ("Which ls option sorts by modification time?", "ls", "-t"),
    ("How do I reverse the order of the sort with ls?", "ls", "--reverse"),
    ("How do I make sort compare numerically?", "sort", "--numeric-sort"),
    ("How do I sort human readable numbers?", "sort", "--human-numeric-sort"),
    ("Which sort option reverses the result?", "sort", "--reverse"),
    ("How do I remove duplicate lines with sort?", "sort", "--unique"),
    ("How do I keep the input file when compressing with gzip?", "gzip", "--keep"),
    ("Which gzip option decompresses?", "gzip", "--decompress"),
    ("How do I make gzip compress faster?", "gzip", "--fast"),
    ("Which option of tar lists the contents of an archive?", "tar", "--list"),
    ("How do I extract files from an archive with tar?", "tar", "--extract"),
    ("How do I create a new archive with tar?", "tar", "--create"),
    ("Which tar option filters the archive through gzip?", "tar", "--gzip"),
    ("How do I follow redirects with curl?", "curl", "--location"),
    ("How do I make curl silent?", "curl", "--silent"),
    ("Which curl option sets the user agent?", "curl", "--user-agent"),
    ("How do I write the output to a file with curl?", "curl", "--output"),
    ("How do I resume a download with wget?", "wget", "--continue"),
    ("Which wget option limits the download rate?", "wget", "--limit-rate"),
    ("How do I make wget download recursively?", "wget", "--recursive"),
    ("Which option makes cp preserve timestamps?", "cp", "--preserve=mode,ownership,timestamps"),
    ("How do I make cp copy directories recursively?", "cp", "--recursive"),
    ("How do I make cp ask before overwriting?", "cp", "--interactive"),
    ("How do I show human-readable sizes with du?", "du", "--human-readable"),
    ("How do I display only a total with du?", "du", "--summarize"),
    ("How do I make diff ignore whitespace?", "diff", "--ignore-all-space"),
    ("How do I make diff ignore blank lines?", "diff", "--ignore-blank-lines"),
    ("Which option makes find follow symbolic links?", "find", "-L"),
    ("How do I make sed edit files in place?", "sed", "--in-place"),
    ("Which sed option suppresses automatic printing?", "sed", "--quiet"),
    ("How do I make xz keep the input files?", "xz", "--keep"),
    ("Which xz option tests the integrity of compressed files?", "xz", "--test"),
    ("How do I make bzip2 decompress?", "bzip2", "--decompress"),
    ("How do I make less ignore case in searches?", "less", "--ignore-case"),
    # no option does it
    ("Which option makes ls play music?", "", ""),
    ("How do I make grep send email?", "", ""),
    ("How do I encrypt an archive with tar?", "", ""),
    ("Which curl option brews coffee?", "", ""),
    ("How do I make sort translate text to French?", "", ""),
)
# how-to questions naming no program (each task one program's option does), and three no option does (2026-12-06)
UNNAMED: tuple[tuple[str, str, str], ...] = (
    ("How do I copy directories recursively?", "cp", "--recursive"),
    ("How do I extract files from an archive?", "tar", "--extract"),
    ("How do I list the contents of an archive?", "tar", "--list"),
    ("How do I create a new archive?", "tar", "--create"),
    ("How do I edit files in place?", "sed", "--in-place"),
    ("How do I suppress automatic printing of pattern space?", "sed", "--quiet"),
    ("How do I install a package?", "", ""),
    ("How do I change my password?", "", ""),
    ("How do I write a good commit message?", "", ""),
)


def main() -> None:
    bench_main(__doc__, QUESTIONS + UNNAMED, open_store, page_judge)


def page_judge(program: str, evidence: str) -> Judge:
    """A first citation is right where it lies in ``program``'s page and its tag writes ``evidence``:
    its first line, and those stacked under it (wget's "-c" over "--continue"); grep's "-m NUM,
    --max-count=NUM" paragraph writes "--count" further on."""
    def right(first: Any) -> bool:
        lines = first.text.split("\n")
        tag = lines[:1] + list(itertools.takewhile(lambda line: line.strip()[:1] in ("-", "+"), lines[1:]))
        return Path(first.source).name == f"{program}.txt" and any(evidence in line for line in tag)
    return right


if __name__ == "__main__":
    main()
