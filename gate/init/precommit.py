"""`gate init`'s .pre-commit-config.yaml: written fresh, or merged into the project's own.

The merge adds text and never rewrites the user's: their hooks, order and comments stay as
they are; our repositories go after theirs, and only the gate's own ``rev:`` line of an
existing gate entry is replaced. The result is parsed and compared with the intended list
of repositories, so a file this cannot merge safely is refused, never half-merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from gate.errors import InputError

NAME = ".pre-commit-config.yaml"
PLACEHOLDER_URL = "https://github.com/policy-gate/policy-gate"
PLACEHOLDER_REV = '"0000000000000000000000000000000000000000" # frozen: v0.0.0'
_REPO_LINE = re.compile(r"^(\s*)-\s+repo:\s*(\S+)")
_REV_LINE = re.compile(r"^(\s*)rev:")
_TOP_KEY = re.compile(r"^[A-Za-z_\"']")
# Which tool each template repository brings: a project that already runs it keeps its own.
_TOOL_HOOKS = {
    "pre-commit/pre-commit-hooks": {"check-yaml", "end-of-file-fixer", "trailing-whitespace"},
    "astral-sh/ruff-pre-commit": {"ruff", "ruff-check"},
    "psf/black-pre-commit-mirror": {"black"},
    "PyCQA/bandit": {"bandit"},
}


@dataclass(frozen=True)
class Block:
    url: str
    lines: list[str]  # the template's lines of this entry, indented by two spaces

    @property
    def slug(self) -> str:
        return _slug(self.url)


def _slug(url: str) -> str:
    """owner/name of a hook repository URL, compared case-insensitively."""
    tail = url.rstrip("/").removesuffix(".git").split("://", 1)[-1]
    return "/".join(tail.split("/")[-2:]).lower()


def split_template(text: str) -> tuple[list[str], list[Block]]:
    """The template's header (through ``repos:``) and one block per hook repository."""
    lines = text.splitlines()
    start = lines.index("repos:") + 1
    blocks: list[Block] = []
    for line in lines[start:]:
        match = _REPO_LINE.match(line)
        if match:
            blocks.append(Block(match.group(2), [line]))
        elif blocks:
            blocks[-1].lines.append(line)
    return lines[:start], blocks


def _fill(block: Block, *, repo: str, rev: str, formatter: str) -> list[str]:
    lines = list(block.lines)
    if block.url == PLACEHOLDER_URL:
        lines = [
            line.replace(PLACEHOLDER_URL, f"https://github.com/{repo}").replace(
                PLACEHOLDER_REV, rev
            )
            for line in lines
        ]
    if formatter == "black":  # ruff still lints; black formats, as the CI lint stage will
        lines = [line for line in lines if line.strip() != "- id: ruff-format"]
    return lines


def rev_text(commit: str, comment: str | None) -> str:
    return f'"{commit}" # frozen: {comment}' if comment else f'"{commit}"'


def render(template: str, *, repo: str, rev: str, formatter: str) -> str:
    """A fresh config: the template's repositories, with one formatter (ruff's or black)."""
    header, blocks = split_template(template)
    out = list(header)
    for block in blocks:
        if block.slug == "psf/black-pre-commit-mirror" and formatter != "black":
            continue
        out += _fill(block, repo=repo, rev=rev, formatter=formatter)
    return "\n".join(out) + "\n"


def _parse(text: str) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise InputError("not valid YAML; fix it or rerun with --force", path=NAME) from None
    repos = data.get("repos") if isinstance(data, dict) else None
    if not isinstance(repos, list) or not all(isinstance(r, dict) for r in repos):
        raise InputError("has no `repos:` list; fix it or rerun with --force", path=NAME)
    return repos


def _hook_ids(repos: list[dict[str, Any]]) -> set[str]:
    return {
        str(hook.get("id"))
        for entry in repos
        for hook in entry.get("hooks") or []
        if isinstance(hook, dict)
    }


