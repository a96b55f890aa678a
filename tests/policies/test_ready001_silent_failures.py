"""READY001: swallowed exceptions a change adds (policies/ready/ready001_silent_failures.py)."""

from __future__ import annotations

import ast
from typing import Any

import pytest
from ready_support import branch, run

from gate.policies.ready import ruff as ready_ruff
from gate.policies.ready.ready001_silent_failures import swallows

BASE = """\
def load(path):
    try:
        return open(path).read()
    except Exception:
        pass
"""


@pytest.mark.slow
def test_existing_handlers_pass_new_ones_fail(repo: Any) -> None:
    added = BASE + """
def save(path):
    try:
        open(path, "w").write("x")
    except:
        pass
"""
    branch(repo, {"pkg/io.py": added}, base={"pkg/io.py": BASE})
    result = run(repo, "READY001")
    assert result.metrics["silent_failures"] == 4  # base: S110+BLE001; new: E722+S110
    assert sorted(
        (f.location.start_line, f.properties["rule"]) for f in result.findings if f.location
    ) == [
        (10, "E722"),
        (10, "S110"),
    ]
    assert result.metrics["added"] == 2


def test_moving_code_adds_nothing(repo: Any) -> None:
    moved = "import os\n\n\n" + BASE
    branch(repo, {"pkg/io.py": moved}, base={"pkg/io.py": BASE})
    result = run(repo, "READY001")
    assert result.findings == ()
    assert result.metrics["added"] == 0


def test_a_noqa_cannot_hide_and_needs_approval(repo: Any) -> None:
    noqa = BASE.replace("except Exception:", "except Exception:  # noqa: BLE001, S110")
    branch(repo, {"pkg/io.py": noqa}, base={"pkg/io.py": "x = 1\n"})
    result = run(repo, "READY001")
    assert result.findings and all(f.properties["needs_approval"] for f in result.findings)
    assert "allowance that needs approval" in result.findings[0].message


def test_the_change_cannot_configure_ruff_away(repo: Any) -> None:
    pyproject = '[tool.ruff]\nexclude = ["pkg"]\n[tool.ruff.lint]\nignore = ["S110", "BLE001"]\n'
    branch(repo, {"pkg/io.py": BASE, "pyproject.toml": pyproject})
    result = run(repo, "READY001")
    assert {f.properties["rule"] for f in result.findings} == {"S110", "BLE001"}


@pytest.mark.slow
def test_ast_finds_broad_handlers_that_only_return(repo: Any) -> None:
    code = """\
import logging
log = logging.getLogger(__name__)

def a():
    try:
        return 1
    except Exception:
        return None

def b():
    try:
        return 1
    except Exception:
        log.exception("b failed")
        return None

def c():
    try:
        return 1
    except KeyError:
        return None

def d():
    try:
        return 1
    except (ValueError, BaseException):
        return 0
"""
    lines = [s.line for s in swallows(ast.parse(code))]
    assert lines == [7, 26]
    branch(repo, {"pkg/calc.py": code})
    result = run(repo, "READY001")
    found = sorted(
        (f.location.start_line, f.properties["rule"]) for f in result.findings if f.location
    )
    assert found[0] == (7, "BLE001")  # ruff's; the ast pass adds only what ruff lacks
    assert found == [(7, "BLE001"), (26, "BLE001")]
    # Without BLE001 in the rules, the ast pass still sees the handlers that only return.
    narrowed = run(repo, "READY001", {"silent_failure_rules": ["S110", "S112", "E722"]})
    rules = [(f.location.start_line, f.properties["rule"]) for f in narrowed.findings if f.location]
    assert sorted(rules) == [(7, "SWALLOW"), (26, "SWALLOW")]


def test_budget_caps_the_repository(repo: Any) -> None:
    branch(repo, {}, base={"pkg/io.py": BASE})
    assert run(repo, "READY001").findings == ()
    capped = run(repo, "READY001", {"silent_failure_budget": 1})
    assert [f.message for f in capped.findings] == [
        "2 silent failures in the repository, over the budget of 1"
    ]


def test_missing_ruff_fails_closed(repo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    branch(repo, {"pkg/io.py": BASE})
    monkeypatch.setattr(ready_ruff, "find_ruff", lambda: None)
    result = run(repo, "READY001")
    assert result.status(result.severity) == "missing-input"
    assert "policy-gate[ready]" in result.findings[0].message


def test_no_base_is_missing_input(tmp_path: Any) -> None:
    class NotGit:
        path = tmp_path

    (tmp_path / "a.py").write_text(BASE)
    result = run(NotGit(), "READY001")
    assert result.metrics["status"] == "missing-input"
    assert "not a git checkout" in result.findings[0].message
