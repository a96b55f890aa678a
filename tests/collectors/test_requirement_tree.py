"""Following -r/-c includes (gate/collectors/requirement_tree.py)."""

from __future__ import annotations

from pathlib import Path

from gate import config
from gate.collectors.requirement_tree import walk
from gate.context import CheckOptions, Context


def tree_of(root: Path, files: dict[str, str], start: str):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    ctx = Context(root, config.defaults(), CheckOptions(env={}))
    return walk(ctx, start)


def test_diamond_includes_read_each_file_once(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {
            "r.txt": "-r a/x.txt\n-r b.txt\n",
            "a/x.txt": "-r ../b.txt\n-c ../c.txt\n",
            "b.txt": "six==1\n",
            "c.txt": "idna==3\n",
        },
        "r.txt",
    )
    assert [f.path for f in tree.files] == ["r.txt", "a/x.txt", "b.txt", "c.txt"]
    assert tree.constraint_only == {"c.txt"}
    assert tree.problems == []


def test_cycle_missing_remote_and_outside(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path / "repo",
        {
            "r.txt": "-r s.txt\n-r gone.txt\n-r https://example.invalid/r.txt\n-r ../../etc/x\n",
            "s.txt": "-r r.txt\n",
        },
        "r.txt",
    )
    found = [(p.path, p.line, p.message.split(":")[0]) for p in tree.problems]
    assert found == [
        ("s.txt", 1, "include cycle"),
        ("r.txt", 2, "-r gone.txt"),
        ("r.txt", 3, "-r https"),
        ("r.txt", 4, "-r ../../etc/x is outside the repository"),
    ]