def _wanted(block: Block, existing: list[dict[str, Any]], *, repo: str, formatter: str) -> bool:
    if block.url == PLACEHOLDER_URL:
        return True  # added, or its rev updated below
    if block.slug == "psf/black-pre-commit-mirror" and formatter != "black":
        return False
    slugs = {_slug(str(entry.get("repo", ""))) for entry in existing}
    return block.slug.lower() not in slugs and not (
        _TOOL_HOOKS.get(block.url.split("github.com/")[-1], set()) & _hook_ids(existing)
    )


def _end_of_repos(lines: list[str], start: int) -> int:
    """Index after the last line of the ``repos:`` block starting at ``start`` (its key)."""
    end = len(lines)
    for index in range(start + 1, len(lines)):
        if _TOP_KEY.match(lines[index]):
            end = index
            break
    # Comments and blank lines just before the next key belong to that key.
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip()[:1] == "#"):
        end -= 1
    return end


def _replace_rev(lines: list[str], repo: str, rev: str) -> bool:
    """Point the existing gate entry's ``rev:`` at the pinned commit; False if not found."""
    for index, line in enumerate(lines):
        match = _REPO_LINE.match(line)
        if not match or _slug(match.group(2)) != repo.lower():
            continue
        item_indent = len(match.group(1))
        for inner in range(index + 1, len(lines)):
            if _REPO_LINE.match(lines[inner]) or _TOP_KEY.match(lines[inner]):
                break
            rev_match = _REV_LINE.match(lines[inner])
            if rev_match and len(rev_match.group(1)) > item_indent:
                lines[inner] = f"{rev_match.group(1)}rev: {rev}"
                return True
    return False


def merge(existing: str, template: str, *, repo: str, rev: str, formatter: str) -> str:
    """``existing`` with the gate's hooks (and the tools it lacks) added; see the module doc."""
    before = _parse(existing)
    lines = existing.splitlines()
    key = next((i for i, line in enumerate(lines) if re.match(r"^repos:\s*(#.*)?$", line)), None)
    if key is None:
        if not re.search(r"^repos:\s*\[\s*\]\s*(#.*)?$", existing, re.MULTILINE):
            raise InputError(
                "cannot merge into a flow-style `repos:` list; rerun with --force or add "
                "the hooks by hand",
                path=NAME,
            )
        key = next(i for i, line in enumerate(lines) if line.startswith("repos:"))
        lines[key] = "repos:"
    end = _end_of_repos(lines, key)
    items = [m.group(1) for line in lines[key + 1 : end] if (m := _REPO_LINE.match(line))]
    shift = (len(items[0]) if items else 2) - 2
    _, blocks = split_template(template)
    added: list[str] = []
    expected = [dict(entry) for entry in before]
    gate_present = any(_slug(str(entry.get("repo", ""))) == repo.lower() for entry in before)
    for block in blocks:
        if block.url == PLACEHOLDER_URL and gate_present:
            if not _replace_rev(lines, repo, rev):
                raise InputError(
                    f"its {repo} entry has no `rev:` line this can update; rerun with --force",
                    path=NAME,
                )
            for entry in expected:
                if _slug(str(entry.get("repo", ""))) == repo.lower():
                    entry["rev"] = yaml.safe_load(f"rev: {rev}")["rev"]
            continue
        if not _wanted(block, before, repo=repo, formatter=formatter):
            continue
        filled = _fill(block, repo=repo, rev=rev, formatter=formatter)
        added += [(" " * shift + line) if shift > 0 else line[-shift:] for line in filled]
        expected += yaml.safe_load("\n".join(line[2:] for line in filled) or "[]")
    merged_lines = lines[:end] + added + lines[end:]
    merged = "\n".join(merged_lines) + "\n"
    if _parse(merged) != expected:
        raise InputError(
            "cannot merge the gate's hooks into it safely; rerun with --force or add them "
            "by hand",
            path=NAME,
        )
    return merged
