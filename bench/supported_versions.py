"""Which versions of Python (or of another thing) a package supports or needs, asked of package
READMEs: "What Python versions does httpx support?", "Which version of Python does gradio
require?", "What is the minimum Python version for pytest?", "What version of PyTorch does
sentence-transformers need?", and whether one is: "Does httpx support Python 3.8?" (the sentence
saying which it supports is the evidence: "HTTPX requires Python 3.9+."). The documents are those
of ``bench/readmes.py`` (the READMEs of the installed packages, each in a folder named for its
package; the same store serves ``bench/aspects.py`` and ``bench/installs.py``), all of them.

    python bench/supported_versions.py --store /tmp/readmes-store --show

A question is marked right where the first citation, in the package's folder, writes one of the
evidences expected (alternatives apart by " | ", whitespace-insensitive), wrong where it does not,
refused where the answer is a refusal; a question no README answers (its package's README names no
version of Python: a badge at most, or a changelog's "Drop support for Python 3.8") should be
refused. The evidence was written by hand (2026-12-07) from the READMEs: every README of the store
that writes which Python its package supports or needs in a sentence or a requirement's line, and
a few of the other things sentence-transformers names.
"""

from __future__ import annotations

from judged import bench_main, built_store
from readmes import any_of, packages
from yes_no import readmes

# (question, the package's folder, what the first citation must write: alternatives apart by " | "; "": refused)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("What Python versions does httpx support?", "httpx", "HTTPX requires Python 3.9+."),
    ("Which Python versions does rich support?", "rich", "Rich requires Python 3.8 or later."),
    ("What versions of Python does orjson support?", "orjson", "orjson supports CPython 3.10"),
    ("What Python version does openai require?", "openai", "Python 3.10+ | Python 3.10 or higher"),
    ("Which version of Python does gradio require?", "gradio", "Gradio requires"),
    ("What Python versions does idna support?", "idna", "This library supports Python 3.10 and higher."),
    ("What is the minimum Python version for pytest?", "pytest", "Python 3.10+ or PyPy3"),
    ("What Python version does w3lib need?", "w3lib", "Python 3.10+"),
    ("What version of Python does httpcore require?", "httpcore", "Python 3.8+"),
    ("Which Python versions does h11 support?", "h11", "supports Python 3 (testing on 3.8-3.12)"),
    ("What Python versions does joblib support?", "joblib", "Joblib supports Python >= 3.10."),
    ("What Python versions does milvus-lite support?", "milvus-lite", "Python 3.10 or newer | tests cover Linux on Python 3.10"),
    ("What version of Python does mpmath require?", "mpmath", "Mpmath requires Python 2.7 or 3.5"),
    ("Which Python versions does pymilvus support?", "pymilvus", "for Python 3.9+"),
    ("What Python versions does requests support?", "requests", "Requests officially supports Python 3.10+."),
    ("What Python version does sentence-transformers need?", "sentence-transformers", "We recommend **Python 3.10+**"),
    ("Which versions of Python does snowballstemmer support?", "snowballstemmer", "Python 3 (>= 3.3) is supported."),
    ("What versions of Python does sortedcontainers support?", "sortedcontainers", "Tested on CPython 2.7"),
    ("What Python version does torch require?", "torch", "Python 3.10 or later"),
    ("What Python version does truststore require?", "truststore", "requires Python 3.10 or later"),
    ("What Python versions does pydantic support?", "pydantic", "canonical Python 3.10+"),
    ("What version of Python does pytz need?", "pytz", "using Python 2.4"),
    ("What is the minimum supported Python version of fonttools?", "fonttools", "FontTools requires"),
    ("Which Python does httpx require?", "httpx", "HTTPX requires Python 3.9+."),
    ("What Python versions are supported by requests?", "requests", "Requests officially supports Python 3.10+."),
    ("What version of PyTorch does sentence-transformers need?", "sentence-transformers", "PyTorch 2.2+"),
    ("Which transformers version does sentence-transformers require?", "sentence-transformers", "transformers v5.0+"),
    ("Which Python versions does gradio_client work with?", "gradio_client", "works with Python versions 3.10 or higher"),
    ("What Python versions does ml_dtypes support?", "ml_dtypes", "tested with Python versions 3.9-3.12"),
    ("Does httpx support Python 3.8?", "httpx", "HTTPX requires Python 3.9+."),
    ("Does requests work with Python 3.9?", "requests", "Requests officially supports Python 3.10+."),
    ("Is gradio compatible with Python 3.9?", "gradio", "Gradio requires"),
    ("Can I use joblib with Python 3.8?", "joblib", "Joblib supports Python >= 3.10."),
    ("Does torch support Python 3.9?", "torch", "Python 3.10 or later"),
    ("Is Python 3.7 supported by idna?", "idna", "This library supports Python 3.10 and higher."),
    ("Does mpmath work with Python 2.7?", "mpmath", "Mpmath requires Python 2.7 or 3.5"),
    ("What Python versions does blingfire support?", "", ""),
    ("What Python version does brotli require?", "", ""),
    ("Which Python versions does cachetools support?", "", ""),
    ("What Python versions does click support?", "", ""),
    ("What version of Python does numpy require?", "", ""),
    ("What Python version does fastapi require?", "", ""),
    ("Which Python versions does starlette support?", "", ""),
    ("What Python versions does uvicorn support?", "", ""),
    ("What is the minimum Python version for networkx?", "", ""),
    ("Does uvicorn support Python 3.8?", "", ""),
    ("Does click work with Python 3.9?", "", ""),
    ("Is fastapi compatible with Python 3.8?", "", ""),
)


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: built_store(store, lambda docs: readmes(docs, packages())), any_of)


if __name__ == "__main__":
    main()
