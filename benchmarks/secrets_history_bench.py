"""Time SEC003 over a 100-commit history and SEC001 over its tree (not part of the tests).

Builds a throwaway repository whose commits add real third-party source (the installed
``pip``, ``pydantic``, ``click`` and ``yaml`` packages, a few files per commit), then runs the real
``gate check`` on it and prints the wall times. Usage: ``python benchmarks/secrets_history_bench.py
[COMMITS]``.
"""

from __future__ import annotations

import json
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


def timed(repo: Path, *args: str) -> str:
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "gate", "check", "--no-fail", "--root", str(repo), "--report",
         "json", *args], check=True, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    metrics = {k: v for p in json.loads(run.stdout)["policies"] for k, v in p["metrics"].items()}
    shown = {k: metrics[k] for k in ("commits_with_additions", "secrets", "engine") if k in metrics}
    return f"{elapsed:.2f} s {shown}"


def main() -> None:
    commits = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        size = build(repo, commits)
        print(f"{commits} commits adding {size / 1e6:.1f} MB of source")
        print(f"SEC003 --all:  {timed(repo, '--select', 'SEC003', '--all')}")
        print(f"SEC001 tree:   {timed(repo, '--select', 'SEC001')}")
        print(f"gate startup:  {timed(repo, '--select', 'GATE001')} (no scan, for reference)")


if __name__ == "__main__":
    main()
