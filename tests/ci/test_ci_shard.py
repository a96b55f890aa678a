"""gate/ci/shard.py: N shards run every test exactly once, deterministically and balanced."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.ci import shard
from gate.cli import main


def make_project(root: Path, sizes: dict[str, int]) -> None:
    for relpath, count in sizes.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "".join(f"def test_{i}():\n    assert {i} == {i}\n\n" for i in range(count))
        path.write_text(body, encoding="utf-8")


SIZES = {
    "tests/test_a.py": 7,
    "tests/test_b.py": 1,
    "tests/test_c.py": 3,
    "tests/unit/test_d.py": 5,
    "tests/unit/e_test.py": 2,
    "tests/unit/test_f.py": 4,
    "tests/integration/test_g.py": 6,
}


def collected(root: Path, files: list[str]) -> list[str]:
    """Test node IDs as pytest itself collects them (the reference for "every test")."""
    if not files:
        return []
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if "::" in line]


@pytest.mark.slow
def test_shards_partition_the_tests_pytest_collects(tmp_path: Path) -> None:
    make_project(tmp_path, SIZES)
    everything = collected(tmp_path, shard.discover(tmp_path))
    assert len(everything) == sum(SIZES.values())
    by_file: dict[str, list[str]] = {}
    for node in everything:
        by_file.setdefault(node.split("::")[0], []).append(node)
    for shards in (1, 2, 3, 5, 9):
        files = [shard.shard_files(tmp_path, shards, i) for i in range(1, shards + 1)]
        flat = [node for bucket in files for path in bucket for node in by_file[path]]
        assert sorted(flat) == sorted(everything)  # every test once: none lost, none twice
    # And pytest, given one shard's files, collects exactly that shard's tests.
    second = shard.shard_files(tmp_path, 3, 2)
    assert collected(tmp_path, second) == [node for path in second for node in by_file[path]]


def test_split_is_deterministic_and_independent_of_creation_order(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    make_project(first, SIZES)
    make_project(second, dict(reversed(list(SIZES.items()))))
    for shards in (2, 3, 4):
        one = [shard.shard_files(first, shards, i) for i in range(1, shards + 1)]
        again = [shard.shard_files(first, shards, i) for i in range(1, shards + 1)]
        two = [shard.shard_files(second, shards, i) for i in range(1, shards + 1)]
        assert one == again == two


def test_split_is_balanced_by_test_count(tmp_path: Path) -> None:
    make_project(tmp_path, SIZES)
    weights = {path: shard.weight(tmp_path, path) for path in shard.discover(tmp_path)}
    assert weights["tests/test_a.py"] == 7
    for shards in (2, 3):
        loads = [sum(weights[p] for p in bucket) for bucket in shard.partition(weights, shards)]
        # Greedy largest-first keeps the spread within the heaviest single file.
        assert max(loads) - min(loads) <= max(weights.values())
    assert [sum(weights[p] for p in b) for b in shard.partition(weights, 2)] == [14, 14]


def test_more_shards_than_files_leaves_extra_shards_empty(tmp_path: Path) -> None:
    make_project(tmp_path, {"tests/test_only.py": 2})
    assert shard.shard_files(tmp_path, 3, 1) == ["tests/test_only.py"]
    assert shard.shard_files(tmp_path, 3, 2) == []


def test_discovery_follows_pytest_config_and_skips_environments(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        {
            "checks/check_x.py": 1,
            "checks/test_ignored.py": 1,
            "checks/.venv/check_hidden.py": 1,
            "checks/venv/check_env.py": 1,
            "other/check_outside.py": 1,
        },
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\ntestpaths = ["checks"]\npython_files = ["check_*.py"]\n',
        encoding="utf-8",
    )
    assert shard.discover(tmp_path) == ["checks/check_x.py"]
    assert shard.discover(tmp_path, ["other"]) == ["other/check_outside.py"]


def test_pytest_ini_wins_over_pyproject(tmp_path: Path) -> None:
    make_project(tmp_path, {"a/test_one.py": 1, "b/test_two.py": 1})
    (tmp_path / "pytest.ini").write_text("[pytest]\ntestpaths = b\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\ntestpaths = ["a"]\n', encoding="utf-8"
    )
    assert shard.discover(tmp_path) == ["b/test_two.py"]


def test_cli_prints_a_shard_and_rejects_a_bad_index(tmp_path: Path) -> None:
    make_project(tmp_path, SIZES)
    runner = CliRunner()
    result = runner.invoke(
        main, ["ci", "shard", "--shards", "2", "--index", "1", "--root", str(tmp_path)]
    )
    assert result.exit_code == 0
    assert result.output.splitlines() == shard.shard_files(tmp_path, 2, 1)
    bad = runner.invoke(
        main, ["ci", "shard", "--shards", "2", "--index", "3", "--root", str(tmp_path)]
    )
    assert bad.exit_code == 2
    assert "outside 1..2" in bad.output
