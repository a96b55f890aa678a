"""``gate init``: write the CI workflow, hooks, gate, Dependabot and CODEOWNERS files into a
repository, fitted to it (its Python versions, formatter, layout) and merged where it has its
own pre-commit config or CODEOWNERS."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path

from gate import config as config_module
from gate.ci import install, lint
from gate.errors import GateError, InputError, MissingInput
from gate.init import codeowners, pinning, precommit, pythons
from gate.init.model import DEFAULT_REPO, Change, Layout, Options, Plan
from gate.init.output import preview, printable, write
from gate.init.pinning import SHA, installed_commit, resolve
from gate.init.render import PLACEHOLDER_SHA, SCHEMA, render

__all__ = [
    "DEFAULT_REPO",
    "PLACEHOLDER_SHA",
    "SCHEMA",
    "SHA",
    "Options",
    "installed_commit",
    "pinning",
    "plan",
    "preview",
    "printable",
    "write",
]

# Template path -> the part of the adoption it belongs to (`--only`).
FILES = {
    ".github/workflows/ci.yml": "workflow",
    ".github/workflows/gate-publish.yml": "workflow",
    ".pre-commit-config.yaml": "precommit",
    ".github/dependabot.yml": "dependabot",
    "gate.yml": "config",
}
PARTS = ("workflow", "precommit", "config", "dependabot", "codeowners")
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
        text = render(
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
