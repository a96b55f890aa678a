"""The workflows run end to end under act: job results and everything the gate wrote.

Short stage (.ci/run): python -m pytest tests/e2e -m e2e
Long stage:            python -m pytest tests/e2e -m e2e_long
Each scenario's run folder (act.log, event.json, artifacts, SARIF) is kept under pytest's
temporary directory; E2E_KEEP=DIR keeps them there instead.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import string
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest
from harness import ROOT, Run, Scenario, ci_python, git, run, uv_binary

from gate.secrets.checks import base62_crc32

SCHEMA = ROOT / "tests" / "reporters" / "data" / "sarif-schema-2.1.0.json"
SAMPLE = ROOT / "tests" / "fixtures" / "sample_project"


def clean_change(repo: Path) -> None:
    """A covered change to the fixture project (outside the gate's own coverage source)."""
    module = repo / "tests" / "fixtures" / "sample_project" / "sample" / "__init__.py"
    module.write_text(
        module.read_text(encoding="utf-8")
        + "\n\ndef clamp(value: int, low: int, high: int) -> int:\n"
        "    return max(low, min(value, high))\n",
        encoding="utf-8",
    )
    check = repo / "tests" / "fixtures" / "sample_project" / "tests" / "check_clamp.py"
    check.write_text(
        "from sample import clamp\n\n\ndef test_clamp() -> None:\n"
        "    assert clamp(-5, 0, 10) == 0\n    assert clamp(50, 0, 10) == 10\n",
        encoding="utf-8",
    )


def planted_token() -> str:
    """A GitHub token shape with a valid checksum, made now: never a committed value."""
    alphabet = string.ascii_letters + string.digits
    body = "".join(random.SystemRandom().choice(alphabet) for _ in range(30))
    return f"ghp_{body}{base62_crc32(body)}"


TOKEN = planted_token()


def bad_change(repo: Path) -> None:
    """An uncovered change, an unpinned requirement and a planted token, in one PR."""
    shard = repo / "gate" / "ci" / "shard.py"
    shard.write_text(
        shard.read_text(encoding="utf-8") + "\n\ndef shard_of(path: str, shards: int) -> int:\n"
        # More statements than COV002's minimum of five: an error, not a warning.
        '    """Not called by any test: its lines stay uncovered."""\n'
        "    total = 0\n"
        "    for byte in path.encode():\n"
        "        total += byte\n"
        "    if shards < 1:\n"
        '        raise ValueError("shards must be positive")\n'
        "    index = total % shards\n"
        "    return index + 1\n",
        encoding="utf-8",
    )
    (repo / "requirements-e2e.txt").write_text("requests>=2\n", encoding="utf-8")
    notes = repo / "docs" / "deploy-notes.md"
    notes.parent.mkdir(exist_ok=True)
    notes.write_text(f"# Deploy\n\nUse the token {TOKEN} for the mirror.\n", encoding="utf-8")


def folder_for(tmp_path_factory: pytest.TempPathFactory) -> Path:
    keep = os.environ.get("E2E_KEEP")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return Path(keep)
    return tmp_path_factory.mktemp("e2e")


def timed_run(scenario: Scenario, folder: Path) -> Run:
    target = folder / scenario.name
    if target.exists():
        shutil.rmtree(target)
    return run(scenario, target)


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Run]]]:
    """Starts every selected scenario at once, E2E_PARALLEL at a time (default 3): each
    scenario has its own remote, workspace and artifact store, and most of a run's time is
    one process at a time inside it, so scenarios overlap well on two cores."""
    folder = folder_for(tmp_path_factory)
    wanted = [SCENARIOS[item.name] for item in request.session.items if item.name in SCENARIOS]
    with ThreadPoolExecutor(max_workers=int(os.environ.get("E2E_PARALLEL", "3"))) as pool:
        futures = {s.name: pool.submit(timed_run, s, folder) for s in wanted}
        yield futures
    for name, future in futures.items():
        if future.done() and not future.exception():
            print(f"e2e timing {name}: {future.result().seconds:.0f} s", file=sys.stderr)


@pytest.fixture
def result(request: pytest.FixtureRequest, runs: dict[str, Future[Run]]) -> Run:
    """The run of this test's scenario (see SCENARIOS at the end), once act has finished."""
    return runs[SCENARIOS[request.node.name].name].result()


def assert_sarif(path: Path) -> dict[str, object]:
    assert path.is_file(), f"no SARIF kept at {path}"
    log = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return dict(log)


def policy_of(annotation: str) -> str:
    match = re.search(r"title=([A-Z]+\d{3})", annotation)
    assert match, annotation
    return match.group(1)


def gate_errors(result: Run) -> list[str]:
    return [a for a in result.annotations("python-ci/gate") if a.startswith("::error")]


