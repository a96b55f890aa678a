"""Filling `gate init`'s templates: the pin, the layout, the workflow's name and jobs.

The templates are valid files on their own (the tests lint them as they are); the
placeholder values below are what `gate init` replaces.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from gate.errors import GateError
from gate.init.model import Layout, Options

PLACEHOLDER_REPO = "policy-gate/policy-gate"
PLACEHOLDER_SHA = "0" * 40
PLACEHOLDER_VERSION = "v0.0.0"
WORKFLOW = ".github/workflows/python-ci.yml"
PUBLISH_WORKFLOW = ".github/workflows/gate-publish.yml"
DOCKER_WORKFLOW = ".github/workflows/python-docker.yml"
SCHEMA = "schemas/gate-config.schema.json"


def _replace(text: str, old: str, new: str, name: str) -> str:
    if old not in text:
        raise GateError(f"template {name} lacks its placeholder {old!r} (a packaging bug)")
    return text.replace(old, new)


def _pin(comment: str | None) -> str:
    return f" # {comment}" if comment else ""


def render_workflow(
    text: str, *, repo: str, ref: str, comment: str | None, layout: Layout, name: str
) -> str:
    """The caller workflow: pinned, fitted to the layout, a docker job only with an image."""
    image = name  # the image is named after the repository folder
    text = _replace(
        text,
        f"{PLACEHOLDER_REPO}/{WORKFLOW}@{PLACEHOLDER_SHA} # {PLACEHOLDER_VERSION}",
        f"{repo}/{WORKFLOW}@{ref}{_pin(comment)}",
        "ci.yml",
    )
    text = _replace(text, "install-mode: auto", f"install-mode: {layout.install_mode}", "ci.yml")
    text = _replace(
        text,
        "python-versions: '[\"3.12\"]'",
        f"python-versions: '{json.dumps(layout.pythons)}'",
        "ci.yml",
    )
    if layout.dockerfile:
        text += DOCKER_JOB.format(
            uses=f"{repo}/{DOCKER_WORKFLOW}@{ref}{_pin(comment)}", image=image
        )
    return text


# The docker stage is its own reusable workflow: GitHub checks the scopes of every job a
# called workflow declares, even a skipped one, so only a caller with an image grants these.
DOCKER_JOB = """
  docker:
    name: docker
    uses: {uses}
    permissions:
      contents: read # check out the code
      packages: write # push the image to GHCR (default branch and tags only)
      id-token: write # sign the provenance attestation
      attestations: write # store the provenance attestation
    with:
      docker-image: {image}
"""


def workflow_name(workflow_file: str) -> str:
    return workflow_file.rsplit(".", 1)[0]


def render(
    template: str,
    text: str,
    *,
    root: Path,
    options: Options,
    ref: str,
    comment: str | None,
    layout: Layout,
) -> str:
    name = workflow_name(options.workflow_file)
    if template == ".github/workflows/ci.yml":
        image = re.sub(r"[^a-z0-9._-]", "-", root.resolve().name.lower()) or "app"
        text = render_workflow(
            text, repo=options.repo, ref=ref, comment=comment, layout=layout, name=image
        )
        if name != "ci":
            text = _replace(text, "\nname: ci\n", f"\nname: {name}\n", template)
            text = _replace(text, "group: ci-", f"group: {name}-", template)
    elif template == PUBLISH_WORKFLOW:
        text = _replace(
            text,
            f"{PLACEHOLDER_REPO}/{PUBLISH_WORKFLOW}@{PLACEHOLDER_SHA} # {PLACEHOLDER_VERSION}",
            f"{options.repo}/{PUBLISH_WORKFLOW}@{ref}{_pin(comment)}",
            template,
        )
        if name != "ci":
            text = _replace(text, "workflows: [ci]", f"workflows: [{name}]", template)
            text = text.replace("the `ci` workflow", f"the `{name}` workflow")
    elif template == ".github/dependabot.yml" and layout.install_mode == "uv":
        text = _replace(text, "package-ecosystem: pip", "package-ecosystem: uv", template)
    elif template == "gate.yml":
        text = _replace(
            text,
            f"/{PLACEHOLDER_REPO}/{PLACEHOLDER_SHA}/{SCHEMA}",
            f"/{options.repo}/{ref}/{SCHEMA}",
            template,
        )
    return text
