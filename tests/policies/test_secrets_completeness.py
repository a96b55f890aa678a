"""Every byte a pull request adds is scanned (issue 10): each hiding place fails the real CLI.

Each test builds a real repository whose ``feature`` branch hides a secret one way, runs
``gate check --select SEC --base main --history main..feature`` as on Actions, and checks
the exit code, which policy found it where, and that no part of the secret was printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from secret_samples import GITHUB_PAT, GITHUB_PAT_2

from gate import config, engine
from gate.context import CheckOptions, Context
from gate.findings import Finding, Severity
from gate.secrets.content import CHUNK, OVERLAP

SECRETS = (GITHUB_PAT, GITHUB_PAT_2)


def check(repo: Any, *extra: str) -> tuple[int, dict[str, list[dict[str, Any]]], dict[str, Any]]:
    """Run the CLI with every report format; (exit code, findings by policy, metrics by
    policy). No 8-character slice of a planted secret may appear in any output."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GATE_"))}
    out = repo.path.parent / f"{repo.path.name}-reports"
    out.mkdir(exist_ok=True)
    reports = [f"--report={name}:{out / name}" for name in ("sarif", "summary", "github")]
    proc = subprocess.run(
        [sys.executable, "-m", "gate", "check", "--select", "SEC", "--base", "main",
         "--history", "main..feature", "--report", "json", "--report", "terminal:-",
         *reports, *extra],
        cwd=repo.path, capture_output=True, text=True, env=clean,
    )  # fmt: skip
    texts = [proc.stdout, proc.stderr, *(p.read_text() for p in out.iterdir())]
    assert len(texts) == 5  # sarif, summary, github (empty when nothing is found)
    for value in SECRETS:
        for start in range(len(value) - 7):
            assert not any(value[start : start + 8] in text for text in texts)
    report = json.loads(proc.stdout[: proc.stdout.rindex("}") + 1])
    findings = {p["id"]: p["findings"] for p in report["policies"]}
    metrics = {p["id"]: p["metrics"] for p in report["policies"]}
    return proc.returncode, findings, metrics


def where(found: list[dict[str, Any]]) -> list[tuple[str | None, int | None, str | None]]:
    out = []
    for finding in found:
        loc = finding.get("location") or {}
        out.append((loc.get("path"), loc.get("start_line"), loc.get("commit")))
    return out


def feature(repo: Any) -> None:
    repo.git("checkout", "-q", "-b", "feature")


@pytest.mark.slow
def test_secret_added_in_a_merge_commit_then_deleted(repo: Any) -> None:
    feature(repo)
    repo.git("checkout", "-q", "-b", "side")
    repo.write("side.txt", "side work\n")
    repo.commit("side")
    repo.git("checkout", "-q", "feature")
    repo.write("app.py", "x = 1\n")
    repo.commit("feature work")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "side")
    repo.write("creds.py", f'TOKEN = "{GITHUB_PAT}"\n')
    repo.git("add", "creds.py")
    merge = repo.commit("merge side")
    repo.git("rm", "-q", "creds.py")
    repo.commit("remove it")
    assert f'+TOKEN = "{GITHUB_PAT}"' not in repo.git("log", "-p", "main..feature")  # no merge diff
    code, findings, _ = check(repo)
    assert code == 1
    assert where(findings["SEC003"]) == [("creds.py", 1, merge)]
    assert findings["SEC001"] == [] and findings["SEC002"] == []


@pytest.mark.slow
def test_secret_added_then_deleted_in_a_file_marked_minus_diff(repo: Any) -> None:
    feature(repo)
    repo.write("notes.txt", f"token {GITHUB_PAT}\n")
    added = repo.commit("notes")
    repo.write(".gitattributes", "notes.txt -diff\n")
    repo.commit("attributes")
    repo.write("notes.txt", "nothing here\n")
    repo.commit("clean")
    assert "Binary files" in repo.git("log", "-p", "main..feature")
    code, findings, _ = check(repo)
    assert code == 1
    assert where(findings["SEC003"]) == [("notes.txt", 1, added)]


