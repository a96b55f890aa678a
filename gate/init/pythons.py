"""The Python test matrix `gate init` writes: the supported CPython versions a project admits."""

from __future__ import annotations

import configparser
import re
from datetime import date
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from gate.ci.pyconfig import pyproject
from gate.errors import InputError

# CPython minor version -> (first release, end of life), from the CPython developer guide's
# versions table; the end of life is published as a month, so a version counts as supported
# through the last day of that month. A new minor version joins when it is released.
CPYTHON: dict[str, tuple[date, date]] = {
    "3.8": (date(2019, 10, 14), date(2024, 10, 31)),
    "3.9": (date(2020, 10, 5), date(2025, 10, 31)),
    "3.10": (date(2021, 10, 4), date(2026, 10, 31)),
    "3.11": (date(2022, 10, 24), date(2027, 10, 31)),
    "3.12": (date(2023, 10, 2), date(2028, 10, 31)),
    "3.13": (date(2024, 10, 7), date(2029, 10, 31)),
    "3.14": (date(2025, 10, 7), date(2030, 10, 31)),
    "3.15": (date(2026, 10, 1), date(2031, 10, 31)),  # PEP 790's scheduled 3.15.0
}
DEFAULT = ["3.12"]  # the reusable workflow's own default, when the project says nothing
_TOX_ENV = re.compile(r"(?<![A-Za-z0-9])py3\.?(\d{1,2})(?![0-9])")
_PY_BRACES = re.compile(r"(py3?\.?)\{([^{}]*)\}")
_CLASSIFIER = re.compile(r"^Programming Language :: Python :: 3\.(\d{1,2})$")


def supported(today: date) -> list[str]:
    """The CPython minor versions released and not end-of-life on ``today``, oldest first."""
    return [v for v, (first, eol) in CPYTHON.items() if first <= today <= eol]


def _admits(specifier: SpecifierSet, minor: str) -> bool:
    # ">=3.8.1" admits 3.8 (a later patch release), so try both ends of the minor series.
    return any(specifier.contains(f"{minor}.{patch}", prereleases=True) for patch in (0, 99))


def _tox_minors(envlist: str) -> set[str]:
    """The CPython minors tox's env names mention: ``py39``, ``py3.10``, ``py{39,310}-dj``."""
    names = [envlist]
    for match in _PY_BRACES.finditer(envlist):  # generative names expand one group
        names += [match.group(1) + part.strip() for part in match.group(2).split(",")]
    return {f"3.{minor}" for name in names for minor in _TOX_ENV.findall(name)}


def _tox_envlist(root: Path) -> str | None:
    sources = [("tox.ini", "tox"), ("setup.cfg", "tox:tox")]
    for name, section in sources:
        path = root / name
        if not path.is_file():
            continue
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError) as error:
            raise InputError(f"invalid INI: {error}", path=name) from None
        if parser.has_section(section):
            found = parser[section].get("envlist") or parser[section].get("env_list")
            if found:
                return found
    tox = pyproject(root).get("tool", {}).get("tox")
    if isinstance(tox, dict):
        listed = tox.get("env_list")
        if isinstance(listed, list):
            return " ".join(str(item) for item in listed)
        legacy = tox.get("legacy_tox_ini")
        if isinstance(legacy, str):
            parser = configparser.ConfigParser(interpolation=None)
            try:
                parser.read_string(legacy)
            except configparser.Error as error:
                raise InputError(f"invalid [tool.tox] legacy_tox_ini: {error}") from None
            if parser.has_section("tox"):
                return parser["tox"].get("envlist") or parser["tox"].get("env_list")
    return None


def declared(root: Path) -> tuple[list[str], str] | tuple[SpecifierSet, str] | None:
    """What the project declares: a requires-python range, else tox's or the classifiers'
    versions, with where it came from; None when it says nothing."""
    project = pyproject(root).get("project", {})
    project = project if isinstance(project, dict) else {}
    requires = project.get("requires-python")
    if isinstance(requires, str) and requires.strip():
        try:
            return SpecifierSet(requires), f"requires-python {requires.strip()!r}"
        except InvalidSpecifier:
            raise InputError(
                f"requires-python {requires!r} is not a version specifier", path="pyproject.toml"
            ) from None
    envlist = _tox_envlist(root)
    if envlist:
        minors = sorted(_tox_minors(envlist), key=_key)
        if minors:
            return minors, "tox's envlist"
    classifiers = project.get("classifiers")
    if isinstance(classifiers, list):
        minors = sorted(
            {f"3.{m.group(1)}" for c in classifiers if (m := _CLASSIFIER.match(str(c)))},
            key=_key,
        )
        if minors:
            return minors, "the trove classifiers"
    return None


def _key(minor: str) -> tuple[int, ...]:
    return tuple(int(part) for part in minor.split("."))


def matrix(root: Path, today: date) -> tuple[list[str], str]:
    """The versions to test on, and a note saying why."""
    found = declared(root)
    if found is None:
        return DEFAULT, "the project declares no Python versions; the workflow's default"
    what, source = found
    known = sorted(CPYTHON, key=_key)
    admitted = [v for v in known if _admits(what, v)] if isinstance(what, SpecifierSet) else what
    alive = supported(today)
    chosen = [v for v in admitted if v in alive]
    if chosen:
        return chosen, f"from {source}: the versions not end-of-life on {today.isoformat()}"
    if admitted:  # every admitted version is past its end of life: test the newest anyway
        newest = sorted(admitted, key=_key)[-1]
        return [newest], f"from {source}: every admitted version is end-of-life; the newest"
    return DEFAULT, f"{source} admits no known CPython version; the workflow's default"
