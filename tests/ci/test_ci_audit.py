"""gate.ci.audit: pip-audit's JSON counted; skipped dependencies never pass as audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.ci import audit
from gate.errors import InputError

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "pip_audit"


def test_a_report_where_everything_was_skipped_fails_and_says_how_many_of_how_many() -> None:
    result = audit.read_report(DATA / "all-skipped.json")
    assert (result.audited, len(result.skipped), result.total) == (0, 5, 5)
    verdict = audit.judge(result, "fail", annotate=False)
    assert not verdict.ok
    text = "\n".join(verdict.lines)
    assert "pip-audit could not audit 5 of 5 dependencies" in text
    assert "5 skipped: Dependency not found on PyPI and could not be audited (pytest," in text
    assert "no known vulnerabilities" not in text.lower()


def test_warn_lets_the_stage_pass_with_a_warning_annotation_and_still_no_all_clear() -> None:
    verdict = audit.judge(audit.read_report(DATA / "all-skipped.json"), "warn", annotate=True)
    assert verdict.ok
    warnings = [line for line in verdict.lines if line.startswith("::warning ")]
    assert warnings == [
        "::warning title=pip-audit::pip-audit could not audit 5 of 5 dependencies: their "
        "vulnerabilities are unknown, not absent"
    ]
    assert not any("no known vulnerabilities" in line.lower() for line in verdict.lines)


def test_vulnerabilities_fail_and_the_editable_project_itself_is_not_a_skip() -> None:
    result = audit.read_report(DATA / "mixed.json")
    assert result.audited == 3
    reason = "Dependency not found on PyPI and could not be audited: private-lib (1.0)"
    assert result.skipped == (("private-lib", reason),)
    verdict = audit.judge(result, "warn", annotate=True)
    assert not verdict.ok  # warn is about skips; a vulnerability always fails
    assert "pip-audit: jinja2 3.1.3: GHSA-h75v-3vvj-5mfj, PYSEC-2024-0001" in verdict.lines
    assert "pip-audit found 2 known vulnerabilities in 1 of 4 dependencies" in verdict.lines
    assert "pip-audit could not audit 1 of 4 dependencies" in "\n".join(verdict.lines)


def test_a_fully_audited_clean_report_is_the_only_one_that_says_no_known_vulnerabilities(
    tmp_path: Path,
) -> None:
    report = tmp_path / "clean.json"
    deps = [{"name": "six", "version": "1.16.0", "vulns": []}]
    report.write_text(json.dumps({"dependencies": deps, "fixes": []}), encoding="utf-8")
    verdict = audit.judge(audit.read_report(report), "fail", annotate=True)
    assert verdict.ok
    assert verdict.lines == ("pip-audit: no known vulnerabilities in the 1 dependencies",)


@pytest.mark.parametrize(
    "text", ["", "{}", '{"dependencies": [{"version": "1"}]}', '{"dependencies": 3}']
)
def test_a_missing_or_malformed_report_is_an_input_error_naming_the_file(
    tmp_path: Path, text: str
) -> None:
    report = tmp_path / "pip-audit.json"
    report.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        audit.read_report(report)
    assert str(error.value).startswith(f"{report}: cannot read pip-audit's JSON report")
    with pytest.raises(InputError):
        audit.read_report(tmp_path / "absent.json")
