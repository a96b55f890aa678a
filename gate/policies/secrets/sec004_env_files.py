"""SEC004: environment files (``.env`` and the like) committed with real values."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from gate.context import Context
from gate.findings import Finding, Location, Metric
from gate.policies.base import Policy, PolicySettings
from gate.policies.secrets.allowances import InlineAllowances
from gate.policies.secrets.common import (
    ENV_FILE_RULE,
    LineReader,
    head_file,
    load_baseline,
    scanner,
    stale_findings,
    tree_paths,
)
from gate.policies.secrets.settings import secrets_settings
from gate.secrets import checks
from gate.secrets.baseline import secret_key
from gate.secrets.pragmas import allowed_ids, allows

TEMPLATE_PARTS = frozenset(
    {"example", "examples", "sample", "samples", "template", "templates", "tpl", "dist",
     "default", "defaults", "schema"}
)  # fmt: skip
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s*(.*?)\s*$")
_SECRET_WORDS = frozenset(
    {"PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN", "KEY", "APIKEY",
     "CREDENTIAL", "CREDENTIALS", "AUTH", "PRIVATE", "SALT", "PASSPHRASE", "SIGNING"}
)  # fmt: skip
_SECRET_SUFFIXES = ("KEY", "TOKEN", "SECRET", "PASSWORD")
_PUBLIC_WORDS = frozenset({"PUBLIC", "PUBLISHABLE", "ID", "FILE", "PATH", "TTL", "TIMEOUT", "URL"})
# Connection strings hold a credential only through the password of the URL they carry.
_CONNECTION_WORDS = frozenset({"URL", "URI", "DSN", "CONNECTION", "CONN"})
FIX = (
    "Stop tracking the file (`git rm --cached FILE`), add it to .gitignore, rotate every value "
    "it held, and commit a `.env.example` with placeholders instead. Intended? Put "
    "`# gate: allow SEC004 <reason>` on any line of the file, or accept it with "
    "`gate secrets baseline --update`."
)
_FLAGS = frozenset({"yes", "no", "on", "off", "enabled", "disabled"})
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://(?:([^:@/\s]*):([^@/\s]*)@)?", re.IGNORECASE)


def is_env_file(path: str) -> bool:
    """``.env``, ``.env.*``, ``*.env`` and ``.envrc``, but not templates (``.env.example``)."""
    name = PurePosixPath(path).name.lower()
    if not (name in (".env", ".envrc") or name.startswith(".env.") or name.endswith(".env")):
        return False
    parts = set(re.split(r"[._\-]", name))
    return not parts & TEMPLATE_PARTS


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return re.split(r"(?:^|\s)#", value, maxsplit=1)[0].strip()


def is_placeholder(value: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether an env value is empty, a placeholder or template, a flag or a plain number."""
    if not value or value.lower() in extra or value.isdigit() or value.lower() in _FLAGS:
        return True
    url = _URL.match(value)
    if url:  # a URL is a credential only through its password
        password = url.group(2)
        return not password or is_placeholder(password, extra)
    return checks.is_placeholder(value) or checks.is_templated(value)


def _kind(name: str) -> str | None:
    """``secret`` or ``connection`` for a secret-like variable name, else None."""
    words = set(re.split(r"[_.\-]", name.upper()))
    if words & _SECRET_WORDS or any(w.endswith(_SECRET_SUFFIXES) for w in words):
        return None if words & _PUBLIC_WORDS else "secret"
    return "connection" if words & _CONNECTION_WORDS else None


def real_values(lines: list[str], extra: frozenset[str]) -> list[tuple[int, str]]:
    """(line number, name) of each secret-like name assigned a real value."""
    found = []
    for number, line in enumerate(lines, start=1):
        match = _ASSIGNMENT.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        name, value = match.group(1), _unquote(match.group(2))
        kind = _kind(name)
        if kind == "connection" and not _URL.match(value):
            continue
        if kind and not is_placeholder(value, extra):
            found.append((number, name))
    return found


