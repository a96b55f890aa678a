"""COV002 against the real diff-cover on a real git repository and real coverage data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from coverage_project import clean_env, make_project, measure, run, write

from gate.collectors.coverage_types import FileLines
from gate.policies.coverage.cov002_changed import uncovered_runs

DIFF_COVER = str(Path(sys.executable).parent / "diff-cover")

FEATURE = """\


def feature(kind):
    if kind == "a":
        return "A"
    if kind == "b":
        value = "B"
        # a comment inside the run
        return value
    return None


def helper():
    return 42
"""

NEW_MODULE = """\
def brand_new(flag):
    if flag:
        return "yes"
    return "no"
"""


@pytest.fixture
def feature_repo(repo) -> Path:
    """main: the project; feature: adds code (part covered), a new module, a rename."""
    root = make_project(repo.path, '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\n')
    write(root, {"pkg/old_name.py": "def kept():\n    return 1\n", ".gitignore": ".coverage*\n"})
    write(root, {"pkg/doomed.py": "def gone():\n    return 0\n"})
    repo.commit("project")
    repo.git("checkout", "-q", "-b", "feature")
    with (root / "pkg/core.py").open("a") as handle:
        handle.write(FEATURE)
    write(root, {"pkg/new.py": NEW_MODULE})
    repo.git("mv", "pkg/old_name.py", "pkg/renamed.py")
    (root / "pkg/doomed.py").unlink()
    write(
        root,
        {
            "drive.py": "from pkg.core import sign, feature\nfrom pkg.new import brand_new\n"
            "from pkg.renamed import kept\nsign(1)\nfeature('a')\nbrand_new(True)\n"
        },
    )
    repo.commit("feature")
    measure(root)
    run(root, "-m", "coverage", "xml", "-q", "-o", "coverage.xml")
    return root


def gate_json(root: Path, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "gate", "check", "--select", "COV002", "--base", "main",
         "--report", "json:out.json", *args],
        cwd=root, env=clean_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    (policy,) = json.loads((root / "out.json").read_text())["policies"]
    return policy


def diff_cover(root: Path) -> dict:
    subprocess.run(
        [DIFF_COVER, "coverage.xml", "--compare-branch", "main", "--total-percent-float",
         "--format", "json:dc.json", "-q"],
        cwd=root, env=clean_env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads((root / "dc.json").read_text())


def uncovered_lines(policy: dict) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for finding in policy["findings"]:
        loc = finding["location"]
        if loc:
            out.setdefault(loc["path"], set()).add(loc["start_line"])
            out[loc["path"]].add(loc["end_line"])
    return out


@pytest.mark.parametrize("source", ["coverage.xml", ".coverage"])
@pytest.mark.slow
def test_numbers_equal_diff_cover(feature_repo: Path, source: str) -> None:
    expected = diff_cover(feature_repo)
    policy = gate_json(feature_repo, "--coverage", source)
    metrics = policy["metrics"]
    assert metrics["changed_statements"] == expected["total_num_lines"] > 0
    violations = metrics["changed_statements"] - metrics["changed_covered"]
    assert violations == expected["total_num_violations"] > 0
    assert metrics["changed_coverage"] == expected["total_percent_covered"]
    theirs = {
        path: set(stats["violation_lines"])
        for path, stats in expected["src_stats"].items()
        if stats["violation_lines"]
    }
    ours = uncovered_lines(policy)
    assert set(ours) == set(theirs)
    for path, lines in theirs.items():
        # every diff-cover violation lies in one of our runs, and each run ends on one
        assert lines >= ours[path]
        spans = [
            (f["location"]["start_line"], f["location"]["end_line"])
            for f in policy["findings"]
            if f["location"] and f["location"]["path"] == path
        ]
        assert all(any(a <= line <= b for a, b in spans) for line in lines)
    # Each run carries its file's changed-line numbers (the summary's per-file table).
    for finding in policy["findings"]:
        if finding["location"] and finding["location"]["path"] in theirs:
            stats = expected["src_stats"][finding["location"]["path"]]
            props = finding["properties"]
            assert props["file_covered"] == len(stats["covered_lines"])
            assert props["file_statements"] - props["file_covered"] == len(stats["violation_lines"])


@pytest.mark.slow
def test_runs_and_severities(feature_repo: Path) -> None:
    policy = gate_json(feature_repo, "--coverage", ".coverage")
    assert policy["status"] == "failed"
    runs = [f for f in policy["findings"] if f["location"]]
    summary = [f for f in policy["findings"] if not f["location"]]
    assert len(summary) == 1 and "below the threshold of 80%" in summary[0]["message"]
    assert {f["severity"] for f in policy["findings"]} == {"error"}
    core = sorted(
        (f["location"]["start_line"], f["location"]["end_line"])
        for f in runs
        if f["location"]["path"] == "pkg/core.py"
    )
    source = (feature_repo / "pkg/core.py").read_text().splitlines()
    start = source.index('    if kind == "b":') + 1
    # `if kind == "b"` .. `return value` is one run despite the comment; `return None`
    # follows directly; helper() is a second run after a blank gap with no statement.
    assert core[0] == (start, start + 4)
    assert all(f["fingerprint"] and str(f["location"]["start_line"]) != f["fingerprint"]
               for f in runs)  # fmt: skip

    write(feature_repo, {"gate.yml": "policies:\n  COV002:\n    min_statements: 1000\n"})
    small = gate_json(feature_repo, "--coverage", ".coverage")
    assert small["status"] == "passed"
    assert {f["severity"] for f in small["findings"]} == {"warning"}
    assert uncovered_lines(small) == uncovered_lines(policy)

    write(feature_repo, {"gate.yml": "policies:\n  COV002:\n    threshold: 10\n"})
    passing = gate_json(feature_repo, "--coverage", ".coverage")
    assert passing["status"] == "passed"
    assert {f["severity"] for f in passing["findings"]} == {"notice"}


@pytest.mark.slow
def test_fingerprint_survives_unrelated_edits(feature_repo: Path, repo) -> None:
    before = {f["fingerprint"] for f in gate_json(feature_repo)["findings"]}
    text = (feature_repo / "pkg/core.py").read_text()
    (feature_repo / "pkg/core.py").write_text("# a new first line\n" + text)
    repo.commit("shift")
    measure(feature_repo)
    after = {f["fingerprint"] for f in gate_json(feature_repo)["findings"]}
    assert before == after


@pytest.mark.slow
def test_no_base_is_missing_input(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    measure(root)
    proc = subprocess.run(
        [sys.executable, "-m", "gate", "check", "--select", "COV002", "--report", "json"],
        cwd=root, env=clean_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (policy,) = json.loads(proc.stdout)["policies"]
    assert policy["status"] == "missing-input"
    assert "not a git checkout" in policy["findings"][0]["message"]


def test_uncovered_runs_follow_statements_not_line_numbers() -> None:
    lines = FileLines("m.py", (1, 2, 4, 7, 8, 9, 12), frozenset({2, 4, 8, 12}))
    added = {n: "x" for n in (2, 3, 4, 5, 8, 9, 12)}
    runs = [run.lines for run in uncovered_runs(lines, added)]
    # 2 and 4 are adjacent statements (3 is not one); 9 is covered; 12 stands alone.
    assert runs == [(2, 4), (8,), (12,)]


@pytest.mark.slow
def test_xml_that_cannot_tell_sibling_source_roots_apart_warns(repo) -> None:
    # Two source roots with a file of the same relative name: coverage.xml names both
    # <class filename="util.py">, so it cannot say which file a line belongs to.
    root = repo.path
    covered = "def f(x):\n    if x:\n        return 1\n    return 2\n\n\nf(1)\n"
    write(root, {"src/a/util.py": covered, "src/b/util.py": "def g():\n    return 0\n"})
    write(root, {".gitignore": ".coverage*\ncoverage.xml\nout.json\n"})
    write(root, {".coveragerc": "[run]\nsource =\n    src/a\n    src/b\n"})
    repo.commit("two roots")
    repo.git("checkout", "-q", "-b", "feature")
    with (root / "src/b/util.py").open("a") as handle:
        handle.write("\n\ndef untested(y):\n    z = y * 2\n    return z\n")
    repo.commit("untested code in b")
    driver = "import runpy\nrunpy.run_path('src/a/util.py')\nrunpy.run_path('src/b/util.py')\n"
    write(root, {"drive.py": driver})
    run(root, "-m", "coverage", "run", "drive.py")
    run(root, "-m", "coverage", "xml", "-q", "-o", "coverage.xml")
    assert run(root, "-c", "print(open('coverage.xml').read().count('filename=\"util.py\"'))")
    policy = gate_json(root, "--coverage", "coverage.xml")
    (warning,) = [f for f in policy["findings"] if f["title"].startswith("Coverage XML")]
    assert warning["severity"] == "warning"
    assert warning["location"]["path"] == "src/b/util.py"
    assert "src/a/util.py" in warning["message"] and "<class filename>" in warning["message"]
    assert ".coverage" in warning["fix"] and "coverage.json" in warning["fix"]
    # The data file is exact: no such warning, and the untested lines are listed.
    exact = gate_json(root, "--coverage", ".coverage")
    assert not [f for f in exact["findings"] if f["title"].startswith("Coverage XML")]
    lines = (root / "src/b/util.py").read_text().splitlines()
    body = {lines.index("    z = y * 2") + 1, lines.index("    return z") + 1}
    assert body <= uncovered_lines(exact)["src/b/util.py"]
