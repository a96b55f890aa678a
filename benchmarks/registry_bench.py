"""Time reading a config and selecting one policy (COV002), this tree against an older commit.

The explicit registry lets a command import only the policies it runs and validate the
config from the families' light settings modules. This runs, in fresh interpreters and
side by side, ``config.defaults()`` plus ``engine.selected_policies(select=["COV002"])``
on the gate of the working tree and on the gate of ``--against`` (exported with
``git archive``), beside a bare interpreter, and prints the medians and the ratio.

Run: ``python benchmarks/registry_bench.py [--against 232072b] [--runs 10]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """\
from pathlib import Path
from gate import config, engine
from gate.context import Context
ctx = Context(Path("."), config.defaults())
assert [c.id for c in engine.selected_policies(ctx, select=["COV002"])] == ["COV002"]
"""


def export(commit: str, into: Path) -> None:
    """The ``gate/`` package of ``commit``, unpacked into ``into``."""
    archive = subprocess.run(
        ["git", "archive", commit, "gate"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def median_ms(code: str, path: Path | None, runs: int, cwd: Path) -> float:
    env = {"PATH": "/usr/bin:/bin"}
    if path is not None:
        env["PYTHONPATH"] = str(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", default="232072b", help="older commit to compare with")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        export(args.against, old)
        cwd = Path(tmp)
        # Interleaved, so a load spike on the machine hits every variant alike.
        results: dict[str, list[float]] = {"bare": [], "old": [], "new": []}
        for _ in range(args.runs):
            results["bare"].append(median_ms("pass", None, 1, cwd))
            results["old"].append(median_ms(PROBE, old, 1, cwd))
            results["new"].append(median_ms(PROBE, ROOT, 1, cwd))
    medians = {name: statistics.median(values) for name, values in results.items()}
    print(f"median of {args.runs} runs, config read + select COV002:")
    print(f"  bare interpreter      {medians['bare']:7.1f} ms")
    print(f"  gate at {args.against:<13} {medians['old']:7.1f} ms")
    print(f"  gate of this tree     {medians['new']:7.1f} ms")
    print(f"  this tree / {args.against}: {medians['new'] / medians['old']:.2f}")


if __name__ == "__main__":
    main()
