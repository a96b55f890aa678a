"""Inline ``gate: allow`` pragmas."""

from __future__ import annotations

import pytest

from gate.secrets.pragmas import allowed_ids, allows, is_allowed


@pytest.mark.parametrize(
    ("line", "ids"),
    [
        ('token = "..."  # gate: allow SEC001 test fixture', {"SEC001"}),
        ("# gate: allow SEC001, SEC004 both reviewed", {"SEC001", "SEC004"}),
        ("// gate:allow SEC001 SEC002", {"SEC001", "SEC002"}),
        ("# gate: allow SEC", {"SEC"}),
        ("# gate: allow sec001", set()),  # IDs are upper case; lower case reads as a reason
        ("# gate: allow", set()),
        ("# allow SEC001", set()),
        ("# gate: allow SEC001 sec team approved", {"SEC001"}),
    ],
)
def test_allowed_ids(line: str, ids: set[str]) -> None:
    assert allowed_ids(line) == ids


def test_family_prefix_and_shared_content_views() -> None:
    assert allows(frozenset({"SEC"}), "SEC004")
    assert allows(frozenset({"SEC001"}), "SEC002")  # one detection, three views
    assert allows(frozenset({"SEC003"}), "SEC001")
    assert not allows(frozenset({"SEC001"}), "SEC004")
    assert not allows(frozenset({"SEC004"}), "SEC001")
    assert not allows(frozenset({"PIN001"}), "SEC001")


def test_pragma_on_the_line_or_the_line_above_but_not_two_above() -> None:
    lines = {1: "# gate: allow SEC001", 2: "", 3: "key = 1", 4: "# gate: allow SEC001", 5: "k = 2"}

    def line(n: int) -> str | None:
        return lines.get(n)

    assert is_allowed(line, 5, 5, "SEC001")  # line above
    assert is_allowed(line, 4, 4, "SEC001")  # same line
    assert not is_allowed(line, 3, 3, "SEC001")  # two lines below the pragma
    assert is_allowed(line, 2, 3, "SEC001")  # a multi-line match starting below the pragma
