"""A real HTTP server on 127.0.0.1 that plays the parts of GitHub's REST API the publisher
uses, checking every API request against the official OpenAPI description.

State is plain dicts the tests fill (pull requests, artifacts, check runs, comments);
``problems`` collects every request the description rejects, and the ``github`` fixture
fails the test when it is not empty.
"""

from __future__ import annotations

import copy
import io
import json
import os
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from click.testing import CliRunner
from publish_openapi import operation, request_problems, webhook_problems, webhook_skeleton

from gate.cli import main

TOKEN = "ghs_publisherTestToken0000000000000000"
APP_ID = 15368  # the github-actions app


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclass
class FakeGitHub:
    repository: str = "acme/app"
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    reviews: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    artifacts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    blobs: dict[int, bytes] = field(default_factory=dict)
    check_runs: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    workflow_runs: list[dict[str, Any]] = field(default_factory=list)
    # (METHOD, path template) -> list of (status, headers, body) answered before the real one
    scripted: dict[tuple[str, str], list[tuple[int, dict[str, str], Any]]] = field(
        default_factory=dict
    )
    forbidden: set[tuple[str, str]] = field(default_factory=set)
    requests: list[Recorded] = field(default_factory=list)
    blob_requests: list[Recorded] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_id: int = 1000

    # -- helpers for tests ---------------------------------------------------------------

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def add_pull(
        self, number: int, head_sha: str, *, head_repo: str | None = None, branch: str = "feature"
    ) -> dict[str, Any]:
        head_repo = head_repo or self.repository
        pull = {
            "number": number,
            "html_url": f"https://github.invalid/{self.repository}/pull/{number}",
            "state": "open",
            "head": {
                "sha": head_sha,
                "ref": branch,
                "label": f"{head_repo.split('/')[0]}:{branch}",
                "repo": {"full_name": head_repo, "owner": {"login": head_repo.split("/")[0]}},
            },
            "base": {
                "sha": "b" * 40,
                "ref": "main",
                "repo": {"full_name": self.repository},
            },
        }
        self.pulls[number] = pull
        return pull

    def add_artifact(
        self, run_id: int, head_sha: str, archive: bytes, *, name: str = "policy-gate-result"
    ) -> dict[str, Any]:
        artifact_id = self.new_id()
        item = {
            "id": artifact_id,
            "name": name,
            "size_in_bytes": len(archive),
            "expired": False,
            "archive_download_url": f"{self.url}/repos/{self.repository}/actions/artifacts/"
            f"{artifact_id}/zip",
            "workflow_run": {"id": run_id, "head_sha": head_sha},
        }
        self.artifacts.setdefault(run_id, []).append(item)
        self.blobs[artifact_id] = archive
        return item

    def add_push_run(
        self, head_sha: str, archive: bytes | None, *, workflow_id: int = 77, **fields: Any
    ) -> dict[str, Any]:
        """A completed push run on the default branch, with its result artifact."""
        run = {
            "id": self.new_id(),
            "event": "push",
            "status": "completed",
            "conclusion": "success",
            "head_sha": head_sha,
            "head_branch": "main",
            "workflow_id": workflow_id,
            "head_repository": {"full_name": self.repository},
            **fields,
        }
        self.workflow_runs.append(run)
        if archive is not None:
            self.add_artifact(run["id"], head_sha, archive)
        return run

    def annotations(self, run: dict[str, Any]) -> list[dict[str, Any]]:
        return list(run["_annotations"])

    def api_requests(self, method: str, template: str) -> list[Recorded]:
        found = []
        for r in self.requests:
            try:
                matched = operation(r.method, r.path)[0]
            except AssertionError:
                continue
            if r.method == method and matched == template:
                found.append(r)
        return found

    # -- the API ------------------------------------------------------------------------

    def answer(
        self, method: str, target: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, dict[str, str], Any]:
        split = urlsplit(target)
        query = dict(parse_qsl(split.query))
        body = json.loads(raw) if raw else None
        record = Recorded(method, split.path, query, headers, body)
        if split.path.startswith("/_blob/"):
            self.blob_requests.append(record)
            blob = self.blobs.get(int(split.path.rsplit("/", 1)[1]))
            return (200, {"content-type": "application/zip"}, blob) if blob else (404, {}, None)
        self.requests.append(record)
        problems = request_problems(method, target, raw)
        if headers.get("authorization") != f"Bearer {TOKEN}":
            problems.append(f"{method} {split.path}: no or wrong Authorization header")
        if headers.get("x-github-api-version") != "2022-11-28":
            problems.append(f"{method} {split.path}: no X-GitHub-Api-Version header")
        if problems:
            self.problems += problems
            return 422, {}, {"message": "Validation Failed", "problems": problems}
        template, _, params = operation(method, split.path)
        key = (method, template)
        if key in self.forbidden:
            return 403, {}, {"message": "Resource not accessible by integration"}
        if self.scripted.get(key):
            return self.scripted[key].pop(0)
        return self.route(method, template, params, query, body)

    def route(
        self,
        method: str,
        template: str,
        params: dict[str, str],
        query: dict[str, str],
        body: Any,
    ) -> tuple[int, dict[str, str], Any]:
        page = int(query.get("page", "1"))
        per_page = int(query.get("per_page", "30"))

        def paged(items: list[Any]) -> list[Any]:
            return items[(page - 1) * per_page : page * per_page]

        tail = template.removeprefix("/repos/{owner}/{repo}")
        if f"{params['owner']}/{params['repo']}" != self.repository:
            return 404, {}, {"message": "Not Found"}
        if (method, tail) == ("GET", "/pulls/{pull_number}"):
            pull = self.pulls.get(int(params["pull_number"]))
            return (200, {}, pull) if pull else (404, {}, {"message": "Not Found"})
        if (method, tail) == ("GET", "/pulls"):
            found = [
                p
                for p in self.pulls.values()
                if p["state"] == query.get("state", "open")
                and ("head" not in query or p["head"]["label"] == query["head"])
            ]
            return 200, {}, paged(found)
        if (method, tail) == ("GET", "/pulls/{pull_number}/reviews"):
            return 200, {}, paged(self.reviews.get(int(params["pull_number"]), []))
        if (method, tail) == ("GET", "/actions/runs"):
            found = [
                r
                for r in self.workflow_runs
                if all(
                    r.get(key) == query[name]
                    for key, name in (("head_sha", "head_sha"), ("event", "event"))
                    if name in query
                )
                and ("branch" not in query or r.get("head_branch") == query["branch"])
            ]
            return 200, {}, {"total_count": len(found), "workflow_runs": paged(found)}
        if (method, tail) == ("GET", "/actions/runs/{run_id}/artifacts"):
            found = [
                a
                for a in self.artifacts.get(int(params["run_id"]), [])
                if "name" not in query or a["name"] == query["name"]
            ]
            return 200, {}, {"total_count": len(found), "artifacts": paged(found)}
        if (method, tail) == ("GET", "/actions/artifacts/{artifact_id}/{archive_format}"):
            artifact_id = int(params["artifact_id"])
            if artifact_id not in self.blobs:
                return 404, {}, {"message": "Not Found"}
            return 302, {"location": f"{self.url}/_blob/{artifact_id}"}, None
        if (method, tail) == ("POST", "/check-runs"):
            run = {
                "id": self.new_id(),
                "name": body["name"],
                "head_sha": body["head_sha"],
                "external_id": body.get("external_id"),
                "status": body.get("status", "queued"),
                "conclusion": body.get("conclusion"),
                "output": dict(body.get("output") or {}),
                "app": {"id": APP_ID, "slug": "github-actions"},
                "html_url": f"https://github.invalid/{self.repository}/runs/{self._next_id}",
                "_annotations": list((body.get("output") or {}).get("annotations", [])),
            }
            self.check_runs.append(run)
            return 201, {}, _public(run)
        if (method, tail) == ("PATCH", "/check-runs/{check_run_id}"):
            run = next(r for r in self.check_runs if r["id"] == int(params["check_run_id"]))
            output = body.get("output") or {}
            run["_annotations"] += output.get("annotations", [])
            run["output"].update({k: v for k, v in output.items() if k != "annotations"})
            for key in ("conclusion", "status"):
                if key in body:
                    run[key] = body[key]
            return 200, {}, _public(run)
        if (method, tail) == ("GET", "/commits/{ref}/check-runs"):
            found = [
                _public(r)
                for r in self.check_runs
                if r["head_sha"] == params["ref"]
                and r["name"] == query.get("check_name", r["name"])
            ]
            return 200, {}, {"total_count": len(found), "check_runs": paged(found)}
        if (method, tail) == ("GET", "/issues/{issue_number}/comments"):
            return 200, {}, paged(self.comments.get(int(params["issue_number"]), []))
        if (method, tail) == ("POST", "/issues/{issue_number}/comments"):
            comment = {
                "id": self.new_id(),
                "body": body["body"],
                "user": {"login": "github-actions[bot]", "type": "Bot"},
            }
            self.comments.setdefault(int(params["issue_number"]), []).append(comment)
            return 201, {}, comment
        if (method, tail) == ("PATCH", "/issues/comments/{comment_id}"):
            for thread in self.comments.values():
                for comment in thread:
                    if comment["id"] == int(params["comment_id"]):
                        comment["body"] = body["body"]
                        return 200, {}, comment
            return 404, {}, {"message": "Not Found"}
        return 501, {}, {"message": f"the fake does not play {method} {template}"}


