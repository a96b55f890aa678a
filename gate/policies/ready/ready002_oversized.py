"""READY002: modules over N lines and functions over M statements, with their trend."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from gate.context import Context
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.ready.change import ChangedPython, changed_python
from gate.policies.ready.common import python_sources, ready
from gate.policies.ready.settings import ReadySettings

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def line_count(source: bytes) -> int:
    return len(source.splitlines())


def _statements(body: list[ast.stmt]) -> int:
    """Statements in a block, nested blocks included; a nested def or class counts once."""
    total = 0
    for stmt in body:
        total += 1
        if isinstance(stmt, _SCOPES):
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(stmt, field, ()) or ():
                if isinstance(child, ast.stmt):
                    total += _statements([child])
                elif isinstance(child, (ast.ExceptHandler, ast.match_case)):
                    total += _statements(child.body)
    return total


def function_sizes(tree: ast.Module | None) -> dict[str, tuple[int, int]]:
    """Qualified function name -> (line, statements) for every function in the module."""
    sizes: dict[str, tuple[int, int]] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{node.name}"
                sizes[name] = (node.lineno, _statements(node.body))
                visit(node.body, name + ".")
            elif isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")
            else:
                for field in ("body", "orelse", "finalbody"):
                    visit(getattr(node, field, []) or [], prefix)

    if tree is not None:
        visit(tree.body, "")
    return sizes


class OversizedCode(Policy[ReadySettings]):
    """A change makes a module or a function cross its size limit, or grows one beyond it.

    A module over `ready.max_file_lines` lines (default 1,000) or a function over
    `ready.max_function_statements` statements (default 50; nested blocks count, a
    nested def counts once) is hard to review and to test. Budget: what the base
    already has is allowed; a change that makes a file or function cross the limit is an
    error, one that grows something already over it is a warning showing the trend
    (base -> head). `ready.oversized_budget` caps the number of oversized modules in the
    whole repository. Modules are measured over the whole tree, functions in the
    changed files (`ast`).

    Fix: split the module or function. Metrics: `python_files`, `oversized_files`,
    `largest_file_lines`.
    """

    id = "READY002"
    slug = "oversized-code"
    title = "Module or function over its size limit"
    default_severity = Severity.ERROR
    Settings = ReadySettings

    def evaluate(self, ctx: Context, settings: ReadySettings) -> Iterator[Finding | Metric]:
        section = ready(ctx)
        limit = section.max_file_lines
        sizes: dict[str, int] = {}
        for path, source in python_sources(ctx).items():
            sizes[path] = line_count(source)
        oversized = sorted(p for p, n in sizes.items() if n > limit)
        yield Metric("python_files", len(sizes))
        yield Metric("oversized_files", len(oversized))
        yield Metric("debt", len(oversized))  # what the score charges for, ratchet or not
        yield Metric("largest_file_lines", max(sizes.values(), default=0))
        budget = section.oversized_budget
        if budget is not None and len(oversized) > budget:
            yield self.finding(
                settings,
                f"{len(oversized)} modules over {limit} lines, over the budget of {budget}",
                fingerprint=fingerprint(self.id, "budget"),
                fix="split some of them, or raise ready.oversized_budget on the base",
            )
        for change in changed_python(ctx):
            yield from self._module(settings, change, limit)
            yield from self._functions(settings, change, section.max_function_statements)

    def _module(
        self, settings: ReadySettings, change: ChangedPython, limit: int
    ) -> Iterator[Finding]:
        head = line_count(change.head_source)
        base = None if change.base_source is None else line_count(change.base_source)
        yield from self._judge(
            settings, change.path, None, f"module {change.path}", "lines", base, head, limit
        )

    def _functions(
        self, settings: ReadySettings, change: ChangedPython, limit: int
    ) -> Iterator[Finding]:
        before = function_sizes(change.base_tree)
        for name, (line, head) in function_sizes(change.head_tree).items():
            base = before.get(name, (0, None))[1]
            yield from self._judge(
                settings, change.path, line, f"function {name}()", "statements", base, head, limit
            )

    def _judge(
        self,
        settings: ReadySettings,
        path: str,
        line: int | None,
        what: str,
        unit: str,
        base: int | None,
        head: int,
        limit: int,
    ) -> Iterator[Finding]:
        if head <= limit or (base is not None and head <= base):
            return
        crossed = base is None or base <= limit
        trend = f"{base} -> {head}" if base is not None else f"new, {head}"
        yield self.finding(
            settings,
            f"{what} has {head} {unit}, over the limit of {limit} ({unit}: {trend})",
            severity=None if crossed else Severity.WARNING,
            location=Location(path, line, line),
            title=f"{what.split()[0].capitalize()} over its size limit",
            fingerprint=fingerprint(self.id, path, what),
            fix=f"split it below {limit} {unit}",
            properties={"base": base, "head": head, "limit": limit, "crossed": crossed},
        )
