"""Clean as you code in the security stage: real bandit on real git repositories, the
baseline read from the base, findings printed and annotated."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from gate.ci import bandit_report, scope, security
from gate.ci.cli_stages import bandit_command
from gate.ci.shell import execute
from tests.conftest import Repo
from tests.secret_samples import GITHUB_PAT

WEAK = (
    "import hashlib\n\n\ndef digest(data: bytes) -> str:\n"
    "    return hashlib.md5(data).hexdigest()\n"
)


def bandit(root: Path, tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    sarif = tmp_path / "bandit.sarif"
    assert execute(bandit_command(root, sarif), root) in (0, 1)
    return sarif


def baseline_for(root: Path, tmp_path: Path) -> str:
    return bandit_report.baseline_text(bandit_report.read_sarif(bandit(root, tmp_path)))


def judge(repo: Repo, base: str, tmp_path: Path) -> bool:
    change, why = scope.load_change(repo.path, base)
    assert change is not None, why
    return security.judge_bandit(repo.path, bandit(repo.path, tmp_path), change, base)


def test_a_finding_on_an_untouched_line_does_not_count_one_on_a_changed_line_does(
    make_repo: Callable[..., Repo], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo()
    repo.write("app/signer.py", WEAK)
    base = repo.commit("the project, with a finding of its own")
    repo.write("app/other.py", "def add(a: int, b: int) -> int:\n    return a + b\n")
    repo.write("app/signer.py", WEAK + "\n\nVERSION = 2\n")
    repo.commit("a clean change that touches the file")
    assert judge(repo, base, tmp_path)
    out = capsys.readouterr().out
    assert "1 outside the change" in out and "0 findings counted" in out

    repo.write("app/other.py", WEAK.replace("digest", "digest2"))
    repo.commit("a change that adds a finding")
    assert not judge(repo, base, tmp_path)
    out = capsys.readouterr().out
    assert "app/other.py:5: B324 [severity HIGH, confidence HIGH] Use of weak MD5 hash" in out
    assert "1 findings counted" in out


def test_a_pull_request_cannot_baseline_its_own_finding(
    make_repo: Callable[..., Repo], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo()
    repo.write("app/signer.py", WEAK)
    repo.write(".bandit-baseline.json", baseline_for(repo.path, tmp_path / "b1"))
    base = repo.commit("the project and its baseline")
    # The pull request adds a finding and a baseline entry that would excuse it.
    repo.write("app/new.py", WEAK)
    repo.write(".bandit-baseline.json", baseline_for(repo.path, tmp_path / "b2"))
    assert len(json.loads((repo.path / ".bandit-baseline.json").read_text())["findings"]) == 2
    repo.commit("a finding and its own baseline entry")
    assert not judge(repo, base, tmp_path / "c1")
    out = capsys.readouterr().out
    assert f"bandit baseline: .bandit-baseline.json at {base[:12]}" in out
    assert "app/new.py:5: B324" in out and "app/signer.py" not in out.split("bandit:")[0]

    # With scope all, the baseline still comes from the base: it excuses only the finding
    # the base knew (and HEAD's copy would have excused both).
    sarif = bandit(repo.path, tmp_path / "c2")
    assert not security.judge_bandit(repo.path, sarif, None, base)
    assert security.judge_bandit(repo.path, sarif, None, None)
    findings = bandit_report.read_sarif(sarif)
    baseline, _ = bandit_report.load_baseline(repo.path, base)
    judged = bandit_report.judge(findings, None, baseline)
    assert [f.path for f in judged.counted] == ["app/new.py"] and judged.in_baseline == 1


def test_findings_are_annotated_escaped_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    finding = bandit_report.BanditFinding(
        "a,b:c.py", 3, 4, "B324", "HIGH", "HIGH", "Use of weak MD5 hash\n::error::x", "md5()"
    )
    assert finding.annotation() == (
        "::error file=a%2Cb%3Ac.py,line=3,endLine=4,title=bandit B324::Use of weak MD5 hash"
        "%0A::error::x (severity HIGH, confidence HIGH)"
    )
    judged = bandit_report.Judged((finding,) * 12, 0, 0, 0)
    lines = judged.lines(annotate=True)
    errors = [line for line in lines if line.startswith("::error")]
    assert len(errors) == 10  # the runner keeps 10 per step: 9 findings and a tally
    assert errors[-1].startswith("::error title=bandit::3 more bandit findings")
    assert len([line for line in lines if line.startswith("a,b:c.py:3: B324")]) == 12


def test_low_severity_findings_never_count() -> None:
    low = bandit_report.BanditFinding("a.py", 1, 1, "B110", "LOW", "HIGH", "pass", "pass")
    judged = bandit_report.judge([low], None, bandit_report.Counter())
    assert judged.counted == () and judged.below_level == 1


def test_bandit_baseline_writes_todays_findings_which_the_next_change_then_ignores(
    make_repo: Callable[..., Repo], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from gate.cli import main

    repo = make_repo()
    repo.write("app/signer.py", WEAK)
    result = CliRunner().invoke(main, ["ci", "bandit-baseline", "--root", str(repo.path)])
    assert result.exit_code == 0, result.output
    written = json.loads((repo.path / ".bandit-baseline.json").read_text(encoding="utf-8"))
    assert written["findings"] == [
        {"path": "app/signer.py", "test_id": "B324", "code": "return hashlib.md5(data).hexdigest()"}
    ]
    base = repo.commit("the project and its baseline")
    # Lines move (the finding is now on line 8): the baseline matches by code, not number.
    repo.write("app/signer.py", '"""Signing."""\n\n\n' + WEAK)
    repo.commit("the finding moves down")
    change, _ = scope.load_change(repo.path, base)
    sarif = bandit(repo.path, tmp_path)
    assert security.judge_bandit(repo.path, sarif, None, base)
    assert security.judge_bandit(repo.path, sarif, change, base)


def test_a_credential_in_a_findings_path_is_masked_in_the_log_and_the_annotation(
    make_repo: Callable[..., Repo],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pull request names the file: its path reaches the log and the annotation only
    through the redactor (and, on Actions, the workflow-command neutraliser)."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    repo = make_repo()
    repo.write("app/__init__.py", "")
    base = repo.commit("the project")
    repo.write(f"app/{GITHUB_PAT}.py", WEAK)
    repo.commit("a change whose file name is a token")
    assert not judge(repo, base, tmp_path)
    out = capsys.readouterr().out
    assert "B324 [severity HIGH, confidence HIGH]" in out  # the finding was shown
    assert "::error file=app/" in out and "title=bandit B324" in out  # and annotated
    assert GITHUB_PAT not in out and GITHUB_PAT[4:20] not in out