def _public(run: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in run.items() if not k.startswith("_")}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.fake._lock:
            status, extra, body = self.fake.answer(self.command, self.path, headers, raw)
        payload = (
            body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
        )
        self.send_response(status)
        for key, value in extra.items():
            self.send_header(key, value)
        if "content-type" not in extra:
            self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        return


def serve(fake: FakeGitHub) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def artifact_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():
            bundle.writestr(name, data)
    return buffer.getvalue()


def workflow_run_event(
    *,
    run_id: int,
    head_sha: str,
    head_repo: str,
    branch: str = "feature",
    repository: str = "acme/app",
    pulls: list[int] | None = None,
    event: str = "pull_request",
    conclusion: str = "success",
    workflow_id: int = 77,
) -> dict[str, Any]:
    """A ``workflow_run`` completed payload that @octokit/openapi-webhooks accepts."""
    payload: dict[str, Any] = webhook_skeleton("workflow-run-completed")
    run = payload["workflow_run"]
    run.update(
        id=run_id,
        head_sha=head_sha,
        head_branch=branch,
        event=event,
        conclusion=conclusion,
        status="completed",
        workflow_id=workflow_id,
        html_url=f"https://github.invalid/{repository}/actions/runs/{run_id}",
    )
    payload["repository"]["default_branch"] = "main"
    run["head_repository"]["full_name"] = head_repo
    run["head_repository"]["owner"]["login"] = head_repo.split("/")[0]
    run["repository"]["full_name"] = repository
    payload["repository"]["full_name"] = repository
    template = copy.deepcopy(run["pull_requests"][0]) if run["pull_requests"] else None
    run["pull_requests"] = []
    for number in pulls or []:
        item = template or _pull_minimal()
        item = copy.deepcopy(item)
        item.update(number=number, id=number)
        item["head"]["sha"] = head_sha
        run["pull_requests"].append(item)
    problems = webhook_problems("workflow-run-completed", payload)
    assert problems == [], problems
    return payload


def _pull_minimal() -> dict[str, Any]:
    """A pull_requests[] item skeleton, from the same webhook schema."""
    from publish_openapi import find_property, skeleton

    items = find_property("webhook-workflow-run-completed", "pull_requests")["items"]
    return dict(skeleton(items))


def gate_json(root: Path, *args: str) -> bytes:
    """A real `gate check --report json` of ``root`` (the json report the CI uploads)."""
    out = root.parent / f"{root.name}-gate.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    result = CliRunner().invoke(
        main,
        ["check", "--root", str(root), "--report", f"json:{out}", "--no-fail", *args],
        env=env,
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()
