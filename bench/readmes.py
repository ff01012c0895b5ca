"""What-is questions asked of package READMEs: "What is threadpoolctl?", "What is httpcore?",
"What is Playwright for Python?". The documents are the long descriptions (their READMEs) of the
packages installed in this project's environment that carry one, each saved as its own README.md
or README.rst in a folder named for the package (as ``bench/yes_no.py`` saves its fourteen; the
versions installed), all of them, so that each question is asked among a hundred READMEs.

    python bench/readmes.py --store /tmp/readmes-store --show

Writes the files into a folder beside the store and indexes them into the store once (reopened as
it is afterwards), then asks each question with the default answerer. A question is marked right
where the first citation, in the package's folder, writes one of the evidences expected (any of
those apart by " | ", whitespace-insensitive), wrong where it does not, refused where the answer
is a refusal. The evidence was written by hand (2026-12-07) from the READMEs: the sentence that
says what the package is, its opening or the title line that does.
"""

from __future__ import annotations

from email.parser import Parser
from importlib import metadata
from pathlib import Path
from typing import Any

from judged import Judge, bench_main, built_store
from yes_no import readmes

# (question, the package's folder, what the first citation must write: alternatives apart by " | ")
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("What is annotated-doc?", "annotated-doc", "Document parameters, class attributes, return types, and variables inline"),
    ("What is annotated-types?", "annotated-types", "metadata objects which can be used to represent common"),
    ("What is anyio?", "anyio", "asynchronous networking and concurrency library"),
    ("What is brotli?", "brotli", "generic-purpose lossless compression algorithm"),
    ("What is cachetools?", "cachetools", "various memoizing collections and decorators"),
    ("What is certifi?", "certifi", "Root Certificates | Python SSL Certificates"),
    ("What is click?", "click", "Python package for creating beautiful command line interfaces"),
    ("What is cloudpickle?", "cloudpickle", "makes it possible to serialize Python constructs"),
    ("What is contourpy?", "contourpy", "Python library for calculating contours of 2D quadrilateral grids"),
    ("What is faiss-cpu?", "faiss-cpu", "library for efficient similarity search and clustering of dense vectors"),
    ("What is FastAPI?", "fastapi", "web framework for building APIs with Python"),
    ("What is faust-cchardet?", "faust-cchardet", "high speed universal character encoding detector"),
    ("What is fsspec?", "fsspec", "A specification for pythonic filesystems"),
    ("What is Gradio?", "gradio", "open-source Python package that allows you to quickly"),
    ("What is greenlet?", "greenlet", "lightweight coroutines for in-process concurrent | spin-off of `Stackless`"),
    ("What is groovy?", "groovy", "Python-to-JavaScript transpiler"),
    ("What is h11?", "h11", "little HTTP/1.1 library written from scratch in Python"),
    ("What is httpcore?", "httpcore", "minimal low-level HTTP client"),
    ("What is httpx?", "httpx", "fully featured HTTP client library for Python 3"),
    ("What is httpx2?", "httpx2", "fully featured HTTP client library for Python"),
    ("What is huggingface_hub?", "huggingface_hub", "library allows you to interact with the [Hugging Face Hub]"),
    ("What is Hypothesis?", "hypothesis", "property-based testing library for Python"),
    ("What is jinja2?", "jinja2", "fast, expressive, extensible templating engine"),
    ("What is lxml?", "lxml", "Pythonic, mature binding for the libxml2 and libxslt libraries"),
    ("What is MarkupSafe?", "markupsafe", "implements a text object that escapes characters"),
    ("What is matplotlib?", "matplotlib", "comprehensive library for creating static, animated"),
    ("What is Milvus Lite?", "milvus-lite", "lightweight version of [Milvus]"),
    ("What is mpmath?", "mpmath", "Python library for arbitrary-precision floating-point arithmetic"),
    ("What is mypy?", "mypy", "Optional Static Typing for Python | Mypy is essentially a Python linter"),
    ("What is NetworkX?", "networkx", "Python package for the creation, manipulation"),
    ("What is NumPy?", "numpy", "fundamental package for scientific computing with Python"),
    ("What is ONNX Runtime?", "onnxruntime", "performance-focused scoring engine"),
    ("What is the OpenAI Python library?", "openai", "provides convenient access to the OpenAI REST API"),
    ("What is orjson?", "orjson", "fast, correct JSON library for Python"),
    ("What is pandas?", "pandas", "Python package that provides fast, flexible, and expressive data"),
    ("What is pathspec?", "pathspec", "utility library for pattern matching of file paths"),
    ("What is Pillow?", "pillow", "friendly PIL fork"),
    ("What is pip?", "pip", "The Python Package Installer | package installer`_ for Python"),
    ("What is Playwright for Python?", "playwright", "Python library to automate"),
    ("What is pydantic?", "pydantic", "Data validation using Python type hints"),
    ("What is Pygments?", "pygments", "syntax highlighting package written in Python"),
    ("What is pypdf?", "pypdf", "free and open-source pure-python PDF library"),
    ("What is pypdfium2?", "pypdfium2", "ABI-level Python 3 binding to [PDFium]"),
    ("What is pytest?", "pytest", "framework makes it easy to write small tests"),
    ("What is python-dateutil?", "python-dateutil", "provides powerful extensions to the standard `datetime` module"),
    ("What is python-docx?", "python-docx", "Python library for reading, creating, and updating Microsoft Word"),
    ("What is python-dotenv?", "python-dotenv", "reads key-value pairs from a `.env` file"),
    ("What is PyYAML?", "pyyaml", "PyYAML is a YAML parser"),
    ("What is regex?", "regex", "backwards-compatible with the standard 're' module"),
    ("What is Requests?", "requests", "simple, yet elegant, HTTP library"),
    ("What is Rich?", "rich", "Python library for _rich_ text and beautiful formatting"),
    ("What is Ruff?", "ruff", "extremely fast Python linter and code formatter"),
    ("What is scikit-learn?", "scikit-learn", "Python module for machine learning"),
    ("What is SciPy?", "scipy", "open-source software for mathematics"),
    ("What is selectolax?", "selectolax", "fast HTML5 parser with CSS selectors"),
    ("What is semantic-version?", "semantic-version", "provides a few tools to handle `SemVer`_"),
    ("What is Shellingham?", "shellingham", "detects what shell the current Python executable is | Detect Surrounding Shell"),
    ("What is Starlette?", "starlette", "lightweight [ASGI][asgi] framework/toolkit"),
    ("What is threadpoolctl?", "threadpoolctl", "Python helpers to limit the number of threads"),
    ("What does threadpoolctl do?", "threadpoolctl", "Python helpers to limit the number of threads"),
    ("What is tokenizers?", "tokenizers", "implementation of today's most used tokenizers"),
    ("What is TOML Kit?", "tomlkit", "1.0.0-compliant** [TOML] | Style-preserving TOML library"),
    ("What is tqdm?", "tqdm", "smart progress meter"),
    ("What is Transformers?", "transformers", "model-definition framework for machine learning models"),
    ("What is Truststore?", "truststore", "library which exposes native system certificate stores"),
    ("What is Typer?", "typer", "library for building <abbr"),
    ("What is urllib3?", "urllib3", "powerful, *user-friendly* HTTP client for Python"),
    ("What is uvicorn?", "uvicorn", "ASGI web server implementation for Python"),
)


def packages() -> list[str]:
    """The folder names of the installed distributions with a long description, once each."""
    found = set()
    for dist in metadata.distributions():
        message = Parser().parsestr(dist.read_text("METADATA") or "")
        if str(message.get_payload() or "").strip() and message.get("Name"):
            found.add(str(message["Name"]))
    return sorted(found, key=str.lower)


def any_of(folder: str, evidence: str) -> Judge:
    """A first citation is right where its file lies in the package's ``folder`` and its text writes
    one of ``evidence``'s alternatives (apart by " | "; whitespace-insensitive)."""
    wanted = [" ".join(e.split()) for e in evidence.split(" | ")]

    def right(first: Any) -> bool:
        said = " ".join(first.text.split())
        return Path(first.source).parent.name.lower() == folder.lower() and any(w in said for w in wanted)
    return right


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: built_store(store, lambda docs: readmes(docs, packages())), any_of)


if __name__ == "__main__":
    main()
