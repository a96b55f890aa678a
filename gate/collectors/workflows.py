"""Every ``uses:`` reference in GitHub workflow and action files, with its line and comment.

Workflows have job-level ``uses:`` (reusable workflows) and step-level ``uses:``;
composite actions (``action.yml``) have ``runs.steps[].uses``.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from gate.collectors.structured import (
    MalformedFile,
    compose_yaml,
    line_of,
    mapping_get,
    mapping_items,
    scalar,
    sequence_items,
    trailing_comment,
)


@dataclass(frozen=True)
class UsesRef:
    path: str
    line: int
    value: str
    comment: str | None  # the "# v4.1.1" after the value, without "#"
    where: str  # "jobs.build.steps[2]", "jobs.call", "runs.steps[0]"

    @property
    def is_reusable_workflow(self) -> bool:
        return "/.github/workflows/" in self.value.split("@", 1)[0]


def _step_refs(steps: yaml.Node | None, prefix: str) -> list[tuple[str, yaml.Node]]:
    found = []
    for index, step in enumerate(sequence_items(steps)):
        uses = mapping_get(step, "uses")
        if uses is not None:
            found.append((f"{prefix}.steps[{index}]", uses))
    return found


def parse(text: str, path: str) -> list[UsesRef]:
    """The ``uses:`` references of one workflow or action file, in file order."""
    root = compose_yaml(text, path)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise MalformedFile("expected a mapping at the top level", path=path, line=line_of(root))
    nodes: list[tuple[str, yaml.Node]] = []
    jobs = mapping_get(root, "jobs")
    for job_id, job in mapping_items(jobs):
        uses = mapping_get(job, "uses")
        if uses is not None:
            nodes.append((f"jobs.{job_id}", uses))
        nodes.extend(_step_refs(mapping_get(job, "steps"), f"jobs.{job_id}"))
    nodes.extend(_step_refs(mapping_get(mapping_get(root, "runs"), "steps"), "runs"))
    lines = text.splitlines()
    refs = []
    for where, node in nodes:
        value = scalar(node)
        if value is None:
            raise MalformedFile(f"{where}.uses must be a string", path=path, line=line_of(node))
        refs.append(
            UsesRef(path, line_of(node), value.strip(), trailing_comment(lines, node), where)
        )
    refs.sort(key=lambda ref: ref.line)
    return refs
