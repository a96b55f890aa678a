"""Issue 11 regressions: hostile inputs end in a finding or a one-line input error naming
the file; never an internal error, a hang, a blow-up or a silent pass."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from gate.cli import main
from tests.conftest import Repo

HEX40 = "0123456789abcdef" * 2 + "01234567"


def check(repo: Repo, *args: str, env: dict[str, str] | None = None) -> Result:
    base_env = {"GITHUB_ACTIONS": "", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": ""}
    return CliRunner().invoke(
        main,
        ["check", "--root", str(repo.path), "--report", "json:-", *args],
        env={**base_env, **(env or {})},
    )


def findings(result: Result) -> list[dict[str, object]]:
    document = json.loads(result.stdout)
    return [f for policy in document["policies"] for f in policy["findings"]]


def one_line_error(result: Result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def failing_finding(result: Result, path: str, words: str) -> dict[str, object]:
    """The run failed (exit 1) with an error finding on ``path`` that says ``words``."""
    assert result.exit_code == 1, result.output
    hits = [
        f
        for f in findings(result)
        if f["severity"] == "error"
        and (f.get("location") or {}).get("path") == path  # type: ignore[union-attr]
        and words in str(f["message"])
    ]
    assert hits, [f["message"] for f in findings(result)]
    return hits[0]


# -- item 2: ReDoS on a pre-commit rev copied from `git ls-remote` ---------------------


def test_precommit_rev_from_ls_remote_is_judged_promptly(repo: Repo) -> None:
    repo.write(
        ".pre-commit-config.yaml",
        f"repos:\n- repo: https://github.com/a/b\n  rev: {HEX40}^{{}}\n  hooks: [{{id: x}}]\n",
    )
    result = check(repo, "--select", "PIN005")
    failing_finding(result, ".pre-commit-config.yaml", "looks like a branch")


# -- item 4: bad input is an input error or a finding naming the file, never exit 3 ---


def test_pyproject_tool_not_a_table_is_a_config_error(repo: Repo) -> None:
    repo.write("pyproject.toml", "tool = 1\n[project]\nname = 'x'\n")
    repo.write("gate.yml", "fail_on: error\n")
    result = check(repo, "--select", "PIN", "--config", "pyproject.toml")
    assert "pyproject.toml: tool: must be a table" in one_line_error(result)


@pytest.mark.parametrize(
    "name, text, words",
    [
        ("gate.yml", "select: " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("pyproject.toml", "[tool.gate]\nx = " + "[" * 3000 + "]" * 3000, "nested too deeply"),
        ("pyproject.toml", "[tool.gate]\nfail_on = " + "9" * 5000, "4300"),
    ],
)
@pytest.mark.slow
def test_config_nesting_and_huge_integers_are_config_errors(
    repo: Repo, name: str, text: str, words: str
) -> None:
    repo.write(name, text)
    error = one_line_error(check(repo, "--select", "PIN", "--config", name))
    assert error.startswith(f"gate: error: {name}: ") and words in error


@pytest.mark.parametrize(
    "text, words",
    [
        ("[project]\nname = 'x'\ndependencies = " + "[" * 3000 + "]" * 3000, "nested too deeply"),
        ("[project]\nname = 'x'\nversion = " + "1" * 5000, "4300"),
        ("[project]\nname = 'x'\ndependencies = [1979-05-27]\n", "expected a requirement"),
    ],
)
def test_pyproject_deep_huge_or_dated_is_reported(repo: Repo, text: str, words: str) -> None:
    repo.write("pyproject.toml", text)
    failing_finding(check(repo, "--select", "PIN002"), "pyproject.toml", words)


@pytest.mark.slow
def test_requirement_include_chain_is_bounded(repo: Repo) -> None:
    for index in range(1000):
        repo.write(f"r{index}.txt", f"-r r{index + 1}.txt\n")
    repo.write("requirements.txt", "-r r0.txt\n")
    result = check(repo, "--select", "PIN001")
    hit = failing_finding(result, "r48.txt", "nested more than 50 deep")
    assert "too large to judge" in str(hit["message"])


def test_requirement_include_name_too_long_for_the_file_system(repo: Repo) -> None:
    repo.write("requirements.txt", "-r " + "a" * 300 + ".txt\n")
    failing_finding(check(repo, "--select", "PIN001"), "requirements.txt", "no such file")


def test_self_referencing_symlink_is_an_unreadable_file(repo: Repo) -> None:
    (repo.path / "requirements.txt").symlink_to("requirements.txt")
    result = check(repo, "--select", "PIN001")
    failing_finding(result, "requirements.txt", "symbolic link loop")


@pytest.mark.parametrize(
    "payload, words",
    [
        ('{"pull_request": "x"}', "pull_request must be an object"),
        ('{"pull_request": {"base": {"sha": 5}}}', "pull_request.base.sha must be a string"),
        ("[1, 2]", "must be a JSON object"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
)
def test_event_payload_of_the_wrong_shape_is_an_input_error(
    repo: Repo, tmp_path_factory: pytest.TempPathFactory, payload: str, words: str
) -> None:
    event = tmp_path_factory.mktemp("event") / "event.json"
    event.write_text(payload)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(event)}
    error = one_line_error(check(repo, "--select", "PIN", env=env))
    assert str(event) in error and words in error


# -- item 5: blow-ups from tiny files ---------------------------------------------------


def _alias_bomb() -> str:
    text = "on: push\nx0: &l0 [" + ",".join(["{uses: actions/checkout@v4}"] * 10) + "]\n"
    for level in range(1, 6):
        text += f"x{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 10) + "]\n"
    return text + "jobs:\n  a:\n    runs-on: x\n    steps: *l1\n"


@pytest.mark.parametrize(
    "name, text, words",
    [
        (".github/workflows/ci.yml", _alias_bomb(), "more than 100,000 YAML nodes"),
        (".github/workflows/ci.yml", "on: push\njobs: &j\n  a: *j\n", "refers to a node"),
        (".pre-commit-config.yaml", _alias_bomb().replace("on: push", "repos: []"), "100,000"),
        (
            "Dockerfile",
            "ARG A0=xx\n"
            + "".join(f"ARG A{i + 1}=${{A{i}}}${{A{i}}}\n" for i in range(30))
            + "FROM python:${A30}\n",
            "exceeds 4,096 characters after ARG substitution",
        ),
    ],
)
def test_expansion_is_bounded_and_fails(repo: Repo, name: str, text: str, words: str) -> None:
    repo.write(name, text)
    result = check(repo, "--select", "PIN")
    hit = failing_finding(result, name, words)
    assert "too large to judge" in str(hit["message"])
    assert len(result.stdout) < 100_000


@pytest.mark.slow
def test_findings_per_file_are_capped(repo: Repo) -> None:
    steps = "".join(f"      - uses: actions/checkout@v{i}\n" for i in range(1500))
    repo.write(".github/workflows/ci.yml", f"on: push\njobs:\n  a:\n    steps:\n{steps}")
    result = check(repo, "--select", "PIN003")
    on_file = [
        f
        for f in findings(result)
        if (f.get("location") or {}).get("path") == ".github/workflows/ci.yml"  # type: ignore
    ]
    assert len(on_file) == 1001
    failing_finding(result, ".github/workflows/ci.yml", "more than 1,000 findings (1,500)")


# -- item 6: silent passes ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, where",
    [
        ("select: [SEC01]\n", "select.0: Value error, no policy matches 'SEC01'"),
        ("ignore: ['']\n", "ignore.0: Value error, an empty selector"),
        ("ignore: [PIN, '  ']\n", "ignore.1"),
    ],
)
@pytest.mark.slow
def test_config_selectors_are_checked_like_the_cli(repo: Repo, text: str, where: str) -> None:
    repo.write("gate.yml", text)
    assert f"gate.yml:1: {where}" in one_line_error(check(repo))


@pytest.mark.parametrize(
    "name, text, words",
    [
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  a:\n    steps: {uses: actions/checkout@v4}\n",
            "jobs.a.steps must be a list",
        ),
        (".github/workflows/ci.yml", "on: push\njobs: [a]\n", "jobs must be a mapping"),
        (
            "poetry.lock",
            '[[package]]\nname = "a"\nversion = "1"\n[metadata]\nlock-version = "2.1"\n'
            "content-hash = 5\n",
            "metadata.content-hash must be a string",
        ),
        (
            "uv.lock",
            'version = 1\n[[package]]\nname = "a"\nversion = "1"\ndependencies = ["b"]\n',
            "dependencies must be an array of tables",
        ),
        (
            "pdm.lock",
            '[metadata]\nlock_version = "4"\n[[package]]\nname = "a"\nversion = 1\n',
            "`version` must be a string",
        ),
    ],
)
@pytest.mark.slow
def test_wrong_shapes_are_reported(repo: Repo, name: str, text: str, words: str) -> None:
    repo.write(name, text)
    if name.endswith(".lock"):
        repo.write("pyproject.toml", "[project]\nname = 'p'\ndependencies = ['a']\n")
    failing_finding(check(repo, "--select", "PIN"), name, words)


# -- item 7: confinement ------------------------------------------------------------


@pytest.mark.parametrize(
    "baseline, words",
    [
        ("../x.json", "must stay inside the repository"),
        ("/etc/passwd", "must be a path relative to the repository root"),
        ("C:\\\\x.json", "must be a path relative to the repository root"),
        ("a/../../x.json", "must stay inside the repository"),
    ],
)
def test_secrets_baseline_is_confined(repo: Repo, baseline: str, words: str) -> None:
    repo.write("gate.yml", f'secrets:\n  baseline: "{baseline}"\n')
    error = one_line_error(check(repo, "--select", "SEC"))
    assert "gate.yml:2: secrets.baseline:" in error and words in error
    assert not (repo.path.parent / "x.json").exists()


def test_allow_local_paths_does_not_let_a_url_through(repo: Repo) -> None:
    repo.write("gate.yml", "pins:\n  requirements:\n    allow_local_paths: true\n")
    repo.write(
        "requirements.txt",
        "evil @ https://example.invalid/evil-1.0.tar.gz\n./vendor/ok-1.0.tar.gz\n",
    )
    result = check(repo, "--select", "PIN001")
    messages = [str(f["message"]) for f in findings(result)]
    assert result.exit_code == 1
    assert any(
        "direct URL https://example.invalid/evil-1.0.tar.gz has no hash" in m for m in messages
    )
    assert not any("ok-1.0" in m for m in messages)


@pytest.mark.parametrize(
    "name, text, words",
    [
        (
            "coverage.xml",
            '<?xml version="1.0" ?>\n<coverage lines-valid="²" lines-covered="1">'
            "<packages/></coverage>\n",
            "no valid lines-valid attribute",
        ),
        (
            "coverage.xml",
            f'<?xml version="1.0" ?>\n<coverage lines-valid="{"9" * 5000}" lines-covered="1">'
            "<packages/></coverage>\n",
            "no valid lines-valid attribute",
        ),
        ("coverage.json", "[" * 5000 + "]" * 5000, "nested too deeply"),
        ("coverage.json", '{"files": {}, "x": ' + "9" * 5000 + "}", "4300"),
    ],
)
@pytest.mark.slow
def test_coverage_reports_with_odd_numbers_or_nesting(
    repo: Repo, name: str, text: str, words: str
) -> None:
    repo.write(name, text)
    error = one_line_error(check(repo, "--select", "COV001", "--coverage", name))
    assert name in error and words in error


def test_config_yaml_integer_over_the_digit_limit(repo: Repo) -> None:
    repo.write("gate.yml", "policies:\n  COV001:\n    threshold: " + "9" * 5000 + "\n")
    error = one_line_error(check(repo))
    assert error.startswith("gate: error: gate.yml: invalid YAML:") and "4300" in error


def test_pyproject_tool_not_a_table_fails_pin002(repo: Repo) -> None:
    repo.write("pyproject.toml", "tool = 1\n[project]\nname = 'p'\ndependencies = ['a']\n")
    failing_finding(check(repo, "--select", "PIN002"), "pyproject.toml", "[tool] must be a table")


@pytest.mark.slow
def test_non_utf8_file_name_gets_a_fingerprint(repo: Repo) -> None:
    (repo.path / "requirements-\udcff.txt").write_bytes(b"flask\n")
    result = check(repo, "--select", "PIN001")
    assert result.exit_code == 1, result.output
    fingerprints = [f["fingerprint"] for f in findings(result)]
    assert len(fingerprints) == 1 and len(str(fingerprints[0])) == 32


def test_config_alias_fan_out_is_bounded(repo: Repo) -> None:
    levels = "".join(
        f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i else "1"] * 10) + "]\n" for i in range(6)
    )
    repo.write("gate.yml", levels)
    error = one_line_error(check(repo))
    assert "gate.yml: too large to judge: more than 100,000 YAML nodes" in error


@pytest.mark.parametrize("flag", ["--baseline", "secrets"])
@pytest.mark.slow
def test_deep_json_baselines_are_input_errors(repo: Repo, flag: str) -> None:
    repo.write("base.json", "[" * 5000 + "]" * 5000)
    if flag == "secrets":
        repo.write("gate.yml", "secrets:\n  baseline: base.json\n")
        result = check(repo, "--select", "SEC001")
    else:
        repo.write("gate.yml", "policies:\n  COV003:\n    enabled: true\n")
        result = check(repo, "--select", "COV003", "--baseline", "base.json")
    error = one_line_error(result)
    assert "base.json" in error and "nested too deeply" in error
