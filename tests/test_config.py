"""Config discovery, validation and error messages (gate/config.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate import config
from gate.cli import main
from gate.errors import ConfigError
from gate.findings import Severity


def reader(root: Path):
    def read(name: str) -> str | None:
        path = root / name
        return path.read_text(encoding="utf-8") if path.is_file() else None

    return read


def test_no_config_gives_embedded_defaults(tmp_path: Path) -> None:
    loaded = config.load(reader(tmp_path))
    assert loaded.source == "<defaults>"
    assert loaded.gate.fail_on is Severity.ERROR
    assert loaded.policy("GATE001").enabled is True


def test_yaml_config_is_applied(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text("fail_on: warning\nignore: [GATE]\n")
    loaded = config.load(reader(tmp_path))
    assert loaded.source == "gate.yml"
    assert loaded.gate.fail_on is Severity.WARNING
    assert loaded.gate.ignore == ["GATE"]


@pytest.mark.parametrize("name", [".gate.yml", ".github/gate.yml"])
def test_other_yaml_locations_are_discovered(tmp_path: Path, name: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text("fail_on: notice\n")
    assert config.load(reader(tmp_path)).gate.fail_on is Severity.NOTICE


def test_pyproject_table_is_discovered_only_when_present(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert config.load(reader(tmp_path)).source == "<defaults>"
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.gate]\nfail_on = "warning"\n'
    )
    loaded = config.load(reader(tmp_path))
    assert loaded.source == "pyproject.toml"
    assert loaded.gate.fail_on is Severity.WARNING


def test_two_configs_is_an_error_naming_both(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text("{}\n")
    (tmp_path / "pyproject.toml").write_text("[tool.gate]\n")
    with pytest.raises(ConfigError) as info:
        config.load(reader(tmp_path))
    assert "gate.yml" in str(info.value) and "pyproject.toml" in str(info.value)


def test_unknown_key_names_file_and_key_path(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text("policies:\n  GATE001:\n    enabeld: true\n")
    with pytest.raises(ConfigError) as info:
        config.load(reader(tmp_path))
    assert str(info.value) == (
        "gate.yml:3: policies.GATE001.enabeld: Extra inputs are not permitted "
        "(did you mean 'enabled'?)"
    )


def test_unknown_policy_id_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text("policies:\n  NOPE999: {}\n")
    with pytest.raises(
        ConfigError, match=r"gate.yml:2: policies.NOPE999: Extra inputs are not permitted$"
    ):
        config.load(reader(tmp_path))


def test_wrong_type_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text("fail_on: sometimes\n")
    with pytest.raises(ConfigError, match=r"gate.yml:1: fail_on:"):
        config.load(reader(tmp_path))


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text("fail_on: error\nselect: [unclosed\n")
    with pytest.raises(ConfigError, match=r"gate.yml: invalid YAML at line \d+"):
        config.load(reader(tmp_path))


def test_non_mapping_config_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text("- a\n- b\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        config.load(reader(tmp_path))


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"other\.yml: config file not found"):
        config.load(reader(tmp_path), "other.yml")


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text("fail_on: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(ConfigError, match=r"gate\.yml: invalid YAML"):
        config.load(reader(tmp_path))


def test_schema_is_strict_and_lists_every_policy() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    policies = schema["$defs"]["PoliciesConfig"]["properties"]
    from gate.policies import load_all

    assert set(policies) == set(load_all())


def test_bad_config_through_cli_is_one_line_exit_2(repo) -> None:
    repo.write("gate.yml", "policies: {GATE001: {severity: fatal}}\n")
    result = CliRunner().invoke(main, ["check", "--root", str(repo.path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1 and "gate.yml:1: policies.GATE001.severity" in lines[0]


def test_config_that_is_not_utf8_is_one_line_exit_2(repo) -> None:
    (repo.path / "gate.yml").write_bytes(b"fail_on: \xff\xfe error\n")
    result = CliRunner().invoke(main, ["check", "--root", str(repo.path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "gate: error: gate.yml: cannot read the configuration: not UTF-8 text"
    )


def test_every_problem_is_listed_in_file_order_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text(
        "policies:\n  COV01:\n    threshold: 90\n  COV001:\n    treshold: 70\n"
        "  SEC001:\n    severity: loud\nselect: [COV01]\n"
    )
    with pytest.raises(ConfigError) as info:
        config.load(reader(tmp_path))
    problems = str(info.value).removeprefix("4 problems: ").split("; ")
    assert "\n" not in str(info.value)
    assert (
        problems[0]
        == "gate.yml:2: policies.COV01: Extra inputs are not permitted (did you mean 'COV001'?)"
    )
    assert problems[1] == (
        "gate.yml:5: policies.COV001.treshold: Extra inputs are not permitted "
        "(did you mean 'threshold'?)"
    )
    assert problems[2].startswith("gate.yml:7: policies.SEC001.severity: Input should be")
    assert problems[3].startswith("gate.yml:8: select.0: ")
    assert problems[3].endswith("no policy matches 'COV01' (did you mean 'COV001'?)")


def test_pyproject_problems_have_lines_too(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.gate.policies.COV001]\ntreshold = 70\n"
        "[tool.gate.policies.SECC001]\n"
    )
    with pytest.raises(ConfigError) as info:
        config.load(reader(tmp_path))
    assert str(info.value) == (
        "2 problems: pyproject.toml:5: policies.COV001.treshold: Extra inputs are not permitted "
        "(did you mean 'threshold'?); pyproject.toml:6: policies.SECC001: "
        "Extra inputs are not permitted (did you mean 'SEC001'?)"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "policies:\n  COV001:\n    threshold: 120\n",
            "gate.yml:3: policies.COV001.threshold: Input should be less than or equal to 100",
        ),
        (
            "policies:\n  COV002:\n    min_statements: -1\n",
            "gate.yml:3: policies.COV002.min_statements: "
            "Input should be greater than or equal to 0",
        ),
        (
            "policies:\n  WF001:\n    timeout_seconds: 0\n",
            "gate.yml:3: policies.WF001.timeout_seconds: Input should be greater than 0",
        ),
        (
            "secrets:\n  max_file_size: 0\n",
            "gate.yml:2: secrets.max_file_size: Input should be greater than or equal to 1",
        ),
        (
            "secrets:\n  baseline: ../outside.json\n",
            "gate.yml:2: secrets.baseline: Value error, must stay inside the repository (no `..`)",
        ),
        (
            "policies: 5\n",
            "gate.yml:1: policies: Input should be a valid dictionary or instance of "
            "PoliciesConfig",
        ),
        (
            "pins:\n  requirements:\n    nope: 1\n",
            "gate.yml:3: pins.requirements.nope: Extra inputs are not permitted",
        ),
    ],
)
def test_bounds_and_checks_of_the_settings_classes_are_enforced(
    tmp_path: Path, text: str, problem: str
) -> None:
    """The settings are dataclasses; their bounds live in field metadata and their checks
    in ``Annotated``: pydantic must still enforce every one when a file is read."""
    (tmp_path / "gate.yml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        config.load(reader(tmp_path))
    assert str(caught.value) == problem


def test_a_file_gives_the_same_settings_classes_as_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "gate.yml").write_text(
        "publish:\n  comment: off\npolicies:\n  COV002:\n    threshold: 90\n"
    )
    loaded, defaults = config.load(reader(tmp_path)), config.defaults()
    for pid in ("COV002", "PIN006", "READY001", "WF001"):
        assert type(loaded.policy(pid)) is type(defaults.policy(pid))
    assert loaded.policy("COV002").threshold == 90.0  # type: ignore[attr-defined]
    assert defaults.policy("COV002").threshold == 80.0  # type: ignore[attr-defined]
    assert loaded.section("publish").comment == "off"  # YAML's `off` is false: the check maps it
    assert loaded.section("pins") == defaults.section("pins")
    assert loaded.given("COV002") == {"threshold"} and defaults.given("COV002") == frozenset()
