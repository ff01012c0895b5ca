"""The ``qa`` command run as the user runs it, each call its own process (the tests of the user's
path: ``tests/test_processes.py`` and the across-process tests of other modules)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def qa(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def indexed(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Path]:
    """``files`` (paths under ``tmp_path/docs``, their text) written and indexed by ``qa index`` in a
    process of its own, which must succeed without a word on stderr: the folder and the store."""
    docs, store = tmp_path / "docs", tmp_path / "store"
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text)
    built = qa("index", "--store", str(store), str(docs), cwd=tmp_path)
    assert built.returncode == 0 and not built.stderr, built.stderr
    return docs, store
