"""PIN005: every external pre-commit hook repository's ``rev:`` is a full commit SHA, and
every package a hook installs (``additional_dependencies``) is pinned to one version."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gate.collectors import precommit
from gate.collectors.precommit import HookRepo
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings
from gate.policies.pins.common import FULL_SHA, counts, matching_files, pins, unreadable

# Release tags look like versions: v1.2.3, 24.1.0, 0.4.1rc1; anything else may be a branch.
# Runs of alphanumerics separated by single `.`/`_`/`-`; each group starts with its
# separator, so there is one way to match and the time is linear (the earlier
# `([._-]?[A-Za-z0-9]+)*` backtracked exponentially on `<40 hex>^{}` from git ls-remote).
_VERSION_TAG = re.compile(r"^v?[0-9][A-Za-z0-9]{0,127}(?:[._-][A-Za-z0-9]{1,128}){0,64}$")
_FROZEN = re.compile(r"^frozen:\s*\S+")
# npm's exact form, for node hooks: name@1.2.3 or @scope/name@1.2.3 (a range is not exact).
_NPM_EXACT = re.compile(
    r"^(?:@[\w.-]{1,128}/)?[\w.-]{1,214}@v?\d{1,9}(?:\.\d{1,9}){0,3}[\w.+-]{0,64}$"
)


def _unpinned_dependency(text: str) -> tuple[str, Severity | None] | None:
    """None when ``text`` names one exact version; else what is wrong and its severity."""
    from packaging.requirements import InvalidRequirement, Requirement

    unknown = "whose version cannot be told (not `name==<version>`)", Severity.WARNING
    if _NPM_EXACT.match(text.strip()):
        return None  # checked first: PEP 508 would read `name@1.2.3` as a URL requirement
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return unknown
    if requirement.url:
        if "://" not in requirement.url and not requirement.url.startswith("file:"):
            return unknown  # npm's `name@^3`: a range, or a form this gate cannot read
        return "a direct URL, not a pinned release", None
    specs = list(requirement.specifier)
    if len(specs) == 1 and (
        specs[0].operator == "===" or (specs[0].operator == "==" and "*" not in specs[0].version)
    ):
        return None
    shown = str(requirement.specifier) or "any version"
    return f"which is not pinned ({shown}; needs ==)", None


def _fix(repo: HookRepo) -> str:
    tag = repo.rev if repo.rev and _VERSION_TAG.match(repo.rev) else "<tag>"
    return (
        f"rev: <40-hex commit SHA>  # frozen: {tag} "
        "(`pre-commit autoupdate --freeze` writes both)"
    )


class PrecommitRevsPinned(Policy[PolicySettings]):
    """Every external pre-commit hook repository is pinned to a full commit SHA.

    Reads `.pre-commit-config.yaml` (`pins.precommit.globs`). A `rev:` tag can be moved
    to other code; a 40-hex commit cannot. A version-like tag (`v1.2.3`) is a warning, a
    branch-like or missing `rev:` an error. A SHA without the `# frozen: vX` comment that
    `pre-commit autoupdate --freeze` writes is a notice. `repo: local` and `repo: meta`
    are exempt. Every `additional_dependencies` entry of every hook (local ones too) is a
    package pre-commit installs, so it needs one exact version: `name==1.2.3` (PEP 508, `===`
    too) or npm's `name@1.2.3`; anything else is an error, and an entry in neither form is a
    warning (its pin cannot be told).

    Fix: run `pre-commit autoupdate --freeze`; write `name==<version>` for each additional
    dependency. Metrics: `pinned`, `total` (repositories and dependencies).
    """

    id = "PIN005"
    slug = "precommit-revs-pinned"
    title = "pre-commit hook revisions pinned"
    default_severity = Severity.ERROR

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        config = pins(ctx).precommit
        files = matching_files(ctx, config.globs)
        pinned = total = 0
        for path in files:
            try:
                repos = precommit.parse(ctx.read_text(path), path)
            except InputError as error:
                yield unreadable(self, settings, path, error, "pre-commit config cannot be checked")
                continue
            for repo in repos:
                for dependency in repo.dependencies:
                    total += 1
                    problem = _unpinned_dependency(dependency.text)
                    if problem is None:
                        pinned += 1
                        continue
                    what, severity = problem
                    yield self.finding(
                        settings,
                        f"hook {dependency.hook} installs {dependency.text!r}, {what}",
                        severity=severity,
                        fix="pin it: name==<version> (`pip index versions name` lists them)",
                        title="Unpinned hook dependency",
                        fingerprint=fingerprint(self.id, path, dependency.hook, dependency.text),
                        location=Location(
                            path, start_line=dependency.line, end_line=dependency.line
                        ),
                        properties={"ecosystem": "pre-commit"},
                    )
                if not repo.external:
                    continue
                total += 1
                location = Location(path, start_line=repo.line, end_line=repo.line)
                common = {"location": location, "properties": {"ecosystem": "pre-commit"}}
                rev = repo.rev or ""
                if FULL_SHA.match(rev):
                    pinned += 1
                    if config.require_frozen_comment and not _FROZEN.match(repo.comment or ""):
                        yield self.finding(
                            settings,
                            f"{repo.repo} is pinned to {rev[:12]} but has no "
                            "`# frozen: <tag>` comment",
                            severity=Severity.NOTICE,
                            fix=f"rev: {rev}  # frozen: <tag> "
                            "(`pre-commit autoupdate --freeze` writes it)",
                            fingerprint=fingerprint(self.id, path, repo.repo, "frozen"),
                            title="Pinned hook without frozen comment",
                            **common,
                        )
                    continue
                if not rev:
                    what, severity = "has no rev:", None
                elif _VERSION_TAG.match(rev):
                    what, severity = f"uses tag {rev!r}, which can be moved", Severity.WARNING
                else:
                    what, severity = f"uses {rev!r}, which looks like a branch", None
                yield self.finding(
                    settings,
                    f"hook repository {repo.repo} {what}; pin a commit SHA",
                    severity=severity,
                    fix=_fix(repo),
                    title="Unpinned hook repository",
                    fingerprint=fingerprint(self.id, path, repo.repo),
                    **common,
                )
        yield from counts(pinned, total, len(files))
