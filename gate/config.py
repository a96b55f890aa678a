"""The gate's configuration: the model assembled from the registry, loading, defaults.

Policy settings live under ``policies: {ID: {...}}``; the top-level sections a family
shares are listed in ``gate.registry.SECTIONS``. Both are assembled into one strict model
from the registry, so adding a policy never means editing this file, and nothing depends
on what was imported before.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from gate import registry
from gate.errors import ConfigError
from gate.settings import (
    CONFIG_FILES,
    FORBID,
    PYPROJECT,
    GateSettings,
    PolicySettings,
    Reader,
    RepoPath,
    discover,
    parse,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter

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
    "dump",
    "json_schema",
    "load",
    "parse",
    "schema_model",
    "validate",
]


def config_model() -> type[GateSettings]:
    """The config's dataclass: GateSettings + ``policies`` + the sections.

    Built from the registry's settings classes alone, so reading a config imports no
    policy (a command imports only the policies it runs).
    """
    return _model(_registry_key(), described=False)


def schema_model() -> type[GateSettings]:
    """The same with each policy's summary as its description (``gate schema``)."""
    return _model(_registry_key(), described=True)


def _registry_key() -> tuple[tuple[tuple[str, str], ...], ...]:
    # Keyed on the registry's content, so a test that adds an entry gets its own model.
    return (
        tuple(sorted(registry.POLICIES.items())),
        tuple(sorted(registry.SETTINGS.items())),
        tuple(sorted(registry.SECTIONS.items())),
    )


def _default(cls: type[Any], description: str | None = None) -> Any:
    metadata = {"description": description} if description else {}
    return dataclasses.field(default_factory=cls, metadata=metadata)


@lru_cache(maxsize=8)
def _model(key: tuple[tuple[tuple[str, str], ...], ...], described: bool) -> type[GateSettings]:
    policies, _, sections = key
    policy_fields: list[tuple[str, Any, Any]] = []
    for pid, _ in policies:
        settings = registry.load_settings(pid)
        summary = registry.load(pid).summary() if described else None
        policy_fields.append((pid, settings, _default(settings, summary)))
    policies_model = dataclasses.make_dataclass(
        "PoliciesConfig", policy_fields, kw_only=True, namespace={"__pydantic_config__": FORBID}
    )
    fields: list[tuple[str, Any, Any]] = [("policies", policies_model, _default(policies_model))]
    for name, _ in sections:
        section = registry.load_section(name)
        fields.append((name, section, _default(section)))
    model: type[GateSettings] = dataclasses.make_dataclass(
        "GateConfig", fields, bases=(GateSettings,), kw_only=True
    )
    return model


_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def _adapter(model: type[Any]) -> TypeAdapter[Any]:
    """pydantic's validator and serializer of a settings dataclass, built once per class."""
    if model not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


class Config:
    """A configuration and where it came from (``source`` "<defaults>": the embedded ones).

    ``model`` is the validated config (an instance of ``config_model()``); for the
    defaults it is None until asked for, and each policy's or section's settings are
    built alone when first read, so a run on the defaults builds only what it uses.
    """

    def __init__(
        self, model: GateSettings | None, source: str | None, data: dict[str, Any] | None = None
    ) -> None:
        self._model = model
        self.source = source
        self._data = data or {}
        self._built: dict[str, Any] = {}

    def given(self, policy_id: str) -> frozenset[str]:
        """The keys the config file sets for ``policy_id`` (a default differs in meaning
        from the same value written down, e.g. a WF policy "enabled" on purpose)."""
        policies = self._data.get("policies")
        keys = policies.get(policy_id) if isinstance(policies, dict) else None
        return frozenset(keys) if isinstance(keys, dict) else frozenset()

    @property
    def model(self) -> GateSettings:
        if self._model is None:
            self._model = config_model()()
        return self._model

    def _lazy(self, key: str, build: Any) -> Any:
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    @property
    def gate(self) -> GateSettings:
        if self._model is None:
            settings: GateSettings = self._lazy("gate", GateSettings)
            return settings
        return self._model

    def policy(self, policy_id: str) -> PolicySettings:
        if self._model is None:
            built: PolicySettings = self._lazy(policy_id, registry.load_settings(policy_id))
            return built
        settings: PolicySettings = getattr(self._model.policies, policy_id)  # type: ignore[attr-defined]
        return settings

    def section(self, name: str) -> Any:
        if self._model is None:
            return self._lazy(f"section:{name}", registry.load_section(name))
        return getattr(self._model, name)


def validate(data: Any, source: str, text: str | None = None) -> Config:
    """Validate raw config data; errors list every problem with its file, line (when
    ``text``, the file's content, is given) and key path."""
    from pydantic import ValidationError

    from gate.config_errors import format_error

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{source}: the configuration must be a mapping, not {type(data).__name__}"
        )
    model = config_model()
    try:
        return Config(_adapter(model).validate_python(data), source, data)
    except ValidationError as error:
        raise ConfigError(format_error(source, error, model, text)) from None


def defaults() -> Config:
    """The embedded defaults, used when a repository has no configuration."""
    return Config(None, "<defaults>")


def dump(settings: Any) -> Any:
    """Settings (or a whole config) as JSON-ready data: enums as their values."""
    return _adapter(type(settings)).dump_python(settings, mode="json")


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
    schema: dict[str, Any] = _adapter(schema_model()).json_schema()
    schema["title"] = "policy-gate configuration"
    return schema


def defaults_yaml() -> str:
    """The embedded defaults spelled out as a gate.yml (README and ``gate init`` use it)."""
    import yaml

    data = dump(defaults().model)
    header = (
        "# policy-gate configuration: every key with its default value.\n"
        "# `gate explain ID` documents each policy; `gate schema` prints the JSON Schema.\n"
    )
    body: str = yaml.safe_dump(data, sort_keys=False, default_flow_style=False)
    return header + body
