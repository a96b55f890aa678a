"""Coverage data readers against the real coverage.py on small real projects."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from coverage_project import make_project, measure, report_total, run, write

from gate import config
from gate.collectors.coverage import Found, discover, load
from gate.collectors.coverage_data import DataFileCoverage
from gate.collectors.coverage_types import Totals
from gate.context import Context
from gate.errors import InputError, MissingInput
from gate.policies.coverage.common import percent_text


def relpath_in(root: Path):
    """The path normaliser the policies pass to ``discover``."""
    return Context(root, config.defaults()).relpath


def gate_total(root: Path, found: Found) -> str:
    report = load(root, found)
    return percent_text(report.totals().percent, report.precision)


CASES = {
    "statements": ('[tool.coverage.run]\nsource = ["pkg"]\n', ()),
    "branch-precision-2": (
        '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\n'
        "[tool.coverage.report]\nprecision = 2\n",
        (),
    ),
    "branch-cli-precision-3-omit": (
        '[tool.coverage.run]\nsource = ["pkg"]\n'
        '[tool.coverage.report]\nprecision = 3\nomit = ["pkg/__init__.py"]\n'
        'exclude_also = ["def unused"]\n',
        ("--branch",),
    ),
    "relative-files": (
        '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\nrelative_files = true\n'
        "[tool.coverage.report]\nprecision = 1\n",
        (),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.slow
def test_every_format_equals_coverage_report(tmp_path: Path, case: str) -> None:
    config, extra = CASES[case]
    root = make_project(tmp_path, config)
    measure(root, *extra)
    from_data = load(root, Found("data", (".coverage",)))
    data_total = percent_text(from_data.totals().percent, from_data.precision)
    data_files = from_data.files({"pkg/core.py", "pkg/__init__.py"})

    assert data_total == report_total(root)
    run(root, "-m", "coverage", "xml", "-q", "-o", "coverage.xml")
    run(root, "-m", "coverage", "json", "-q", "-o", "coverage.json")
    for kind, name in (("xml", "coverage.xml"), ("json", "coverage.json")):
        other = load(root, Found(kind, (name,)))
        assert other.totals() == from_data.totals(), kind
        assert percent_text(other.totals().percent, other.precision) == data_total
        assert other.files({"pkg/core.py", "pkg/__init__.py"}) == data_files, kind
    assert data_files["pkg/core.py"].missing  # the project really has uncovered lines


@pytest.mark.slow
def test_excluded_lines_are_not_statements(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    measure(root)
    lines = DataFileCoverage(root, (".coverage",)).files({"pkg/core.py"})["pkg/core.py"]
    source = (root / "pkg/core.py").read_text().splitlines()
    never = next(i for i, text in enumerate(source, 1) if "def never" in text)
    assert never not in lines.statements and never + 1 not in lines.statements
    # sign(-1) never ran; loop(0) skipped the body; unused() never ran
    assert lines.missing == {5, 16, 17, 22, 23, 24}


@pytest.mark.slow
def test_parallel_files_are_combined_in_memory(tmp_path: Path) -> None:
    config = (
        '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\nparallel = true\n'
        "[tool.coverage.report]\nprecision = 2\n"
    )
    root = make_project(tmp_path, config)
    measure(root)
    write(root, {"drive.py": "from pkg.core import unused\nunused(1, 0)\n"})
    measure(root)
    found = discover(root, (), relpath_in(root))
    assert found.kind == "data" and len(found.paths) == 2
    assert all(p.startswith(".coverage.") for p in found.paths)
    total = gate_total(root, found)
    assert not (root / ".coverage").exists()  # the user's files are left alone
    assert total == report_total(root)


@pytest.mark.slow
def test_main_data_file_plus_parallel_files(tmp_path: Path) -> None:
    root = make_project(tmp_path, '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\n')
    measure(root)
    write(root, {"drive.py": "from pkg.core import unused\nunused(1, 2)\n"})
    measure(root, "--parallel-mode")
    found = discover(root, (), relpath_in(root))
    assert found.paths[0] == ".coverage" and len(found.paths) == 2
    assert gate_total(root, found) == report_total(root)


def test_totals_percent_is_coverage_formula() -> None:
    assert Totals(10, 7, 4, 1).percent == pytest.approx(100 * 8 / 14)
    assert Totals(0, 0).percent == 100.0


@pytest.mark.slow
def test_discovery_order_and_explicit_paths(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    relpath = relpath_in(root)
    with pytest.raises(MissingInput, match=r"pytest --cov --cov-branch.*--coverage PATH"):
        discover(root, (), relpath)
    write(root, {"coverage.json": "{}", "coverage.xml": "<coverage/>"})
    assert discover(root, (), relpath) == Found("xml", ("coverage.xml",))
    measure(root)
    assert discover(root, (), relpath) == Found("data", (".coverage",))
    assert discover(root, ("coverage.json",), relpath) == Found("json", ("coverage.json",))
    with pytest.raises(InputError, match="not a mix"):
        discover(root, ("coverage.json", ".coverage"), relpath)
    with pytest.raises(InputError, match="outside the repository"):
        discover(root, ("../elsewhere.xml",), relpath)
    with pytest.raises(InputError, match=r"^nope\.xml: coverage file not found"):
        discover(root, ("nope.xml",), relpath)


@pytest.mark.slow
def test_configured_data_file_name_is_discovered(tmp_path: Path) -> None:
    config = '[tool.coverage.run]\nsource = ["pkg"]\ndata_file = "build/cov.data"\n'
    root = make_project(tmp_path, config)
    (root / "build").mkdir()
    measure(root)
    found = discover(root, (), relpath_in(root))
    assert found == Found("data", ("build/cov.data",))
    assert gate_total(root, found) == report_total(root)


def test_garbage_data_file_is_an_input_error(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / ".coverage").write_bytes(b"this is not sqlite at all" * 50)
    with pytest.raises(InputError, match=r"^\.coverage: not usable .*: not an SQLite database$"):
        load(root, Found("data", (".coverage",))).totals()


def test_sqlite_file_that_is_not_coverage_data(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with sqlite3.connect(root / ".coverage") as db:
        db.execute("create table notes (body text)")
    before = (root / ".coverage").read_bytes()
    with pytest.raises(InputError, match=r"but not coverage\.py data$"):
        load(root, Found("data", (".coverage",))).totals()
    assert (root / ".coverage").read_bytes() == before  # never written to


@pytest.mark.slow
def test_data_whose_source_is_gone(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    measure(root)
    (root / "pkg/core.py").unlink()
    with pytest.raises(InputError, match=r"^\.coverage: coverage.py cannot analyse"):
        load(root, Found("data", (".coverage",))).totals()


@pytest.mark.slow
def test_files_outside_the_repository_count_in_totals_only(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"extlib.py": "def f(x):\n    if x:\n        return 1\n    return 2\n"})
    root = make_project(
        tmp_path / "repo",
        f'[tool.coverage.run]\nsource = ["pkg", "{outside.as_posix()}"]\n',
        driver=f"import sys\nsys.path.insert(0, {str(outside)!r})\n"
        "import extlib\nextlib.f(1)\nfrom pkg.core import sign\nsign(1)\n",
    )
    measure(root)
    report = load(root, Found("data", (".coverage",)))
    assert percent_text(report.totals().percent, report.precision) == report_total(root)
    files = report.files({"pkg/core.py", "extlib.py", "../outside/extlib.py"})
    assert set(files) == {"pkg/core.py"}


@pytest.mark.slow
def test_parallel_analysis_gives_the_same_numbers(tmp_path: Path, monkeypatch) -> None:
    from gate.collectors import coverage_analysis

    config = '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\n'
    root = make_project(tmp_path, config)
    for index in range(6):
        write(root, {f"pkg/copy{index}.py": (root / "pkg/core.py").read_text()})
    write(root, {"drive.py": "import pkg.copy1, pkg.copy2\npkg.copy1.sign(-1)\n"})
    measure(root)
    serial = DataFileCoverage(root, (".coverage",))
    serial.totals()  # analysed in this process, before the pool is allowed
    monkeypatch.setattr(coverage_analysis, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(coverage_analysis, "workers", lambda: 2)
    parallel = DataFileCoverage(root, (".coverage",))
    assert parallel.totals() == serial.totals()
    wanted = {f"pkg/copy{index}.py" for index in range(6)}
    assert parallel.files(wanted) == serial.files(wanted) and len(serial.files(wanted)) == 6
    assert percent_text(parallel.totals().percent, 0) == report_total(root)


def test_xml_written_by_another_tool(tmp_path: Path) -> None:
    """Other Cobertura writers: single quotes, other attribute order, entities, a DOCTYPE
    without entities, the same file in two <class> elements and a relative <source>."""
    write(tmp_path, {"src/a&b/mod.py": "x = 1\n", "src/pkg/two.py": "y = 2\n"})
    xml = """<?xml version='1.0'?>
