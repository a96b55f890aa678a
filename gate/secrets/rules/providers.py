"""Provider rules for cloud, source-hosting and CI tokens, written from each documented format."""

from __future__ import annotations

import re

from gate.secrets.checks import github_checksum_ok, looks_random, token_body_ok
from gate.secrets.rules.common import (
    B62,
    B64URL,
    PROVIDER,
    Rule,
    context_rule,
    random_body,
    token_rule,
)


def _github(value: str, match: re.Match[str], path: str) -> bool:
    return github_checksum_ok(value) and token_body_ok(value[4:])


def _aws_secret(value: str, match: re.Match[str], path: str) -> bool:
    # A leading "/" is one of the key's 64 characters here, not the start of a path.
    body = "A" + value[1:] if value.startswith("/") else value
    return token_body_ok(value) and looks_random(body, 40)


B64 = "[A-Za-z0-9+/]"

_AWS_KEY40 = r"[A-Za-z0-9/+]{40}"

RULES: tuple[Rule, ...] = (
    # --- AWS: key ids are 4-letter type + 16 upper-case base32 characters.
    token_rule(
        "aws-access-key-id",
        "AWS access key ID",
        "(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}",
        ("AKIA", "ASIA", "ABIA", "ACCA"),
    ),
    context_rule(
        "aws-secret-access-key",
        "AWS secret access key",
        r"secret_?access_?key|aws_?secret(?:_?key)?|secret_?key",
        _AWS_KEY40,
        (
            "secret_access_key",
            "secretaccesskey",
            "aws_secret",
            "awssecret",
            "secretkey",
            "secret_key",
        ),
        validate=_aws_secret,
    ),
    token_rule(
        "aws-secret-access-key",
        "AWS secret access key",
        rf"(?:AKIA|ASIA)[A-Z0-9]{{16}}[\s,;:|\"'=]{{1,5}}(?P<secret>{_AWS_KEY40})",
        ("AKIA", "ASIA"),
        validate=_aws_secret,
        right="(?![A-Za-z0-9/+=])",
    ),
    Rule(
        id="aws-secret-access-key",
        description="AWS secret access key",
        # The key id on one line and its secret alone on the next (YAML lists, CSV columns
        # split by a wrapped export, two positional arguments).
        pattern=re.compile(
            rf"(?:AKIA|ASIA)[A-Z0-9]{{16}}[^\n]{{0,80}}\n[^\n]{{0,80}}?(?<![A-Za-z0-9/+=])"
            rf"(?P<secret>{_AWS_KEY40})(?![A-Za-z0-9/+=])"
        ),
        anchors=(b"AKIA", b"ASIA"),
        validate=_aws_secret,
        priority=PROVIDER,
        multiline=True,
        window=512,
        lines=2,
    ),
    context_rule(
        "aws-session-token",
        "AWS session token",
        r"session_?token|security_?token",
        r"(?:FwoGZXIvYXdz|IQoJb3JpZ2lu|FQoGZXIvYXdz)[A-Za-z0-9/+=]{100,}",
        ("session_token", "sessiontoken", "security_token", "securitytoken"),
    ),
    # --- GitHub: prefix + 30 base62 + 6 base62 CRC32 of those 30.
    token_rule(
        "github-pat-classic",
        "GitHub personal access token (classic)",
        f"ghp_{B62}{{36}}",
        ("ghp_",),
        validate=_github,
    ),
    token_rule(
        "github-oauth-token",
        "GitHub OAuth access token",
        f"gho_{B62}{{36}}",
        ("gho_",),
        validate=_github,
    ),
    token_rule(
        "github-user-to-server-token",
        "GitHub App user-to-server token",
        f"ghu_{B62}{{36}}",
        ("ghu_",),
        validate=_github,
    ),
    token_rule(
        "github-app-installation-token",
        "GitHub App installation (server-to-server) token",
        f"ghs_{B62}{{36}}",
        ("ghs_",),
        validate=_github,
    ),
    token_rule(
        "github-refresh-token",
        "GitHub App refresh token",
        f"ghr_{B62}{{36}}",
        ("ghr_",),
        validate=_github,
    ),
    token_rule(
        "github-pat-fine-grained",
        "GitHub fine-grained personal access token",
        f"github_pat_{B62}{{22}}_{B62}{{59}}",
        ("github_pat_",),
    ),
    # --- GitLab: glpat- and friends, 20 characters (longer in the newer routable format).
    token_rule(
        "gitlab-pat",
        "GitLab personal/project/group access token",
        rf"glpat-{B64URL}{{20}}(?:{B64URL}|\.){{0,300}}",
        ("glpat-",),
    ),
    token_rule("gitlab-deploy-token", "GitLab deploy token", rf"gldt-{B64URL}{{20,}}", ("gldt-",)),
    token_rule(
        "gitlab-runner-token",
        "GitLab runner authentication token",
        rf"glrt-{B64URL}{{20,}}(?:\.{B64URL}+)*",
        ("glrt-",),
    ),
    token_rule(
        "gitlab-pipeline-trigger-token",
        "GitLab pipeline trigger token",
        rf"glptt-{B64URL}{{20,}}",
        ("glptt-",),
    ),
    token_rule(
        "gitlab-runner-registration-token",
        "GitLab runner registration token",
        rf"GR1348941{B64URL}{{20,}}",
        ("GR1348941",),
    ),
    token_rule(
        "gitlab-oauth-app-secret",
        "GitLab OAuth application secret",
        rf"gloas-{B64URL}{{64}}",
        ("gloas-",),
    ),
    token_rule("gitlab-feed-token", "GitLab feed token", rf"glft-{B64URL}{{20,}}", ("glft-",)),
    token_rule(
        "gitlab-ci-job-token", "GitLab CI/CD job token", rf"glcbt-{B64URL}{{20,}}", ("glcbt-",)
    ),
    # --- Azure.
    token_rule(
        "azure-storage-account-key",
        "Azure storage account key (connection string)",
        r"(?i:AccountKey)=(?P<secret>[A-Za-z0-9+/]{86}==)",
        ("accountkey=",),
        validate=random_body(0, 20),
        left="",
        ignore_case=True,
    ),
    token_rule(
        "azure-shared-access-key",
        "Azure Service Bus / Event Hubs shared access key",
        r"SharedAccessKey=(?P<secret>[A-Za-z0-9+/]{43}=)",
        ("SharedAccessKey=",),
        validate=random_body(0, 20),
        left="",
    ),
    token_rule(
        "azure-sas-token",
        "Azure shared access signature",
        r"[?&;]sig=(?P<secret>[A-Za-z0-9%+/]{30,}(?:%3[dD]|=){0,2})",
        ("sig=",),
        validate=random_body(0, 20),
        left="",
    ),
    token_rule(
        "azure-ad-client-secret",
        "Microsoft Entra ID (Azure AD) client secret",
        r"[A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}",
        ("Q~",),
        validate=random_body(0, 20),
        right=r"(?![A-Za-z0-9_~.\-])",
    ),
)
