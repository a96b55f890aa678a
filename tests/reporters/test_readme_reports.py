"""The README's reports section shows real output: its examples are lines of the goldens."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- reports:start -->\n(.*?)<!-- reports:end -->", text, re.S)
    assert match, "README has no reports section"
    return match.group(1)


def test_annotation_examples_are_real_output() -> None:
    golden = (ROOT / "tests" / "golden" / "github.txt").read_text(encoding="utf-8").splitlines()
    examples = [line for line in _section().splitlines() if line.startswith("::")]
    assert len(examples) >= 2
    assert all(line in golden for line in examples), examples


def test_summary_example_is_real_output() -> None:
    golden = (ROOT / "tests" / "golden" / "summary.md").read_text(encoding="utf-8").splitlines()
    quoted = [line[2:] for line in _section().splitlines() if line.startswith("> ")]
    assert len(quoted) >= 5
    assert all(line in golden for line in quoted), [q for q in quoted if q not in golden]


def test_every_report_name_is_documented() -> None:
    from gate.reporters import NAMES

    table = _section()
    assert all(f"| `{name}` |" in table for name in NAMES)
