"""Install questions asked of package READMEs: "How do I install tokenizers?", "How do I install
requests?", "How do I install mypy?". The documents are those of ``bench/readmes.py`` (the READMEs of
the installed packages, each in a folder named for its package; the same store serves both), all
of them, so that each question is asked among a hundred READMEs, many of which install something.

    python bench/installs.py --store /tmp/readmes-store --show

A question is marked right where the first citation, in the package's folder, writes one of the
evidences expected (any of those apart by " | ", whitespace-insensitive), wrong where it does not,
refused where the answer is a refusal; a question no README answers (its package's says nothing of
installing it, and no other says how) should be refused. The evidence was written by hand
(2026-12-07) from the READMEs: the install command, or where the README only points to its
documentation, that pointer. pytest's README only points ("For full documentation, including
installation, ..."); onnx's says "pip install pytest" to run its tests, which this bench does not
count.
"""

from __future__ import annotations

from judged import bench_main, built_store
from readmes import any_of, packages
from yes_no import readmes

PIP = "pip install"
# (question, the package's folder, what the first citation must write: alternatives apart by " | "; "": refused)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("How do I install annotated-doc?", "annotated-doc", f"{PIP} annotated-doc | uv add annotated-doc"),
    ("How do I install annotated-types?", "annotated-types", f"{PIP} annotated-types"),
    ("How do I install anyio?", "", ""),
    ("How do I install blingfire?", "blingfire", f"{PIP} -U blingfire"),
    ("How do I install brotli?", "brotli", "apt install brotli | brew install brotli | pip install brotli"),
    ("How do I install cachetools?", "cachetools", f"{PIP} cachetools"),
    ("How do I install certifi?", "certifi", f"{PIP} certifi"),
    ("How do I install charset-normalizer?", "charset-normalizer", f"{PIP} charset-normalizer"),
    ("How do I install click?", "", ""),
    ("How do I install cloudpickle?", "cloudpickle", f"{PIP} cloudpickle"),
    ("How do I install contourpy?", "", ""),
    ("How do I install cycler?", "", ""),
    ("How do I install faiss-cpu?", "faiss-cpu", "precompiled libraries for Anaconda"),
    ("How do I install fastapi?", "fastapi", 'uv add "fastapi[standard]" | install `fastapi[standard]`'),
    ("How do I install faust-cchardet?", "faust-cchardet", f"{PIP} faust-cchardet"),
    ("How do I install filelock?", "", ""),
    ("How do I install fonttools?", "fonttools", f"{PIP} fonttools"),
    ("How do I install fsspec?", "fsspec", f"{PIP} fsspec"),
    ("How do I install gradio?", "gradio", f"{PIP} --upgrade gradio"),
    ("How do I install gradio_client?", "gradio_client", f"{PIP} gradio_client"),
    ("How do I install greenlet?", "greenlet", f"{PIP} greenlet"),
    ("How do I install groovy?", "groovy", f"{PIP} groovy"),
    ("How do I install grpcio?", "grpcio", f"{PIP} grpcio"),
    ("How do I install h11?", "h11", f"{PIP} h11"),
    ("How do I install hf-xet?", "hf-xet", f"{PIP} hf_xet"),
    ("How do I install httpcore?", "httpcore", f"{PIP} httpcore"),
    ("How do I install httpx?", "httpx", f"{PIP} httpx"),
    ("How do I install huggingface_hub?", "huggingface_hub", f"{PIP} huggingface_hub"),
    ("How do I install hypothesis?", "hypothesis", f"{PIP} hypothesis"),
    ("How do I install idna?", "idna", f"{PIP} idna"),
    ("How do I install iniconfig?", "", ""),
    ("How do I install jinja2?", "", ""),
    ("How do I install jiter?", "", ""),
    ("How do I install joblib?", "joblib", f"{PIP} joblib"),
    ("How do I install kernels?", "kernels", f"{PIP} kernels"),
    ("How do I install markdown-it-py?", "markdown-it-py", f"{PIP} markdown-it-py | conda install -c conda-forge markdown-it-py"),
    ("How do I install markupsafe?", "", ""),
    ("How do I install matplotlib?", "matplotlib", "See the [install documentation]"),
    ("How do I install mdurl?", "", ""),
    ("How do I install milvus-lite?", "milvus-lite", f"{PIP} -U milvus-lite"),
    ("How do I install ml_dtypes?", "ml_dtypes", f"{PIP} ml_dtypes"),
    ("How do I install mpmath?", "mpmath", f"{PIP} mpmath"),
    ("How do I install mypy?", "", ""),
    ("How do I install narwhals?", "narwhals", f"{PIP} narwhals | conda install -c conda-forge narwhals"),
    ("How do I install networkx?", "networkx", f"{PIP} networkx"),
    ("How do I install numpy?", "", ""),
    ("How do I install onnx?", "onnx", f"{PIP} onnx"),
    ("How do I install onnxruntime?", "", ""),
    ("How do I install openai?", "openai", f"{PIP} openai"),
    ("How do I install opentelemetry-api?", "opentelemetry-api", f"{PIP} opentelemetry-api"),
    ("How do I install orjson?", "orjson", "install the `orjson` package | orjson >= 3.10"),
    ("How do I install packaging?", "packaging", f"{PIP} packaging"),
    ("How do I install pandas?", "pandas", f"{PIP} pandas | conda install -c conda-forge pandas | Binary installers"),
    ("How do I install pathspec?", "pathspec", f"{PIP} pathspec"),
    ("How do I install pip?", "pip", "how to install and use pip"),
    ("How do I install playwright?", "", ""),
    ("How do I install pluggy?", "", ""),
    ("How do I install pyarrow?", "pyarrow", f"conda install pyarrow | {PIP} pyarrow"),
    ("How do I install pydantic?", "pydantic", f"{PIP} -U pydantic"),
    ("How do I install pygments?", "", ""),
    ("How do I install pymilvus?", "pymilvus", "pip3 install pymilvus"),
    ("How do I install pypdf?", "pypdf", f"{PIP} pypdf"),
    ("How do I install pypdfium2?", "pypdfium2", f"{PIP} -U pypdfium2"),
    ("How do I install pytest?", "pytest", "For full documentation, including installation"),
    ("How do I install python-dateutil?", "python-dateutil", f"{PIP} python-dateutil"),
    ("How do I install python-docx?", "python-docx", f"{PIP} python-docx"),
    ("How do I install python-dotenv?", "python-dotenv", f"{PIP} python-dotenv"),
    ("How do I install python-multipart?", "python-multipart", f"{PIP} python-multipart"),
    ("How do I install pytz?", "pytz", f"{PIP} pytz | installed using ``pip``"),
    ("How do I install pyyaml?", "", ""),
    ("How do I install regex?", "", ""),
    ("How do I install requests?", "requests", f"{PIP} requests"),
    ("How do I install rich?", "rich", f"{PIP} rich"),
    ("How do I install ruff?", "ruff", "uvx ruff | uv tool install ruff | install Ruff with `uv`"),
    ("How do I install safehttpx?", "safehttpx", f"{PIP} safehttpx | conda install safehttpx"),
    ("How do I install safetensors?", "safetensors", f"{PIP} safetensors"),
    ("How do I install scikit-learn?", "scikit-learn", f"{PIP} -U scikit-learn | conda install -c conda-forge scikit-learn"),
    ("How do I install scipy?", "scipy", "For the installation instructions, see"),
    ("How do I install selectolax?", "selectolax", f"{PIP} selectolax"),
    ("How do I install semantic-version?", "semantic-version", f"{PIP} semantic-version"),
    ("How do I install sentence-transformers?", "sentence-transformers", f"{PIP} -U sentence-transformers"),
    ("How do I install setuptools?", "", ""),
    ("How do I install shellingham?", "", ""),
    ("How do I install sniffio?", "", ""),
    ("How do I install sortedcontainers?", "sortedcontainers", f"{PIP} sortedcontainers"),
    ("How do I install starlette?", "starlette", f"{PIP} starlette"),
    ("How do I install sympy?", "sympy", f"{PIP} sympy | conda install -c anaconda sympy | through Anaconda"),
    ("How do I install threadpoolctl?", "threadpoolctl", f"{PIP} threadpoolctl"),
    ("How do I install tokenizers?", "tokenizers", f"{PIP} tokenizers"),
    ("How do I install tomlkit?", "tomlkit", f"poetry add tomlkit | {PIP} tomlkit"),
    ("How do I install torch?", "torch", "Commands to install binaries via Conda or pip wheels"),
    ("How do I install tqdm?", "tqdm", f"{PIP} tqdm | conda install -c conda-forge tqdm"),
    ("How do I install transformers?", "transformers", f'{PIP} "transformers[torch]"'),
    ("How do I install truststore?", "truststore", f"{PIP} truststore"),
    ("How do I install typer?", "typer", "uv add typer | install `typer` inside a virtual environment"),
    ("How do I install typing-inspection?", "typing-inspection", f"{PIP} typing-inspection"),
    ("How do I install typing_extensions?", "", ""),
    ("How do I install urllib3?", "urllib3", f"{PIP} urllib3"),
    ("How do I install uvicorn?", "uvicorn", f"{PIP} uvicorn"),
    ("How do I install w3lib?", "w3lib", f"{PIP} w3lib"),
)


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: built_store(store, lambda docs: readmes(docs, packages())), any_of)


if __name__ == "__main__":
    main()
