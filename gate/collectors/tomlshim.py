"""The one tomllib shim of the gate: the standard library's on 3.11+, tomli on 3.10.

A leaf without YAML, so reading pyproject's ``[tool.gate]`` costs no YAML import.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["TOMLDecodeError", "loads", "tomllib"]

TOMLDecodeError = tomllib.TOMLDecodeError
loads = tomllib.loads
