"""Questions asking what a thing is or does where a manual says it in the words manuals define
with: a chapter heading naming it ("Cachegrind: a cache and branch-prediction profiler"), a
paragraph opening with its name and "is a" ("Getopt(1) is a program to help shell scripts parse
command-line parameters."), or its name, a dash and what it is ("col - filter out reverse line
feeds."); and what an option does asked with a value ("What does --leak-check=full do?"). The
documents are Debian's: Valgrind's HTML manual and util-linux's documentation folder, with its
changelog and release notes, which name the same programs many times more.

    python bench/definitions.py --store /tmp/definitions-store --show

Copies the folders beside the store and indexes them into the store once (reopened as it is
afterwards), then asks each question with the default answerer. A question is marked right where
the first citation, in the folder expected, writes the evidence expected (whitespace-insensitive),
wrong where it does not, refused where the answer is a refusal; the questions the documents do not
answer should be refused. Written by hand (2026-12-06) from the documents, trying them as a new
user would; some (marked "prose") ask what the reader answers, to show that the rules leave them alone.
"""

from __future__ import annotations

from judged import bench_main, copied_store, in_folder

FILES = {"valgrind/html": ["*"], "util-linux": ["*"]}
# (question, the folder answering, what the first citation must write; "" where nothing answers)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    # a chapter heading: the name, a colon, what it is
    ("What is Cachegrind?", "html", "a cache and branch-prediction profiler"),
    ("What does Massif do?", "html", "a heap profiler"),
    ("What is Callgrind?", "html", "a call-graph generating cache and branch prediction profiler"),
    ("What is Helgrind?", "html", "a thread error detector"),
    ("What is DRD?", "html", "a thread error detector"),
    ("What is DHAT?", "html", "a dynamic heap analysis tool"),
    ("What is Memcheck?", "html", "a memory error detector"),
    ("What is Lackey?", "html", "an example tool"),
    ("What is Nulgrind?", "html", "the minimal Valgrind tool"),
    ("What is BBV?", "html", "basic block vector generation tool"),
    # a paragraph: the name, "is a", what it is
    ("What is Valgrind?", "html", "instrumentation framework for building dynamic analysis tools"),
    ("What is vgdb?", "html", "a small program that is used as an intermediary"),
    ("What does getopt do?", "util-linux", "help shell scripts parse command-line parameters"),
    ("What is hwclock?", "util-linux", "sets and queries the Hardware Clock"),
    # a paragraph: the name, a dash, what it is
    ("What is libblkid?", "util-linux", "a library to handle device identification"),
    ("What does col do?", "util-linux", "filter out reverse line feeds"),
    # an option asked with a value
    ("What does --leak-check=full do?", "html", "search for memory leaks when the client program finishes"),
    ("What does valgrind --track-origins=yes do?", "html", "tracks the origin of uninitialised values"),
    ("What does --log-file=<filename> do?", "html", "send all of its messages to the specified file"),
    ("What does --trace-children=yes do?", "html", "Valgrind will trace into sub-processes"),
    # prose
    ("How do you pronounce Valgrind?", "html", 'as in the word "value"'),
    ("Where does the name Valgrind come from?", "html", "Nordic mythology"),
    ("How do I trace child processes?", "html", "--trace-children=yes"),
    ("How do I run the regression tests?", "html", "regtest"),
    # not in the documents
    ("What is Kubernetes?", "", ""),
    ("What does --frobnicate=yes do?", "", ""),
    ("What is Purify?", "", ""),
    ("What is libfoo?", "", ""),
    ("What does lsusb do?", "", ""),
    ("What is the capital of Norway?", "", ""),
)


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: copied_store(store, FILES), in_folder)


if __name__ == "__main__":
    main()
