"""Time SEC003 over a 100-commit history and SEC001 over its tree (not part of the tests).

Builds a throwaway repository whose commits add real third-party source (the installed
``pip``, ``pydantic``, ``click`` and ``yaml`` packages, a few files per commit), then runs the real
``gate check`` on it and prints the wall times. Usage: ``python benchmarks/secrets_history_bench.py
[COMMITS] [--compare REF] [--repeat N]``. With ``--compare``, REF of this repository is checked
out into a temporary worktree and both versions are timed in turns on the same repository
(best of N each), and the ratio this/REF is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click
import pip
import pydantic
import yaml


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def build(repo: Path, commits: int) -> int:
    sources = sorted(
        p for pkg in (pip, pydantic, click, yaml) for p in Path(pkg.__file__).parent.rglob("*.py")
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "bench@example.invalid")
    git(repo, "config", "user.name", "bench")
    per_commit = max(1, len(sources) // commits)
    total = 0
    for number in range(commits):
        for source in sources[number * per_commit : (number + 1) * per_commit]:
            target = repo / "src" / source.relative_to(source.parents[1])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            total += target.stat().st_size
        (repo / "CHANGELOG.md").open("a").write(f"- change {number}\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"commit {number}")
    return total


SOURCE = Path(__file__).resolve().parents[1]


def timed(repo: Path, *args: str, source: Path = SOURCE) -> tuple[float, str]:
    """Wall seconds of one ``gate check`` run with the gate package of ``source``."""
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "gate", "check", "--no-fail", "--root", str(repo), "--report",
         "json", *args], check=True, capture_output=True, text=True, cwd=source,
        env={**os.environ, "PYTHONPATH": str(source)},
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    metrics = {k: v for p in json.loads(run.stdout)["policies"] for k, v in p["metrics"].items()}
    keys = ("commits_with_additions", "files_scanned", "secrets", "engine")
    shown = {k: metrics[k] for k in keys if k in metrics}
    return elapsed, str(shown)


CASES = {
    "SEC003 --all": ("--select", "SEC003", "--all"),
    "SEC003 range": ("--select", "SEC003", "--history", "HEAD~50..HEAD"),
    "SEC001 tree": ("--select", "SEC001"),
    "gate startup": ("--select", "GATE001"),  # no scan, for reference
}


def compare(repo: Path, ref: str, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(
            ["git", "-C", str(SOURCE), "worktree", "add", "-q", "--detach", str(old), ref],
            check=True,
        )
        try:
            print(f"this tree vs {ref}: best of {repeat}, run in turns")
            for name, args in CASES.items():
                new_times, old_times = [], []
                for _ in range(repeat):
                    old_times.append(timed(repo, *args, source=old)[0])
                    seconds, shown = timed(repo, *args)
                    new_times.append(seconds)
                new_s, old_s = min(new_times), min(old_times)
                print(
                    f"{name:13} {ref}: {old_s:6.2f} s  this: {new_s:6.2f} s"
                    f"  ratio {new_s / old_s:5.2f}x  {shown}"
                )
        finally:
            subprocess.run(
                ["git", "-C", str(SOURCE), "worktree", "remove", "--force", str(old)], check=True
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commits", nargs="?", type=int, default=100)
    parser.add_argument("--compare", metavar="REF", help="also time REF of this repository")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case with --compare")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        size = build(repo, args.commits)
        print(f"{args.commits} commits adding {size / 1e6:.1f} MB of source")
        if args.compare:
            compare(repo, args.compare, args.repeat)
            return
        for name, case in CASES.items():
            seconds, shown = timed(repo, *case)
            print(f"{name + ':':14} {seconds:.2f} s {shown}")


if __name__ == "__main__":
    main()
