"""The coverage.py configuration the gate reads coverage with: the trusted side's, no plugins.

A pull request must not choose how it is measured: on a pull request the configuration
comes from the base commit (read through git, never from the working tree), and in
every case the plugins it names are dropped rather than imported, since importing them
would run the checkout's code inside the gate.
"""

from __future__ import annotations

import copy
import tempfile
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gate.errors import InputError
from gate.git import Git

# The files coverage.py reads its configuration from, in the order it tries them.
CONFIG_FILES = (".coveragerc", ".coveragerc.toml", "setup.cfg", "tox.ini", "pyproject.toml")
_OUR_FILES = frozenset({".coveragerc", ".coveragerc.toml"})
# Bookkeeping attributes of coverage.py's config object, not settings.
_NOT_SETTINGS = frozenset(
    {"config_files_attempted", "config_files_read", "config_file", "_config_contents"}
)


@dataclass(frozen=True)
class CoverageSettings:
    """A parsed coverage.py configuration and where it came from."""

    config: Any  # coverage.config.CoverageConfig (untyped for mypy)
    origin: str
    files: Mapping[str, bytes | None] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()  # named by the configuration, never loaded

    def settings(self) -> dict[str, Any]:
        """The configuration's values, for comparing two configurations."""
        return {k: v for k, v in vars(self.config).items() if k not in _NOT_SETTINGS}


def one_line(text: str) -> str:
    """coverage.py's config errors span lines; the gate's error output is one line."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) or "invalid"


def _supported() -> tuple[str, ...]:
    """The config files this coverage.py version reads (``.coveragerc.toml`` is recent)."""
    from coverage import config

    known = {name for name, _ours, _given in config.config_files_to_try(".coveragerc")}
    return tuple(name for name in CONFIG_FILES if name in known)


def read_settings(files: Mapping[str, bytes | None], origin: str) -> CoverageSettings:
    """Parse ``files`` (name -> content, None when absent) as coverage.py would find them
    in a project root; errors are one-line InputErrors naming the file."""
    from coverage.config import CoverageConfig
    from coverage.exceptions import CoverageException

    config = CoverageConfig()
    read_from: str | None = None
    with tempfile.TemporaryDirectory(prefix="gate-coveragerc-") as scratch:
        for name in _supported():
            content = files.get(name)
            if content is None:
                continue
            target = Path(scratch) / name
            target.write_bytes(content)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    found = config.from_file(str(target), lambda _m: None, name in _OUR_FILES)
            except UnicodeDecodeError:
                raise InputError("not UTF-8 text", path=name) from None
            except (CoverageException, ValueError, TypeError) as error:
                message = one_line(str(error)).replace(str(target), name)
                raise InputError(f"invalid coverage configuration: {message}", path=name) from None
            if found:
                read_from = name
                break
        try:
            config.post_process()
        except CoverageException as error:
            message = f"invalid coverage configuration: {one_line(str(error))}"
            raise InputError(message, path=read_from) from None
    plugins = tuple(config.plugins)
    config.plugins = []
    return CoverageSettings(config, origin, dict(files), plugins)


def working_tree_files(root: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for name in CONFIG_FILES:
        path = root / name
        try:
            out[name] = path.read_bytes() if path.is_file() else None
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror}", path=name) from None
    return out


def commit_files(git: Git, ref: str) -> dict[str, bytes | None]:
    return {name: git.show(ref, name) for name in CONFIG_FILES}


def make_coverage(settings: CoverageSettings, data_file: str | None) -> Any:
    """A ``Coverage`` object using ``settings`` (plugins already dropped), not the cwd's
    configuration files; coverage.py allows replacing its config before first use."""
    import coverage

    cov = coverage.Coverage(data_file=data_file, config_file=False)
    config = copy.deepcopy(settings.config)
    if data_file is not None:
        config.data_file = data_file
    config.plugins = []
    cov.config = config
    return cov
