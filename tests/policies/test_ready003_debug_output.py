"""READY003: debug output in library code (gate/policies/ready/ready003_debug_output.py)."""

from __future__ import annotations

from typing import Any

import pytest
from ready_support import branch, run


@pytest.mark.slow
def test_new_prints_and_breakpoints_in_library_code_fail(repo: Any) -> None:
    base = "def f():\n    print('old')\n"
    head = (
        base + "\ndef g():\n    breakpoint()\n    import pdb; pdb.set_trace()\n    print('new')\n"
    )
    branch(
        repo,
        {
            "pkg/mod.py": head,
            "tests/test_mod.py": "print('fine')\n",
            "pkg/__main__.py": "print(1)\n",
        },
        base={"pkg/mod.py": base},
    )
    result = run(repo, "READY003")
    found = sorted(
        (f.location.start_line, f.properties["rule"]) for f in result.findings if f.location
    )
    assert found == [(5, "T100"), (6, "T100"), (6, "T100"), (7, "T201")]  # import pdb; set_trace
    assert result.metrics["debug_statements"] == 5  # the old print counts, exempt files do not
    assert result.metrics["added"] == 4
    assert len({f.fingerprint for f in result.findings}) == 4


@pytest.mark.slow
def test_exempt_globs_come_from_the_config(repo: Any) -> None:
    branch(repo, {"tools/gen.py": "print(1)\n", "lib/x.py": "print(2)\n"})
    assert [f.location.path for f in run(repo, "READY003").findings if f.location] == ["lib/x.py"]
    only_lib = run(repo, "READY003", {"not_library": ["lib/*"]})
    assert [f.location.path for f in only_lib.findings if f.location] == ["tools/gen.py"]


@pytest.mark.slow
def test_an_added_noqa_needs_approval(repo: Any) -> None:
    branch(repo, {"lib/x.py": "print(2)  # noqa: T201\n"})
    (finding,) = run(repo, "READY003").findings
    assert finding.properties["needs_approval"] is True
