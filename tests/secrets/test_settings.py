"""The ``secrets`` config section (gate/policies/secrets/settings.py) and its README table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gate import config
from gate.errors import ConfigError
from gate.policies.secrets.settings import SecretsSettings

README = Path(__file__).resolve().parents[2] / "docs" / "secrets.md"


def test_section_is_registered_validated_and_strict() -> None:
    loaded = config.validate({"secrets": {"engine": "python", "exclude": ["vendor/*"]}}, "g.yml")
    settings = loaded.section("secrets")
    assert isinstance(settings, SecretsSettings) and settings.engine == "python"
    assert settings.skips("vendor/x.py") and not settings.skips("src/x.py")
    with pytest.raises(ConfigError, match=r"g.yml: secrets.max_size: Extra inputs"):
        config.validate({"secrets": {"max_size": 1}}, "g.yml")
    with pytest.raises(ConfigError, match=r"secrets.engine"):
        config.validate({"secrets": {"engine": "fast"}}, "g.yml")


def test_readme_settings_table_matches_the_model() -> None:
    text = README.read_text(encoding="utf-8")
    section = re.search(r"<!-- secrets:start -->\n(.*?)<!-- secrets:end -->", text, re.S)
    assert section
    rows = dict(re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", section.group(1), re.M))
    defaults = config.dump(SecretsSettings())
    assert set(rows) == set(defaults)
    for key, default in defaults.items():
        shown = default if isinstance(default, str) else json.dumps(default)
        assert rows[key] == shown, key
