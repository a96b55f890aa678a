"""Bad coverage input: one line naming the file, exit 2, no traceback (real ``gate`` CLI)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from coverage_project import (
    assert_one_line_error,
    changed_project,
    gate_cov_check,
    make_project,
    measure,
    run,
)

from gate.collectors.coverage import Found, load
from gate.errors import InputError

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<coverage lines-valid="1" lines-covered="1">&lol4;</coverage>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE coverage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<coverage lines-valid="1" lines-covered="1"><sources><source>&xxe;</source></sources></coverage>
"""

BAD_XML = {
    "truncated": None,  # built from a real report below
    "not-xml": "lines-valid=3 this is not XML\n",
    "billion-laughs": BILLION_LAUGHS,
    "external-entity": EXTERNAL_ENTITY,
    "wrong-root": '<?xml version="1.0"?><report lines-valid="1" lines-covered="1"/>\n',
    "no-totals": '<?xml version="1.0"?><coverage version="7"/>\n',
    "bad-line": '<coverage lines-valid="1" lines-covered="0"><packages><package><classes>'
    '<class filename="pkg/core.py"><lines><line hits="0"/></lines></class>'
    "</classes></package></packages></coverage>",
}

BAD_JSON = {
    "not-json": "{'files': ",
    "a-list": "[1, 2, 3]",
    "no-totals": '{"files": {}}',
    "string-count": '{"files": {}, "totals": {"num_statements": "12", "covered_lines": 3}}',
    "bad-lines": '{"files": {"pkg/core.py": {"executed_lines": "1-3", "missing_lines": []}},'
    ' "totals": {"num_statements": 3, "covered_lines": 3}}',
}


gate_check = gate_cov_check


@pytest.fixture
def project(repo) -> Path:
    return changed_project(repo.path, repo.commit)


@pytest.mark.parametrize("case", sorted(BAD_XML))
@pytest.mark.slow
def test_bad_xml_is_a_one_line_input_error(project: Path, case: str) -> None:
    text = BAD_XML[case]
    if text is None:
        measure(project)
        run(project, "-m", "coverage", "xml", "-q", "-o", "real.xml")
        data = (project / "real.xml").read_text()
        text = data[: len(data) * 2 // 3]
    (project / "coverage.xml").write_text(text)
    if case == "bad-line":
        with pytest.raises(InputError, match="no number"):
            load(project, Found("xml", ("coverage.xml",))).files({"pkg/core.py"})
    proc = gate_check(project, "--coverage", "coverage.xml")
    assert_one_line_error(proc, "coverage.xml")
    if case in ("billion-laughs", "external-entity"):
        assert "entities" in proc.stderr and "root:" not in proc.stdout


@pytest.mark.parametrize("case", sorted(BAD_JSON))
@pytest.mark.slow
def test_bad_json_is_a_one_line_input_error(project: Path, case: str) -> None:
    (project / "cov.json").write_text(BAD_JSON[case])
    assert_one_line_error(gate_check(project, "--coverage", "cov.json"), "cov.json")


@pytest.mark.slow
def test_sqlite_that_is_not_coverage_data(project: Path) -> None:
    with sqlite3.connect(project / ".coverage") as db:
        db.execute("create table t (x)")
    proc = gate_check(project)
    assert_one_line_error(proc, ".coverage")
    assert "not coverage.py data" in proc.stderr


@pytest.mark.slow
def test_coverage_path_outside_the_repository(project: Path, tmp_path: Path) -> None:
    (tmp_path / "coverage.xml").write_text("<coverage/>")
    proc = gate_check(project, "--coverage", str(tmp_path / "coverage.xml"))
    assert_one_line_error(proc, str(tmp_path / "coverage.xml"))
    assert "outside the repository" in proc.stderr


@pytest.mark.slow
def test_no_coverage_data_fails_closed_with_how_to(project: Path) -> None:
    proc = gate_check(project, "--report", "json")
    assert proc.returncode == 1, proc.stderr
    assert "pytest --cov --cov-branch" in proc.stdout
    assert '"status": "missing-input"' in proc.stdout


@pytest.mark.slow
def test_changed_lines_alone_still_check_the_report(repo) -> None:
    """COV002 with nothing changed reads no lines, but a broken report still fails."""
    root = make_project(repo.path)
    repo.commit("project")
    (root / "coverage.xml").write_text('<?xml version="1.0"?>\n<coverage lines-valid="1"')
    proc = run(root, "-m", "gate", "check", "--select", "COV002", "--base", "main", check=False)
    assert_one_line_error(proc, "coverage.xml")
    assert "malformed XML at line 2" in proc.stderr
