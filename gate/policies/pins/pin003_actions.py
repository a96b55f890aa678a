"""PIN003: every action and reusable workflow in ``uses:`` is pinned to a full commit SHA."""

from __future__ import annotations

from collections.abc import Iterator

from gate.collectors import workflows
from gate.collectors.workflows import UsesRef
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings
from gate.policies.pins.common import (
    FULL_SHA,
    IMAGE_DIGEST,
    counts,
    matching_files,
    pins,
    unreadable,
)

LOCAL_PREFIXES = ("./", "$/")


def classify(value: str) -> tuple[bool, str | None]:
    """(pinned, why not) for one ``uses:`` value."""
    if value.startswith(LOCAL_PREFIXES):
        # ./ is the caller's checkout; $/ is the repository of the file itself at the
        # running commit: both are versioned with the code that uses them.
        return True, None
    if value.startswith("docker://"):
        if IMAGE_DIGEST.search(value):
            return True, None
        return False, "a Docker image without an @sha256: digest"
    if "${{" in value:
        return False, "an expression, which cannot be pinned"
    target, at, ref = value.rpartition("@")
    if not at or not target:
        return False, "no @ref at all"
    if FULL_SHA.match(ref):
        return True, None
    return False, f"ref {ref!r} (a tag or branch, which can be moved)"


def _fix(ref: UsesRef) -> str:
    value = ref.value
    if value.startswith("docker://"):
        image = value[len("docker://") :]
        return (
            f"uses: docker://{image.split('@')[0]}@sha256:<digest> "
            f"(`docker buildx imagetools inspect {image}` prints the digest)"
        )
    target, at, tag = value.rpartition("@")
    if not at:
        target, tag = value, ""
    repo = "/".join(target.split("/")[:2])
    tag = tag or "<tag>"
    return (
        f"uses: {target}@<40-hex commit SHA> # {tag} "
        f"(`git ls-remote https://github.com/{repo} refs/tags/{tag}` prints it; "
        "for an annotated tag use the ^{} line)"
    )


class ActionsPinned(Policy[PolicySettings]):
    """Every `uses:` in workflows and action files is pinned to a full commit SHA.

    Reads `.github/workflows/*.yml|yaml` and every `action.yml|yaml` in the repository
    (`pins.actions.globs`): step `uses:`, job-level `uses:` (reusable workflows) and the
    steps of composite actions. Pinned means `owner/repo[/path]@<40-hex SHA>`; a tag or
    branch can be moved to other code after review. Local actions (`./...`) and
    `docker://image@sha256:<digest>` count as pinned. A SHA pin with no version comment
    (`# v4.1.1`) is a notice, since reviewers and Dependabot read the comment.

    Fix: `uses: owner/repo@<sha> # vX.Y.Z` (tools such as `pinact` or `ratchet` do it).
    Metrics: `pinned`, `total`.
    """

    id = "PIN003"
    slug = "actions-pinned"
    title = "Actions pinned to a commit SHA"
    default_severity = Severity.ERROR

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        config = pins(ctx).actions
        files = matching_files(ctx, config.globs)
        pinned = total = 0
        for path in files:
            try:
                refs = workflows.parse(ctx.read_text(path), path)
            except InputError as error:
                yield unreadable(self, settings, path, error, "Workflow cannot be checked")
                continue
            for ref in refs:
                total += 1
                ok, why = classify(ref.value)
                location = Location(path, start_line=ref.line, end_line=ref.line)
                kind = "reusable workflow" if ref.is_reusable_workflow else "action"
                if ok:
                    pinned += 1
                    if (
                        config.require_version_comment
                        and not ref.comment
                        and not ref.value.startswith((*LOCAL_PREFIXES, "docker://"))
                    ):
                        yield self.finding(
                            settings,
                            f"{kind} {ref.value} is pinned but has no version comment",
                            severity=Severity.NOTICE,
                            location=location,
                            fix=f"uses: {ref.value} # vX.Y.Z (the tag this commit is)",
                            fingerprint=fingerprint(self.id, path, ref.value, "comment"),
                            title="Pinned action without version comment",
                            properties={"ecosystem": "github-actions"},
                        )
                    continue
                yield self.finding(
                    settings,
                    f"{kind} {ref.value} is not pinned to a commit SHA: {why}",
                    location=location,
                    fix=_fix(ref),
                    title="Unpinned action",
                    fingerprint=fingerprint(self.id, path, ref.where, ref.value.split("@")[0]),
                    properties={"ecosystem": "github-actions"},
                )
        yield from counts(pinned, total, len(files))
