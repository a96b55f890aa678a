"""On a pull request the base's coverage configuration judges, plugins never load, and a
report written with the pull request's exclusions is refused (real git, real coverage.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from coverage_project import clean_env, make_project, measure, run

BASE_RC = "[run]\nsource = pkg\nbranch = true\n[report]\nexclude_also =\n    def unused\n"
PR_RC = BASE_RC + "    def loop\nprecision = 2\n"


def gate_json(root: Path, *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "gate", "check", "--base", "main", "--policy-from", "base",
         "--report", "json", *args],
        cwd=root, env=clean_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout[proc.stdout.index("{") :])
    return report


def policy(report: dict[str, Any], policy_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(p for p in report["policies"] if p["id"] == policy_id)
    return entry


@pytest.fixture
def pull_request(repo: Any) -> Path:
    """A base with a .coveragerc, and a pull request that excludes more in it."""
    root = make_project(repo.path, config='[project]\nname = "p"\n')
    (root / ".coveragerc").write_text(BASE_RC)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    (root / ".coveragerc").write_text(PR_RC)
    repo.commit("exclude more")
    measure(root)  # measured with the pull request's configuration, as CI would
    return root


@pytest.mark.slow
def test_total_equals_coverage_report_with_the_bases_rcfile(
    pull_request: Path, tmp_path: Path
) -> None:
    base_rc = tmp_path / "base.rc"
    base_rc.write_text(BASE_RC)
    out = run(pull_request, "-m", "coverage", "report", f"--rcfile={base_rc}").stdout
    match = re.search(r"(\d+(?:\.\d+)?)%\s*$", out.strip())
    assert match is not None, out
    head_out = run(pull_request, "-m", "coverage", "report").stdout
    assert head_out.split()[-1] != out.split()[-1]  # the two configurations differ here
    report = gate_json(pull_request, "--select", "COV001,GATE001")
    assert policy(report, "COV001")["metrics"]["coverage"] == float(match.group(1))
    lines = [f["location"]["start_line"] for f in policy(report, "GATE001")["findings"]]
    assert lines == [7, 8]  # the two lines the pull request added to .coveragerc


@pytest.mark.slow
def test_a_report_with_the_pull_requests_exclusions_is_refused(pull_request: Path) -> None:
    run(pull_request, "-m", "coverage", "xml", "-q")
    (pull_request / ".coverage").unlink()
    report = gate_json(pull_request, "--select", "COV001")
    entry = policy(report, "COV001")
    assert entry["status"] == "missing-input"
    assert "differs from the one of the base commit" in json.dumps(entry)


@pytest.mark.slow
def test_a_report_is_accepted_when_the_configuration_is_unchanged(repo: Any) -> None:
    root = make_project(repo.path, config='[project]\nname = "p"\n')
    (root / ".coveragerc").write_text(BASE_RC)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    measure(root)
    run(root, "-m", "coverage", "xml", "-q")
    (root / ".coverage").unlink()
    entry = policy(gate_json(root, "--select", "COV001"), "COV001")
    assert entry["status"] in ("passed", "failed")
    assert entry["metrics"]["source"] == "coverage.xml"


@pytest.mark.slow
def test_a_plugin_measured_file_is_a_finding_not_a_pass(repo: Any) -> None:
    from coverage import CoverageData

    root = make_project(repo.path)
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text("<p>{{ x }}</p>\n")
    (root / "pyproject.toml").write_text(
        '[tool.coverage.run]\nsource = ["pkg"]\nplugins = ["never_imported"]\n'
    )
    repo.commit("project")
    run(root, "-m", "coverage", "run", "--rcfile=/dev/null", "--source=pkg", "drive.py")
    data = CoverageData(str(root / ".coverage"))
    data.read()
    page = str(root / "templates/page.html")
    data.add_lines({page: [1]})
    data.add_file_tracers({page: "never_imported.Templates"})
    data.write()
    entry = policy(gate_json(root, "--select", "COV001"), "COV001")
    assert entry["status"] == "failed"
    messages = " ".join(f["message"] for f in entry["findings"])
    assert "templates/page.html was measured through a coverage.py plugin" in messages
