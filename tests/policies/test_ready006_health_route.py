"""READY006: web services expose a health route (gate/policies/ready/ready006_health_route.py)."""

from __future__ import annotations

import ast
from typing import Any

import pytest
from ready_support import branch, run

from gate.policies.ready.ready006_health_route import dependency_names, health_routes

FASTAPI = '[project]\nname = "svc"\nversion = "1.0"\ndependencies = ["FastAPI>=0.110", "uvicorn"]\n'


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('@app.get("/health")\ndef h(): ...\n', [(1, "/health")]),
        ('@router.api_route("/api/v1/readyz")\ndef h(): ...\n', [(1, "/api/v1/readyz")]),
        ('@bp.route("/healthcheck")\ndef h(): ...\n', [(1, "/healthcheck")]),
        ('urlpatterns = [path("health/", views.health), re_path(r"^livez$", v)]\n',
         [(1, "^livez$"), (1, "health/")]),
        ('routes = [Route("/ping", endpoint=ping)]\n', [(1, "/ping")]),
        ('app.add_url_rule("/healthz", view_func=h)\n', [(1, "/healthz")]),
        ('state = status.get("ready")\n', []),  # a dict lookup, not a route
        ('@app.get("/already")\ndef h(): ...\n', []),
        ('@app.get("/users/{id}")\ndef h(): ...\n', []),
    ],
)  # fmt: skip
def test_health_routes(code: str, expected: list[tuple[int, str]]) -> None:
    assert health_routes(ast.parse(code)) == expected


def test_dependency_names() -> None:
    assert dependency_names("pyproject.toml", FASTAPI) == {"fastapi", "uvicorn"}
    reqs = "# web\nDjango==5.2.8\n-r base.txt\nflask_login==0.6\n"
    assert dependency_names("requirements.txt", reqs) == {"django", "flask-login"}


@pytest.mark.slow
def test_service_without_health_route_fails_then_passes(repo: Any) -> None:
    app = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/users')\ndef users(): ...\n"
    branch(repo, {"pyproject.toml": FASTAPI, "svc/app.py": app})
    result = run(repo, "READY006")
    assert [f.message for f in result.findings] == [
        "a fastapi service with no health or readiness route "
        "(/health, /healthz, /ready, /livez, ...)"
    ]
    assert result.findings[0].location and result.findings[0].location.path == "pyproject.toml"
    repo.write("svc/app.py", app + "\n@app.get('/healthz')\ndef health(): return {}\n")
    repo.commit("health")
    fixed = run(repo, "READY006")
    assert fixed.findings == () and fixed.metrics["health_routes"] == 1


def test_libraries_are_not_services(repo: Any) -> None:
    example = "examples/app/requirements.txt"  # an example app is not the project's service
    branch(
        repo,
        {
            "pyproject.toml": '[project]\nname = "lib"\ndependencies = ["attrs"]\n',
            example: "flask\n",
        },
    )
    result = run(repo, "READY006")
    assert result.findings == () and result.metrics["web_frameworks"] is None
