"""Rule building blocks: checksums, randomness, placeholders, secret-like names, rule shape."""

from __future__ import annotations

import base64
import json

import pytest

from gate.secrets.catalog import all_rules
from gate.secrets.checks import (
    base62_crc32,
    github_checksum_ok,
    is_placeholder,
    jwt_ok,
    looks_random,
    shannon_entropy,
)
from gate.secrets.secret_names import is_secret_name


def test_base62_crc32_matches_githubs_published_scheme() -> None:
    # Known pair for the GitHub token scheme: CRC32 of the 30-character body, base62 (0-9A-Za-z).
    assert base62_crc32("fIkRGaBu5PeKsznMzXQOg3kETH1Sgx") == "2oIfSC"
    body = "fIkRGaBu5PeKsznMzXQOg3kETH1Sgx"  # built at run time: no token in the source
    assert github_checksum_ok("ghp_" + body + "2oIfSC")
    assert not github_checksum_ok("ghp_" + body + "2oIfSD")


def test_entropy_of_uniform_and_constant_strings() -> None:
    assert shannon_entropy("aaaa") == 0
    assert shannon_entropy("abcd") == pytest.approx(2.0)


@pytest.mark.parametrize(
    "value",
    ["Zq9vX2mK8pL4rT6wYb3N", "7940efe664dfde3143b8a1bc07e1982b", "S3cr3t!Pa55w0rd#", "xK9#mQ2$vL"],
)
def test_random_looking_values(value: str) -> None:
    assert looks_random(value)


@pytest.mark.parametrize(
    "value",
    [
        "changeme",
        "your_api_key_here",
        "xxxxxxxxxxxxxxxx",
        "${DB_PASSWORD}",
        "{{ vault_token }}",
        "%(password)s",
        "get_password_from_keyring",
        "userProfileCacheKey",
        "/etc/ssl/private/server.key",
        "550e8400-e29b-41d4-a716-446655440000",
        "1.24.3",
        "sha256:4a5e1e4baab39f4b5e6e3e0f1b9f3a2c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a",
        "https://example.com/path",
        "abcdefghijklmnopqrstuvwxyz",
        "user_profile_cache_v2",
        "1234567890",
        "short",
    ],
)
def test_look_alike_values(value: str) -> None:
    assert not looks_random(value)


@pytest.mark.parametrize(
    "value", ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_live_xxxx"]
)
def test_documented_examples_are_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "name",
    [
        "DB_PASSWORD",
        "apiKey",
        "client_secret",
        "SECRET_KEY",
        "x-api-key",
        "authToken",
        "PASSWD2",
        "secret_key_base",
        "dbPassword",
        "GITHUB_TOKEN",
        "privateKey",
    ],
)
def test_secret_like_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "password_hash",
        "token_url",
        "public_key",
        "next_token",
        "tokenizer",
        "key_file",
        "max_password_length",
        "secret_name",
        "cache_key",
        "S3Key",
        "is_password",
    ],
)
def test_names_that_are_not_secrets(name: str) -> None:
    assert not is_secret_name(name)


def _b64(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


def test_jwt_needs_a_json_header_with_alg_and_a_signature() -> None:
    head, body = _b64({"alg": "RS256"}), _b64({"sub": "1"})
    assert jwt_ok(f"{head}.{body}.c2lnbmF0dXJlLXBhcnQ")
    assert not jwt_ok(f"{head}.{body}.")
    assert not jwt_ok(f"{_b64({'typ': 'JWT'})}.{body}.c2lnbmF0dXJl")
    assert not jwt_ok("eyJub3QganNvbg.eyJ4Ijo.c2ln")


def test_every_rule_can_be_found_by_the_prefilter() -> None:
    for rule in all_rules():
        assert rule.anchors or rule.prefilter, rule.id
        assert b"\n" not in rule.prefilter and not any(b"\n" in a for a in rule.anchors)
        if rule.ignore_case:
            assert all(anchor == anchor.lower() for anchor in rule.anchors), rule.id
