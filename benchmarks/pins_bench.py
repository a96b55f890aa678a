"""Benchmark the PIN family: time the real `gate check --select PIN` on a generated repository.

The repository holds 1,000 requirement files (each including shared files with -r/-c),
200 workflows (containers, services, `run:` scripts with installs and downloads),
200 Dockerfiles (`COPY --from`, `RUN --mount=...,from=`, `RUN pip install`), 100 Compose
files, a pyproject.toml with its uv.lock and a pre-commit config, committed with git.
Target: under 2 seconds for the whole command. zizmor and actionlint (WF001/WF002) are
timed separately on the same workflows. ``--compare REF`` also times REF's
`gate check --select PIN` (a temporary worktree of this repository) and prints the ratio.

    python benchmarks/pins_bench.py [--requirements 1000] [--workflows 200]
                                    [--dockerfiles 200] [--compose 100] [--runs 3]
                                    [--compare REF] [--skip-wf] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pins"
SHA = "3d3c42e5aac5ba805825da76410c181273ba90b1"
DIGEST = "sha256:" + "ab" * 32
HASH = "--hash=sha256:" + "cd" * 32


def requirement_file(index: int) -> str:
    """Twelve requirements: every tenth file fully hashed, every fifth with one open line."""
    lines = ["# generated", "-r ../shared/base.txt", "-c ../shared/constraints.txt"]
    for n in range(12):
        name = f"pkg{index % 50}-{n}"
        if index % 10 == 0:
            lines.append(f"{name}[extra]==1.{n}.0 \\\n    {HASH}")
        elif index % 5 == 1 and n == 11:
            lines.append(f"{name}>=1.0 ; python_version >= '3.10'")
        else:
            lines.append(f"{name}=={n}.0.{index % 7}")
    return "\n".join(lines) + "\n"


def workflow(index: int) -> str:
    steps = "\n".join(
        f"      - uses: actions/checkout@{SHA} # v7.0.1\n"
        f"      - uses: actions/setup-python@v{n}\n"
        f"      - run: |\n"
        f"          echo {index}-{n} && python -m pip install --require-hashes -r req.txt\n"
        f"          curl -fsSL https://example.invalid/{n}.sh | bash\n"
        f"          npm ci; pip install -e . ; uv pip install ruff==0.6.{n}"
        for n in range(5)
    )
    return (
        f"name: wf{index}\non: push\npermissions: {{}}\njobs:\n"
        f"  call:\n    uses: org/repo/.github/workflows/x.yml@{SHA} # v1\n"
        f"  build:\n    runs-on: ubuntu-latest\n"
        f"    container: python:3.12@{DIGEST}\n"
        f"    services:\n      db:\n        image: postgres:16\n"
        f"    steps:\n{steps}\n"
    )


def compose_file(index: int) -> str:
    return (
        "services:\n"
        f"  web{index}:\n    build: .\n    image: org/web:{index}\n"
        f"  db:\n    image: postgres:16@{DIGEST}\n"
        f"  cache:\n    image: redis:7\n"
    )


def dockerfile(index: int) -> str:
    return (
        "ARG PY=3.12\n"
        f"FROM python:${{PY}}-slim@{DIGEST} AS build\n"
        "RUN pip install --no-cache-dir \\\n    build\n"
        f"FROM build AS test{index}\n"
        "COPY --from=build /a /b\n"
        f"COPY --from=ghcr.io/astral-sh/uv:0.{index % 9} /uv /bin/uv\n"
        "RUN --mount=type=bind,from=alpine:3,source=/x,target=/y \\\n"
        "    wget -O /tmp/i.sh https://example.invalid/i.sh && sh /tmp/i.sh\n"
        "FROM alpine:3.20\n"
    )


def generate(root: Path, requirements: int, workflows: int, dockerfiles: int, compose: int) -> None:
    (root / "shared").mkdir(parents=True)
    (root / "shared" / "base.txt").write_text("requests==2.32.3\nidna==3.10\n")
    (root / "shared" / "constraints.txt").write_text("certifi==2026.10.18\n")
    per_dir = 10
    for index in range(requirements):
        folder = root / f"svc{index // per_dir:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"requirements-{index % per_dir}.txt").write_text(requirement_file(index))
    wf_dir = root / ".github" / "workflows"
    wf_dir.mkdir(parents=True)
    for index in range(workflows):
        (wf_dir / f"wf{index:03d}.yml").write_text(workflow(index))
    for index in range(dockerfiles):
        folder = root / "images" / f"img{index:03d}"
        folder.mkdir(parents=True)
        (folder / "Dockerfile").write_text(dockerfile(index))
    for index in range(compose):
        folder = root / "deploy" / f"env{index:03d}"
        folder.mkdir(parents=True)
        (folder / "compose.yaml").write_text(compose_file(index))
    shutil.copy(FIXTURES / "locks" / "uv" / "pyproject.toml", root / "pyproject.toml")
    shutil.copy(FIXTURES / "locks" / "uv" / "uv.lock", root / "uv.lock")
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: https://github.com/psf/black-pre-commit-mirror\n"
        "    rev: fa505ab9c3e0fedafe1709fd7ac2b5f8996c670d  # frozen: 26.3.1\n"
        "    hooks: [{id: black}]\n"
    )
    env = {
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@example.invalid",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@example.invalid",
    }
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "bench"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, env={**env, "PATH": "/usr/bin:/bin"})


SOURCE = Path(__file__).resolve().parents[1]


def timed(args: list[str], root: Path, source: Path | None = None) -> float:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    started = time.perf_counter()
    subprocess.run(args, cwd=root, env=env, capture_output=True, check=False)
    return time.perf_counter() - started


def time_workflow_tools(root: Path) -> None:
    """WF001 (zizmor) and WF002 (actionlint) through the gate, one run each."""
    for policy in ("WF001", "WF002"):
        seconds = timed([sys.executable, "-m", "gate", "check", "--select", policy], root)
        print(f"gate check --select {policy}: wall {seconds:.2f}s (tool included)")


def compare(root: Path, ref: str, runs: int) -> None:
    """Best-of-``runs`` wall time of REF's and this tree's `gate check --select PIN`."""
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        git = ["git", "-C", str(SOURCE), "worktree"]
        subprocess.run([*git, "add", "-q", "--detach", str(old), ref], check=True)
        try:
            command = [sys.executable, "-m", "gate", "check", "--select", "PIN"]
            old_times, new_times = [], []
            for _ in range(runs):
                old_times.append(timed(command, root, old))
                new_times.append(timed(command, root, SOURCE))
            old_s, new_s = min(old_times), min(new_times)
            print(
                f"gate check --select PIN, best of {runs}: {ref} {old_s:.2f}s, "
                f"this {new_s:.2f}s, ratio this/{ref} {new_s / old_s:.2f}x"
            )
        finally:
            subprocess.run([*git, "remove", "--force", str(old)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=int, default=1000)
    parser.add_argument("--workflows", type=int, default=200)
    parser.add_argument("--dockerfiles", type=int, default=200)
    parser.add_argument("--compose", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", metavar="REF", help="also time REF's gate check --select PIN")
    parser.add_argument("--skip-wf", action="store_true", help="do not time zizmor/actionlint")
    parser.add_argument("--keep", action="store_true", help="Keep the generated repository.")
    args = parser.parse_args()
    gate = str(Path(sys.executable).with_name("gate"))
    root = Path(tempfile.mkdtemp(prefix="pins-bench-"))
    try:
        generate(root, args.requirements, args.workflows, args.dockerfiles, args.compose)
        timings = []
        cpu = []
        report = root.parent / f"{root.name}.json"
        for _ in range(args.runs):
            start = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            proc = subprocess.run(
                [gate, "check", "--select", "PIN", "--report", f"json:{report}"],
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
            timings.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if proc.returncode not in (0, 1):
                print(proc.stderr, file=sys.stderr)
                return 2
        data = json.loads(report.read_text())
        report.unlink()
        for policy in data["policies"]:
            metrics = policy["metrics"]
            print(
                f"{policy['id']}: {metrics.get('pinned')} of {metrics.get('total')} pinned, "
                f"{len(policy['findings'])} findings, {metrics.get('files')} files"
            )
        print(
            f"gate check --select PIN: wall median {statistics.median(timings):.2f}s, "
            f"best {min(timings):.2f}s; CPU median {statistics.median(cpu):.2f}s "
            f"over {args.runs} runs (target < 2 s; wall time depends on machine load)"
        )
        if not args.skip_wf:
            time_workflow_tools(root)
        if args.compare:
            compare(root, args.compare, args.runs)
    finally:
        if args.keep:
            print(f"repository kept at {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
