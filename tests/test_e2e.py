"""End to end: a real repo, a real feature branch, real ``pytest --cov``, the real ``gate``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from coverage_project import clean_env, write

CALC = """\
def add(a, b):
    return a + b


def clamp(x, low, high):
    if x < low:
        return low
    if x > high:
        return high
    return x
"""

CALC_FEATURE = """\


def divide(a, b):
    if b == 0:
        raise ZeroDivisionError("b is zero")
    return a / b


def percent(part, whole):
    if whole == 0:
        return 0.0
    share = part / whole
    return round(100 * share, 1)
"""

TESTS = """\
from calc import add, clamp


def test_add():
    assert add(1, 2) == 3


def test_clamp():
    assert clamp(5, 0, 10) == 5
    assert clamp(-1, 0, 10) == 0
    assert clamp(11, 0, 10) == 10
"""

TESTS_FEATURE = """

def test_divide():
    from calc import divide
    assert divide(6, 3) == 2
"""

PYPROJECT = """\
[tool.coverage.run]
source = ["calc"]
branch = true

[tool.coverage.report]
precision = 2
"""


def sh(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd, env=clean_env(), capture_output=True, text=True, check=check
    )


@pytest.fixture(scope="module")
def feature(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    git = ("git", "-c", "user.name=T", "-c", "user.email=t@example.invalid")
    sh(root, "git", "init", "-q", "-b", "main")
    ignore = ".coverage*\ncoverage.*\n*.json\n"
    files = {"calc/__init__.py": CALC, "tests/test_calc.py": TESTS, "pyproject.toml": PYPROJECT}
    write(root, {**files, ".gitignore": ignore})
    sh(root, "git", "add", "-A")
    sh(root, *git, "commit", "-q", "-m", "calc")
    sh(root, "git", "checkout", "-q", "-b", "feature")
    with (root / "calc/__init__.py").open("a") as handle:
        handle.write(CALC_FEATURE)
    with (root / "tests/test_calc.py").open("a") as handle:
        handle.write(TESTS_FEATURE)
    sh(root, "git", "add", "-A")
    sh(root, *git, "commit", "-q", "-m", "divide and percent")
    sh(root, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
       "--cov", "--cov-branch", "--cov-report=", "tests")  # fmt: skip
    return root


def gate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return sh(root, sys.executable, "-m", "gate", "check", "--base", "main", *args, check=False)


def coverage_report_total(root: Path) -> str:
    out = sh(root, sys.executable, "-m", "coverage", "report").stdout
    match = re.search(r"^TOTAL\s.*?(\d+\.\d+)%$", out, re.MULTILINE)
    assert match, out
    return match.group(1)


@pytest.mark.slow
def test_gate_check_reports_coverage_and_uncovered_changed_lines(feature: Path) -> None:
    proc = gate(feature, "--select", "COV", "--report", "json:result.json", "--report", "terminal")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    result = json.loads((feature / "result.json").read_text())
    assert result["verdict"] == "fail"
    policies = {p["id"]: p for p in result["policies"]}
    total = coverage_report_total(feature)
    assert f"{policies['COV001']['metrics']['coverage']:.2f}" == total
    printed = re.search(r"COV001.*?\bcoverage[ =](\d+(?:\.\d+)?)%?", proc.stdout)
    assert printed and float(printed.group(1)) == float(total), proc.stdout

    changed = policies["COV002"]
    assert changed["status"] == "failed"
    source = (feature / "calc/__init__.py").read_text().splitlines()
    raise_line = source.index('        raise ZeroDivisionError("b is zero")') + 1
    percent_start = source.index("    if whole == 0:") + 1
    spans = {
        (f["location"]["start_line"], f["location"]["end_line"])
        for f in changed["findings"]
        if f["location"]
    }
    assert spans == {(raise_line, raise_line), (percent_start, percent_start + 3)}
    assert f"calc/__init__.py:{raise_line}" in proc.stdout


@pytest.mark.slow
def test_gate_passes_with_lower_thresholds(feature: Path) -> None:
    write(
        feature, {"gate.yml": "policies:\n  COV001: {threshold: 50}\n  COV002: {threshold: 40}\n"}
    )
    try:
        proc = gate(feature, "--select", "COV", "--report", "json:pass.json")
    finally:
        (feature / "gate.yml").unlink()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads((feature / "pass.json").read_text())
    assert result["verdict"] == "pass"
    notices = [f for p in result["policies"] for f in p["findings"]]
    assert notices and {f["severity"] for f in notices} == {"notice"}
