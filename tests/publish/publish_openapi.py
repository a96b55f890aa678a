"""Validate a request against GitHub's official OpenAPI description (vendored subset).

``openapi/github-rest.json`` holds the operations the publisher calls, extracted from the
npm package @octokit/openapi (MIT, see openapi/LICENSE; openapi/vendor.py re-extracts it).
A request is checked for: a documented path and method, declared query parameters of the
declared type, and a JSON body that the operation's requestBody schema accepts.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7, DRAFT202012

HERE = Path(__file__).resolve().parent / "openapi"
REST_URI = "urn:github-rest"
HOOKS_URI = "urn:github-webhooks"


def _nullable(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema's ``type: [T, "null"]``."""
    if isinstance(node, dict):
        out = {key: _nullable(value) for key, value in node.items()}
        if out.pop("nullable", False) is True and isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        return out
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    return node


@cache
def rest() -> dict[str, Any]:
    document: dict[str, Any] = _nullable(json.loads((HERE / "github-rest.json").read_text()))
    return document


@cache
def _registry() -> Registry:
    hooks = json.loads((HERE / "github-webhooks.json").read_text())
    return Registry().with_resources(
        [
            (REST_URI, Resource.from_contents(rest(), default_specification=DRAFT7)),
            (HOOKS_URI, Resource.from_contents(hooks, default_specification=DRAFT202012)),
        ]
    )


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = rest()
    for part in ref[2:].split("/"):
        target = target[part]
    return dict(target)


def operation(method: str, path: str) -> tuple[str, dict[str, Any], dict[str, str]]:
    """The documented path template, the operation and the path parameters."""
    for template, methods in rest()["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        pattern = "^" + re.sub(r"{\w+}", "([^/]+)", template) + "$"
        found = re.match(pattern, path)
        if found and method.lower() in methods:
            return template, methods[method.lower()], dict(zip(names, found.groups(), strict=True))
    raise AssertionError(f"{method} {path} is no operation in the vendored GitHub description")


def _check_value(name: str, raw: str, schema: dict[str, Any]) -> list[str]:
    value: Any = raw
    if schema.get("type") == "integer":
        if not re.fullmatch(r"-?[0-9]+", raw):
            return [f"parameter {name}={raw!r} is not an integer"]
        value = int(raw)
    errors = Draft7Validator(schema).iter_errors(value)
    return [f"parameter {name}: {error.message}" for error in errors]


def request_problems(method: str, target: str, body: bytes) -> list[str]:
    """Every way the request disagrees with the description (empty: it conforms)."""
    path, _, query = target.partition("?")
    try:
        template, op, path_params = operation(method, path)
    except AssertionError as error:
        return [str(error)]
    params = {p["name"]: p for p in (_resolve(p) for p in op.get("parameters", []))}
    problems: list[str] = []
    for name, value in path_params.items():
        problems += _check_value(name, value, params[name].get("schema", {}))
    for name, value in parse_qsl(query, keep_blank_values=True):
        spec = params.get(name)
        if spec is None or spec.get("in") != "query":
            problems.append(f"query parameter {name!r} is not declared for {method} {template}")
            continue
        problems += _check_value(name, value, spec.get("schema", {}))
    if "requestBody" in op:
        try:
            document = json.loads(body or b"null")
        except ValueError:
            return [*problems, "the body is not JSON"]
        pointer = _pointer(
            "paths",
            template,
            method.lower(),
            "requestBody",
            "content",
            "application/json",
            "schema",
        )
        validator = Draft7Validator({"$ref": f"{REST_URI}#/{pointer}"}, registry=_registry())
        problems += [
            f"body {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)
        ]
    elif body:
        problems.append(f"{method} {template} takes no body")
    return problems


def webhook_problems(event: str, payload: Any) -> list[str]:
    """How ``payload`` disagrees with @octokit/openapi-webhooks' schema of ``event``."""
    from jsonschema import Draft202012Validator

    pointer = _pointer("webhooks", event, "post", "requestBody", "content", "application/json")
    validator = Draft202012Validator(
        {"$ref": f"{HOOKS_URI}#/{pointer}/schema"}, registry=_registry()
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(payload)
    ]


@cache
def _hooks() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((HERE / "github-webhooks.json").read_text())
    return document


def _hook_ref(ref: str) -> Any:
    target: Any = _hooks()
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


def skeleton(schema: Any) -> Any:
    """The smallest instance a webhook schema accepts: required keys only, placeholder
    values by type/format/enum. Tests fill in the fields they mean and validate the whole."""
    if "$ref" in schema:
        return skeleton(_hook_ref(schema["$ref"]))
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = skeleton(part)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return skeleton(options[0])
    if "enum" in schema:
        return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: skeleton(props.get(name, {})) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        return max(1, int(schema.get("minimum", 1)))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    fmt = schema.get("format")
    if fmt == "date-time":
        return "2026-12-01T00:00:00Z"
    if fmt in ("uri", "uri-template"):
        return "https://example.invalid/x"
    if fmt == "email":
        return "someone@example.invalid"
    return "x"


def webhook_skeleton(event: str) -> Any:
    schema = _hooks()["webhooks"][event]["post"]["requestBody"]["content"]["application/json"]
    return skeleton(schema["schema"])


def find_property(component: str, name: str) -> Any:
    """The first schema of property ``name`` anywhere under a webhook component schema."""
    pending: list[Any] = [_hooks()["components"]["schemas"][component]]
    while pending:
        node = pending.pop(0)
        if isinstance(node, dict):
            if name in node.get("properties", {}):
                return node["properties"][name]
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    raise KeyError(name)
