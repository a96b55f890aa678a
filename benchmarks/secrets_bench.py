"""Time our secret scanning against ``detect-secrets`` on ~100 MB of real source (not a test).

Installs django, botocore, sqlalchemy and sympy with ``pip install --target`` into a temp dir
(``--keep DIR`` reuses one), installs ``detect-secrets`` into this venv if missing (bench
only, never a runtime dependency), then times, in one run:

1. the real ``gate check --select SEC001 --root DIR`` command;
2. the scanner alone over every file (read + scan), once per engine, on one core;
3. ``detect-secrets scan --all-files`` in DIR;

and prints seconds, MB/s and the ratio. Usage: ``python benchmarks/secrets_bench.py``.
``--compare REF`` instead times the ``gate check`` command of this tree against REF of this
repository (checked out into a temporary worktree), in turns, best of ``--repeat`` runs each,
and prints the ratio this/REF.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gate.secrets.catalog import get_scanner

PACKAGES = ("django", "botocore", "sqlalchemy", "sympy")
BIN = Path(sys.executable).parent


def install_corpus(target: Path) -> None:
    if any(target.iterdir()):
        return
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            *PACKAGES,
        ],
        check=True,
    )


def ensure_detect_secrets() -> Path:
    exe = BIN / "detect-secrets"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "detect-secrets"], check=True)
    return exe


def corpus_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]


def time_engine(engine: str, files: list[Path], root: Path) -> tuple[float, int, int]:
    scanner = get_scanner(engine)
    started = time.perf_counter()
    size = findings = 0
    for path in files:
        data = path.read_bytes()
        size += len(data)
        if b"\0" in data[:8192]:
            continue  # the policy skips binaries the same way
        findings += len(scanner.scan(data, path.relative_to(root).as_posix()))
    return time.perf_counter() - started, size, findings


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, all child processes) of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


SOURCE = Path(__file__).resolve().parents[1]


def gate_check(root: Path, source: Path) -> float:
    """Wall seconds of ``gate check --select SEC001`` on ``root`` with ``source``'s gate."""
    cmd = [sys.executable, "-m", "gate", "check", "--select", "SEC001", "--no-fail"]
    started = time.perf_counter()
    subprocess.run(
        [*cmd, "--root", str(root)],
        cwd=source,
        env={**os.environ, "PYTHONPATH": str(source)},
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def compare(root: Path, ref: str, repeat: int, megabytes: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(
            ["git", "-C", str(SOURCE), "worktree", "add", "-q", "--detach", str(old), ref],
            check=True,
        )
        try:
            old_times, new_times = [], []
            for _ in range(repeat):
                old_times.append(gate_check(root, old))
                new_times.append(gate_check(root, SOURCE))
            old_s, new_s = min(old_times), min(new_times)
            print(
                f"gate check --select SEC001, best of {repeat}: {ref} {old_s:6.2f} s "
                f"({megabytes / old_s:.1f} MB/s)  this {new_s:6.2f} s "
                f"({megabytes / new_s:.1f} MB/s)  ratio {new_s / old_s:.2f}x"
            )
        finally:
            subprocess.run(
                ["git", "-C", str(SOURCE), "worktree", "remove", "--force", str(old)], check=True
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="reuse/keep the corpus in this directory")
    parser.add_argument("--skip-detect-secrets", action="store_true")
    parser.add_argument("--compare", metavar="REF", help="time REF's gate check beside this one")
    parser.add_argument("--repeat", type=int, default=3, help="runs each with --compare")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="secrets-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        install_corpus(root)
        files = corpus_files(root)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        print(f"corpus: {len(files)} files, {megabytes:.1f} MB in {root}")
        if args.compare:
            compare(root, args.compare, args.repeat, megabytes)
            return
        gate_cmd = [str(BIN / "gate"), "check", "--select", "SEC001", "--no-fail", "--root", "."]
        gate_s, gate_cpu = timed(gate_cmd, root)
        print(
            f"gate check --select SEC001: {gate_s:6.2f} s  {megabytes / gate_s:7.1f} MB/s"
            f"  (cpu {gate_cpu:.2f} s)"
        )
        for engine in ("hyperscan", "python"):
            try:
                seconds, size, findings = time_engine(engine, files, root)
            except ImportError:
                print(f"engine {engine}: not installed")
                continue
            print(
                f"scanner engine={engine:9}: {seconds:6.2f} s  {size / 1e6 / seconds:7.1f} MB/s"
                f"  findings={findings}"
            )
        if not args.skip_detect_secrets:
            ds_s, ds_cpu = timed([str(ensure_detect_secrets()), "scan", "--all-files"], root)
            print(
                f"detect-secrets --all-files : {ds_s:6.2f} s  {megabytes / ds_s:7.1f} MB/s"
                f"  (cpu {ds_cpu:.2f} s, it runs one process per core)"
            )
            print(f"ratio detect-secrets / gate check: wall {ds_s / gate_s:6.1f}x")
            print(f"                                   cpu  {ds_cpu / gate_cpu:6.1f}x")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
