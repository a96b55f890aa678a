"""READY007: production settings and .env templates (gate/policies/ready/ready007_*.py)."""

from __future__ import annotations

from typing import Any

import pytest
from ready_support import branch, run

from gate.policies.ready.envsettings import is_production_settings, literal_settings

PROD = """\
import os

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal"}}
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("app/settings/prod.py", True), ("settings/production.py", True),
        ("config.production.yaml", True), ("deploy/config/prod.toml", True),
        ("settings_prod.py", True), ("app/settings/dev.py", False), ("prod.env", False),
        ("src/product.py", False), ("tests/test_prod.py", False), ("config/base.yaml", False),
    ],
)  # fmt: skip
def test_is_production_settings(path: str, expected: bool) -> None:
    assert is_production_settings(path) is expected


def test_literal_settings_in_python_and_yaml() -> None:
    assert literal_settings("settings/prod.py", PROD.encode()) == [(5, "DATABASES.default.HOST")]
    yaml_text = b"db:\n  url: postgres://u@db/app\n  pool: 5\napi:\n  key: ${API_KEY}\n"
    assert literal_settings("config.production.yaml", yaml_text) == [(None, "db.url")]


@pytest.mark.slow
def test_a_change_may_not_add_literal_production_values(repo: Any) -> None:
    added = PROD + 'REDIS_URL = "redis://cache.internal:6379/0"\n'
    branch(repo, {"app/settings/prod.py": added}, base={"app/settings/prod.py": PROD})
    result = run(repo, "READY007")
    assert [(f.location.start_line, f.message) for f in result.findings if f.location] == [
        (6, "production settings set REDIS_URL to a literal value instead of reading it "
         "from the environment"),
    ]  # fmt: skip
    assert result.metrics["literal_values"] == 2  # HOST was there before: allowed, but counted


@pytest.mark.slow
def test_code_reading_dotenv_needs_an_example(repo: Any) -> None:
    reader = "from dotenv import load_dotenv\nload_dotenv()\n"
    branch(repo, {"app/main.py": reader})
    (finding,) = run(repo, "READY007").findings
    assert finding.message.startswith("app/main.py reads a .env file but no .env.example")
    repo.write(".env.example", "API_KEY=\n")
    repo.commit("template")
    assert run(repo, "READY007").findings == ()
