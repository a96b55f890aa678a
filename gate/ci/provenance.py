"""Which coverage data this run's tests wrote: a manifest per test job, checked by combine.

The test step records the data files it wrote and its JUnit report in a manifest beside
them; ``gate ci combine`` combines only the files the manifests list (a ``conftest.py``
that drops one more ``.coverage.*`` claiming every line ran is not combined), refuses
a run whose JUnit reports zero tests, and combines with coverage.py's defaults, so no
plugin or path mapping from the checkout takes part.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gate.errors import InputError

MANIFEST_GLOB = "gate-manifest-*.json"


def data_files(data_dir: Path) -> set[str]:
    """The names of the parallel coverage data files in ``data_dir``."""
    if not data_dir.is_dir():
        return set()
    return {path.name for path in data_dir.glob(".coverage.*") if path.is_file()}


def fresh_data_file(data_dir: Path) -> Path:
    """The ``COVERAGE_FILE`` for one test run: parallel-mode files get its random name as
    their prefix, so files other code drops in the directory are not taken for them."""
    return data_dir / f".coverage.gate{secrets.token_hex(8)}"


def write_manifest(
    data_dir: Path, tag: str, before: set[str], junit: Path, data_file: Path
) -> Path:
    """Record the data files coverage.py wrote under ``data_file`` since ``before``, and
    the JUnit report."""
    ours = f"{data_file.name}."
    written = sorted(
        name
        for name in data_files(data_dir) - before
        if name == data_file.name or name.startswith(ours)
    )
    manifest = data_dir / f"gate-manifest-{tag}.json"
    record = {"version": 1, "tag": tag, "data_files": written, "junit": junit.name}
    manifest.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return manifest


@dataclass(frozen=True)
class Provenance:
    """The data files and JUnit reports the manifests of ``data_dir`` list."""

    data_files: tuple[Path, ...]
    junit_files: tuple[Path, ...]

    def test_count(self) -> int:
        return sum(count_tests(path) for path in self.junit_files)


def _name(value: object, manifest: Path, prefix: str) -> str:
    """A plain file name in the data directory, nothing else (no path, no ``..``)."""
    if (
        not isinstance(value, str)
        or not value.startswith(prefix)
        or "/" in value
        or os.sep in value
        or value in (".", "..")
    ):
        raise InputError(f"lists {value!r}, not a {prefix}* file name", path=str(manifest))
    return value


def read(data_dir: Path) -> Provenance | None:
    """The manifests' files (each must exist), or None when there is no manifest."""
    manifests = sorted(data_dir.glob(MANIFEST_GLOB)) if data_dir.is_dir() else []
    if not manifests:
        return None
    data: list[Path] = []
    junit: list[Path] = []
    for manifest in manifests:
        try:
            record = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            raise InputError("not a readable manifest (JSON)", path=str(manifest)) from None
        listed = record.get("data_files") if isinstance(record, dict) else None
        if not isinstance(listed, list):
            raise InputError("has no data_files list", path=str(manifest))
        data += [data_dir / _name(name, manifest, ".coverage.") for name in listed]
        junit.append(data_dir / _name(record.get("junit"), manifest, "junit-"))
    for path in (*data, *junit):
        if not path.is_file():
            raise InputError("is listed by a test job's manifest but missing", path=str(path))
    return Provenance(tuple(data), tuple(junit))


def count_tests(junit: Path) -> int:
    """The number of tests a JUnit XML report says ran (pytest's ``--junitxml``)."""
    import defusedxml.ElementTree as safe_tree  # type: ignore[import-untyped,unused-ignore]

    try:
        root = safe_tree.parse(str(junit)).getroot()
    except Exception:  # noqa: BLE001 - malformed or unsafe XML: the error names the file
        raise InputError("not a readable JUnit XML report", path=str(junit)) from None
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = 0
    for suite in suites:
        value = suite.get("tests", "0")
        if not value.isascii() or not value.isdigit():
            raise InputError("a testsuite has no valid tests count", path=str(junit))
        total += int(value)
    return total


def combine(files: tuple[Path, ...], target: Path) -> None:
    """Combine ``files`` into ``target`` with coverage.py's defaults (no plugins, no
    configuration from the checkout); the inputs are kept."""
    from coverage.exceptions import CoverageException

    from gate.collectors.coverage_config import make_coverage, read_settings

    with tempfile.TemporaryDirectory(prefix="gate-combine-") as scratch:
        partial = Path(scratch) / ".coverage"
        combiner = make_coverage(read_settings({}, "coverage.py's defaults"), str(partial))
        try:
            combiner.combine([str(path) for path in files], strict=True, keep=True)
            combiner.save()
        except CoverageException as error:
            message = " ".join(str(error).split())
            raise InputError(f"coverage combine failed: {message}") from None
        target.unlink(missing_ok=True)  # a file there before (committed?) never survives
        shutil.copyfile(partial, target)
