"""PIN004: Docker base images pinned by digest (gate/policies/pins/pin004_docker.py)."""

from __future__ import annotations

from pathlib import Path

from pins_support import run_policy, where, write

from gate.findings import Severity

DIGEST = "sha256:" + "f" * 64

DOCKERFILE = f"""\
# syntax=docker/dockerfile:1
ARG PY=3.12
ARG BASE=python:${{PY}}-slim
ARG PINNED=python:3.12-slim@{DIGEST}
ARG UNSET
FROM --platform=$BUILDPLATFORM ${{BASE}} AS build
RUN pip install \\
    build
FROM build AS test
FROM ${{PINNED}} AS runtime
FROM scratch
FROM $UNSET
from alpine:3.20 as Tools
FROM tools
"""


def test_stages_scratch_args_and_platform(tmp_path: Path) -> None:
    write(tmp_path, {"docker/Dockerfile": DOCKERFILE})
    result = run_policy(tmp_path, "PIN004")
    assert where(result) == [
        ("docker/Dockerfile", 6),
        ("docker/Dockerfile", 12),
        ("docker/Dockerfile", 13),
    ]
    first, unset, alpine = result.findings
    assert "python:3.12-slim" in first.message  # resolved through two ARGs
    assert first.fix is not None and first.fix.startswith("FROM python:3.12-slim@sha256:<digest>")
    assert "ARG UNSET has no default" in unset.message
    assert "alpine:3.20" in alpine.message
    assert (result.metrics["pinned"], result.metrics["total"]) == (1, 4)


def test_dockerfile_name_variants(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Dockerfile.dev": "FROM node:22\n",
            "build/app.dockerfile": f"FROM node@{DIGEST}\n",
            "docs/notes-Dockerfile.txt": "FROM x\n",
        },
    )
    result = run_policy(tmp_path, "PIN004")
    assert where(result) == [("Dockerfile.dev", 1)]
    assert result.metrics["files"] == 2


def test_unreadable_from_is_a_finding(tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM a b c d\n"})
    (finding,) = run_policy(tmp_path, "PIN004").findings
    assert finding.location is not None and finding.location.start_line == 1
    assert "cannot read FROM" in finding.message


def test_a_dockerfile_that_is_not_text_fails_closed(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_bytes(b"FROM \xff\xfe\n")
    result = run_policy(tmp_path, "PIN004")
    (finding,) = result.findings
    assert finding.severity is Severity.ERROR
    assert finding.location is not None and finding.location.path == "Dockerfile"
    assert "not UTF-8" in finding.message
