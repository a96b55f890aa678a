"""READY001: exception handlers that swallow errors (ruff S110/S112/BLE001/E722, plus ast)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from gate.context import Context
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings
from gate.policies.ready.change import ChangedPython, changed_python
from gate.policies.ready.common import ready
from gate.policies.ready.ruff import (
    Violation,
    added_violations,
    base_violations,
    head_violations,
)
from gate.policies.ready.settings import ReadySettings

_BROAD = frozenset({"Exception", "BaseException"})
_LOGGING = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print_exc"}
)
SWALLOW = "SWALLOW"  # the code of what the ast pass finds and ruff has no rule for


@dataclass(frozen=True)
class Swallow:
    """A broad handler whose whole body is ``return``/``return <constant>``."""

    line: int
    column: int


def _broad(handler: ast.ExceptHandler) -> bool:
    kind = handler.type
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return kind is None or any(
        (isinstance(n, ast.Name) and n.id in _BROAD)
        or (isinstance(n, ast.Attribute) and n.attr in _BROAD)
        for n in names
    )


def _logs_or_raises(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(handler):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _LOGGING:
                return True
    return False


def swallows(tree: ast.Module | None) -> list[Swallow]:
    """Broad handlers that only return a constant: what S110/S112 do not cover."""
    found = []
    for node in ast.walk(tree) if tree is not None else ():
        if not isinstance(node, ast.ExceptHandler) or not _broad(node):
            continue
        body = [s for s in node.body if not isinstance(s, ast.Pass)]
        only_return = bool(body) and all(
            isinstance(s, ast.Return) and (s.value is None or isinstance(s.value, ast.Constant))
            for s in body
        )
        if only_return and not _logs_or_raises(node):
            found.append(Swallow(node.lineno, node.col_offset + 1))
    return found


def _extra(path: str, tree: ast.Module | None, ruff: list[Violation]) -> list[Violation]:
    """The ast pass's handlers on lines ruff did not already report (only what ruff lacks)."""
    reported = {v.line for v in ruff}
    return [
        Violation(SWALLOW, path, s.line, s.column, "broad handler only returns")
        for s in swallows(tree)
        if s.line not in reported
    ]


class SilentFailures(Policy[PolicySettings]):
    """A change adds an exception handler that swallows errors.

    `except Exception: pass`, a bare `except:`, `except ...: continue` and a broad
    `except` that only `return`s (None or a constant) without logging or re-raising
    hide the failure that production needs to see. ruff finds the first ones (rules
    `ready.silent_failure_rules`, default S110, S112, BLE001, E722), run `--isolated`
    with `--ignore-noqa`, so neither the change's `[tool.ruff]` nor a `# noqa` can hide
    one; an `ast` pass over the changed files finds the broad handlers that only return.

    Budget: what the base already has is allowed; a change may not add one (compared by
    rule and line text, so moving code adds nothing). A `# noqa` the change adds on such
    a line is an allowance that needs approval and is reported as such.
    `ready.silent_failure_budget` also caps the repository-wide count. Needs ruff
    (`pip install 'policy-gate[ready]'`): without it the check fails, never passes.

    Fix: catch the exceptions you expect, log with `logger.exception(...)`, or re-raise.
    Metrics: `silent_failures` (whole tree, ruff rules), `added`.
    """

    id = "READY001"
    slug = "silent-failures"
    title = "Exception handler swallows errors"
    default_severity = Severity.ERROR
    Settings = ReadySettings

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        section = ready(ctx)
        rules = set(section.silent_failure_rules)
        head = [v for v in head_violations(ctx) if v.code in rules]
        yield Metric("silent_failures", len(head))
        yield Metric("debt", len(head))  # what the score charges for, ratchet or not
        budget = section.silent_failure_budget
        if budget is not None and len(head) > budget:
            yield self.finding(
                settings,
                f"{len(head)} silent failures in the repository, over the budget of {budget}",
                fingerprint=fingerprint(self.id, "budget"),
                fix="fix some of them, or raise ready.silent_failure_budget on the base",
            )
        base = [v for v in base_violations(ctx) if v.code in rules]
        added = 0
        for change in changed_python(ctx):
            for item in self._added(change, head, base):
                added += 1
                yield self._report(settings, change, item)
        yield Metric("added", added)

    def _added(
        self, change: ChangedPython, head: list[Violation], base: list[Violation]
    ) -> list[Violation]:
        mine = [v for v in head if v.path == change.path]
        olds = [v for v in base if v.path == change.path]
        mine += _extra(change.path, change.head_tree, mine)
        olds += _extra(change.path, change.base_tree, olds)
        return added_violations(change, mine, olds)

    def _report(self, settings: PolicySettings, change: ChangedPython, item: Violation) -> Finding:
        text = change.head_line(item.line)
        noqa = "# noqa" in text.lower()
        rule = "ast" if item.code == SWALLOW else f"ruff {item.code}"
        message = f"exception handler swallows errors ({rule}: {item.message})"
        if noqa:
            message += "; the `# noqa` on it is an allowance that needs approval"
        return self.finding(
            settings,
            message,
            location=Location(change.path, item.line, item.line, item.column),
            fingerprint=fingerprint(self.id, change.path, item.code, text, str(item.column)),
            fix="catch the expected exception, log it (logger.exception) or re-raise",
            properties={"rule": item.code, "noqa": noqa, "needs_approval": noqa},
        )
