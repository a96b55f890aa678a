"""`gate init` in a repository that already has CI (built like attrs): --dry-run, --only,
--workflow-file, the pre-commit merge and CODEOWNERS, and the linters on what it writes."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pre_commit.clientlib import load_config

from gate.cli import main
from gate.init import pythons
from tests.conftest import Repo
from tests.test_workflows import ROOT, run, tool, zizmor

REF = "fedcba9876543210fedcba9876543210fedcba98"
USER_HOOKS = """\
---
# Our hooks; keep them fast.
ci:
  autoupdate_schedule: monthly

repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: 0c6e5b5e6aa76a51e6e4d4a3b7a0f2d7d2b9e1c4  # frozen: v0.11.0
    hooks:
      - id: ruff
        args: [--fix, --exit-non-zero-on-fix]
      - id: ruff-format

  # Spelling, in code and docs.
  - repo: https://github.com/codespell-project/codespell
    rev: 63c8f8312b7559622c0d82815639671ae42132ac  # frozen: v2.4.1
    hooks:
      - id: codespell
        additional_dependencies: ["tomli==2.2.1"]

  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: cef0300fd0fc4d2a87a85fa2093c6b283ea36f4b  # frozen: v5.0.0
    hooks:
      - id: trailing-whitespace
      - id: end-of-file-fixer
      - id: debug-statements
"""
USER_CI = """\
name: CI
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  tests:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - run: python -m pip install tox && python -m tox
"""
PYPROJECT = """\
[project]
name = "attrs"
requires-python = ">=3.8"
dynamic = ["version"]

[tool.ruff]
src = ["src", "tests"]
line-length = 79

