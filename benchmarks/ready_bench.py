"""Benchmark READY001-READY008 over the django 5.2.8 source tree, beside a bare ruff run.

The tree is `pip install --no-deps --target <tmp> django==5.2.8` (or `--tree PATH`), made a
git repository on `main`; a `feature` branch edits 10 modules (a swallowed exception in
each, one print). Timed side by side in one run, each `--runs` times:

  gate:  gate check --select READY001..READY008 --base main (ruff over the whole tree,
         ast over the changed files, sizes of every module, changelog, tags, CI)
  ruff:  ruff check --isolated --no-cache --select <the same rules> --output-format json
         over the same files (the floor: what ruff alone costs)

Target: gate under 2 s wall on 2 cores.

    python benchmarks/ready_bench.py [--tree PATH] [--runs 5] [--keep]
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

RULES = "S110,S112,BLE001,E722,T201,T203,T100"
POLICIES = [f"READY00{n}" for n in range(1, 9)]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "b",
    "GIT_AUTHOR_EMAIL": "b@example.invalid",
    "GIT_COMMITTER_NAME": "b",
    "GIT_COMMITTER_EMAIL": "b@example.invalid",
    "PATH": "/usr/bin:/bin",
}
SWALLOW = "\n\ndef _bench_{n}():\n    try:\n        return 1\n    except Exception:\n        pass\n"


def git(root: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        check=True,
        env=GIT_ENV,
        capture_output=True,
        text=True,
    )
    return out.stdout


def build(root: Path, tree: Path | None) -> None:
    if tree is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(root),
             "django==5.2.8"],
            check=True,
        )  # fmt: skip
        for extra in root.glob("*.dist-info"):
            shutil.rmtree(extra)
        shutil.rmtree(root / "bin", ignore_errors=True)
    else:
        shutil.copytree(tree, root, dirs_exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "django 5.2.8")
    git(root, "checkout", "-q", "-b", "feature")
    modules = sorted(p for p in (root / "django").rglob("*.py") if p.stat().st_size > 2000)[:10]
    for n, module in enumerate(modules):
        extra = SWALLOW.format(n=n) + ("    print('debug')\n" if n == 0 else "")
        module.write_text(module.read_text(encoding="utf-8") + extra, encoding="utf-8")
    git(root, "commit", "-q", "-am", "feature")


def timed(argv: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds (user + system, the process and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, proc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, help="An unpacked django tree (default: pip install).")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="Keep the generated repository.")
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    gate, ruff = str(bindir / "gate"), str(bindir / "ruff")
    root = Path(tempfile.mkdtemp(prefix="ready-bench-"))
    report = root.parent / f"{root.name}.json"
    try:
        build(root, args.tree)
        files = [n for n in git(root, "ls-files").splitlines() if n.endswith(".py")]
        gate_argv = [gate, "check", "--base", "main", "--no-fail", "--report", f"json:{report}"]
        for policy in POLICIES:
            gate_argv += ["--select", policy]
        ruff_argv = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "--ignore-noqa"]
        ruff_argv += ["--select", RULES, "--output-format", "json", "--", *files]
        gate_times, ruff_times, gate_cpu, ruff_cpu = [], [], [], []
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            wall, cpu, proc = timed(gate_argv, root)
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 2
            gate_times.append(wall)
            gate_cpu.append(cpu)
            wall, cpu, proc = timed(ruff_argv, root)
            ruff_times.append(wall)
            ruff_cpu.append(cpu)
            found = len(json.loads(proc.stdout))
        data = json.loads(report.read_text())
        print(f"django 5.2.8: {len(files)} Python files; ruff alone finds {found} diagnostics")
        for policy in data["policies"]:
            shown = {k: v for k, v in policy["metrics"].items() if k != "status"}
            count = len(policy["findings"])
            print(f"  {policy['id']} {policy['status']:<13} {count} findings {shown}")
        g, r = statistics.median(gate_times), statistics.median(ruff_times)
        print(f"{'':24}{'wall median':>12}{'wall best':>10}{'CPU median':>12}")
        for name, walls, cpus in (
            ("gate check READY", gate_times, gate_cpu),
            ("ruff check (bare)", ruff_times, ruff_cpu),
        ):
            median, best, cpu = statistics.median(walls), min(walls), statistics.median(cpus)
            print(f"{name:<24}{median:>11.2f}s{best:>9.2f}s{cpu:>11.2f}s")
        print(f"ratio gate/ruff: {g / r:.2f}x over {args.runs} runs (target: gate < 2 s wall)")
    finally:
        report.unlink(missing_ok=True)
        if args.keep:
            print(f"repository kept at {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
