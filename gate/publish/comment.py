"""The one pull-request comment: found by a hidden marker, created once, then updated.

It carries the summary table, the coverage numbers, the changed lines left uncovered per
file and links to them at the head SHA. Everything from the report is escaped as Markdown
text or code; paths are URL-quoted in links. Only a bot's comment with the marker is ever
updated, so a person cannot plant the marker to have the publisher rewrite their comment.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote

from gate.findings import (
    COV_CHANGED,
    COV_CHANGED_COVERED,
    COV_CHANGED_STATEMENTS,
    COV_TOTAL,
    RunResult,
)
from gate.github_api import GitHub
from gate.publish.checkrun import Verdict
from gate.reporters.escaping import cut, markdown_code, markdown_text

MARKER = "<!-- policy-gate:verdict -->"
MAX_BODY = 65536  # characters in an issue comment
MAX_FILES = 50
MAX_LINKS = 20


def _coverage_rows(result: RunResult) -> list[str]:
    rows = []
    total = result.metric("COV001", COV_TOTAL)
    if total is not None:
        rows.append(f"| total | {total}% |")
    changed = result.metric("COV002", COV_CHANGED)
    if changed is not None:
        covered = result.metric("COV002", COV_CHANGED_COVERED)
        statements = result.metric("COV002", COV_CHANGED_STATEMENTS)
        rows.append(f"| changed lines | {changed}% ({covered} of {statements} statements) |")
    return ["| coverage | |", "|---|---|", *rows, ""] if rows else []


def _uncovered(result: RunResult, blob_url: str) -> list[str]:
    runs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for finding in result.findings:
        loc = finding.location
        if finding.policy_id != "COV002" or loc is None or not loc.start_line:
            continue
        count = finding.properties.get("statements")
        size = count if isinstance(count, int) else 1
        runs[loc.path].append((loc.start_line, loc.end_line or loc.start_line, size))
    if not runs:
        return []
    lines = [
        "#### Changed lines not covered by tests",
        "",
        "| file | uncovered statements | lines |",
        "|---|---|---|",
    ]
    for path in sorted(runs)[:MAX_FILES]:
        spans = sorted(runs[path])
        links = []
        for start, end, _ in spans[:MAX_LINKS]:
            label = f"L{start}" if start == end else f"L{start}-L{end}"
            links.append(f"[{label}]({blob_url}/{quote(path, safe='/')}#{label})")
        more = f" and {len(spans) - MAX_LINKS} more" if len(spans) > MAX_LINKS else ""
        total = sum(size for _, _, size in spans)
        lines.append(
            f"| {markdown_code(path, in_table=True)} | {total} | {', '.join(links)}{more} |"
        )
    if len(runs) > MAX_FILES:
        lines.append(f"\n{len(runs) - MAX_FILES} more file(s); see the check run.")
    return [*lines, ""]


def render(verdict: Verdict, *, blob_url: str, check_url: str = "") -> str:
    """The comment's Markdown; ``blob_url`` is ``{server}/{repo}/blob/{head_sha}``."""
    result = verdict.result
    icon = "❌" if verdict.failed else "✅"
    lines = [MARKER, f"### {icon} {markdown_text(verdict.title)}", ""]
    if verdict.rejected:
        lines += [f"The result artifact was refused: {markdown_code(verdict.rejected)}", ""]
    if result.results:
        lines += ["| policy | status | findings |", "|---|---|---|"]
        for policy in result.results:
            lines.append(
                f"| {markdown_code(policy.policy_id, in_table=True)} "
                f"{markdown_text(policy.title, in_table=True)} | "
                f"{policy.status(result.fail_on)} | {len(policy.findings)} |"
            )
        lines.append("")
    lines += _coverage_rows(result)
    lines += _uncovered(result, blob_url)
    lines += [f"- {markdown_text(note)}" for note in verdict.notes]
    if check_url.startswith("https://"):
        lines.append(f"\n[The policy-gate check run]({check_url})")
    return cut("\n".join(lines) + "\n", MAX_BODY)


def ours(comment: dict[str, object]) -> bool:
    user = comment.get("user")
    bot = isinstance(user, dict) and user.get("type") == "Bot"
    body = comment.get("body")
    return bot and isinstance(body, str) and body.startswith(MARKER)


def upsert(api: GitHub, number: int, text: str, *, mode: str, failed: bool) -> str:
    """Create or update the one comment as ``mode`` says; returns what was done."""
    if mode == "off":
        return "comment off"
    existing = next((c for c in api.comments(number) if ours(c)), None)
    if existing is not None:
        api.update_comment(int(str(existing["id"])), text)
        return f"comment {existing['id']} updated"
    if mode == "on-failure" and not failed:
        return "no comment (passed, comment: on-failure)"
    created = api.create_comment(number, text)
    return f"comment {created.get('id')} created"
