"""Dockerfile FROM lines (gate/collectors/dockerfiles.py)."""

from __future__ import annotations

from gate.collectors import dockerfiles


def test_continuations_comments_and_escape_directive() -> None:
    text = "# escape=`\nFROM `\n  python:3.12 `\n  AS base\nRUN echo \\\n"
    steps = dockerfiles.instructions(text)
    assert steps[0] == (2, "FROM", "python:3.12 AS base")


def test_arg_defaults_substitute_in_order() -> None:
    text = (
        "ARG REG=docker.io\n"
        "ARG IMG=${REG}/library/python\n"
        "ARG TAG\n"
        "FROM ${IMG}:${TAG:-3.12} AS a\n"
        "FROM $IMG:$TAG\n"
        "ARG LATE=x\n"
        "FROM $LATE\n"
    )
    froms, problems = dockerfiles.parse(text, "Dockerfile")
    assert problems == []
    assert [(f.line, f.image, f.stage, f.unresolved) for f in froms] == [
        (4, "docker.io/library/python:3.12", "a", ()),
        (5, None, None, ("TAG",)),
        (7, None, None, ("LATE",)),  # an ARG after the first FROM does not apply to FROM
    ]


def test_platform_flag_and_bad_from() -> None:
    froms, problems = dockerfiles.parse("FROM --platform=linux/arm64 alpine\nFROM\n", "D")
    assert froms[0].platform == "linux/arm64" and froms[0].image == "alpine"
    assert [(p.line, p.message) for p in problems] == [(2, "cannot read FROM ''")]


def test_substitute_operators() -> None:
    values = {"A": "1", "E": ""}
    assert dockerfiles.substitute("${A:+set}-${E:-dflt}-$A", values) == ("set-dflt-1", ())