def assert_all_green(result: Run, shards: int, python: str) -> None:
    jobs = result.jobs()
    expected = {
        "python-ci/plan",
        "python-ci/lint",
        "python-ci/security",
        "python-ci/gate",
        "python-ci/ci-ok",
        "action self-test",
        *(f"python-ci/test ({python}, shard {i})" for i in range(1, shards + 1)),
    }
    assert expected <= set(jobs), result.explain()
    assert {name: jobs.get(name) for name in expected} == dict.fromkeys(
        expected, "success"
    ), result.explain()
    assert result.returncode == 0, result.explain()
    outputs = result.outputs("python-ci/gate")
    assert outputs["verdict"] == "pass"
    assert float(outputs["coverage"]) >= 80
    assert gate_errors(result) == []
    summary = result.summary("python-ci/gate")
    assert "COV001" in summary and "PIN001" in summary and "SEC" in summary
    # One coverage artifact per shard, with the hidden parallel data files in it.
    for index in range(1, shards + 1):
        data = result.folder / "artifacts" / f"coverage-{python}-{index}"
        assert list(data.glob(".coverage.*")), f"no coverage data in {data}"


@pytest.mark.e2e
def test_a_clean_pull_request_with_three_shards_is_green(result: Run) -> None:
    python = ci_python()
    assert_all_green(result, 3, python)
    assert result.outputs("python-ci/plan")["shards"] == "[1, 2, 3]"
    assert json.loads(result.outputs("python-ci/plan")["python-versions"]) == [python]
    log = assert_sarif(result.sarif("policy-gate"))
    assert log["runs"][0]["tool"]["driver"]["name"] == "policy-gate"  # type: ignore[index]
    assert not [r for r in log["runs"][0]["results"] if r["level"] == "error"]  # type: ignore[index]
    assert_sarif(result.sarif("bandit"))
    # The action's self-test ran on the fixture project, with the PR's new test in it.
    assert "check_clamp.py" in result.log_text()


@pytest.mark.e2e
def test_a_bad_pull_request_fails_in_the_gate_and_security_jobs(result: Run) -> None:
    python = ci_python()
    jobs = result.jobs()
    assert jobs.get("python-ci/gate") == "failure", result.explain()
    assert jobs.get("python-ci/security") == "failure", result.explain()
    assert jobs.get("python-ci/ci-ok") == "failure", result.explain()
    for green in ("python-ci/plan", "python-ci/lint", f"python-ci/test ({python}, shard 1)"):
        assert jobs.get(green) == "success", result.explain()
    # The action's self-test scans the change for secrets too: the token fails it as well.
    assert jobs.get("action self-test") == "failure", result.explain()
    assert result.returncode != 0

    # Exactly the planted problems: the uncovered lines (the total and the lines), the
    # unpinned requirement, and the token, and nothing else. The token is found in the
    # tree, in the change and in the history at the same place: one annotation names all
    # three policies (SARIF keeps one result per policy, below).
    planted = [
        ("COV002", "changed-line coverage is"),
        ("COV002", "file=gate/ci/shard.py"),
        ("PIN001", "file=requirements-e2e.txt"),
        ("SEC001", "file=docs/deploy-notes.md"),
    ]
    errors = sorted(gate_errors(result), key=lambda error: (policy_of(error), "file=" in error))
    assert len(errors) == len(planted), errors
    for error, (policy, text) in zip(errors, planted, strict=True):
        assert policy_of(error) == policy and text in error, error
    assert "(found by SEC001, SEC002, SEC003)" in errors[-1], errors[-1]
    titles = ["COV002", "PIN001", "SEC001", "SEC002", "SEC003"]
    outputs = result.outputs("python-ci/gate")
    assert outputs["verdict"] == "fail"
    summary = result.summary("python-ci/gate")
    for policy in titles:
        assert policy in summary
    log = assert_sarif(result.sarif("policy-gate"))
    rules = {r["ruleId"] for r in log["runs"][0]["results"] if r["level"] == "error"}  # type: ignore[index]
    assert rules == set(titles)
    # The security job found the token too, and no output anywhere shows it.
    security_log = "\n".join(
        str(r.get("msg", "")) for r in result.records if "security" in str(r.get("job", ""))
    )
    assert "docs/deploy-notes.md" in security_log
    act_log = (result.folder / "act.log").read_text(encoding="utf-8")
    sarif_text = result.sarif("policy-gate").read_text(encoding="utf-8")
    assert TOKEN not in act_log and TOKEN not in sarif_text and TOKEN[4:20] not in act_log


@pytest.mark.e2e
def test_a_push_to_the_default_branch_is_green(result: Run) -> None:
    assert_all_green(result, 2, ci_python())
    assert_sarif(result.sarif("policy-gate"))


