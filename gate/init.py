"""``gate init``: write the CI workflow, hooks, gate and Dependabot configs into a repository."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from gate import __version__
from gate import config as config_module
from gate.ci import install
from gate.errors import GateError, GitError, InputError, MissingInput
from gate.git import Git

# Template path -> where it goes in the user's repository.
FILES = {
    ".github/workflows/ci.yml": ".github/workflows/ci.yml",
    ".github/workflows/gate-publish.yml": ".github/workflows/gate-publish.yml",
    ".pre-commit-config.yaml": ".pre-commit-config.yaml",
    ".github/dependabot.yml": ".github/dependabot.yml",
    "gate.yml": "gate.yml",
}
# The templates are valid files on their own (the tests lint them as they are); these
# placeholder values are what `gate init` replaces.
PLACEHOLDER_REPO = "policy-gate/policy-gate"
PLACEHOLDER_SHA = "0" * 40
PLACEHOLDER_VERSION = "v0.0.0"
DEFAULT_REPO = "policy-gate/policy-gate"
WORKFLOW = ".github/workflows/python-ci.yml"
PUBLISH_WORKFLOW = ".github/workflows/gate-publish.yml"
SHA = re.compile(r"^[0-9a-f]{40}$")
REPO = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")


def templates_dir() -> Path:
    """The templates: shipped in the wheel as gate/_templates, else the checkout's templates/."""
    shipped = resources.files("gate").joinpath("_templates")
    if shipped.is_dir():
        return Path(str(shipped))
    checkout = Path(__file__).resolve().parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    raise GateError("the gate's templates are missing from this installation (a packaging bug)")


def installed_commit() -> str | None:
    """The commit this gate was installed from (pip's direct_url.json, or its git checkout)."""
    try:
        text = metadata.distribution("policy-gate").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        text = None
    info = json.loads(text) if text else {}
    commit = (info.get("vcs_info") or {}).get("commit_id")
    if isinstance(commit, str) and SHA.match(commit):
        return commit
    source = Path(__file__).resolve().parent.parent
    if not (source / ".git").exists():
        return None
    try:
        head = Git(source).resolve("HEAD")
    except GitError:
        return None
    return head if SHA.match(head) else None


@dataclass(frozen=True)
class Layout:
    install_mode: str
    dockerfile: bool
    has_config: str | None  # an existing gate configuration, which init leaves alone


def detect_layout(root: Path) -> Layout:
    try:
        mode = install.detect(root).value
    except MissingInput:
        mode = "auto"
    found = config_module.discover(
        lambda name: (root / name).read_text(encoding="utf-8") if (root / name).is_file() else None
    )
    return Layout(mode, (root / "Dockerfile").is_file(), found[0] if found else None)


def _replace(text: str, old: str, new: str, name: str) -> str:
    if old not in text:
        raise GateError(f"template {name} lacks its placeholder {old!r} (a packaging bug)")
    return text.replace(old, new)


def render(name: str, text: str, *, repo: str, ref: str, layout: Layout, image: str) -> str:
    """Fill one template's placeholders for this repository."""
    version = f"v{__version__}"
    if name == ".github/workflows/ci.yml":
        text = _replace(
            text,
            f"{PLACEHOLDER_REPO}/{WORKFLOW}@{PLACEHOLDER_SHA} # {PLACEHOLDER_VERSION}",
            f"{repo}/{WORKFLOW}@{ref} # {version}",
            name,
        )
        text = _replace(text, "install-mode: auto", f"install-mode: {layout.install_mode}", name)
        if layout.dockerfile:
            text = _replace(
                text, "docker: false", f"docker: true\n      docker-image: {image}", name
            )
    elif name == PUBLISH_WORKFLOW:
        text = _replace(
            text,
            f"{PLACEHOLDER_REPO}/{PUBLISH_WORKFLOW}@{PLACEHOLDER_SHA} # {PLACEHOLDER_VERSION}",
            f"{repo}/{PUBLISH_WORKFLOW}@{ref} # {version}",
            name,
        )
    elif name == ".pre-commit-config.yaml":
        text = _replace(
            text, f"https://github.com/{PLACEHOLDER_REPO}\n", f"https://github.com/{repo}\n", name
        )
        text = _replace(
            text,
            f'"{PLACEHOLDER_SHA}" # frozen: {PLACEHOLDER_VERSION}',
            f'"{ref}" # frozen: {version}',
            name,
        )
    elif name == ".github/dependabot.yml" and layout.install_mode == "uv":
        text = _replace(text, "package-ecosystem: pip", "package-ecosystem: uv", name)
    elif name == "gate.yml":
        text = text + config_module.defaults_yaml()
    return text


def plan(root: Path, *, repo: str, ref: str | None) -> tuple[dict[str, str], list[str]]:
    """{destination: content} to write, and notes about what was left out and why."""
    if not REPO.match(repo):
        raise InputError(f"--repo must be OWNER/REPO, not {repo!r}")
    ref = ref or installed_commit()
    if ref is None:
        raise InputError(
            "pass --ref with the full commit SHA of policy-gate to pin (this installation "
            "does not record the commit it came from)"
        )
    if not SHA.match(ref):
        raise InputError(
            f"--ref must be a full 40-character commit SHA, not {ref!r}: a tag or branch can "
            "be moved to other code after you review it"
        )
    layout = detect_layout(root)
    image = re.sub(r"[^a-z0-9._-]", "-", root.resolve().name.lower()) or "app"
    source = templates_dir()
    out: dict[str, str] = {}
    notes = [
        f"install mode: {layout.install_mode} (detected)",
        "mark `policy-gate` as a required check too: gate-publish.yml posts it from the "
        "default branch, where a pull request cannot edit or skip it (docs/publish.md)",
    ]
    for name, target in FILES.items():
        if name == "gate.yml" and layout.has_config:
            notes.append(f"kept your gate configuration {layout.has_config}; gate.yml not written")
            continue
        text = (source / name).read_text(encoding="utf-8")
        out[target] = render(name, text, repo=repo, ref=ref, layout=layout, image=image)
    return out, notes


def write(root: Path, files: dict[str, str], *, force: bool) -> list[str]:
    """Write every file, or none: without ``force`` an existing file stops the whole run."""
    existing = sorted(name for name in files if (root / name).exists())
    if existing and not force:
        raise InputError(
            f"would overwrite {', '.join(existing)}; nothing was written (use --force)"
        )
    written = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(f"{'overwrote' if name in existing else 'wrote'} {name}")
    return written
