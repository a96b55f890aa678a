"""The one list of policies and config sections: ID -> ``module:Class``, imported on demand.

Adding a policy is one line here (plus its module and test). Nothing registers itself on
import, so the config model never depends on what happened to be imported first, and a
command imports only the policies it runs: this module imports nothing of the gate.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gate.policies.base import Policy

POLICIES: dict[str, str] = {
    "COV001": "gate.policies.coverage.cov001_total:TotalCoverage",
    "COV002": "gate.policies.coverage.cov002_changed:ChangedLineCoverage",
    "COV003": "gate.policies.coverage.cov003_baseline:CoverageDrop",
    "GATE001": "gate.policies.gate.gate001_config:ConfigChanged",
    "PIN001": "gate.policies.pins.pin001_requirements:RequirementsPinned",
    "PIN002": "gate.policies.pins.pin002_locks:LockFileInSync",
    "PIN003": "gate.policies.pins.pin003_actions:ActionsPinned",
    "PIN004": "gate.policies.pins.pin004_docker:DockerImagesPinned",
    "PIN005": "gate.policies.pins.pin005_precommit:PrecommitRevsPinned",
    "PIN006": "gate.policies.pins.pin006_images:ImagesPinned",
    "PIN007": "gate.policies.pins.pin007_scripts:ScriptsPinned",
    "READY001": "gate.policies.ready.ready001_silent_failures:SilentFailures",
    "READY002": "gate.policies.ready.ready002_oversized:OversizedCode",
    "READY003": "gate.policies.ready.ready003_debug_output:DebugOutput",
    "READY004": "gate.policies.ready.ready004_release_hygiene:ReleaseHygiene",
    "READY005": "gate.policies.ready.ready005_ci_present:CiPresent",
    "READY006": "gate.policies.ready.ready006_health_route:HealthRoute",
    "READY007": "gate.policies.ready.ready007_environment_settings:EnvironmentSettings",
    "READY008": "gate.policies.ready.ready008_js_debug_output:JsDebugOutput",
    "SEC001": "gate.policies.secrets.sec001_tree:SecretsInTree",
    "SEC002": "gate.policies.secrets.sec002_diff:SecretsInChange",
    "SEC003": "gate.policies.secrets.sec003_history:SecretsInHistory",
    "SEC004": "gate.policies.secrets.sec004_env_files:EnvFileCommitted",
    "WF001": "gate.policies.workflows.wf001_zizmor:ZizmorAudit",
    "WF002": "gate.policies.workflows.wf002_actionlint:ActionlintAudit",
}

# The settings model of each policy that has its own (the others take PolicySettings):
# the config is validated from these light modules, without importing any policy.
_COV = "gate.policies.coverage.settings"
_READY = "gate.policies.ready.settings:ReadySettings"
_WF = "gate.policies.workflows.settings:AuditSettings"
SETTINGS: dict[str, str] = {
    "COV001": f"{_COV}:TotalSettings",
    "COV002": f"{_COV}:ChangedSettings",
    "COV003": f"{_COV}:DropSettings",
    "PIN006": "gate.policies.pins.settings:ImageSettings",
    "PIN007": "gate.policies.pins.settings:ScriptSettings",
    **{f"READY00{n}": _READY for n in range(1, 9)},
    "WF001": _WF,
    "WF002": _WF,
}
DEFAULT_SETTINGS = "gate.settings:PolicySettings"

# Top-level config sections shared by a family of policies (or another part of the gate).
SECTIONS: dict[str, str] = {
    "pins": "gate.policies.pins.settings:PinsSection",
    "publish": "gate.publish.settings:PublishSettings",
    "ready": "gate.policies.ready.settings:ReadySection",
    "sarif": "gate.reporters.sarif_settings:SarifSettings",
    "secrets": "gate.policies.secrets.settings:SecretsSettings",
}


def _resolve(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def ids() -> list[str]:
    """Every policy ID, sorted, without importing a policy."""
    return sorted(POLICIES)


def matches(policy_id: str, patterns: Iterable[str]) -> bool:
    """Whether an ID or prefix in ``patterns`` selects ``policy_id`` (case-insensitive)."""
    return any(policy_id.upper().startswith(p.upper()) for p in patterns)


def load(policy_id: str) -> type[Policy[Any]]:
    """The policy class of one ID (imports its module only)."""
    cls: type[Policy[Any]] = _resolve(POLICIES[policy_id])
    return cls


def load_all() -> dict[str, type[Policy[Any]]]:
    """Every policy class by ID, sorted (imports every policy module)."""
    return {policy_id: load(policy_id) for policy_id in ids()}


def load_settings(policy_id: str) -> Any:
    """The settings model of one policy, without importing the policy."""
    return _resolve(SETTINGS.get(policy_id, DEFAULT_SETTINGS))


def load_section(name: str) -> Any:
    """The settings model of one top-level config section."""
    return _resolve(SECTIONS[name])