@pytest.mark.e2e_long
def test_a_merge_group_is_green(result: Run) -> None:
    assert_all_green(result, 1, ci_python())


@pytest.mark.e2e_long
def test_a_fork_pull_request_skips_the_sarif_upload_and_still_writes_the_summary(
    result: Run,
) -> None:
    jobs = result.jobs()
    assert jobs.get("python-ci/gate") == "success", result.explain()
    assert result.outputs("python-ci/gate")["upload-sarif"] == "false"
    assert result.outputs("python-ci/security")["upload-sarif"] == "false"
    assert not (result.folder / "sarif").exists()  # neither upload step ran
    assert "COV001" in result.summary("python-ci/gate")


def sample_project(repo: Path, tested: str) -> None:
    """A user's repository: the fixture project, a uv lock, and `gate init`'s files."""
    shutil.copytree(SAMPLE, repo, dirs_exist_ok=True)
    pyproject = repo / "pyproject.toml"
    # Ranges here: uv.lock pins them for every Python the project supports.
    text = pyproject.read_text(encoding="utf-8").replace(
        'requires-python = ">=3.10"\n',
        'requires-python = ">=3.10"\n\n[dependency-groups]\n'
        'dev = ["pytest>=8", "coverage>=7.6"]\n',
    )
    pyproject.write_text(text, encoding="utf-8")
    (repo / "requirements-test.txt").unlink()  # uv mode: the lock is the truth
    subprocess.run([uv_binary(), "lock", "-q"], cwd=repo, check=True)
    gate = Path(sys.executable).parent / "gate"
    subprocess.run([str(gate), "init", "--ref", tested, "--root", str(repo)], check=True)


@pytest.mark.e2e_long
def test_gate_init_output_of_a_sample_project_in_uv_mode_is_green(result: Run) -> None:
    assert_project_green(result)
    assert "uv sync --locked" in result.log_text()
    assert_sarif(result.sarif("policy-gate"))


ITSDANGEROUS = "itsdangerous-2.2.0.tar.gz"


def itsdangerous_sdist() -> Path:
    """itsdangerous 2.2.0's sdist, downloaded once into ~/.cache (E2E_CACHE), else a skip.

    The download happens here, not at test time of every run: a cached tarball needs no
    network, and without one (offline, no index) the scenario skips and says why.
    """
    cache = Path(os.environ.get("E2E_CACHE") or Path.home() / ".cache" / "policy-gate-e2e")
    target = cache / ITSDANGEROUS
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "-q", "--no-deps"),
                *("--no-binary", ":all:", "-d", str(cache), "itsdangerous==2.2.0"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode or not target.is_file():
            pytest.skip(f"cannot download the itsdangerous 2.2.0 sdist into {cache}: offline?")
    return target


def itsdangerous_project(repo: Path, tested: str) -> None:
    """A real project (itsdangerous 2.2.0 as released) that adopts the gate with `gate init`."""
    with tarfile.open(itsdangerous_sdist()) as archive:
        archive.extractall(repo.parent / "sdist", filter="data")
    shutil.copytree(repo.parent / "sdist" / "itsdangerous-2.2.0", repo, dirs_exist_ok=True)
    gate = Path(sys.executable).parent / "gate"
    subprocess.run([str(gate), "init", "--ref", tested, "--root", str(repo)], check=True)


def itsdangerous_clean_change(repo: Path) -> None:
    """A small tested function, formatted as black and ruff want it."""
    module = repo / "src" / "itsdangerous" / "encoding.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n\ndef is_base64_char(char: str) -> bool:\n"
        '    return char.isalnum() or char in "-_="\n',
        encoding="utf-8",
    )
    test = repo / "tests" / "test_itsdangerous" / "test_base64_char.py"
    test.write_text(
        "from itsdangerous.encoding import is_base64_char\n\n\n"
        "def test_is_base64_char() -> None:\n"
        '    assert is_base64_char("a")\n'
        '    assert not is_base64_char("*")\n',
        encoding="utf-8",
    )


def itsdangerous_bad_change(repo: Path) -> None:
    """An untested function, an unpinned test requirement and a planted token."""
    module = repo / "src" / "itsdangerous" / "encoding.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n\ndef checksum(data: bytes, size: int) -> int:\n"
        '    """Not called by any test."""\n'
        "    total = 0\n"
        "    for byte in data:\n"
        "        total = (total * 31 + byte) % size\n"
        "    if total < 0:\n"
        '        raise ValueError("negative")\n'
        "    return total\n",
        encoding="utf-8",
    )
    requirements = repo / "requirements" / "tests.txt"
    requirements.write_text(
        requirements.read_text(encoding="utf-8") + "requests>=2\n", encoding="utf-8"
    )
    (repo / "deploy.md").write_text(f"# Deploy\n\nToken: {TOKEN}\n", encoding="utf-8")


