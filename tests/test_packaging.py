"""The sdist and wheel as a release builds them: LICENSE, Project-URLs, version, tag check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
import yaml

import gate

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = gate.__version__
WHEEL = f"policy_gate-{VERSION}-py3-none-any.whl"
SDIST = f"policy_gate-{VERSION}.tar.gz"
TAG_CHECK = "Check the tag against the version and the changelog"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`uv build` as the release workflow runs it (sdist, then the wheel from the sdist), but
    with this environment's hatchling instead of a download, so it runs offline."""
    uv = BIN / "uv" if (BIN / "uv").exists() else shutil.which("uv")
    if not uv:
        pytest.fail("uv is missing: install the hashed lock (requirements-dev.lock.txt)")
    out = tmp_path_factory.mktemp("dist")
    offline = ["--no-build-isolation", "--offline", "--python", sys.executable]
    done = subprocess.run(
        [str(uv), "build", *offline, "--out-dir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def metadata(text: str) -> Message:
    return Parser().parsestr(text)


def check_urls_and_version(meta: Message) -> None:
    assert meta["Name"] == "policy-gate"
    assert meta["Version"] == VERSION
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]
    urls = dict(entry.split(", ", 1) for entry in meta.get_all("Project-URL") or [])
    assert urls == PYPROJECT["project"]["urls"]


def test_the_build_makes_exactly_the_two_files_the_release_expects(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir() if not p.name.startswith(".")) == [
        WHEEL,
        SDIST,
    ]


def test_the_wheel_carries_the_license_the_urls_and_the_version(dist: Path) -> None:
    with zipfile.ZipFile(dist / WHEEL) as wheel:
        info = f"policy_gate-{VERSION}.dist-info"
        check_urls_and_version(metadata(wheel.read(f"{info}/METADATA").decode()))
        assert wheel.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()


def test_the_sdist_carries_the_license_the_changelog_the_urls_and_the_version(
    dist: Path,
) -> None:
    top = f"policy_gate-{VERSION}"
    with tarfile.open(dist / SDIST) as sdist:

        def read(name: str) -> bytes:
            member = sdist.extractfile(f"{top}/{name}")
            assert member is not None, name
            return member.read()

        check_urls_and_version(metadata(read("PKG-INFO").decode()))
        assert read("LICENSE") == (ROOT / "LICENSE").read_bytes()
        assert read("CHANGELOG.md") == (ROOT / "CHANGELOG.md").read_bytes()


# -- the release workflow's tag check, run as GitHub runs a `run:` step ---------------------


def tag_check_script() -> str:
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text("utf-8"))
    steps = [s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == TAG_CHECK]
    assert len(steps) == 1
    assert steps[0]["env"] == {"TAG": "${{ github.ref_name }}"}
    script: str = steps[0]["run"]
    return script


def run_tag_check(workdir: Path, tag: str) -> subprocess.CompletedProcess[str]:
    script = workdir / "step.sh"
    script.write_text(tag_check_script(), encoding="utf-8")
    # GitHub's `shell: bash` default for run steps.
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workdir,
        env={"PATH": os.environ["PATH"], "TAG": tag},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def release_tree(dist: Path, tmp_path: Path) -> Path:
    """The build job's working directory after `uv build`: dist/ and the changelog."""
    shutil.copytree(dist, tmp_path / "dist")
    shutil.copy(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    return tmp_path


def test_the_tag_check_passes_the_tag_of_the_built_version(release_tree: Path) -> None:
    done = run_tag_check(release_tree, f"v{VERSION}")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("tag", "says"),
    [
        (VERSION, ["is not vX.Y.Z"]),  # no v
        (f"v{VERSION}-rc.1", ["is not vX.Y.Z"]),  # semver spelling, not PEP 440
        (f"v{VERSION}.0", ["is not vX.Y.Z"]),
        ("v99.0.0", ["v99.0.0, but the build made", f"dist/{SDIST}", f"dist/{WHEEL}"]),
    ],
)
def test_the_tag_check_refuses_another_tag(release_tree: Path, tag: str, says: list[str]) -> None:
    done = run_tag_check(release_tree, tag)
    assert done.returncode == 1
    assert done.stdout.startswith("::error::")
    assert [part for part in says if part not in done.stdout] == []


def test_the_tag_check_refuses_a_version_without_its_changelog_section(
    release_tree: Path,
) -> None:
    changelog = release_tree / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    changelog.write_text(text.replace(f"## [{VERSION}] - ", f"## [{VERSION}.1] - "), "utf-8")
    done = run_tag_check(release_tree, f"v{VERSION}")
    assert done.returncode == 1
    assert f"CHANGELOG.md has no '## [{VERSION}] - YYYY-MM-DD' section" in done.stdout


def test_the_tag_check_refuses_an_extra_file_in_dist(release_tree: Path) -> None:
    (release_tree / "dist" / "policy_gate-0.0.1.tar.gz").write_bytes(b"")
    done = run_tag_check(release_tree, f"v{VERSION}")
    assert done.returncode == 1
    assert "policy_gate-0.0.1.tar.gz" in done.stdout
