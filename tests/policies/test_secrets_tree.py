"""SEC001: secrets in the tree (gate/policies/secrets/sec001_tree.py and the shared secrets.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from secret_samples import AWS_KEY_ID, DB_PASSWORD, GITHUB_PAT, GITHUB_PAT_2

from gate import config, engine
from gate.context import CheckOptions, Context
from gate.findings import PolicyResult, Severity
from gate.secrets.baseline import Entry, dump, secret_key


def run(
    repo: Any, settings: dict[str, Any] | None = None, trusted: str | None = None, **options: Any
) -> PolicyResult:
    cfg = config.validate(settings or {}, "test")
    ctx = Context(repo.path, cfg, CheckOptions(env={}, **options), trusted_ref=trusted)
    result, errors = engine.run(ctx, select=["SEC001"])
    assert not errors
    (policy,) = result.results
    return policy


def secrets(policy: PolicyResult) -> list[Any]:
    return [f for f in policy.findings if f.severity is Severity.ERROR]


def test_finds_each_planted_secret_with_location_and_redacted_message(repo: Any) -> None:
    repo.write("settings.py", f'DEBUG = True\nGITHUB_TOKEN = "{GITHUB_PAT}"\n')
    repo.write("deploy/config.yml", f"aws:\n  access_key_id: {AWS_KEY_ID}\n")
    repo.commit("add")
    policy = run(repo)
    found = {(f.location.path, f.location.start_line): f for f in secrets(policy)}
    assert set(found) == {("settings.py", 2), ("deploy/config.yml", 2)}
    github = found[("settings.py", 2)]
    line = f'GITHUB_TOKEN = "{GITHUB_PAT}"'
    assert github.location.start_column is not None
    assert line[github.location.start_column - 1 :].startswith(GITHUB_PAT[:10])
    assert "GitHub" in github.message and "(40 chars)" in github.message
    for finding in found.values():
        assert GITHUB_PAT not in finding.message and AWS_KEY_ID not in finding.message
        assert "rotate" in (finding.fix or "") and "gate: allow SEC001" in (finding.fix or "")
    assert policy.metrics["secrets"] == 2
    assert policy.status(Severity.ERROR) == "failed"


@pytest.mark.slow
def test_fingerprint_ignores_line_moves_but_not_the_secret(repo: Any) -> None:
    repo.write("a.py", f'token = "{GITHUB_PAT}"\n')
    before = secrets(run(repo))[0]
    repo.write("a.py", f'# a comment\n\n\ntoken = "{GITHUB_PAT}"\n')
    moved = secrets(run(repo))[0]
    assert moved.location.start_line == 4
    assert moved.fingerprint == before.fingerprint
    repo.write("a.py", f'token = "{GITHUB_PAT_2}"\n')
    assert secrets(run(repo))[0].fingerprint != before.fingerprint


def test_same_secret_twice_in_one_file_gives_two_distinct_findings(repo: Any) -> None:
    repo.write("a.py", f'a = "{GITHUB_PAT}"\nb = "{GITHUB_PAT}"\n')
    found = secrets(run(repo))
    assert len(found) == 2 and len({f.fingerprint for f in found}) == 2


def test_scans_binaries_fails_on_too_big_files_and_skips_excludes_symlinks_ignored(
    repo: Any,
) -> None:
    secret = f'key = "{GITHUB_PAT}"\n'.encode()
    (repo.path / "image.png").write_bytes(b"\x89PNG\0\0" + secret)
    repo.write("big.txt", "x" * 5000 + "\n" + secret.decode())
    repo.write("vendor/lib.py", secret.decode())
    repo.write("generated/out.py", secret.decode())
    repo.write(".gitignore", "ignored.py\n")
    repo.write("ignored.py", secret.decode())
    repo.write("untracked.py", secret.decode())
    (repo.path / "link.py").symlink_to("/etc/hostname")
    repo.git("add", "image.png", "big.txt", "vendor", "generated", ".gitignore", "link.py")
    repo.commit("add", all_files=False)
    settings = {
        "exclude": ["generated/*"],
        "secrets": {"exclude": ["vendor/*"], "max_file_size": 4000},
    }
    policy = run(repo, settings)
    found = {f.location.path: f for f in secrets(policy)}
    # untracked but not ignored: about to be committed; the binary by its printable runs
    assert set(found) == {"untracked.py", "image.png", "big.txt"}
    assert found["image.png"].location.start_line is None
    assert "binary" in found["image.png"].message
    assert found["big.txt"].title == "File not scanned for secrets"
    size = (repo.path / "big.txt").stat().st_size
    assert f"{size} bytes, over secrets.max_file_size (4000)" in found["big.txt"].message
    assert policy.metrics["files_not_scanned"] == 1
    assert policy.metrics["files_scanned"] == 4  # README, .gitignore, image.png, untracked.py
    assert policy.status(Severity.ERROR) == "failed"


@pytest.mark.slow
def test_file_deleted_from_the_working_tree_is_not_an_error(repo: Any) -> None:
    repo.write("gone.py", "x = 1\n")
    repo.commit("add")
    (repo.path / "gone.py").unlink()
    assert secrets(run(repo)) == []


def test_inline_pragma_on_the_line_or_above_and_allowed_values(repo: Any) -> None:
    repo.write("a.py", f'x = "{GITHUB_PAT}"  # gate: allow SEC001 test fixture\n')
    repo.write("b.py", f'# gate: allow SEC\ny = "{GITHUB_PAT}"\n')
    repo.write("c.py", f'# gate: allow SEC001\n\nz = "{GITHUB_PAT}"\n')  # two lines above
    repo.write("d.py", f'w = "{AWS_KEY_ID}"\n')
    policy = run(repo, {"secrets": {"allow_values": [AWS_KEY_ID]}})
    assert [f.location.path for f in secrets(policy)] == ["c.py"]
    assert policy.metrics["allowed_inline"] == 2
    assert policy.metrics["allowed_values"] == 1


def write_baseline(repo: Any, *entries: Entry) -> None:
    repo.write(".gate/secrets-baseline.json", dump(entries))


@pytest.mark.slow
def test_baseline_suppresses_and_reports_stale_entries(repo: Any) -> None:
    repo.write("a.py", f'x = "{GITHUB_PAT}"\n')
    accepted = secrets(run(repo))[0]
    stale_key = secret_key("github-pat-classic", "removed.py", "0" * 64)
    write_baseline(
        repo,
        Entry(fingerprint=accepted.fingerprint, rule_id="github-pat-classic", path="a.py"),
        Entry(fingerprint=stale_key, rule_id="github-pat-classic", path="removed.py"),
    )
    policy = run(repo)
    assert secrets(policy) == []
    assert policy.metrics["baselined"] == 1
    (stale,) = policy.findings
    assert stale.severity is Severity.NOTICE and stale_key in stale.message
    assert stale.location.path == ".gate/secrets-baseline.json"
    assert policy.status(Severity.ERROR) == "passed"
    # a partial run (pre-commit paths) cannot tell what is stale
    assert run(repo, paths=("a.py",)).findings == ()


@pytest.mark.slow
def test_baseline_comes_from_the_trusted_ref_so_a_change_cannot_accept_its_own_leak(
    repo: Any,
) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write("a.py", f'x = "{GITHUB_PAT}"\n')
    key = secrets(run(repo))[0].fingerprint
    write_baseline(repo, Entry(fingerprint=key, rule_id="github-pat-classic", path="a.py"))
    assert secrets(run(repo)) == []  # locally the working tree's baseline is the trusted one
    assert len(secrets(run(repo, trusted=base))) == 1  # in a PR, the base's (none) is


def test_malformed_baseline_is_an_input_error(repo: Any) -> None:
    repo.write(".gate/secrets-baseline.json", "{oops")
    ctx = Context(repo.path, config.defaults(), CheckOptions(env={}))
    result, errors = engine.run(ctx, select=["SEC001"])
    (error,) = errors
    assert str(error).startswith(".gate/secrets-baseline.json: not valid JSON")
    assert result.results[0].status(Severity.ERROR) == "error"


@pytest.mark.slow
def test_head_ref_is_scanned_from_git_not_the_working_tree(repo: Any) -> None:
    repo.write("a.py", f'x = "{GITHUB_PAT}"\n')
    head = repo.commit("leak")
    repo.write("a.py", "x = 1\n")  # fixed in the working tree only
    assert secrets(run(repo)) == []
    (finding,) = secrets(run(repo, head=head))
    assert finding.location.path == "a.py"


@pytest.mark.slow
def test_precommit_hook_command_scans_only_the_staged_files_given(repo: Any) -> None:
    """The `gate-secrets` hook: `gate check --select SEC001 --select SEC004 --policy-from head`."""
    repo.write("clean.py", "x = 1\n")
    repo.write("leak.py", f'password = "{DB_PASSWORD}"\n')
    repo.write("other.py", f'token = "{GITHUB_PAT}"\n')  # committed earlier, not staged now
    repo.git("add", "other.py")
    repo.commit("other", all_files=False)
    repo.git("add", "clean.py", "leak.py")
    command = [
        sys.executable,
        "-m",
        "gate",
        "check",
        "--select",
        "SEC001",
        "--select",
        "SEC004",
        "--policy-from",
        "head",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    failing = subprocess.run(
        [*command, "clean.py", "leak.py"], cwd=repo.path, env=env, capture_output=True, text=True
    )
    assert failing.returncode == 1, failing.stderr
    assert "leak.py:1" in failing.stdout and "other.py" not in failing.stdout
    assert DB_PASSWORD not in failing.stdout + failing.stderr
    passing = subprocess.run(
        [*command, "clean.py"], cwd=repo.path, env=env, capture_output=True, text=True
    )
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_both_engines_give_the_same_findings(repo: Any) -> None:
    repo.write("a.py", f'x = "{GITHUB_PAT}"\npassword = "{DB_PASSWORD}"\n')
    repo.write("b.yml", f"key: {AWS_KEY_ID}\n")
    python = run(repo, {"secrets": {"engine": "python"}})
    auto = run(repo, {"secrets": {"engine": "auto"}})
    assert python.metrics["engine"] == "python"
    assert len(python.findings) == 3 and python.findings == auto.findings


def test_a_file_unreadable_at_head_is_an_input_error(repo) -> None:
    from gate import config
    from gate.context import CheckOptions, Context
    from gate.errors import InputError
    from gate.policies.secrets.common import head_file
    from gate.policies.secrets.settings import secrets_settings

    ctx = Context(repo.path, config.defaults(), CheckOptions(head="HEAD", env={}))
    with pytest.raises(InputError, match=r"not-there\.py: cannot read the file at HEAD"):
        head_file(ctx, "not-there.py", secrets_settings(ctx))
