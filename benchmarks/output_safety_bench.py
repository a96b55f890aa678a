"""What the one redactor costs: this tree against an earlier commit, side by side in one run.

Issue 11 asks that redaction (every printed string through one redactor) leaves start-up
alone when there is nothing to mask: the secret rules load lazily. This times, for the
working tree and for ``--before`` (default: the commit before the redactor), each run in
its own fresh interpreter, alternating:

* ``gate --version``;
* ``gate check --select PIN,GATE001`` on a small repository with no finding;
* ``gate check --select PIN001`` with every report on a requirement file of ``--findings``
  unpinned lines (the redactor's cost per string).

    python benchmarks/output_safety_bench.py [--before REV] [--runs 7] [--findings 20000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SHA = "3d3c42e5aac5ba805825da76410c181273ba90b1"


def export(rev: str, target: Path) -> Path:
    """The ``gate`` package of ``rev``, unpacked into ``target`` (importable from there)."""
    archive = subprocess.run(
        ["git", "-C", str(HERE), "archive", rev, "gate"], capture_output=True, check=True
    ).stdout
    target.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def git_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid"}
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=path, env=env, check=True)
    return path


def timed(code_root: Path, cwd: Path, args: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GATE_"))}
    env["PYTHONPATH"] = str(code_root)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "gate", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise SystemExit(f"gate {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="a797218", help="Earlier commit to compare with.")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--findings", type=int, default=20000)
    options = parser.parse_args()

    # A short directory name, like a runner's /home/runner/work/repo/repo: the root path is
    # printed, and a long random-looking name would look like a token to the pre-check.
    work = Path(tempfile.mkdtemp())
    try:
        before = export(options.before, work / "before")
        clean = git_repo(
            work / "clean",
            {
                "requirements.txt": "flask==3.0.0\nrequests==2.32.3\n",
                ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: x\n"
                f"    steps:\n      - uses: actions/checkout@{SHA}  # v4\n",
            },
        )
        # Names the redactor's pre-check cannot rule out: every string goes the slow way.
        lines = "".join(f"Package_Number_{n}>=1.{n}\n" for n in range(options.findings))
        noisy = git_repo(work / "noisy", {"requirements.txt": lines})
        out = work / "out"
        reports = [f"--report={name}:{out / name}" for name in ("summary", "sarif", "json")]
        cases = {
            "gate --version": (clean, ["--version"]),
            "check, no finding": (clean, ["check", "--select", "PIN,GATE001"]),
            f"check, {options.findings} findings": (
                noisy,
                ["check", "--select", "PIN001", "--report=terminal", "--report=github", *reports],
            ),
        }
        print(f"before = {options.before}, after = working tree; median of {options.runs} runs")
        for name, (cwd, args) in cases.items():
            times: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(options.runs):  # alternate, so load on the machine hits both alike
                times["before"].append(timed(before, cwd, args))
                times["after"].append(timed(HERE, cwd, args))
            old, new = (statistics.median(times[k]) for k in ("before", "after"))
            print(
                f"{name:<28} before {old:7.3f}s  after {new:7.3f}s  after/before {new / old:5.2f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
