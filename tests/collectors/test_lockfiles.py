"""Lock file parsing (gate/collectors/lockfiles.py) on locks written by the real tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.collectors import lockfiles
from gate.collectors.structured import MalformedFile

LOCKS = Path(__file__).parent.parent / "fixtures" / "pins" / "locks"
DEMO = {"click", "iniconfig", "pluggy", "six"}


def load(relpath: str) -> lockfiles.LockFile:
    path = LOCKS / relpath
    return lockfiles.parse(path.read_text(), path.name)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("uv.lock", "uv"),
        ("poetry.lock", "poetry"),
        ("pdm.lock", "pdm"),
        ("pylock.toml", "pylock"),
        ("sub/pylock.dev.toml", "pylock"),
        ("pylock.toml.bak", None),
        ("requirements.lock", None),
    ],
)
def test_lock_kind_from_the_file_name(name: str, kind: str | None) -> None:
    assert lockfiles.lock_kind(name) == kind


def test_uv_lock_records_what_the_project_asked_for() -> None:
    lock = load("uv/uv.lock")
    assert set(lock.versions) == DEMO | {"demo"}
    assert lock.versions["click"] == ("8.5.1",)
    assert lock.recorded_requirements("demo") == DEMO
    assert lock.roots(frozenset({"demo"})) == DEMO


def test_poetry_lock_roots_come_from_the_dependency_edges() -> None:
    lock = load("poetry-classic/poetry.lock")
    assert lock.roots() == {"flask", "pytest", "requests"}  # blinker, certifi, asgiref needed
    assert lock.content_hash is not None and len(lock.content_hash) == 64


def test_pdm_lock_and_pylock() -> None:
    pdm = load("pdm/pdm.lock")
    assert set(pdm.versions) == DEMO and pdm.roots() == DEMO
    pylock = load("pylock/pylock.toml")
    assert set(pylock.versions) == DEMO
    assert pylock.roots() is None  # uv's export records no edges: roots are unknown


def test_a_lock_that_is_not_what_its_name_says() -> None:
    text = (LOCKS / "poetry" / "poetry.lock").read_text()
    with pytest.raises(MalformedFile) as error:
        lockfiles.parse(text, "uv.lock")
    assert error.value.line == 1 and "not a uv lock file" in error.value.message
    with pytest.raises(MalformedFile, match="not a poetry lock file"):
        lockfiles.parse("version = 1\n[[package]]\nname = 'x'\n", "poetry.lock")


def test_invalid_toml_reports_its_line() -> None:
    with pytest.raises(MalformedFile) as error:
        lockfiles.parse('version = 1\n\n[[package]]\nname = "x\n', "uv.lock")
    assert error.value.line == 4
    assert str(error.value).startswith("uv.lock:4: invalid TOML")


def test_name_line_matches_pep503_spellings() -> None:
    text = 'dependencies = [\n  "Foo_Bar>=1",\n]\n[[package]]\nname = "foo-bar"\n'
    assert lockfiles.name_line(text, "foo-bar") == 2
    assert lockfiles.name_line(text, "foo-bar", key_only=True) == 5
    assert lockfiles.name_line(text, "foo") is None


@pytest.mark.parametrize(
    "text",
    [
        'version = 1\nmanifest = 3\n[[package]]\nname = "a"\nmetadata = 1\ndependencies = 2\n'
        "optional-dependencies = []\n",
        "version = 1\npackage = [1, 2]\n",
        'version = 1\n[[package]]\nversion = "1"\n',
    ],
)
def test_odd_uv_shapes_parse_or_are_malformed(text: str) -> None:
    try:
        lock = lockfiles.parse(text, "uv.lock")
    except MalformedFile as error:
        assert error.line == 1
    else:
        assert lock.recorded_requirements("a") == frozenset()