def assert_project_green(result: Run) -> None:
    python = ci_python()
    jobs = result.jobs()
    expected = {
        "python-ci/plan",
        "python-ci/lint",
        "python-ci/security",
        "python-ci/gate",
        "python-ci/ci-ok",
        f"python-ci/test ({python}, shard 1)",
    }
    assert {j: jobs.get(j) for j in expected} == dict.fromkeys(
        expected, "success"
    ), result.explain()
    assert result.outputs("python-ci/gate")["verdict"] == "pass"
    assert gate_errors(result) == []


@pytest.mark.e2e_long
def test_itsdangerous_adopts_the_gate_and_a_clean_pull_request_is_green(result: Run) -> None:
    assert_project_green(result)
    log = result.log_text()
    # Clean as you code: only the changed files are linted, and the untouched B324 of
    # signer.py is not the pull request's.
    assert "lint scope: changed" in log and "src/itsdangerous/encoding.py" in log
    assert "test_base64_char.py" in log
    assert "bandit: 0 findings counted; not counted: 1 outside the change" in log
    # The test job had no coverage of its own: the action installed its pinned one.
    assert "coverage is not in the project environment: installing the action's pin" in log
    # The vulnerability service is out of reach here: the stage says so (warn, not pass).
    assert "no known vulnerabilities" not in log.lower()
    assert any(
        a.startswith("::warning title=pip-audit::pip-audit could not audit")
        for a in result.annotations("python-ci/security")
    ), result.annotations("python-ci/security")
    assert_sarif(result.sarif("policy-gate"))


@pytest.mark.e2e_long
def test_itsdangerous_bad_pull_request_is_red_with_the_right_annotations(result: Run) -> None:
    jobs = result.jobs()
    assert jobs["python-ci/gate"] == "failure", result.explain()
    assert jobs["python-ci/security"] == "failure", result.explain()
    assert jobs["python-ci/ci-ok"] == "failure", result.explain()
    assert result.returncode != 0
    for green in ("python-ci/plan", "python-ci/lint", f"python-ci/test ({ci_python()}, shard 1)"):
        assert jobs[green] == "success", result.explain()
    errors = gate_errors(result)
    # Exactly the planted problems: the changed-line total and the uncovered lines, the
    # unpinned requirement and the token; nothing the project had before the change.
    assert len(errors) == 4, errors
    assert any(policy_of(e) == "COV002" and "changed-line coverage is" in e for e in errors)
    assert any(
        policy_of(e) == "COV002" and "file=src/itsdangerous/encoding.py" in e for e in errors
    ), errors
    assert any(policy_of(e) == "PIN001" and "file=requirements/tests.txt" in e for e in errors)
    assert any(policy_of(e).startswith("SEC") and "file=deploy.md" in e for e in errors)
    assert TOKEN not in (result.folder / "act.log").read_text(encoding="utf-8")


def test_git_helper_is_isolated_from_the_callers_git_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The harness's own git runs must not follow GIT_DIR and the like from the caller."""
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    git(tmp_path, "init", "-q", "-b", "main")
    assert (tmp_path / ".git").is_dir()


SCENARIOS = {
    test_a_clean_pull_request_with_three_shards_is_green.__name__: Scenario(
        "clean-pr", "pull_request", clean_change, shards=3
    ),
    test_a_bad_pull_request_fails_in_the_gate_and_security_jobs.__name__: Scenario(
        "bad-pr", "pull_request", bad_change, shards=1
    ),
    test_a_push_to_the_default_branch_is_green.__name__: Scenario(
        "push", "push", clean_change, shards=2
    ),
    test_a_merge_group_is_green.__name__: Scenario(
        "merge-group", "merge_group", clean_change, shards=1
    ),
    test_a_fork_pull_request_skips_the_sarif_upload_and_still_writes_the_summary.__name__: (
        Scenario("fork-pr", "pull_request", clean_change, fork=True, shards=1)
    ),
    test_gate_init_output_of_a_sample_project_in_uv_mode_is_green.__name__: Scenario(
        "sample-uv", "pull_request", None, shards=1, project=sample_project
    ),
    test_itsdangerous_adopts_the_gate_and_a_clean_pull_request_is_green.__name__: Scenario(
        "itsdangerous-clean",
        "pull_request",
        itsdangerous_clean_change,
        shards=1,
        project=itsdangerous_project,
    ),
    test_itsdangerous_bad_pull_request_is_red_with_the_right_annotations.__name__: Scenario(
        "itsdangerous-bad",
        "pull_request",
        itsdangerous_bad_change,
        shards=1,
        project=itsdangerous_project,
    ),
}
