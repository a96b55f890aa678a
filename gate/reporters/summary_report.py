"""The ``summary`` report: GitHub-flavoured Markdown for $GITHUB_STEP_SUMMARY, under 1 MiB.

Layout: verdict headline, one table row per policy (status, findings, key metrics), the
coverage numbers, the uncovered changed lines (COV002), then the findings per policy.
GitHub refuses a step summary over 1 MiB, so the lists are written against a byte budget:
the uncovered-lines table may use a quarter of it, and the findings share the rest fairly
between policies (one noisy policy cannot crowd out the others). What does not fit is
counted in a closing note that says where the full list is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from gate import score
from gate.findings import Finding, MetricValue, PolicyResult, RunResult, Severity
from gate.reporters import ReportOptions, merging
from gate.reporters.escaping import markdown_code, markdown_text, shorten
from gate.reporters.metrics import format_metrics, format_value

# The runner rejects a step summary over 1024*1024 bytes (FileCommandManager.cs).
LIMIT = 1024 * 1024
# Kept free for the closing note and for anything else this step appends to the file.
_RESERVE = 32 * 1024
_MAX_MESSAGE = 2000
_MAX_RANGES = 200
_COVERAGE_ROWS = (("COV001", "Total", ""), ("COV002", "Changed lines", "changed_"))
_ICONS = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.NOTICE: "ℹ️"}
_STATUS = {
    "passed": "✅ passed",
    "failed": "❌ failed",
    "missing-input": "❌ missing input",
    "error": "❌ error",
}


def render(result: RunResult, options: ReportOptions) -> str:
    head = [*_headline(result), *_policy_table(result), *_coverage(result)]
    head += score.summary_lines(result)
    budget = LIMIT - _RESERVE - _size(head)
    uncovered, ranges_left = _uncovered_lines(result, budget // 4, options.blob_url)
    budget -= _size(uncovered)
    findings, findings_left = _findings(result, budget)
    lines = head + uncovered + findings
    if ranges_left or findings_left:
        lines += ["", _omitted_note(findings_left, ranges_left, options)]
    return "\n".join(lines) + "\n"


_SERVER = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def blob_url(env: Mapping[str, str], sha: str | None) -> str | None:
    """``{GITHUB_SERVER_URL}/{GITHUB_REPOSITORY}/blob/{sha}/`` on Actions, where the
    summary is read on the web; None elsewhere, or when a part does not look right."""
    server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = env.get("GITHUB_REPOSITORY", "")
    if env.get("GITHUB_ACTIONS") != "true" or sha is None:
        return None
    if not (_SERVER.fullmatch(server) and _REPOSITORY.fullmatch(repository)):
        return None
    if not _SHA.fullmatch(sha):
        return None
    return f"{server}/{repository}/blob/{sha}/"


def _size(lines: Sequence[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _headline(result: RunResult) -> list[str]:
    if result.passed:
        verdict = "## ✅ policy-gate passed"
    elif result.no_fail:
        verdict = "## ❌ policy-gate failed (not enforced: `--no-fail`)"
    else:
        verdict = "## ❌ policy-gate failed"
    counts = Counter(finding.severity for finding in result.findings)
    facts = [
        f"{len(result.results)} {'policy' if len(result.results) == 1 else 'policies'}",
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
        _plural(counts[Severity.NOTICE], "notice"),
        f"failing at {result.fail_on.value} or above",
    ]
    if result.base:
        facts.append(f"base {markdown_code(result.base)}")
    if result.head:
        facts.append(f"head {markdown_code(result.head)}")
    return [verdict, "", " · ".join(facts)]


def _status(policy: PolicyResult, fail_on: Severity) -> str:
    status = policy.status(fail_on)
    special = policy.metrics.get("status")
    if status == "passed" and isinstance(special, str) and special:
        return f"➖ {markdown_text(special.replace('-', ' '), in_table=True)}"
    return _STATUS.get(status, markdown_text(status, in_table=True))


def _policy_table(result: RunResult) -> list[str]:
    if not result.results:
        return ["", "No policy ran."]
    rows = [
        "",
        "| Policy | Title | Status | Findings | Key metrics |",
        "| --- | --- | --- | ---: | --- |",
    ]
    for policy in result.results:
        metrics = shorten(format_metrics(policy.metrics), 500)
        rows.append(
            f"| {markdown_code(policy.policy_id, in_table=True)} "
            f"| {markdown_text(shorten(policy.title, 200), in_table=True)} "
            f"| {_status(policy, result.fail_on)} | {len(policy.findings):,} "
            f"| {markdown_text(metrics, in_table=True) or '—'} |"
        )
    return rows


def _coverage(result: RunResult) -> list[str]:
    lines = []
    for policy_id, label, prefix in _COVERAGE_ROWS:
        metrics = next((r.metrics for r in result.results if r.policy_id == policy_id), None)
        if metrics is None:
            continue
        percent = metrics.get(f"{prefix}coverage")
        line = f"- **{label}:** "
        line += f"**{format_value(percent)}%**" if percent is not None else "not measured"
        statements = metrics.get(f"{prefix}statements")
        covered = metrics.get(f"{prefix}covered")
        branches = metrics.get(f"{prefix}branches")
        covered_branches = metrics.get(f"{prefix}covered_branches")
        counted = isinstance(branches, int) and branches > 0
        if statements is not None and counted:
            # coverage.py's total counts branches too: say so, with both parts.
            line += (
                f" of {format_value(statements)} statements and {format_value(branches)} branches"
            )
            if covered is not None and covered_branches is not None:
                line += f" ({format_value(covered)} + {format_value(covered_branches)} covered)"
        elif statements is not None:
            line += f" of {format_value(statements)} statements"
            if covered is not None:
                line += f" ({format_value(covered)} covered)"
        threshold = metrics.get("threshold")
        if threshold is not None:
            line += f"; threshold {format_value(threshold)}%"
        lines.append(line)
    return ["", "### Coverage", "", *lines] if lines else []


def _ranges(spans: Sequence[tuple[int, int]], link: str | None = None) -> tuple[str, int]:
    """``12–14, 20`` (at most _MAX_RANGES of them, each a link to the lines when ``link``,
    the file's web address, is known) and how many were left out."""
    ordered = sorted(set(spans))

    def shown(a: int, b: int) -> str:
        text = str(a) if a == b else f"{a}–{b}"
        if link is None:
            return text
        anchor = f"#L{a}" if a == b else f"#L{a}-L{b}"
        return f"[{text}]({link}{anchor})"

    text = ", ".join(shown(a, b) for a, b in ordered[:_MAX_RANGES])
    left = max(0, len(ordered) - _MAX_RANGES)
    return (f"{text}, … {left:,} more" if left else text), left


def _file_coverage(statements: MetricValue, covered: MetricValue) -> str:
    if not isinstance(statements, int) or not isinstance(covered, int) or statements <= 0:
        return "—"
    return f"{format_value(round(100 * covered / statements, 2))}% ({covered}/{statements})"


def _uncovered_lines(
    result: RunResult, budget: int, blob_url: str | None = None
) -> tuple[list[str], int]:
    """The COV002 runs of uncovered changed lines, one table row per file with the file's
    changed-line coverage; the lines link to the judged commit when ``blob_url`` is set."""
    by_path: dict[str, list[tuple[int, int]]] = {}
    numbers: dict[str, str] = {}
    for policy in result.results:
        if policy.policy_id != "COV002":
            continue
        for finding in policy.findings:
            loc = finding.location
            if loc is not None and loc.start_line:
                span = (loc.start_line, max(loc.end_line or loc.start_line, loc.start_line))
                by_path.setdefault(loc.path, []).append(span)
                props = finding.properties
                numbers.setdefault(
                    loc.path,
                    _file_coverage(props.get("file_statements"), props.get("file_covered")),
                )
    if not by_path:
        return [], 0
    lines = [
        "",
        "### Uncovered changed lines",
        "",
        "| File | Changed-line coverage | Uncovered lines |",
        "| --- | ---: | --- |",
    ]
    used = _size(lines)
    left = 0
    full = False
    for path in sorted(by_path):
        link = blob_url + quote(path, safe="/") if blob_url else None
        ranges, cut_off = _ranges(by_path[path], link)
        row = f"| {markdown_code(path, in_table=True)} | {numbers[path]} | {ranges} |"
        full = full or used + _size([row]) > budget
        if full:
            left += len(set(by_path[path]))
            continue
        lines.append(row)
        used += _size([row])
        left += cut_off
    return lines, left


def _item(finding: Finding) -> str:
    loc = finding.location
    where = ""
    if loc is not None:
        text = loc.path
        if loc.start_line:
            text += f":{loc.start_line}"
            if loc.end_line and loc.end_line != loc.start_line:
                text += f"-{loc.end_line}"
        where = markdown_code(text) + " "
        if loc.commit:
            where = f"commit {markdown_code(loc.commit[:12])} {where}"
    message = markdown_text(shorten(finding.message, _MAX_MESSAGE))
    item = f"- {_ICONS[finding.severity]} **{finding.severity.value}** {where}{message}"
    if finding.fix:
        item += f"<br>**Fix:** {markdown_text(shorten(finding.fix, _MAX_MESSAGE))}"
    return item


def _findings(result: RunResult, budget: int) -> tuple[list[str], int]:
    """The findings per policy, the budget shared fairly (max-min) between policies."""
    # (header, rendered items, how many findings in all); rendering stops past the budget,
    # which no single policy can use more of anyway.
    sections: list[tuple[list[str], list[str], int]] = []
    # One secret that several SEC scans found is listed once, naming them all.
    for entry in merging.shown(result):
        policy = entry.policy
        if not policy.findings:
            continue
        ordered = sorted(entry.findings, key=lambda f: (-f.severity.rank, f.sort_key))
        merged = (
            f"; {entry.merged:,} listed under {markdown_code(entry.into)}" if entry.merged else ""
        )
        header = [
            "",
            f"#### {markdown_code(policy.policy_id)} {markdown_text(policy.title)} "
            f"({_plural(len(policy.findings), 'finding')}{merged})",
            "",
        ]
        items: list[str] = []
        size = 0
        for finding in ordered:
            if size > budget:
                break
            items.append(_item(finding))
            size += _size(items[-1:])
        sections.append((header, items, len(ordered)))
    if not sections:
        return ["", "### Findings", "", "No findings."], 0
    lines = ["", "### Findings"]
    budget -= _size(lines) + sum(_size(header) for header, _, _ in sections)
    shares = _fair_shares([_size(items) for _, items, _ in sections], budget)
    left = 0
    for (header, items, total), share in zip(sections, shares, strict=True):
        lines += header
        used = shown = 0
        for item in items:
            size = _size([item])
            if used + size > share:
                break
            lines.append(item)
            used += size
            shown += 1
        if shown < total:
            left += total - shown
            lines.append(f"- … {_plural(total - shown, 'more finding')} not listed")
    return lines, left


def _fair_shares(needs: Sequence[int], budget: int) -> list[int]:
    """Max-min fair split of ``budget``: small needs are met, the rest share what remains."""
    # Each cut-off section adds one "more findings" line; keep room for it.
    budget = max(0, budget - 100 * len(needs))
    shares = [0] * len(needs)
    remaining = budget
    order = sorted(range(len(needs)), key=lambda i: needs[i])
    for position, index in enumerate(order):
        fair = remaining // (len(order) - position)
        shares[index] = min(needs[index], fair)
        remaining -= shares[index]
    return shares


def _omitted_note(findings_left: int, ranges_left: int, options: ReportOptions) -> str:
    parts = []
    if findings_left:
        parts.append(_plural(findings_left, "finding"))
    if ranges_left:
        parts.append(_plural(ranges_left, "uncovered line range"))
    where = markdown_text(options.summary_full_list_hint)
    return (
        f"> [!NOTE]\n> {' and '.join(parts)} not listed here, to keep this summary under "
        f"GitHub's 1 MiB limit. The full list is in {where}."
    )
