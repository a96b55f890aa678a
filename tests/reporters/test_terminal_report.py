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


def _policy(policy_id: str, *findings: Finding, **metrics: object) -> PolicyResult:
    return PolicyResult(policy_id, f"{policy_id} title", Severity.ERROR, findings, metrics)  # type: ignore[arg-type]


def test_shows_the_base_it_diffed_against(result: RunResult) -> None:
    first = render("terminal", result, ReportOptions()).splitlines()[0]
    assert first == "base origin/main @ 1a2b3c4d5e6f"


def test_a_fix_many_findings_share_is_printed_once_after_them() -> None:
    same = [
        Finding("T001", Severity.ERROR, f"problem {n}", Location("a.py", n), fix="do the thing")
        for n in (1, 2, 3)
    ]
    own = Finding("T001", Severity.ERROR, "other", Location("b.py", 1), fix="its own fix")
    text = render("terminal", RunResult((_policy("T001", *same, own),), Severity.ERROR))
    assert text.count("fix: do the thing") == 1
    lines = text.splitlines()
    assert lines.index("  error b.py:1: other") + 1 == lines.index("    fix: its own fix")
    assert lines.index("  fix: do the thing") > lines.index("    fix: its own fix")


def test_policies_not_requested_or_not_applicable_say_so() -> None:
    result = RunResult(
        (
            _policy("SEC003", status="not-requested"),
            _policy("GATE001", status="not-applicable"),
            _policy("T001", coverage=90.0),
        ),
        Severity.ERROR,
    )
    lines = render("terminal", result).splitlines()
    assert lines[:3] == [
        "SKIP SEC003 SEC003 title: not requested",
        "N/A GATE001 GATE001 title: not applicable",
        "PASS T001 T001 title (coverage 90%)",
    ]


def test_quiet_shows_failures_only(result: RunResult) -> None:
    text = render("terminal", result, ReportOptions(quiet=True))
    body = text.rsplit("\n\n", 1)[0]
    assert "PASS" not in body and "warning" not in body and "notice" not in body
    assert "base " not in text
    assert "FAIL COV001" in text and "FAIL SEC001" in text
    assert "  error config/settings.py:7: AWS access key ID" in text
    assert text.endswith("failing at error or above\n")


def test_one_secret_found_by_three_scans_is_one_entry() -> None:
    def found(policy_id: str, commit: str | None = None) -> Finding:
        return Finding(
            policy_id,
            Severity.ERROR,
            "GitHub token ghp_****abcd (sha256:9a8b7c6d)",
            Location("cfg.py", 3, commit=commit),
            fingerprint="same-secret",
            fix="rotate it",
        )

    result = RunResult(
        (
            _policy("SEC001", found("SEC001")),
            _policy("SEC002", found("SEC002")),
            _policy("SEC003", found("SEC003", commit="0123456789abcdef")),
            _policy("SEC004", found("SEC004")),  # not a secret scan of the same kind
        ),
        Severity.ERROR,
    )
    text = render("terminal", result)
    assert text.count("GitHub token") == 2
    assert (
        "  error cfg.py:3: GitHub token ghp_****abcd (sha256:9a8b7c6d) "
        "(found by SEC001, SEC002, SEC003)" in text
    )
    assert text.count("1 finding shown with SEC001 above") == 2
    # Each policy still fails on its own.
    assert text.count("FAIL SEC00") == 4
