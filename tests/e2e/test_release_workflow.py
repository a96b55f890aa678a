"""release.yml under act: a tag push builds and checks the distributions; publishing is not run.

The build job runs for real (checkout, setup-uv and upload-artifact stand-ins, `uv build`
with the hashed backend, the tag check). The publish job reaches the attestation, whose
stand-in fails by design (no Sigstore or PyPI offline), so nothing is ever uploaded.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from e2e_inputs import PINNED, STANDINS
from harness import OWNER_REPO, ROOT, act_command, git, uv_binary

import gate

ATTEST = "actions/attest-build-provenance@a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32"


def act_release(folder: Path, tag: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Push the commit under test as `tag` to a local origin and run release.yml on it."""
    sha = git(ROOT, "rev-parse", "HEAD")
    origin, work = folder / "origin.git", folder / "repo"
    git(folder, "init", "-q", "--bare", "-b", "main", str(origin))
    git(ROOT, "push", "-q", str(origin), f"{sha}:refs/heads/main", f"{sha}:refs/tags/{tag}")
    git(folder, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", tag)
    owner, name = OWNER_REPO.split("/")
    event = {
        "ref": f"refs/tags/{tag}",
        "before": "0" * 40,
        "after": sha,
        "created": True,
        "deleted": False,
        "forced": False,
        "head_commit": {"id": sha},
        "repository": {
            "full_name": OWNER_REPO,
            "name": name,
            "owner": {"login": owner},
            "default_branch": "main",
            "fork": False,
        },
    }
    (folder / "event.json").write_text(json.dumps(event), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    env.update(E2E_ORIGIN=str(origin), E2E_ARTIFACTS=str(folder / "artifacts"), E2E_UV=uv_binary())
    mapping = [f"{action}={STANDINS / standin}" for action, standin in PINNED.items()]
    command = act_command(
        "push",
        ".github/workflows/release.yml",
        folder / "event.json",
        folder / "act-cache",
        mapping,
    )
    log = folder / "act.log"
    with log.open("w", encoding="utf-8") as sink:
        subprocess.run(
            command, cwd=work, env=env, stdout=sink, stderr=subprocess.STDOUT, timeout=1800
        )
    records = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    jobs = {
        str(r["job"]).split("/", 1)[-1]: str(r["jobResult"]) for r in records if "jobResult" in r
    }
    return jobs, records


def errors(records: list[dict[str, Any]], job: str) -> list[str]:
    return [
        str(r.get("raw", "")).strip()
        for r in records
        if r.get("command") == "error" and str(r.get("job", "")).endswith(f"/{job}")
    ]


@pytest.mark.e2e
def test_the_version_tag_builds_checks_and_stops_at_the_offline_attestation(
    tmp_path: Path,
) -> None:
    jobs, records = act_release(tmp_path, f"v{gate.__version__}")
    assert jobs == {"build": "success", "publish": "failure"}, tmp_path / "act.log"
    built = sorted(p.name for p in (tmp_path / "artifacts" / "dist").iterdir())
    assert built == [
        f"policy_gate-{gate.__version__}-py3-none-any.whl",
        f"policy_gate-{gate.__version__}.tar.gz",
    ]
    assert errors(records, "build") == []
    assert errors(records, "publish") == [
        f"::error::e2e: {ATTEST} is not emulated offline (no stand-in)"
    ]


@pytest.mark.e2e
def test_a_tag_that_is_not_the_version_stops_the_build(tmp_path: Path) -> None:
    jobs, records = act_release(tmp_path, "v99.0.0")
    assert jobs == {"build": "failure"}
    (message,) = errors(records, "build")
    assert message.startswith("::error::tag v99.0.0, but the build made dist/policy_gate-")
    assert not (tmp_path / "artifacts").exists()
