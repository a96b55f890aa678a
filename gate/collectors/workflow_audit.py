"""Run zizmor and actionlint on a copy of the workflow files and parse what they report."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gate.errors import InputError, MissingInput

ZIZMOR_CONFIGS = ("zizmor.yml", "zizmor.yaml", ".github/zizmor.yml", ".github/zizmor.yaml")
ACTIONLINT_CONFIGS = (".github/actionlint.yaml", ".github/actionlint.yml")
# PIN003/PIN004 judge pins; zizmor's own pin audits would report the same line twice.
ZIZMOR_DISABLED = ("unpinned-uses", "unpinned-images")
ACTIONLINT_DOCS = "https://github.com/rhysd/actionlint/blob/main/docs/checks.md"
# Comments that tell a tool to look away: zizmor's and shellcheck's (inside `run:`).
IGNORE_COMMENT = re.compile(r"#\s*(zizmor:\s*ignore\[[^\]]*\]|shellcheck\s+disable=\S+)")
_SHELLCHECK_CODE = re.compile(r"\bSC\d{4}\b")


@dataclass(frozen=True)
class ToolFinding:
    """One finding of zizmor or actionlint, on a repository path and line."""

    tool: str
    rule: str
    path: str
    line: int | None
    end_line: int | None
    message: str
    severity: str  # the tool's own word: zizmor's high/medium/low/informational, or "error"
    url: str


def find_tool(name: str) -> str | None:
    """The tool beside the running interpreter (the gate's own environment), else on PATH."""
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        candidate = folder / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def ignore_comments(text: str) -> dict[str, int]:
    """Each ignore comment in ``text`` -> how many times it occurs."""
    found: dict[str, int] = {}
    for match in IGNORE_COMMENT.finditer(text):
        key = re.sub(r"\s+", " ", match.group(1))
        found[key] = found.get(key, 0) + 1
    return found


def added_ignores(head: str, base: str | None) -> list[tuple[int, str]]:
    """(line, comment) for each ignore comment in ``head`` that ``base`` did not have."""
    budget = ignore_comments(base or "")
    added = []
    for number, line in enumerate(head.splitlines(), start=1):
        for match in IGNORE_COMMENT.finditer(line):
            key = re.sub(r"\s+", " ", match.group(1))
            if budget.get(key, 0) > 0:
                budget[key] -= 1
            else:
                added.append((number, key))
    return added


def neutralise(text: str, lines: Sequence[int]) -> str:
    """``text`` with the ignore comments on ``lines`` defused (same line numbers)."""
    wanted = set(lines)
    out = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if number in wanted:
            line = IGNORE_COMMENT.sub(lambda m: "# (ignore awaiting approval)", line)
        out.append(line)
    return "".join(out)


def zizmor_config(base_text: str | None, source: str) -> str:
    """The base's zizmor config with the pin audits disabled, as YAML."""
    data: Any = {}
    if base_text is not None:
        try:
            data = yaml.safe_load(base_text) or {}
        except yaml.YAMLError as error:
            raise InputError(f"not valid YAML: {error}", path=source) from None
        if not isinstance(data, dict):
            raise InputError("a zizmor config is a mapping", path=source)
    rules = data.setdefault("rules", {}) or {}
    if not isinstance(rules, dict):
        raise InputError("`rules` is not a mapping", path=source)
    data["rules"] = rules
    for audit in ZIZMOR_DISABLED:
        entry = rules.get(audit)
        rules[audit] = {**(entry if isinstance(entry, dict) else {}), "disable": True}
    return yaml.safe_dump(data, sort_keys=True)


@contextmanager
def materialised(files: Mapping[str, str]) -> Iterator[Path]:
    """A temp directory holding ``files`` (repo path -> text) at their repo paths."""
    with tempfile.TemporaryDirectory(prefix="gate-wf-") as folder:
        root = Path(folder)
        for name, text in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        yield root


def _run(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    # No token and no network-facing variables: the tools run offline on data.
    env = {"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1", "HOME": str(cwd)}
    try:
        return subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise MissingInput(f"{Path(args[0]).name} took longer than {timeout:g} s") from None
    except OSError as error:
        raise MissingInput(f"cannot run {args[0]}: {error.strerror}") from None


def run_zizmor(
    tool: str, root: Path, paths: Sequence[str], config: str, timeout: float
) -> list[ToolFinding]:
    """zizmor --offline on ``paths`` (relative to ``root``) with ``config`` (YAML text)."""
    config_path = root / ".gate-zizmor.yml"
    config_path.write_text(config, encoding="utf-8")
    args = [tool, "--offline", "--format", "json", "--no-exit-codes", "--no-progress"]
    done = _run([*args, "--config", str(config_path), *paths], root, timeout)
    if done.returncode != 0:
        raise MissingInput(f"zizmor failed (exit {done.returncode}): {_last_line(done.stderr)}")
    try:
        items = json.loads(done.stdout or "[]")
    except ValueError:
        raise MissingInput("zizmor printed no JSON") from None
    return [finding for item in items for finding in _zizmor_finding(item)]


def _zizmor_finding(item: Any) -> Iterator[ToolFinding]:
    if not isinstance(item, dict) or item.get("ignored"):
        return
    for location in item.get("locations", []):
        symbolic = location.get("symbolic", {})
        if symbolic.get("kind") != "Primary":
            continue
        path = symbolic.get("key", {}).get("Local", {}).get("verbatim_path", "")
        span = location.get("concrete", {}).get("location", {})
        start = span.get("start_point", {}).get("row")
        end = span.get("end_point", {}).get("row")
        note = symbolic.get("annotation") or ""
        yield ToolFinding(
            tool="zizmor",
            rule=str(item.get("ident", "")),
            path=str(path),
            line=None if start is None else int(start) + 1,
            end_line=None if end is None else int(end) + 1,
            message=f"{item.get('desc', '')}: {note}" if note else str(item.get("desc", "")),
            severity=str(item.get("determinations", {}).get("severity", "")).lower(),
            url=str(item.get("url", "")),
        )


def run_actionlint(
    tool: str, root: Path, paths: Sequence[str], config: str | None, timeout: float
) -> list[ToolFinding]:
    """actionlint on ``paths``; shellcheck/pyflakes run when on PATH (actionlint's choice)."""
    args = [tool, "-no-color", "-format", "{{json .}}"]
    if config is not None:
        config_path = root / ".gate-actionlint.yaml"
        config_path.write_text(config, encoding="utf-8")
        args += ["-config-file", str(config_path)]
    done = _run([*args, *paths], root, timeout)
    # 0: nothing found, 1: findings; anything else is the tool failing.
    if done.returncode not in (0, 1):
        raise MissingInput(f"actionlint failed (exit {done.returncode}): {_last_line(done.stderr)}")
    try:
        items = json.loads(done.stdout or "[]")
    except ValueError:
        raise MissingInput("actionlint printed no JSON") from None
    out = []
    for item in items if isinstance(items, list) else []:
        kind = str(item.get("kind", ""))
        message = str(item.get("message", ""))
        code = _SHELLCHECK_CODE.search(message) if kind == "shellcheck" else None
        rule = code.group(0) if code else kind
        url = f"https://www.shellcheck.net/wiki/{rule}" if code else ACTIONLINT_DOCS
        line = item.get("line")
        out.append(
            ToolFinding(
                tool="actionlint",
                rule=rule,
                path=str(item.get("filepath", "")),
                line=int(line) if isinstance(line, int) else None,
                end_line=int(line) if isinstance(line, int) else None,
                message=message,
                severity="error",
                url=url,
            )
        )
    return out


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no message"
