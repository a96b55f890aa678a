"""The gate's configuration: pydantic models, discovery, loading and embedded defaults.

Policy settings live under ``policies: {ID: {...}}``; a policy family that shares
settings between its policies registers a top-level section with ``register_section``.
Both are assembled into one strict model at load time, so adding a policy never means
editing this file.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model

from gate.collectors.limits import TooLarge, check_yaml_size
from gate.config_errors import format_error
from gate.errors import ConfigError
from gate.findings import Severity
from gate.policies import PolicySettings, load_all

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

CONFIG_FILES = ("gate.yml", ".gate.yml", ".github/gate.yml")
PYPROJECT = "pyproject.toml"

SECTIONS: dict[str, type[BaseModel]] = {}


def register_section(name: str, model: type[BaseModel]) -> type[BaseModel]:
    """Register a top-level config section shared by a policy family (e.g. ``secrets``)."""
    SECTIONS[name] = model
    return model


def _known_selector(pattern: str) -> str:
    """A policy ID or prefix that names at least one policy, as the CLI demands.

    Without this an empty or misspelt selector silently selects (or ignores) everything.
    """
    if not pattern.strip():
        raise ValueError("an empty selector matches every policy")
    if not any(pid.upper().startswith(pattern.upper()) for pid in load_all()):
        close = difflib.get_close_matches(pattern.upper(), list(load_all()), n=1)
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


Selector = Annotated[str, AfterValidator(_known_selector)]
RepoPath = Annotated[str, AfterValidator(_inside_repository)]


class GateSettings(BaseModel):
    """Settings of the gate itself (not of one policy)."""

    model_config = ConfigDict(extra="forbid")

    fail_on: Severity = Field(Severity.ERROR, description="Lowest severity that fails the gate.")
    select: list[Selector] = Field(
        default_factory=list,
        description="Policy IDs or prefixes to run (empty: every enabled policy).",
    )
    ignore: list[Selector] = Field(
        default_factory=list, description="Policy IDs or prefixes never to run."
    )
    exclude: list[str] = Field(
        default_factory=list,
        description="Path globs (repo-relative) that file-based policies skip.",
    )
    approvers: list[str] = Field(
        default_factory=list,
        description="GitHub logins whose approving review of a pull request's head commit "
        "approves the allowances it adds (read from the base on a pull request).",
    )


@lru_cache(maxsize=1)
def config_model() -> type[BaseModel]:
    """The full config model: GateSettings + ``policies`` + registered sections."""
    import gate.publish.settings  # noqa: F401 - registers the ``publish:`` section
    from gate.reporters import sarif_settings  # noqa: F401 - registers the ``sarif:`` section

    policies = load_all()
    policy_fields: dict[str, Any] = {
        pid: (cls.Settings, Field(default_factory=cls.Settings, description=cls.summary()))
        for pid, cls in policies.items()
    }
    policies_model = create_model(
        "PoliciesConfig", __config__=ConfigDict(extra="forbid"), **policy_fields
    )
    section_fields: dict[str, Any] = {
        name: (model, Field(default_factory=model)) for name, model in sorted(SECTIONS.items())
    }
    model: type[BaseModel] = create_model(
        "GateConfig",
        __base__=GateSettings,
        policies=(policies_model, Field(default_factory=policies_model)),
        **section_fields,
    )
    return model


@dataclass(frozen=True)
class Config:
    """A validated configuration and where it came from (``None``: embedded defaults)."""

    model: Any
    source: str | None

    @property
    def gate(self) -> GateSettings:
        settings: GateSettings = self.model
        return settings

    def policy(self, policy_id: str) -> PolicySettings:
        settings: PolicySettings = getattr(self.model.policies, policy_id)
        return settings

    def section(self, name: str) -> Any:
        return getattr(self.model, name)


def validate(data: Any, source: str, text: str | None = None) -> Config:
    """Validate raw config data; errors list every problem with its file, line (when
    ``text``, the file's content, is given) and key path."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{source}: the configuration must be a mapping, not {type(data).__name__}"
        )
    try:
        return Config(config_model().model_validate(data), source)
    except ValidationError as error:
        model = config_model()
        raise ConfigError(format_error(source, error, model, text)) from None


def defaults() -> Config:
    """The embedded defaults, used when a repository has no configuration."""
    return validate({}, "<defaults>")


def parse(text: str, source: str) -> Any:
    """Parse one config file's text (YAML, or pyproject's ``[tool.gate]``)."""
    if source.endswith(".toml"):
        return _gate_table(_load_toml(text, source), source)
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
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
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


def load(read: Reader, explicit: str | None = None) -> Config:
    """Load the configuration through ``read`` (working tree or a trusted git ref)."""
    if explicit is not None:
        text = read(explicit)
        if text is None:
            raise ConfigError(f"{explicit}: config file not found")
        return validate(parse(text, explicit), explicit, text)
    found = discover(read)
    if len(found) > 1:
        raise ConfigError(f"two gate configurations found: {found[0]} and {found[1]}; keep one")
    if not found:
        return defaults()
    text = read(found[0])
    assert text is not None
    return validate(parse(text, found[0]), found[0], text)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the configuration (``gate schema``)."""
    schema: dict[str, Any] = config_model().model_json_schema()
    schema["title"] = "policy-gate configuration"
    return schema


def defaults_yaml() -> str:
    """The embedded defaults spelled out as a gate.yml (README and ``gate init`` use it)."""
    data = defaults().model.model_dump(mode="json")
    header = (
        "# policy-gate configuration: every key with its default value.\n"
        "# `gate explain ID` documents each policy; `gate schema` prints the JSON Schema.\n"
    )
    body: str = yaml.safe_dump(data, sort_keys=False, default_flow_style=False)
    return header + body
