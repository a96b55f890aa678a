"""Re-extract the GitHub REST operations and webhook payloads the publisher tests validate.

Run with the unpacked npm packages ``@octokit/openapi`` and ``@octokit/openapi-webhooks``
(versions in ``VERSIONS``) as arguments; writes ``github-rest.json`` and ``github-webhooks.json``
beside this file: only the operations below and every component they reference.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

VERSIONS = {"@octokit/openapi": "23.0.2", "@octokit/openapi-webhooks": "12.1.0"}
OPERATIONS = {
    "/repos/{owner}/{repo}/check-runs": ["post"],
    "/repos/{owner}/{repo}/check-runs/{check_run_id}": ["patch"],
    "/repos/{owner}/{repo}/commits/{ref}/check-runs": ["get"],
    "/repos/{owner}/{repo}/pulls": ["get"],
    "/repos/{owner}/{repo}/pulls/{pull_number}": ["get"],
    "/repos/{owner}/{repo}/pulls/{pull_number}/reviews": ["get"],
    "/repos/{owner}/{repo}/actions/runs": ["get"],
    "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts": ["get"],
    "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}": ["get"],
    "/repos/{owner}/{repo}/issues/{issue_number}/comments": ["get", "post"],
    "/repos/{owner}/{repo}/issues/comments/{comment_id}": ["patch"],
}
WEBHOOKS = ["workflow-run-completed"]
HERE = Path(__file__).resolve().parent


def closure(document: dict[str, Any], roots: Any) -> dict[str, Any]:
    """Every ``#/components/...`` object reachable from ``roots``, keyed as in the document."""
    found: dict[str, dict[str, Any]] = {}
    pending = [roots]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                _, _, kind, name = ref.split("/", 3)
                if name not in found.setdefault(kind, {}):
                    found[kind][name] = document["components"][kind][name]
                    pending.append(found[kind][name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return {kind: dict(sorted(items.items())) for kind, items in sorted(found.items())}


def main(rest_package: str, webhooks_package: str) -> None:
    rest = json.loads((Path(rest_package) / "generated/api.github.com.json").read_text("utf-8"))
    paths = {
        path: {method: rest["paths"][path][method] for method in methods}
        for path, methods in OPERATIONS.items()
    }
    out = {
        "openapi": rest["openapi"],
        "info": {**rest["info"], "x-vendored-from": VERSIONS},
        "paths": paths,
        "components": closure(rest, paths),
    }
    (HERE / "github-rest.json").write_text(json.dumps(out, indent=1) + "\n", "utf-8")
    hooks = json.loads(
        (Path(webhooks_package) / "generated/api.github.com.json").read_text("utf-8")
    )
    chosen = {name: hooks["webhooks"][name] for name in WEBHOOKS}
    out = {
        "openapi": hooks["openapi"],
        "info": {**hooks["info"], "x-vendored-from": VERSIONS},
        "webhooks": chosen,
        "components": closure(hooks, chosen),
    }
    (HERE / "github-webhooks.json").write_text(json.dumps(out, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
