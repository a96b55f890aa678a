"""READY005: the repository runs continuous integration (a workflow or CI config exists)."""

from __future__ import annotations

from collections.abc import Iterator

from gate.context import Context
from gate.findings import Finding, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.ready.common import matches, ready
from gate.policies.ready.settings import ReadySettings


class CiPresent(Policy[ReadySettings]):
    """The repository has a continuous-integration configuration.

    Looks for any file of `ready.ci_files` (GitHub Actions workflows, `.gitlab-ci.yml`,
    CircleCI, Azure Pipelines, Jenkins, Travis, Bitbucket, Woodpecker, Drone). Without
    one, nothing runs the tests or this gate on the next change.

    Fix: `gate init` writes a GitHub Actions workflow that calls the gate.
    Metrics: `ci_files`.
    """

    id = "READY005"
    slug = "ci-present"
    title = "Continuous integration configured"
    default_severity = Severity.ERROR
    Settings = ReadySettings

    def evaluate(self, ctx: Context, settings: ReadySettings) -> Iterator[Finding | Metric]:
        patterns = ready(ctx).ci_files
        found = [name for name in ctx.files() if matches(name, patterns)]
        yield Metric("ci_files", len(found))
        if not found:
            yield self.finding(
                settings,
                "no continuous-integration configuration found "
                f"(looked for {', '.join(patterns[:3])}, ...)",
                fingerprint=fingerprint(self.id, "none"),
                fix="run `gate init` to add a GitHub Actions workflow",
            )
