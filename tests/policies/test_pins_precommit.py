"""PIN005: pre-commit hook revisions pinned (gate/policies/pins/pin005_precommit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
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


@pytest.mark.slow
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


DEPENDENCIES = """\
repos:
  - repo: https://github.com/pre-commit/mirrors-mypy
    rev: 0123456789abcdef0123456789abcdef01234567  # frozen: v1.11.0
    hooks:
      - id: mypy
        additional_dependencies:
          - types-PyYAML==6.0.12
          - pydantic>=2
          - types-requests
          - pkg @ https://example.invalid/pkg-1.0.tar.gz
  - repo: local
    hooks:
      - id: lint-js
        name: lint-js
        entry: eslint
        language: node
        additional_dependencies: [eslint@8.57.0, "prettier@^3", "@scope/tool@1.2.3"]
"""


def test_every_additional_dependency_needs_one_exact_version(tmp_path: Path) -> None:
    """A hook's additional_dependencies are packages pre-commit installs: each pinned, the
    repository's own rev aside; local hooks included."""
    write(tmp_path, {".pre-commit-config.yaml": DEPENDENCIES})
    result = run_policy(tmp_path, "PIN005")
    found = [(f.location.start_line if f.location else 0, f.severity) for f in result.findings]
    assert sorted(found) == [
        (8, Severity.ERROR),  # pydantic>=2
        (9, Severity.ERROR),  # types-requests, any version
        (10, Severity.ERROR),  # a direct URL
        (17, Severity.WARNING),  # prettier@^3: npm range, its pin cannot be told
    ]
    messages = " ".join(f.message for f in result.findings)
    assert "'pydantic>=2'" in messages and "direct URL" in messages
    assert all(f.fix and "name==<version>" in f.fix for f in result.findings)
    # 1 pinned repo + 6 dependencies, of which 3 are pinned (==, npm exact twice)
    assert (result.metrics["pinned"], result.metrics["total"]) == (4, 8)


def test_a_non_list_additional_dependencies_is_a_finding(tmp_path: Path) -> None:
    text = DEPENDENCIES.replace(
        "additional_dependencies:\n          - types-PyYAML==6.0.12",
        "additional_dependencies: types-PyYAML\n          # - types-PyYAML==6.0.12",
    )
    text = text.replace("          - pydantic>=2\n          - types-requests\n", "")
    text = text.replace("          - pkg @ https://example.invalid/pkg-1.0.tar.gz\n", "")
    write(tmp_path, {".pre-commit-config.yaml": text})
    result = run_policy(tmp_path, "PIN005")
    assert any("must be a list" in f.message for f in result.findings)
