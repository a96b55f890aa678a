"""redact_result's ``own`` texts (gate/redaction.py): the gate's own URLs skip the token
rules, and only a string exactly equal to one of them does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gate.findings import Finding, PolicyResult, RunResult, Severity
from gate.redaction import redact_result
from tests.secret_samples import github_token

URL = "https://example.invalid/docs/policies.md#cov002-changed-line-coverage"


def result_with(help_url: str) -> RunResult:
    found = Finding("COV002", Severity.ERROR, "2 changed statements not covered", help_url=help_url)
    policy = PolicyResult("COV002", "Changed-line coverage", Severity.ERROR, (found,), {})
    return RunResult(results=(policy,), fail_on=Severity.ERROR)


def test_a_forged_url_that_only_starts_like_an_own_one_is_still_masked() -> None:
    token = github_token("ghp", "Zz8Yy7Xx6Ww5Vv4Uu3Tt2Ss1Rr0Qq9")
    forged = f"{URL}-{token}"
    clean = redact_result(result_with(forged), own={URL})
    shown = clean.results[0].findings[0].help_url
    assert token not in shown and shown.startswith(URL)


def test_an_own_url_is_kept_and_builds_no_token_rules() -> None:
    # A fresh interpreter: whether the token rules were built is visible in their cache.
    probe = (
        "import json\n"
        "from gate import redaction\n"
        "from tests.test_redaction_own_texts import URL, result_with\n"
        "plain = redaction.redact_result(result_with(URL))\n"
        "built_without = redaction._scanner.cache_info().currsize\n"
        "redaction._scanner.cache_clear()\n"
        "own = redaction.redact_result(result_with(URL), own={URL})\n"
        "print(json.dumps([built_without, redaction._scanner.cache_info().currsize,\n"
        "                  own.results[0].findings[0].help_url, own.redacted]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(proc.stdout) == [1, 0, URL, True]
