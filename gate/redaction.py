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
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from gate.findings import Finding, Location, MetricValue, RunResult

if TYPE_CHECKING:
    from gate.secrets.scanner import Scanner

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
    return clean_texts([text])[0]


def clean_texts(texts: Sequence[str]) -> list[str]:
    """:func:`clean_text` of each text; the token rules run once over all of them."""
    prepared = [_mask_shapes(text) for text in texts]
    suspects = [index for index, text in enumerate(prepared) if _may_hold_token(text)]
    if suspects:
        masked = _mask_tokens([prepared[index] for index in suspects])
        for index, text in zip(suspects, masked, strict=True):
            prepared[index] = text
    return prepared


def _mask_shapes(text: str) -> str:
    """Surrogates escaped; private key blocks and URL userinfo masked (no rules needed)."""
    text = printable(text)
    if "PRIVATE KEY" in text:
        text = _PRIVATE_KEY.sub("[private key redacted]", text)
    if "@" in text:
        text = _USERINFO.sub(_mask_userinfo, text)
        text = _BARE_USERINFO.sub(MASK + "@", text)
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
    from gate.secrets.catalog import all_rules
    from gate.secrets.rules.common import GENERIC
    from gate.secrets.scanner import Scanner

    return Scanner(tuple(rule for rule in all_rules() if rule.priority < GENERIC))


def _mask_tokens(texts: list[str]) -> list[str]:
    """Every text with the token rules' matches replaced by their redacted form.

    The texts are scanned as one (lines joined by a newline): one pass of the prefilter
    instead of one per text. A match that runs over a joint is masked in both texts.
    """
    joined = "\n".join(texts)
    matches = _scanner().scan(joined.encode("utf-8"))
    if not matches:
        return texts
    line_starts = [0] + [match.end() for match in re.finditer("\n", joined)]
    text_starts, offset = [], 0
    for text in texts:
        text_starts.append(offset)
        offset += len(text) + 1
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for match in matches:
        begin = line_starts[match.line - 1] + match.column - 1
        end = line_starts[match.end_line - 1] + match.end_column  # end_column is inclusive
        first = bisect_right(text_starts, begin) - 1
        last = bisect_right(text_starts, max(begin, end - 1)) - 1
        for index in range(first, last + 1):
            base = text_starts[index]
            local = (max(begin, base) - base, min(end, base + len(texts[index])) - base)
            spans.setdefault(index, []).append((*local, match.redacted))
    out = list(texts)
    for index, found in spans.items():
        text, pieces, done = texts[index], [], 0
        for begin, end, shown in sorted(found):
            if begin < done:
                continue
            pieces += [text[done:begin], shown]
            done = end
        pieces.append(text[done:])
        out[index] = "".join(pieces)
    return out


def _finding_strings(found: Finding) -> Iterator[str]:
    yield from (found.message, found.title, found.help_url)
    if found.fix is not None:
        yield found.fix
    if found.location is not None:
        yield found.location.path
        if found.location.commit is not None:
            yield found.location.commit
    for key, value in found.properties.items():
        yield key
        if isinstance(value, str):
            yield value


def _strings_of(result: RunResult) -> set[str]:
    """Every string of ``result`` a report could show."""
    found = {result.root, *(text for text in (result.base, result.head) if text is not None)}
    for policy in result.results:
        found.add(policy.title)
        found.update(key for key in policy.metrics)
        found.update(value for value in policy.metrics.values() if isinstance(value, str))
        for finding in policy.findings:
            found.update(_finding_strings(finding))
    return found


def _rebuild(result: RunResult, clean: Callable[[str], str]) -> RunResult:
    def optional(text: str | None) -> str | None:
        return None if text is None else clean(text)

    def mapping(values: Mapping[str, MetricValue]) -> dict[str, MetricValue]:
        return {
            clean(key): clean(value) if isinstance(value, str) else value
            for key, value in values.items()
        }

    def location(where: Location | None) -> Location | None:
        if where is None:
            return None
        return replace(where, path=clean(where.path), commit=optional(where.commit))

    def finding(found: Finding) -> Finding:
        if all(clean(text) is text for text in _finding_strings(found)):
            return found  # the common case: nothing to mask, no copy
        return replace(
            found,
            message=clean(found.message),
            title=clean(found.title),
            fix=optional(found.fix),
            help_url=clean(found.help_url),
            location=location(found.location),
            properties=mapping(found.properties),
        )

    policies = tuple(
        replace(
            policy,
            title=clean(policy.title),
            findings=tuple(finding(found) for found in policy.findings),
            metrics=mapping(policy.metrics),
        )
        for policy in result.results
    )
    return replace(
        result,
        results=policies,
        root=clean(result.root),
        base=optional(result.base),
        base_sha=optional(result.base_sha),
        head=optional(result.head),
        redacted=True,
    )


def redact_result(result: RunResult, own: Collection[str] = ()) -> RunResult:
    """``result`` with every string a report shows passed through :func:`clean_text`.

    ``own`` are texts the gate itself wrote (its policies' documentation URLs): a string
    equal to one of them holds nothing to mask, and skipping them spares building the
    token rules when nothing else could hold a token (the URLs' "cov002" looks like one).
    """
    if result.redacted:
        return result
    strings = sorted(_strings_of(result).difference(own))
    changed = {
        text: clean
        for text, clean in zip(strings, clean_texts(strings), strict=True)
        if clean != text
    }
    if not changed:
        return replace(result, redacted=True)
    return _rebuild(result, lambda text: changed.get(text, text))
