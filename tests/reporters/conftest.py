"""Reporter fixtures: a RunResult exercising every case, fake policy docs, golden files.

Golden files live in tests/golden/; rewrite them on purpose with GATE_UPDATE_GOLDEN=1
(then review the diff).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from gate.findings import Finding, Location, PolicyResult, RunResult, Severity, fingerprint
from gate.policies.base import Policy

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
NASTY = (
    "**bold** _it_ <script>alert(1)</script> [link](https://example.invalid) | pipe "
    "$x^2$ `code` ~~del~~ 100% done, note: a, b\r\nsecond line ünïcødé ✓ 🚀 \\ end"
)


def _finding(pid: str, severity: Severity, message: str, **kwargs: Any) -> Finding:
    kwargs.setdefault("fingerprint", fingerprint(pid, message))
    kwargs.setdefault("help_url", f"https://docs.example.invalid/policies#{pid.lower()}")
    return Finding(policy_id=pid, severity=severity, message=message, **kwargs)


def build_result() -> RunResult:
    """Several policies, every severity and status, with and without locations."""
    cov1 = PolicyResult(
        "COV001",
        "Total coverage",
        Severity.ERROR,
        (
            _finding(
                "COV001",
                Severity.ERROR,
                "total coverage 78.5% is below the threshold 80%",
                title="Total coverage",
                fingerprint="COV001:total",
                fix="add tests for the uncovered code, or lower policies.COV001.threshold",
            ),
        ),
        {
            "coverage": 78.5,
            "coverage_exact": 78.4567,
            "statements": 1200,
            "covered": 942,
            "threshold": 80,
        },
    )
    cov2 = PolicyResult(
        "COV002",
        "Changed-line coverage",
        Severity.ERROR,
        (
            _finding(
                "COV002",
                Severity.ERROR,
                "changed lines 12-14 are not covered by tests",
                location=Location("src/app.py", 12, 14),
                properties={"file_statements": 9, "file_covered": 5},
                title="Uncovered changed lines",
            ),
            _finding(
                "COV002",
                Severity.ERROR,
                "changed line 20 is not covered by tests",
                location=Location("src/app.py", 20, 20),
                properties={"file_statements": 9, "file_covered": 5},
                title="Uncovered changed lines",
            ),
            _finding(
                "COV002",
                Severity.ERROR,
                "changed line 3 is not covered by tests",
                location=Location("src/we|ird `name`, v2:x.py", 3, 3),
                title="Uncovered changed lines",
            ),
        ),
        {"changed_coverage": 66.67, "changed_statements": 12, "changed_covered": 8},
    )
    cov3 = PolicyResult(
        "COV003",
        "No coverage drop",
        Severity.ERROR,
        (
            _finding(
                "COV003",
                Severity.ERROR,
                "no baseline result: pass --baseline PATH (a JSON report of the base)",
                title="No coverage drop: input missing",
                fingerprint="COV003:missing-input",
            ),
        ),
        {"status": "missing-input"},
    )
    pin1 = PolicyResult(
        "PIN001",
        "Pinned dependencies",
        Severity.WARNING,
        (
            _finding(
                "PIN001",
                Severity.WARNING,
                "requests>=2.0,<3 is not pinned: use ==, e.g. requests==2.32.3",
                location=Location("requirements.txt", 4, 4, 1, 17),
                title="Unpinned",
                fix="requests==2.32.3",
            ),
            _finding(
                "PIN001",
                Severity.NOTICE,
                "5 of 6 pins carry no hash (50% of 10%)\nsee docs",
                location=Location("requirements.txt"),
                title="Pins without hashes",
            ),
            _finding(
                "PIN001",
                Severity.NOTICE,
                "actions/checkout@v4 is pinned to a tag",
                location=Location(".github/workflows/ci.yml", 9, 9, 15, 34),
                title="Tag pin",
            ),
        ),
        {"pinned": 8, "total": 10, "pip_pinned": 5, "pip_total": 6, "hashes": False},
    )
    sec1 = PolicyResult(
        "SEC001",
        "No secrets",
        Severity.ERROR,
        (
            _finding(
                "SEC001",
                Severity.ERROR,
                "AWS access key ID AKIA************MPLE (sha256:1f2e3d4c) in source",
                location=Location("config/settings.py", 7, 7, 12, 31),
                title="Secret",
            ),
            _finding(
                "SEC001",
                Severity.ERROR,
                "GitHub token ghp_****************************abcd (sha256:9a8b7c6d)",
                location=Location("old/creds.env", 2, 2, commit=COMMIT),
                title="Secret",
            ),
        ),
        {"files_scanned": 42},
    )
    sec2 = PolicyResult("SEC002", "No private keys", Severity.ERROR, (), {"files_scanned": 42})
    gate1 = PolicyResult(
        "GATE001",
        "Gate configuration changed",
        Severity.WARNING,
        (
            _finding(
                "GATE001",
                Severity.WARNING,
                NASTY,
                location=Location("gate.yml"),
                title="Gate configuration changed",
            ),
            _finding(
                "GATE001",
                Severity.NOTICE,
                "multi-line range 5-9 with columns",
                location=Location("gate.yml", 5, 9, 3, 4),
                title="Range",
            ),
        ),
        {},
    )
    return RunResult(
        results=(cov1, cov2, cov3, gate1, pin1, sec1, sec2),
        fail_on=Severity.ERROR,
        root="/tmp/repo",
        base="origin/main",
        base_sha="1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
        head=None,
        tool_version="0.1.0",
    )


@pytest.fixture
def result() -> RunResult:
    return with_fake_docs(build_result())


def fake_policy(pid: str, slug: str, title: str, severity: Severity, doc: str) -> type[Any]:
    """A Policy subclass that is NOT registered (its id is set after class creation)."""
    namespace = {"__doc__": doc, "slug": slug, "title": title, "default_severity": severity}
    cls = type(f"Fake{pid}", (Policy,), namespace)
    cls.id = pid
    return cls


FAKE_DOCS = {
    "COV001": (
        "total-coverage",
        "Total coverage",
        Severity.ERROR,
        "Total coverage is at least the threshold.\n\n    Reads coverage.py data.\n",
    ),
    "COV002": (
        "changed-coverage",
        "Changed-line coverage",
        Severity.ERROR,
        "Changed lines are covered.\n\n    Fix: add tests for the lines annotated.\n",
    ),
    "COV003": (
        "no-coverage-drop",
        "No coverage drop",
        Severity.ERROR,
        "Coverage does not drop against the base.\n\n    " + "Long text. " * 200,
    ),
    "GATE001": (
        "config-changed",
        "Gate configuration changed",
        Severity.WARNING,
        "The change edits the gate configuration.\n\n    Have a code owner review it.\n",
    ),
    "PIN001": (
        "pinned-dependencies",
        "Pinned dependencies",
        Severity.WARNING,
        "Dependencies are pinned to exact versions.\n\n    Use ``==``.\n",
    ),
    "SEC001": (
        "no-secrets",
        "No secrets",
        Severity.ERROR,
        "No secrets in the tree.\n\n    Rotate the secret, then remove it.\n",
    ),
}


def with_fake_docs(result: RunResult) -> RunResult:
    """The result with these docs attached, as the engine attaches the real ones (stable
    goldens). SEC002 is deliberately left without: a result without docs still gets a rule.
    """
    fakes = {pid: fake_policy(pid, *spec) for pid, spec in FAKE_DOCS.items()}
    fakes["SEC001"].security_severity = "9.5"
    policies = tuple(
        replace(p, rule=fakes[p.policy_id].rule_doc()) if p.policy_id in fakes else p
        for p in result.results
    )
    return replace(result, results=policies)


@pytest.fixture
def golden() -> Iterator[Callable[[str, str], None]]:
    """``golden(name, text)``: text must equal tests/golden/NAME (GATE_UPDATE_GOLDEN=1 rewrites)."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("GATE_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        assert path.is_file(), f"no golden file {path}; create it with GATE_UPDATE_GOLDEN=1"
        expected = path.read_bytes().decode("utf-8")
        assert text == expected, f"{name} differs from its golden file (GATE_UPDATE_GOLDEN=1)"

    yield check
