"""The import graph of ``xacheck/`` has no circle — every import counted, those inside functions too.

Why: a circle (a command importing helpers back from the module that imports the commands) makes the
order of imports matter and hides which layer depends on which. The layers point one way: rules ->
profiles -> evaluate -> answers -> render -> engine -> CLI / server at the edge.
"""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "xacheck"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(mod: str, is_pkg: bool, node: ast.ImportFrom) -> list[str]:
    """The xacheck modules an ``import``/``from … import …`` statement loads."""
    if node.level:
        base = mod.split(".") if is_pkg else mod.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [target] + [f"{target}.{a.name}" for a in node.names]


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PKG.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_pkg = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = resolve(mod, is_pkg, node)
            else:
                continue
            for n in names:
                # `from . import x` names a submodule or a name in the package: the package is imported
                # either way; a name that is a module adds that module
                while n and n not in files:
                    n = n.rpartition(".")[0]
                if n and n != mod and n.startswith("xacheck"):
                    graph[mod].add(n)
    # importing a.b.c runs a/__init__ and a.b/__init__ first; a package importing its own submodules
    # is how packages work, not a circle, so only the submodule's edges count
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def parent_edges_removed(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Drop 'package -> its own submodule' edges (a package's ``__init__`` re-exporting its parts)."""
    return {m: {n for n in deps if not n.startswith(m + ".")} for m, deps in graph.items()}


def test_graph_sees_the_modules_and_their_imports():
    g = import_graph()
    assert "xacheck.cli.options" in g and "xacheck.evaluate" in g
    assert "xacheck.errors" in g["xacheck.cli.options"]          # a module-level import
    assert "xacheck.engine" in g["xacheck.cli.options"]          # an import inside a function counts too


def test_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_in_xacheck():
    found = cycles(parent_edges_removed(import_graph()))
    assert found == [], "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_cli_options_imports_no_command():
    g = import_graph()
    commands = {m for m in g if m.startswith("xacheck.cli.") and m not in ("xacheck.cli.options",)}
    assert not (g["xacheck.cli.options"] & commands)
