"""Every ``uses:`` reference in GitHub workflow and action files, with its line and comment.

Workflows have job-level ``uses:`` (reusable workflows) and step-level ``uses:``;
composite actions (``action.yml``) have ``runs.steps[].uses``.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from gate.collectors.limits import budgeted
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


def _expect(node: yaml.Node | None, kind: type[yaml.Node], what: str, path: str) -> None:
    """A present value of the wrong shape is malformed, never skipped (a silent pass)."""
    empty = isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")
    if node is not None and not empty and not isinstance(node, kind):
        shape = "a list" if kind is yaml.SequenceNode else "a mapping"
        raise MalformedFile(f"{what} must be {shape}", path=path, line=line_of(node))


def _step_refs(steps: yaml.Node | None, prefix: str, path: str) -> list[tuple[str, yaml.Node]]:
    _expect(steps, yaml.SequenceNode, f"{prefix}.steps", path)
    found = []
    for index, step in enumerate(sequence_items(steps)):
        _expect(step, yaml.MappingNode, f"{prefix}.steps[{index}]", path)
        uses = mapping_get(step, "uses")
        if uses is not None:
            found.append((f"{prefix}.steps[{index}]", uses))
    return found


@budgeted
def parse(text: str, path: str) -> list[UsesRef]:
    """The ``uses:`` references of one workflow or action file, in file order."""
    root = compose_yaml(text, path)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise MalformedFile("expected a mapping at the top level", path=path, line=line_of(root))
    nodes: list[tuple[str, yaml.Node]] = []
    jobs = mapping_get(root, "jobs")
    _expect(jobs, yaml.MappingNode, "jobs", path)
    for job_id, job in mapping_items(jobs):
        _expect(job, yaml.MappingNode, f"jobs.{job_id}", path)
        uses = mapping_get(job, "uses")
        if uses is not None:
            nodes.append((f"jobs.{job_id}", uses))
        nodes.extend(_step_refs(mapping_get(job, "steps"), f"jobs.{job_id}", path))
    runs = mapping_get(root, "runs")
    _expect(runs, yaml.MappingNode, "runs", path)
    nodes.extend(_step_refs(mapping_get(runs, "steps"), "runs", path))
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
