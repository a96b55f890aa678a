"""Declared dependencies and Poetry's content-hash (gate/collectors/pyproject_deps.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gate.collectors import pyproject_deps
from gate.collectors.structured import MalformedFile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCKS = Path(__file__).parent.parent / "fixtures" / "pins" / "locks"


def test_pep621_pep735_and_poetry_tables() -> None:
    text = """
[project]
name = "My_Proj"
dependencies = ["Requests>=2", "my-proj[cli]"]
dynamic = ["version"]
[project.optional-dependencies]
cli = ["click; python_version >= '3.10'"]
[dependency-groups]
dev = ["pytest", {include-group = "lint"}]
lint = ["ruff"]
[tool.poetry.dependencies]
python = "^3.10"
Flask = "^3"
[tool.poetry.group.docs.dependencies]
mkdocs = "*"
"""
    found = pyproject_deps.parse(text, "pyproject.toml")
    assert found.project == "my-proj"
    assert set(found.names) == {"requests", "click", "pytest", "ruff", "flask", "mkdocs"}
    assert found.names["mkdocs"] == "tool.poetry.group.docs.dependencies"
    assert not found.dynamic and found.tools == {"poetry"}


def test_dynamic_dependencies_still_count_as_declaring() -> None:
    found = pyproject_deps.parse('[project]\nname = "x"\ndynamic = ["dependencies"]\n', "p")
    assert found.declares and found.dynamic and not found.names


def test_invalid_requirement_names_the_table() -> None:
    with pytest.raises(MalformedFile, match=r"project\.dependencies: invalid requirement"):
        pyproject_deps.parse('[project]\ndependencies = ["not a req !!"]\n', "pyproject.toml")


@pytest.mark.parametrize("fixture", ["poetry", "poetry-classic"])
def test_content_hash_matches_what_poetry_wrote(fixture: str) -> None:
    """The locks' content-hash values were computed by Poetry 2.5.1 itself."""
    data = tomllib.loads((LOCKS / fixture / "pyproject.toml").read_text())
    lock = tomllib.loads((LOCKS / fixture / "poetry.lock").read_text())
    assert pyproject_deps.poetry_content_hash(data) == lock["metadata"]["content-hash"]


def test_content_hash_ignores_unrelated_keys() -> None:
    data = tomllib.loads((LOCKS / "poetry-classic" / "pyproject.toml").read_text())
    before = pyproject_deps.poetry_content_hash(data)
    data["tool"]["poetry"]["description"] = "changed"
    assert pyproject_deps.poetry_content_hash(data) == before
    data["tool"]["poetry"]["dependencies"]["rich"] = "*"
    assert pyproject_deps.poetry_content_hash(data) != before


@pytest.mark.parametrize(
    "text",
    [
        'project = "x"\n',
        '[project]\ndependencies = "requests"\n',
        '[project]\noptional-dependencies = ["x"]\n',
        '[project.optional-dependencies]\ncli = "x"\n',
        'dependency-groups = ["x"]\n',
    ],
)
def test_wrong_shapes_are_malformed_not_crashes(text: str) -> None:
    with pytest.raises(MalformedFile, match=r"must be an? ") as error:
        pyproject_deps.parse(text, "pyproject.toml")
    assert error.value.line == text.count("\n")  # the defining line is the last one
