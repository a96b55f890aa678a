"""The shape of gate/: no import cycle, no upward edge, and a registry that finds every policy."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gate import registry
from tests import coverage_project
from tests.conftest import Repo

PACKAGE = Path(__file__).resolve().parent.parent / "gate"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
    return name == "TYPE_CHECKING"


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import at module level and inside functions, except ``if TYPE_CHECKING:``
    blocks (they never run, so they cannot make a cycle)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
        return
    yield from _imports(node)


def edges(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Modules of gate/ that ``name`` imports; ``from pkg import mod`` counts as ``pkg.mod``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            # `from gate.x import name` is an edge to gate.x; `from gate import x` to gate.x.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("gate"):
                out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph = {name: edges(name, path, known) for name, path in known.items()}
    # A package's __init__ runs before any of its modules: importing gate.a.b imports gate.a.
    for name in list(graph):
        for target in list(graph[name]):
            parent = target.rpartition(".")[0]
            while parent:
                if parent != name and not name.startswith(parent + "."):
                    graph[name].add(parent)
                parent = parent.rpartition(".")[0]
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path a -> ... -> a, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_graph_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    package = tmp_path / "gate"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from gate.sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nfrom .. import a\nif TYPE_CHECKING:\n    import gate.c\n"
    )
    (package / "c.py").write_text("")
    known = {module_name_in(tmp_path, p): p for p in package.rglob("*.py")}
    assert edges("gate.a", package / "a.py", known) == {"gate.sub", "gate.sub.b"}
    assert edges("gate.sub.b", package / "sub" / "b.py", known) == {"gate", "gate.a"}
    assert find_cycle({"gate.a": {"gate.sub.b"}, "gate.sub.b": {"gate.a"}}) == [
        "gate.a",
        "gate.sub.b",
        "gate.a",
    ]


def module_name_in(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# Edges back into the CLI that make cycles today: the command modules of issue 13 part B
# (gate/commands/) take load_config/write_output out of cli.py. Each entry must still
# exist, so the list shrinks as they go.
def test_no_import_cycle_in_gate() -> None:
    assert find_cycle(import_graph()) is None


@pytest.mark.parametrize("lower", ["gate.collectors", "gate.secrets"])
def test_collectors_and_the_secret_engine_never_import_upward(lower: str) -> None:
    upper = ("gate.context", "gate.config", "gate.settings", "gate.policies", "gate.engine")
    bad = sorted(
        f"{name} -> {target}"
        for name, targets in import_graph().items()
        if name == lower or name.startswith(lower + ".")
        for target in targets
        if any(target == u or target.startswith(u + ".") for u in upper)
    )
    assert bad == []


def test_the_registry_module_imports_no_policy_and_no_pydantic() -> None:
    assert import_graph()["gate.registry"] == set()
    source = (PACKAGE / "registry.py").read_text(encoding="utf-8")
    assert "pydantic" not in source


@pytest.mark.parametrize("policy_id", sorted(registry.POLICIES))
def test_every_registry_entry_resolves_to_its_file(policy_id: str) -> None:
    module_path, _, class_name = registry.POLICIES[policy_id].partition(":")
    module = importlib.import_module(module_path)
    assert Path(module.__file__ or "").name.startswith(policy_id.lower() + "_")
    cls = getattr(module, class_name)
    assert cls.id == policy_id
    assert registry.load(policy_id) is cls


@pytest.mark.parametrize("section", sorted(registry.SECTIONS))
def test_every_section_resolves_to_a_settings_model(section: str) -> None:
    import dataclasses

    model = registry.load_section(section)
    assert dataclasses.is_dataclass(model)
    assert model.__pydantic_config__ == {"extra": "forbid"}


@pytest.mark.parametrize("policy_id", sorted(registry.POLICIES))
def test_the_registry_names_the_settings_model_each_policy_uses(policy_id: str) -> None:
    assert registry.load(policy_id).Settings is registry.load_settings(policy_id)


def _policy_modules_loaded_by(code: str, tmp_path: Path) -> list[str]:
    modules = {target.partition(":")[0] for target in registry.POLICIES.values()}
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    return sorted(set(done.stdout.split()) & modules)


def test_reading_a_config_imports_no_policy(tmp_path: Path) -> None:
    code = "from gate import config\nconfig.validate({'policies': {'COV002': {}}}, 'gate.yml')"
    assert _policy_modules_loaded_by(code, tmp_path) == []


def test_selecting_one_policy_imports_only_it(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\nfrom gate import config, engine\n"
        "from gate.context import Context\n"
        "ctx = Context(Path('.'), config.defaults())\n"
        "print([c.id for c in engine.selected_policies(ctx, select=['COV002'])])"
    )
    assert _policy_modules_loaded_by(code, tmp_path) == ["gate.policies.coverage.cov002_changed"]


_PROBE = (
    "import runpy, sys\n"
    "sys.argv = ['gate', 'check', '--select', 'COV002', '--base', 'main', "
    "'--coverage', 'coverage.xml', '--report', 'json:gate.json']\n"
    "try:\n"
    "    runpy.run_module('gate', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write(' '.join(m for m in ('pydantic', 'yaml') if m in sys.modules))\n"
)


@pytest.mark.slow
def test_a_run_on_the_defaults_imports_neither_pydantic_nor_yaml(
    make_repo: Callable[..., Repo],
) -> None:
    """Start-up is part of the design: the embedded defaults are plain dataclasses, so the
    pre-commit hooks and a COV002 run pay for pydantic and PyYAML only when a config file
    is there to read (then they must, and the file must count)."""
    repo = make_repo()
    coverage_project.changed_project(repo.path, repo.commit)
    coverage_project.measure(repo.path)
    coverage_project.run(repo.path, "-m", "coverage", "xml", "-q", "-o", "coverage.xml")

    def probe() -> tuple[str, dict[str, Any]]:
        done = coverage_project.run(repo.path, "-c", _PROBE)
        report = json.loads((repo.path / "gate.json").read_text())
        return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "", report

    loaded, report = probe()
    assert loaded == ""
    (cov002,) = report["policies"]
    assert cov002["metrics"]["changed_statements"] == 2  # the run judged the change
    assert cov002["metrics"]["changed_covered"] == 1
    assert cov002["status"] == "passed"  # fewer than the default 5 statements never fail

    repo.write("gate.yml", "policies:\n  COV002:\n    min_statements: 0\n    threshold: 100\n")
    loaded, report = probe()
    assert loaded.split() == ["pydantic", "yaml"]
    (cov002,) = report["policies"]
    assert cov002["status"] == "failed"  # 1 of 2 changed statement: the file's bar counted
