"""The Python matrix `gate init` writes: what the project admits, minus end-of-life versions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.cli import main
from gate.init import pythons

TODAY = date(2026, 12, 2)  # 3.10 reached its end of life in 2026-10, 3.15 came out
BEFORE_310_EOL = date(2026, 9, 1)


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("requires", "today", "expected"),
    [
        (">=3.8", TODAY, ["3.11", "3.12", "3.13", "3.14", "3.15"]),
        (">=3.8", BEFORE_310_EOL, ["3.10", "3.11", "3.12", "3.13", "3.14"]),
        (">=3.8.1,<3.13", TODAY, ["3.11", "3.12"]),
        ("~=3.12", TODAY, ["3.12", "3.13", "3.14", "3.15"]),
        (">=3.11,!=3.12.*", TODAY, ["3.11", "3.13", "3.14", "3.15"]),
        # Everything it admits is past its end of life: the newest, rather than nothing.
        ("<3.10", TODAY, ["3.9"]),
    ],
)
def test_requires_python(tmp_path: Path, requires: str, today: date, expected: list[str]) -> None:
    root = project(tmp_path, {"pyproject.toml": f'[project]\nrequires-python = "{requires}"\n'})
    versions, why = pythons.matrix(root, today)
    assert versions == expected
    assert "requires-python" in why


def test_requires_python_wins_over_tox_and_classifiers(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "pyproject.toml": '[project]\nrequires-python = ">=3.13"\nclassifiers = '
            '["Programming Language :: Python :: 3.11"]\n',
            "tox.ini": "[tox]\nenvlist = py311\n",
        },
    )
    assert pythons.matrix(root, TODAY)[0] == ["3.13", "3.14", "3.15"]


@pytest.mark.parametrize(
    ("files", "expected", "source"),
    [
        ({"tox.ini": "[tox]\nenvlist = py{39,310,311,312}-django{42,50}, lint\n"},
         ["3.11", "3.12"], "tox"),
        ({"tox.ini": "[tox]\nenv_list =\n    py3.13\n    py314\n    pypy3\n"},
         ["3.13", "3.14"], "tox"),
        ({"setup.cfg": "[tox:tox]\nenvlist = py312,py313\n"}, ["3.12", "3.13"], "tox"),
        ({"pyproject.toml": '[tool.tox]\nenv_list = ["py311", "py313", "type"]\n'},
         ["3.11", "3.13"], "tox"),
        ({"pyproject.toml": '[tool.tox]\nlegacy_tox_ini = """\n[tox]\nenvlist = py312\n"""\n'},
         ["3.12"], "tox"),
        ({"pyproject.toml": '[project]\nclassifiers = ["Programming Language :: Python :: 3",'
          ' "Programming Language :: Python :: 3.9", "Programming Language :: Python :: 3.12"]\n'},
         ["3.12"], "classifiers"),
    ],
)  # fmt: skip
def test_tox_then_classifiers(
    tmp_path: Path, files: dict[str, str], expected: list[str], source: str
) -> None:
    versions, why = pythons.matrix(project(tmp_path, files), TODAY)
    assert versions == expected
    assert source in why


def test_a_project_that_says_nothing_gets_the_workflows_default(tmp_path: Path) -> None:
    root = project(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n"})
    versions, why = pythons.matrix(root, TODAY)
    assert versions == pythons.DEFAULT == ["3.12"]
    assert "declares no Python versions" in why


def test_the_end_of_life_table_is_ordered_and_dated() -> None:
    minors = list(pythons.CPYTHON)
    assert minors == sorted(minors, key=lambda v: tuple(map(int, v.split("."))))
    for first, eol in pythons.CPYTHON.values():
        assert first < eol
    assert pythons.supported(TODAY) == ["3.11", "3.12", "3.13", "3.14", "3.15"]
    assert "3.15" not in pythons.supported(BEFORE_310_EOL)  # not yet released then
    assert pythons.supported(date(2026, 10, 31))[0] == "3.10"  # through its EOL month


def test_an_invalid_requires_python_is_a_one_line_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=three"\n')
    result = CliRunner().invoke(main, ["init", "--root", str(tmp_path), "--ref", "a" * 40])
    assert result.exit_code == 2
    assert "pyproject.toml: requires-python '>=three' is not a version specifier" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / ".github").exists()
