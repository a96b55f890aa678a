"""``gate init``: write the CI workflow, hooks, gate, Dependabot and CODEOWNERS files into a
repository, fitted to it (its Python versions, formatter, layout) and merged where it has its
own pre-commit config or CODEOWNERS."""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from gate import config as config_module
from gate.ci import install, lint
from gate.errors import GateError, InputError, MissingInput
from gate.init import codeowners, precommit, pythons
from gate.init.pinning import SHA, installed_commit, resolve
from gate.redaction import clean_text
from gate.reporters.escaping import neutralize_commands

__all__ = ["SHA", "installed_commit"]

# Template path -> the part of the adoption it belongs to (`--only`).
FILES = {
    ".github/workflows/ci.yml": "workflow",
    ".github/workflows/gate-publish.yml": "workflow",
    ".pre-commit-config.yaml": "precommit",
    ".github/dependabot.yml": "dependabot",
    "gate.yml": "config",
}
PARTS = ("workflow", "precommit", "config", "dependabot", "codeowners")
# The templates are valid files on their own (the tests lint them as they are); these
# placeholder values are what `gate init` replaces.
PLACEHOLDER_REPO = "policy-gate/policy-gate"
PLACEHOLDER_SHA = "0" * 40
PLACEHOLDER_VERSION = "v0.0.0"
DEFAULT_REPO = "policy-gate/policy-gate"
WORKFLOW = ".github/workflows/python-ci.yml"
PUBLISH_WORKFLOW = ".github/workflows/gate-publish.yml"
DOCKER_WORKFLOW = ".github/workflows/python-docker.yml"
SCHEMA = "schemas/gate-config.schema.json"
REPO = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
WORKFLOW_FILE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\.ya?ml$")


def templates_dir() -> Path:
    """The templates: shipped in the wheel as gate/_templates, else the checkout's templates/."""
    shipped = resources.files("gate").joinpath("_templates")
    if shipped.is_dir():
        return Path(str(shipped))
    checkout = Path(__file__).resolve().parent.parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    raise GateError("the gate's templates are missing from this installation (a packaging bug)")


@dataclass(frozen=True)
class Options:
    repo: str = DEFAULT_REPO
    ref: str | None = None
    only: tuple[str, ...] = ()  # empty: every part
    workflow_file: str = "ci.yml"
    owners: tuple[str, ...] = ()
    force: bool = False
    today: date | None = None  # the end-of-life cut of the Python matrix (tests inject it)


@dataclass(frozen=True)
class Layout:
    install_mode: str
    dockerfile: bool
    has_config: str | None  # an existing gate configuration, which init leaves alone
    formatter: str  # "ruff" or "black", as the CI lint stage decides it
    pythons: list[str]
    notes: list[str] = field(default_factory=list)


def detect_layout(root: Path, today: date) -> Layout:
    try:
        mode = install.detect(root).value
    except MissingInput:
        mode = "auto"
    found = config_module.discover(
        lambda name: (root / name).read_text(encoding="utf-8") if (root / name).is_file() else None
    )
    decision = lint.decide(root)
    versions, why = pythons.matrix(root, today)
    notes = [
        f"install mode: {mode} (detected)",
        f"Python versions: {', '.join(versions)} ({why})",
        f"formatter: {decision.formatter} ({decision.reason}); the CI lint stage decides alike",
    ]
    return Layout(
        mode,
        (root / "Dockerfile").is_file(),
        found[0] if found else None,
        decision.formatter,
        versions,
        notes,
    )


@dataclass(frozen=True)
class Change:
    path: str
    text: str
    before: str | None  # the file's current text (None: a new file)
    merged: bool = False

    @property
    def action(self) -> str:
        if self.before is None:
            return "write"
        return "merge into" if self.merged else "overwrite"


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    force: bool = False

    @property
    def conflicts(self) -> list[str]:
        """Existing files a run would overwrite: without --force nothing is written."""
        if self.force:
            return []
        return sorted(c.path for c in self.changes if c.before is not None and not c.merged)


def _replace(text: str, old: str, new: str, name: str) -> str:
    if old not in text:
        raise GateError(f"template {name} lacks its placeholder {old!r} (a packaging bug)")
    return text.replace(old, new)


def _pin(comment: str | None) -> str:
    return f" # {comment}" if comment else ""


