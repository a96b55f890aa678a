"""Structural rules: private keys (PEM, OpenSSH, PGP), JWTs and credentials inside URLs."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

from gate.secrets.checks import (
    jwt_ok,
)
from gate.secrets.rules.common import PROVIDER, STRUCTURED, URL, Rule, password_ok

# The body may not contain "-----" so a match ends at the first END (or fails at the next
# BEGIN) instead of scanning far ahead.
_KEY_BODY = r"""(?:[A-Za-z0-9+/=:,._ \t\r\n\\"'|]|-(?!----)){40,20000}?"""
_B64_CHARS = re.compile(r"[A-Za-z0-9+/]")
_NOT_B64 = re.compile(r"[^A-Za-z0-9+/=]")
_ELIDED = re.compile(r"\.\.\.|…|[xX]{8,}|EXAMPLE")


def _pem_body_ok(value: str, match: re.Match[str], path: str) -> bool:
    # A key in documentation is usually elided ("MIIE...") - real keys carry a body.
    body = match.group("body")
    if len(_B64_CHARS.findall(body)) < 64 or _ELIDED.search(body):
        return False
    return not der_truncated(body)


def der_truncated(body: str) -> bool:
    """A key body whose DER header announces more bytes than it holds (an excerpt).

    A body with headers (``Proc-Type:`` of encrypted PEM) is not judged; OpenSSH and PGP
    bodies are not DER and do not start like one.
    """
    if ":" in body:
        return False
    # Keys pasted into code strings carry quotes and "\\n" escapes between their lines.
    text = _NOT_B64.sub("", body.replace("\\n", "").replace("\\r", ""))
    if not text:
        return False
    try:
        der = base64.b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return False
    if len(der) < 2 or der[0] != 0x30:
        return False
    size, header = der[1], 2
    if size & 0x80:  # long form: the next (size & 0x7F) bytes hold the length
        count = size & 0x7F
        if count == 0 or count > 4 or len(der) < 2 + count:
            return True
        size, header = int.from_bytes(der[2 : 2 + count], "big"), 2 + count
    return header + size > len(der)


def _pem_rule(rule_id: str, description: str, kind: str, anchor: str) -> Rule:
    regex = rf"-----BEGIN (?P<kind>{kind})-----(?P<body>{_KEY_BODY})-----END (?P=kind)-----"
    return Rule(
        id=rule_id,
        description=description,
        pattern=re.compile(regex),
        anchors=(anchor.encode(),),
        validate=_pem_body_ok,
        priority=PROVIDER,
        multiline=True,
        stop=b"-----END",
        binary=True,
    )


_PEM_IN_TEXT = re.compile(
    rf"-----BEGIN (?P<kind>[A-Z0-9 ]{{0,30}}PRIVATE KEY)-----(?P<body>{_KEY_BODY})"
    r"-----END (?P=kind)-----"
)


def _encoded_key(value: str, match: re.Match[str], path: str) -> bool:
    """The block decodes (once, at most 64 KiB) to a private key with a whole body."""
    try:
        text = base64.b64decode(value[:65536] + "=" * (-len(value) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        return False
    found = _PEM_IN_TEXT.search(text)
    return found is not None and _pem_body_ok(found.group(0), found, path)


def _jwt(value: str, match: re.Match[str], path: str) -> bool:
    return jwt_ok(value)


def url_password_ok(value: str, match: re.Match[str], path: str) -> bool:
    return password_ok(unquote(value), unquote(match.group("user")))


RULES: tuple[Rule, ...] = (
    Rule(
        id="gcp-service-account-key",
        description="Google Cloud service account private key (JSON key file)",
        pattern=re.compile(
            r'"private_key"\s*:\s*"(?P<secret>-----BEGIN (?P<kind>PRIVATE KEY)-----'
            r"(?P<body>[A-Za-z0-9+/=\\]{64,})-----END PRIVATE KEY-----(?:\\n)?)\""
        ),
        anchors=(b'"private_key"',),
        validate=_pem_body_ok,
        priority=PROVIDER - 1,
        binary=True,
    ),
    _pem_rule(
        "openssh-private-key", "OpenSSH private key", "OPENSSH PRIVATE KEY", "OPENSSH PRIVATE"
    ),
    _pem_rule(
        "pgp-private-key", "PGP private key block", "PGP PRIVATE KEY BLOCK", "PGP PRIVATE KEY"
    ),
    _pem_rule(
        "private-key",
        "PEM private key (RSA, DSA, EC, PKCS#8)",
        "(?:RSA |DSA |EC |ENCRYPTED |SSH2 ENCRYPTED )?PRIVATE KEY",
        "PRIVATE KEY-----",
    ),
    Rule(
        id="base64-private-key",
        description="Private key block, base64-encoded (Kubernetes secrets, CI variables)",
        # "LS0tLS1CRUdJTi" is base64 of "-----BEGIN" at the start of a block.
        pattern=re.compile(
            r"(?<![A-Za-z0-9+/])(?P<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{100,65536}={0,2})"
            r"(?![A-Za-z0-9+/=])"
        ),
        anchors=(b"LS0tLS1CRUdJTi",),
        validate=_encoded_key,
        priority=PROVIDER,
        binary=True,
    ),
    Rule(
        id="jwt",
        description="JSON Web Token",
        pattern=re.compile(
            r"(?<![A-Za-z0-9_\-])(?P<secret>eyJ[A-Za-z0-9_\-]{5,4096}\.[A-Za-z0-9_\-]{5,8192}"
            r"\.[A-Za-z0-9_\-]{8,4096})(?![A-Za-z0-9_\-])"
        ),
        anchors=(b"eyJ",),
        validate=_jwt,
        priority=STRUCTURED,
    ),
    Rule(
        id="url-credentials",
        description="Password inside a URL (scheme://user:password@host)",
        pattern=re.compile(
            r"""[A-Za-z][A-Za-z0-9+.\-]{1,30}://(?P<user>[^\s:@/?#"'`<>]{0,128})"""
            r""":(?P<secret>[^\s:@/?#"'`<>]{1,256})@[A-Za-z0-9\-._~%\[\]]+"""
        ),
        prefilter=(rb"""://[^\s:@/?#"'`<>]{0,128}:[^\s:@/?#"'`<>]{1,256}@""",),
        validate=url_password_ok,
        priority=URL,
    ),
)
