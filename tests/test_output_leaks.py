"""Each credential leak of issue 11 (item 1): a secret planted in an input never reaches any
output (terminal, annotations, summary, SARIF, JSON, stderr) of a real ``gate check``."""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from secret_samples import github_token

from gate.cli import main

_B62 = string.ascii_letters + string.digits


def random_text(length: int = 32) -> str:
    """A credential made up at test time (never committed, different every run)."""
    return "".join(secrets.choice(_B62) for _ in range(length))


def new_github_token() -> str:
    return github_token("ghp", random_text(30))


def windows(secret: str, size: int = 8) -> list[str]:
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def every_output(repo: Path, tmp_path: Path, *args: str) -> tuple[int, str]:
    """Run ``gate check`` with every report; return the exit code and all text it wrote."""
    out = tmp_path / "reports"
    reports = ["--report=terminal", "--report=github"]
    reports += [f"--report={name}:{out / name}" for name in ("summary", "sarif", "json")]
    env = {"GITHUB_ACTIONS": "", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": ""}
    result = CliRunner().invoke(
        main, ["check", "--root", str(repo), *reports, *args], env=env, catch_exceptions=False
    )
    written = [path.read_text(encoding="utf-8") for path in sorted(out.glob("*"))]
    return result.exit_code, "\n".join([result.stdout, result.stderr, *written])


def assert_hidden(secret: str, text: str) -> None:
    leaked = [piece for piece in windows(secret) if piece in text]
    assert not leaked, f"{len(leaked)} 8-character pieces of the planted secret leaked"


# Each case: files to write (with {secret} filled in), extra CLI args, which secret kind,
# and a phrase proving the finding (or error) that used to echo the secret was produced.
Case = tuple[dict[str, str], tuple[str, ...], Callable[[], str], str]

URL_CASES: dict[str, Case] = {
    "requirement-url": (
        {"requirements.txt": "pkg @ https://bot:{secret}@pkgs.example.com/pkg-1.0.tar.gz\n"},
        ("--select", "PIN001"),
        random_text,
        "pkgs.example.com",
    ),
    "vcs-url": (
        {"requirements.txt": "git+https://bot:{secret}@git.example.com/org/pkg@main#egg=pkg\n"},
        ("--select", "PIN001"),
        random_text,
        "git.example.com",
    ),
    "dash-r-url": (
        {"requirements.txt": "-r https://bot:{secret}@files.example.com/reqs.txt\n"},
        ("--select", "PIN001"),
        random_text,
        "files.example.com",
    ),
    "option-text": (
        {
            "requirements.txt": (
                "--extra-index-url https://bot:{secret}@idx.example.com/simple\nflask\n"
            )
        },
        ("--select", "PIN001"),
        random_text,
        "flask",
    ),
    "token-as-user": (
        {"requirements.txt": "pkg @ https://{secret}@pkgs.example.com/pkg-1.0.tar.gz\n"},
        ("--select", "PIN001"),
        random_text,
        "pkgs.example.com",
    ),
    "pre-commit-repo": (
        {
            ".pre-commit-config.yaml": (
                "repos:\n  - repo: https://bot:{secret}@git.example.com/hooks\n"
                "    rev: main\n    hooks: [{{id: lint}}]\n"
            )
        },
        ("--select", "PIN005"),
        random_text,
        "git.example.com",
    ),
    "docker-action": (
        {
            ".github/workflows/ci.yml": (
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - uses: docker://bot:{secret}@registry.example.com/tool:1.0\n"
            )
        },
        ("--select", "PIN003"),
        random_text,
        "registry.example.com",
    ),
    "dockerfile-arg-in-from": (
        {"Dockerfile": "ARG TOKEN={secret}\nFROM registry.example.com/${{TOKEN}}/base:1.0\n"},
        ("--select", "PIN004"),
        new_github_token,
        "registry.example.com",
    ),
    "pyproject-invalid-requirement": (
        {
            "pyproject.toml": (
                '[project]\nname = "x"\nversion = "1"\n'
                'dependencies = ["pkg @ https://bot:{secret}@pkgs.example.com/p.whl ; ="]\n'
            )
        },
        ("--select", "PIN002"),
        random_text,
        "pyproject.toml",
    ),
    "config-key-name": (
        {"gate.yml": "policies:\n  {secret}: {{}}\n"},
        (),
        new_github_token,
        "gate.yml",
    ),
}


@pytest.mark.parametrize("case", sorted(URL_CASES))
@pytest.mark.slow
def test_planted_credential_reaches_no_output(case: str, make_repo: Any, tmp_path: Path) -> None:
    files, args, make_secret, proof = URL_CASES[case]
    secret = make_secret()
    repo = make_repo()
    for path, template in files.items():
        repo.write(path, template.format(secret=secret))
    repo.commit("inputs")
    code, text = every_output(repo.path, tmp_path, *args)
    assert code in (1, 2), text  # a finding or an input error, never a silent pass
    assert proof in text  # the finding (or error) that used to echo the secret is there
    assert_hidden(secret, text)


@pytest.mark.parametrize("option", ["--base", "--head", "--history"])
def test_ref_names_with_credentials_are_masked(option: str, make_repo: Any, tmp_path: Path) -> None:
    secret = random_text()
    repo = make_repo()
    code, text = every_output(
        repo.path, tmp_path, "--select", "SEC003", option, f"https://bot:{secret}@git.example.com"
    )
    assert code == 2 and "git.example.com" in text
    assert_hidden(secret, text)
    token = new_github_token()
    code, text = every_output(repo.path, tmp_path, "--select", "SEC003", option, token)
    assert code == 2 and "ghp_" in text
    assert_hidden(token, text)


def test_masked_text_keeps_what_pin_findings_must_show(make_repo: Any, tmp_path: Path) -> None:
    """SHAs and digests are not credentials: the redactor leaves them for the reader."""
    sha = "3f786850e387550fdab836ed7e6dc881de23001b"
    digest = "sha256:" + "a" * 12 + "0123456789abcdef" * 3 + "b" * 4
    repo = make_repo()
    repo.write(
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"      - uses: actions/checkout@{sha[:12]}\n",
    )
    repo.write("Dockerfile", f"FROM python:3.12@{digest[:-1]}\n")
    repo.commit("inputs")
    code, text = every_output(repo.path, tmp_path, "--select", "PIN003,PIN004")
    assert code == 1
    assert sha[:12] in text and digest[:-1] in text
    data = json.loads((tmp_path / "reports" / "json").read_text())
    assert data["verdict"] == "fail"
