"""PIN001's rules: whether one requirement line is pinned in a mode, and the exact fix."""

from __future__ import annotations

from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from gate.collectors.requirements import RequirementLine
from gate.policies.pins.common import FULL_SHA
from gate.policies.pins.settings import PinMode, RequirementPins

_COMPILE = "`uv pip compile` or `pip-compile` resolves and writes exact pins"


@dataclass(frozen=True)
class Unpinned:
    what: str
    fix: str
    key: str


def is_the_project(url: str | None) -> bool:
    """``.``, ``./`` or ``.//``: the project being installed, not a dependency."""
    return url is not None and url.startswith(".") and url.rstrip("/") == "."


def is_exact(line: RequirementLine) -> bool:
    """pip's own notion of pinned: one ``==`` without a wildcard, or ``===``."""
    if line.requirement is None:
        return False
    specs = list(line.requirement.specifier)
    if len(specs) != 1:
        return False
    spec = specs[0]
    return spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*"))


def is_compatible(line: RequirementLine) -> bool:
    """``~=X.Y.Z`` with three or more release parts (patch releases only)."""
    if line.requirement is None:
        return False
    specs = list(line.requirement.specifier)
    if len(specs) != 1 or specs[0].operator != "~=":
        return False
    try:
        return len(Version(specs[0].version).release) >= 3
    except InvalidVersion:
        return False


def pinned_spelling(line: RequirementLine, version: str) -> str:
    """The requirement as it should read, extras and markers kept."""
    req = line.requirement
    assert req is not None
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    marker = f"; {req.marker}" if req.marker else ""
    return f"{req.name}{extras}=={version}{marker}"


def judge(
    line: RequirementLine,
    mode: PinMode,
    hashes_required: bool,
    settings: RequirementPins,
    constrained: dict[str, str],
    known: dict[str, str],
) -> Unpinned | None:
    """None when pinned; else what is unpinned and the fix."""
    hashes = line.hashes + line.url_hashes
    need_hashes = mode is PinMode.HASHES or hashes_required
    if line.kind == "path":
        allowed = settings.allow_local_editable if line.editable else settings.allow_local_paths
        # `.` / `-e .` is the project itself (pip resolves it from where it runs, the root):
        # its own dependencies are judged in pyproject.toml and its lock, not here.
        if allowed or is_the_project(line.url):
            return None
        option = "allow_local_editable" if line.editable else "allow_local_paths"
        what = "editable local path" if line.editable else "local path"
        return Unpinned(
            f"{what} {line.url} is not a pinned release",
            f"install a released version (name==<version>), or set "
            f"`pins.requirements.{option}: true` if this path is intended",
            "path",
        )
    if line.kind == "vcs":
        ref = line.vcs_ref
        if ref is None or not FULL_SHA.match(ref):
            shown = f"ref {ref!r}" if ref else "no ref"
            return Unpinned(
                f"VCS requirement {line.url} is not pinned to a full commit SHA " f"({shown})",
                "end the URL with @<40-hex commit SHA> (`git ls-remote <repo> "
                f"{ref or 'HEAD'}` prints it)",
                "vcs",
            )
        if need_hashes:
            return Unpinned(
                f"VCS requirement {line.url} cannot be hash-checked by pip",
                "build it as a wheel and pin it with --hash, or install a released "
                "version with --hash",
                "vcs-hash",
            )
        return None
    if line.kind == "url":
        if hashes:
            return None
        return Unpinned(
            f"direct URL {line.url} has no hash",
            "append #sha256=<digest> to the URL or add --hash=sha256:<digest> "
            "(`pip hash FILE` prints it)",
            "url",
        )
    assert line.name is not None
    version = known.get(line.name, "<version>")
    exact = is_exact(line)
    ok = exact or (mode is PinMode.COMPATIBLE and is_compatible(line) and not need_hashes)
    if not ok and line.name in constrained and not need_hashes:
        return None  # a -c constraint file pins it exactly
    if not ok:
        wanted = "== pin" if need_hashes or mode is not PinMode.COMPATIBLE else "== or ~=X.Y.Z pin"
        spec = str(line.requirement.specifier) if line.requirement else ""
        return Unpinned(
            f"{line.name}{spec or ' (any version)'} is not pinned (needs an {wanted})",
            f"pin it: {pinned_spelling(line, version)} ({_COMPILE})",
            "version",
        )
    if need_hashes and not hashes:
        why = (
            "mode is hashes"
            if mode is PinMode.HASHES
            else "another requirement installed with it has --hash, so pip checks every one"
        )
        pin = str(line.requirement) if exact else pinned_spelling(line, version)
        return Unpinned(
            f"{line.name} has no --hash ({why})",
            f"add --hash=sha256:<digest> for each file of {pin} "
            "(`uv pip compile --generate-hashes` or `pip-compile --generate-hashes`)",
            "hash",
        )
    return None
