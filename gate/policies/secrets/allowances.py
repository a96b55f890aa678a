"""Whether an inline ``gate: allow`` counts: it was already at the base, or it is approved.

A pull request that adds ``# gate: allow SEC001`` next to the token it adds would
otherwise allow its own leak. So on a pull request an inline allowance counts only when
the same pragma line exists in the base's version of the file, or when an approver
approved the pull request's head commit (``gate.approval``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from gate.approval import approval
from gate.context import Context
from gate.findings import Finding, Location, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings
from gate.secrets.pragmas import allowing_lines


@dataclass
class InlineAllowances:
    """Judges inline allowances for one run and remembers the approved ones."""

    ctx: Context
    approved: list[tuple[str, int, str]] = field(default_factory=list)
    unapproved: int = 0
    _base: dict[str, frozenset[str]] = field(default_factory=dict)

    def _base_lines(self, path: str) -> frozenset[str]:
        if path not in self._base:
            ref = self.ctx.trusted_ref
            data = self.ctx.git.show(ref, path) if ref else None
            text = data.decode("utf-8", "replace") if data is not None else ""
            self._base[path] = frozenset(line.strip() for line in text.splitlines())
        return self._base[path]

    def counts(
        self,
        path: str,
        line_text: Callable[[int], str | None],
        start_line: int,
        end_line: int,
        policy_id: str,
    ) -> bool:
        lines = allowing_lines(line_text, start_line, end_line, policy_id)
        if not lines:
            return False
        if self.ctx.trusted_ref is None:
            return True  # not a pull request: the working tree is what is trusted
        if any(text in self._base_lines(path) for _number, text in lines):
            return True
        decision = approval(self.ctx)
        if decision.approved:
            self.approved.append((path, lines[0][0], decision.reason))
            return True
        self.unapproved += 1
        return False

    def findings(
        self, policy: Policy[PolicySettings], settings: PolicySettings
    ) -> Iterator[Finding]:
        """A notice per approved allowance, so the summary lists every one."""
        for path, line, reason in self.approved:
            yield policy.finding(
                settings,
                f"inline allowance added by this change on line {line} of {path}: {reason}",
                severity=Severity.NOTICE,
                title="Allowance approved",
                location=Location(path, line),
                fingerprint=fingerprint(policy.id, "approved", path, str(line)),
            )
