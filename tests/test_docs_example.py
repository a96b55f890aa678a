"""The "what a pull request author sees" example in docs/adopting.md is a real run's output.

A pull request that adds an untested function and a loose requirement is built as a real
git repository, measured by the real coverage.py and judged by the installed ``gate``;
its annotations and job summary must be what the docs show.
``GATE_UPDATE_README=1 python -m pytest tests/test_docs_example.py`` rewrites the example.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from coverage_project import PYTHON, clean_env, run

from tests.conftest import Repo

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "adopting.md"

BASE_CODE = """\
def greet(name):
    return "hello " + name
"""

ADDED_CODE = """

def parse(text):
    if not text:
        return None
    key, _, value = text.partition("=")
    key = key.strip()
    value = value.strip()
    return key, value
"""

DRIVER = 'from sample import greet, parse\n\ngreet("x")\nparse("")\n'


def render(make_repo: Callable[..., Repo]) -> str:
    repo = make_repo()
    repo.write("sample/__init__.py", BASE_CODE)
    repo.write("requirements-test.txt", "pytest==8.3.3\n")
    repo.write(".gitignore", ".coverage\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("sample/__init__.py", BASE_CODE + ADDED_CODE)
    repo.write("requirements-test.txt", "pytest>=9\n")
    repo.write("drive.py", DRIVER)
    repo.commit("add parse, loosen pytest")
    run(repo.path, "-m", "coverage", "run", "--source=sample", "drive.py")
    gate = Path(PYTHON).parent / "gate"
    args = "check --base main --select COV001 --select COV002 --select PIN001 --select SEC002"
    proc = subprocess.run(
        [str(gate), *args.split(), "--report", "github", "--report", "summary:summary.md"],
        cwd=repo.path,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::error")]
    summary = (repo.path / "summary.md").read_text(encoding="utf-8")
    # Abridged: the verdict, the policy table and the coverage sections, not the details.
    parts = summary.split("\n\n### ")
    kept = [parts[0], *(p for p in parts[1:] if p.startswith(("Coverage", "Uncovered")))]
    abridged = "\n\n### ".join(kept).rstrip() + "\n"
    return (
        "```text\n" + "\n".join(annotations) + "\n```\n\n"
        "and, on the run's page, the job summary (abridged):\n\n"
        "```markdown\n" + abridged + "```\n"
    )


@pytest.mark.slow
def test_author_example_is_a_real_run(make_repo: Callable[..., Repo]) -> None:
    wanted = render(make_repo)
    text = PAGE.read_text(encoding="utf-8")
    pattern = r"(<!-- author-example:start -->\n).*?(<!-- author-example:end -->)"
    if os.environ.get("GATE_UPDATE_README"):
        text = re.sub(pattern, lambda m: m.group(1) + wanted + m.group(2), text, flags=re.S)
        PAGE.write_text(text, encoding="utf-8")
    assert (
        "<!-- author-example:start -->\n" + wanted + "<!-- author-example:end -->" in text
    ), "docs/adopting.md example is stale: GATE_UPDATE_README=1 pytest tests/test_docs_example.py"
    assert "title=COV002 Changed lines not covered" in wanted and "PIN001" in wanted
