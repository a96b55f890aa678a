"""The e2e harness's own logic (no act): act's copy of the workflows, interpreters, records."""

from __future__ import annotations

import shutil
from pathlib import Path

import harness
import pytest
import yaml

SHA = "a" * 40


@pytest.mark.slow
def test_acts_copy_makes_self_references_local_and_runs_legs_one_at_a_time(
    tmp_path: Path,
) -> None:
    for name in ("ci.yml", "python-ci.yml"):
        shutil.copy2(harness.ROOT / ".github" / "workflows" / name, tmp_path / name)

    def narrow(document: dict[str, object]) -> None:
        document["touched"] = True

    harness._rewrite_workflow(tmp_path / "ci.yml", SHA, narrow)
    harness._rewrite_workflow(tmp_path / "python-ci.yml", SHA, lambda d: None)
    caller = (tmp_path / "ci.yml").read_text(encoding="utf-8")
    reusable = (tmp_path / "python-ci.yml").read_text(encoding="utf-8")
    assert "$/" not in caller + reusable
    assert "uses: ./.github/workflows/python-ci.yml" in caller
    assert f"uses: {harness.OWNER_REPO}/action@{SHA}" in reusable
    document = yaml.safe_load(reusable)
    assert document["jobs"]["test"]["strategy"]["max-parallel"] == 1
    assert "workflow_call" in document["on"]  # `on` survives YAML 1.1's boolean reading
    assert yaml.safe_load(caller)["touched"] is True


def test_the_short_matrix_takes_an_existing_supported_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for version in ("3.9.18", "3.10.2", "3.10.13"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "python").write_text("", encoding="utf-8")
    monkeypatch.setenv("E2E_PYTHONS", str(tmp_path))
    assert harness.interpreters()["3.10"] == tmp_path / "3.10.13"
    assert harness.ci_python() == "3.10"
    monkeypatch.setenv("E2E_PYTHONS", str(tmp_path / "none"))
    with pytest.raises(harness.HarnessError, match=r"no CPython 3\.12/3\.11/3\.10 under"):
        harness.ci_python()


def test_records_give_job_results_outputs_annotations_and_summaries() -> None:
    records = [
        {"job": "python-ci/python-ci/test (3.12, shard 2)-2", "jobResult": "failure"},
        {"job": "python-ci/python-ci/gate  ", "jobResult": "success"},
        {"job": "python-ci/python-ci/gate", "command": "set-output", "name": "v", "arg": "pass"},
        {"job": "python-ci/python-ci/gate", "command": "summary", "content": "## ok\n"},
        {"job": "python-ci/python-ci/gate", "command": "error", "raw": "::error title=X::m\n"},
        {"job": "ci/action self-test", "command": "warning", "raw": "::warning::w\n"},
    ]
    run = harness.Run(harness.Scenario("s", "push"), 0, records, Path("."), 1.0)
    assert run.jobs() == {
        "python-ci/test (3.12, shard 2)": "failure",
        "python-ci/gate": "success",
    }
    assert run.outputs("python-ci/gate") == {"v": "pass"}
    assert run.summary("python-ci/gate") == "## ok\n"
    assert run.annotations("python-ci/gate") == ["::error title=X::m"]
    assert run.annotations("action self-test") == ["::warning::w"]
