"""Which assigned names announce a secret (``DB_PASSWORD``, ``apiKey``) and which do not."""

from __future__ import annotations

import re

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[_.\-]+")

SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "passphrase",
        "pass",
        "pwd",
        "secret",
        "secrets",
        "token",
        "key",
        "auth",
        "credential",
        "credentials",
        "creds",
        "apikey",
    }
)
# Single words that end in a secret word (``dbpassword``, ``authtoken``, ``secretkey``).
_COMPOUND_ENDINGS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "secretkey",
    "privatekey",
    "accesskey",
    "signingkey",
    "encryptionkey",
    "masterkey",
    "pwd",
)
# Parts after the secret word that keep it a secret (``secret_key_base``, ``PASSWORD_2``).
_TRAILING_OK = frozenset(
    {"value", "val", "str", "string", "b64", "base64", "encoded", "raw", "plain", "base", "hex"}
)
# Qualifiers that make the name something other than a credential (``public_key``,
# ``next_token``, ``password_hash`` is caught by its last word).
_NOT_SECRET = frozenset(
    {
        "public",
        "pub",
        "publishable",
        "hash",
        "hashed",
        "digest",
        "checksum",
        "sha",
        "md5",
        "cache",
        "sort",
        "primary",
        "partition",
        "foreign",
        "lookup",
        "dict",
        "map",
        "i18n",
        "translation",
        "next",
        "page",
        "pagination",
        "continuation",
        "cursor",
        "marker",
        "sync",
        "idempotency",
        "example",
        "sample",
        "dummy",
        "fake",
        "mock",
        "placeholder",
        "is",
        "has",
        "use",
        "enable",
        "show",
        "allow",
        "require",
        "keyboard",
        "hot",
        "range",
        "row",
        "column",
        "index",
        "registry",
        "unique",
        "object",
        "s3",
        "input",
        "output",
        "limit",
        "result",
        "results",
        "event",
        "change",
        "order",
        "group",
        "identity",
        "file",
        "bucket",
        "path",
        "folder",
        "prefix",
        "route",
    }
)


def name_parts(name: str) -> list[str]:
    """``dbPassword2`` -> ``["db", "password", "2"]``; ``X-Api-Key`` -> ``["x", "api", "key"]``."""
    snake = _CAMEL.sub("_", name.strip("._-\"'$@")).lower()
    return [part for part in _SPLIT.split(snake) if part]


def is_secret_name(name: str) -> bool:
    """Whether a value assigned to ``name`` is, by its name, meant to be secret."""
    parts = name_parts(name)
    while parts and (parts[-1].isdigit() or parts[-1] in _TRAILING_OK):
        parts.pop()
    if not parts:
        return False
    last = parts[-1].rstrip("0123456789")
    if last not in SECRET_WORDS and not last.endswith(_COMPOUND_ENDINGS):
        return False
    return not any(part in _NOT_SECRET for part in parts[:-1])
