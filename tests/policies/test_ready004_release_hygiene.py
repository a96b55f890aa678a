"""READY004: changelog, changelog entries and version tags (gate/policies/ready/ready004_*.py)."""

from __future__ import annotations

from typing import Any

import pytest
from ready_support import branch, run

from gate.policies.ready.release import metadata_version, parse_changelog

CHANGELOG = """\
# Changelog

## [Unreleased]

## [1.1.0] - 2026-01-02
### Added
- b

## [1.0.0] - 2025-12-01
- a
"""
PYPROJECT = '[project]\nname = "p"\nversion = "1.1.0"\n'


def test_parse_changelog_finds_sections_and_problems() -> None:
    good = parse_changelog(CHANGELOG)
    assert good.unreleased == (4, 4)
    assert good.releases == ((5, "1.1.0"), (9, "1.0.0"))
    assert good.problems == ()
    bad = parse_changelog(
        "# Changelog\n## 1.0 (today)\n## [0.1] - 2020-01-01\n## [0.2] - 2021-01-01\n"
    )
    assert bad.problems == (
        (2, "heading `## 1.0 (today)` is not `## [X.Y.Z] - YYYY-MM-DD`"),
        (1, "no `## [Unreleased]` section"),
        (3, "releases are not listed newest first"),
    )


def test_metadata_version_static_and_hatch_dynamic() -> None:
    assert metadata_version(PYPROJECT, {}) == ("1.1.0", "pyproject.toml [project] version")
    dynamic = (
        '[project]\nname = "p"\ndynamic = ["version"]\n'
        '[tool.hatch.version]\npath = "p/__init__.py"\n'
    )
    assert metadata_version(dynamic, {"p/__init__.py": '__version__ = "2.0"\n'}) == (
        "2.0",
        "__version__ in p/__init__.py",
    )
    assert metadata_version(None, {})[0] is None


@pytest.mark.slow
def test_clean_release_trail_passes(repo: Any) -> None:
    entry = CHANGELOG.replace("## [Unreleased]\n", "## [Unreleased]\n- fix f\n")
    branch(
        repo,
        {"p/core.py": "x = 2\n", "CHANGELOG.md": entry},
        base={"p/core.py": "x = 1\n", "CHANGELOG.md": CHANGELOG, "pyproject.toml": PYPROJECT},
    )
    repo.git("tag", "v1.0.0", "main")
    result = run(repo, "READY004")
    assert result.findings == ()
    assert result.metrics["latest_tag"] == "v1.0.0"
    assert result.metrics["releases"] == 2


@pytest.mark.slow
def test_library_change_without_entry_and_version_behind_tag(repo: Any) -> None:
    branch(
        repo,
        {"p/core.py": "x = 2\n", "tests/test_core.py": "y = 1\n"},
        base={"CHANGELOG.md": CHANGELOG, "pyproject.toml": PYPROJECT, "p/core.py": "x = 1\n"},
    )
    repo.git("tag", "v1.2.0", "main")
    result = run(repo, "READY004")
    assert sorted(f.message for f in result.findings) == [
        "the change edits library code (p/core.py) but adds no entry under "
        "`## [Unreleased]` in CHANGELOG.md",
        "version 1.1.0 (pyproject.toml [project] version) is behind the latest tag v1.2.0",
    ]
    # An entry outside Unreleased does not count; a test-only change needs none.
    repo.write("CHANGELOG.md", CHANGELOG + "- late\n")
    repo.commit("entry in the wrong place")
    assert any("adds no entry" in f.message for f in run(repo, "READY004").findings)


@pytest.mark.slow
def test_no_changelog_and_no_tags_are_reported(repo: Any) -> None:
    branch(repo, {}, base={"pyproject.toml": PYPROJECT})
    result = run(repo, "READY004")
    assert result.metrics["status"] == "missing-input"
    messages = sorted(f.message for f in result.findings)
    assert messages[0].startswith("cannot list version tags: this checkout has none")
    assert messages[1] == "no CHANGELOG.md: keep one in the Keep a Changelog format"


@pytest.mark.slow
def test_ci_present(repo: Any) -> None:
    branch(repo, {})
    assert run(repo, "READY005").findings[0].message.startswith("no continuous-integration")
    repo.write(".github/workflows/ci.yml", "on: push\n")
    repo.commit("ci")
    result = run(repo, "READY005")
    assert result.findings == () and result.metrics["ci_files"] == 1
