"""How-to questions asked of task-oriented manuals: pip's documentation (Debian's python3-pip), the
Python HOWTO and FAQ pages (python3.11-doc) and Node.js's guides for contributors (nodejs's
``contributing/`` and ``BUILDING.md``). Such manuals head a section with the task ("Upgrade a
package", "Disabling caching", "Building a debug build") and open it with the command or the steps.

    python bench/tasks.py --store /tmp/tasks-store --show

Copies the four folders into a temporary folder and indexes them into the store once (reopened
as it is afterwards), then asks each question with the default answerer. A question is marked
right where the first citation lies in a section the question was written for (its section path
holds that heading), wrong where it lies elsewhere, refused where the answer is a refusal;
the questions the documents do not answer should be refused. The questions were written by hand
(2026-12-06) from the headings, as a user who knows the task but not the heading would ask:
several in other words than the heading's ("remove" for "uninstall", "local archives" for "local
packages"), some whose heading names the task with a noun ("Comparing Strings").
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from judged import Judge, ask_all

NODE_FILES = ("BUILDING.md", "CONTRIBUTING.md", "README.md", "onboarding.md")
# (question, the headings of the sections that answer it; () where the documents do not say)
QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("How do I install a package from a requirements file?", ("Install multiple packages using a requirements file",
                                                               "Requirements Files")),
    ("How can I upgrade a package?", ("Upgrade a package",)),
    ("How do I upgrade pip?", ("Upgrading pip",)),
    ("How do I use pip behind a proxy server?", ("Using a Proxy Server",)),
    ("How do I build pip's documentation?", ("Building Documentation",)),
    ("How do I turn off pip's cache?", ("Disabling caching",)),
    ("How do I run pip under a debugger?", ("Running pip under a debugger",)),
    ("How do I install packages from local archives only?", ("Installing from local packages",)),
    ("How do I list the cached files?", ("Listing cached files",)),
    ("How do I remove a package?", ("Uninstall a package",)),
    ("How do I uninstall a package?", ("Uninstall a package", "Uninstalling Packages")),
    ("How do I install a package from GitHub?", ("Install a package from GitHub",)),
    ("How do I use the system certificate store?", ("Using system certificate stores",)),
    ("How do I create a bug-fix release of pip?", ("Creating a bug-fix release",)),
    ("How do I log to a file?", ("Logging to a file",)),
    ("How do I change the format of displayed messages?", ("Changing the format of displayed messages",)),
    ("How can several processes log to a single file?", ("Logging to a single file from multiple processes",)),
    ("How do I log to a single file from multiple processes?", ("Logging to a single file from multiple processes",)),
    ("How do I compile a regular expression?", ("Compiling Regular Expressions",)),
    ("How do I compare Unicode strings?", ("Comparing Strings",)),
    ("How can I read and write Unicode data?", ("Reading and Writing Unicode Data",)),
    ("How do I combine members of a Flag?", ("Combining members of Flag",)),
    ("How do I use automatic values in an enum?", ("Using automatic values",)),
    ("How do I enable the static markers?", ("Enabling the static markers",)),
    ("How do I configure filters with dictConfig()?", ("Configuring filters with dictConfig()",)),
    ("How do I convert my first function to Argument Clinic?", ("Converting Your First Function",)),
    ("How do I sort a list?", ("Sorting Basics",)),
    ("How do I build a debug build of Node.js?", ("Building a debug build",)),
    ("How do I verify the Node.js binaries?", ("Verifying binaries",)),
    ("How do I revert a commit?", ("Reverting commits", "Reverting broken commits")),
    ("How do I build Node.js with FIPS-compliant OpenSSL?", ("Building Node.js with FIPS-compliant OpenSSL",)),
    ("How can I speed up frequent rebuilds?", ("Speeding up frequent rebuilds when developing",)),
    ("How do I build Node.js without Intl support?", ("Building without Intl support",)),
    ("How do I submit a bug report?", ("Submitting a bug report",)),
    ("How do I backport a pull request to a release line?", ("How to backport a pull request to a release line",)),
    ("How do I customize the ninja path?", ("Customizing ninja path",)),
    ("How can I stream meetings to YouTube?", ("Streaming Meetings to Youtube",)),
    ("How do I run the benchmarks?", ("Running benchmarks",)),
    ("How do I access primordials?", ("Accessing primordials",)),
    ("How do I check if an object is an instance of a class?", ("Checking if an object is an instance of a class",
                                                                 # (added with the FAQ pages, which answer it too)
                                                                 "How do I check if an object is an instance of a given "
                                                                 "class or of a subclass of it?")),
    ("How do I create the changelog file for a release?", ("Create the changelog file",)),
    ("How to run the Node.js tests?", ("Running tests",)),
    # a third set (2026-12-06, written after the first two were measured), of the Python FAQ pages, whose
    # headings are their questions: some in the FAQ's words, some in others
    ("How do I delete a file?", ("How do I delete a file? (And other file questions…)",)),
    ("How can I generate random numbers?", ("How do I generate random numbers in Python?",)),
    ("How do I remove duplicate items from a list?", ("How do you remove duplicates from a list?",)),
    ("How do I make an executable from a Python script?", ("How do I make an executable from a Python script?",
                                                            "How can I create a stand-alone binary from a Python script?")),
    ("How do I copy a file?", ("How do I copy a file?",)),
    ("How do I convert a string to a number?", ("How do I convert a string to a number?",)),
    ("How do I sort a list by the values of another list?", ("How can I sort one list by values from another list?",)),
    ("How do I find the name of the current module?", ("How do I find the current module name?",)),
    ("How do I create a multidimensional list?", ("How do I create a multidimensional list?",)),
    ("How do I iterate over a list in reverse order?", ("How do I iterate over a sequence in reverse order?",)),
    ("How do I make a Python script executable on Unix?", ("How do I make a Python script executable on Unix?",)),
    # not in the documents
    ("How do I install a package from a private Docker registry?", ()),
    ("How do I compile Python code to a Windows executable?", ()),
    ("How do I log to Elasticsearch?", ()),
    ("How do I build Node.js for the PlayStation?", ()),
    ("How do I uninstall Python?", ()),
    ("How do I sort a list of dictionaries by date in JavaScript?", ()),
    ("How can I stream meetings to Twitch?", ()),
    ("How do I upgrade Node.js on Windows?", ()),
    ("How do I install Python on a Chromebook?", ()),
    ("How do I deploy a Python app to Kubernetes?", ()),
)


def open_store(pip: Path, howto: Path, faq: Path, node: Path, store: Path) -> Any:
    """``DocumentQA`` over ``store``: opened as it is when it exists, else built from copies of
    the four folders (the indexer skips links that lead outside the folder it indexes)."""
    from qa import DocumentQA

    if store.exists():
        return DocumentQA.open(store)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(pip, Path(tmp) / "pip")
        shutil.copytree(howto, Path(tmp) / "pyhowto")
        shutil.copytree(faq, Path(tmp) / "pyfaq")
        (Path(tmp) / "node").mkdir()
        for name in NODE_FILES:
            shutil.copy(node / name, Path(tmp) / "node" / name)
        shutil.copytree(node / "contributing", Path(tmp) / "node" / "contributing")
        return DocumentQA.build([Path(tmp)], store)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pip", type=Path, default=Path("/usr/share/doc/python3-pip"))
    parser.add_argument("--howto", type=Path, default=Path("/usr/share/doc/python3.11/html/howto"))
    parser.add_argument("--faq", type=Path, default=Path("/usr/share/doc/python3.11/html/faq"))
    parser.add_argument("--node", type=Path, default=Path("/usr/share/doc/nodejs"))
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--show", action="store_true", help="print each answer's first citation")
    args = parser.parse_args()
    bot = open_store(args.pip, args.howto, args.faq, args.node, args.store)

    def judge(headings: tuple[str, ...]) -> Judge:
        return lambda first: bool(set(first.section.split(" › ")) & set(headings))

    def shown(first: Any) -> str:
        return f"{first.source.split('/')[-1]} § {first.section.split(' › ')[-1]}"

    ask_all(bot, [(q, judge(headings) if headings else None) for q, headings in QUESTIONS], shown if args.show else None)


if __name__ == "__main__":
    main()
