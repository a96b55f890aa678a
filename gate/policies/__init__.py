"""Policies, one package per family and one module per policy, named by ID (cov001_total.py).

``gate.registry`` lists them; importing this package imports none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gate.policies.base import Policy


def load_all() -> dict[str, type[Policy[Any]]]:
    """Every registered policy class by ID (kept for callers of the old entry point)."""
    from gate import registry

    return registry.load_all()


__all__ = ["load_all"]
