"""JavaScript/TypeScript debug output found with tree-sitter grammars (parsed, not grepped)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gate.errors import MissingInput

INSTALL_HINT = (
    "pip install 'policy-gate[ready]' (or tree-sitter tree-sitter-javascript "
    "tree-sitter-typescript)"
)
CONSOLE_METHODS = frozenset({"log", "debug", "trace", "dir", "dirxml", "table", "info"})


@dataclass(frozen=True)
class DebugCall:
    """A ``console.log(...)``-style call or a ``debugger`` statement."""

    kind: str  # "console.log", "debugger", ...
    line: int
    column: int


@lru_cache(maxsize=4)
def _parser(grammar: str) -> Any:
    """A tree-sitter parser for ``javascript``, ``typescript`` or ``tsx`` (loaded once)."""
    try:
        tree_sitter: Any = importlib.import_module("tree_sitter")
        if grammar == "javascript":
            language = importlib.import_module("tree_sitter_javascript").language()
        else:
            module: Any = importlib.import_module("tree_sitter_typescript")
            language = getattr(module, f"language_{grammar}")()
    except ImportError:
        raise MissingInput(
            "tree-sitter is not installed, which READY008 needs to parse JavaScript; "
            + INSTALL_HINT
        ) from None
    return tree_sitter.Parser(tree_sitter.Language(language))


def grammar_for(path: str) -> str:
    if path.endswith(".tsx"):
        return "tsx"
    if path.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    return "javascript"  # its grammar covers JSX too


def debug_calls(path: str, source: bytes) -> list[DebugCall]:
    """Every debug call or debugger statement in the file, in source order."""
    tree = _parser(grammar_for(path)).parse(source)
    found = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "debugger_statement":
            found.append(_call("debugger", node))
        elif kind == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and function.type == "member_expression":
                owner = function.child_by_field_name("object")
                method = function.child_by_field_name("property")
                if (
                    owner is not None
                    and method is not None
                    and owner.text == b"console"
                    and method.text.decode() in CONSOLE_METHODS
                ):
                    found.append(_call(f"console.{method.text.decode()}", node))
        stack.extend(reversed(node.children))
    return sorted(found, key=lambda c: (c.line, c.column))


def _call(kind: str, node: Any) -> DebugCall:
    row, column = node.start_point
    return DebugCall(kind, row + 1, column + 1)
