"""`uses:` references with lines and comments (gate/collectors/workflows.py).

Named test_workflow_uses.py because tests/test_workflows.py (this repository's own workflows)
already uses test_workflows.py, and pytest needs unique basenames without __init__.py.
"""

from __future__ import annotations

import pytest

from gate.collectors import workflows
from gate.collectors.structured import MalformedFile


def test_job_step_and_composite_references() -> None:
    text = (
        "on: push\n"
        "jobs:\n"
        "  call:\n"
        "    uses: o/r/.github/workflows/w.yml@v1  # reusable\n"
        "  build:\n"
        "    steps:\n"
        "      - run: echo\n"
        "      - name: checkout\n"
        '        uses: "actions/checkout@v4"   # v4.2.0\n'
        "runs:\n"
        "  steps:\n"
        "    - uses: ./local\n"
    )
    refs = workflows.parse(text, "w.yml")
    assert [(r.line, r.value, r.comment, r.where) for r in refs] == [
        (4, "o/r/.github/workflows/w.yml@v1", "reusable", "jobs.call"),
        (9, "actions/checkout@v4", "v4.2.0", "jobs.build.steps[1]"),
        (12, "./local", None, "runs.steps[0]"),
    ]
    assert refs[0].is_reusable_workflow and not refs[1].is_reusable_workflow


def test_empty_file_and_wrong_shapes() -> None:
    assert workflows.parse("", "w.yml") == []
    with pytest.raises(MalformedFile, match="top level"):
        workflows.parse("- a\n- b\n", "w.yml")
    with pytest.raises(MalformedFile) as error:
        workflows.parse("jobs:\n  a:\n    uses: [x]\n", "w.yml")
    assert error.value.line == 3
