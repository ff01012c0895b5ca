"""Yes-or-no questions asked of package READMEs: "Does rich work on Windows?", "Does orjson support
PyPy?", "Can python-dotenv read from named pipes?". The documents are the long descriptions (their
READMEs, some with a changelog) of fourteen packages installed in this project's environment, each
saved as its own README.md or README.rst in a folder named for the package, as a user would save
them: orjson, python-dotenv, tqdm, regex, pathspec, typer, rich, sortedcontainers, threadpoolctl,
charset-normalizer, semantic_version, annotated-types, fsspec and httpx2 (the versions installed).

    python bench/yes_no.py --store /tmp/yes-no-store --show

Writes the files into a folder beside the store and indexes them into the store once (reopened as
it is afterwards), then asks each question with the default answerer. A question is marked right
where the first citation, in the package's folder, writes the evidence expected (whitespace-insensitive),
or its section path does (a section headed "Keras Integration" for "Does tqdm support Keras?"),
wrong where it does not, refused where the answer is a refusal; the questions the documents do not
answer should be refused. Written by hand (2026-12-06) from the READMEs, as a user would ask, many
in words the README does not write ("Does orjson work with numpy 2?" of "orjson is compatible with
both numpy v1 and v2.").
"""

from __future__ import annotations

from collections.abc import Sequence
from email.parser import Parser
from importlib import metadata
from pathlib import Path
from typing import Any

from judged import Judge, bench_main, built_store

PACKAGES = ("orjson", "python-dotenv", "tqdm", "regex", "pathspec", "typer", "rich", "sortedcontainers", "threadpoolctl",
            "charset-normalizer", "semantic_version", "annotated-types", "fsspec", "httpx2")
# (question, the package's folder, what the first citation must write; "" where nothing answers)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("Does orjson support PyPy?", "orjson", "does not and will not support PyPy"),
    ("Does orjson work with numpy 2?", "orjson", "orjson is compatible with both numpy v1 and v2."),
    ("Does orjson support free-threading?", "orjson", "may support PEP 703 free-threading"),
    ("Does orjson serialize dataclasses?", "orjson", "`dataclasses.dataclass` natively"),
    ("Does orjson serialize subclasses of tuple?", "orjson", "It does not serialize subclasses of `tuple`"),
    ("Does orjson require numpy?", "orjson", "does not have an installation or compilation dependency on numpy"),
    ("Is the key sorting of orjson locale-aware?", "orjson", "The sorting is not collation/locale-aware"),
    ("Can orjson be built without network access?", "orjson", "built without network access"),
    ("Does orjson support Python 3.12?", "orjson", "orjson supports CPython 3.10, 3.11, 3.12"),
    ("Will orjson support NDJSON?", "orjson", "orjsonl"),
    ("Does rich work on Windows?", "rich", "Rich works with Linux, macOS and Windows."),
    ("Does rich work with Jupyter notebooks?", "rich", "Rich works with [Jupyter notebooks]"),
    ("Does rich require Python 3.8 or later?", "rich", "Rich requires Python 3.8 or later."),
    ("Does tqdm support pandas?", "tqdm", "added support for ``pandas``"),
    ("Does tqdm work in Jupyter notebooks?", "tqdm", "friendly with IPython/Jupyter notebooks"),
    ("Can python-dotenv read from named pipes?", "python-dotenv", "Reading from FIFOs"),
    ("Can values in a .env file span multiple lines?", "python-dotenv",
     "It is possible for single- or double-quoted values to span multiple lines."),
    ("Does python-dotenv support variable expansion?", "python-dotenv", "POSIX variable expansion"),
    ("Can keys be single-quoted in a .env file?", "python-dotenv", "Keys can be unquoted or single-quoted."),
    ("Does sortedcontainers need a C compiler?", "sortedcontainers", "no need to install a C compiler"),
    ("Is sortedcontainers written in pure Python?", "sortedcontainers", "written in pure-Python"),
    ("Does httpx2 support HTTP/2?", "httpx2", "HTTP/1.1 and HTTP/2"),
    ("Does httpx2 support WebSockets?", "httpx2", "WebSocket"),
    ("Does pathspec still support Python 3.8?", "pathspec", "Dropped support of EoL Python 3.8"),
    ("Does fsspec support ssh?", "fsspec", "`ssh` backends support"),
    ("Does typer support shell completion?", "typer", "completion"),
    ("Does semantic_version support NPM ranges?", "semantic_version", "NPM range"),
    ("Does regex support atomic grouping?", "regex", "Atomic grouping"),
    ("Does charset-normalizer support Python 3.6?", "charset-normalizer", "Python 3.6: charset-normalizer < 3.1"),
    ("Does charset-normalizer ship free-threaded wheels?", "charset-normalizer", "Freethreaded pre-built wheels"),
    ("Does threadpoolctl work with OpenMP?", "threadpoolctl", "BLAS and OpenMP"),
    # (a section's heading says so: right where the first citation's section path writes it)
    ("Does regex support possessive quantifiers?", "regex", "Possessive quantifiers"),
    ("Does python-dotenv support multiline values?", "python-dotenv", "Multiline values"),
    ("Does tqdm support Keras?", "tqdm", "Keras Integration"),
    ("Does tqdm support Dask?", "tqdm", "Dask Integration"),
    ("Can tqdm show nested progress bars?", "tqdm", "Nested progress bars"),
    ("Does threadpoolctl have a command line interface?", "threadpoolctl", "Command Line Interface"),
    ("Does regex support POSIX matching?", "regex", "POSIX matching"),
    ("Does rich render markdown?", "rich", "Rich can render [markdown]"),
    # not in the documents
    ("Does orjson support YAML?", "", ""),
    ("Does python-dotenv support TOML files?", "", ""),
    ("Does rich run on Android?", "", ""),
    ("Does tqdm support Fortran?", "", ""),
    ("Can httpx2 send email?", "", ""),
    ("Does sortedcontainers support GPU acceleration?", "", ""),
    ("Is pathspec thread-safe?", "", ""),
    ("Does typer work with Python 2?", "", ""),
    ("Can regex parse HTML?", "", ""),
    ("Does fsspec support Fortran files?", "", ""),
    ("Does tqdm support Excel?", "", ""),
    ("Does regex support Perl 6 grammars?", "", ""),
    ("Does python-dotenv support encrypted values?", "", ""),
    ("Does threadpoolctl have a graphical interface?", "", ""),
)


def readmes(docs: Path, packages: Sequence[str] = PACKAGES) -> None:
    """Each package's long description saved as ``docs/<package>/README.md`` (or ``.rst``, by its
    declared content type)."""
    for name in packages:
        message = Parser().parsestr(metadata.distribution(name).read_text("METADATA") or "")
        body = message.get_payload()
        kind = message.get("Description-Content-Type", "text/x-rst")
        folder = docs / name
        folder.mkdir(parents=True)
        (folder / ("README.md" if "markdown" in kind else "README.rst")).write_text(str(body), encoding="utf-8")


def in_package(folder: str, evidence: str) -> Judge:
    """A first citation is right where its file lies in the package's ``folder`` and its text or
    its section path (a section whose heading says so: "regex › ... › Atomic grouping") writes
    ``evidence`` (whitespace-insensitive)."""
    def right(first: Any) -> bool:
        said = " ".join(f"{first.text} {first.section or ''}".split())
        return Path(first.source).parent.name == folder and " ".join(evidence.split()) in said
    return right


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: built_store(store, readmes), in_package)


if __name__ == "__main__":
    main()
