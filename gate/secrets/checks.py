"""Value checks telling real credentials from look-alikes: checksums, randomness, templates."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import string
import zlib
from collections import Counter

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# Words that mark a value as a stand-in rather than a credential.
_PLACEHOLDER_WORDS = (
    "example",
    "sample",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace",
    "dummy",
    "your",
    "redacted",
    "insert",
    "fixme",
    "todo",
    "notreal",
    "not_real",
    "not-a-real",
    "fake",
    "mock",
)
# The key printed throughout Stripe's API reference, and jwt.io's sample token signature
# (both public, not credentials).
_DOC_EXAMPLE = "4eC39HqLyjWDarjtT1zdp7dc"
_JWT_IO_SIGNATURE = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
# Leetspeak spellings of placeholder words (P@ssw0rd, s3cr3t) read as the word itself.
_LEET = str.maketrans("@4301!$57", "aaeoiisst")
_WEAK = re.compile(
    r"(?:my)?(?:password|passwd|pass|secret|changeme|admin|letmein|welcome|qwerty|test|default)"
)
_WEAK_SUFFIX = re.compile(r"[\d!?.#*_\-]*$")
_PLACEHOLDER_EXACT = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "secret",
        "token",
        "apikey",
        "api_key",
        "null",
        "none",
        "nil",
        "undefined",
        "true",
        "false",
        "test",
        "testing",
        "admin",
        "root",
        "guest",
        "default",
        "qwerty",
        "letmein",
        "postgres",
        "mysql",
        "redis",
        "user",
        "username",
        "pwd",
        "string",
        "empty",
        "required",
        "optional",
        "hunter2",
    }
)
# Template and reference syntaxes: the value is looked up elsewhere, so it is not a leak.
_TEMPLATE = re.compile(
    r"\$\{|\$\(|\{\{|\}\}|%\(|%[sd]\b|<[^<>]*>|^\$[A-Za-z_]|\{[A-Za-z_][^{}\s]*\}"
    r"|os\.environ|getenv|process\.env|ENV\[|secrets\.|vault:|!vault|ref\+|\(\)"
)
# "A" runs are zero bytes in base64 payloads (PyPI macaroons, STS tokens), not masks.
_REPEAT = re.compile(r"([^A=])\1{5,}")
_MASK = re.compile(r"[xX]{4,}|\*{3,}|#{4,}|\.{3,}|…|0{8,}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_VERSION = re.compile(r"v?\d+(?:\.\d+){1,3}(?:[-+.~]?[0-9A-Za-z.]+)?")
_HASH_PREFIX = re.compile(
    r"(?i)^(?:sha(?:1|224|256|384|512)|md5|blake2b?|sha3-\d+)[:=-]|^\$(?:2[aby]|argon2\w*|[156])\$"
    r"|^pbkdf2_"
)
_WORD_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value`` by its own character frequencies."""
    if not value:
        return 0.0
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in Counter(value).values())


def char_classes(value: str) -> int:
    """How many of lower, upper, digit and other characters ``value`` uses."""
    lower = upper = digit = other = 0
    for ch in value:
        if ch.islower():
            lower = 1
        elif ch.isupper():
            upper = 1
        elif ch.isdigit():
            digit = 1
        else:
            other = 1
    return lower + upper + digit + other


_ALPHABETS = (string.digits, string.ascii_lowercase)
_SEQUENCES = tuple(a[i : i + 6] for a in _ALPHABETS for i in range(len(a) - 5))


def _has_sequence(value: str) -> bool:
    """True when ``value`` holds six consecutive ascending characters (abcdef, 123456)."""
    lowered = value.lower()
    return any(run in lowered for run in _SEQUENCES)


def is_templated(value: str) -> bool:
    """A variable reference or template expression rather than a literal value."""
    return bool(_TEMPLATE.search(value))


