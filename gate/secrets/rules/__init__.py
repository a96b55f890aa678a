"""The rule lists, one module per kind of secret; ``common`` holds what they share.

``plain_rules()`` orders every list but the base64 one (which scans its decoded value
with the provider rules); ``gate.secrets.catalog.all_rules()`` adds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gate.secrets.rules.common import Rule


def plain_rules() -> tuple[Rule, ...]:
    """Every rule except the encoded ones, in priority order (then definition order)."""
    # Imported here: building the rules costs tens of milliseconds, paid only when scanning.
    from gate.secrets.rules import assign, cli, generic, infra, providers, saas

    rules = (
        *providers.RULES,
        *saas.RULES,
        *infra.RULES,
        *generic.RULES,
        *assign.RULES,
        *cli.RULES,
    )
    return tuple(sorted(rules, key=lambda rule: rule.priority))
