"""Where or how a task is done, asked of package READMEs: "How do I build brotli with CMake?", "How
do I install tqdm with conda?", "How do I install pypdfium2 from PyPI?". The documents are those of
``bench/readmes.py`` (the READMEs of the installed packages, each in a folder named for its package;
the same store serves ``bench/installs.py``), all of them.

    python bench/settings.py --store /tmp/readmes-store --show [--follow-ups]

With ``--follow-ups`` each is asked as a chat asks it, the setting alone after the task ("And with
conda?" after "How do I install tqdm?"), and judged as the question asked whole is. A question is
right where the first citation, in the package's folder, writes one of the evidences expected
(alternatives apart by " | ", whitespace-insensitive), wrong where it does not, refused where the
answer is a refusal; a question no README answers should be refused. The evidence was written by
hand (2026-12-07) from the READMEs: some under a sub-heading naming the setting ("#### CMake" under
"### Build instructions"), some in a paragraph ("On MacOS, you can use Homebrew: `brew install
brotli`").
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from judged import ask_all, built_store, where
from readmes import any_of, packages
from yes_no import readmes

# (the task asked, the setting, the package's folder, what the first citation must write; "": refused)
QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("How do I build brotli?", "with CMake", "brotli", "cmake -DCMAKE_BUILD_TYPE=Release"),
    ("How do I build brotli?", "with Bazel", "brotli", "See [Bazel]"),
    ("How do I build brotli?", "with vcpkg", "brotli", "./vcpkg install brotli"),
    ("How do I build brotli?", "for Python", "brotli", "pip install brotli"),
    ("How do I install brotli?", "on Debian", "brotli", "apt install brotli"),
    ("How do I install brotli?", "on macOS", "brotli", "brew install brotli"),
    ("How do I install markdown-it-py?", "with conda", "markdown-it-py", "conda install -c conda-forge markdown-it-py"),
    ("How do I install markdown-it-py?", "with pip", "markdown-it-py", "pip install markdown-it-py"),
    ("How do I install pypdfium2?", "from PyPI", "pypdfium2", "pip install -U pypdfium2"),
    ("How do I install grpcio?", "from source", "grpcio", "Building from source requires"),
    ("How do I install torch?", "from source", "torch", "If you are installing from source, you will need"),
    ("How do I install torch?", "with Docker", "torch", "docker run --gpus all"),
    ("How do I use safetensors?", "with numpy", "safetensors", "from safetensors.numpy import"),
    ("How do I use safetensors?", "with torch", "safetensors", "from safetensors.torch import"),
    ("How do I install tokenizers?", "from sources", "tokenizers", "you need to have the Rust installed"),
    ("How do I install tqdm?", "with conda", "tqdm", "conda install -c conda-forge tqdm"),
    ("How do I install tqdm?", "with Docker", "tqdm", "docker pull tqdm/tqdm"),
    ("How do I use markdown-it-py?", "from the command line", "markdown-it-py", "usage: markdown-it"),
    ("How do I use pypdfium2?", "from the command line", "pypdfium2", "command-line interface | pypdfium2 --help"),
    ("How do I install sympy?", "with conda", "sympy", "conda install -c anaconda sympy"),
    ("How do I install tomlkit?", "with poetry", "tomlkit", "poetry add tomlkit"),
    ("How do I install fastapi?", "with uv", "fastapi", 'uv add "fastapi[standard]"'),
    ("How do I install typer?", "with uv", "typer", "uv add typer"),
    ("How do I install brotli?", "on Windows", "", ""),
    ("How do I install torch?", "on a Raspberry Pi", "", ""),
    ("How do I install tqdm?", "with Homebrew", "", ""),
    ("How do I use safetensors?", "with TensorFlow", "", ""),
    ("How do I install fonttools?", "with Docker", "", ""),
    ("How do I install grpcio?", "on Android", "", ""),
)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--show", action="store_true", help="print each answer's first citation")
    parser.add_argument("--follow-ups", action="store_true", help='ask "And <setting>?" after the task')
    args = parser.parse_args()
    bot = built_store(args.store, lambda docs: readmes(docs, packages()))
    judged = [any_of(folder, evidence) if evidence else None for _, _, folder, evidence in QUESTIONS]
    if args.follow_ups:
        asked = [(f"And {said}?", judge) for (_, said, _, _), judge in zip(QUESTIONS, judged, strict=True)]
        ask_all(bot, asked, where if args.show else None, after=[[task] for task, _, _, _ in QUESTIONS])
    else:
        asked = [(f"{task.rstrip('?')} {said}?", judge) for (task, said, _, _), judge in zip(QUESTIONS, judged, strict=True)]
        ask_all(bot, asked, where if args.show else None)


if __name__ == "__main__":
    main()
