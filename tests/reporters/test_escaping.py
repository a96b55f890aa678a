"""Escaping for workflow commands and Markdown, checked against the rules and cmark-gfm."""

from __future__ import annotations

import random

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from gate.reporters.escaping import (
    cut,
    escape_data,
    escape_property,
    markdown_code,
    markdown_text,
    shorten,
    utf16_len,
)


def test_escape_data_encodes_percent_first() -> None:
    assert escape_data("100%\r\n") == "100%25%0D%0A"
    # A literal escape sequence in the input must survive, not be decoded later.
    assert escape_data("%0A") == "%250A"
    assert escape_data("a: b, c") == "a: b, c"


def test_escape_property_also_encodes_colon_and_comma() -> None:
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_property("%3A") == "%253A"


def test_utf16_len_counts_astral_characters_twice() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("🚀") == 2
    assert utf16_len("é🚀x") == 4


@pytest.mark.parametrize("measure", ["chars", "utf16", "utf8"])
def test_cut_never_splits_a_character(measure: str) -> None:
    text = "a🚀é" * 50
    for limit in range(0, 40):
        kept = cut(text, limit, measure=measure)
        assert text.startswith(kept)
        size = {"chars": len(kept), "utf16": utf16_len(kept), "utf8": len(kept.encode())}[measure]
        assert size <= limit
        # The next character would not fit (it is the longest prefix).
        if kept != text:
            longer = text[: len(kept) + 1]
            grown = {"chars": len, "utf16": utf16_len, "utf8": lambda s: len(s.encode())}[measure]
            assert grown(longer) > limit


def test_shorten_marks_the_cut_and_prefers_word_boundaries() -> None:
    assert shorten("short", 10) == "short"
    text = "word " * 100
    out = shorten(text, 50)
    assert len(out) <= 50 and out.endswith(" …") and "wor …" not in out


def _html(markdown: str) -> str:
    """cmark-gfm (GitHub's renderer) with raw HTML let through, so escaping must hold alone."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def test_markdown_text_renders_literally_in_github_markdown() -> None:
    nasty = "**b** _i_ <img src=x onerror=alert(1)> [l](https://x.invalid) `c` ~~s~~ $m$ a|b \\"
    html = _html(f"- {markdown_text(nasty)}")
    assert "<strong>" not in html and "<em>" not in html and "<del>" not in html
    assert "<img" not in html
    # Backtick pairs are code spans, as policies write commands; code spans are inert.
    assert html.count("<code>") == 1 and "<code>c</code>" in html
    html = html.replace("<code>c</code>", "`c`")
    # A bare URL stays a visible autolink (GFM); no link hides its target behind text.
    assert html.count("<a ") == 1 and '<a href="https://x.invalid">https://x.invalid</a>' in html
    html = html.replace('<a href="https://x.invalid">https://x.invalid</a>', "https://x.invalid")
    # The visible text is the input, character for character.
    visible = html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    visible = visible.replace("&quot;", '"')
    assert nasty in visible


def test_markdown_text_in_a_table_cell_keeps_the_row_intact() -> None:
    cell = markdown_text("a | b || c\nnext line")
    html = _html(f"| x | y |\n| --- | --- |\n| {cell} | z |\n")
    assert html.count("<td>") == 2
    assert "a | b || c<br>next line" in html
    assert "<td>z</td>" in html


@pytest.mark.parametrize(
    "text",
    ["src/a.py", "we|ird `name`.py", "``x``", " lead and trail ", "`", "a\nb", "tab\there"],
)
def test_markdown_code_shows_the_text_in_one_code_span(text: str) -> None:
    for in_table in (False, True):
        span = markdown_code(text, in_table=in_table)
        markdown = f"| {span} | z |\n| --- | --- |\n" if in_table else span
        html = _html(markdown)
        assert html.count("<code>") == 1
        inner = html.split("<code>")[1].split("</code>")[0]
        inner = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        inner = inner.replace("&quot;", '"')
        assert inner == text.replace("\n", "\\n")


def test_markdown_escapes_remove_control_characters() -> None:
    assert "\x1b" not in markdown_text("a\x1b[31mred")
    assert "\x00" not in markdown_code("a\x00b")


def test_markdown_text_turns_backtick_pairs_into_code_spans() -> None:
    html = _html(markdown_text("run `pip install -e .[test]` then `a|b` and a lone ` tick"))
    assert "<code>pip install -e .[test]</code>" in html and "<code>a|b</code>" in html
    assert "a lone ` tick" in html
    cell = markdown_text("`a|b` c|d", in_table=True)
    table = _html(f"| x | y |\n| --- | --- |\n| {cell} | z |\n")
    assert "<td><code>a|b</code> c|d</td>" in table and table.count("<td>") == 2


def test_random_strings_round_trip_through_markdown_text() -> None:
    rng = random.Random(20261121)
    alphabet = "ab |*_`[]()<>&~$\\#!-+.é🚀"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        html = _html(f"x {markdown_text(text)}")
        assert html.startswith("<p>x ") and html.endswith("</p>\n")
        visible = html[len("<p>x ") : -len("</p>\n")]
        visible = visible.replace("<code>", "`").replace("</code>", "`")
        for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
            visible = visible.replace(entity, char)
        assert visible == text.rstrip(" ") or visible == text.strip(" "), (text, html)


@pytest.mark.parametrize("escape", [escape_data, escape_property])
@pytest.mark.parametrize("text", ["##[warning]x", "a###[error]b", "####[group]", "x##[##[y"])
def test_no_legacy_command_survives_in_annotation_text(escape: object, text: str) -> None:
    """The runner finds the legacy ``##[cmd]`` form anywhere in a line: an annotation's own
    data and properties must not carry one, yet read the same."""
    escaped = escape(text)  # type: ignore[operator]
    assert "##[" not in escaped
    assert escaped.replace("\u200b", "") == text
