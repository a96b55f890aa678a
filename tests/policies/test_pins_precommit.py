"""PIN005: pre-commit hook revisions pinned (gate/policies/pins_precommit.py)."""

from __future__ import annotations

from pathlib import Path

from pins_support import run_policy, where, write

from gate.findings import Severity

CONFIG = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: aab412d509121cb5f7533134b7e67f9fab59c682  # frozen: v0.16.4
    hooks: [{id: ruff-check}]
  - repo: https://github.com/psf/black-pre-commit-mirror
    rev: fa505ab9c3e0fedafe1709fd7ac2b5f8996c670d
    hooks: [{id: black}]
  - repo: https://github.com/PyCQA/bandit
    rev: 1.9.4
    hooks: [{id: bandit}]
  - repo: https://github.com/example/hooks
    rev: main
    hooks: [{id: x}]
  - repo: local
    hooks: [{id: z, name: z, entry: z, language: system}]
  - repo: meta
    hooks: [{id: check-hooks-apply}]
"""


def test_sha_tag_branch_and_exempt_repos(tmp_path: Path) -> None:
    write(tmp_path, {".pre-commit-config.yaml": CONFIG})
    result = run_policy(tmp_path, "PIN005")
    assert where(result) == [(".pre-commit-config.yaml", n) for n in (6, 9, 12)]
    frozen, tag, branch = result.findings
    assert frozen.severity is Severity.NOTICE and "frozen" in frozen.message
    assert tag.severity is Severity.WARNING and "tag '1.9.4'" in tag.message
    assert branch.severity is Severity.ERROR and "branch" in branch.message
    assert tag.fix is not None and "pre-commit autoupdate --freeze" in tag.fix
    assert (result.metrics["pinned"], result.metrics["total"]) == (2, 4)


def test_the_config_pre_commit_itself_accepts(tmp_path: Path) -> None:
    """The fixture is a real pre-commit config: pre-commit's own validator accepts it."""
    import subprocess
    import sys

    write(tmp_path, {".pre-commit-config.yaml": CONFIG})
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_missing_repo_key_is_a_finding_with_line(tmp_path: Path) -> None:
    write(tmp_path, {".pre-commit-config.yaml": "repos:\n  - rev: v1\n    hooks: []\n"})
    (finding,) = run_policy(tmp_path, "PIN005").findings
    assert finding.location is not None and finding.location.start_line == 2
    assert "no `repo:`" in finding.message
