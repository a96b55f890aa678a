"""Time ``gate check --select COV002`` against ``diff-cover`` on a real project (pygments).

The project of issue 13: the pygments 2.18.0 sdist (fetched with ``pip download
--no-deps --no-binary :all: pygments==2.18.0`` unless ``--sdist`` names it), committed to
a temporary git repository on ``main``; a branch adds 19 lines to
``pygments/lexers/python.py`` (ten module-level statements the tests execute, a function
they never call). Coverage data comes from a SUBSET of pygments' tests
(``tests/test_basic_api.py``, which imports and runs every lexer and formatter), run
under ``coverage run --branch --source=pygments`` on the branch: a ~730 KB coverage.xml
over every module of the package. Then ``gate check --select COV002 --base main
--coverage coverage.xml`` (this checkout's gate, as ``python -m gate`` with the checkout
first on ``PYTHONPATH``) and ``diff-cover coverage.xml --compare-branch main`` (and,
with ``--ref COMMIT``, that commit's gate, exported with ``git archive``) run
alternately, ``--repeat`` times each (default 10), with their console reports; the
script prints each median, the ratio to diff-cover's, and both tools' changed-line
numbers (from extra, untimed runs writing JSON). A second row runs this checkout's gate
with ``--policy-from base``, as in CI on a pull request (configurations read from the base).

The sdist ships a ``.coveragerc`` (``[run] include``); the gate reads it with coverage.py
when a value of it is needed, which this change does not need. ``--without-coveragerc``
builds the project without it (the XML report is the same: ``--source`` overrides
``include``); the target is measured on the project as shipped.

Run: ``python benchmarks/cov002_vs_diffcover.py [--sdist FILE] [--keep DIR] [--ref COMMIT]
[--without-coveragerc]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coverage_compare_bench import export

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parents[1]
SDIST = "pygments-2.18.0.tar.gz"
CHANGED = "pygments/lexers/python.py"
ADDED = [f"_BENCH_CONSTANT_{i} = {i}  # executed at import" for i in range(10)] + [
    "",
    "def _bench_unused(values):",
    '    """Never called: its body stays uncovered."""',
    "    total = 0",
    "    for value in values:",
    "        total += value",
    "    if total > 10:",
    "        return total",
    "    return -total",
]


def sh(cwd: Path, *args: str, env: Mapping[str, str] | None = None, check: bool = True) -> str:
    proc = subprocess.run(
        args, cwd=cwd, env=dict(env or os.environ), capture_output=True, text=True, check=False
    )
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return proc.stdout


def fetch(into: Path) -> Path:
    sh(
        into,
        sys.executable,
        "-m",
        "pip",
        "download",
        "-q",
        "--no-deps",
        "--no-binary",
        ":all:",
        "pygments==2.18.0",
        "-d",
        str(into),
    )
    return into / SDIST


def build(root: Path, sdist: Path, coveragerc: bool = True) -> None:
    """The repository: the sdist on ``main``, the 19-line change on ``change``, and
    coverage.xml of the test subset run on the change."""
    with tarfile.open(sdist) as tar:
        tar.extractall(root.parent / "unpacked", filter="data")
    shutil.copytree(root.parent / "unpacked" / "pygments-2.18.0", root)
    if not coveragerc:
        (root / ".coveragerc").unlink()
    git = ("git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid")
    sh(root, "git", "init", "-q", "-b", "main")
    sh(root, "git", "add", "-A")
    sh(root, *git, "commit", "-q", "--no-gpg-sign", "-m", "pygments 2.18.0")
    sh(root, "git", "checkout", "-q", "-b", "change")
    target = root / CHANGED
    target.write_text(target.read_text(encoding="utf-8") + "\n".join(ADDED) + "\n")
    sh(root, *git, "commit", "-q", "--no-gpg-sign", "-am", "a 19-line change")
    (root / ".git" / "info" / "exclude").write_text(".coverage\ncoverage.xml\n*.json\n")
    env = {**os.environ, "PYTHONPATH": str(root)}  # the checkout's pygments, not the venv's
    sh(
        root,
        sys.executable,
        "-m",
        "coverage",
        "run",
        "--branch",
        "--source=pygments",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_basic_api.py",
        env=env,
        check=False,
    )
    sh(root, sys.executable, "-m", "coverage", "xml", "-q", "-o", "coverage.xml")


def timed(cwd: Path, command: Sequence[str], env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=dict(env), capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdist", type=Path, help=f"a downloaded {SDIST}")
    parser.add_argument("--keep", type=Path, help="build here and keep it (reused when built)")
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (median)")
    parser.add_argument("--ref", help="a previous commit whose gate runs beside this one")
    parser.add_argument(
        "--without-coveragerc", action="store_true", help="build without the sdist's .coveragerc"
    )
    args = parser.parse_args()
    # A short name: a 16-character run with a digit in a printed path looks like a token
    # to the redactor, which would then build its secret rules (real checkouts rarely do).
    scratch = Path(tempfile.mkdtemp(prefix="pgbench"))
    root = (args.keep or scratch / "work") / "pygments"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PYTHON"))}
    try:
        if (root / "coverage.xml").is_file():
            print(f"reusing the project built in {root}")
        else:
            root.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            build(root, args.sdist or fetch(scratch), coveragerc=not args.without_coveragerc)
            print(f"built in {time.perf_counter() - started:.0f}s")
        xml = root / "coverage.xml"
        print(
            f"coverage.xml: {xml.stat().st_size // 1000} KB; change: "
            + sh(root, "git", "diff", "--shortstat", "main", "change").strip()
            + f"; .coveragerc: {'yes' if (root / '.coveragerc').is_file() else 'none'}"
        )
        gate_args = ("check", "--select", "COV002", "--base", "main", "--coverage", "coverage.xml")
        diff_cover = [str(BIN / "diff-cover"), "coverage.xml", "--compare-branch", "main"]
        this = {**env, "PYTHONPATH": str(HERE)}  # this checkout's gate, whatever is installed
        commands: dict[str, tuple[list[str], Mapping[str, str]]] = {
            "diff-cover": (diff_cover, env),
            "gate (this checkout)": ([sys.executable, "-m", "gate", *gate_args], this),
            # As in CI on a pull request: the configurations are read from the base commit.
            "gate (--policy-from base)": (
                [sys.executable, "-m", "gate", *gate_args, "--policy-from", "base"],
                this,
            ),
        }
        if args.ref:
            old = scratch / "old"
            old.mkdir()
            export(args.ref, old)
            commands[f"gate ({args.ref[:12]})"] = (
                [sys.executable, "-m", "gate", *gate_args],
                {**env, "PYTHONPATH": str(old)},
            )
        for command, command_env in commands.values():
            timed(root, command, command_env)  # warm the file cache and the bytecode
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):  # alternate: load on a shared machine hits all alike
            for name, (command, command_env) in commands.items():
                times[name].append(timed(root, command, command_env))
        peer = statistics.median(times["diff-cover"])
        print(f"median of {args.repeat} runs each (ratio to diff-cover; target <= 1.0x)")
        for name, values in times.items():
            median = statistics.median(values)
            print(f"{name:<28} {median * 1000:8.1f} ms  {median / peer:5.2f}x")

        sh(root, *diff_cover, "--format", "json:dc.json", "-q", env=env, check=False)
        dc = json.loads((root / "dc.json").read_text())
        sh(
            root,
            sys.executable,
            "-m",
            "gate",
            *gate_args,
            "--report",
            "json:gate.json",
            env=this,
            check=False,
        )
        metrics = json.loads((root / "gate.json").read_text())["policies"][0]["metrics"]
        lines, missed = dc["total_num_lines"], dc["total_num_violations"]
        print(
            f"diff-cover: {lines} changed lines, {missed} uncovered, "
            f"{dc['total_percent_covered']}%"
        )
        uncovered = int(metrics["changed_statements"] - metrics["changed_covered"])
        print(
            f"gate COV002: {int(metrics['changed_statements'])} changed statements, "
            f"{uncovered} uncovered, {metrics['changed_coverage']}%"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
