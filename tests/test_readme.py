"""The README's Python example runs as written (with the real model)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Python API\n\n```python\n(.*?)```", readme, re.S)
    assert block, "README lost its Python API example"
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    (tmp_path / "more-docs").mkdir()
    (tmp_path / "more-docs" / "note.md").write_text("# Note\n\nThe canteen opens at 8 o'clock.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)  # noqa: S102
    answer = namespace["answer"]
    assert not answer.abstained and "94 soldiers" in answer.citations[0].text
    assert "every two years" in namespace["follow"].citations[0].text
    assert namespace["note"].citations[0].source.endswith("more-docs/note.md")
    assert namespace["bot"].last_report.summary().startswith("1 added, 0 updated, 0 unchanged, 0 removed, 0 failed")
