"""What READY007 reads: per-environment settings files and the literal values they hold."""

from __future__ import annotations

import ast
import configparser
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

import yaml

from gate.collectors.tomlshim import tomllib

PRODUCTION = frozenset({"prod", "production", "prd", "live"})
SETTINGS_SUFFIXES = frozenset({".py", ".yaml", ".yml", ".json", ".toml", ".ini", ".cfg"})
_DEPLOYMENT_WORDS = frozenset(
    {"URL", "URI", "HOST", "HOSTNAME", "DSN", "DATABASE", "DB", "PASSWORD", "PASSWD", "SECRET",
     "KEY", "TOKEN", "ENDPOINT", "BUCKET", "SERVER", "DOMAIN", "REDIS", "BROKER", "USER",
     "USERNAME", "CREDENTIALS", "APIKEY"}
)  # fmt: skip
_TEMPLATED = re.compile(r"\$\{|\{\{|%\(|\$\(|^\$|^env:", re.IGNORECASE)
_READS_DOTENV = re.compile(
    rb"load_dotenv\(|dotenv_values\(|read_env\(|env_file\s*=\s*['\"][^'\"]*\.env"
)


def reads_dotenv(source: bytes) -> bool:
    """Whether a module loads a .env file (the substring test skips most modules fast)."""
    return b"env" in source and _READS_DOTENV.search(source) is not None


ENV_TEMPLATES = (".env.example", ".env.sample", ".env.template", ".env.dist", "example.env")


def is_production_settings(path: str) -> bool:
    """``settings/prod.py``, ``config.production.yaml``, ``prod/settings.json``, ..."""
    pure = PurePosixPath(path)
    if pure.suffix.lower() not in SETTINGS_SUFFIXES or pure.name.startswith(".env"):
        return False
    words = set(re.split(r"[._\-/]", path.lower()[: -len(pure.suffix)]))
    settingsish = words & {"settings", "config", "conf", "configuration", "environments", "env"}
    named = pure.stem.lower() in PRODUCTION or bool(settingsish)
    return bool(words & PRODUCTION) and named


def _deployment_key(name: str) -> bool:
    words = set(re.split(r"[^A-Z0-9]+", name.upper()))
    return bool(words & _DEPLOYMENT_WORDS) or any(w.endswith(("URL", "KEY")) for w in words if w)


def _literal(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not _TEMPLATED.search(value)


def _walk(data: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}{key}"
            if isinstance(value, (dict, list)):
                yield from _walk(value, name + ".")
            elif _deployment_key(str(key)) and _literal(value):
                yield name
    elif isinstance(data, list):
        for item in data:
            yield from _walk(item, prefix)


def _python(source: bytes) -> list[tuple[int, str]]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        value = getattr(node, "value", None)
        for target in targets:
            if not isinstance(target, ast.Name) or not target.id.isupper():
                continue
            if isinstance(value, ast.Constant) and _deployment_key(target.id):
                if _literal(value.value):
                    found.append((node.lineno, target.id))
            elif isinstance(value, ast.Dict):
                found += [(node.lineno, f"{target.id}.{n}") for n in _walk(_constants(value))]
    return found


def _constants(node: ast.AST) -> Any:
    """A dict/list display's literal part (other expressions become None: not literal)."""
    if isinstance(node, ast.Dict):
        return {
            k.value: _constants(v)
            for k, v in zip(node.keys, node.values, strict=True)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        }
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_constants(e) for e in node.elts]
    return node.value if isinstance(node, ast.Constant) else None


def literal_settings(path: str, source: bytes) -> list[tuple[int | None, str]]:
    """(line or None, setting name) of each deployment value written as a literal."""
    if path.endswith(".py"):
        return [(line, name) for line, name in _python(source)]
    text = source.decode("utf-8", "replace")
    try:
        if path.endswith(".toml"):
            data: Any = tomllib.loads(text)
        elif path.endswith((".ini", ".cfg")):
            data = _ini(text)
        else:
            data = yaml.safe_load(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, configparser.Error, ValueError):
        return []
    return [(None, name) for name in _walk(data)]


def _ini(text: str) -> dict[str, dict[str, str]]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    return {section: dict(parser[section]) for section in parser.sections()}
