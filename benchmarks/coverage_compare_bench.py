"""Time COV001/COV002 of this checkout's gate against a previous commit's, side by side.

Builds the synthetic project of ``coverage_bench.py`` (``--small``: 200 modules), then
runs ``gate check`` from this checkout and from ``--ref`` (exported with ``git archive``
into a temporary directory and put first on ``PYTHONPATH``) alternately, on the same data,
and prints each ratio (target: this checkout at most 1.5x the previous commit's time).

Run: ``python benchmarks/coverage_compare_bench.py --ref COMMIT [--small] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coverage_bench import build, timed

HERE = Path(__file__).resolve().parents[1]


def export(ref: str, target: Path) -> None:
    """The ``gate`` package as it was at ``ref``."""
    archive = subprocess.run(
        ["git", "-C", str(HERE), "archive", "--format=tar", ref, "gate"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        # The data filter refuses links and paths that leave ``target``.
        safe = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
        tar.extractall(target, members=safe, filter="data")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", required=True, help="the previous commit to compare with")
    parser.add_argument("--small", action="store_true", help="200 modules instead of 4,000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (best)")
    args = parser.parse_args()
    files, functions = (200, 12) if args.small else (4000, 30)
    scratch = Path(tempfile.mkdtemp(prefix="gate-compare-"))
    try:
        root, old = scratch / "project", scratch / "old"
        root.mkdir()
        old.mkdir()
        export(args.ref, old)
        build(root, files, functions, changed=files // 10)
        base = [sys.executable, "-m", "gate", "check", "--base", "main", "--report", "json"]
        trees = {"previous": str(old), "this": str(HERE)}
        for select, coverage in (("COV001", ".coverage"), ("COV002", ".coverage"),
                                 ("COV002", "coverage.xml")):  # fmt: skip
            best: dict[str, float] = {}
            for _ in range(args.repeat):
                for name, tree in trees.items():
                    os.environ["PYTHONPATH"] = tree
                    wall, _cpu, _out = timed(root, *base, "--select", select,
                                             "--coverage", coverage)  # fmt: skip
                    best[name] = min(best.get(name, wall), wall)
            ratio = best["this"] / best["previous"]
            print(f"{select} {coverage:<13} previous {best['previous']:7.2f}s  "
                  f"this {best['this']:7.2f}s  ratio {ratio:4.2f}x (target <= 1.5x)")  # fmt: skip
    finally:
        os.environ.pop("PYTHONPATH", None)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
