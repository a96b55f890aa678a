"""Settings as data: config file names, parsing, and the models every part shares.

A leaf: it knows policy IDs from ``gate.registry`` (a plain dict) and imports no policy,
so a family's settings module and the config model builder can both import it.

Settings are plain dataclasses: the embedded defaults are built without pydantic, which
costs more start-up time than a whole COV002 run otherwise takes. pydantic validates them
only when a config file is read (``gate.config``): it reads each class's
``__pydantic_config__``, each field's ``metadata`` (``description``, ``ge`` ...) and the
``Annotated`` checks below.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Final

from gate import registry
from gate.collectors import tomlshim
from gate.errors import ConfigError
from gate.findings import Severity

CONFIG_FILES = ("gate.yml", ".gate.yml", ".github/gate.yml")
PYPROJECT = "pyproject.toml"

# A settings class's ``__pydantic_config__``: an unknown key is an error, never ignored.
FORBID: Final[dict[str, Any]] = {"extra": "forbid"}


def setting(
    default: Any = MISSING,
    *,
    factory: Callable[[], Any] | None = None,
    description: str | None = None,
    **rules: float,
) -> Any:
    """A settings field: its default (or ``factory``), its description for the schema and
    its bounds (``ge``, ``gt``, ``le``), which pydantic enforces when a config is read."""
    metadata: dict[str, Any] = dict(rules)
    if description is not None:
        metadata["description"] = description
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


class Check:
    """``Annotated`` metadata: run ``function`` on a value after pydantic's own validation
    (with ``before``: ahead of it). pydantic is imported only when a config is validated;
    a ValueError becomes that key's "Value error, ..." message."""

    def __init__(self, function: Callable[[Any], Any], *, before: bool = False) -> None:
        self.function = function
        self.before = before

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        from pydantic_core import core_schema

        if self.before:
            return core_schema.no_info_before_validator_function(self.function, handler(source))
        return core_schema.no_info_after_validator_function(self.function, handler(source))


@dataclass(kw_only=True)
class PolicySettings:
    """Settings every policy has; a policy's own ``Settings`` subclasses this."""

    __pydantic_config__ = FORBID

    enabled: bool = True
    severity: Severity | None = None


def _known_selector(pattern: str) -> str:
    """A policy ID or prefix that names at least one policy, as the CLI demands.

    Without this an empty or misspelt selector silently selects (or ignores) everything.
    """
    if not pattern.strip():
        raise ValueError("an empty selector matches every policy")
    if not any(registry.matches(pid, [pattern]) for pid in registry.ids()):
        close = difflib.get_close_matches(pattern.upper(), registry.ids(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"no policy matches {pattern!r}{hint}")
    return pattern


def _inside_repository(path: str) -> str:
    """A repository-relative path that stays inside the repository."""
    if not path.strip():
        raise ValueError("the path is empty")
    posix, windows = PurePosixPath(path), PureWindowsPath(path)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or path.startswith("\\"):
        raise ValueError("must be a path relative to the repository root")
    if ".." in posix.parts or ".." in windows.parts:
        raise ValueError("must stay inside the repository (no `..`)")
    if "\x00" in path:
        raise ValueError("contains a NUL character")
    return path


Selector = Annotated[str, Check(_known_selector)]
RepoPath = Annotated[str, Check(_inside_repository)]


@dataclass(kw_only=True)
class GateSettings:
    """Settings of the gate itself (not of one policy)."""

    __pydantic_config__ = FORBID

    fail_on: Severity = setting(Severity.ERROR, description="Lowest severity that fails the gate.")
    select: list[Selector] = setting(
        factory=list,
        description="Policy IDs or prefixes to run (empty: every enabled policy).",
    )
    ignore: list[Selector] = setting(
        factory=list, description="Policy IDs or prefixes never to run."
    )
    exclude: list[str] = setting(
        factory=list,
        description="Path globs (repo-relative) that file-based policies skip.",
    )
    approvers: list[str] = setting(
        factory=list,
        description="GitHub logins whose approving review of a pull request's head commit "
        "approves the allowances it adds (read from the base on a pull request).",
    )


def parse(text: str, source: str) -> Any:
    """Parse one config file's text (YAML, or pyproject's ``[tool.gate]``)."""
    if source.endswith(".toml"):
        return _gate_table(_load_toml(text, source), source)
    import yaml  # only when there is a YAML config: a run on the defaults never needs it

    from gate.collectors.limits import TooLarge, check_yaml_size

    try:
        # Composed first so alias fan-out is bounded like every other YAML input.
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            check_yaml_size(node, source)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except TooLarge as error:
        raise ConfigError(str(error)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ConfigError(f"{source}: invalid YAML{where}: {problem}") from None
    except RecursionError:
        raise ConfigError(f"{source}: invalid YAML: nested too deeply") from None
    except ValueError as error:  # an integer beyond Python's digit limit
        raise ConfigError(f"{source}: invalid YAML: {error}") from None


def _load_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomlshim.loads(text)
    except tomlshim.TOMLDecodeError as error:
        raise ConfigError(f"{source}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{source}: invalid TOML: nested too deeply") from None
    except ValueError as error:  # an integer beyond Python's digit limit
        raise ConfigError(f"{source}: invalid TOML: {error}") from None


def _gate_table(document: dict[str, Any], source: str) -> Any:
    """``[tool.gate]`` of a parsed pyproject (None when absent)."""
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{source}: tool: must be a table, not {type(tool).__name__}")
    return tool.get("gate")


Reader = Callable[[str], "str | None"]


def discover(read: Reader) -> list[str]:
    """The config files present (pyproject counts only with a ``[tool.gate]`` table)."""
    found = [name for name in CONFIG_FILES if read(name) is not None]
    pyproject = read(PYPROJECT)
    if pyproject is not None:
        try:
            if _gate_table(_load_toml(pyproject, PYPROJECT), PYPROJECT) is not None:
                found.append(PYPROJECT)
        except ConfigError:
            pass  # a broken pyproject without our table is another policy's concern
    return found
