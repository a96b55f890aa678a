"""Escaping shared by the reporters: workflow-command data and properties, Markdown, lengths."""

from __future__ import annotations

import re

_ZERO_WIDTH = "\u200b"  # not whitespace to the runner, invisible to readers

# Workflow commands (actions/toolkit command.ts; the runner's ActionCommand.cs mirrors it).
# "%" must be encoded first, or the "%" of the other escapes would be encoded again. The
# legacy "##[" form has no escape of its own: a zero-width space breaks it up, so no part
# of an annotation can read as a second command whatever order the runner parses in.
_LEGACY = ("##[", "#" + _ZERO_WIDTH + "#[")
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = (*_DATA_ESCAPES, (":", "%3A"), (",", "%2C"), _LEGACY)


def escape_data(text: str) -> str:
    """Escape a workflow command's data (the message after the second ``::``)."""
    for token, replacement in (*_DATA_ESCAPES, _LEGACY):
        text = text.replace(token, replacement)
    return text


def escape_property(text: str) -> str:
    """Escape a workflow command property value (``file=``, ``title=``)."""
    for token, replacement in _PROPERTY_ESCAPES:
        text = text.replace(token, replacement)
    return text


# Lines as the runner reads them (.NET ReadLine: "\r", "\n" or "\r\n" ends a line).
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
# The runner parses "::cmd::" after leading whitespace, and "##[cmd]" anywhere in a line.
_COMMAND_AT_START = re.compile(r"^(\s*):(?=:)")


def neutralize_commands(text: str) -> str:
    """``text`` with no line the runner could parse as a workflow command.

    A zero-width space goes between the colons of a leading ``::`` and into every ``##[``;
    readers see the same text. For reports other than the gate's own annotations.
    """
    if "::" not in text and "##[" not in text:
        return text
    parts = _LINE_BREAK.split(text)
    for index in range(0, len(parts), 2):
        line = _COMMAND_AT_START.sub(lambda m: m.group(1) + ":" + _ZERO_WIDTH, parts[index])
        parts[index] = line.replace(*_LEGACY)
    return "".join(parts)


def neutralize_json(text: str) -> str:
    """Serialised JSON with no ``##[`` in it, losslessly: the ``#`` becomes ``\\u0023``.

    JSON text has no raw line breaks inside strings, so no line of it starts with ``::``;
    ``##[`` can only occur inside a string, where the escape decodes to the same ``#``.
    """
    return text.replace("##[", "#\\u0023[")


def neutralize_report(name: str, text: str) -> str:
    """A rendered report made safe for the step log (``github`` is the gate's own commands)."""
    if name == "github":
        return text
    return neutralize_json(text) if name in ("json", "sarif") else neutralize_commands(text)


def utf16_len(text: str) -> int:
    """Length as the runner (C#) counts it: UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def cut(text: str, limit: int, *, measure: str = "chars") -> str:
    """The longest prefix of ``text`` whose size is at most ``limit``.

    ``measure`` is ``chars`` (code points), ``utf16`` (code units) or ``utf8`` (bytes); a
    character is never split.
    """
    if limit <= 0:
        return ""
    if measure == "chars":
        return text[:limit]
    size = 0
    for index, char in enumerate(text):
        if measure == "utf16":
            step = 2 if ord(char) > 0xFFFF else 1
        else:
            step = len(char.encode("utf-8", "surrogatepass"))
        if size + step > limit:
            return text[:index]
        size += step
    return text


def shorten(text: str, limit: int, marker: str = " …") -> str:
    """``text`` cut to at most ``limit`` characters, ending with ``marker`` when cut."""
    if len(text) <= limit:
        return text
    kept = text[: max(0, limit - len(marker))]
    # Prefer ending at a word boundary when one is near the end.
    space = kept.rfind(" ")
    if space > len(kept) * 4 // 5:
        kept = kept[:space]
    return kept.rstrip() + marker


# Markdown (GitHub-flavoured). Text from findings is data: it must not become links,
# images, HTML, emphasis, math or table cell separators.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|$])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_CODE = re.compile(r"`([^`\r\n]+)`")


def markdown_text(text: str, *, in_table: bool = False) -> str:
    """Inline Markdown for untrusted text; safe in paragraphs, list items and table cells.

    Text between a pair of backticks on one line becomes a code span (inert: no links or
    HTML inside one), as policies write commands; everything else is shown literally.
    """
    parts = _CODE.split(text)
    return "".join(
        markdown_code(part, in_table=in_table) if index % 2 else _literal(part)
        for index, part in enumerate(parts)
    )


def _literal(text: str) -> str:
    text = _CONTROL.sub("\ufffd", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "<br>")


def markdown_code(text: str, *, in_table: bool = False) -> str:
    """A code span showing ``text`` literally (paths, refs), whatever backticks it holds."""
    text = _CONTROL.sub("\ufffd", text)
    # Code spans turn line breaks into spaces; show them instead.
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    if in_table:
        # GFM splits table cells on "|" before parsing code spans; "\|" keeps it in the cell.
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = (
        text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" "))
    )
    if pad:
        text = f" {text} "
    return f"{fence}{text}{fence}"