@pytest.mark.slow
def test_secret_in_a_minus_diff_file_at_head_is_found_by_the_change_scan(repo: Any) -> None:
    feature(repo)
    repo.write(".gitattributes", "*.cfg -diff\n")
    repo.write("app.cfg", f"a = 1\ntoken = {GITHUB_PAT}\n")
    repo.commit("config")
    code, findings, _ = check(repo)
    assert code == 1
    assert where(findings["SEC002"]) == [("app.cfg", 2, None)]


@pytest.mark.slow
def test_binary_file_with_a_nul_byte_in_tree_change_and_history(repo: Any) -> None:
    feature(repo)
    (repo.path / "blob.bin").write_bytes(b"\x00\x01\x02" + f"k={GITHUB_PAT}\x00".encode())
    added = repo.commit("binary")
    (repo.path / "gone.bin").write_bytes(b"\x00" + GITHUB_PAT_2.encode() + b"\xff")
    gone = repo.commit("binary, later deleted")
    repo.git("rm", "-q", "gone.bin")
    repo.commit("delete")
    code, findings, metrics = check(repo)
    assert code == 1
    assert where(findings["SEC001"]) == [("blob.bin", None, None)]
    assert where(findings["SEC002"]) == [("blob.bin", None, None)]
    assert sorted(where(findings["SEC003"])) == [
        ("blob.bin", None, added),
        ("gone.bin", None, gone),
    ]
    assert "binary" in findings["SEC001"][0]["message"]
    assert metrics["SEC003"]["files_scanned"] == 2


@pytest.mark.slow
def test_binary_file_changed_by_the_pull_request_reports_only_its_new_secrets(repo: Any) -> None:
    (repo.path / "blob.bin").write_bytes(b"\x00" + GITHUB_PAT.encode() + b"\x00")
    repo.commit("old binary on main, already reported by SEC001")
    feature(repo)
    (repo.path / "blob.bin").write_bytes(
        b"\x00" + GITHUB_PAT.encode() + b"\x00" + GITHUB_PAT_2.encode()
    )
    changed = repo.commit("binary gains a second token")
    _, findings, _ = check(repo)
    assert len(findings["SEC001"]) == 2  # the tree holds both
    assert len(findings["SEC002"]) == 1 and len(findings["SEC003"]) == 1
    assert where(findings["SEC003"]) == [("blob.bin", None, changed)]


@pytest.mark.slow
def test_secret_at_the_end_of_a_file_over_two_megabytes(repo: Any) -> None:
    feature(repo)
    filler = "".join(f"line {n} of a large generated file\n" for n in range(150_000))
    repo.write("big.txt", filler + f"token = {GITHUB_PAT}\n")
    added = repo.commit("big")
    # more than one scanning window, so the file is read in chunks
    assert (repo.path / "big.txt").stat().st_size > CHUNK + OVERLAP
    code, findings, _ = check(repo)
    assert code == 1
    assert where(findings["SEC001"]) == [("big.txt", 150_001, None)]
    assert where(findings["SEC002"]) == [("big.txt", 150_001, None)]
    assert where(findings["SEC003"]) == [("big.txt", 150_001, added)]


@pytest.mark.slow
def test_token_in_a_commit_message(repo: Any) -> None:
    feature(repo)
    repo.write("app.py", "x = 1\n")
    commit = repo.commit(f"debugging\n\nused {GITHUB_PAT} to test")
    code, findings, _ = check(repo)
    assert code == 1
    (found,) = findings["SEC003"]
    assert found["location"] is None
    assert commit[:12] in found["message"] and "message of commit" in found["message"]
    assert findings["SEC001"] == [] and findings["SEC002"] == []


@pytest.mark.slow
def test_clean_pull_request_passes_and_counts_what_it_scanned(repo: Any) -> None:
    feature(repo)
    (repo.path / "logo.png").write_bytes(b"\x89PNG\x00\x00" + bytes(range(256)) * 4)
    repo.write("app.py", "x = 1\n")
    repo.commit("clean work")
    code, findings, metrics = check(repo)
    assert code == 0, findings
    assert metrics["SEC003"]["files_scanned"] == 2
    assert metrics["SEC003"]["files_not_scanned"] == 0
    assert metrics["SEC001"]["files_scanned"] == 3
    assert metrics["SEC002"]["files_scanned"] == 2


