"""The coverage configuration known without coverage.py when no file configures it: the
fast path is taken only then, answers what coverage.py itself reads, and every other case
is parsed by coverage.py exactly as before (real files, real coverage.py, real git)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from coverage.config import CoverageConfig
from coverage.results import display_covered
from coverage_project import PYTHON, clean_env, make_project, measure, run

from gate.collectors import coverage_config
from gate.collectors.coverage_config import (
    DEFAULT_PRECISION,
    configures_nothing,
    read_settings,
)
from gate.errors import InputError
from gate.policies.coverage.common import percent_text

# Files coverage.py reads without finding a coverage setting in them.
NOTHING_FOR_COVERAGE: dict[str, dict[str, bytes]] = {
    "none": {},
    "tox.ini": {"tox.ini": b"[tox]\nenvlist = py311\n[testenv]\ncommands = pytest {posargs}\n"},
    "setup.cfg": {"setup.cfg": b"[metadata]\nname = p\n[tool:pytest]\naddopts = -q\n"},
    "pyproject": {"pyproject.toml": b'[project]\nname = "p"\n[tool.black]\nline-length = 99\n'},
    "pyproject, no tool": {"pyproject.toml": b'[project]\nname = "p"\n'},
    "pyproject, tool.coveragepy": {"pyproject.toml": b"[tool.coveragepy]\nx = 1\n"},
    "ini, section coverage without colon": {"tox.ini": b"[coverage]\nbranch = true\n"},
    "ini, capitalised section": {"setup.cfg": b"[Coverage:run]\nbranch = true\n"},
    "ini, paths and report without prefix": {
        "setup.cfg": b"[paths]\nsource =\n    src\n[report]\nprecision = 3\n"
    },
    "crlf": {"tox.ini": b"[tox]\r\nenvlist = py\r\n", "pyproject.toml": b"[tool.x]\r\na = 1\r\n"},
    "all three": {
        "setup.cfg": b"[flake8]\nmax-line-length = 99\n",
        "tox.ini": b"[testenv]\ndeps = pytest\n",
        "pyproject.toml": b"[tool.ruff]\nline-length = 99\n",
    },
}

# Files that do configure coverage, or that the fast path cannot read without doubt.
LEFT_TO_COVERAGE: dict[str, dict[str, bytes]] = {
    ".coveragerc": {".coveragerc": b"[run]\nbranch = true\n"},
    "empty .coveragerc": {".coveragerc": b""},
    ".coveragerc.toml": {".coveragerc.toml": b"[run]\nbranch = true\n"},
    "tox.ini coverage section": {"tox.ini": b"[tox]\n[coverage:run]\nbranch = true\n"},
    "setup.cfg coverage section": {"setup.cfg": b"[coverage:report]\nprecision = 2\n"},
    "setup.cfg unknown coverage section": {"setup.cfg": b"[coverage:nothing]\n"},
    "pyproject tool.coverage": {"pyproject.toml": b"[tool.coverage.run]\nbranch = true\n"},
    "pyproject empty tool.coverage": {"pyproject.toml": b"[tool.coverage]\n"},
    "pyproject tool not a table": {"pyproject.toml": b'tool = "x"\n'},
    "invalid TOML pyproject": {"pyproject.toml": b"[project\nname = 1\n"},
    "non-UTF-8 setup.cfg": {"setup.cfg": b"[metadata]\nname = caf\xe9\n"},
    "non-UTF-8 pyproject": {"pyproject.toml": b'[project]\nname = "caf\xe9"\n'},
    "unparseable tox.ini": {"tox.ini": b"envlist = py\n[tox]\n"},
    "duplicate section": {"tox.ini": b"[tox]\n[tox]\n"},
    "BOM before the section": {"setup.cfg": b"\xef\xbb\xbf[metadata]\nname = p\n"},
}


def values(config: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(config).items() if k not in coverage_config._NOT_SETTINGS}


def coverage_reads(files: dict[str, bytes]) -> Any:
    """What coverage.py itself reads from ``files`` (gate's slow path: coverage.py parses)."""
    config, _plugins = coverage_config._parse(files)
    return config


def test_the_default_precision_is_the_installed_coverage_pys() -> None:
    assert CoverageConfig().precision == DEFAULT_PRECISION
    assert coverage_reads({}).precision == DEFAULT_PRECISION


@pytest.mark.parametrize("files", NOTHING_FOR_COVERAGE.values(), ids=NOTHING_FOR_COVERAGE)
def test_the_fast_path_holds_what_coverage_py_reads(files: dict[str, bytes]) -> None:
    assert configures_nothing(files)
    # coverage.py itself finds no setting in these files: its defaults, as the fast path says.
    assert values(coverage_reads(files)) == values(coverage_reads({}))
    settings = read_settings(files, "the working tree")
    assert settings.default and settings.plugins == ()
    assert settings.precision == DEFAULT_PRECISION
    # Parsed on first use, by coverage.py, to the same values.
    assert settings.settings() == values(coverage_reads(files))
    assert settings.config.precision == settings.precision


@pytest.mark.parametrize("files", LEFT_TO_COVERAGE.values(), ids=LEFT_TO_COVERAGE)
def test_every_doubt_is_left_to_coverage_py(files: dict[str, bytes]) -> None:
    assert not configures_nothing(files)
    try:
        expected = values(coverage_reads(files))
    except InputError as error:
        settings = read_settings(files, "the working tree")  # nothing parsed yet
        with pytest.raises(InputError) as raised:
            settings.config
        assert str(raised.value) == str(error)
        return
    settings = read_settings(files, "the working tree")
    assert not settings.default
    assert settings.settings() == expected


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"pyproject.toml": b"[project\n"}, "pyproject.toml: invalid coverage configuration:"),
        ({"setup.cfg": b"[metadata]\nname = caf\xe9\n"}, "setup.cfg: not UTF-8 text"),
        ({"tox.ini": b"[coverage:run]\nbranch = maybe\n"}, "Not a boolean"),
    ],
)
def test_the_errors_are_coverage_pys_as_before(files: dict[str, bytes], said: str) -> None:
    settings = read_settings(files, "the base commit")
    with pytest.raises(InputError) as raised:
        settings.precision  # the first value asked for parses the files
    assert said in str(raised.value)
    assert "\n" not in str(raised.value)
    with pytest.raises(InputError) as again:
        settings.config
    assert again.value is raised.value  # parsed once: every later reader gets that error


