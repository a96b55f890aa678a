"""PIN006: container images named outside ``FROM`` are pinned by ``@sha256:`` digest."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gate.collectors import compose
from gate.collectors.compose import ImageRef
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.pins.common import IMAGE_DIGEST, counts, matching_files, pins, unreadable
from gate.policies.pins.settings import ImageSettings


def why_unpinned(image: str) -> str | None:
    if IMAGE_DIGEST.search(image):
        return None
    if "${{" in image or "${" in image:
        return "an expression, which cannot be pinned"
    return "a tag, which can be republished" if ":" in image.rsplit("/", 1)[-1] else "no tag"


class ImagesPinned(Policy[ImageSettings]):
    """Container images beyond `FROM` are pinned by `@sha256:` digest.

    Reads workflow `jobs.<id>.container` (a string or `image:`) and
    `jobs.<id>.services.<name>.image` (`pins.actions.globs`), `image:` of Docker Compose
    services (`compose.yaml`, `docker-compose*.yml`; a service that `build:`s its image is
    exempt) and, in Dockerfiles (`pins.docker.globs`), `COPY --from=<image>` and
    `RUN --mount=...,from=<image>` (a stage name or index is not an image). A tag is
    republished; a digest names exact bytes.

    Fix: `image@sha256:<digest>` (`docker buildx imagetools inspect IMAGE` prints it).
    Settings: `compose_globs`. Metrics: `pinned`, `total`.
    """

    id = "PIN006"
    slug = "images-pinned"
    title = "Container images pinned by digest"
    default_severity = Severity.ERROR
    Settings = ImageSettings

    def evaluate(self, ctx: Context, settings: ImageSettings) -> Iterator[Finding | Metric]:
        section = pins(ctx)
        sources: list[tuple[list[str], Callable[[str, str], list[ImageRef]]]] = [
            (matching_files(ctx, section.actions.globs), compose.workflow_images),
            (matching_files(ctx, settings.compose_globs), compose.compose_images),
            (matching_files(ctx, section.docker.globs), compose.dockerfile_images),
        ]
        pinned = total = files = 0
        for paths, read in sources:
            for path in paths:
                files += 1
                try:
                    refs = read(ctx.read_text(path), path)
                except InputError as error:
                    yield unreadable(self, settings, path, error, "File cannot be checked")
                    continue
                for ref in refs:
                    total += 1
                    why = why_unpinned(ref.image)
                    if why is None:
                        pinned += 1
                        continue
                    image = ref.image.split("@", 1)[0]
                    yield self.finding(
                        settings,
                        f"image {ref.image} ({ref.where}) is not pinned by digest: {why}",
                        location=Location(path, start_line=ref.line, end_line=ref.line),
                        fix=(
                            f"{image}@sha256:<digest> (`docker buildx imagetools inspect "
                            f"{image}` prints it)"
                        ),
                        title="Unpinned container image",
                        fingerprint=fingerprint(self.id, path, ref.where, image),
                        properties={"ecosystem": "docker"},
                    )
        yield from counts(pinned, total, files)