def is_placeholder(value: str) -> bool:
    """A stand-in such as ``xxxx``, ``changeme``, ``your_api_key_here`` or ``AKIA…EXAMPLE``."""
    lowered = value.lower()
    if lowered in _PLACEHOLDER_EXACT or "EXAMPLE" in value:
        return True
    if _WEAK.fullmatch(_WEAK_SUFFIX.sub("", lowered).translate(_LEET)):
        return True
    if any(word in lowered for word in _PLACEHOLDER_WORDS) or _DOC_EXAMPLE in value:
        return True
    return bool(_MASK.search(value) or _REPEAT.search(value) or _has_sequence(value))


def token_body_ok(body: str) -> bool:
    """The random part of a prefixed token is not a mask, a sequence or an example."""
    return not is_placeholder(body) and not is_templated(body)


def is_word_like(value: str) -> bool:
    """Identifiers, paths and prose (``get_api_token``, ``fooBar``, ``a/b/c.py``): not random."""
    pieces = _WORD_PIECE.findall(value)
    if not pieces:
        return True
    numbers = [p for p in pieces if p.isdigit()]
    words = [p for p in pieces if not p.isdigit()]
    # Random strings switch between letters and digits often and produce one-letter pieces
    # (``aB3x``); identifiers are made of a few pronounceable words and a version number.
    if len(numbers) > 2:
        return False
    if sum(len(p) == 1 for p in words) > 1:
        return False
    if len(words) >= 4 and sum(map(len, words)) / len(words) < 3.5:
        return False
    if sum(len(p) >= 3 and _vowel_ratio(p) == 0 for p in words) > 1:
        return False
    return all(len(p) <= 10 or _vowel_ratio(p) >= 0.25 for p in words)


def _vowel_ratio(word: str) -> float:
    return sum(ch in "aeiouyAEIOUY" for ch in word) / len(word)


def looks_random(value: str, min_length: int = 8) -> bool:
    """Whether a value assigned to a secret-like name plausibly is a real credential."""
    length = len(value)
    if length < min_length or length > 1000 or any(ch.isspace() for ch in value):
        return False
    if is_placeholder(value) or is_templated(value) or is_word_like(value):
        return False
    # URLs, paths and resource names (``arn:aws:kms:…``, ``urn:…``) identify, not authorise.
    if "://" in value or value.startswith(("data:", "/", "./", "~/", "../", "arn:", "urn:")):
        return False
    if _UUID.fullmatch(value) or _VERSION.fullmatch(value) or _EMAIL.fullmatch(value):
        return False
    if value.isdigit() or _HASH_PREFIX.search(value):
        return False
    entropy = shannon_entropy(value)
    classes = char_classes(value)
    if length >= 20:
        return entropy >= 3.2 and classes >= 2
    if length >= 12:
        return entropy >= 3.0 and classes >= 2 and not value.isalpha()
    return entropy >= 2.5 and classes >= 3


def base62_crc32(body: str, width: int = 6) -> str:
    """CRC32 of ``body`` in base62 (0-9A-Za-z), left-padded with zeros to ``width``."""
    number = zlib.crc32(body.encode("ascii", "replace"))
    digits = ""
    while number:
        number, rest = divmod(number, 62)
        digits = BASE62[rest] + digits
    return digits.rjust(width, "0")


def github_checksum_ok(token: str) -> bool:
    """GitHub's ``ghp_``-style tokens end in six base62 characters of CRC32 of the body."""
    _, _, rest = token.partition("_")
    if len(rest) < 7:
        return False
    return base62_crc32(rest[:-6]) == rest[-6:]


def b64url_json(part: str) -> object:
    """Decode one base64url JWT segment to JSON, or None when it is not that."""
    padded = part + "=" * (-len(part) % 4)
    try:
        return json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError):
        return None


def jwt_ok(token: str) -> bool:
    """Three base64url parts whose header is a JSON object naming an ``alg``."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[2]:
        return False
    header = b64url_json(parts[0])
    if not isinstance(header, dict) or "alg" not in header:
        return False
    # Documentation tokens (jwt.io's "John Doe" sample, masked claims) are not credentials.
    claims = json.dumps(b64url_json(parts[1]))
    if is_placeholder(parts[2]):  # a masked or made-up signature ("xxxx", "...EXAMPLE")
        return False
    return not (_MASK.search(claims) or "John Doe" in claims or parts[2] == _JWT_IO_SIGNATURE)
