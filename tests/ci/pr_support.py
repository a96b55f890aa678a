"""A pull request on Actions, played for real: base and head commits in a git repository,
the event payload, the workflow's stages (`gate ci run-tests`, `combine`, `run-gate`),
and the reviews API served from 127.0.0.1.

(Importable from the tests: pytest puts ``tests/ci`` on sys.path for its test modules.)
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from gate.cli import main

REPOSITORY = "acme/app"
NUMBER = 7
TOKEN = "test-run-token"  # a stand-in for the run's GITHUB_TOKEN

CORE = """\
def add(a, b):
    return a + b


def sub(a, b):
    return a - b
"""

TESTS = """\
from pkg.core import add, sub


def test_add():
    assert add(1, 2) == 3


def test_sub():
    assert sub(3, 2) == 1
"""

BASE_FILES = {
    "pkg/__init__.py": "",
    "pkg/core.py": CORE,
    "tests/test_core.py": TESTS,
    "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n\n'
    '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\n',
    "gate.yml": "approvers: [alice]\npolicies:\n  COV002: {min_statements: 1}\n",
    ".gitignore": ".coverage\n",
}

# Untested code a pull request adds to pkg/core.py (six statements).
UNTESTED = """

def mul(a, b):
    result = a * b
    if result > 100:
        result = 100
    return result


def div(a, b):
    return a / b
"""


@dataclass
class Reviews:
    """The reviews the local API serves (two pages), and the requests it saw."""

    items: list[dict[str, Any]] = field(default_factory=list)
    seen: list[tuple[str, str | None]] = field(default_factory=list)

    def approve(self, login: str, commit: str, state: str = "APPROVED") -> None:
        self.items.append({"user": {"login": login}, "state": state, "commit_id": commit})


@contextmanager
def reviews_api(reviews: Reviews) -> Iterator[str]:
    """``GET /repos/{repo}/pulls/{n}/reviews`` on 127.0.0.1, paginated by one per page."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reviews.seen.append((self.path, self.headers.get("Authorization")))
            prefix = f"/repos/{REPOSITORY}/pulls/{NUMBER}/reviews"
            if not self.path.startswith(prefix):
                self.send_error(404)
                return
            page = int(self.path.split("page=")[-1]) if "&page=" in self.path else 1
            items = reviews.items[page - 1 : page]
            body = json.dumps(items).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if page < len(reviews.items):
                host = f"http://127.0.0.1:{self.server.server_address[1]}"
                link = f"{host}{prefix}?per_page=100&page={page + 1}"
                self.send_header("Link", f'<{link}>; rel="next"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Outcome:
    """What the stages did: exit codes and the gate's JSON report."""

    codes: dict[str, int]
    report: dict[str, Any]

    def findings(self, policy: str) -> list[dict[str, Any]]:
        return [
            finding
            for entry in self.report.get("policies", [])
            if entry.get("id") == policy
            for finding in entry.get("findings", [])
        ]

    def messages(self, policy: str) -> str:
        return "\n".join(f["message"] for f in self.findings(policy))


def pull_request_env(
    tmp: Path, base: str, head: str, api: str, *, event_name: str = "pull_request"
) -> dict[str, str]:
    event = tmp / "event.json"
    if event_name == "merge_group":
        payload: dict[str, Any] = {"merge_group": {"base_sha": base, "head_sha": head}}
    else:
        payload = {"pull_request": {"number": NUMBER, "base": {"sha": base}, "head": {"sha": head}}}
    event.write_text(json.dumps(payload), encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": api,
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_OUTPUT": str(tmp / "github_output"),
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
    }
    if event_name.startswith("pull_request") and event_name != "pull_request_review":
        env["GITHUB_BASE_REF"] = "main"
    return env


def run_stages(root: Path, tmp: Path, env: dict[str, str]) -> Outcome:
    """The workflow's stages in order, as the jobs run them."""
    runner = CliRunner()
    data, reports = tmp / "coverage-data", tmp / "reports"
    stages = {
        "tests": ["ci", "run-tests", "--python", sys.executable, "--data-dir", str(data)],
        "combine": ["ci", "combine", "--data-dir", str(data)],
        "security": ["ci", "run-gate", "--stage", "security", "--out", str(reports)],
        "gate": ["ci", "run-gate", "--stage", "gate", "--coverage", ".coverage"],
    }
    stages["gate"] += ["--out", str(reports)]
    codes = {}
    for name, args in stages.items():
        result = runner.invoke(main, [*args, "--root", str(root)], env=env)
        codes[name] = result.exit_code
    path = reports / "gate.json"
    report = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return Outcome(codes, report)
