"""Benchmark PIN001-PIN005: time the real `gate check --select PIN` on a generated repository.

The repository holds 1,000 requirement files (each including shared files with -r/-c),
200 workflows, 200 Dockerfiles, a pyproject.toml with its uv.lock and a pre-commit
config, committed with git. Target: under 2 seconds for the whole command.

    python benchmarks/pins_bench.py [--requirements 1000] [--workflows 200]
                                    [--dockerfiles 200] [--runs 3] [--keep]
"""

from __future__ import annotations

import argparse
import json
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
        f"      - run: echo {index}-{n}"
        for n in range(5)
    )
    return (
        f"name: wf{index}\non: push\njobs:\n"
        f"  call:\n    uses: org/repo/.github/workflows/x.yml@{SHA} # v1\n"
        f"  build:\n    runs-on: ubuntu-latest\n    steps:\n{steps}\n"
    )


def dockerfile(index: int) -> str:
    return (
        "ARG PY=3.12\n"
        f"FROM python:${{PY}}-slim@{DIGEST} AS build\n"
        "RUN pip install --no-cache-dir \\\n    build\n"
        f"FROM build AS test{index}\n"
        "FROM alpine:3.20\n"
    )


def generate(root: Path, requirements: int, workflows: int, dockerfiles: int) -> None:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=int, default=1000)
    parser.add_argument("--workflows", type=int, default=200)
    parser.add_argument("--dockerfiles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="Keep the generated repository.")
    args = parser.parse_args()
    gate = str(Path(sys.executable).with_name("gate"))
    root = Path(tempfile.mkdtemp(prefix="pins-bench-"))
    try:
        generate(root, args.requirements, args.workflows, args.dockerfiles)
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
    finally:
        if args.keep:
            print(f"repository kept at {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
