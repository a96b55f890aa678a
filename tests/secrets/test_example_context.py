"""Look-alike classes of gate/secrets/context.py: each drops an example, keeps a secret."""

from __future__ import annotations

from typing import Any

import pytest
from corpus_values import Gen, private_key

from gate import config, engine
from gate.context import CheckOptions, Context
from gate.findings import Severity
from gate.secrets.catalog import get_scanner
from gate.secrets.context import (
    downgraded,
    is_documentation,
    is_example_file,
    is_illustrative,
    is_test_path,
)
from gate.secrets.rules.generic import der_truncated

SECRET = Gen(1515).password(20)  # random: every check below must still find it


def rules(text: str, path: str) -> list[str]:
    return [m.rule_id for m in get_scanner("python").scan(text.encode(), path)]


def test_a_plain_assignment_is_found_everywhere_the_context_does_not_excuse() -> None:
    assert rules(f'client_secret = "{SECRET}"\n', "app/settings.py") == ["generic-secret"]
    assert rules(f'client_secret = "{SECRET}"\n', "docs/setup.md") == ["generic-secret"]


@pytest.mark.parametrize(
    "value",
    ["Qwerty!Uiop42", "aB3$aB3$aB3$aB3$", "Zxcvbn#77Lk", "9x!K9x!K9x!K", "P4ss-P4ss-P4ss-Z"],
)
def test_illustrative_values_are_dropped(value: str) -> None:
    assert is_illustrative(value)
    assert rules(f'password = "{value}"\n', "app/settings.py") == []


def test_random_values_are_not_illustrative() -> None:
    gen = Gen(7)
    assert not any(is_illustrative(gen.password(n)) for n in (10, 16, 24, 32, 40))


@pytest.mark.parametrize(
    "text",
    [
        f'def login():\n    """Log in.\n\n    client_secret="{SECRET}"\n    """\n',
        f'    >>> session = OAuth(client_secret="{SECRET}")\n',
        f'# Example: api_key = "{SECRET}"\nx = 1\n',
    ],
)
def test_python_docstrings_comments_and_doctests_are_api_documentation(text: str) -> None:
    assert rules(text, "pkg/oauth.py") == []


@pytest.mark.parametrize(
    "text",
    [
        f'/**\n * Usage: client.connect({{ password: "{SECRET}" }})\n */\nrun();\n',
        f'// token = "{SECRET}"\nrun();\n',
    ],
)
def test_javascript_comments_are_api_documentation(text: str) -> None:
    assert rules(text, "src/client.js") == []


def test_code_after_a_docstring_is_code_again() -> None:
    text = f'"""Settings."""\n\nclient_secret = "{SECRET}"\n'
    assert rules(text, "app/settings.py") == ["generic-secret"]


def test_a_value_the_file_repeats_in_a_comment_is_an_example() -> None:
    text = f'# pass e.g. "{SECRET}" as the key\nAPI_KEY = "{SECRET}"\n'
    assert rules(text, "app/example.py") == []
    # ...but a value repeated in code only (two settings) is still a secret.
    twice = f'API_KEY = "{SECRET}"\nOTHER_KEY = "{SECRET}"\n'
    assert rules(twice, "app/settings.py") == ["generic-secret", "generic-secret"]


def test_sdk_example_files_and_package_metadata_are_dropped() -> None:
    line = f'{{"Password": "{SECRET}"}}\n'
    assert rules(line, "botocore/data/iam/2010-05-08/examples-1.json") == []
    assert rules(line, "pkg-1.0.dist-info/METADATA") == []
    assert rules(line, "pkg-1.0/PKG-INFO") == []
    assert rules(line, "config/examples.json") == ["generic-secret"]
    assert is_example_file("x/examples-1.json") and not is_example_file("x/example.json")


def test_provider_tokens_never_pass_through_the_context() -> None:
    # A fixed-prefix token in a docstring is still reported: only guesses are excused.
    token = "ghp_" + Gen(9).crc("ghp")[4:]
    assert rules(f'"""\n    token="{token}"\n"""\n', "pkg/mod.py") == ["github-pat-classic"]


def test_url_passwords_of_textbook_demo_accounts_and_in_docstrings_are_dropped() -> None:
    assert rules("url = 'postgresql://scott:tiger^5HHH@db/test'\n", "setup.cfg") == []
    assert rules(f"url = 'postgresql://app:{SECRET}@db/prod'\n", "setup.cfg") == ["url-credentials"]
    text = f'"""Connect with ``mysql://app:{SECRET}@host/db``."""\n'
    assert rules(text, "pkg/dialect.py") == []


@pytest.mark.parametrize(
    ("path", "doc", "test"),
    [
        ("README.md", True, False),
        ("docs/runbook.rst", True, False),
        ("RUNBOOK", True, False),
        ("pkg-1.0/PKG-INFO", True, False),
        ("tests/test_api.py", False, True),
        ("src/api_test.go", False, True),
        ("web/app.spec.ts", False, True),
        ("src/settings.py", False, False),
        ("requirements.txt", False, False),
        ("requirements/dev.txt", False, False),
        ("constraints-py310.txt", False, False),
        ("docs/requirements.txt", False, False),
        ("NOTES.txt", True, False),
        ("deploy/values.yaml", False, False),
    ],
)
def test_documentation_and_test_paths(path: str, doc: bool, test: bool) -> None:
    assert is_documentation(path) is doc
    assert is_test_path(path) is test
    assert downgraded("generic-secret", path) is (doc or test)
    assert not downgraded("github-pat-classic", path)


def test_a_truncated_key_excerpt_is_not_a_key_but_a_whole_one_is() -> None:
    key = private_key(Gen(4))
    body = key.split("-----")[2]
    assert not der_truncated(body)
    excerpt = "\n".join(body.strip().splitlines()[:1])
    assert der_truncated(excerpt)
    one_line = f"`-----BEGIN RSA PRIVATE KEY----- {excerpt}. -----END RSA PRIVATE KEY-----`\n"
    assert rules(one_line, "pkg/credential.py") == []
    assert rules(key + "\n", "deploy/id_rsa") == ["private-key"]


@pytest.mark.slow
def test_documentation_findings_are_warnings_and_code_findings_errors(repo: Any) -> None:
    repo.write("docs/runbook.md", f"Use `password: {SECRET}` on the staging box.\n")
    repo.write("app/settings.py", f'DB_PASSWORD = "{SECRET}"\n')
    repo.commit("add")
    ctx = Context(repo.path, config.validate({}, "test"), CheckOptions(env={}))
    result, errors = engine.run(ctx, select=["SEC001"])
    assert not errors
    severities = {f.location.path: f.severity for f in result.results[0].findings if f.location}
    assert severities == {"docs/runbook.md": Severity.WARNING, "app/settings.py": Severity.ERROR}
