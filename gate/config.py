"""The gate's configuration: the model assembled from the registry, loading, defaults.

Policy settings live under ``policies: {ID: {...}}``; the top-level sections a family
shares are listed in ``gate.registry.SECTIONS``. Both are assembled into one strict model
from the registry, so adding a policy never means editing this file, and nothing depends
on what was imported before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from gate import registry
from gate.config_errors import format_error
from gate.errors import ConfigError
from gate.settings import (
    CONFIG_FILES,
    PYPROJECT,
    GateSettings,
    PolicySettings,
    Reader,
    RepoPath,
    discover,
    parse,
)

__all__ = [
    "CONFIG_FILES",
    "PYPROJECT",
    "Config",
    "GateSettings",
    "PolicySettings",
    "Reader",
    "RepoPath",
    "config_model",
    "defaults",
    "defaults_yaml",
    "discover",
    "json_schema",
    "load",
    "parse",
    "schema_model",
    "validate",
]


def config_model() -> type[BaseModel]:
    """The config model that validates: GateSettings + ``policies`` + the sections.

    Built from the registry's settings models alone, so reading a config imports no
    policy (a command imports only the policies it runs).
    """
    return _model(_registry_key(), described=False)


def schema_model() -> type[BaseModel]:
    """The same model with each policy's summary as its description (``gate schema``)."""
    return _model(_registry_key(), described=True)


def _registry_key() -> tuple[tuple[tuple[str, str], ...], ...]:
    # Keyed on the registry's content, so a test that adds an entry gets its own model.
    return (
        tuple(sorted(registry.POLICIES.items())),
        tuple(sorted(registry.SETTINGS.items())),
        tuple(sorted(registry.SECTIONS.items())),
    )


@lru_cache(maxsize=8)
def _model(key: tuple[tuple[tuple[str, str], ...], ...], described: bool) -> type[BaseModel]:
    policies, _, sections = key
    policy_fields: dict[str, Any] = {}
    for pid, _ in policies:
        settings = registry.load_settings(pid)
        if described:
            summary = registry.load(pid).summary()
            policy_fields[pid] = (settings, Field(default_factory=settings, description=summary))
        else:
            policy_fields[pid] = (settings, Field(default_factory=settings))
    policies_model = create_model(
        "PoliciesConfig", __config__=ConfigDict(extra="forbid"), **policy_fields
    )
    section_fields: dict[str, Any] = {}
    for name, _ in sections:
        section = registry.load_section(name)
        section_fields[name] = (section, Field(default_factory=section))
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
    schema: dict[str, Any] = schema_model().model_json_schema()
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
