"""pre-commit hook repositories (gate/collectors/precommit.py)."""

from __future__ import annotations

import pytest

from gate.collectors import precommit
from gate.collectors.structured import MalformedFile


def test_repos_revs_lines_and_frozen_comments() -> None:
    text = (
        "default_stages: [pre-commit]\n"
        "repos:\n"
        "  - repo: https://github.com/a/b\n"
        "    rev: 0123456789abcdef0123456789abcdef01234567  # frozen: v1.0.0\n"
        "  - repo: local\n"
        "    hooks: []\n"
        "  - repo: https://github.com/c/d\n"
        "    hooks: []\n"
    )
    repos = precommit.parse(text, ".pre-commit-config.yaml")
    assert [(r.line, r.repo, r.rev, r.comment, r.external) for r in repos] == [
        (
            4,
            "https://github.com/a/b",
            "0123456789abcdef0123456789abcdef01234567",
            "frozen: v1.0.0",
            True,
        ),
        (5, "local", None, None, False),
        (7, "https://github.com/c/d", None, None, True),
    ]


def test_bad_shapes_name_their_line() -> None:
    with pytest.raises(MalformedFile) as error:
        precommit.parse("repos: {a: b}\n", "p.yaml")
    assert error.value.line == 1
    with pytest.raises(MalformedFile, match="invalid YAML"):
        precommit.parse("repos:\n  - repo: x\n   rev: y\n", "p.yaml")
