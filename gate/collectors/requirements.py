"""pip requirement files: logical lines, options, includes and PEP 508 requirements.

pip's file format is pip's own (line continuations, ``#`` comments, per-line options such
as ``--hash``, ``-r``/``-c`` includes, ``-e``), so the line handling lives here and every
requirement itself is parsed by ``packaging``. The parser is pure: the caller reads the
file and follows includes.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from gate.collectors.limits import budgeted

# pip strips "#" comments that start a line or follow whitespace (a URL fragment survives).
# Only ever `match`ed (anchored): searched, `\s+` rescans long blank runs quadratically.
_COMMENT = re.compile(r"(^|\s+)#.*$")
_COMMENT_START = re.compile(r"(?:^|(?<=\s))#")


def strip_comment(line: str) -> str:
    """The line without its comment and surrounding blanks."""
    found = _COMMENT_START.search(line)
    return (line[: found.start()] if found else line).strip()


_VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_HASH_NAMES = ("sha256", "sha384", "sha512", "sha224", "sha1", "md5")
_ARCHIVES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".zip")

_INCLUDES: dict[str, Literal["requirement", "constraint"]] = {
    "-r": "requirement",
    "--requirement": "requirement",
    "-c": "constraint",
    "--constraint": "constraint",
}
_EDITABLE = ("-e", "--editable")
_VALUE_OPTIONS = frozenset(
    {
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "--trusted-host",
        "--no-binary",
        "--only-binary",
        "--use-feature",
        "--config-settings",
        "-C",
        "--global-option",
        "--install-option",
        "--hash",
        "--dry-run-marker",
    }
)
_FLAG_OPTIONS = frozenset({"--no-index", "--pre", "--prefer-binary", "--require-hashes"})

Kind = Literal["named", "url", "vcs", "path"]


@dataclass(frozen=True)
class RequirementLine:
    """One requirement: where it is and what it asks pip for."""

    path: str
    line: int
    end_line: int
    text: str  # the logical line, continuations joined and comments removed
    kind: Kind
    target: str  # what follows the options: "requests==2.0", "./pkg", a URL
    name: str | None = None  # canonical (PEP 503) name, when known
    requirement: Requirement | None = None
    editable: bool = False
    url: str | None = None
    hashes: tuple[str, ...] = ()

    @property
    def vcs_ref(self) -> str | None:
        """The revision after ``@`` in a VCS URL (None: no revision given)."""
        if self.kind != "vcs" or self.url is None:
            return None
        parts = urlsplit(self.url.split("+", 1)[1])
        if "@" not in parts.path:
            return None
        return parts.path.rsplit("@", 1)[1] or None

    @property
    def url_hashes(self) -> tuple[str, ...]:
        if self.url is None or "#" not in self.url:
            return ()
        fragment = self.url.split("#", 1)[1]
        found = []
        for part in fragment.split("&"):
            algo, _, value = part.partition("=")
            if algo in _HASH_NAMES and value:
                found.append(f"{algo}:{value}")
        return tuple(found)


@dataclass(frozen=True)
class Include:
    """A ``-r`` (requirement) or ``-c`` (constraint) line."""

    kind: Literal["requirement", "constraint"]
    target: str
    line: int


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass(frozen=True)
class RequirementsFile:
    path: str
    requirements: tuple[RequirementLine, ...] = ()
    includes: tuple[Include, ...] = ()
    problems: tuple[Problem, ...] = ()
    require_hashes: bool = False
    options: tuple[str, ...] = field(default=(), compare=False)


def logical_lines(text: str) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each non-empty logical line, as pip joins them."""
    out: list[tuple[int, int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        is_comment = _COMMENT.match(raw) is not None
        if raw.endswith("\\") and not is_comment:
            if not pending:
                start = number
            pending.append(raw[:-1])
            continue
        if pending:
            # A comment line ends a continuation without adding to it (pip does the same).
            joined = "".join(pending) + ("" if is_comment else raw)
            out.append((start, number, joined))
            pending = []
        else:
            out.append((number, number, raw))
    if pending:
        out.append((start, start + len(pending) - 1, "".join(pending)))
    cleaned = []
    for first, last, line in out:
        stripped = strip_comment(line)
        if stripped:
            cleaned.append((first, last, stripped))
    return cleaned


def _split_args_options(line: str) -> tuple[str, str]:
    """pip's rule: the requirement is every token before the first one starting with '-'."""
    tokens = line.split(" ")
    for index, token in enumerate(tokens):
        if token.startswith("-"):
            return " ".join(tokens[:index]).strip(), " ".join(tokens[index:])
    return line.strip(), ""


def _options(text: str) -> list[tuple[str, str | None]]:
    """(option, value) pairs; raises ValueError on an unknown option or missing value."""
    # shlex is slow; only quoted or escaped values need it.
    quoted = any(char in text for char in "\"'\\")
    tokens = shlex.split(text, comments=False, posix=True) if quoted else text.split()
    pairs: list[tuple[str, str | None]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        name, eq, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if (
            not token.startswith("--")
            and len(token) > 2
            and token[:2] in ("-r", "-c", "-e", "-i", "-f")
        ):
            name, value, eq = token[:2], token[2:], "="
        takes_value = name in _VALUE_OPTIONS or name in _INCLUDES or name in _EDITABLE
        if takes_value:
            if not eq:
                if index >= len(tokens):
                    raise ValueError(f"option {name} needs a value")
                value = tokens[index]
                index += 1
            pairs.append((name, value))
        elif name in _FLAG_OPTIONS and not eq:
            pairs.append((name, None))
        else:
            raise ValueError(f"unknown option {token}")
    return pairs


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _is_url(target: str) -> bool:
    """A bare URL (not PEP 508's ``name @ url``, which packaging parses)."""
    return _SCHEME.match(target) is not None and not re.match(r"^[A-Za-z]:[\\/]", target)


def _looks_like_path(target: str) -> bool:
    return (
        target.startswith((".", "/", "~"))
        or "/" in target
        or "\\" in target
        or target.lower().endswith(_ARCHIVES)
    )


def _url_name(url: str) -> str | None:
    fragment = url.split("#", 1)[1] if "#" in url else ""
    for part in fragment.split("&"):
        key, _, value = part.partition("=")
        if key == "egg" and value:
            return canonicalize_name(value.split("[", 1)[0])
    return None


def _requirement(
    path: str,
    first: int,
    last: int,
    text: str,
    target: str,
    hashes: tuple[str, ...],
    editable: bool,
) -> RequirementLine:
    """Classify one requirement target; raises ValueError when it is not one."""

    def make(
        kind: Kind, url: str | None, name: str | None = None, requirement: Requirement | None = None
    ) -> RequirementLine:
        return RequirementLine(
            path, first, last, text, kind, target, name, requirement, editable, url, hashes
        )

    location = target.split(" ;", 1)[0].split("; ", 1)[0].strip()
    if _is_url(location):
        return make(_url_kind(location), location, _url_name(location))
    requirement = _pep508(target)
    if isinstance(requirement, Requirement) and requirement.url and not editable:
        # `name @ https://.../name-1.0.tar.gz` ends like an archive but is a direct URL.
        name = canonicalize_name(requirement.name)
        return make(_url_kind(requirement.url), requirement.url, name, requirement)
    if editable or location.lower().endswith(_ARCHIVES):
        return make("path", location)
    if isinstance(requirement, str):
        if _looks_like_path(location):
            return make("path", location)
        raise ValueError(f"not a valid requirement: {requirement}")
    name = canonicalize_name(requirement.name)
    if requirement.url:
        return make(_url_kind(requirement.url), requirement.url, name, requirement)
    return make("named", None, name, requirement)


@lru_cache(maxsize=8192)
def _pep508(target: str) -> Requirement | str:
    """The parsed requirement, or packaging's reason (the same lines recur across files)."""
    try:
        return Requirement(target)
    except InvalidRequirement as error:
        return str(error).splitlines()[0]


def _url_kind(url: str) -> Kind:
    if url.startswith(_VCS_PREFIXES):
        return "vcs"
    return "path" if url.startswith("file:") else "url"


@budgeted
def parse(text: str, path: str) -> RequirementsFile:
    """Parse a requirement file's text; problems are collected, never raised."""
    requirements: list[RequirementLine] = []
    includes: list[Include] = []
    problems: list[Problem] = []
    seen_options: list[str] = []
    require_hashes = False
    for first, last, line in logical_lines(text):
        args, option_text = _split_args_options(line)
        try:
            options = _options(option_text) if option_text else []
        except ValueError as error:
            problems.append(Problem(first, str(error)))
            continue
        hashes = tuple(value for name, value in options if name == "--hash" and value)
        editable = [value for name, value in options if name in _EDITABLE and value]
        for name, value in options:
            seen_options.append(name)
            if name in _INCLUDES and value:
                includes.append(Include(_INCLUDES[name], value, first))
            elif name == "--require-hashes":
                require_hashes = True
        targets = [(value, True) for value in editable]
        if args:
            targets.append((args, False))
        if len(targets) > 1:
            problems.append(Problem(first, "more than one requirement on one line"))
            continue
        if not targets:
            if hashes:
                problems.append(Problem(first, "--hash given without a requirement"))
            continue
        target, is_editable = targets[0]
        try:
            requirements.append(_requirement(path, first, last, line, target, hashes, is_editable))
        except ValueError as error:
            problems.append(Problem(first, str(error)))
    return RequirementsFile(
        path=path,
        requirements=tuple(requirements),
        includes=tuple(includes),
        problems=tuple(problems),
        require_hashes=require_hashes,
        options=tuple(seen_options),
    )
