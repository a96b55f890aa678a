"""PIN003: actions pinned to a commit SHA (gate/policies/pins/pin003_actions.py)."""

from __future__ import annotations

from pathlib import Path

from pins_support import run_policy, where, write

from gate.findings import Severity

CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
DIGEST = "sha256:" + "c" * 64

WORKFLOW = f"""\
name: ci
on: push
jobs:
  call:
    uses: org/shared/.github/workflows/build.yml@v2
  pinned-call:
    uses: org/shared/.github/workflows/build.yml@{"d" * 40} # v2.0.0
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: {CHECKOUT} # v7.0.1
      - uses: actions/setup-python@v5
      - uses: astral-sh/setup-uv@{"e" * 40}
      - uses: ./.github/actions/local
      - uses: docker://alpine:3.20
      - uses: docker://alpine@{DIGEST}
      - run: 'echo "uses: not/an-action@v1"'

"""

COMPOSITE = """\
name: composite
runs:
  using: composite
  steps:
    - uses: actions/cache@main
    - run: echo hi
      shell: bash
"""


def test_workflows_and_composite_actions(tmp_path: Path) -> None:
    write(tmp_path, {".github/workflows/ci.yaml": WORKFLOW, "action/action.yml": COMPOSITE})
    result = run_policy(tmp_path, "PIN003")
    assert where(result) == [
        (".github/workflows/ci.yaml", 5),
        (".github/workflows/ci.yaml", 12),
        (".github/workflows/ci.yaml", 13),
        (".github/workflows/ci.yaml", 15),
        ("action/action.yml", 5),
    ]
    by_line = {
        f.location.start_line: f
        for f in result.findings
        if f.location and f.location.path.endswith("ci.yaml")
    }
    assert by_line[5].message.startswith("reusable workflow org/shared/.github/workflows/build.yml")
    assert by_line[13].severity is Severity.NOTICE  # SHA without "# vX"
    assert by_line[12].fix is not None and "# v5" in by_line[12].fix
    assert (result.metrics["pinned"], result.metrics["total"]) == (5, 9)


def test_version_comment_notice_can_be_turned_off(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".github/workflows/a.yml": (
                "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n" f"      - uses: {CHECKOUT}\n"
            )
        },
    )
    assert len(run_policy(tmp_path, "PIN003").findings) == 1
    off = {"actions": {"require_version_comment": False}}
    assert run_policy(tmp_path, "PIN003", off).findings == ()


def test_invalid_yaml_is_a_finding_with_its_line(tmp_path: Path) -> None:
    write(tmp_path, {".github/workflows/bad.yml": "on: push\njobs:\n  a: b: c\n"})
    (finding,) = run_policy(tmp_path, "PIN003").findings
    assert finding.severity is Severity.ERROR
    assert finding.location is not None and finding.location.start_line == 3
    assert "invalid YAML: mapping values are not allowed" in finding.message


def test_no_workflows_passes_with_total_zero(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": "hi\n"})
    result = run_policy(tmp_path, "PIN003")
    assert result.findings == () and result.metrics["total"] == 0


def test_self_repository_references_are_pinned_by_the_running_commit(tmp_path: Path) -> None:
    workflow = """\
name: ci
on: push
jobs:
  call:
    uses: $/.github/workflows/python-ci.yml
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: $/action
"""
    write(tmp_path, {".github/workflows/ci.yml": workflow})
    result = run_policy(tmp_path, "PIN003")
    assert result.findings == ()
    assert result.metrics["pinned"] == result.metrics["total"] == 2
