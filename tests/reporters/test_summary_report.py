"""The summary report: golden output, rendering by cmark-gfm (GitHub's parser), 1 MiB budget."""

from __future__ import annotations

import re
from collections.abc import Callable

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from gate.findings import Finding, Location, PolicyResult, RunResult, Severity
from gate.reporters import ReportOptions, render
from gate.reporters.summary_report import LIMIT


def html(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def test_golden(result: RunResult, golden: Callable[[str, str], None]) -> None:
    golden("summary.md", render("summary", result, ReportOptions()))


def test_verdict_table_and_coverage(result: RunResult) -> None:
    out = html(render("summary", result, ReportOptions()))
    assert "<h2>❌ policy-gate failed</h2>" in out
    policy_table = out.split("<table>")[1]
    rows = policy_table.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == len(result.results)
    assert all(row.count("<td") == 5 for row in rows)
    cov1 = next(row for row in rows if "COV001" in row)
    assert "coverage 78.5% · covered 942/1200 · threshold 80" in cov1 and "❌ failed" in cov1
    assert "coverage_exact" not in cov1 and "78.45" not in cov1
    assert "❌ missing input" in next(row for row in rows if "COV003" in row)
    assert "pinned 8/10 · pip pinned 5/6" in next(row for row in rows if "PIN001" in row)
    assert "<strong>78.5%</strong> of 1200 statements (942 covered); threshold 80%" in out
    assert "<strong>66.67%</strong> of 12 statements (8 covered)" in out


def test_uncovered_changed_lines_table(result: RunResult) -> None:
    out = html(render("summary", result, ReportOptions()))
    section = out.split("<h3>Uncovered changed lines</h3>")[1].split("</table>")[0]
    assert (
        '<td><code>src/app.py</code></td>\n<td align="right">55.56% (5/9)</td>\n<td>12–14, 20</td>'
        in section
    )
    # A path holding "|" and backticks stays in its cell, shown literally.
    assert "<td><code>src/we|ird `name`, v2:x.py</code></td>" in section


def test_uncovered_lines_link_to_the_judged_commit(result: RunResult) -> None:
    blob = "https://github.example/o/r/blob/0123456789abcdef0123456789abcdef01234567/"
    text = render("summary", result, ReportOptions(blob_url=blob))
    row = next(line for line in text.splitlines() if line.startswith("| `src/app.py`"))
    assert row.endswith(f"| [12–14]({blob}src/app.py#L12-L14), [20]({blob}src/app.py#L20) |")
    weird = next(line for line in text.splitlines() if "ird" in line and "#L3" in line)
    assert f"({blob}src/we%7Cird%20%60name%60%2C%20v2%3Ax.py#L3)" in weird
    # Without a web address (a local run) the lines are plain text.
    assert "](" not in render("summary", result, ReportOptions()).split("### Findings")[0]


def test_untrusted_text_is_shown_not_rendered(result: RunResult) -> None:
    out = html(render("summary", result, ReportOptions()))
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<strong>bold</strong>" not in out and "<del>" not in out
    assert (
        "**bold** _it_" in out and "100% done, note: a, b<br>second line ünïcødé ✓ 🚀 \\ end" in out
    )


def test_passed_run_without_findings() -> None:
    result = RunResult(
        (PolicyResult("COV001", "Total coverage", Severity.ERROR, (), {"coverage": 91.0}),),
        Severity.ERROR,
    )
    text = render("summary", result, ReportOptions())
    assert text.startswith("## ✅ policy-gate passed\n")
    assert (
        "No findings." in text
        and "| `COV001` | Total coverage | ✅ passed | 0 | coverage 91% |" in text
    )


def test_not_enforced_failure_says_so() -> None:
    finding = Finding("COV001", Severity.ERROR, "low")
    result = RunResult(
        (PolicyResult("COV001", "T", Severity.ERROR, (finding,)),), Severity.ERROR, no_fail=True
    )
    assert render("summary", result, ReportOptions()).startswith(
        "## ❌ policy-gate failed (not enforced: `--no-fail`)"
    )


def _huge(count_per_policy: int) -> RunResult:
    def findings(pid: str, severity: Severity) -> tuple[Finding, ...]:
        return tuple(
            Finding(
                pid,
                severity,
                f"finding {i} | <{pid}> " + "x" * 80,
                location=Location(f"pkg/module_{i % 5000:04d}.py", i + 1, i + 2),
                fingerprint=f"{pid}{i}",
            )
            for i in range(count_per_policy)
        )

    return RunResult(
        (
            PolicyResult(
                "COV002",
                "Changed-line coverage",
                Severity.ERROR,
                findings("COV002", Severity.ERROR),
                {"changed_coverage": 12.5},
            ),
            PolicyResult("PIN001", "Pins", Severity.WARNING, findings("PIN001", Severity.WARNING)),
            PolicyResult(
                "SEC001", "Secrets", Severity.ERROR, findings("SEC001", Severity.ERROR)[:3]
            ),
            PolicyResult(
                "GATE001", "Config", Severity.NOTICE, findings("GATE001", Severity.NOTICE)
            ),
        ),
        Severity.ERROR,
    )


@pytest.mark.slow
def test_hundred_thousand_findings_stay_under_one_mebibyte() -> None:
    result = _huge(33_333)
    total = len(result.findings)
    assert total >= 100_000
    options = ReportOptions(summary_full_list_hint="the JSON report")
    text = render("summary", result, options)
    assert len(text.encode("utf-8")) < LIMIT
    listed = len(re.findall(r"^- (❌|⚠️|ℹ️) \*\*", text, flags=re.MULTILINE))
    note = re.search(r"> ([\d,]+) findings and ([\d,]+) uncovered line ranges not listed", text)
    assert note is not None, text[-500:]
    assert int(note.group(1).replace(",", "")) == total - listed
    assert "The full list is in the JSON report." in text
    # Shared fairly: the small policy is listed in full, the big ones each get a share.
    sections = text.split("#### ")[1:]
    counts = {
        s.split()[0]: len(re.findall(r"^- (❌|⚠️|ℹ️)", s, flags=re.MULTILINE)) for s in sections
    }
    assert counts["`SEC001`"] == 3
    assert min(counts["`COV002`"], counts["`PIN001`"], counts["`GATE001`"]) > 1000
    # Still valid Markdown: the uncovered-lines table parses into rows of two cells.
    table = html(text.split("### Findings")[0]).split("<h3>Uncovered changed lines</h3>")[1]
    body = table.split("<tbody>")[1].split("</tbody>")[0]
    assert all(row.count("<td>") == 2 for row in body.split("<tr>")[1:])


def test_one_file_with_many_uncovered_ranges_is_listed_briefly() -> None:
    findings = tuple(
        Finding(
            "COV002", Severity.ERROR, "uncovered", location=Location("big.py", 3 * i + 1, 3 * i + 2)
        )
        for i in range(1000)
    )
    result = RunResult((PolicyResult("COV002", "C", Severity.ERROR, findings),), Severity.ERROR)
    text = render("summary", result, ReportOptions())
    row = next(line for line in text.splitlines() if line.startswith("| `big.py`"))
    assert row.startswith("| `big.py` | — | 1–2, 4–5, 7–8,") and row.endswith(", … 800 more |")
    assert "800 uncovered line ranges not listed" in text


def test_huge_single_messages_are_shortened() -> None:
    finding = Finding("COV001", Severity.ERROR, "m" * 500_000, fix="f" * 500_000)
    result = RunResult((PolicyResult("COV001", "T", Severity.ERROR, (finding,)),), Severity.ERROR)
    text = render("summary", result, ReportOptions())
    assert len(text.encode("utf-8")) < 10_000 and "m …" in text and "f …" in text


def test_blob_url_only_on_actions_and_only_from_sane_parts() -> None:
    from gate.reporters.summary_report import blob_url

    sha = "0123456789abcdef0123456789abcdef01234567"
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "octo/repo",
    }
    assert blob_url(env, sha) == f"https://github.com/octo/repo/blob/{sha}/"
    assert blob_url({**env, "GITHUB_ACTIONS": ""}, sha) is None
    assert blob_url(env, None) is None
    assert blob_url({**env, "GITHUB_REPOSITORY": "octo/repo) [x](y"}, sha) is None
    assert blob_url({**env, "GITHUB_SERVER_URL": "javascript:alert(1)"}, sha) is None
    assert blob_url(env, "main") is None