def render_workflow(
    text: str, *, repo: str, ref: str, comment: str | None, layout: Layout, name: str
) -> str:
    """The caller workflow: pinned, fitted to the layout, a docker job only with an image."""
    image = name  # the image is named after the repository folder
    text = _replace(
        text,
        f"{PLACEHOLDER_REPO}/{WORKFLOW}@{PLACEHOLDER_SHA} # {PLACEHOLDER_VERSION}",
        f"{repo}/{WORKFLOW}@{ref}{_pin(comment)}",
        "ci.yml",
    )
    text = _replace(text, "install-mode: auto", f"install-mode: {layout.install_mode}", "ci.yml")
    text = _replace(
        text,
        "python-versions: '[\"3.12\"]'",
        f"python-versions: '{json.dumps(layout.pythons)}'",
        "ci.yml",
    )
    if layout.dockerfile:
        text += DOCKER_JOB.format(
            uses=f"{repo}/{DOCKER_WORKFLOW}@{ref}{_pin(comment)}", image=image
        )
    return text


# The docker stage is its own reusable workflow: GitHub checks the scopes of every job a
# called workflow declares, even a skipped one, so only a caller with an image grants these.
DOCKER_JOB = """
  docker:
    name: docker
    uses: {uses}
    permissions:
      contents: read # check out the code
      packages: write # push the image to GHCR (default branch and tags only)
      id-token: write # sign the provenance attestation
      attestations: write # store the provenance attestation
    with:
      docker-image: {image}
"""


def _workflow_name(workflow_file: str) -> str:
    return workflow_file.rsplit(".", 1)[0]


def _render(
    template: str,
    text: str,
    *,
    root: Path,
    options: Options,
    ref: str,
    comment: str | None,
    layout: Layout,
) -> str:
    name = _workflow_name(options.workflow_file)
    if template == ".github/workflows/ci.yml":
        image = re.sub(r"[^a-z0-9._-]", "-", root.resolve().name.lower()) or "app"
        text = render_workflow(
            text, repo=options.repo, ref=ref, comment=comment, layout=layout, name=image
        )
        if name != "ci":
            text = _replace(text, "\nname: ci\n", f"\nname: {name}\n", template)
            text = _replace(text, "group: ci-", f"group: {name}-", template)
    elif template == PUBLISH_WORKFLOW:
        text = _replace(
            text,
            f"{PLACEHOLDER_REPO}/{PUBLISH_WORKFLOW}@{PLACEHOLDER_SHA} # {PLACEHOLDER_VERSION}",
            f"{options.repo}/{PUBLISH_WORKFLOW}@{ref}{_pin(comment)}",
            template,
        )
        if name != "ci":
            text = _replace(text, "workflows: [ci]", f"workflows: [{name}]", template)
            text = text.replace("the `ci` workflow", f"the `{name}` workflow")
    elif template == ".github/dependabot.yml" and layout.install_mode == "uv":
        text = _replace(text, "package-ecosystem: pip", "package-ecosystem: uv", template)
    elif template == "gate.yml":
        text = _replace(
            text,
            f"/{PLACEHOLDER_REPO}/{PLACEHOLDER_SHA}/{SCHEMA}",
            f"/{options.repo}/{ref}/{SCHEMA}",
            template,
        )
    return text


def _check(options: Options) -> None:
    if not REPO.match(options.repo):
        raise InputError(f"--repo must be OWNER/REPO, not {options.repo!r}")
    if not WORKFLOW_FILE.match(options.workflow_file) or options.workflow_file in {
        "gate-publish.yml",
        "python-ci.yml",
    }:
        raise InputError(
            f"--workflow-file must be a file name ending in .yml (not gate-publish.yml or "
            f"python-ci.yml), not {options.workflow_file!r}"
        )
    bad = codeowners.invalid_owners(list(options.owners))
    if bad:
        raise InputError(f"--owners takes @user, @org/team or an email, not {bad[0]!r}")


def _read(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"unreadable: {error}", path=path.name) from None


