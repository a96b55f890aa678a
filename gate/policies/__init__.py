"""Policies: one module per policy family; importing this package registers them all."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from gate.policies.base import REGISTRY, Policy, PolicySettings


def load_all() -> dict[str, type[Policy[Any]]]:
    """Import every module in this package so each Policy subclass registers itself."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(REGISTRY.items()))


__all__ = ["REGISTRY", "Policy", "PolicySettings", "load_all"]
