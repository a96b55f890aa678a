"""Time ``gate --version`` against a bare interpreter, side by side (issue 13: at most 8x).

Runs, alternately and ``--repeat`` times each (default 10), ``python -c pass``,
``python -c "import click"`` (the floor any click command pays), this checkout's
``gate --version`` (the console script beside the interpreter, else ``python -m gate``)
and, with ``--ref COMMIT``, that commit's ``python -m gate --version`` (its ``gate``
package exported with ``git archive`` and put first on ``PYTHONPATH``), next to this
checkout's ``python -m gate --version``. Prints each median and its ratio to the bare
interpreter's.

Run: ``python benchmarks/startup.py [--repeat 10] [--ref COMMIT]``.
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
from collections.abc import Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coverage_compare_bench import export

HERE = Path(__file__).resolve().parents[1]
TARGET = 8.0  # gate --version at most 8x a bare interpreter


def run_once(command: Sequence[str], env: Mapping[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        command, cwd=cwd, env=dict(env), capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def gate_script() -> list[str]:
    script = Path(sys.executable).parent / "gate"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "gate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (median)")
    parser.add_argument("--ref", help="a previous commit to compare `python -m gate` with")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    here_env = {**env, "PYTHONPATH": str(HERE)}
    commands: dict[str, tuple[list[str], Mapping[str, str]]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "python -c 'import click'": ([sys.executable, "-c", "import click"], env),
        "gate --version": ([*gate_script(), "--version"], here_env),
        "python -m gate --version (this)": ([sys.executable, "-m", "gate", "--version"], here_env),
    }
    scratch = Path(tempfile.mkdtemp(prefix="gate-startup-"))
    # An empty working directory: ``python -m`` puts it first on sys.path.
    cwd, old = scratch / "cwd", scratch / "old"
    cwd.mkdir()
    old.mkdir()
    try:
        if args.ref:
            export(args.ref, old)
            commands[f"python -m gate --version ({args.ref[:12]})"] = (
                [sys.executable, "-m", "gate", "--version"],
                {**env, "PYTHONPATH": str(old)},
            )
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command, command_env in commands.values():
            run_once(command, command_env, cwd)  # warm the file cache and the bytecode
        for _ in range(args.repeat):  # alternate, so load on the machine hits all alike
            for name, (command, command_env) in commands.items():
                times[name].append(run_once(command, command_env, cwd))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    bare = statistics.median(times["python -c pass"])
    print(f"median of {args.repeat} runs each (ratio to a bare interpreter)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<44} {median * 1000:8.1f} ms  {median / bare:5.1f}x")
    ratio = statistics.median(times["gate --version"]) / bare
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"gate --version: {ratio:.1f}x a bare interpreter ({verdict} the {TARGET:g}x target)")


if __name__ == "__main__":
    main()
