"""The readiness score (gate/score.py, gate/commands/score.py): formula and fixture repositories."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from coverage_project import run as python

from gate import score
from gate.cli import main
from gate.findings import Finding, PolicyResult, RunResult, Severity

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-01\n- first\n"
PYPROJECT = '[project]\nname = "p"\nversion = "1.0.0"\n'
CORE = "def double(x):\n    return 2 * x\n"
CLEAN = {
    "CHANGELOG.md": CHANGELOG,
    "pyproject.toml": PYPROJECT,
    ".github/workflows/ci.yml": "on: push\n",
    ".gitignore": ".coverage\n",
    "p/__init__.py": "",
    "p/core.py": CORE,
    "requirements.txt": "click==8.1.7\n",
}


def result_of(*policies: tuple[str, list[Severity], str | None]) -> RunResult:
    results = []
    for pid, severities, status in policies:
        findings = tuple(Finding(pid, s, f"finding {i}") for i, s in enumerate(severities))
        metrics = {"status": status} if status else {}
        results.append(PolicyResult(pid, pid, Severity.ERROR, findings, metrics))
    return RunResult(tuple(results), Severity.ERROR)


def test_grades_categories_and_weights() -> None:
    run = result_of(
        ("SEC001", [], None),  # security: (1 + 0.5) / 2
        ("PIN001", [Severity.ERROR, Severity.ERROR], None),
        ("COV001", [Severity.ERROR], "missing-input"),  # tests: not measurable
        ("READY001", [Severity.WARNING, Severity.NOTICE], None),  # reliability 0.95
        ("GATE001", [Severity.ERROR], None),  # in no category
    )
    value = score.compute(run)
    parts = {p.category.name: p.value for p in value.categories}
    assert parts["security"] == Decimal("0.75") and parts["reliability"] == Decimal("0.95")
    assert parts["tests"] is None and parts["delivery"] is None
    # (30 x 0.75 + 15 x 0.95) / 45 = 0.8166.. -> 82
    assert value.value == 82
    assert score.compute(run) == value  # deterministic


def test_explain_score_documents_every_category_and_the_formula() -> None:
    out = CliRunner().invoke(main, ["explain", "score"]).output
    for category in score.CATEGORIES:
        assert f"{category.name:<16} {category.weight:>3}" in out
    assert sum(c.weight for c in score.CATEGORIES) == 100
    assert "0.25 x error findings" in out and "not measurable" in out


def test_badge_is_plain_svg() -> None:
    root = ET.fromstring(score.badge_svg(72))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["readiness", "72/100"]
    assert 'fill="#fe7d37"' in score.badge_svg(72) and "n/a" in score.badge_svg(None)
    assert "http" not in score.badge_svg(95).replace("http://www.w3.org/2000/svg", "")


def score_of(repo: Any, *args: str) -> dict[str, Any]:
    out = CliRunner().invoke(main, ["score", "--format", "json", "--root", str(repo.path), *args])
    assert out.exit_code == 0, out.output
    data: dict[str, Any] = json.loads(out.output)
    return data


def categories(data: dict[str, Any]) -> dict[str, int | None]:
    return {c["name"]: c["score"] for c in data["categories"]}


@pytest.fixture
def clean(make_repo: Any) -> Any:
    """A repository every measurable category scores 100 in; tests are not measured."""
    repo = make_repo()
    for path, text in CLEAN.items():
        repo.write(path, text)
    repo.commit("clean")
    repo.git("tag", "v1.0.0")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def change(repo: Any, files: dict[str, str]) -> None:
    for path, text in files.items():
        repo.write(path, text)
    repo.commit("change")


@pytest.mark.slow
def test_clean_repository_scores_100(clean: Any) -> None:
    data = score_of(clean)
    assert data["value"] == 100
    assert categories(data) == {
        "security": 100, "tests": None, "reliability": 100, "maintainability": 100, "delivery": 100,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("files", "category", "category_score", "total"),
    [
        # READY001: S110 + BLE001 = 2 errors and a debt of 2 -> 1 - 0.5 - 0.04 = 0.46,
        # READY006 1.0 (not a web service) -> 0.73; 100 x (75 - 15 x 0.27) / 75 = 94.6
        (
            {"p/io.py": "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"},
            "reliability", 73, 95,
        ),
        # READY003: one print, debt 1 -> 0.73, READY002 and READY008 1.0 -> 0.91;
        # 100 x (75 - 15 x 0.09) / 75 = 98.2
        ({"p/show.py": "print('debug')\n"}, "maintainability", 91, 98),
        # READY004: a library change without an Unreleased entry -> 0.75, READY005 and
        # READY007 1.0 -> 0.9167 (92); 100 x (75 - 15 x 0.0833) / 75 = 98.3
        ({"p/core.py": CORE + "\n\ndef triple(x):\n    return 3 * x\n"}, "delivery", 92, 98),
    ],
)  # fmt: skip
@pytest.mark.slow
def test_each_category_moves_the_score_by_a_known_amount(
    clean: Any, files: dict[str, str], category: str, category_score: int, total: int
) -> None:
    entry = "- change\n" if category != "delivery" else ""
    changelog = CHANGELOG.replace("## [Unreleased]\n", f"## [Unreleased]\n{entry}")
    change(clean, {**files, "CHANGELOG.md": changelog})
    data = score_of(clean)
    moved = {name: value for name, value in categories(data).items() if value not in (100, None)}
    assert moved == {category: category_score}
    assert data["value"] == total


@pytest.mark.slow
def test_debt_the_ratchet_allows_still_costs(make_repo: Any) -> None:
    repo = make_repo()
    for path, text in CLEAN.items():
        repo.write(path, text)
    for n in range(30):  # 30 prints already on main: allowed, but 30 x 0.02 caps at 0.5
        repo.write(f"p/m{n}.py", "print(1)\n")
    repo.commit("debt")
    repo.git("tag", "v1.0.0")
    data = score_of(repo)
    grades = next(c for c in data["categories"] if c["name"] == "maintainability")["grades"]
    assert grades == {"READY002": 1.0, "READY003": 0.5, "READY008": 1.0}
    assert data["value"] == 97  # 100 x (75 - 15 x (1 - 2.5 / 3)) / 75 = 96.7


@pytest.mark.slow
def test_security_moves_by_its_share(clean: Any) -> None:
    unpinned = "requests>=2\nrich\nattrs>1\nhttpx\n"  # 4 errors: PIN001 grade 0
    change(clean, {"requirements.txt": unpinned})
    data = score_of(clean)
    (security,) = [c for c in data["categories"] if c["name"] == "security"]
    measured = [g for g in security["grades"].values() if g is not None]
    assert security["grades"]["PIN001"] == 0.0 and measured.count(1.0) == len(measured) - 1
    expected = 100 * (1 - 1 / len(measured))
    assert security["score"] == round(expected)
    # The other categories stay at 100, so the total loses 30 x (1 - share) of 75.
    assert data["value"] == round(100 * (75 - 30 * (1 - expected / 100)) / 75)


@pytest.mark.slow
def test_tests_category_from_real_coverage(clean: Any) -> None:
    Path(clean.path, "drive.py").write_text("from p.core import double\ndouble(1)\n")
    python(clean.path, "-m", "coverage", "run", "--source=p", "drive.py")
    full = score_of(clean, "--coverage", ".coverage")
    assert categories(full)["tests"] == 100 and full["value"] == 100
    # Half the statements of p/ uncovered: COV001 fails (one error) -> tests 0.75 of 25.
    Path(clean.path, "p/more.py").write_text("def unused():\n    a = 1\n    return a\n")
    python(clean.path, "-m", "coverage", "run", "--source=p", "drive.py")
    partial = score_of(clean, "--coverage", ".coverage")
    grades = next(c for c in partial["categories"] if c["name"] == "tests")["grades"]
    assert grades["COV001"] == 0.75
    assert partial["value"] < 100


def test_summary_and_json_carry_the_score_when_ready_policies_ran() -> None:
    from gate.reporters import render

    without = result_of(("SEC001", [], None), ("PIN001", [Severity.ERROR], None))
    assert "Readiness score" not in render("summary", without)
    assert "score" not in json.loads(render("json", without))
    run = result_of(("SEC001", [], None), ("READY001", [Severity.ERROR, Severity.ERROR], None))
    summary = render("summary", run)
    # (30 x 1 + 15 x 0.5) / 45 = 0.8333 -> 83; reliability costs 100 x 15 x 0.5 / 45 = 16.7
    assert "### Readiness score: **83/100**" in summary
    assert "| reliability | 15 | 50% | 16.7 | — |" in summary
    data = json.loads(render("json", run))["score"]
    assert data["value"] == 83 and data["formula"] == score.FORMULA
    assert [c["weight"] for c in data["categories"]] == [c.weight for c in score.CATEGORIES]
