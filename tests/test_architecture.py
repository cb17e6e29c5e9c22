"""The package's shape: layers, one direction of imports, one lazy seam, module sizes.

Read from the source with ``ast`` (module-level imports only, as Python runs
them at import time); ARCHITECTURE.md draws the same picture.
"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import lime_widget as lw
from lime_widget.explainers import BaseExplainer

PACKAGE = Path(lw.__file__).parent
#: lower layers never import higher ones
LAYERS = {"engine": 0, "explanation": 1, "explainers": 2, "live": 3}
TOP = len(LAYERS)  # lime_widget/__init__.py re-exports every layer
#: the one place a lower layer reaches upwards, inside a function (as lime and altair do)
LAZY_SEAMS = {("lime_widget.explanation._handoff", "lime_widget.live")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        keep = len(parts) - node.level + (1 if is_package else 0)
        base = ".".join(parts[:keep] + ([node.module] if node.module else []))
    if not base.startswith("lime_widget"):
        return []
    names = [f"{base}.{a.name}" for a in node.names]
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    return [n for n in names if n in modules] or [base]


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """(module-level, function-level) lime_widget modules that ``path`` imports."""
    module = _module_name(path)
    tree = ast.parse(path.read_text())
    is_package = path.name == "__init__.py"
    top: set[str] = set()
    lazy: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # annotations only: never run
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            found: list[str] = []
            if isinstance(child, ast.ImportFrom):
                found = _resolve(module, is_package, child)
            elif isinstance(child, ast.Import):
                found = [a.name for a in child.names if a.name.startswith("lime_widget")]
            (lazy if in_function else top).update(found)
            visit(child, inner)

    visit(tree, False)
    return top, lazy


def _graph() -> dict[str, tuple[set[str], set[str]]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.get(parts[1], TOP) if len(parts) > 1 else TOP


#: lime's module paths: thin re-exports at the top, so lime code changes only its import
LIME_PATHS = {
    "lime_base",
    "lime_tabular",
    "lime_text",
    "lime_image",
    "submodular_pick",
    "discretize",
}


def test_every_module_sits_in_a_layer() -> None:
    stray = [
        m
        for m in _graph()
        if m != "lime_widget" and m.split(".")[1] not in LAYERS | dict.fromkeys(LIME_PATHS, 0)
    ]
    assert stray == [], "modules outside engine/explanation/explainers/live"


def test_lime_paths_only_re_export() -> None:
    for name in LIME_PATHS:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text())
        kinds = {type(node).__name__ for node in tree.body}
        assert kinds <= {"Expr", "ImportFrom", "Assign"}, name


def test_imports_go_downwards_only() -> None:
    upward = []
    for module, (top, lazy) in _graph().items():
        for target in top:
            if _layer(target) > _layer(module):
                upward.append((module, target))
        for target in lazy:
            seam = (module, ".".join(target.split(".")[:2]))
            if _layer(target) > _layer(module) and seam not in LAZY_SEAMS:
                upward.append((module, target))
    assert upward == []


def test_no_module_level_import_cycle() -> None:
    graph = {m: {t for t in top if t != m} for m, (top, _) in _graph().items()}
    # importing a submodule runs its package's __init__ first
    for m in list(graph):
        for t in list(graph[m]):
            parent = t.rsplit(".", 1)[0]
            if parent in graph and parent != m and not m.startswith(parent + "."):
                graph[m].add(parent)
    assert _find_cycle(graph) == []


def _find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (module -> modules it imports), or []."""
    state: dict[str, int] = {}

    def dfs(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if state.get(nxt) is None and (found := dfs(nxt, [*path, nxt])):
                return found
        state[node] = 2
        return []

    for start in sorted(graph):
        if state.get(start) is None and (found := dfs(start, [start])):
            return found
    return []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _find_cycle(graph) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) == []
    node = ast.parse("from ..engine import _params").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert _resolve("lime_widget.live._session", False, node) == ["lime_widget.engine._params"]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_modules_stay_under_500_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 500


def test_modules_inside_layers_are_private() -> None:
    public = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.parent != PACKAGE and not p.name.startswith("_")
    ]  # (lime's module paths sit at the top: LIME_PATHS)
    assert public == []


def test_static_paths_load_no_widget_code() -> None:
    code = textwrap.dedent(
        """
        import sys
        import numpy as np
        import lime_widget as lw
        X = np.random.RandomState(0).normal(size=(60, 3))
        def model(x):
            p = 1 / (1 + np.exp(-x[:, 0]))
            return np.column_stack([1 - p, p])
        explainer = lw.LimeTabularExplainer(X, random_state=0)
        exp = explainer.explain_instance(X[0], model, num_samples=200)
        exp.refit(kernel_width=0.5).uncertainty()
        explainer.explain_many(X[:3], model, num_samples=100, progress=False)
        loaded = sorted(m for m in sys.modules
                        if m.split(".")[0] in ("anywidget", "ipywidgets", "traitlets")
                        or m.startswith("lime_widget.live._widget"))
        print(loaded)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "cls", [lw.LimeTabularExplainer, lw.LimeTextExplainer, lw.LimeImageExplainer]
)
def test_explain_options_match_explain_instance(cls: type[BaseExplainer]) -> None:
    params = list(inspect.signature(cls.explain_instance).parameters.values())[3:]
    assert {p.name: p.default for p in params} == dict(cls._explain_options)


def test_one_place_builds_a_live_session() -> None:
    def builds(path: Path) -> bool:
        return any(
            isinstance(node, ast.Call) and ast.unparse(node.func).endswith("LiveSession")
            for node in ast.walk(ast.parse(path.read_text()))
        )

    assert [_module_name(p) for p in PACKAGE.rglob("*.py") if builds(p)] == ["lime_widget.live"]
