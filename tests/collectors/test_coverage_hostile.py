"""Hostile coverage input (issue 11): one-line exit 2 naming the file, or missing input,
never an internal error and never a pass at "100%" over nothing measured."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from coverage_project import (
    assert_one_line_error,
    changed_project,
    gate_cov_check,
    measure,
    run,
)


def gate_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return gate_cov_check(root, "--report", "json", *args)


@pytest.fixture
def project(repo: Any) -> Path:
    return changed_project(repo.path, repo.commit)


def statuses(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    report = json.loads(proc.stdout[proc.stdout.index("{") :])
    return {entry["id"]: entry["status"] for entry in report["policies"]}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[run]\nbranch = maybe\n", "Not a boolean"),
        ("[run]\nsource\n  x\n[[[\n", "parsing errors"),  # three lines from coverage.py
        ("[run]\nconcurrency = nope\n", "Unknown concurrency"),
        ("[report]\nexclude_lines =\n    (\n", "exclude_lines"),
    ],
)
@pytest.mark.slow
def test_invalid_coveragerc_is_one_line_naming_it(project: Path, text: str, said: str) -> None:
    measure(project)
    (project / ".coveragerc").write_text(text)
    line = assert_one_line_error(gate_check(project), ".coveragerc")
    assert said in line


@pytest.mark.slow
def test_coveragerc_not_utf8(project: Path) -> None:
    measure(project)
    (project / ".coveragerc").write_bytes(b"[run]\nbranch = true\n# \xff\xfe\n")
    line = assert_one_line_error(gate_check(project), ".coveragerc")
    assert "not UTF-8" in line


@pytest.mark.parametrize(
    "statement",
    ["update file set path = NULL", "update line_bits set numbits = 'abc'"],
)
@pytest.mark.slow
def test_tampered_data_tables_are_input_errors(project: Path, statement: str) -> None:
    measure(project)
    with sqlite3.connect(project / ".coverage") as db:
        db.execute(statement)
    line = assert_one_line_error(gate_check(project), ".coverage")
    assert "not usable coverage.py data" in line


@pytest.mark.slow
def test_xml_with_nothing_valid_is_missing_input(project: Path) -> None:
    (project / "coverage.xml").write_text(
        '<?xml version="1.0" ?>\n<coverage lines-valid="0" lines-covered="0" version="7">'
        "<sources><source>.</source></sources><packages/></coverage>\n"
    )
    proc = gate_check(project)
    assert proc.returncode == 1, proc.stderr
    assert statuses(proc)["COV001"] == "missing-input"
    assert "100" not in proc.stdout.split("{")[0]


@pytest.mark.slow
def test_utf16_xml_is_refused(project: Path) -> None:
    measure(project)
    run(project, "-m", "coverage", "xml", "-q", "-o", "real.xml")
    text = (project / "real.xml").read_text(encoding="utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace(
        '<?xml version="1.0" ?>', '<?xml version="1.0" encoding="UTF-16"?>'
    )
    (project / "coverage.xml").write_bytes(text.encode("utf-16"))
    (project / ".coverage").unlink()
    line = assert_one_line_error(gate_check(project, "--select", "COV002"), "coverage.xml")
    assert "not UTF-8" in line


@pytest.mark.slow
def test_json_with_no_files_is_missing_input(project: Path) -> None:
    (project / "coverage.json").write_text(
        '{"files": {}, "totals": {"num_statements": 0, "covered_lines": 0}}'
    )
    proc = gate_check(project)
    assert proc.returncode == 1, proc.stderr
    assert statuses(proc) == {"COV001": "missing-input", "COV002": "missing-input"}


@pytest.mark.slow
def test_json_measuring_only_files_elsewhere_does_not_pass(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-checkout"
    shutil.copytree(project, other)
    measure(other)
    run(other, "-m", "coverage", "json", "-q", "-o", "coverage.json")
    document = json.loads((other / "coverage.json").read_text())
    # Absolute names of the other checkout's files, as a report from elsewhere holds them.
    document["files"] = {str(other / name): entry for name, entry in document["files"].items()}
    (project / "coverage.json").write_text(json.dumps(document))
    proc = gate_check(project)
    assert proc.returncode == 1, proc.stderr
    assert statuses(proc)["COV002"] == "missing-input"
    assert "no measured file is inside the repository" in proc.stdout


@pytest.mark.slow
def test_zero_statements_show_as_na(project: Path) -> None:
    # A data file measuring only an empty module: 0 of 0 is "n/a", and it fails.
    (project / "pkg/core.py").write_text("")
    (project / "drive.py").write_text("import pkg.core\n")
    measure(project)
    proc = gate_check(project)
    assert proc.returncode == 1, proc.stdout
    text = proc.stdout
    assert "total coverage is n/a" in text and "100%" not in text
    report = json.loads(text[text.index("{") :])
    metrics = {entry["id"]: entry["metrics"] for entry in report["policies"]}
    assert metrics["COV001"]["coverage"] == "n/a"
    assert metrics["COV002"]["changed_coverage"] == "n/a"