def plan(root: Path, options: Options) -> Plan:
    """What `gate init` would write (the Changes) and notes about what it decided and why."""
    _check(options)
    ref, comment = resolve(options.ref)
    parts = set(options.only or PARTS)
    layout = detect_layout(root, options.today or date.today())
    source = templates_dir()
    result = Plan(notes=list(layout.notes), force=options.force)
    if comment is None:
        result.notes.append(
            f"no version comment beside {ref}: neither this installation nor a local clone "
            "says which release it is"
        )
    for template, part in FILES.items():
        if part not in parts:
            continue
        target = template
        if template == ".github/workflows/ci.yml":
            target = f".github/workflows/{options.workflow_file}"
        if template == "gate.yml" and layout.has_config:
            result.notes.append(
                f"kept your gate configuration {layout.has_config}; gate.yml not written"
            )
            continue
        raw = (source / template).read_text(encoding="utf-8")
        before = _read(root / target)
        if template == ".pre-commit-config.yaml":
            rev = precommit.rev_text(ref, comment)
            if before is not None and not options.force:
                text = precommit.merge(
                    before, raw, repo=options.repo, rev=rev, formatter=layout.formatter
                )
                result.changes.append(Change(target, text, before, merged=True))
                continue
            raw = precommit.render(raw, repo=options.repo, rev=rev, formatter=layout.formatter)
        text = _render(
            template, raw, root=root, options=options, ref=ref, comment=comment, layout=layout
        )
        result.changes.append(Change(target, text, before))
    if "workflow" in parts:
        result.notes += _workflow_notes(root, options.workflow_file)
    if "codeowners" in parts:
        _plan_codeowners(root, options, layout, result)
    unchanged = [c.path for c in result.changes if c.text == c.before]
    result.changes = [c for c in result.changes if c.text != c.before]
    result.notes += [f"{path} is already up to date" for path in unchanged]
    return result


def _workflow_notes(root: Path, workflow_file: str) -> list[str]:
    notes = [
        "mark `policy-gate` as a required check too: gate-publish.yml posts it from the "
        "default branch, where a pull request cannot edit or skip it (docs/publish.md)"
    ]
    folder = root / ".github" / "workflows"
    others = sorted(
        p.name
        for p in (folder.iterdir() if folder.is_dir() else [])
        if p.suffix in {".yml", ".yaml"} and p.name not in {workflow_file, "gate-publish.yml"}
    )
    if others:
        notes.append(
            f"your own workflows ({', '.join(others)}) keep running beside it; to run only "
            "the gate job, see docs/adopting.md#gate-job-only"
        )
    return notes


def _plan_codeowners(root: Path, options: Options, layout: Layout, result: Plan) -> None:
    found = codeowners.existing(root)
    path, current = found if found else (codeowners.NAME, None)
    owners = list(options.owners) or (codeowners.default_owners(current) if current else [])
    if not owners:
        result.notes.append(
            "CODEOWNERS skipped: pass --owners @org/team (no existing file names a default "
            "owner with a `*` line)"
        )
        return
    written = [c.path for c in result.changes]
    patterns = codeowners.paths(root, layout.has_config, written)
    text = codeowners.render(current, patterns, owners)
    if text is None:
        result.notes.append(f"{path} already lists every path the gate needs reviewed")
        return
    result.changes.append(Change(path, text, current, merged=current is not None))


def write(root: Path, result: Plan) -> list[str]:
    """Write every change, or none: without --force an existing file stops the whole run."""
    if result.conflicts:
        raise InputError(
            f"would overwrite {', '.join(result.conflicts)}; nothing was written (use --force, "
            "--only, or --dry-run to see the differences)"
        )
    lines = []
    for change in result.changes:
        path = root / change.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change.text, encoding="utf-8", newline="\n")
        done = {"write": "wrote", "merge into": "merged into", "overwrite": "overwrote"}
        lines.append(f"{done[change.action]} {change.path}")
    return lines


def printable(lines: list[str]) -> list[str]:
    """Lines safe to print, indentation kept: credentials masked over the whole text (a key
    spans lines), and on Actions no workflow command the runner could parse."""
    text = clean_text("\n".join(lines))
    shown = text.split("\n") if lines else []
    if os.environ.get("GITHUB_ACTIONS") == "true":
        shown = [neutralize_commands(line) for line in shown]
    return shown


def preview(result: Plan) -> list[str]:
    """What a run would do, file by file, with a unified diff against each existing file."""
    lines = []
    for change in result.changes:
        lines.append(f"would {change.action} {change.path}")
        before = (change.before or "").splitlines(keepends=True)
        diff = difflib.unified_diff(
            before,
            change.text.splitlines(keepends=True),
            fromfile=f"a/{change.path}" if change.before is not None else "/dev/null",
            tofile=f"b/{change.path}",
        )
        lines += [line.rstrip("\n") for line in diff]
    if result.conflicts:
        lines.append(
            f"a run would stop here: {', '.join(result.conflicts)} exist (use --force or --only)"
        )
    lines.append("dry run: nothing was written")
    return lines
