"""READY006: a web service (FastAPI, Flask, Django, Starlette) exposes a health route."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from gate.collectors.tomlshim import tomllib
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.ready.change import parse
from gate.policies.ready.common import matches, python_sources, ready
from gate.policies.ready.settings import ReadySettings

FRAMEWORKS = ("django", "fastapi", "flask", "starlette")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
HEALTH_PATH = re.compile(
    r"(?:^|/|\^)(?:health|healthz|healthcheck|health[-_]check|ready|readyz|readiness|"
    r"live|livez|liveness|ping)(?:/|$|\$|\?|\{)",
    re.IGNORECASE,
)
_PREFILTER = re.compile(rb"health|ready|readiness|live|ping", re.IGNORECASE)
_DECORATORS = frozenset({"get", "head", "route", "api_route", "websocket"})
_CALLS = frozenset(
    {"path", "re_path", "url", "Route", "add_url_rule", "add_api_route", "add_route"}
)
_DEPENDENCY_FILES = ("requirements*.txt", "requirements/*.txt", "pyproject.toml")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dependency_names(path: str, text: str) -> set[str]:
    """Distribution names a requirements file or a pyproject declares (normalised)."""
    if not path.endswith(".toml"):
        lines = (line for line in text.splitlines() if not line.lstrip().startswith(("#", "-")))
        return {_normal(m.group(1)) for line in lines if (m := _NAME.match(line))}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return set()
    project = data.get("project", {})
    specs = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        specs += list(extra)
    names = {
        _normal(m.group(1)) for spec in specs if isinstance(spec, str) and (m := _NAME.match(spec))
    }
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    return names | {_normal(name) for name in poetry}


def _path_of(node: ast.Call, rooted: bool) -> str | None:
    """The health path among the first two arguments (``rooted``: it must start with /)."""
    for arg in node.args[:2]:
        value = arg.value if isinstance(arg, ast.Constant) else None
        wanted = isinstance(value, str) and (value.startswith("/") or not rooted)
        if wanted and HEALTH_PATH.search(str(value)):
            return str(value)
    return None


def health_routes(tree: ast.Module | None) -> list[tuple[int, str]]:
    """(line, path) of each route whose path is a health/readiness/liveness endpoint."""
    found = []
    for node in ast.walk(tree) if tree is not None else ():
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        path = None
        if name in _CALLS:
            path = _path_of(node, rooted=False)
        elif isinstance(func, ast.Attribute) and name in _DECORATORS:
            # `.get("ready")` is as often a dict lookup: a route's path starts with /.
            path = _path_of(node, rooted=True)
        if path is not None:
            found.append((node.lineno, path))
    return sorted(found)


class HealthRoute(Policy[ReadySettings]):
    """A web service exposes no health or readiness route.

    When the dependencies (`requirements*.txt`, `pyproject.toml`, in the tree outside
    `ready.not_library` such as `examples/`, or on the trusted side) name FastAPI,
    Flask, Django or Starlette, some module must define a route for `/health`,
    `/healthz`, `/ready`, `/readyz`, `/live`, `/livez`, `/ping` (or
    `health-check`, `readiness`, `liveness`), found with `ast` in route decorators
    (`@app.get(...)`, `@app.route(...)`, `@router.api_route(...)`) and route tables
    (`path(...)`, `re_path(...)`, `Route(...)`, `add_url_rule(...)`, `add_api_route(...)`).
    Orchestrators and load balancers need one to tell a live instance from a dead one.

    Fix: add a cheap `GET /health` route that returns 200. Metrics: `web_frameworks`,
    `health_routes`.
    """

    id = "READY006"
    slug = "health-route"
    title = "Web service has a health route"
    default_severity = Severity.ERROR
    Settings = ReadySettings

    def evaluate(self, ctx: Context, settings: ReadySettings) -> Iterator[Finding | Metric]:
        frameworks = sorted(_frameworks(ctx))
        yield Metric("web_frameworks", ", ".join(frameworks) or None)
        if not frameworks:
            yield Metric("health_routes", 0)
            return
        routes = []
        for path, source in python_sources(ctx).items():
            if _PREFILTER.search(source):  # most modules name no such route: skip the parse
                routes += [(path, line, route) for line, route in health_routes(parse(source))]
        yield Metric("health_routes", len(routes))
        if not routes:
            yield self.finding(
                settings,
                f"a {' / '.join(frameworks)} service with no health or readiness route "
                "(/health, /healthz, /ready, /livez, ...)",
                location=Location(_declaring(ctx) or "pyproject.toml"),
                fingerprint=fingerprint(self.id, *frameworks),
                fix="add a `GET /health` route that returns 200 without touching dependencies",
            )


def _declarations(ctx: Context) -> Iterator[tuple[str, str]]:
    """(path, text) of each dependency file in the tree, then on the trusted side."""
    skip = ready(ctx).not_library  # an example app under examples/ is not this service
    for path in ctx.files():
        if matches(path, _DEPENDENCY_FILES) and not matches(path, skip):
            try:
                yield path, ctx.read_text(path)
            except InputError:
                continue
    if ctx.trusted_ref is not None:  # a change that drops the dependency still counts
        for path in ("pyproject.toml", "requirements.txt"):
            text = ctx.trusted_text(path)
            if text is not None:
                yield path, text


def _frameworks(ctx: Context) -> set[str]:
    found: set[str] = set()
    for path, text in _declarations(ctx):
        found |= dependency_names(path, text) & set(FRAMEWORKS)
    return found


def _declaring(ctx: Context) -> str | None:
    for path, text in _declarations(ctx):
        if dependency_names(path, text) & set(FRAMEWORKS):
            return path
    return None
