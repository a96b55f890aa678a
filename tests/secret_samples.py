"""Known secrets to plant in test repositories (made up; none was ever issued).

Shared by the SEC policy tests and the redaction test. Each value is a whole credential;
``fragments`` lists the pieces of it no output may show either.
"""

from __future__ import annotations

import zlib

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def github_token(prefix: str, body: str) -> str:
    """A GitHub-format token whose last six characters are the base62 CRC32 of ``body``."""
    number, digits = zlib.crc32(body.encode("ascii")), ""
    while number:
        number, rest = divmod(number, 62)
        digits = _BASE62[rest] + digits
    return f"{prefix}_{body}{digits.rjust(6, '0')}"


GITHUB_PAT = github_token("ghp", "Kq7Zt2Wm9Xr4Lp8Vn3Bc6Hd1Jf5Gs0")
GITHUB_PAT_2 = github_token("ghp", "Ye3Rw8Tq1Uz6Io4Pa9Sd2Fg7Hj5Kl0")
GITHUB_OAUTH = github_token("gho", "Nb5Mv2Cx8Zl4Kj7Hg1Fd3Sa6Qw9Er0")
# The pragmas keep this repository's own secret scan quiet about these made-up values.
AWS_KEY_ID = "AKIAZ7Q3RVN4WXK2M5PB"  # gate: allow SEC
STRIPE_KEY = "sk_live_" + "51Hq8ZrLm3VxT9wKp2Nc7Ys4Bd6Fg0Jh"  # gate: allow SEC
# gate: allow SEC
SLACK_WEBHOOK = "https://hooks.slack.com/services/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"
DB_PASSWORD = "Zq9vX2mK8pL4rT6wYb3N"  # gate: allow SEC

ALL = (GITHUB_PAT, GITHUB_PAT_2, GITHUB_OAUTH, AWS_KEY_ID, STRIPE_KEY, SLACK_WEBHOOK, DB_PASSWORD)


def fragments(value: str, size: int = 8) -> list[str]:
    """The value, its 8+ character tail and its middle: none may appear in any output."""
    return [value, value[-size:], value[len(value) // 2 - size // 2 :][:size]]
