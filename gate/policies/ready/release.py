"""What READY004 reads: Keep a Changelog headings, the metadata version, version tags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from gate.collectors.tomlshim import tomllib
from gate.git import Git

_HEADING = re.compile(r"^##(?!#)\s*(.*?)\s*$")
_RELEASE = re.compile(r"^\[([^\]]+)\](?:\([^)]*\))?\s+-\s+(\d{4}-\d{2}-\d{2})(?:\s+\[YANKED\])?$")
_UNRELEASED = re.compile(r"^\[unreleased\](?:\([^)]*\))?$", re.IGNORECASE)
_DUNDER = re.compile(r"""^__version__\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", re.MULTILINE)


@dataclass(frozen=True)
class Changelog:
    """A Keep a Changelog file: where Unreleased is, the releases, the malformed headings."""

    unreleased: tuple[int, int] | None  # first and last line of the section's body
    releases: tuple[tuple[int, str], ...]  # (line, version) in file order
    problems: tuple[tuple[int, str], ...]  # (line, what is wrong)


def parse_changelog(text: str) -> Changelog:
    lines = text.splitlines()
    headings = [(n, m.group(1)) for n, line in enumerate(lines, 1) if (m := _HEADING.match(line))]
    unreleased = None
    releases: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    for index, (number, title) in enumerate(headings):
        end = headings[index + 1][0] - 1 if index + 1 < len(headings) else len(lines)
        if _UNRELEASED.match(title):
            unreleased = (number + 1, end)
            continue
        release = _RELEASE.match(title)
        if release is None:
            problems.append((number, f"heading `## {title}` is not `## [X.Y.Z] - YYYY-MM-DD`"))
            continue
        try:
            Version(release.group(1))
        except InvalidVersion:
            problems.append((number, f"`{release.group(1)}` is not a PEP 440 version"))
            continue
        releases.append((number, release.group(1)))
    if unreleased is None:
        problems.append((1, "no `## [Unreleased]` section"))
    ordered = [Version(v) for _, v in releases]
    if ordered != sorted(ordered, reverse=True):
        problems.append((releases[0][0], "releases are not listed newest first"))
    return Changelog(unreleased, tuple(releases), tuple(problems))


def metadata_version(pyproject: str | None, read: dict[str, str | None]) -> tuple[str | None, str]:
    """The project's version and where it came from; (None, why) when it cannot be read.

    ``read`` maps the file a dynamic version comes from (hatch's ``path``) to its text.
    """
    if pyproject is None:
        return None, "there is no pyproject.toml"
    try:
        data = tomllib.loads(pyproject)
    except tomllib.TOMLDecodeError as error:
        return None, f"pyproject.toml is not valid TOML: {error}"
    project = data.get("project", {})
    if isinstance(project.get("version"), str):
        return project["version"], "pyproject.toml [project] version"
    source = data.get("tool", {}).get("hatch", {}).get("version", {}).get("path")
    if "version" in project.get("dynamic", []) and isinstance(source, str):
        text = read.get(source)
        match = _DUNDER.search(text or "")
        if match:
            return match.group(1), f"__version__ in {source}"
        return None, f"no __version__ = '...' in {source}"
    return None, "pyproject.toml has no static version nor a hatch version path"


def dynamic_source(pyproject: str | None) -> str | None:
    try:
        data = tomllib.loads(pyproject or "")
    except tomllib.TOMLDecodeError:
        return None
    source = data.get("tool", {}).get("hatch", {}).get("version", {}).get("path")
    return source if isinstance(source, str) else None


def latest_tag(git: Git) -> tuple[str, Version] | None:
    """The highest version tag (``v1.2.3`` or ``1.2.3``), or None without any."""
    best: tuple[str, Version] | None = None
    for tag in git.run("tag", "--list").split():
        try:
            version = Version(tag.removeprefix("v"))
        except InvalidVersion:
            continue
        if best is None or version > best[1]:
            best = (tag, version)
    return best
