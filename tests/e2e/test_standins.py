"""The e2e stand-ins: the inputs they accept, and that each does its job (fast, no act)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from e2e_inputs import PINNED, STANDINS, Use, check, declared_inputs, problems, standin_for
from harness import ROOT, git

CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
UPLOAD = "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f"


@pytest.mark.slow
def test_every_use_in_our_workflows_and_action_is_accepted() -> None:
    files = [ROOT / "action" / "action.yml", *(ROOT / ".github" / "workflows").glob("*.yml")]
    assert check(files) == []


def test_each_standin_declares_the_pinned_actions_inputs() -> None:
    # Spot checks against the real action.yml files at the pinned SHAs.
    checkout = declared_inputs(STANDINS / "checkout")
    assert len(checkout) == 21 and "allow-unsafe-pr-checkout" in checkout
    upload = declared_inputs(STANDINS / "upload-artifact")
    assert upload["path"]["required"] is True and "archive" in upload
    sarif = declared_inputs(STANDINS / "codeql-action" / "upload-sarif")
    assert set(sarif) == {
        "sarif_file",
        "checkout_path",
        "ref",
        "sha",
        "token",
        "matrix",
        "category",
        "wait-for-processing",
    }
    assert len(declared_inputs(STANDINS / "setup-uv")) == 26
    assert len(declared_inputs(STANDINS / "download-artifact")) == 10
    assert len(declared_inputs(STANDINS / "setup-python")) == 11
    for action in PINNED:
        assert standin_for(action) is not None


def test_an_unknown_input_a_missing_required_one_and_an_unpinned_action_are_refused() -> None:
    unknown = problems(Use("w.yml job j", CHECKOUT, {"fetch_depth": 0}))
    assert len(unknown) == 1 and "Unexpected input(s) 'fetch_depth'" in unknown[0]
    missing = problems(Use("w.yml job j", UPLOAD, {"name": "x"}))
    assert missing == ["w.yml job j: Input required and not supplied: path"]
    assert problems(Use("w.yml job j", UPLOAD, {"name": "x", "path": "d"})) == []
    other = problems(Use("w.yml", "actions/checkout@v4", {}))
    assert other and "not a pinned action" in other[0]
    sub = standin_for("github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e")
    assert sub == STANDINS / "codeql-action" / "upload-sarif"


def script_env(tmp_path: Path, **inputs: str) -> dict[str, str]:
    # Nothing from a surrounding run: under act, E2E_WORKSPACE names the live workspace.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "E2E_", "RUNNER_"))}
    env.update(
        GITHUB_WORKSPACE=str(tmp_path / "ws"),
        GITHUB_OUTPUT=str(tmp_path / "out.txt"),
        GITHUB_PATH=str(tmp_path / "path.txt"),
        GITHUB_ENV=str(tmp_path / "env.txt"),
        E2E_ARTIFACTS=str(tmp_path / "store"),
        E2E_SARIF=str(tmp_path / "sarif"),
        **inputs,
    )
    (tmp_path / "ws").mkdir(exist_ok=True)
    return env


def outputs(tmp_path: Path) -> dict[str, str]:
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines())


def upload(tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    values = {"IN_NAME": "cov", "IN_IF_NO_FILES": "warn", "IN_OVERWRITE": "false"}
    values.update({"IN_HIDDEN": "false", "IN_RETENTION": "", **inputs})
    return subprocess.run(
        [sys.executable, str(STANDINS / "upload-artifact" / "upload.py")],
        env=script_env(tmp_path, **values),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_upload_follows_the_v4_rules_for_hidden_files_and_names(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / ".coverage.a").write_text("x", encoding="utf-8")
    (data / "junit.xml").write_text("<x/>", encoding="utf-8")
    plain = upload(tmp_path, IN_PATH=f"{data}/")
    assert plain.returncode == 0, plain.stdout
    assert sorted(p.name for p in (tmp_path / "store" / "cov").iterdir()) == ["junit.xml"]
    again = upload(tmp_path, IN_PATH=f"{data}/", IN_HIDDEN="true")
    assert again.returncode == 1 and "(409) Conflict" in again.stdout
    hidden = upload(tmp_path, IN_PATH=f"{data}/", IN_HIDDEN="true", IN_NAME="cov2")
    assert hidden.returncode == 0
    assert sorted(p.name for p in (tmp_path / "store" / "cov2").iterdir()) == [
        ".coverage.a",
        "junit.xml",
    ]
    assert upload(tmp_path, IN_PATH="").stdout.startswith("::error::Input required")
    nothing = upload(tmp_path, IN_PATH=str(tmp_path / "none"), IN_IF_NO_FILES="error")
    assert nothing.returncode == 1 and "No files were found" in nothing.stdout


@pytest.mark.slow
def test_download_by_pattern_merges_or_keeps_artifacts_apart(tmp_path: Path) -> None:
    for name in ("coverage-1", "coverage-2", "other"):
        (tmp_path / "store" / name).mkdir(parents=True)
        (tmp_path / "store" / name / f".coverage.{name}").write_text(name, encoding="utf-8")

    def download(merge: str, dest: str) -> subprocess.CompletedProcess[str]:
        values = {"IN_NAME": "", "IN_IDS": "", "IN_PATTERN": "coverage-*", "IN_MERGE": merge}
        return subprocess.run(
            [sys.executable, str(STANDINS / "download-artifact" / "download.py")],
            env=script_env(tmp_path, IN_PATH=str(tmp_path / dest), **values),
            capture_output=True,
            text=True,
            check=True,
        )

    download("true", "merged")
    assert sorted(p.name for p in (tmp_path / "merged").iterdir()) == [
        ".coverage.coverage-1",
        ".coverage.coverage-2",
    ]
    download("false", "apart")
    assert sorted(p.name for p in (tmp_path / "apart").iterdir()) == ["coverage-1", "coverage-2"]
    assert outputs(tmp_path)["download-path"] == str(tmp_path / "apart")


@pytest.mark.slow
def test_upload_sarif_validates_and_keeps_a_copy(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.sarif", tmp_path / "bad.sarif"
    run = {"tool": {"driver": {"name": "policy-gate"}}, "results": []}
    good.write_text(json.dumps({"version": "2.1.0", "runs": [run]}), encoding="utf-8")
    bad.write_text(json.dumps({"version": "2.0.0", "runs": []}), encoding="utf-8")

    def upload_sarif(path: Path) -> subprocess.CompletedProcess[str]:
        values = {"IN_FILE": str(path), "IN_CATEGORY": "gate", "IN_TOKEN": "t", "IN_WAIT": "true"}
        return subprocess.run(
            [sys.executable, str(STANDINS / "codeql-action" / "upload-sarif" / "upload_sarif.py")],
            env=script_env(tmp_path, **values),
            capture_output=True,
            text=True,
            check=False,
        )

    assert upload_sarif(good).returncode == 0
    assert (tmp_path / "sarif" / "gate.sarif").read_text(encoding="utf-8") == good.read_text()
    refused = upload_sarif(bad)
    assert refused.returncode == 1 and "Invalid SARIF" in refused.stdout
    assert upload_sarif(tmp_path / "missing.sarif").returncode == 1


def test_setup_python_resolves_a_version_among_the_machines_interpreters(
    tmp_path: Path,
) -> None:
    for version in ("3.11.2", "3.11.10", "3.12.1"):
        binary = tmp_path / "pythons" / version / "bin" / "python"
        binary.parent.mkdir(parents=True)
        binary.write_text("#!/bin/sh\n", encoding="utf-8")
        binary.chmod(0o755)

    def setup(version: str) -> subprocess.CompletedProcess[str]:
        values = {"IN_VERSION": version, "IN_VERSION_FILE": "", "IN_UPDATE": "true"}
        return subprocess.run(
            ["bash", str(STANDINS / "setup-python" / "setup.sh")],
            env=script_env(tmp_path, E2E_PYTHONS=str(tmp_path / "pythons"), IN_CACHE="", **values),
            capture_output=True,
            text=True,
            check=False,
        )

    assert setup("3.11").returncode == 0
    assert outputs(tmp_path)["python-version"] == "3.11.10"  # the newest patch release
    assert (tmp_path / "path.txt").read_text().strip() == str(tmp_path / "pythons/3.11.10/bin")
    missing = setup("3.9")
    assert missing.returncode == 1 and "Version 3.9 was not found" in missing.stdout


@pytest.mark.parametrize(("depth", "commits"), [("1", "1"), ("0", "2")])
@pytest.mark.slow
def test_checkout_fetches_from_the_local_remote_honouring_fetch_depth(
    tmp_path: Path, depth: str, commits: str
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    git(source, "init", "-q", "-b", "main")
    for text in ("one", "two"):
        (source / "f.txt").write_text(text, encoding="utf-8")
        git(source, "add", "-A")
        git(source, "commit", "-q", "-m", text)
    sha = git(source, "rev-parse", "HEAD")
    git(tmp_path, "clone", "-q", "--bare", str(source), str(tmp_path / "origin.git"))
    values = {
        "IN_REPOSITORY": "o/r",
        "IN_REF": "",
        "IN_PATH": "",
        "IN_DEPTH": depth,
        "IN_TAGS": "false",
        "IN_PERSIST": "false",
        "IN_LFS": "false",
        "IN_SUBMODULES": "false",
        "IN_SPARSE": "",
    }
    env = script_env(tmp_path, E2E_ORIGIN=str(tmp_path / "origin.git"), **values)
    env.update(GITHUB_REPOSITORY="o/r", GITHUB_SHA=sha, GITHUB_REF="refs/heads/main")
    done = subprocess.run(
        ["bash", str(STANDINS / "checkout" / "checkout.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workspace = tmp_path / "ws"
    assert git(workspace, "rev-parse", "HEAD") == sha == outputs(tmp_path)["commit"]
    assert git(workspace, "rev-list", "--count", "HEAD") == commits
    env["IN_REPOSITORY"] = "someone/else"
    other = subprocess.run(
        ["bash", str(STANDINS / "checkout" / "checkout.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert other.returncode == 1 and "serves only o/r" in other.stdout
