"""Container images named outside ``FROM``: Compose services, workflow containers and
services, and the images a Dockerfile copies or mounts from (``--from=``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from gate.collectors import dockerfiles
from gate.collectors.structured import (
    MalformedFile,
    compose_yaml,
    line_of,
    mapping_get,
    mapping_items,
    scalar,
)

COMPOSE_GLOBS = ("compose.yaml", "compose.yml", "docker-compose*.yml", "docker-compose*.yaml")
_MOUNT_FROM = re.compile(r"(?:^|,)from=([^,\s]+)")


@dataclass(frozen=True)
class ImageRef:
    """One image a build or a job pulls, with where it is named."""

    path: str
    line: int
    image: str
    where: str  # "services.db.image", "jobs.test.container", "COPY --from"


def _top(text: str, path: str) -> yaml.Node | None:
    root = compose_yaml(text, path)
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise MalformedFile("expected a mapping at the top level", path=path, line=line_of(root))
    return root


def _image(node: yaml.Node, path: str, where: str) -> ImageRef:
    value = scalar(node)
    if value is None:
        raise MalformedFile(f"{where} must be a string", path=path, line=line_of(node))
    return ImageRef(path, line_of(node), value.strip(), where)


def compose_images(text: str, path: str) -> list[ImageRef]:
    """``services.<name>.image`` of a Compose file; an image a service builds is not pulled."""
    refs = []
    for name, service in mapping_items(mapping_get(_top(text, path), "services")):
        image = mapping_get(service, "image")
        if image is not None and mapping_get(service, "build") is None:
            refs.append(_image(image, path, f"services.{name}.image"))
    return refs


def workflow_images(text: str, path: str) -> list[ImageRef]:
    """``jobs.<id>.container`` (a string or ``image:``) and ``jobs.<id>.services.*.image``."""
    refs = []
    for job_id, job in mapping_items(mapping_get(_top(text, path), "jobs")):
        container = mapping_get(job, "container")
        if isinstance(container, yaml.MappingNode):
            container = mapping_get(container, "image")
        if container is not None:
            refs.append(_image(container, path, f"jobs.{job_id}.container"))
        for name, service in mapping_items(mapping_get(job, "services")):
            image = mapping_get(service, "image")
            if image is not None:
                refs.append(_image(image, path, f"jobs.{job_id}.services.{name}.image"))
    return refs


def dockerfile_images(text: str, path: str) -> list[ImageRef]:
    """Images (not stages) named by ``COPY --from=`` and ``RUN --mount=...,from=``."""
    stages: set[str] = set()
    count = 0
    refs = []
    for line, word, rest in dockerfiles.instructions(text):
        options = []
        for token in rest.split():
            if not token.startswith("--"):
                break
            options.append(token)
        if word == "FROM":
            parts = rest.split()
            if len(parts) >= 3 and parts[-2].upper() == "AS":
                stages.add(parts[-1].lower())
            stages.add(str(count))  # a stage can be named by its index too
            count += 1
            continue
        sources: list[str] = []
        where = ""
        if word in ("COPY", "ADD"):
            sources = [o.split("=", 1)[1] for o in options if o.startswith("--from=")]
            where = f"{word} --from"
        elif word == "RUN":
            for option in options:
                if option.startswith("--mount="):
                    sources += _MOUNT_FROM.findall(option[len("--mount=") :])
            where = "RUN --mount from"
        for source in sources:
            if source.lower() not in stages:
                refs.append(ImageRef(path, line, source, where))
    return refs
