"""The one redactor, and that scan results never carry a secret value."""

from __future__ import annotations

import pytest
from corpus_values import KINDS, Gen

from gate.secrets.catalog import get_scanner
from gate.secrets.redact import redact


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ghp_" + "a" * 36, "ghp_…(40 chars)"),
        ("Zq9vX2mK", "Zq…(8 chars)"),
        ("abc", "…(3 chars)"),
        ("", "…(0 chars)"),
    ],
)
def test_redact_shows_a_short_prefix_and_the_length(value: str, expected: str) -> None:
    assert redact(value) == expected


def test_prefix_is_at_most_four_characters_and_a_quarter_of_the_value() -> None:
    for length in range(1, 80):
        value = "".join(chr(65 + i % 26) for i in range(length))
        shown = redact(value).split("…")[0]
        assert len(shown) <= min(4, length // 4)
        assert value[min(4, length // 4) :] not in redact(value) or length < 8


def test_no_match_repr_or_str_contains_the_secret() -> None:
    gen = Gen(7)
    scanner = get_scanner("python")
    seen = 0
    for kind in KINDS:
        value = kind.make(gen)
        line = f'{kind.name} = "{value}"\n' if kind.mode != "token" else f"x {value} y\n"
        for match in scanner.scan(line.encode(), "app.env"):
            seen += 1
            shown = repr(match) + str(match) + match.redacted
            # No tail of the value, however short, leaks through a field.
            assert value not in shown
            assert value[-8:] not in shown
            if kind.mode != "embed":  # an embed value starts with non-secret text
                assert value[4:12] not in shown
    assert seen >= len(KINDS) - 5
