"""The README's shell session runs as written, in a fresh shell, and prints what the README shows.

Each ``$ command`` of the README's ``console`` block runs in its own ``bash`` process (a new
shell with the installed environment on PATH, as ``source .venv/bin/activate`` gives, and an
empty HOME), from a folder holding a copy of ``seeds/``. The only change made to the commands is
the store path ``/tmp/demo``, which becomes a fresh temporary folder. Timings and confidences
are compared by shape, every other line as written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration
VARIABLE = [
    (re.compile(r"in \d+(\.\d+)?s\)"), "in <t>s)"),
    (re.compile(r"confidence \d\.\d\d \(abstains below \d\.\d\d\)"), "confidence <p> (abstains below <t>)"),
]


def session() -> list[tuple[str, list[str]]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n(.*?)```", readme, re.S)
    assert block, "README lost its shell session"
    steps: list[tuple[str, list[str]]] = []
    for line in block.group(1).splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def normalise(line: str, store: str) -> str:
    line = line.replace("/tmp/demo", store).rstrip()
    for pattern, replacement in VARIABLE:
        line = pattern.sub(replacement, line)
    return line


def test_readme_shell_session_runs_as_written(tmp_path: Path) -> None:
    steps = session()
    assert [c.split()[:2] for c, _ in steps] == [["qa", "index"], ["qa", "index"], ["qa", "ask"], ["qa", "ask"]]
    work = tmp_path / "work"
    shutil.copytree(REPO / "seeds", work / "seeds")
    store = str(tmp_path / "demo")
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    for command, expected in steps:
        done = subprocess.run(["bash", "-c", command.replace("/tmp/demo", store)], cwd=work, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (command, done.stderr)
        got = [normalise(line, store) for line in done.stdout.splitlines()]
        for line in expected:
            if line.strip() in ("", "..."):
                continue
            assert normalise(line, store) in got, (command, line, done.stdout)
