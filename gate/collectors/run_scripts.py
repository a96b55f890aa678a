"""The shell scripts a build runs: workflow and composite-action ``run:`` steps and
Dockerfile ``RUN`` lines, each with the line its first script line is on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from shlex import join

import yaml

from gate.collectors import dockerfiles
from gate.collectors.structured import (
    MalformedFile,
    compose_yaml,
    line_of,
    mapping_get,
    mapping_items,
    scalar,
    sequence_items,
)


@dataclass(frozen=True)
class Script:
    path: str
    line: int  # of the script's first line
    text: str
    where: str  # "jobs.build.steps[2].run", "runs.steps[0].run", "RUN"


def _steps(steps: yaml.Node | None, prefix: str, path: str) -> list[Script]:
    out = []
    for index, step in enumerate(sequence_items(steps)):
        run = mapping_get(step, "run")
        if run is None:
            continue
        text = scalar(run)
        if text is None:
            raise MalformedFile("run: must be a string", path=path, line=line_of(run))
        # A block scalar (`run: |`) starts on the line after the indicator.
        block = isinstance(run, yaml.ScalarNode) and run.style in ("|", ">")
        out.append(Script(path, line_of(run) + (1 if block else 0), text, f"{prefix}[{index}].run"))
    return out


def workflow_scripts(text: str, path: str) -> list[Script]:
    """``run:`` of every job step (workflows) and of a composite action's steps."""
    root = compose_yaml(text, path)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise MalformedFile("expected a mapping at the top level", path=path, line=line_of(root))
    scripts = []
    for job_id, job in mapping_items(mapping_get(root, "jobs")):
        scripts += _steps(mapping_get(job, "steps"), f"jobs.{job_id}.steps", path)
    scripts += _steps(mapping_get(mapping_get(root, "runs"), "steps"), "runs.steps", path)
    return scripts


def dockerfile_scripts(text: str, path: str) -> list[Script]:
    """Each ``RUN``: shell form as written, exec form (``["sh", "-c", ...]``) re-quoted."""
    out = []
    for line, word, rest in dockerfiles.instructions(text):
        if word != "RUN":
            continue
        words = rest.split(" ")
        while words and words[0].startswith("--"):
            words.pop(0)
        body = " ".join(words).strip()
        if body.startswith("["):
            try:
                parts = json.loads(body)
            except ValueError:
                parts = None
            if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
                body = join(parts)
        out.append(Script(path, line, body, "RUN"))
    return out
