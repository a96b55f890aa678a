"""READY003: print()/breakpoint()/pdb left in library code (ruff T20, T100)."""

from __future__ import annotations

from collections.abc import Iterator

from gate.context import Context
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.ready.change import changed_python
from gate.policies.ready.common import matches, ready
from gate.policies.ready.ruff import added_violations, base_violations, head_violations
from gate.policies.ready.settings import ReadySettings


class DebugOutput(Policy[ReadySettings]):
    """A change leaves `print()`, `pprint()`, `breakpoint()` or a pdb call in library code.

    Library code reports through logging, and a debugger call left in stops a server
    on its first request. ruff finds them (rules `ready.debug_rules`, default T201,
    T203, T100), run `--isolated` with `--ignore-noqa` like READY001. Files matching
    `ready.not_library` (tests, scripts, `__main__.py`, ...) are exempt: printing is
    their job. Budget: what the base already has is allowed, a change may not add one;
    `ready.debug_budget` also caps the repository-wide count. A `# noqa` the change
    adds is an allowance that needs approval.

    Fix: use `logging`, or remove the call. Metrics: `debug_statements`, `added`.
    """

    id = "READY003"
    slug = "debug-output"
    title = "Debug output left in library code"
    default_severity = Severity.ERROR
    Settings = ReadySettings

    def evaluate(self, ctx: Context, settings: ReadySettings) -> Iterator[Finding | Metric]:
        section = ready(ctx)
        rules = set(section.debug_rules)

        def counted(path: str, code: str) -> bool:
            return code in rules and not matches(path, section.not_library)

        head = [v for v in head_violations(ctx) if counted(v.path, v.code)]
        yield Metric("debug_statements", len(head))
        yield Metric("debt", len(head))  # what the score charges for, ratchet or not
        budget = section.debug_budget
        if budget is not None and len(head) > budget:
            yield self.finding(
                settings,
                f"{len(head)} debug statements in library code, over the budget of {budget}",
                fingerprint=fingerprint(self.id, "budget"),
                fix="remove some of them, or raise ready.debug_budget on the base",
            )
        base = [v for v in base_violations(ctx) if counted(v.path, v.code)]
        added = 0
        for change in changed_python(ctx):
            new = added_violations(change, head, base)
            for item in new:
                added += 1
                text = change.head_line(item.line)
                noqa = "# noqa" in text.lower()
                message = f"debug output left in library code (ruff {item.code}: {item.message})"
                if noqa:
                    message += "; the `# noqa` on it is an allowance that needs approval"
                yield self.finding(
                    settings,
                    message,
                    location=Location(change.path, item.line, item.line, item.column),
                    fingerprint=fingerprint(
                        self.id, change.path, item.code, text, str(item.column)
                    ),
                    fix="log through `logging` instead, or remove the call",
                    properties={"rule": item.code, "noqa": noqa, "needs_approval": noqa},
                )
        yield Metric("added", added)
