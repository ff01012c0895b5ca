"""train.allocator: reader training re-runs itself under jemalloc when the machine has it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from train.allocator import LIBRARY_NAME, MALLOC_CONF, find_jemalloc, jemalloc_env


def test_find_jemalloc_takes_the_first_folder_that_holds_it(tmp_path: Path) -> None:
    empty, first, second = (tmp_path / name for name in ("empty", "first", "second"))
    for folder in (empty, first, second):
        folder.mkdir()
    for folder in (first, second):
        (folder / LIBRARY_NAME).write_bytes(b"")
    assert find_jemalloc([str(empty), str(first), str(second)]) == first / LIBRARY_NAME
    assert find_jemalloc([str(empty)]) is None


def test_the_environment_preloads_jemalloc_and_keeps_what_was_set() -> None:
    library = Path("/lib/x") / LIBRARY_NAME
    env = jemalloc_env({"PATH": "/bin"}, library)
    assert env == {"PATH": "/bin", "LD_PRELOAD": str(library), "MALLOC_CONF": MALLOC_CONF}
    env = jemalloc_env({"LD_PRELOAD": "/lib/other.so", "MALLOC_CONF": "narenas:1"}, library)
    assert env == {"LD_PRELOAD": f"{library}:/lib/other.so", "MALLOC_CONF": "narenas:1"}


def test_no_rerun_when_preloaded_asked_not_to_or_not_installed() -> None:
    library = Path("/lib/x") / LIBRARY_NAME
    assert jemalloc_env({"LD_PRELOAD": f"/usr/lib/{LIBRARY_NAME}"}, library) is None
    assert jemalloc_env({"DOCQA_TRAIN_MALLOC": "system"}, library) is None
    assert jemalloc_env({}, None) is None
    assert jemalloc_env({"DOCQA_TRAIN_MALLOC": "jemalloc"}, library) is not None


def test_an_unknown_choice_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"DOCQA_TRAIN_MALLOC='fast': expected one of jemalloc, system"):
        jemalloc_env({"DOCQA_TRAIN_MALLOC": "fast"}, None)


PROBE = """
import os, sys
from train.allocator import rerun_under_jemalloc
print("started", flush=True)
rerun_under_jemalloc("allocator_probe", sys.argv[1:])
maps = open("/proc/self/maps").read()
print("args", sys.argv[1:], "jemalloc mapped", "libjemalloc" in maps, os.environ.get("MALLOC_CONF"))
"""


ROOT = Path(__file__).resolve().parents[1]


def _unset_allocator_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "MALLOC_CONF", "DOCQA_TRAIN_MALLOC")}


def _run_probe(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "allocator_probe.py").write_text(PROBE, encoding="utf-8")
    root = ROOT
    base = _unset_allocator_env()
    return subprocess.run([sys.executable, "-m", "allocator_probe", "--data", "x y"], cwd=tmp_path, text=True,
                          capture_output=True, timeout=60,
                          env={**base, "PYTHONPATH": f"{tmp_path}{os.pathsep}{root}", **env})


def _probe(tmp_path: Path, **env: str) -> list[str]:
    done = _run_probe(tmp_path, **env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.skipif(find_jemalloc() is None, reason=f"{LIBRARY_NAME} not installed (apt-get install libjemalloc2)")
def test_the_command_runs_again_under_jemalloc_with_its_arguments(tmp_path: Path) -> None:
    out = _probe(tmp_path)
    assert out == ["started", "started", f"args ['--data', 'x y'] jemalloc mapped True {MALLOC_CONF}"]


def test_system_keeps_the_c_library_allocator(tmp_path: Path) -> None:
    out = _probe(tmp_path, DOCQA_TRAIN_MALLOC="system")
    assert out == ["started", "args ['--data', 'x y'] jemalloc mapped False None"]


def test_a_bad_choice_ends_the_command_with_a_message(tmp_path: Path) -> None:
    done = _run_probe(tmp_path, DOCQA_TRAIN_MALLOC="fast")
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["started"]
    assert "allocator_probe: DOCQA_TRAIN_MALLOC='fast': expected one of jemalloc, system" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(find_jemalloc() is None, reason=f"{LIBRARY_NAME} not installed (apt-get install libjemalloc2)")
def test_train_reader_re_runs_itself_before_it_imports_torch() -> None:
    # PYTHONPROFILEIMPORTTIME reports every import of both processes on stderr: torch by the re-run only
    done = subprocess.run([sys.executable, "-m", "train.train_reader", "--help"], cwd=ROOT, text=True,
                          capture_output=True, timeout=120,
                          env={**_unset_allocator_env(), "PYTHONPATH": str(ROOT), "PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--squad11-questions" in done.stdout
    torch_imports = [line for line in done.stderr.splitlines() if line.rstrip().endswith("| torch")]
    allocator_imports = [line for line in done.stderr.splitlines() if line.rstrip().endswith("| train.allocator")]
    assert len(allocator_imports) == 2  # the first process and its re-run under jemalloc
    assert len(torch_imports) == 1
