"""The import graph, read from the source (every import, lazy ones inside functions included):
data flows index/ -> qa/ -> ui/, ui/ is reached from qa/ only by the CLI's one lazy entry
point, and no modules import each other in a loop."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGES = ("index", "qa", "ui")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            found[name] = path
    return found


def imports(path: Path, known: set[str]) -> set[str]:
    """The project modules ``path`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] in PACKAGES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] not in PACKAGES:
                continue
            subs = {f"{node.module}.{a.name}" for a in node.names} & known
            out.update(subs or {node.module})
    return out & known


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, set(found)) - {name} for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_index_imports_nothing_from_qa_or_ui() -> None:
    wrong = {m: sorted(d for d in deps if not d.startswith("index"))
             for m, deps in graph().items() if m.startswith("index")}
    assert {m: d for m, d in wrong.items() if d} == {}


def test_qa_reaches_ui_only_through_the_cli_entry_point() -> None:
    up = {m: sorted(d for d in deps if d.startswith("ui")) for m, deps in graph().items() if m.startswith("qa")}
    assert {m: d for m, d in up.items() if d} == {"qa.cli": ["ui.app"]}


def test_no_modules_import_each_other_in_a_loop() -> None:
    edges = graph()
    edges["qa.cli"] = edges["qa.cli"] - {"ui.app"}  # the one lazy entry point up to the UI
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_public_surface_imports_from_qa_and_is_documented() -> None:
    import inspect

    import qa
    from qa import AnswerConfig, ChunkerConfig, DocumentQA, QAError, RetrievalConfig  # noqa: F401

    assert set(qa.__all__) >= {"DocumentQA", "RetrievalConfig", "AnswerConfig", "ChunkerConfig", "QAError",
                               "Answer", "Citation"}
    undocumented = []
    for name in qa.__all__:
        obj = getattr(qa, name)
        if not inspect.getdoc(obj):
            undocumented.append(name)
        for attr, member in vars(obj).items():
            if attr.startswith("_") or not (inspect.isfunction(member) or isinstance(member, classmethod | property)):
                continue
            if not inspect.getdoc(member.__func__ if isinstance(member, classmethod) else member):
                undocumented.append(f"{name}.{attr}")
    assert undocumented == []


def test_store_files_are_the_business_of_index_only() -> None:
    """qa/ and ui/ ask the store (Store.exists, read_manifest, rebuild) instead of opening its files."""
    private = {"MANIFEST", "CATALOG", "LOCK", "VECTORS", "WriterLock"}
    found = {}
    for name, path in modules().items():
        if name.startswith("index"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("index."):
                hits = private & {a.name for a in node.names}
                if hits:
                    found[name] = sorted(hits)
    assert found == {}
