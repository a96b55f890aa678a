"""Time our secret scanning against ``detect-secrets`` on ~100 MB of real source (not a test).

Installs django, botocore, sqlalchemy and sympy with ``pip install --target`` into a temp dir
(``--keep DIR`` reuses one), installs ``detect-secrets`` into this venv if missing (bench
only, never a runtime dependency), then times, in one run:

1. the real ``gate check --select SEC001 --root DIR`` command;
2. the scanner alone over every file (read + scan), once per engine, on one core;
3. ``detect-secrets scan --all-files`` in DIR;

and prints seconds, MB/s and the ratio. Usage: ``python benchmarks/secrets_bench.py``.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gate.secrets import get_scanner

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="reuse/keep the corpus in this directory")
    parser.add_argument("--skip-detect-secrets", action="store_true")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="secrets-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        install_corpus(root)
        files = corpus_files(root)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        print(f"corpus: {len(files)} files, {megabytes:.1f} MB in {root}")
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