@pytest.mark.slow
def test_a_blob_over_the_hard_limit_fails_history_instead_of_being_skipped(repo: Any) -> None:
    feature(repo)
    repo.write("dump.sql", "insert into t values (1);\n" * 400)
    added = repo.commit("dump")
    repo.git("rm", "-q", "dump.sql")
    repo.commit("drop it")
    cfg = config.validate({"secrets": {"max_file_size": 5000}}, "test")
    ctx = Context(repo.path, cfg, CheckOptions(env={}, history="main..feature"))
    result, errors = engine.run(ctx, select=["SEC003"])
    assert not errors
    (policy,) = result.results
    (finding,) = policy.findings
    assert isinstance(finding, Finding) and finding.location is not None
    assert (finding.location.path, finding.location.commit) == ("dump.sql", added)
    assert "over secrets.max_file_size (5000)" in finding.message
    assert policy.status(Severity.ERROR) == "failed"
    assert policy.metrics["files_not_scanned"] == 1


@pytest.mark.parametrize("policy_id", ["SEC002", "SEC003"])
@pytest.mark.slow
def test_a_secret_the_base_already_had_is_not_reported_for_the_change(
    repo: Any, policy_id: str
) -> None:
    repo.write("settings.py", f'OLD = "{GITHUB_PAT}"\n')
    repo.commit("old secret on main")
    feature(repo)
    repo.write("settings.py", f'OLD = "{GITHUB_PAT}"\nDEBUG = True\n')
    repo.commit("unrelated edit of the same file")
    _, findings, _ = check(repo)
    assert findings[policy_id] == []
    assert len(findings["SEC001"]) == 1


@pytest.mark.slow
def test_a_secret_in_a_renamed_and_edited_file_is_not_new(repo: Any) -> None:
    body = "".join(f"setting_{n} = {n}\n" for n in range(30))
    repo.write("old.py", f'OLD = "{GITHUB_PAT}"\n' + body)
    repo.commit("old secret on main")
    feature(repo)
    repo.git("mv", "old.py", "new.py")
    repo.write("new.py", f'OLD = "{GITHUB_PAT}"\n' + body + "extra = 1\n")
    repo.commit("rename and edit")
    _, findings, _ = check(repo)
    assert findings["SEC002"] == [] and findings["SEC003"] == []


@pytest.mark.slow
def test_tree_at_head_scans_binaries_and_fails_on_blobs_over_the_limit(repo: Any) -> None:
    (repo.path / "tool.bin").write_bytes(b"\x7fELF\x00\x00" + GITHUB_PAT.encode() + b"\x00")
    repo.write("huge.log", "log line\n" * 1000)
    head = repo.commit("artifacts")
    repo.git("rm", "-q", "tool.bin", "huge.log")
    repo.commit("gone from the working tree, still in the judged commit")
    cfg = config.validate({"secrets": {"max_file_size": 5000}}, "test")
    ctx = Context(repo.path, cfg, CheckOptions(env={}, head=head))
    result, errors = engine.run(ctx, select=["SEC001"])
    assert not errors
    (policy,) = result.results
    found = {f.location.path: f for f in policy.findings if f.location is not None}
    assert set(found) == {"tool.bin", "huge.log"}
    assert found["tool.bin"].location.start_line is None  # a binary: no line
    assert "9000 bytes, over secrets.max_file_size (5000)" in found["huge.log"].message
    assert (policy.metrics["files_scanned"], policy.metrics["files_not_scanned"]) == (2, 1)


@pytest.mark.slow
def test_all_history_scans_every_ref_messages_included(repo: Any) -> None:
    repo.git("checkout", "-q", "-b", "experiment")
    commit = repo.commit(f"try {GITHUB_PAT}")
    repo.git("checkout", "-q", "main")
    ctx = Context(repo.path, config.defaults(), CheckOptions(env={}, all_history=True))
    result, errors = engine.run(ctx, select=["SEC003"])
    assert not errors
    (policy,) = result.results
    (finding,) = policy.findings
    assert finding.location is None and commit[:12] in finding.message
    assert finding.properties["commit"] == commit
