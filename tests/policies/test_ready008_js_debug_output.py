"""READY008: console.log/debugger in JavaScript (policies/ready/ready008_js_debug_output.py)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from ready_support import branch, run

from gate.policies.ready import javascript as ready_javascript
from gate.policies.ready.javascript import debug_calls

BASE = "export function f(x) {\n  console.log('old', x);\n  return x;\n}\n"


def test_parsed_not_grepped() -> None:
    source = (
        b"// console.log('in a comment')\n"
        b"const s = \"console.log('in a string')\";\n"
        b"console.warn('kept'); console.error('kept');\n"
        b"console.log(s); debugger;\n"
        b"const el = <div onClick={() => console.debug(1)} />;\n"
    )
    calls = debug_calls("app.jsx", source)
    assert [(c.kind, c.line) for c in calls] == [
        ("console.log", 4),
        ("debugger", 4),
        ("console.debug", 5),
    ]
    typed = b"function g(a: number): void {\n  console.table([a]);\n}\n"
    assert [(c.kind, c.line) for c in debug_calls("g.ts", typed)] == [("console.table", 2)]
    tsx = b"const C = (p: {n: number}) => { debugger; return <b>{p.n}</b>; };\n"
    assert [c.kind for c in debug_calls("c.tsx", tsx)] == ["debugger"]


@pytest.mark.slow
def test_new_calls_fail_existing_and_exempt_ones_do_not(repo: Any) -> None:
    head = BASE + "\nexport function g() {\n  debugger;\n  console.log('new');\n}\n"
    branch(
        repo,
        {"web/src/app.js": head, "web/src/app.test.js": "console.log(1)\n",
         "web/dist/bundle.min.js": "console.log(2)\n"},
        base={"web/src/app.js": BASE},
    )  # fmt: skip
    result = run(repo, "READY008")
    assert [(f.location.start_line, f.message) for f in result.findings if f.location] == [
        (7, "debugger left in web/src/app.js"),
        (8, "console.log left in web/src/app.js"),
    ]
    assert result.metrics["debug_statements"] == 3 and result.metrics["js_files"] == 1


@pytest.mark.slow
def test_missing_tree_sitter_fails_closed(repo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    branch(repo, {"a.js": "console.log(1)\n"})
    ready_javascript._parser.cache_clear()
    monkeypatch.setitem(sys.modules, "tree_sitter", None)  # what an absent package looks like
    try:
        result = run(repo, "READY008")
    finally:
        ready_javascript._parser.cache_clear()
    assert result.metrics["status"] == "missing-input"
    assert "policy-gate[ready]" in result.findings[0].message


@pytest.mark.slow
def test_no_javascript_needs_no_parser(repo: Any) -> None:
    branch(repo, {"a.py": "x = 1\n"})
    result = run(repo, "READY008")
    assert result.findings == () and result.metrics["js_files"] == 0
