"""The one redactor: masks credentials in any text the gate prints, and shortens secret values.

Every string a report or an error line shows passes through :func:`clean_text` (reports via
:func:`redact_result`). It masks URL userinfo, private key blocks and what the secret
engine's provider rules recognise (fixed prefixes, checksums, named assignments), but not
the generic entropy rules: those would mask the commit SHAs, ``sha256:`` digests and
``--hash`` values that pin findings must show. The provider rules are loaded only when a
text could hold such a token, so runs with nothing to mask never pay for them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from gate.findings import Finding, Location, MetricValue, RunResult

if TYPE_CHECKING:
    from gate.secrets.scanner import Scanner

MAX_PREFIX = 4
MASK = "***"

# scheme://userinfo@ — pip, VCS (git+https://), docker://, any URL. The userinfo ends at
# the last "@" before the host, as URL parsers read it (a password may hold an "@").
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{0,30}://)[^\s/?#\"'`<>]{1,512}@")
# user:password@host without a scheme (docker and scp-style references); an image's
# ``name:tag@sha256:`` digest is not a credential.
_BARE_USERINFO = re.compile(
    r"(?<![^\s'\"`(\[<=])[A-Za-z0-9._~%!$&*+\-]{1,128}:[^\s/?#@'\"`<>]{1,256}@"
    r"(?![Ss][Hh][Aa]\d{1,3}:)(?=[A-Za-z0-9\[])"
)
# A private key block, or its beginning when the text was cut before the END line.
_PRIVATE_KEY = re.compile(
    r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
    r"(?:.*?-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----|.*)",
    re.DOTALL,
)
# What a provider or named token needs to be present (checked before loading the rules):
# a long run of token characters holding a digit or a capital (random text does; a
# hyphenated name like ``my-project-name`` does not), or a curl-style ``-u user:password``.
_TOKEN_RUN = re.compile(r"[A-Za-z0-9_\-+=.~]{16,}")
_TOKEN_SIGN = re.compile(r"[0-9A-Z]")
_CLI_USER = re.compile(r"(?<!\S)(?:-u|--user|--proxy-user)\s")
# Lone surrogates: undecodable bytes of a file name (surrogateescape) or broken text.
_SURROGATE = re.compile("[\ud800-\udfff]")
_KEPT_USERS = frozenset({"git"})  # ssh://git@host names no secret


def redact(value: str) -> str:
    """Return a short prefix of ``value`` plus its length, e.g. ``ghp_…(40 chars)``.

    The prefix is at most four characters and never more than a quarter of the value, so a
    short secret shows little or nothing of itself. Leading whitespace is not counted as a
    prefix because it tells the reader nothing.
    """
    length = len(value)
    shown = min(MAX_PREFIX, length // 4)
    prefix = value[:shown].strip()
    return f"{prefix}…({length} chars)"


def printable(text: str) -> str:
    """``text`` with lone surrogates shown as escapes, so it can be written as UTF-8.

    A file name that is not UTF-8 arrives with its bad bytes as U+DC80..U+DCFF; they are
    shown as ``\\xNN``, the byte itself.
    """
    if not _SURROGATE.search(text):
        return text

    def show(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return _SURROGATE.sub(show, text)


@lru_cache(maxsize=65536)
def clean_text(text: str) -> str:
    """``text`` safe to print: surrogates escaped, every credential it holds masked."""
    text = printable(text)
    if "PRIVATE KEY" in text:
        text = _PRIVATE_KEY.sub("[private key redacted]", text)
    if "@" in text:
        text = _USERINFO.sub(_mask_userinfo, text)
        text = _BARE_USERINFO.sub(MASK + "@", text)
    if _may_hold_token(text):
        text = _mask_tokens(text)
    return text


def _may_hold_token(text: str) -> bool:
    runs = (match.group() for match in _TOKEN_RUN.finditer(text))
    return any(_TOKEN_SIGN.search(run) for run in runs) or bool(_CLI_USER.search(text))


def _mask_userinfo(match: re.Match[str]) -> str:
    userinfo = match.group()[len(match.group("scheme")) : -1]
    return match.group() if userinfo in _KEPT_USERS else f"{match.group('scheme')}{MASK}@"


@cache
def _scanner() -> Scanner:
    # Imported here: the rules cost tens of milliseconds to build, paid only when needed.
    from gate.secrets.rules import GENERIC, all_rules
    from gate.secrets.scanner import Scanner

    return Scanner(tuple(rule for rule in all_rules() if rule.priority < GENERIC))


def _mask_tokens(text: str) -> str:
    matches = _scanner().scan(text.encode("utf-8"))
    if not matches:
        return text
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    pieces, done = [], 0
    for match in matches:
        begin = starts[match.line - 1] + match.column - 1
        end = starts[match.end_line - 1] + match.end_column  # end_column is inclusive
        if begin < done:
            continue
        pieces += [text[done:begin], match.redacted]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _clean_optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def _clean_value(value: MetricValue) -> MetricValue:
    return clean_text(value) if isinstance(value, str) else value


def _clean_mapping(values: Mapping[str, MetricValue]) -> dict[str, MetricValue]:
    return {clean_text(key): _clean_value(value) for key, value in values.items()}


def _clean_location(location: Location | None) -> Location | None:
    if location is None:
        return None
    return replace(
        location, path=clean_text(location.path), commit=_clean_optional(location.commit)
    )


def _clean_finding(finding: Finding) -> Finding:
    return replace(
        finding,
        message=clean_text(finding.message),
        title=clean_text(finding.title),
        fix=_clean_optional(finding.fix),
        help_url=clean_text(finding.help_url),
        location=_clean_location(finding.location),
        properties=_clean_mapping(finding.properties),
    )


def redact_result(result: RunResult) -> RunResult:
    """``result`` with every string a report shows passed through :func:`clean_text`."""
    if result.redacted:
        return result
    policies = tuple(
        replace(
            policy,
            title=clean_text(policy.title),
            findings=tuple(_clean_finding(finding) for finding in policy.findings),
            metrics=_clean_mapping(policy.metrics),
        )
        for policy in result.results
    )
    return replace(
        result,
        results=policies,
        root=clean_text(result.root),
        base=_clean_optional(result.base),
        head=_clean_optional(result.head),
        redacted=True,
    )
