"""Which policy-gate commit `gate init` pins, and the version comment written beside it."""

from __future__ import annotations

import importlib
import json
import re
from importlib import metadata
from pathlib import Path

from gate import __version__
from gate.errors import GitError, InputError
from gate.git import Git

SHA = re.compile(r"^[0-9a-f]{40}$")
SHORT_SHA = re.compile(r"^[0-9a-fA-F]{7,39}$")
# A release tag a version comment may name: v1.2.3, 1.2.3, v0.1.0rc1.
VERSION_TAG = re.compile(r"^v?\d+(?:\.\d+){0,3}[0-9A-Za-z.+-]{0,32}$")


def _valid(commit: object) -> str | None:
    return commit if isinstance(commit, str) and SHA.match(commit) else None


def direct_url_commit() -> str | None:
    """The commit pip recorded for a ``git+https://...@SHA`` install (direct_url.json)."""
    try:
        text = metadata.distribution("policy-gate").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        info = json.loads(text) if text else {}
    except ValueError:
        return None
    vcs = info.get("vcs_info") if isinstance(info, dict) else None
    return _valid(vcs.get("commit_id")) if isinstance(vcs, dict) else None


def build_commit() -> str | None:
    """The commit the wheel was built from, recorded by hatch_build.py (absent: None)."""
    try:
        module = importlib.import_module("gate._build_info")
    except ImportError:
        return None
    return _valid(getattr(module, "COMMIT", None))


def source_checkout() -> Git | None:
    """The git checkout this gate runs from (an editable install), if it is one."""
    source = Path(__file__).resolve().parent.parent.parent
    if not (source / ".git").exists():
        return None
    return Git(source)


def checkout_commit() -> str | None:
    checkout = source_checkout()
    if checkout is None:
        return None
    try:
        return _valid(checkout.resolve("HEAD"))
    except GitError:
        return None


def installed_commit() -> str | None:
    """The commit this gate was installed from: pip's record, the build's, or the checkout's."""
    return direct_url_commit() or build_commit() or checkout_commit()


def checkout_tag(commit: str) -> str | None:
    """A release tag of the local clone that points at ``commit`` (None: it cannot say)."""
    checkout = source_checkout()
    if checkout is None:
        return None
    try:
        tags = checkout.run("tag", "--points-at", commit).split()
    except GitError:
        return None
    releases = sorted(tag for tag in tags if VERSION_TAG.match(tag))
    return releases[-1] if releases else None


def check_ref(ref: str) -> str:
    """``ref`` as a full lowercase commit SHA, or a usage error saying what is wrong."""
    if SHA.match(ref.lower()):
        return ref.lower()
    if SHORT_SHA.match(ref):
        raise InputError(f"--ref {ref!r} is a short SHA; give all 40 characters")
    raise InputError(
        f"--ref must be a full 40-character commit SHA, not {ref!r}: a tag or branch can "
        "be moved to other code after you review it"
    )


def resolve(ref: str | None) -> tuple[str, str | None]:
    """The commit to pin and its version comment (None when nothing here can vouch for one).

    Without ``ref`` the installed gate's own commit, with this version. A given ``ref`` gets
    a comment only when the installation's record or a local clone says which release it is.
    """
    if ref is None:
        commit = installed_commit()
        if commit is None:
            raise InputError(
                "pass --ref with the full commit SHA of policy-gate to pin (this installation "
                "does not record the commit it came from)"
            )
        return commit, checkout_tag(commit) or f"v{__version__}"
    commit = check_ref(ref)
    if commit == installed_commit():
        return commit, checkout_tag(commit) or f"v{__version__}"
    return commit, checkout_tag(commit)
