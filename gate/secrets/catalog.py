"""The engine's front door: the full ordered rule list and the scanner for an engine name.

It sits above the scanner and both engines, so neither engine module imports the other.
"""

from __future__ import annotations

from functools import cache

from gate.secrets.rules import encoded, plain_rules
from gate.secrets.rules.common import Rule
from gate.secrets.scanner import Scanner


def all_rules() -> tuple[Rule, ...]:
    """Every rule in priority order (then definition order)."""
    return tuple(sorted((*plain_rules(), *encoded.RULES), key=lambda rule: rule.priority))


@cache
def get_scanner(engine: str = "auto") -> Scanner:
    """The scanner for ``engine``: ``auto`` (hyperscan when installed), ``hyperscan``, ``python``.

    Raises ``ValueError`` for an unknown engine and ``ImportError`` when ``hyperscan`` is
    asked for but not installed.
    """
    if engine not in {"auto", "hyperscan", "python"}:
        raise ValueError(f"unknown secret-scanning engine {engine!r}")
    if engine != "python":
        try:
            from gate.secrets.hs_engine import HyperscanScanner
        except ImportError:
            if engine == "hyperscan":
                raise
        else:
            return HyperscanScanner(all_rules())
    return Scanner(all_rules())


def rule_ids() -> list[str]:
    """Every rule id (kind of secret), in priority order.

    A kind may be found by more than one rule (an AWS secret key by its name or by the key
    id beside it); it is listed once.
    """
    return list(dict.fromkeys(rule.id for rule in all_rules()))


def rule_descriptions() -> dict[str, str]:
    """Rule id -> human name of the kind of secret, for generated documentation."""
    return {rule.id: rule.description for rule in all_rules() if rule.id}
