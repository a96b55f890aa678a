"""bandit's SARIF judged for the security stage: changed lines, the base's baseline, the log.

bandit writes every finding to its SARIF file and says nothing in the log; this module
reads that file, keeps the findings the stage counts (medium severity and confidence or
above, on the change's lines unless the whole tree is asked for, minus the committed
baseline of known findings), and renders each as a log line and an annotation.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gate.ci.scope import Change
from gate.errors import InputError
from gate.git import Git
from gate.redaction import clean_text
from gate.reporters.escaping import escape_data, escape_property

BASELINE = ".bandit-baseline.json"
LEVELS = ("UNDEFINED", "LOW", "MEDIUM", "HIGH")
COUNTED = ("MEDIUM", "HIGH")
# The runner keeps 10 error annotations per step: 9 findings and one that counts the rest.
ANNOTATIONS = 9


@dataclass(frozen=True)
class BanditFinding:
    path: str
    line: int
    end_line: int
    test_id: str
    severity: str
    confidence: str
    message: str
    code: str  # the flagged line's text, stripped: the baseline's key, not its number

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.test_id, self.code)

    def log_line(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.test_id} "
            f"[severity {self.severity}, confidence {self.confidence}] {self.message}"
        )

    def annotation(self) -> str:
        # The path and bandit's message quote the pull request: credentials masked first.
        props = f"file={escape_property(clean_text(self.path))},line={self.line}"
        if self.end_line > self.line:
            props += f",endLine={self.end_line}"
        title = escape_property(f"bandit {self.test_id}")
        body = clean_text(
            f"{self.message} (severity {self.severity}, confidence {self.confidence})"
        )
        return f"::error {props},title={title}::{escape_data(body)}"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _finding(result: dict[str, Any]) -> BanditFinding | None:
    locations = result.get("locations") or [{}]
    physical = (locations[0] or {}).get("physicalLocation") or {}
    region = physical.get("region") or {}
    path = _text((physical.get("artifactLocation") or {}).get("uri")).removeprefix("./")
    line = region.get("startLine")
    if not path or not isinstance(line, int):
        return None
    end = region.get("endLine")
    properties = result.get("properties") or {}
    snippet = _text((region.get("snippet") or {}).get("text"))
    return BanditFinding(
        path=path,
        line=line,
        end_line=end if isinstance(end, int) else line,
        test_id=_text(result.get("ruleId")) or "B???",
        severity=_text(properties.get("issue_severity")).upper() or "UNDEFINED",
        confidence=_text(properties.get("issue_confidence")).upper() or "UNDEFINED",
        message=_text((result.get("message") or {}).get("text")).strip(),
        code=(snippet.splitlines() or [""])[0].strip(),
    )


def read_sarif(path: Path) -> list[BanditFinding]:
    """Every located finding of a bandit SARIF file; a missing or broken file is an error."""
    try:
        log = json.loads(path.read_text(encoding="utf-8"))
        results = [r for run in log["runs"] for r in run.get("results") or []]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(f"cannot read bandit's SARIF: {error}", path=str(path)) from None
    found = [_finding(r) for r in results if isinstance(r, dict)]
    return sorted((f for f in found if f), key=lambda f: (f.path, f.line, f.test_id))


def load_baseline(root: Path, base: str | None) -> tuple[Counter[tuple[str, str, str]], str]:
    """The baseline's keys, read from ``base`` (never from the change), and where from.

    A pull request is data: a baseline entry it adds for its own finding must not excuse
    it, so with a base the file is read at the base commit. Without one (a push that
    created a branch, a manual run) there is no change to distrust and ``HEAD`` is read.
    """
    git = Git(root)
    top = git.toplevel().resolve()
    relative = (root.resolve() / BASELINE).relative_to(top).as_posix()
    ref = base or "HEAD"
    raw = git.show(ref, relative)
    where = f"{BASELINE} at {ref[:12]}"
    if raw is None:
        return Counter(), f"no {where}"
    try:
        entries = json.loads(raw)["findings"]
        keys = Counter((str(e["path"]), str(e["test_id"]), str(e["code"])) for e in entries)
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"invalid bandit baseline at {ref[:12]}: {error}", path=relative) from None
    return keys, where


def baseline_text(findings: list[BanditFinding]) -> str:
    """A baseline file that accepts ``findings`` (``gate ci bandit-baseline`` writes it)."""
    entries = [
        {"path": f.path, "test_id": f.test_id, "code": f.code}
        for f in findings
        if f.severity in COUNTED and f.confidence in COUNTED
    ]
    return json.dumps({"version": 1, "findings": entries}, indent=2) + "\n"


@dataclass(frozen=True)
class Judged:
    counted: tuple[BanditFinding, ...]
    outside_change: int
    in_baseline: int
    below_level: int

    def lines(self, annotate: bool) -> list[str]:
        """The log: one line per counted finding, annotations (capped), then a tally."""
        out = [f.log_line() for f in self.counted]
        if annotate:
            out += [f.annotation() for f in self.counted[:ANNOTATIONS]]
            rest = len(self.counted) - ANNOTATIONS
            if rest > 0:
                out.append(
                    f"::error title=bandit::{rest} more bandit findings: see the log above "
                    "and the bandit SARIF"
                )
        out.append(
            f"bandit: {len(self.counted)} findings counted; not counted: "
            f"{self.outside_change} outside the change, {self.in_baseline} in the baseline, "
            f"{self.below_level} below medium severity or confidence"
        )
        return out


def judge(
    findings: list[BanditFinding],
    change: Change | None,
    baseline: Counter[tuple[str, str, str]],
) -> Judged:
    """The findings the stage fails on; ``change`` None judges the whole tree."""
    left = Counter(baseline)
    counted: list[BanditFinding] = []
    outside = known = low = 0
    for finding in findings:
        if finding.severity not in COUNTED or finding.confidence not in COUNTED:
            low += 1
        elif left[finding.key] > 0:
            left[finding.key] -= 1
            known += 1
        elif change is not None and not change.touches(
            finding.path, finding.line, finding.end_line
        ):
            outside += 1
        else:
            counted.append(finding)
    return Judged(tuple(counted), outside, known, low)
