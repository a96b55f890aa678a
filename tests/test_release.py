"""The release trail: LICENSE, CHANGELOG, Project-URLs, the release workflow and docs/releasing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import gate
from gate.init import DEFAULT_REPO
from gate.policies.ready.release import dynamic_source, metadata_version, parse_changelog

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
# Debian ships the license texts it distributes; the same bytes as the Apache text.
DEBIAN_APACHE = Path("/usr/share/common-licenses/Apache-2.0")


def release() -> Any:
    return yaml.safe_load(RELEASE.read_text(encoding="utf-8"))


def write_permissions(job: dict[str, Any]) -> set[str]:
    return {scope for scope, level in (job.get("permissions") or {}).items() if level == "write"}


# -- LICENSE -------------------------------------------------------------------------------


def test_license_is_the_apache_text_pyproject_declares_and_ships() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License\n                           Version 2.0, January 2004" in text
    numbered = re.findall(r"^   (\d)\. [A-Z]", text, re.M)
    assert numbered == [str(n) for n in range(1, 10)]  # the nine sections of the terms
    assert "END OF TERMS AND CONDITIONS" in text
    if DEBIAN_APACHE.exists():
        assert text == DEBIAN_APACHE.read_text(encoding="utf-8")


# -- CHANGELOG -----------------------------------------------------------------------------


def test_changelog_is_keep_a_changelog_with_a_section_for_the_package_version() -> None:
    changelog = parse_changelog((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert changelog.problems == ()
    assert changelog.unreleased is not None
    # The version as READY004 reads it: pyproject's, or the file hatch takes it from.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    source = dynamic_source(pyproject)
    read = {source: (ROOT / source).read_text(encoding="utf-8")} if source else {}
    version, _ = metadata_version(pyproject, read)
    assert version == gate.__version__
    assert version in [v for _, v in changelog.releases]


def test_changelog_parsing_would_notice_a_missing_section() -> None:
    """The check above can fail: a changelog without the version's section is caught."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    without = re.sub(rf"^## \[{re.escape(gate.__version__)}\].*$", "", text, flags=re.M)
    assert gate.__version__ not in [v for _, v in parse_changelog(without).releases]


def test_every_release_has_its_link_to_the_tag() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    base = f"https://github.com/{DEFAULT_REPO}"
    for _, version in parse_changelog(text).releases:
        assert f"\n[{version}]: {base}/releases/tag/v{version}\n" in text
    newest = parse_changelog(text).releases[0][1]
    assert f"\n[Unreleased]: {base}/compare/v{newest}...HEAD\n" in text


# -- Project-URLs --------------------------------------------------------------------------


def test_project_urls_point_at_the_repository_the_docs_use() -> None:
    urls = PYPROJECT["project"]["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Changelog", "Issues", "Source"}
    base = f"https://github.com/{DEFAULT_REPO}"
    assert base in (ROOT / "README.md").read_text(encoding="utf-8")
    assert urls["Homepage"] == urls["Source"] == base
    assert urls["Issues"] == f"{base}/issues"
    assert urls["Changelog"] == f"{base}/blob/main/CHANGELOG.md"
    page, anchor = urls["Documentation"].removeprefix(f"{base}/blob/main/").split("#")
    heading = f"## {anchor.capitalize()}\n"
    assert heading in (ROOT / page).read_text(encoding="utf-8")


# -- the release workflow ------------------------------------------------------------------


def test_release_runs_on_version_tags_only() -> None:
    assert release()[True] == {"push": {"tags": ["v*.*.*"]}}  # YAML 1.1 reads `on` as True


def test_publish_is_the_only_job_that_can_mint_an_oidc_token() -> None:
    document = release()
    assert document["permissions"] == {}
    jobs = document["jobs"].items()
    minting = [name for name, job in jobs if "id-token" in write_permissions(job)]
    assert minting == ["publish"]


def test_the_build_reads_and_the_publish_job_runs_nothing_from_the_checkout() -> None:
    jobs = release()["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert "environment" not in jobs["build"]
    publish = jobs["publish"]
    assert publish["needs"] == "build"
    assert publish["environment"] == "pypi"
    assert publish["permissions"] == {"id-token": "write", "attestations": "write"}
    uses = [step["uses"].split("@")[0] for step in publish["steps"] if "uses" in step]
    assert uses == [
        "actions/download-artifact",
        "actions/attest-build-provenance",
        "astral-sh/setup-uv",
    ]
    runs = [step["run"].strip() for step in publish["steps"] if "run" in step]
    assert runs == ["uv publish --trusted-publishing always dist/*"]


def test_no_step_names_a_token_or_a_password() -> None:
    """Trusted publishing only: no stored PyPI token, no `secrets.` anywhere."""
    text = RELEASE.read_text(encoding="utf-8")
    assert "secrets." not in text
    assert "UV_PUBLISH_TOKEN" not in text and "--token" not in text


# -- docs/releasing.md ---------------------------------------------------------------------

MOVING_TAG_CALLER = """\
name: ci
on: [pull_request]
permissions: {}
jobs:
  python-ci:
    uses: policy-gate/policy-gate/.github/workflows/python-ci.yml@v0
    permissions:
      contents: read # check out the code
"""


def gate_check(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [str(BIN / "gate"), "check", "--select", "PIN003"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_what_the_docs_say_pin003_reports_for_a_moving_tag_is_what_it_reports(
    make_repo: Callable[..., Any],
) -> None:
    page = (ROOT / "docs" / "releasing.md").read_text(encoding="utf-8")
    quoted = re.search(r"```text\n(.*?)```", page, re.S)
    assert quoted
    repo = make_repo()
    repo.write(".github/workflows/ci.yml", MOVING_TAG_CALLER)
    repo.commit("adopt with a moving tag")
    done = gate_check(repo.path)
    assert done.returncode == 1, done.stdout + done.stderr
    for line in quoted.group(1).splitlines():
        assert line in done.stdout.splitlines()
    # Accepting it: PIN003 at warning passes, and the finding stays as a warning.
    repo.write("gate.yml", "policies: {PIN003: {severity: warning}}\n")
    repo.commit("accept the moving tag")
    done = gate_check(repo.path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS PIN003 Actions pinned to a commit SHA (pinned 0/1, unpinned 1, files 1)" in (
        done.stdout
    )
    assert "  warning .github/workflows/ci.yml:6: reusable workflow" in done.stdout
    assert "policies: {PIN003: {severity: warning}}" in page
    repo.git("rm", "-q", "gate.yml")
    # With the version's commit SHA and its tag as a comment, PIN003 passes.
    pinned = MOVING_TAG_CALLER.replace("@v0", "@" + "a" * 40 + f" # v{gate.__version__}")
    repo.write(".github/workflows/ci.yml", pinned)
    repo.commit("pin by SHA")
    done = gate_check(repo.path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS PIN003" in done.stdout


def test_the_build_backend_comes_pinned_with_hashes() -> None:
    """`uv build --require-hashes` refuses a build requirement the constraints file lacks."""
    steps = release()["jobs"]["build"]["steps"]
    (build,) = [s["run"] for s in steps if "uv build" in s.get("run", "")]
    assert "--require-hashes" in build
    named = re.search(r"--build-constraints (\S+)", build)
    assert named
    constraints = ROOT / named.group(1)
    text = constraints.read_text(encoding="utf-8")
    backend = PYPROJECT["build-system"]["requires"][0].split(">")[0]
    for requirement in (backend, "pathspec", "pluggy", "trove-classifiers", "packaging"):
        assert re.search(rf"^{requirement}==\S+ .*\\\n\s+--hash=sha256:", text, re.M), requirement
