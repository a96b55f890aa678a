"""Provider tokens hidden in base64 (Kubernetes ``data:`` values, CI variables, env dumps).

A block is decoded once, at most 4 KiB of it, and the decoded text is confirmed by the
provider rules themselves (fixed prefixes, checksums), so nothing here guesses.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import cache
from typing import TYPE_CHECKING

from gate.secrets.rules import plain_rules
from gate.secrets.rules.common import PROVIDER, Rule
from gate.secrets.scanner import Scanner

if TYPE_CHECKING:
    from gate.secrets.scanner import Scanner

# Token prefixes whose base64 form starts with a fixed run of characters.
_PREFIXES = (
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "sk_live_",
    "rk_live_",
    "xoxb-",
    "xoxp-",
    "AKIA",
    "ASIA",
    "npm_",
    "pypi-AgE",
    "hf_",
    "sk-ant-",
    "sk-proj-",
    "AIza",
)
# The characters of an encoding fixed by the prefix alone: 6 bits each, whole ones only.
ANCHORS = tuple(
    sorted({base64.b64encode(p.encode()).decode()[: len(p) * 8 // 6] for p in _PREFIXES})
)
_LIMIT = 4096


@cache
def _provider_scanner() -> Scanner:
    rules = tuple(r for r in plain_rules() if r.priority <= PROVIDER and r.id not in _OWN)
    return Scanner(rules)


def _decodes_to_token(value: str, match: re.Match[str], path: str) -> bool:
    text = value[:_LIMIT]
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return False
    return bool(_provider_scanner().scan(decoded, path))


_OWN = frozenset({"base64-encoded-token", "base64-private-key"})

RULES: tuple[Rule, ...] = (
    Rule(
        id="base64-encoded-token",
        description="Provider token, base64-encoded (Kubernetes secrets, CI variables)",
        pattern=re.compile(
            r"(?<![A-Za-z0-9+/])(?P<secret>(?:"
            + "|".join(re.escape(a) for a in ANCHORS)
            + r")[A-Za-z0-9+/]{12,8192}={0,2})(?![A-Za-z0-9+/=])"
        ),
        anchors=tuple(a.encode() for a in ANCHORS),
        validate=_decodes_to_token,
        priority=PROVIDER,
        binary=True,
    ),
)
