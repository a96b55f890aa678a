"""The coverage.py configuration the gate reads coverage with: the trusted side's, no plugins.

A pull request must not choose how it is measured: on a pull request the configuration
comes from the base commit (read through git, never from the working tree), and in
every case the plugins it names are dropped rather than imported, since importing them
would run the checkout's code inside the gate.
"""

from __future__ import annotations

import copy
import io
import tempfile
import warnings
from collections.abc import Mapping
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
# coverage.py's default ``[report] precision``, answered without importing coverage.py
# (about 40 ms) when no file configures it; a test holds it to the installed version's.
DEFAULT_PRECISION = 0


class CoverageSettings:
    """A coverage.py configuration and where it came from, parsed when first needed.

    Reading the files costs nothing; parsing them imports coverage.py (about 40 ms of a
    run that otherwise takes a few more). So ``config`` is parsed by coverage.py on first
    use, and a bad configuration is an error there (once: the same error is raised again
    to every later reader), when a value of it is needed: a data file's name, a report's
    precision, an unmeasured changed file, an added pragma, or a pull request whose
    configuration differs from its base's. When no file configures coverage
    (``default``), ``precision`` is coverage.py's default without parsing anything.
    """

    def __init__(
        self, origin: str, files: Mapping[str, bytes | None], *, default: bool = False
    ) -> None:
        self.origin = origin
        self.files = dict(files)
        self.default = default
        self.plugins: tuple[str, ...] = ()  # named by the configuration, never loaded
        self._config: Any = None  # coverage.config.CoverageConfig (untyped for mypy)
        self._error: InputError | None = None

    @property
    def config(self) -> Any:
        if self._error is not None:
            raise self._error
        if self._config is None:
            try:
                self._config, self.plugins = _parse(self.files)
            except InputError as error:
                self._error = error
                raise
        return self._config

    @property
    def precision(self) -> int:
        """``[report] precision``: the decimals ``coverage report`` shows."""
        return DEFAULT_PRECISION if self.default else int(self.config.precision)

    def settings(self) -> dict[str, Any]:
        """The configuration's values, for comparing two configurations."""
        return {k: v for k, v in vars(self.config).items() if k not in _NOT_SETTINGS}

    def same_as(self, other: CoverageSettings) -> bool:
        """Whether two configurations hold the same values: without parsing either when
        both are the defaults or both come from byte-identical files."""
        if self.default and other.default:
            return True
        return same_files(self.files, other.files) or self.settings() == other.settings()


def same_files(one: Mapping[str, bytes | None], other: Mapping[str, bytes | None]) -> bool:
    """Whether two sets of configuration files are byte for byte the same (absent in
    both counts as the same): coverage.py then reads the same configuration from both."""
    return all(one.get(name) == other.get(name) for name in CONFIG_FILES)


def one_line(text: str) -> str:
    """coverage.py's config errors span lines; the gate's error output is one line."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) or "invalid"


def _supported() -> tuple[str, ...]:
    """The config files this coverage.py version reads (``.coveragerc.toml`` is recent)."""
    from coverage import config

    known = {name for name, _ours, _given in config.config_files_to_try(".coveragerc")}
    return tuple(name for name in CONFIG_FILES if name in known)


def read_settings(files: Mapping[str, bytes | None], origin: str) -> CoverageSettings:
    """The configuration coverage.py would find in ``files`` (name -> content, None when
    absent) in a project root, parsed on first use; errors are one-line InputErrors
    naming the file."""
    return CoverageSettings(origin, files, default=configures_nothing(files))


def configures_nothing(files: Mapping[str, bytes | None]) -> bool:
    """Whether none of ``files`` configures coverage.py, which then runs on its defaults.

    Exact, not a guess: setup.cfg and tox.ini read as coverage.py reads them (UTF-8,
    ``ConfigParser`` without interpolation) with no ``coverage:`` section, pyproject.toml
    parsed by the TOML parser coverage.py uses with no ``tool.coverage``, and no file of
    coverage.py's own. Any doubt (a file that does not parse) answers False, leaving the
    file to coverage.py, which says what is wrong with it.
    """
    if any(files.get(name) is not None for name in _OUR_FILES):
        return False
    for name in ("setup.cfg", "tox.ini"):
        content = files.get(name)
        if content is not None and not _ini_without_coverage(content, name):
            return False
    content = files.get("pyproject.toml")
    return content is None or _toml_without_coverage(content)


def _text(content: bytes) -> io.TextIOWrapper:
    """``content`` as ``open(name, encoding="utf-8")`` gives it to coverage.py's parsers
    (strict UTF-8, a BOM kept, universal newlines)."""
    return io.TextIOWrapper(io.BytesIO(content), encoding="utf-8")


def _ini_without_coverage(content: bytes, name: str) -> bool:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_file(_text(content), source=name)
    except Exception:  # noqa: BLE001 - any failure is coverage.py's to report
        return False
    return not any(section.startswith("coverage:") for section in parser.sections())


def _toml_without_coverage(content: bytes) -> bool:
    from gate.collectors import tomlshim

    try:
        data = tomlshim.loads(_text(content).read())
    except Exception:  # noqa: BLE001 - any failure is coverage.py's to report
        return False
    # coverage.py looks up tool.coverage.<section>; a ``tool`` that is not a table
    # makes that lookup fail, which is coverage.py's to report too.
    tool = data.get("tool", {})
    return isinstance(tool, dict) and "coverage" not in tool


def _parse(files: Mapping[str, bytes | None]) -> tuple[Any, tuple[str, ...]]:
    """The configuration coverage.py reads from ``files``, and the plugins it names
    (dropped from the configuration)."""
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
    return config, plugins


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
    return git.show_many(ref, CONFIG_FILES)


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
