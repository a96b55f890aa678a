"""The pull request is data: each side door of issue 9 fails the gate (or passes once
approved), through the same stages the workflow runs, on a real base and head commit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pr_support import (
    BASE_FILES,
    TOKEN,
    UNTESTED,
    Outcome,
    Reviews,
    pull_request_env,
    reviews_api,
    run_stages,
)
from secret_samples import GITHUB_PAT


@pytest.fixture
def project(make_repo: Callable[..., Any]) -> Any:
    repo = make_repo("app")
    for name, text in BASE_FILES.items():
        repo.write(name, text)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def judge(
    repo: Any,
    tmp_path: Path,
    reviews: Reviews | None = None,
    *,
    approve: bool = False,
    event_name: str = "pull_request",
) -> Outcome:
    """Commit the pull request, then run the stages against it (approved if asked)."""
    head = repo.commit("pull request")
    base = repo.git("rev-parse", "main").strip()
    reviews = reviews or Reviews()
    if approve:
        reviews.approve("alice", head)
    with reviews_api(reviews) as api:
        env = pull_request_env(tmp_path, base, head, api, event_name=event_name)
        return run_stages(repo.path, tmp_path, env)


@pytest.mark.slow
def test_the_base_itself_passes(project: Any, tmp_path: Path) -> None:
    outcome = judge(project, tmp_path)
    assert outcome.codes == {"tests": 0, "combine": 0, "security": 0, "gate": 0}, outcome
    assert outcome.report["verdict"] == "pass"


@pytest.mark.slow
def test_untested_code_fails(project: Any, tmp_path: Path) -> None:
    project.write("pkg/core.py", BASE_FILES["pkg/core.py"] + UNTESTED)
    outcome = judge(project, tmp_path)
    assert outcome.codes["gate"] == 1
    assert "changed-line coverage is" in outcome.messages("COV002")


@pytest.mark.slow
def test_a_gate_package_in_the_pull_request_is_never_imported(project: Any, tmp_path: Path) -> None:
    # Path 1: a `gate/` package in the checkout would replace the gate under `python -m`.
    project.write("pkg/core.py", BASE_FILES["pkg/core.py"] + UNTESTED)
    project.write("gate/__init__.py", "")
    project.write("gate/__main__.py", "raise SystemExit(0)\n")
    outcome = judge(project, tmp_path)
    assert outcome.codes["gate"] == 1
    assert outcome.report["verdict"] == "fail"


@pytest.mark.slow
def test_a_coverage_plugin_from_the_pull_request_is_never_loaded(
    project: Any, tmp_path: Path
) -> None:
    # Path 1: a plugin imported by the gate's coverage.py could end the process with 0.
    project.write("pkg/core.py", BASE_FILES["pkg/core.py"] + UNTESTED)
    project.write(
        "evil.py",
        "import atexit, os, sys\n"
        "def coverage_init(reg, options):\n"
        "    if 'gate' in sys.modules:\n"
        "        open(os.environ['EVIL_MARK'], 'w').close()\n"
        "        atexit.register(os._exit, 0)\n",
    )
    pyproject = BASE_FILES["pyproject.toml"] + 'plugins = ["evil"]\n'
    project.write("pyproject.toml", pyproject)
    mark = tmp_path / "evil-ran"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVIL_MARK", str(mark))
        patch.setenv("PYTHONPATH", str(project.path))
        outcome = judge(project, tmp_path)
    assert outcome.codes["gate"] == 1
    assert not mark.exists()
    assert any(f["location"]["path"] == "pyproject.toml" for f in outcome.findings("GATE001"))


@pytest.mark.slow
def test_a_pragma_the_pull_request_adds_counts_as_uncovered_unless_approved(
    project: Any, tmp_path: Path
) -> None:
    # Path 2: `# pragma: no cover` on new functions.
    excluded = UNTESTED.replace("def mul(a, b):", "def mul(a, b):  # pragma: no cover")
    excluded = excluded.replace("def div(a, b):", "def div(a, b):  # pragma: no cover")
    project.write("pkg/core.py", BASE_FILES["pkg/core.py"] + excluded)
    outcome = judge(project, tmp_path)
    assert outcome.codes["gate"] == 1
    assert "a pragma this change adds excludes" in outcome.messages("COV002")
    approved = judge_again(project, tmp_path / "approved", approve=True)
    assert approved.codes["gate"] == 0, approved.report
    notes = approved.messages("COV002")
    assert "allowed: approved at" in notes and "alice" in notes


def judge_again(repo: Any, tmp_path: Path, *args: Any, **kwargs: Any) -> Outcome:
    tmp_path.mkdir()
    return judge(repo, tmp_path, *args, **kwargs)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".coveragerc", "[report]\nexclude_lines =\n    .*\n"),
        ("setup.cfg", "[coverage:report]\nomit =\n    pkg/core.py\n"),
        ("tox.ini", "[coverage:run]\nomit = pkg/*\n"),
        ("pyproject.toml", BASE_FILES["pyproject.toml"] + 'omit = ["pkg/core.py"]\n'),
    ],
)
@pytest.mark.slow
def test_coverage_configuration_from_the_pull_request_does_not_judge(
    project: Any, tmp_path: Path, name: str, text: str
) -> None:
    # Path 2: exclusions and omits the pull request configures.
    project.write("pkg/core.py", BASE_FILES["pkg/core.py"] + UNTESTED)
    project.write(name, text)
    outcome = judge(project, tmp_path)
    assert outcome.codes["gate"] == 1
    assert "changed-line coverage is" in outcome.messages("COV002")
    changed = [f for f in outcome.findings("GATE001") if f["location"]["path"] == name]
    assert changed and all(f["location"]["start_line"] for f in changed), outcome.report


@pytest.mark.slow
def test_removing_source_does_not_hide_a_new_module(project: Any, tmp_path: Path) -> None:
    # Path 2 and 3: without `source` coverage.py lists only imported files.
    project.write("pyproject.toml", '[project]\nname = "app"\nversion = "1"\n')
    project.write("pkg/extra.py", "def triple(x):\n    y = x * 3\n    return y\n")
    outcome = judge(project, tmp_path)
    assert outcome.codes["gate"] == 1
    messages = outcome.messages("COV002")
    assert "pkg/extra.py is inside the measured scope" in messages


@pytest.mark.slow
def test_a_new_module_in_a_folder_without_init_counts_when_the_base_has_no_source(
    project: Any, tmp_path: Path
) -> None:
    # Path 3 on a base without `source`: the package discovery decides the scope.
    project.write("pyproject.toml", '[project]\nname = "app"\nversion = "1"\n')
    project.commit("base without source")
    project.git("branch", "-f", "main", "HEAD")
    project.write("pkg/extra.py", "def triple(x):\n    y = x * 3\n    return y\n")
    project.write("scripts/tool.py", "print('a script, not a module of the package')\n")
    outcome = judge(project, tmp_path)
    assert outcome.codes["gate"] == 1
    messages = outcome.messages("COV002")
    assert "pkg/extra.py is inside the measured scope" in messages
    assert "scripts/tool.py" not in messages


@pytest.mark.slow
def test_committed_coverage_data_and_no_tests_fail(project: Any, tmp_path: Path) -> None:
    # Path 4: tests gone, a coverage.xml claiming everything ran committed instead.
    project.git("rm", "-q", "tests/test_core.py")
    project.write(
        "coverage.xml",
        '<?xml version="1.0" ?>\n<coverage lines-valid="4" lines-covered="4" '
        'line-rate="1" version="7"><sources><source>.</source></sources>'
        "<packages/></coverage>\n",
    )
    outcome = judge(project, tmp_path)
    assert outcome.codes["combine"] == 2  # no test job vouched for any data
    assert outcome.codes["gate"] != 0
    assert outcome.report.get("verdict") != "pass"


@pytest.mark.slow
def test_a_conftest_dropping_extra_data_files_is_not_combined(project: Any, tmp_path: Path) -> None:
    # Path 4: one more parallel data file in the data directory, claiming every line ran.
    project.write("pkg/core.py", BASE_FILES["pkg/core.py"] + UNTESTED)
    project.write(
        "tests/conftest.py",
        "import os, coverage\n"
        "def pytest_sessionfinish(session):\n"
        "    # The data directory is not in the environment: ask the running measurement.\n"
        "    current = coverage.Coverage.current()\n"
        "    folder = os.path.dirname(current.get_data().data_filename())\n"
        "    data = coverage.CoverageData(os.path.join(folder, '.coverage.forged'))\n"
        "    path = os.path.abspath('pkg/core.py')\n"
        "    data.add_lines({path: set(range(1, 40))})\n"
        "    data.write()\n",
    )
    outcome = judge(project, tmp_path)
    assert (tmp_path / "coverage-data" / ".coverage.forged").is_file()
    assert outcome.codes["gate"] == 1
    assert "changed-line coverage is" in outcome.messages("COV002")


@pytest.mark.slow
def test_an_inline_allowance_the_pull_request_adds_needs_approval(
    project: Any, tmp_path: Path
) -> None:
    # Path 5: `# gate: allow SEC001` next to the token the pull request adds.
    token = GITHUB_PAT
    project.write("pkg/settings.py", f'TOKEN = "{token}"  # gate: allow SEC001 fixture\n')
    project.write("tests/test_settings.py", "import pkg.settings\n\n\ndef test_x():\n    pass\n")
    outcome = judge(project, tmp_path)
    assert outcome.codes["security"] == 1
    assert outcome.codes["gate"] == 1
    assert outcome.findings("SEC001")
    reviews = Reviews()
    reviews.approve("mallory", "0" * 40)  # not an approver; an old commit
    approved = judge_again(project, tmp_path / "approved", reviews, approve=True)
    assert approved.codes["security"] == 0 and approved.codes["gate"] == 0, approved.report
    assert "inline allowance added by this change" in approved.messages("SEC001")
    assert token not in str(approved.report)
    # Read through the API, with the run's token, page by page.
    assert len(reviews.seen) == 4 and {auth for _p, auth in reviews.seen} == {f"Bearer {TOKEN}"}


@pytest.mark.slow
def test_an_approval_of_an_older_head_does_not_count(project: Any, tmp_path: Path) -> None:
    token = GITHUB_PAT
    project.write("pkg/settings.py", f'TOKEN = "{token}"  # gate: allow SEC001 fixture\n')
    old = project.commit("first push")
    reviews = Reviews()
    reviews.approve("alice", old)
    project.write("README.md", "# test\n\nmore\n")  # a later push voids the approval
    outcome = judge(project, tmp_path, reviews)
    assert outcome.codes["security"] == 1


@pytest.mark.slow
def test_an_inline_allowance_already_at_the_base_counts(
    make_repo: Callable[..., Any], tmp_path: Path
) -> None:
    repo = make_repo("app")
    for name, text in BASE_FILES.items():
        repo.write(name, text)
    token = GITHUB_PAT
    repo.write("pkg/settings.py", f'TOKEN = "{token}"  # gate: allow SEC001 fixture\n')
    repo.write("tests/test_settings.py", "import pkg.settings\n\n\ndef test_x():\n    pass\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("README.md", "# test\n\nmore\n")
    outcome = judge(repo, tmp_path)
    assert outcome.codes["security"] == 0 and outcome.codes["gate"] == 0, outcome.report


@pytest.mark.slow
def test_the_merge_queue_is_judged_by_the_base(project: Any, tmp_path: Path) -> None:
    # Path 6: on merge_group there is no GITHUB_BASE_REF; merge_group.base_sha is the base.
    project.write("pkg/core.py", BASE_FILES["pkg/core.py"] + UNTESTED)
    project.write("gate.yml", "policies:\n  COV001: {enabled: false}\n  COV002: {enabled: false}\n")
    outcome = judge(project, tmp_path, event_name="merge_group")
    assert outcome.codes["gate"] == 1
    assert "changed-line coverage is" in outcome.messages("COV002")
    assert any(f["location"]["path"] == "gate.yml" for f in outcome.findings("GATE001"))


@pytest.mark.slow
def test_a_review_event_judges_with_the_base_too(project: Any, tmp_path: Path) -> None:
    # pull_request_review runs have no GITHUB_BASE_REF: the payload says it is a PR.
    project.write("pkg/core.py", BASE_FILES["pkg/core.py"] + UNTESTED)
    project.write("gate.yml", "policies:\n  COV002: {enabled: false}\n")
    outcome = judge(project, tmp_path, event_name="pull_request_review")
    assert outcome.codes["gate"] == 1
    assert "changed-line coverage is" in outcome.messages("COV002")


@pytest.mark.slow
def test_an_env_file_allowance_the_pull_request_adds_needs_approval(
    project: Any, tmp_path: Path
) -> None:
    # Path 5 for SEC004: the same rule for a `gate: allow SEC004` in an environment file.
    project.write(".env", "# gate: allow SEC004 local dummy values\nDB_PASSWORD=devpassword\n")
    outcome = judge(project, tmp_path)
    assert outcome.codes["security"] == 1
    assert outcome.findings("SEC004")
    approved = judge_again(project, tmp_path / "approved", approve=True)
    assert approved.codes["security"] == 0 and approved.codes["gate"] == 0, approved.report
    assert "inline allowance added by this change" in approved.messages("SEC004")
