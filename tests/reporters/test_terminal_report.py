"""The terminal report: golden output, colour only when asked, no escape sequences from data."""

from __future__ import annotations

from collections.abc import Callable

from gate.findings import Finding, Location, PolicyResult, RunResult, Severity
from gate.reporters import ReportOptions, render


def test_golden(result: RunResult, golden: Callable[[str, str], None]) -> None:
    golden("terminal.txt", render("terminal", result, ReportOptions()))


def test_golden_in_colour(result: RunResult, golden: Callable[[str, str], None]) -> None:
    golden("terminal-color.txt", render("terminal", result, ReportOptions(color=True)))


def test_plain_output_has_no_escape_sequences(result: RunResult) -> None:
    text = render("terminal", result, ReportOptions())
    assert "\x1b" not in text
    assert text.endswith(
        "gate failed: 7 policies, 7 errors, 2 warnings, 3 notices; failing at error or above\n"
    )


def test_findings_cannot_inject_terminal_control_sequences() -> None:
    finding = Finding(
        "T001",
        Severity.ERROR,
        "evil \x1b[2J\x1b]0;title\x07 \x9b31m back\rspace\r\nnext",
        location=Location("a\x1b[31m.py", 3),
        fix="do \x1b[1mthis",
    )
    result = RunResult((PolicyResult("T001", "T", Severity.ERROR, (finding,)),), Severity.ERROR)
    text = render("terminal", result, ReportOptions())
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text and "\r" not in text
    assert "  error a\\x1b[31m.py:3: evil \\x1b[2J" in text
    # A multi-line message stays under its finding, indented.
    assert "back\\x0dspace\n    next\n" in text
    assert "    fix: do \\x1b[1mthis" in text


def test_metrics_and_verdict_line() -> None:
    result = RunResult(
        (PolicyResult("PIN001", "Pins", Severity.WARNING, (), {"pinned": 3, "total": 4}),),
        Severity.ERROR,
        no_fail=True,
    )
    text = render("terminal", result, ReportOptions())
    assert text.splitlines()[0] == "PASS PIN001 Pins (pinned 3/4)"
    assert text.endswith(
        "gate passed: 1 policy, 0 errors, 0 warnings, 0 notices; " "failing at error or above\n"
    )


def test_not_enforced_failure_says_exit_0() -> None:
    finding = Finding("T001", Severity.WARNING, "w")
    result = RunResult(
        (PolicyResult("T001", "T", Severity.WARNING, (finding,)),), Severity.WARNING, no_fail=True
    )
    assert render("terminal", result, ReportOptions()).rstrip().endswith("(--no-fail: exit 0)")
