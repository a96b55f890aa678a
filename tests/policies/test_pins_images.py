"""PIN006: images in workflows, Compose files and Dockerfile --from, on their lines."""

from __future__ import annotations

from pathlib import Path

from tests.policies.pins_support import run_policy, where, write

DIGEST = "@sha256:" + "a" * 64

WORKFLOW = f"""\
on: push
jobs:
  string:
    runs-on: ubuntu-latest
    container: node:20
    steps: [{{run: echo}}]
  mapping:
    runs-on: ubuntu-latest
    container:
      image: python:3.12{DIGEST}
    services:
      db:
        image: postgres:16
      cache:
        image: redis{DIGEST}
    steps: [{{run: echo}}]
  matrix:
    runs-on: ubuntu-latest
    container: ${{{{ matrix.image }}}}
    steps: [{{run: echo}}]
"""

COMPOSE = f"""\
services:
  web:
    build: .
    image: myorg/web:dev
  db:
    image: postgres:16
  cache:
    image: redis:7{DIGEST}
"""

DOCKERFILE = f"""\
FROM python:3.12{DIGEST} AS build
COPY --from=build /a /b
COPY --from=0 /a /b
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
COPY --from=busybox{DIGEST} /bin/sh /sh
RUN --mount=type=cache,target=/root/.cache \\
    --mount=type=bind,from=alpine:3,source=/x,target=/y true
RUN --mount=type=bind,from=build,source=/x,target=/y true
"""


def test_every_image_shape_on_its_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".github/workflows/ci.yml": WORKFLOW,
            "compose.yaml": COMPOSE,
            "docker-compose.prod.yml": COMPOSE,
            "Dockerfile": DOCKERFILE,
        },
    )
    result = run_policy(tmp_path, "PIN006")
    assert where(result) == [
        (".github/workflows/ci.yml", 5),
        (".github/workflows/ci.yml", 13),
        (".github/workflows/ci.yml", 19),
        ("Dockerfile", 4),
        ("Dockerfile", 6),
        ("compose.yaml", 6),
        ("docker-compose.prod.yml", 6),
    ]
    assert result.metrics["pinned"] == 5
    assert result.metrics["total"] == 12
    messages = " | ".join(f.message for f in result.findings)
    assert "an expression, which cannot be pinned" in messages
    assert "myorg/web" not in messages  # built, not pulled
    assert all("@sha256:<digest>" in (f.fix or "") for f in result.findings)


def test_malformed_compose_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  db:\n    image: [a, b]\n"})
    result = run_policy(tmp_path, "PIN006")
    assert [f.location.path for f in result.findings if f.location] == ["compose.yaml"]
    assert "must be a string" in result.findings[0].message