def test_a_configured_precision_is_read_by_coverage_py() -> None:
    settings = read_settings(
        {"pyproject.toml": b"[tool.coverage.report]\nprecision = 2\n"}, "the working tree"
    )
    assert not settings.default
    assert settings.precision == 2


def test_configurations_compare_without_parsing_when_both_are_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[object] = []
    real = coverage_config._parse
    monkeypatch.setattr(
        coverage_config, "_parse", lambda files: parsed.append(files) or real(files)
    )
    base = read_settings({}, "the base commit")
    head = read_settings(NOTHING_FOR_COVERAGE["all three"], "the working tree")
    assert head.same_as(base) and base.same_as(head)
    assert parsed == []
    configured = read_settings(LEFT_TO_COVERAGE["tox.ini coverage section"], "the working tree")
    assert parsed == []  # read, not parsed: nothing has asked for a value yet
    assert not configured.same_as(base)  # branch = true against the default false
    assert len(parsed) == 2  # both sides parsed only now, to compare values


def test_byte_identical_files_compare_without_parsing_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = {".coveragerc": b"[run]\nbranch = true\n"}
    base = read_settings(files, "the base commit")
    head = read_settings(dict(files), "the working tree")
    monkeypatch.setattr(coverage_config, "_parse", lambda files: pytest.fail("parsed"))
    assert head.same_as(base)


def test_different_files_with_the_same_values_are_the_same_configuration() -> None:
    base = read_settings({}, "the base commit")
    head = read_settings({"tox.ini": b"[coverage:run]\nbranch = false\n"}, "the working tree")
    assert head.same_as(base)  # as before: the values decide, not the bytes
    other = read_settings({"tox.ini": b"[coverage:report]\nprecision = 1\n"}, "the work tree")
    assert not other.same_as(base) and not other.same_as(head)


@pytest.mark.parametrize("precision", range(7))
def test_percent_text_is_coverage_pys_display(precision: int) -> None:
    samples = [0.0, 100.0, 50.0, 2.675, 66.666666, 99.5, 0.5, 1.005, 12.345678]
    steps = [1.0 / 10**p for p in range(precision + 3)]
    samples += [s * k for s in steps for k in (0.4, 0.5, 0.999, 1.0, 1.5)]
    samples += [100.0 - s for s in samples if 0 <= s <= 100]
    samples += [n / 7 for n in range(701)] + [100 * n / 997 for n in range(998)]
    for value in samples:
        assert percent_text(value, precision) == display_covered(value, precision), value


# -- the gate end to end, in a subprocess that reports whether coverage.py was imported --

PROBE = """\
import runpy, sys
sys.argv = ["gate", *sys.argv[1:]]
try:
    runpy.run_module("gate", run_name="__main__", alter_sys=True)
except SystemExit as done:
    code = done.code
sys.stderr.write("\\nIMPORTED-COVERAGE=%s\\n" % ("coverage" in sys.modules))
sys.exit(code)
"""