@dataclass(frozen=True)
class EnvFile:
    """A committed environment file with real values, as SEC004 and the baseline see it."""

    path: str
    line: int
    names: tuple[str, ...]
    rule_matches: int
    key: str
    allowed_inline: bool


def env_files(ctx: Context) -> Iterator[EnvFile]:
    """Each environment file of the tree that holds a real value or a secret."""
    secrets = secrets_settings(ctx)
    extra = frozenset(p.lower() for p in secrets.placeholders)
    for path in (p for p in tree_paths(ctx) if is_env_file(p)):
        data = head_file(ctx, path, secrets)
        if data is None:
            continue
        lines = data.decode("utf-8", "replace").splitlines()
        named = real_values(lines, extra)
        matched = scanner(ctx).scan(data, path)
        if not named and not matched:
            continue
        names = tuple(sorted({name for _, name in named}))
        # Keyed by the names, not the values: rotating a value does not churn the baseline.
        digest = hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()
        yield EnvFile(
            path,
            min([n for n, _ in named] + [m.line for m in matched]),
            names,
            len(matched),
            secret_key(ENV_FILE_RULE, path, digest),
            any(allows(allowed_ids(line), "SEC004") for line in lines),
        )


class EnvFileCommitted(Policy[PolicySettings]):
    """An environment file (`.env`, `.env.production`, `prod.env`, ...) holds real values.

    Environment files hold a deployment's credentials and are meant to stay on the machine
    that uses them. A file named `.env`, `.env.*`, `*.env` or `.envrc` is reported when a
    secret-like name (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*KEY*`, `DATABASE_URL`, ...) has
    a real value, or when a secret rule matches in it. Templates (`.env.example`,
    `.env.sample`, `.env.template`, `.env.dist`, `example.env`, ...) are not: empty values
    and placeholders (`changeme`, `<your-key>`, `${VAR}`, `xxxx`) are what they are for. A
    real secret inside a template is still reported by SEC001. Extra placeholder words go
    in `secrets.placeholders`.

    Fix: `git rm --cached FILE`, add it to `.gitignore`, rotate the values it held, and
    commit a `.env.example` with placeholders instead. Intended (local dummy values)? Put
    `# gate: allow SEC004 <reason>` on any line of the file, or accept it in the baseline.
    """

    id = "SEC004"
    slug = "env-file-committed"
    title = "Environment file committed"

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        baseline = load_baseline(ctx)
        inline = InlineAllowances(ctx)  # a pragma a pull request adds needs approval
        seen: set[str] = set()
        allowed = baselined = 0
        for env in env_files(ctx):
            seen.add(env.key)
            if env.key in baseline:
                baselined += 1
                continue
            if env.allowed_inline and _inline_counts(ctx, inline, env.path):
                allowed += 1
                continue
            what = f"real values for {', '.join(env.names)}" if env.names else "a secret"
            if env.names and env.rule_matches:
                what += f" and {env.rule_matches} secret rule match(es)"
            yield self.finding(
                settings,
                f"environment file committed with {what}",
                location=Location(env.path, env.line, env.line),
                fingerprint=env.key,
                fix=FIX,
                properties={"rule_id": ENV_FILE_RULE},
            )
        if ctx.options.paths is None:
            stale = baseline.stale(seen, source="tree", rule_ids=[ENV_FILE_RULE])
            yield from stale_findings(ctx, self, settings, stale)
        yield Metric("env_files", sum(1 for path in tree_paths(ctx) if is_env_file(path)))
        yield Metric("allowed_inline", allowed)
        yield Metric("baselined", baselined)
        yield from inline.findings(self, settings)


def _inline_counts(ctx: Context, inline: InlineAllowances, path: str) -> bool:
    """A SEC004 pragma anywhere in the file, judged like every inline allowance."""
    data = head_file(ctx, path, secrets_settings(ctx)) or b""
    return inline.counts(path, LineReader(data), 1, data.count(b"\n") + 1, "SEC004")
