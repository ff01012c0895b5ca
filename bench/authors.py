"""Who made or keeps a package, asked of package READMEs: "Who wrote orjson?", "Who maintains
python-dotenv?", "Who are the authors of faiss?", "Who started sympy?". The documents are those of
``bench/readmes.py`` (the READMEs of the installed packages, each in a folder named for its
package; the same store serves ``bench/aspects.py``), all of them.

    python bench/authors.py --store /tmp/readmes-store --show

A question is marked right where the first citation, in the package's folder, writes one of the
evidences expected (alternatives apart by " | ", whitespace-insensitive), wrong where it does not,
refused where the answer is a refusal; a question no README answers (its package's README names
no author, maintainer or developer) should be refused. The evidence was written by hand
(2026-12-07) from the READMEs: every README of the store that says who wrote, started, develops
or maintains its package in a sentence or under a heading ("Authors", "Maintainers", "Credits").
"""

from __future__ import annotations

from judged import bench_main, built_store
from readmes import any_of, packages
from yes_no import readmes

# (question, the package's folder, what the first citation must write: alternatives apart by " | "; "": refused)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("Who wrote dateutil?", "python-dateutil", "written by Gustavo Niemeyer"),
    ("Who wrote python-dateutil?", "python-dateutil", "written by Gustavo Niemeyer"),
    ("Who maintains python-dotenv?", "python-dotenv", "currently maintained by [Saurabh Kumar]"),
    ("Who maintains torch?", "torch", "maintained by [Soumith Chintala]"),
    ("Who maintains PyTorch?", "torch", "maintained by [Soumith Chintala]"),
    ("Who wrote orjson?", "orjson", "orjson was written by ijl"),
    ("Who maintains sniffio?", "sniffio", "maintained by the Trio project"),
    ("Who are the authors of faiss?", "faiss-cpu", "The main authors of Faiss are:"),
    ("Who maintains urllib3?", "urllib3", "Meet our maintainers since 2008"),
    ("Who are the maintainers of sentence-transformers?", "sentence-transformers", "Maintainer: [Tom Aarsen]"),
    ("Who developed cloudpickle?", "cloudpickle", "initially developed by [picloud.com]"),
    ("Who started sympy?", "sympy", "SymPy was started by Ondřej Čertík"),
    ("Who created sympy?", "sympy", "SymPy was started by Ondřej Čertík"),
    ("Who develops numpy?", "numpy", "developed by a diverse group"),
    ("Who wrote threadpoolctl?", "threadpoolctl", "written by @anton-malakhov"),
    ("Who wrote cachetools?", "", ""),
    ("Who maintains click?", "", ""),
    ("Who wrote requests?", "", ""),
    ("Who created blingfire?", "", ""),
    ("Who maintains pluggy?", "", ""),
    ("Who are the authors of iniconfig?", "", ""),
    ("Who maintains threadpoolctl?", "", ""),
)


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: built_store(store, lambda docs: readmes(docs, packages())), any_of)


if __name__ == "__main__":
    main()
