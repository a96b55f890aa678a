"""READY002: module and function sizes (gate/policies/ready/ready002_oversized.py)."""

from __future__ import annotations

import ast
from typing import Any

import pytest
from ready_support import branch, run

from gate.findings import Severity
from gate.policies.ready.ready002_oversized import function_sizes


def lines(count: int) -> str:
    return "".join(f"x{i} = {i}\n" for i in range(count))


def function(name: str, statements: int) -> str:
    body = "".join(f"    y{i} = {i}\n" for i in range(statements))
    return f"def {name}():\n{body}"


def test_statements_count_nested_blocks_and_nested_defs_once() -> None:
    code = (
        "class A:\n    def m(self):\n        if x:\n            a = 1\n        else:\n"
        "            b = 2\n        def inner():\n            c = 3\n            d = 4\n"
        "        try:\n            e = 5\n        except E:\n            f = 6\n"
    )
    sizes = function_sizes(ast.parse(code))
    # m: if, a, b, def inner, try, e, f -> 7; inner: c, d -> 2
    assert sizes == {"A.m": (2, 7), "A.m.inner": (7, 2)}


@pytest.mark.slow
def test_crossing_the_line_limit_is_an_error_growing_past_it_a_warning(repo: Any) -> None:
    settings = {"max_file_lines": 10}
    branch(
        repo,
        {"a.py": lines(11), "b.py": lines(13), "c.py": lines(11)},
        base={"a.py": lines(9), "b.py": lines(12), "c.py": lines(12)},
    )
    result = run(repo, "READY002", settings)
    found = {(f.location.path, f.severity) for f in result.findings if f.location}
    assert found == {("a.py", Severity.ERROR), ("b.py", Severity.WARNING)}  # c.py shrank
    (growing,) = [f for f in result.findings if f.location and f.location.path == "b.py"]
    assert growing.message == "module b.py has 13 lines, over the limit of 10 (lines: 12 -> 13)"
    assert result.metrics["oversized_files"] == 3
    assert result.metrics["largest_file_lines"] == 13


@pytest.mark.slow
def test_a_new_oversized_function_fails(repo: Any) -> None:
    settings = {"max_function_statements": 5}
    branch(
        repo,
        {"m.py": function("small", 5) + function("big", 6) + function("old", 9)},
        base={"m.py": function("small", 2) + function("old", 9)},
    )
    result = run(repo, "READY002", settings)
    assert [(f.message, f.severity) for f in result.findings] == [
        (
            "function big() has 6 statements, over the limit of 5 (statements: new, 6)",
            Severity.ERROR,
        )
    ]


@pytest.mark.slow
def test_budget_caps_oversized_modules(repo: Any) -> None:
    branch(repo, {}, base={"a.py": lines(12), "b.py": lines(12)})
    assert run(repo, "READY002", {"max_file_lines": 10}).findings == ()
    capped = run(repo, "READY002", {"max_file_lines": 10, "oversized_budget": 1})
    assert [f.message for f in capped.findings] == ["2 modules over 10 lines, over the budget of 1"]
