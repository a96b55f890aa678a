"""The json report's published schema: a valid JSON Schema that real reports satisfy."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from publish_fake import gate_json
from pydantic import ValidationError

from gate.cli import main
from gate.reporters.json_schema import SCHEMA_ID, parse


def published_schema() -> dict[str, Any]:
    result = CliRunner().invoke(main, ["schema", "--report", "json"])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.output)
    return schema


def noisy_repository(make_repo: Callable[..., Any]) -> Any:
    """A repository with findings of several families: loose pins, an unpinned action."""
    repo = make_repo()
    repo.write("requirements.txt", "requests>=2\nflask\n")
    repo.write(
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n",
    )
    repo.write("app.py", "print('hello')\n")
    repo.commit("noisy")
    return repo


def test_the_schema_is_a_valid_versioned_draft_2020_12_schema() -> None:
    schema = published_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID and SCHEMA_ID.endswith("report-v1.json")
    assert schema["properties"]["schema_version"]["const"] == 1


@pytest.mark.slow
def test_real_reports_validate_against_the_published_schema(
    make_repo: Callable[..., Any],
) -> None:
    validator = Draft202012Validator(published_schema())
    clean = make_repo()
    for repo in (clean, noisy_repository(make_repo)):
        report = json.loads(gate_json(repo.path, "--select", "PIN,SEC,GATE"))
        assert list(validator.iter_errors(report)) == []
        assert parse(report).schema_version == 1
    # The noisy one really has findings with locations, so those parts were exercised.
    assert any(f["location"] for p in report["policies"] for f in p["findings"])


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda r: r.update(schema_version=2), "schema_version"),
        (lambda r: r["policies"][0].update(status="fine"), "status"),
        (lambda r: r["counts"].update(error="1"), "error"),
        (lambda r: r.pop("policies"), "policies"),
        (lambda r: r["policies"][0]["findings"][0].update(severity="fatal"), "severity"),
    ],
)
@pytest.mark.slow
def test_schema_and_reader_reject_the_same_bad_reports(
    make_repo: Callable[..., Any], mutate: Callable[[dict[str, Any]], Any], where: str
) -> None:
    report = json.loads(gate_json(noisy_repository(make_repo).path, "--select", "PIN001"))
    mutate(report)
    errors = list(Draft202012Validator(published_schema()).iter_errors(report))
    assert errors, where
    with pytest.raises(ValidationError) as caught:
        parse(report)
    assert where in str(caught.value)