[tool.ruff.lint]
select = ["ALL"]
"""


@pytest.fixture
def attrs_like(make_repo: Callable[..., Repo]) -> Repo:
    repo = make_repo("attrs")
    repo.write("pyproject.toml", PYPROJECT)
    repo.write(".pre-commit-config.yaml", USER_HOOKS)
    repo.write(".github/workflows/main.yml", USER_CI)
    repo.write("tox.ini", "[tox]\nenv_list = py3{8,9,10,11,12,13}\n")
    repo.write("conftest.py", "")
    repo.write("src/attrs/__init__.py", "x = 1\n")
    repo.commit("an attrs-like project with its own CI")
    return repo


def init(repo: Repo, *args: str) -> Any:
    return CliRunner().invoke(main, ["init", "--root", str(repo.path), "--ref", REF, *args])


def status(repo: Repo) -> str:
    return repo.git("status", "--porcelain", "--untracked-files=all")


def only_insertions(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if it changes or drops any of them."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    added: list[str] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        assert tag in {"equal", "insert"}, (tag, before.splitlines()[a1:a2])
        if tag == "insert":
            added += after.splitlines()[b1:b2]
    return added


def test_dry_run_prints_files_and_diffs_and_writes_nothing(attrs_like: Repo) -> None:
    result = init(attrs_like, "--dry-run", "--owners", "@python-attrs/core")
    assert result.exit_code == 0, result.output
    assert status(attrs_like) == ""  # nothing written, nothing changed
    out = result.output
    for line in (
        "would write .github/workflows/ci.yml",
        "would write .github/workflows/gate-publish.yml",
        "would merge into .pre-commit-config.yaml",
        "would write gate.yml",
        "would write .github/dependabot.yml",
        "would write .github/CODEOWNERS",
        "--- /dev/null",
        "+++ b/.github/workflows/ci.yml",
        "--- a/.pre-commit-config.yaml",
        "+  - repo: https://github.com/policy-gate/policy-gate",
        # Context lines of the user's file keep their indentation.
        "       - id: debug-statements",
        "dry run: nothing was written",
    ):
        assert line in out.splitlines(), line
    assert "would write .pre-commit-config.yaml" not in out


def test_merge_keeps_the_users_hooks_and_comments(attrs_like: Repo) -> None:
    result = init(attrs_like, "--only", "precommit")
    assert result.exit_code == 0, result.output
    assert "merged into .pre-commit-config.yaml" in result.output
    merged = (attrs_like.path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    added = only_insertions(USER_HOOKS, merged)
    assert f'    rev: "{REF}"' in added  # pinned by SHA (no release known for this one)
    loaded = load_config(str(attrs_like.path / ".pre-commit-config.yaml"))
    urls = [r["repo"] for r in loaded["repos"]]
    assert urls == [
        "https://github.com/astral-sh/ruff-pre-commit",
        "https://github.com/codespell-project/codespell",
        "https://github.com/pre-commit/pre-commit-hooks",
        "https://github.com/PyCQA/bandit",
        "https://github.com/policy-gate/policy-gate",
    ]  # the user's ruff and pre-commit-hooks entries are theirs; not added twice
    ids = {hook["id"] for r in loaded["repos"] for hook in r["hooks"]}
    assert {"ruff", "ruff-format", "codespell", "gate-secrets", "gate-pins", "bandit"} <= ids
    assert "black" not in ids  # the project formats with ruff
    assert "formatter: ruff (the pre-commit config runs ruff-format)" in result.output
    again = init(attrs_like, "--only", "precommit")
    assert again.exit_code == 0
    assert ".pre-commit-config.yaml is already up to date" in again.output
    assert (attrs_like.path / ".pre-commit-config.yaml").read_text(encoding="utf-8") == merged


def test_merge_moves_an_existing_gate_entry_to_the_pinned_commit(attrs_like: Repo) -> None:
    own = (
        "repos:\n"
        "- repo: https://github.com/policy-gate/policy-gate\n"
        "  rev: v0.0.9  # we should pin this\n"
        "  hooks:\n"
        "  - id: gate-secrets\n"
        "\n"
        "# pre-commit.ci settings\n"
        "ci:\n"
        "  skip: [gate-secrets]\n"
    )
    attrs_like.write(".pre-commit-config.yaml", own)
    result = init(attrs_like, "--only", "precommit")
    assert result.exit_code == 0, result.output
    merged = (attrs_like.path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'  rev: "{REF}"\n' in merged and "v0.0.9" not in merged
    loaded = yaml.safe_load(merged)
    assert loaded["ci"] == {"skip": ["gate-secrets"]}
    assert [r["repo"].rsplit("/", 1)[-1] for r in loaded["repos"]] == [
        "policy-gate",
        "pre-commit-hooks",
        "ruff-pre-commit",
        "bandit",
    ]  # added at the user's indentation (0), before the comment of the next key
    assert merged.index("pre-commit-hooks") < merged.index("# pre-commit.ci settings")
    load_config(str(attrs_like.path / ".pre-commit-config.yaml"))


@pytest.mark.parametrize("text", ["repos: []\n", "repos: []  # none yet\nfail_fast: true\n"])
def test_merge_into_an_empty_list(attrs_like: Repo, text: str) -> None:
    attrs_like.write(".pre-commit-config.yaml", text)
    result = init(attrs_like, "--only", "precommit")
    assert result.exit_code == 0, result.output
    loaded = load_config(str(attrs_like.path / ".pre-commit-config.yaml"))
    assert loaded["repos"][-1]["repo"] == "https://github.com/policy-gate/policy-gate"


def test_a_file_it_cannot_merge_safely_stops_the_run(attrs_like: Repo) -> None:
    flow = "repos: [{repo: local, hooks: [{id: x, name: x, entry: x, language: system}]}]\n"
    attrs_like.write(".pre-commit-config.yaml", flow)
    attrs_like.commit("flow style")
    result = init(attrs_like)
    assert result.exit_code == 2
    assert ".pre-commit-config.yaml: cannot merge into a flow-style `repos:` list" in result.output
    assert status(attrs_like) == ""  # the whole run stopped: nothing else was written
    forced = init(attrs_like, "--force", "--only", "precommit")
    assert forced.exit_code == 0
    assert "overwrote .pre-commit-config.yaml" in forced.output
    assert "gate-secrets" in (attrs_like.path / ".pre-commit-config.yaml").read_text()


def test_only_writes_the_parts_asked_for(attrs_like: Repo) -> None:
    result = init(attrs_like, "--only", "workflow")
    assert result.exit_code == 0, result.output
    assert sorted(status(attrs_like).split()[1::2]) == [
        ".github/workflows/ci.yml",
        ".github/workflows/gate-publish.yml",
    ]
    assert "your own workflows (main.yml) keep running beside it" in result.output
    attrs_like.commit("workflow only")
    result = init(attrs_like, "--only", "config", "--only", "dependabot")
    assert result.exit_code == 0, result.output
    assert sorted(status(attrs_like).split()[1::2]) == [".github/dependabot.yml", "gate.yml"]


def test_black_projects_get_black(make_repo: Callable[..., Repo]) -> None:
    repo = make_repo()
    repo.write("pyproject.toml", "[tool.black]\nline-length = 88\n")
    result = CliRunner().invoke(main, ["init", "--root", str(repo.path), "--ref", REF])
    assert result.exit_code == 0, result.output
    loaded = load_config(str(repo.path / ".pre-commit-config.yaml"))
    ids = [hook["id"] for r in loaded["repos"] for hook in r["hooks"]]
    assert "black" in ids and "ruff-format" not in ids and "ruff-check" in ids


def test_codeowners_merged_with_the_existing_default_owner(attrs_like: Repo) -> None:
    mine = "# Maintainers\n* @python-attrs/maintainers\n/docs/ @hynek\n"
    attrs_like.write(".github/CODEOWNERS", mine)
    result = init(attrs_like, "--only", "codeowners")
    assert result.exit_code == 0, result.output
    assert "merged into .github/CODEOWNERS" in result.output
    text = (attrs_like.path / ".github/CODEOWNERS").read_text(encoding="utf-8")
    rules = [line.split() for line in only_insertions(mine, text) if line[:1] not in ("#", "")]
    assert rules == [
        [path, "@python-attrs/maintainers"]
        for path in ("/.github/", "/pyproject.toml", "/tox.ini", "/conftest.py")
    ]
    assert "already lists every path" in init(attrs_like, "--only", "codeowners").output


def test_codeowners_from_the_option_or_skipped(attrs_like: Repo) -> None:
    skipped = init(attrs_like, "--only", "codeowners")
    assert skipped.exit_code == 0
    assert "CODEOWNERS skipped: pass --owners @org/team" in skipped.output
    assert status(attrs_like) == ""
    result = init(attrs_like, "--owners", "@org/team", "--owners", "sec@example.com")
    assert result.exit_code == 0, result.output
    text = (attrs_like.path / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/.github/       @org/team sec@example.com\n" in text
    assert "/gate.yml       @org/team sec@example.com\n" in text  # the config it wrote


def test_a_workflow_file_name_and_the_linters(attrs_like: Repo) -> None:
    result = init(attrs_like, "--workflow-file", "policy-gate.yml", "--owners", "@org/team")
    assert result.exit_code == 0, result.output
    written = (attrs_like.path / ".github/workflows/policy-gate.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(written)
    assert workflow["name"] == "policy-gate"
    versions = json.loads(workflow["jobs"]["python-ci"]["with"]["python-versions"])
    # requires-python >=3.8, less what is end-of-life today (3.8 and 3.9 at least).
    assert versions == pythons.supported(date.today()) and "3.9" not in versions
    publish = yaml.safe_load(
        (attrs_like.path / ".github/workflows/gate-publish.yml").read_text(encoding="utf-8")
    )
    assert publish[True]["workflow_run"]["workflows"] == ["policy-gate"]  # YAML 1.1: on
    ours = [".github/workflows/policy-gate.yml", ".github/workflows/gate-publish.yml"]
    done = run([tool("actionlint"), "-no-color", "-oneline"], attrs_like.path)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    for path in ours:
        checked = run(
            [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", path],
            attrs_like.path,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    audited = zizmor([*ours, ".github/dependabot.yml"], attrs_like.path)
    assert audited.returncode == 0, audited.stdout
    assert "No findings to report" in audited.stdout


def test_the_gate_job_only_snippet_is_documented_and_lints_clean() -> None:
    snippet = ROOT / "templates" / "gate-only.yml"
    text = snippet.read_text(encoding="utf-8")
    assert f"```yaml\n{text}```\n" in (ROOT / "docs/adopting.md").read_text(encoding="utf-8")
    job = yaml.safe_load(text)["jobs"]["python-ci"]
    assert job["with"]["lint"] is False and job["with"]["security"] is False
    assert not {"packages", "id-token", "attestations"} & set(job["permissions"])
    done = run([tool("actionlint"), "-no-color", "-oneline", str(snippet)], ROOT)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    schema = [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    checked = run([*schema, str(snippet)], ROOT)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    audited = zizmor([str(snippet)], ROOT)
    assert audited.returncode == 0, audited.stdout
    assert "No findings to report" in audited.stdout
