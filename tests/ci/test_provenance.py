"""Provenance of coverage data: manifests the test step writes, what combine accepts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gate.ci import provenance
from gate.cli import main
from gate.errors import InputError


def junit(path: Path, tests: int) -> Path:
    path.write_text(
        f'<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="{tests}"/>'
        "</testsuites>",
        encoding="utf-8",
    )
    return path


def test_the_manifest_lists_only_files_under_the_runs_name(tmp_path: Path) -> None:
    data_file = provenance.fresh_data_file(tmp_path)
    (tmp_path / ".coverage.old").write_text("from an earlier run")
    before = provenance.data_files(tmp_path)
    (tmp_path / f"{data_file.name}.host.1.x").write_text("ours")
    (tmp_path / ".coverage.forged").write_text("a conftest's")
    report = junit(tmp_path / "junit-a.xml", 3)
    provenance.write_manifest(tmp_path, "a", before, report, data_file)
    recorded = provenance.read(tmp_path)
    assert recorded is not None
    assert [p.name for p in recorded.data_files] == [f"{data_file.name}.host.1.x"]
    assert recorded.test_count() == 3


@pytest.mark.parametrize(
    "record",
    [
        {"data_files": ["../../etc/passwd"], "junit": "junit-a.xml"},
        {"data_files": [".coverage.x/../../y"], "junit": "junit-a.xml"},
        {"data_files": [".coverage.missing"], "junit": "junit-a.xml"},
        {"data_files": "everything", "junit": "junit-a.xml"},
        {"data_files": [], "junit": "/etc/passwd"},
    ],
)
def test_a_manifest_names_only_files_in_the_directory(tmp_path: Path, record: Any) -> None:
    junit(tmp_path / "junit-a.xml", 1)
    (tmp_path / "gate-manifest-a.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(InputError):
        provenance.read(tmp_path)


def test_combine_on_actions_needs_a_manifest_and_tests(tmp_path: Path) -> None:
    runner = CliRunner()
    root, data = tmp_path / "root", tmp_path / "data"
    root.mkdir()
    data.mkdir()
    (data / ".coverage.loose").write_text("not vouched for")
    env = {"GITHUB_ACTIONS": "true"}
    args = ["ci", "combine", "--data-dir", str(data), "--root", str(root)]
    no_manifest = runner.invoke(main, args, env=env)
    assert no_manifest.exit_code == 2
    assert "manifest" in no_manifest.output
    report = junit(data / "junit-a.xml", 0)
    provenance.write_manifest(data, "a", set(), report, data / ".coverage.none")
    zero = runner.invoke(main, args, env=env)
    assert zero.exit_code == 2
    assert "zero tests" in zero.output
    assert not (root / ".coverage").exists()


@pytest.mark.slow
def test_run_tests_writes_the_manifest_combine_reads(tmp_path: Path) -> None:
    root, data = tmp_path / "root", tmp_path / "data"
    (root / "tests").mkdir(parents=True)
    (root / "tests/test_one.py").write_text("def test_one():\n    assert True\n")
    runner = CliRunner()
    env = {"GITHUB_ACTIONS": "true"}
    tests = runner.invoke(
        main,
        ["ci", "run-tests", "--python", sys.executable, "--data-dir", str(data),
         "--tag", "t", "--root", str(root)],
        env=env,
    )  # fmt: skip
    assert tests.exit_code == 0, tests.output
    recorded = provenance.read(data)
    assert recorded is not None and recorded.test_count() == 1
    assert len(recorded.data_files) == 1
    combined = runner.invoke(
        main, ["ci", "combine", "--data-dir", str(data), "--root", str(root)], env=env
    )
    assert combined.exit_code == 0, combined.output
    assert (root / ".coverage").is_file()
