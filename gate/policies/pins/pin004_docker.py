"""PIN004: every base image in a Dockerfile ``FROM`` is pinned by ``@sha256:`` digest."""

from __future__ import annotations

from collections.abc import Iterator

from gate.collectors import dockerfiles
from gate.collectors.dockerfiles import FromLine
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings
from gate.policies.pins.common import IMAGE_DIGEST, counts, matching_files, pins, unreadable


def _fix(line: FromLine) -> str:
    image = (line.image or line.raw).split("@", 1)[0]
    return (
        f"FROM {image}@sha256:<digest> (`docker buildx imagetools inspect {image}` "
        "prints the digest; keep the tag for readers)"
    )


class DockerImagesPinned(Policy[PolicySettings]):
    """Every Dockerfile `FROM` image is pinned by `@sha256:` digest.

    Reads `Dockerfile`, `Dockerfile.*`, `*.dockerfile` (`pins.docker.globs`). A tag such
    as `python:3.12-slim` is republished for every patch release; a digest names exact
    bytes. `FROM scratch` and `FROM <earlier stage>` are exempt; `--platform=` is
    accepted; `FROM ${BASE}` is resolved from the `ARG BASE=...` default before the
    first `FROM` (an ARG without a default cannot be checked and is a finding).

    Fix: `FROM python:3.12-slim@sha256:<digest>`. Metrics: `pinned`, `total`.
    """

    id = "PIN004"
    slug = "docker-images-pinned"
    title = "Docker base images pinned by digest"
    default_severity = Severity.ERROR

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        files = matching_files(ctx, pins(ctx).docker.globs)
        pinned = total = 0
        for path in files:
            try:
                froms, problems = dockerfiles.parse(ctx.read_text(path), path)
            except InputError as error:
                yield unreadable(self, settings, path, error, "Dockerfile cannot be checked")
                continue
            for problem in problems:
                yield self._broken(settings, path, problem.line, problem.message)
            stages: set[str] = set()
            for line in froms:
                image = line.image
                exempt = image is not None and (
                    image.lower() == "scratch" or image.lower() in stages
                )
                if line.stage:
                    stages.add(line.stage.lower())
                if exempt:
                    continue
                total += 1
                location = Location(path, start_line=line.line, end_line=line.line)
                if image is None:
                    names = ", ".join(line.unresolved)
                    yield self.finding(
                        settings,
                        f"FROM {line.raw} cannot be checked: ARG {names} has no default",
                        location=location,
                        title="Unresolvable base image",
                        fix=f"give ARG {line.unresolved[0]} a default pinned by digest, e.g. "
                        f"ARG {line.unresolved[0]}=image:tag@sha256:<digest>",
                        fingerprint=fingerprint(self.id, path, line.raw, "unresolved"),
                        properties={"ecosystem": "docker"},
                    )
                    continue
                if IMAGE_DIGEST.search(image):
                    pinned += 1
                    continue
                shown = image if image == line.raw else f"{line.raw} (= {image})"
                yield self.finding(
                    settings,
                    f"base image {shown} is not pinned by digest",
                    location=location,
                    fix=_fix(line),
                    title="Unpinned base image",
                    fingerprint=fingerprint(self.id, path, line.stage or "", image),
                    properties={"ecosystem": "docker"},
                )
        yield from counts(pinned, total, len(files))

    def _broken(
        self, settings: PolicySettings, path: str, line: int | None, message: str
    ) -> Finding:
        return self.finding(
            settings,
            message,
            severity=Severity.ERROR,
            location=Location(path, start_line=line, end_line=line),
            fingerprint=fingerprint(self.id, path, message),
            title="Dockerfile cannot be checked",
            fix="fix the FROM line (FROM [--platform=...] image[@sha256:digest] [AS name])",
        )
