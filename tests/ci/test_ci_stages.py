"""The stages end to end on the fixture project: shards, combine, gate, floors, secrets."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gate.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sample_project"


def outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines if "=" in line and "<<" not in line)


@pytest.mark.slow
def test_sharded_run_combines_and_passes_the_gate(
    make_repo: Callable[..., Any], tmp_path: Path
) -> None:
    repo = make_repo("sample")
    root: Path = repo.path
    base = repo.git("rev-parse", "HEAD").strip()
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    head = repo.commit("add the sample project")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"before": base, "after": head}), encoding="utf-8")
    github_output = tmp_path / "github_output"
    summary = tmp_path / "summary.md"
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(github_output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_REPOSITORY": "acme/sample",
        "GITHUB_REF": "refs/heads/main",
    }
    runner = CliRunner()
    data = tmp_path / "coverage-data"
    for index in ("1", "2"):
        result = runner.invoke(
            main,
            [
                "ci",
                "run-tests",
                "--python",
                sys.executable,
                "--shards",
                "2",
                "--index",
                index,
                "--data-dir",
                str(data),
                "--tag",
                f"shard{index}",
                "--root",
                str(root),
            ],
            env=env,
        )
        assert result.exit_code == 0, result.output
    assert len(list(data.glob(".coverage.*"))) == 2  # one data file per shard
    assert sorted(p.name for p in data.glob("junit-*.xml")) == [
        "junit-shard1.xml",
        "junit-shard2.xml",
    ]

    combined = runner.invoke(
        main, ["ci", "combine", "--data-dir", str(data), "--root", str(root)], env=env
    )
    assert combined.exit_code == 0, combined.output
    assert (root / ".coverage").is_file()

    reports = tmp_path / "reports"
    gate = runner.invoke(
        main,
        [
            "ci",
            "run-gate",
            "--stage",
            "gate",
            "--coverage",
            ".coverage",
            "--out",
            str(reports),
            "--root",
            str(root),
        ],
        env=env,
    )
    assert gate.exit_code == 0, gate.output
    values = outputs(github_output)
    assert values["verdict"] == "pass"
    assert float(values["coverage"]) == 100.0  # both shards' halves, combined
    assert values["upload-sarif"] == "true"
    assert json.loads(Path(values["sarif"]).read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "COV001" in summary.read_text(encoding="utf-8")

    floor = runner.invoke(
        main,
        [
            "ci",
            "coverage-floor",
            "--report",
            values["json"],
            "--total",
            "100",
            "--changed",
            "0",
        ],
    )
    assert floor.exit_code == 0, floor.output

    secrets = runner.invoke(
        main,
        [
            "ci",
            "run-gate",
            "--stage",
            "security",
            "--out",
            str(reports),
            "--root",
            str(root),
        ],
        env=env,
    )
    assert secrets.exit_code == 0, secrets.output


def test_a_shard_without_files_runs_nothing(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURE, root)
    result = CliRunner().invoke(
        main,
        [
            "ci",
            "run-tests",
            "--python",
            sys.executable,
            "--shards",
            "5",
            "--index",
            "4",
            "--data-dir",
            str(tmp_path / "d"),
            "--root",
            str(root),
        ],
    )
    assert result.exit_code == 0
    assert "has no test files" in result.output
    assert not (tmp_path / "d").exists()


@pytest.mark.slow
def test_failing_tests_fail_the_shard(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURE, root)
    (root / "tests" / "check_broken.py").write_text("def test_x():\n    assert False\n")
    result = CliRunner().invoke(
        main,
        [
            "ci",
            "run-tests",
            "--python",
            sys.executable,
            "--data-dir",
            str(tmp_path / "d"),
            "--root",
            str(root),
        ],
    )
    assert result.exit_code == 1


@pytest.mark.slow
def test_run_tests_leaves_the_environment_of_the_tests_alone(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURE, root)
    seen = tmp_path / "seen.txt"
    (root / "tests" / "check_env.py").write_text(
        "import os\n\n\ndef test_env():\n"
        f"    open({str(seen)!r}, 'w').write(os.environ.get('COVERAGE_FILE', '<unset>'))\n",
        encoding="utf-8",
    )
    data = tmp_path / "d"
    args = ["ci", "run-tests", "--python", sys.executable, "--data-dir", str(data)]
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={})
    assert result.exit_code == 0, result.output
    assert seen.read_text(encoding="utf-8") == "<unset>"
    assert len(list(data.glob(".coverage.*"))) == 1  # the data still lands in --data-dir
    assert not list(root.glob(".coverage*"))
