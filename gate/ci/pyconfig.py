"""Read the few project settings the CI helpers need (pytest ini values, pyproject tables)."""

from __future__ import annotations

import configparser
from pathlib import Path
from typing import Any

from gate.collectors import structured
from gate.errors import InputError


def load_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict ({} when absent); malformed TOML is an InputError naming it."""
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"invalid TOML: {error}", path=path.name) from None
    return structured.load_toml(text, path.name)


def pyproject(root: Path) -> dict[str, Any]:
    return load_toml(root / "pyproject.toml")


def tool_table(root: Path, name: str) -> dict[str, Any] | None:
    """``[tool.<name>]`` of pyproject.toml, or None when the table is absent."""
    table = pyproject(root).get("tool", {}).get(name)
    return table if isinstance(table, dict) else None


def _ini_section(path: Path, section: str) -> dict[str, str] | None:
    if not path.is_file():
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as error:
        raise InputError(f"invalid INI: {error}", path=path.name) from None
    return dict(parser[section]) if parser.has_section(section) else None


def pytest_ini_value(root: Path, key: str) -> list[str] | None:
    """A list-valued pytest ini option, from the file pytest itself would pick.

    pytest's order: pytest.ini (even without the key), pyproject.toml
    ``[tool.pytest.ini_options]``, tox.ini ``[pytest]``, setup.cfg ``[tool:pytest]``.
    """
    pytest_ini = _ini_section(root / "pytest.ini", "pytest")
    if (root / "pytest.ini").is_file():
        return _split(pytest_ini.get(key)) if pytest_ini else None
    options = (tool_table(root, "pytest") or {}).get("ini_options")
    if isinstance(options, dict):
        value = options.get(key)
        if isinstance(value, list):
            return [str(item) for item in value]
        return _split(value if isinstance(value, str) else None)
    for name, section in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        found = _ini_section(root / name, section)
        if found is not None:
            return _split(found.get(key))
    return None


def _split(value: str | None) -> list[str] | None:
    return value.split() if value else None
