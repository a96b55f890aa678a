"""pip-audit's JSON report judged: known vulnerabilities, and dependencies it did not audit.

pip-audit prints "No known vulnerabilities found" and exits 0 when it could audit nothing
(every dependency skipped: not on the index, the vulnerability service out of reach).
The stage reads its JSON instead and never calls unaudited dependencies safe.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gate.errors import InputError
from gate.reporters.escaping import escape_data

ON_SKIPPED = ("fail", "warn")
# pyproject mode passes --skip-editable on purpose: the project itself is installed
# editable and is not on the index. That skip is expected, not a hole in the audit.
EDITABLE = "distribution marked as editable"
# "Dependency not found on PyPI and could not be audited: pytest (9.2.0)" -> the reason
# without the dependency, so skips group by why.
_NAMED_TAIL = re.compile(r":\s*[A-Za-z0-9._-]+ \([^)]*\)\s*$")
_SHOWN_NAMES = 5


@dataclass(frozen=True)
class Audit:
    audited: int
    vulnerable: tuple[tuple[str, str, tuple[str, ...]], ...]  # name, version, vuln IDs
    skipped: tuple[tuple[str, str], ...]  # name, reason

    @property
    def total(self) -> int:
        return self.audited + len(self.skipped)


def _dependency(entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ValueError(f"a dependency entry without a name: {entry!r:.80}")
    return entry


def read_report(path: Path) -> Audit:
    """The dependencies of a pip-audit JSON report; missing or malformed is an error."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["dependencies"]
        dependencies = [_dependency(entry) for entry in entries]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"cannot read pip-audit's JSON report: {error}", path=str(path)) from None
    audited, vulnerable, skipped = 0, [], []
    for dep in dependencies:
        reason = dep.get("skip_reason")
        if isinstance(reason, str):
            if reason != EDITABLE:
                skipped.append((dep["name"], reason))
            continue
        audited += 1
        ids = tuple(str(v.get("id")) for v in dep.get("vulns") or [] if isinstance(v, dict))
        if ids:
            vulnerable.append((dep["name"], str(dep.get("version", "?")), ids))
    return Audit(audited, tuple(vulnerable), tuple(skipped))


@dataclass(frozen=True)
class AuditVerdict:
    ok: bool
    lines: tuple[str, ...]


def _skip_lines(audit: Audit) -> list[str]:
    by_reason: dict[str, list[str]] = defaultdict(list)
    for name, reason in audit.skipped:
        by_reason[_NAMED_TAIL.sub("", reason).strip() or reason].append(name)
    lines = []
    for reason, names in sorted(by_reason.items(), key=lambda item: -len(item[1])):
        shown = ", ".join(names[:_SHOWN_NAMES])
        more = f" and {len(names) - _SHOWN_NAMES} more" if len(names) > _SHOWN_NAMES else ""
        lines.append(f"  {len(names)} skipped: {reason} ({shown}{more})")
    return lines


def judge(audit: Audit, on_skipped: str, *, annotate: bool) -> AuditVerdict:
    """Fail on a known vulnerability; on skipped dependencies fail or warn (``on_skipped``)."""
    if on_skipped not in ON_SKIPPED:
        raise InputError(f"pip-audit-skipped: {on_skipped!r} is not one of fail, warn")
    lines: list[str] = []
    ok = True
    for name, version, ids in audit.vulnerable:
        lines.append(f"pip-audit: {name} {version}: {', '.join(ids)}")
    if audit.vulnerable:
        ok = False
        count = sum(len(ids) for _, _, ids in audit.vulnerable)
        head = f"pip-audit found {count} known vulnerabilities in {len(audit.vulnerable)} of "
        head += f"{audit.total} dependencies"
        lines.append(head)
        if annotate:
            lines.append(f"::error title=pip-audit::{escape_data(head)}")
    if audit.skipped:
        head = (
            f"pip-audit could not audit {len(audit.skipped)} of {audit.total} dependencies: "
            "their vulnerabilities are unknown, not absent"
        )
        lines += [head, *_skip_lines(audit)]
        level = "error" if on_skipped == "fail" else "warning"
        if on_skipped == "fail":
            ok = False
            lines.append("set pip-audit-skipped: warn to let the stage pass with a warning")
        if annotate:
            lines.append(f"::{level} title=pip-audit::{escape_data(head)}")
    elif audit.total == 0:
        lines.append("pip-audit found no dependency to audit")
    elif not audit.vulnerable:
        lines.append(f"pip-audit: no known vulnerabilities in the {audit.audited} dependencies")
    return AuditVerdict(ok, tuple(lines))
