"""What every rule list shares: the Rule type, priorities, character classes and rule builders.

Every rule says which literal anchors (or which newline-free prefilter regex) must occur on
a line for it to possibly match there. Both engines use those to pick candidate lines; the
rule's own Python regex then confirms on the line, so the two engines agree by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from gate.secrets.checks import (
    char_classes,
    is_placeholder,
    is_templated,
    looks_random,
    shannon_entropy,
    token_body_ok,
)

# Validators see the matched value, the whole regex match and the file path.
Validator = Callable[[str, "re.Match[str]", str], bool]

# Characters that may not touch a token on either side (it would be part of a longer word).
_LEFT = r"(?<![A-Za-z0-9])"
_RIGHT = r"(?![A-Za-z0-9])"

# Character classes of token bodies, defined once for every rule list.
B62 = "[A-Za-z0-9]"
URLSAFE = r"[A-Za-z0-9_\-]"
B64URL = URLSAFE
HEX = "[0-9a-f]"
# A token ends where no URL-safe character follows.
BODY_END = r"(?![A-Za-z0-9_\-])"

# Rule priorities: on overlapping spans the lowest number wins.
PROVIDER = 10
STRUCTURED = 20
URL = 30
CONTEXT = 40
GENERIC = 90


@dataclass(frozen=True)
class Rule:
    """One kind of secret.

    ``pattern`` runs on one decoded line (or, when ``multiline``, on a window that starts at
    the candidate line); group ``secret`` (else the whole match) is the secret. ``anchors``
    are literals of which at least one occurs in every match (lower-case when
    ``ignore_case``); a rule may instead give ``prefilter``, newline-free regexes one of which
    every matching line contains (searched case-insensitively on lower-cased bytes). Each
    should start with a literal: Python's ``re`` then searches for it quickly. ``binary``
    rules also scan the printable runs of binary files.
    """

    id: str
    description: str
    pattern: re.Pattern[str]
    anchors: tuple[bytes, ...] = ()
    ignore_case: bool = False
    prefilter: tuple[bytes, ...] = ()
    validate: Validator | None = None
    priority: int = PROVIDER
    multiline: bool = False
    window: int = 64 * 1024  # bytes a multi-line match may span from its first line
    stop: bytes = b""  # a multi-line match ends at the first such marker (b"-----END")
    lines: int = 0  # when set, a multi-line match spans at most this many lines
    secret_groups: tuple[str, ...] = ("secret",)
    # Also run on the printable runs of binary files: only rules whose match stands on its
    # own there (a fixed prefix, a checksum, a key block), never name or entropy guesses.
    binary: bool = False

    def value_of(self, match: re.Match[str]) -> tuple[str, int, int]:
        """The secret text of a match and its span within the scanned text."""
        for group in self.secret_groups:
            if group in self.pattern.groupindex and match.group(group) is not None:
                return match.group(group), match.start(group), match.end(group)
        return match.group(0), match.start(), match.end()

    def accepts(self, match: re.Match[str], path: str) -> bool:
        value = self.value_of(match)[0]
        return self.validate(value, match, path) if self.validate else True


def body_after(prefix_len: int) -> Validator:
    """Validator: the part of the token after its fixed prefix is not a placeholder."""

    def check(value: str, match: re.Match[str], path: str) -> bool:
        return token_body_ok(value[prefix_len:])

    return check


def all_of(*validators: Validator) -> Validator:
    def check(value: str, match: re.Match[str], path: str) -> bool:
        return all(v(value, match, path) for v in validators)

    return check


def token_rule(
    rule_id: str,
    description: str,
    regex: str,
    anchors: tuple[str, ...],
    *,
    validate: Validator | None = None,
    prefix_len: int | None = None,
    priority: int = PROVIDER,
    left: str = _LEFT,
    right: str = _RIGHT,
    ignore_case: bool = False,
) -> Rule:
    """A rule for a token recognisable by its own shape (usually a fixed prefix).

    Unless ``validate`` is given, the part after the first anchor (``prefix_len``) must not
    be a placeholder such as ``xxxx`` or ``EXAMPLE``.
    """
    if validate is None:
        validate = body_after(len(anchors[0]) if prefix_len is None else prefix_len)
    body = regex if "(?P<secret>" in regex else f"(?P<secret>{regex})"
    return Rule(
        id=rule_id,
        description=description,
        pattern=re.compile(f"{left}{body}{right}"),
        anchors=tuple(a.encode() for a in anchors),
        ignore_case=ignore_case,
        validate=validate,
        priority=priority,
        binary=priority <= PROVIDER,  # a provider's fixed prefix is evidence even in a binary
    )


ASSIGN_OP = r"""["'\])]{0,2}[ \t]{0,4}(?::=|=>|==|=|:)"""
ASSIGN = ASSIGN_OP + r"[ \t]{0,4}"


def context_rule(
    rule_id: str,
    description: str,
    name: str,
    value: str,
    anchors: tuple[str, ...],
    *,
    validate: Validator | None = None,
) -> Rule:
    """A rule for a value recognised by the name it is assigned to (``TWILIO_AUTH_TOKEN=…``).

    ``name`` is a case-insensitive regex that must occur within the assigned name; anchors
    are lower-case literals, one of which the name contains.
    """
    regex = (
        rf"(?P<name>(?i:{name})[\w.\-]{{0,40}}){ASSIGN}"
        rf"""(?:[@"'`]|\\")?(?P<secret>{value})(?![A-Za-z0-9+/=_\-])"""
    )
    return Rule(
        id=rule_id,
        description=description,
        pattern=re.compile(regex),
        anchors=tuple(a.encode() for a in anchors),
        ignore_case=True,
        validate=validate if validate is not None else body_after(0),
        priority=CONTEXT,
    )


def random_body(prefix_len: int, min_length: int = 16) -> Validator:
    def check(value: str, match: re.Match[str], path: str) -> bool:
        body = value[prefix_len:]
        return token_body_ok(body) and looks_random(body, min_length)

    return check


_DEMO_ACCOUNTS = frozenset({("scott", "tiger")})


def password_ok(password: str, user: str) -> bool:
    """A password that is neither a template, a placeholder nor the user name."""
    if len(password) < 6 or password == user or is_templated(password):
        return False
    # Textbook demo accounts (Oracle's scott/tiger) fill database URL examples everywhere.
    if (user.lower(), password.lower()[:5]) in _DEMO_ACCOUNTS:
        return False
    if is_placeholder(password) or password.lower() in {"password1", "secret123", "pass123"}:
        return False
    if password.isalpha() and password.islower():
        return False
    return char_classes(password) >= 2 or shannon_entropy(password) >= 3.0
