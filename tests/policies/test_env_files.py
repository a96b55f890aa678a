"""SEC004: committed environment files (gate/policies/secrets/sec004_env_files.py)."""

from __future__ import annotations

from typing import Any

import pytest
from secret_samples import DB_PASSWORD, GITHUB_PAT

from gate import config, engine
from gate.context import CheckOptions, Context
from gate.findings import PolicyResult
from gate.policies.secrets.sec004_env_files import is_env_file, is_placeholder, real_values


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".env", True), (".env.production", True), (".env.local", True), ("deploy/prod.env", True),
        (".envrc", True), (".env.example", False), (".env.sample", False),
        (".env.template", False), (".env.dist", False), ("example.env", False),
        ("config/.env.local.example", False), ("environment.py", False), ("dotenv", False),
    ],
)  # fmt: skip
def test_is_env_file(path: str, expected: bool) -> None:
    assert is_env_file(path) is expected


@pytest.mark.parametrize(
    "value",
    ["", "changeme", "<your-api-key>", "${API_KEY}", "xxxxxxxx", "your_token_here", "true",
     "3600", "postgres://app:postgres@db/app", "https://api.example.com/v1"],
)  # fmt: skip
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


def test_real_values_name_secret_like_keys_only() -> None:
    lines = [
        "# TOKEN=commented out",
        f"export GITHUB_TOKEN={GITHUB_PAT}",
        "DEBUG=true",
        f"DATABASE_URL=postgres://app:{DB_PASSWORD}@db:5432/app",
        "REDIS_URL=redis://localhost:6379/0",
        "CALLBACK_URL=localhost:3000",
        "KEYCLOAK_REALM=master",
        "STRIPE_PUBLISHABLE_KEY=pk_live_abcdef123456",
        "SESSION_SECRET=   # filled in by the deploy",
        f"SECRET_KEY_BASE='{DB_PASSWORD}'",
    ]
    assert real_values(lines, frozenset()) == [
        (2, "GITHUB_TOKEN"), (4, "DATABASE_URL"), (10, "SECRET_KEY_BASE"),
    ]  # fmt: skip
    assert real_values([f"API_KEY={DB_PASSWORD}"], frozenset({DB_PASSWORD.lower()})) == []


def run(repo: Any, select: str = "SEC004", **options: Any) -> PolicyResult:
    ctx = Context(repo.path, config.defaults(), CheckOptions(env={}, **options))
    result, errors = engine.run(ctx, select=[select])
    assert not errors
    (policy,) = result.results
    return policy


def test_committed_env_file_with_real_values_is_reported_by_name_not_value(repo: Any) -> None:
    repo.write(".env.production", f"DEBUG=false\nDB_PASSWORD={DB_PASSWORD}\n")
    repo.write(".env.example", "DEBUG=false\nDB_PASSWORD=changeme\nAPI_KEY=<your-key>\n")
    repo.write("deploy/local.env", "API_TOKEN=\n")
    repo.commit("env")
    policy = run(repo)
    (finding,) = policy.findings
    assert finding.location.path == ".env.production" and finding.location.start_line == 2
    assert "DB_PASSWORD" in finding.message and DB_PASSWORD not in finding.message
    assert "git rm --cached" in (finding.fix or "")
    assert policy.metrics["env_files"] == 2  # the template is not an env file


def test_a_real_secret_in_a_template_is_left_to_sec001(repo: Any) -> None:
    repo.write(".env.example", f"GITHUB_TOKEN={GITHUB_PAT}\n")
    repo.commit("template")
    assert run(repo).findings == ()
    (finding,) = run(repo, "SEC001").findings
    assert finding.location.path == ".env.example"


def test_ignored_env_files_and_pragma(repo: Any) -> None:
    repo.write(".gitignore", ".env\n")
    repo.write(".env", f"DB_PASSWORD={DB_PASSWORD}\n")  # ignored: never committed
    repo.write(
        "a/.env.test", f"# gate: allow SEC004 local docker only\nDB_PASSWORD={DB_PASSWORD}\n"
    )
    repo.write("b/.env.test", f"DB_PASSWORD={DB_PASSWORD}\n")
    policy = run(repo)
    (finding,) = policy.findings
    assert finding.location.path == "b/.env.test"
    assert policy.metrics["allowed_inline"] == 1
