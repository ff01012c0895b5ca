"""The running web app refuses file reads outside what it serves, and the installed web and parser
libraries meet the security floors declared in pyproject.toml."""

from __future__ import annotations

import http.client
import importlib.metadata
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from qa import DocumentQA
from tests.conftest import REPO, free_port
from ui.app import launch

pytestmark = pytest.mark.server





def _get(port: int, raw_path: str) -> int:
    """GET ``raw_path`` exactly as written (no client-side normalisation of ``..``)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", raw_path)
        return conn.getresponse().status
    finally:
        conn.close()


def test_route_probes_get_403_or_404(docs: Path, store_path: Path, embedder, tmp_path: Path) -> None:
    secret = tmp_path / ".env"
    secret.write_text("API_KEY=do-not-serve")
    bot = DocumentQA.build([docs], store_path, embedder=embedder)
    port = free_port()
    app = launch(bot, port=port, block=False, upload_dir=tmp_path / "uploads")
    targets = ["/etc/passwd", "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd",
               "..%252f..%252fetc%252fpasswd", str(secret), ".env", str(store_path / "manifest.json"),
               str(store_path / "catalog.sqlite3"), str(docs / "bridge.txt"), str(REPO / "pyproject.toml"),
               "http://example.com/x", "https://evil.invalid/a.png", "//evil.invalid/a.png"]
    probes = [f"{prefix}{t}" for prefix in ("/file=", "/gradio_api/file=") for t in targets]
    probes += ["/gradio_api/proxy=http://evil.invalid/", "/proxy=http://evil.invalid/", "/static/../../../etc/passwd",
               "/assets/..%2f..%2f..%2fetc%2fpasswd", "/gradio_api/file%3D/etc/passwd", "/.env", "/../pyproject.toml"]
    try:
        results = {probe: _get(port, probe) for probe in probes}
    finally:
        app.close()
        bot.close()
    bad = {p: s for p, s in results.items() if s not in (403, 404)}
    assert not bad, bad
    print("\nroute probes:", sorted(set(results.values())), f"({len(results)} probes)")


MINIMUMS = {"gradio": "6.24", "pypdf": None, "python-docx": None, "starlette": None}


def test_installed_versions_meet_the_declared_security_floors() -> None:
    declared = {}
    for line in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]:
        req = Requirement(line)
        declared[req.name] = req
    for name, floor in MINIMUMS.items():
        assert name in declared, f"{name} has no declared minimum in pyproject.toml"
        installed = Version(importlib.metadata.version(name))
        assert declared[name].specifier.contains(installed, prereleases=True), (name, installed, declared[name])
        lows = [Version(s.version) for s in declared[name].specifier if s.operator == ">="]
        assert lows, f"{name} needs a >= floor"
        if floor is not None:
            assert max(lows) >= Version(floor), f"{name} floor {max(lows)} is below {floor}"


@pytest.mark.parametrize("name", sorted(MINIMUMS))
def test_each_floor_is_a_real_constraint(name: str) -> None:
    declared = {Requirement(x).name: Requirement(x) for x in
                tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]}
    assert not declared[name].specifier.contains("0.0.1")