def gate_probe(
    root: Path, *args: str, select: str = "COV002"
) -> tuple[subprocess.CompletedProcess[str], bool]:
    proc = subprocess.run(
        [PYTHON, "-c", PROBE, "check", "--select", select, "--base", "main", *args],
        cwd=root,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    head, _, flag = proc.stderr.rpartition("\nIMPORTED-COVERAGE=")
    assert flag.strip() in ("True", "False"), proc.stderr
    proc.stderr = head
    return proc, flag.strip() == "True"


def changed_lines(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    report = json.loads(proc.stdout[proc.stdout.index("{") :])
    entry: dict[str, Any] = report["policies"][0]
    return entry


def make_xml_project(repo: Any, base: dict[str, bytes] | None = None) -> Path:
    """A project whose base has no coverage configuration at all (a pyproject without
    tool.coverage, a tox.ini without coverage sections) unless ``base`` adds files, a
    change on a branch, and a coverage.xml of the change written by the real coverage.py."""
    root = make_project(repo.path, config='[project]\nname = "p"\nversion = "1"\n')
    (root / "tox.ini").write_text("[tox]\nenvlist = py\n[testenv]\ncommands = pytest\n")
    (root / ".gitignore").write_text(".coverage\ncoverage.xml\n*.json\n")
    for name, content in (base or {}).items():
        (root / name).write_bytes(content)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    with (root / "pkg/core.py").open("a") as handle:
        handle.write("\n\ndef added(x):\n    y = x + 1\n    return y\n\n\nsign(-1)\n")
    repo.commit("change")
    measure(root, "--source=pkg")
    run(root, "-m", "coverage", "xml", "-q", "-o", "coverage.xml")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("trust", [(), ("--policy-from", "base")], ids=["local", "base"])
def test_cov002_on_a_report_without_configuration_imports_no_coverage_py(
    repo: Any, trust: tuple[str, ...]
) -> None:
    root = make_xml_project(repo)
    proc, imported = gate_probe(root, "--coverage", "coverage.xml", "--report", "json", *trust)
    entry = changed_lines(proc)
    assert not imported
    # The def line and sign(-1) ran at import; the function's two statements never ran.
    assert entry["metrics"]["changed_statements"] == 4
    assert entry["metrics"]["changed_covered"] == 2
    assert entry["metrics"]["changed_coverage"] == 50.0


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("tox.ini", "[tox]\nenvlist = py\n[coverage:report]\nprecision = 2\n"),
        ("setup.cfg", "[coverage:run]\nbranch = false\n"),
        ("pyproject.toml", '[project]\nname = "p"\n[tool.coverage.report]\nprecision = 2\n'),
        (".coveragerc", "[report]\nprecision = 2\n"),
    ],
)
@pytest.mark.slow
def test_a_configuration_is_parsed_when_a_value_of_it_is_needed(
    repo: Any, name: str, text: str
) -> None:
    root = make_xml_project(repo, {name: text.encode()})
    args = ("--coverage", "coverage.xml", "--report", "json", "--policy-from", "base")
    proc, imported = gate_probe(root, *args)
    entry = changed_lines(proc)
    assert not imported  # COV002 on a report needs no value of it here
    assert entry["metrics"]["changed_statements"] == 4
    assert entry["metrics"]["changed_covered"] == 2
    # COV001 needs `[report] precision`: the base's configuration is parsed by coverage.py,
    # and the total reads as `coverage report` prints it with that configuration.
    proc, imported = gate_probe(root, *args, select="COV001")
    assert imported
    total = changed_lines(proc)["metrics"]["coverage"]
    report = run(root, "-m", "coverage", "report").stdout.splitlines()[-1]
    assert report.startswith("TOTAL") and float(report.split()[-1].rstrip("%")) == total


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("pyproject.toml", b'[project]\nname = "p"\n[tool\n', "invalid coverage configuration"),
        ("setup.cfg", b"[metadata]\nname = caf\xe9\n", "not UTF-8 text"),
    ],
)
@pytest.mark.slow
def test_a_configuration_the_fast_path_cannot_read_is_coverage_pys_error(
    repo: Any, name: str, content: bytes, said: str
) -> None:
    root = make_xml_project(repo)
    (root / name).write_bytes(content)
    # COV001 needs the configuration's precision: its error, once for the COV policies.
    proc, imported = gate_probe(root, "--coverage", "coverage.xml", select="COV")
    assert imported
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert [line for line in lines if line.startswith("gate: error:")] == [lines[-1]]
    assert lines[-1].startswith(f"gate: error: {name}: "), proc.stderr
    assert said in lines[-1] and "Traceback" not in proc.stderr
    # COV002 alone reads no value of it from a report (its lines and the diff decide).
    proc, imported = gate_probe(root, "--coverage", "coverage.xml", "--report", "json")
    assert not imported
    assert changed_lines(proc)["metrics"]["changed_statements"] == 4


@pytest.mark.parametrize(
    ("name", "text", "refused"),
    [
        ("tox.ini", "[tox]\n[coverage:report]\nexclude_also =\n    def added\n", True),
        (".coveragerc", "[report]\nprecision = 2\n", True),
        (".coveragerc", "[run]\nbranch = false\n", False),  # the default value: the same
        ("setup.cfg", "[flake8]\nmax-line-length = 99\n", False),
    ],
)
@pytest.mark.slow
def test_a_pull_request_adding_a_coverage_configuration_has_its_report_refused(
    repo: Any, name: str, text: str, refused: bool
) -> None:
    root = make_xml_project(repo)
    (root / name).write_text(text)
    repo.commit("add a configuration")
    proc, _imported = gate_probe(
        root, "--coverage", "coverage.xml", "--report", "json", "--policy-from", "base"
    )
    entry = changed_lines(proc)
    said = "differs from the one of the base commit" in json.dumps(entry)
    assert said is refused
    assert (entry["status"] == "missing-input") is refused
