"""The generic rule: a random-looking value assigned to a secret-like name, in any syntax.

Covers ``name = value`` / ``name: value`` / ``name => value`` in code, YAML, JSON, TOML, INI,
``.env`` and shell, ``<password>value</password>`` in XML, ``--password value`` on command
lines, and ``curl -u user:password``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

from gate.secrets.checks import is_templated, looks_random
from gate.secrets.rules.common import ASSIGN, CONTEXT, GENERIC, Rule, password_ok
from gate.secrets.secret_names import is_secret_name

_LOCK_FILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "pipfile.lock",
        "pdm.lock",
        "uv.lock",
        "cargo.lock",
        "go.sum",
        "composer.lock",
        "gemfile.lock",
        "packages.lock.json",
        "flake.lock",
    }
)
# In code an unquoted right-hand side is an expression (a variable, a call), not a literal.
_CODE_SUFFIXES = frozenset(
    [
        ".py",
        ".pyi",
        ".js",
        ".jsx",
        ".ts",
        ".tsx",
        ".mjs",
        ".cjs",
        ".go",
        ".java",
        ".kt",
        ".kts",
        ".scala",
        ".groovy",
        ".rb",
        ".php",
        ".cs",
        ".c",
        ".h",
        ".cc",
        ".cpp",
        ".hpp",
        ".rs",
        ".swift",
        ".m",
        ".dart",
        ".lua",
        ".pl",
        ".tf",
        ".hcl",
        ".r",
        ".jl",
        ".ex",
        ".exs",
        ".vue",
        ".svelte",
    ]
)


@lru_cache(maxsize=4096)
def _path_kind(path: str) -> tuple[bool, bool]:
    """(is a lock file, is source code) for a path."""
    pure = PurePosixPath(path.lower())
    return pure.name in _LOCK_FILES, pure.suffix in _CODE_SUFFIXES


def _group(match: re.Match[str], name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _full_name(match: re.Match[str]) -> tuple[str, int]:
    """The assigned name and where it starts.

    The regex starts at the secret word, which keeps it linear on long runs of identifier
    characters; the rest of the name (``DB_`` in ``DB_PASSWORD``) is read leftwards here.
    """
    for group in ("name", "xname", "fname"):
        found = _group(match, group)
        if found:
            start = begin = match.start(group)
            text = match.string
            while begin > 0 and start - begin < 60 and text[begin - 1] in _NAME_CHARS:
                begin -= 1
            return text[begin:start] + found, begin
    return "", 0


def _generic(value: str, match: re.Match[str], path: str) -> bool:
    name, start = _full_name(match)
    if not is_secret_name(name):
        return False
    lock_file, code = _path_kind(path)
    if lock_file:
        return False
    # Badge images carry public read-only graph tokens (codecov's ``badge.svg?token=``).
    if start and match.string[start - 1] in "?&" and _BADGE.search(match.string, 0, start):
        return False
    unquoted = _group(match, "uq") is not None
    # ...unless it sits inside a string (``"Server=db;Password=..."``, ``?password=...``).
    if unquoted and code and (start == 0 or match.string[start - 1] not in ";?&\"'"):
        return False
    return looks_random(value)


_BADGE = re.compile(r"\.(?:svg|png)\?[^\s?]*$|/badge\b[^\s]*$")
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def _cli_basic(value: str, match: re.Match[str], path: str) -> bool:
    return not is_templated(match.group(0)) and password_ok(value, match.group("user"))


_WORD = r"(?:pass|pwd|secret|token|key|auth|cred)"
_TAIL = r"[A-Za-z0-9_\-]{0,12}"
# A backslash ends an unquoted value: it starts an escape (``\n`` in JSON strings of notebook
# outputs and logs), not a character of the secret.
_UNQUOTED = r"""[^\s"'`,;<>(){}\[\]\\]"""
_VALUE = (
    r""""(?P<dq>[^"\s]{8,500})"|'(?P<sq>[^'\s]{8,500})'|`(?P<bq>[^`\s]{8,500})`"""
    rf"|(?P<uq>{_UNQUOTED}{{8,500}})"
)
_GENERIC = (
    rf"(?P<name>(?i:{_WORD}){_TAIL}){ASSIGN}(?:{_VALUE})"
    rf"|<(?P<xname>[A-Za-z0-9_.\-:]{{0,60}}(?i:{_WORD}){_TAIL})>(?P<xv>[^<\s]{{8,500}})</"
    rf"|(?P<fname>--[A-Za-z0-9\-]{{0,20}}(?i:{_WORD}){_TAIL})[ \t]+[\"']?"
    rf"(?P<fv>{_UNQUOTED}{{8,500}})"
)
# Necessary conditions of _GENERIC on lower-cased bytes, one per word so each starts with
# a literal.
_TAIL_LOW = _TAIL.replace("A-Za-z", "a-z")
_GENERIC_PREFILTERS = (
    *(
        rf"""{word}{_TAIL_LOW}(?:{ASSIGN}(?:["'`]\S{{8}}|{_UNQUOTED}{{8}})|>[^<\s]{{8}})""".encode()
        for word in _WORD[3:-1].split("|")
    ),
    rf"""--[a-z0-9\-]{{0,20}}{_WORD}{_TAIL_LOW}[ \t]+["']?{_UNQUOTED}{{8}}""".encode(),
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="generic-secret",
        description="High-entropy value assigned to a secret-like name",
        pattern=re.compile(_GENERIC),
        prefilter=_GENERIC_PREFILTERS,
        validate=_generic,
        priority=GENERIC,
        secret_groups=("dq", "sq", "bq", "uq", "xv", "fv"),
    ),
    Rule(
        id="generic-secret",
        description="High-entropy value assigned to a secret-like name",
        # Kubernetes / compose style: "- name: DB_PASSWORD" and "value: ..." on the next line.
        pattern=re.compile(
            rf"""name:[ \t]*["']?(?P<name>[A-Za-z0-9_.\-]{{0,40}}(?i:{_WORD}){_TAIL})["']?"""
            rf"""[ \t]*\r?\n[ \t]*(?:-[ \t]+)?value:[ \t]*(?:{_VALUE})"""
        ),
        prefilter=(rf"""name:[ \t]*["']?[a-z0-9_.\-]{{0,40}}{_WORD}""".encode(),),
        validate=_generic,
        priority=GENERIC,
        multiline=True,
        window=2048,
        lines=2,
        secret_groups=("dq", "sq", "bq", "uq"),
    ),
    Rule(
        id="generic-secret",
        description="High-entropy value assigned to a secret-like name",
        # Terraform: variable "db_password" { ... default = "..." }
        pattern=re.compile(
            rf"""variable[ \t]+"(?P<name>[A-Za-z0-9_\-]{{0,40}}(?i:{_WORD}){_TAIL})"[ \t]*\{{"""
            rf"""[^}}]{{0,300}}?default[ \t]*=[ \t]*"(?P<dq>[^"\s]{{8,500}})\""""
        ),
        prefilter=(rf"""variable[ \t]+"[a-z0-9_\-]{{0,40}}{_WORD}""".encode(),),
        validate=_generic,
        priority=GENERIC,
        multiline=True,
        window=1024,
        lines=8,
        secret_groups=("dq",),
    ),
    Rule(
        id="cli-basic-auth",
        description="user:password given to curl/wget-style -u/--user options",
        pattern=re.compile(
            r"""(?<!\S)(?:-u|--user|--proxy-user)[ \t]+["']?(?P<user>[^\s:"'`]{1,64})"""
            r""":(?P<secret>[^\s"'`]{1,128})"""
        ),
        anchors=(b"-u ", b"-u\t", b"--user", b"--proxy-user"),
        validate=_cli_basic,
        priority=CONTEXT,
    ),
)
