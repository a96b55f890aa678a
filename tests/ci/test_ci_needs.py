"""gate/ci/needs.py: ci-ok fails on any failed or cancelled job, accepts switched-off ones."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gate.ci import needs
from gate.cli import main
from gate.errors import InputError


def context(**results: str) -> str:
    """The shape of ``toJSON(needs)``: {job: {"result": ..., "outputs": {...}}}."""
    return json.dumps({job: {"result": result, "outputs": {}} for job, result in results.items()})


@pytest.mark.parametrize(
    ("results", "ok"),
    [
        ({"lint": "success", "test": "success", "gate": "success"}, True),
        ({"lint": "success", "docker": "skipped", "security": "skipped"}, True),
        ({"lint": "success", "test": "failure", "gate": "skipped"}, False),
        ({"lint": "cancelled", "test": "success"}, False),
        ({"lint": "skipped", "test": "skipped"}, True),
    ],
)
def test_judge(results: dict[str, str], ok: bool) -> None:
    verdict = needs.judge(needs.parse_needs(context(**results)))
    assert verdict.ok is ok
    assert len(verdict.lines) == len(results) + 1


def test_the_failing_jobs_are_named() -> None:
    verdict = needs.judge({"test": "failure", "lint": "cancelled", "gate": "success"})
    assert verdict.lines[-1] == "ci-ok fails: lint, test did not succeed"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ("{}", "empty"),
        ("[]", "empty"),
        ('{"lint": {"result": "exploded"}}', "no known result"),
        ('{"lint": "success"}', "no known result"),
    ],
)
def test_malformed_needs_fail_closed(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        needs.parse_needs(text)


def test_cli_reads_the_needs_env_and_sets_the_exit_code() -> None:
    runner = CliRunner()
    good = runner.invoke(main, ["ci", "require-success"], env={"NEEDS": context(a="success")})
    assert good.exit_code == 0
    bad = runner.invoke(main, ["ci", "require-success"], env={"NEEDS": context(a="failure")})
    assert bad.exit_code == 1
    assert "a: failure" in bad.output
    broken = runner.invoke(main, ["ci", "require-success"], env={"NEEDS": ""})
    assert broken.exit_code == 2