<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
<coverage line-rate='0.5' lines-covered='3' lines-valid='6' branches-valid='2'
          branches-covered='1' version='other'>
  <sources><source>src</source></sources>
  <packages><package name='p'><classes>
    <class name='M' filename='a&amp;b/mod.py'>
      <lines><line hits='0' number='1'/><line hits='2' number='2'/></lines>
    </class>
    <class name='M$Inner' filename='a&amp;b/mod.py'>
      <lines><line number='1' hits='1'/><line number="3" hits="0" branch="true"/></lines>
    </class>
    <class filename="pkg/two.py" name="two"><lines>
      <line number="1" hits="0"/><line number="4" hits="1"/>
    </lines></class>
  </classes></package></packages>
</coverage>
"""
    (tmp_path / "coverage.xml").write_text(xml)
    report = load(tmp_path, Found("xml", ("coverage.xml",)))
    assert report.totals() == Totals(6, 3, 2, 1) and report.branch
    files = report.files({"src/a&b/mod.py", "src/pkg/two.py", "pkg/two.py"})
    assert set(files) == {"src/a&b/mod.py", "src/pkg/two.py"}
    assert files["src/a&b/mod.py"].statements == (1, 2, 3)
    # line 1 has no hits in the first class: missing, as diff-cover counts it
    assert files["src/a&b/mod.py"].missing == {1, 3}
    assert files["src/pkg/two.py"].missing == {1}
