"""READY008: console.log/debugger left in JavaScript and TypeScript (tree-sitter parsed)."""

from __future__ import annotations

from collections.abc import Iterator

from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.ready.change import added_items, merge_base
from gate.policies.ready.common import matches, ready
from gate.policies.ready.javascript import DebugCall, debug_calls
from gate.policies.ready.settings import ReadySettings


def _line(source: bytes, number: int) -> str:
    lines = source.splitlines()
    return lines[number - 1].decode("utf-8", "replace").strip() if number <= len(lines) else ""


def _added(
    path: str, source: bytes, calls: list[DebugCall], old: bytes | None, lines: frozenset[int]
) -> list[DebugCall]:
    """The calls the change added: by kind and line text against the base version."""
    olds = debug_calls(path, old) if old is not None else []
    return added_items(
        [f"{c.kind}:{_line(old or b'', c.line)}" for c in olds],
        calls,
        key=lambda c: f"{c.kind}:{_line(source, c.line)}",
        on_added_line=lambda c: c.line in lines,
    )


class JsDebugOutput(Policy[ReadySettings]):
    """A change leaves `console.log` (or `.debug`, `.trace`, `.dir`, `.table`, `.info`) or
    `debugger` in JavaScript/TypeScript code.

    Files of `ready.js_globs` (`.js`, `.mjs`, `.cjs`, `.jsx`, `.ts`, `.tsx`, ...) are parsed
    with tree-sitter grammars, so strings and comments that mention `console.log` do not
    count; `ready.js_not_library` (bundles, `node_modules/`, tests, scripts, configs) is
    exempt, and `console.error`/`console.warn` are left alone. Budget: what the base has
    is allowed (compared by kind and line text), a change may not add one;
    `ready.js_debug_budget` caps the repository. Needs tree-sitter when the repository
    has such files (`pip install 'policy-gate[ready]'`); without it the check fails.

    Fix: remove the call or use the project's logger. Metrics: `js_files`,
    `debug_statements`, `added`.
    """

    id = "READY008"
    slug = "js-debug-output"
    title = "Debug output left in JavaScript"
    default_severity = Severity.ERROR
    Settings = ReadySettings

    def evaluate(self, ctx: Context, settings: ReadySettings) -> Iterator[Finding | Metric]:
        section = ready(ctx)
        files = [
            p
            for p in ctx.files()
            if matches(p, section.js_globs) and not matches(p, section.js_not_library)
        ]
        yield Metric("js_files", len(files))
        head: dict[str, tuple[bytes, list[DebugCall]]] = {}
        for path in files:
            try:
                source = ctx.read_bytes(path)
            except InputError:
                continue
            head[path] = (source, debug_calls(path, source))
        total = sum(len(calls) for _, calls in head.values())
        yield Metric("debug_statements", total)
        yield Metric("debt", total)
        budget = section.js_debug_budget
        if budget is not None and total > budget:
            yield self.finding(
                settings,
                f"{total} console.log/debugger in JavaScript, over the budget of {budget}",
                fingerprint=fingerprint(self.id, "budget"),
                fix="remove some of them, or raise ready.js_debug_budget on the base",
            )
        added = 0
        changes = ctx.changed_files() if head else {}
        for path, change in sorted(changes.items()):
            if path not in head:
                continue
            source, calls = head[path]
            old = ctx.git.show(merge_base(ctx), change.old_path or path)
            new = _added(path, source, calls, old, frozenset(change.added))
            for call in new:
                added += 1
                text = _line(source, call.line)
                yield self.finding(
                    settings,
                    f"{call.kind} left in {path}",
                    location=Location(path, call.line, call.line, call.column),
                    fingerprint=fingerprint(self.id, path, call.kind, text, str(call.column)),
                    fix="remove it, or log through the project's logger",
                )
        yield Metric("added", added)
