"""Documentation written from the code: the README's policy table (tests/test_readme.py)."""

from __future__ import annotations


def policy_table() -> str:
    """The Markdown table of policies."""
    from gate.policies import load_all

    rows = [
        "| ID | name | default severity | on by default | what it checks |",
        "|---|---|---|---|---|",
    ]
    for pid, cls in load_all().items():
        enabled = "yes" if cls.Settings().enabled else "no"
        rows.append(
            f"| `{pid}` | {cls.slug} | {cls.default_severity.value} | {enabled} | {cls.summary()} |"
        )
    return "\n".join(rows) + "\n"
