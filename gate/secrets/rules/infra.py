"""Provider rules for hosting, observability and infrastructure tools, and HTTP auth headers."""

from __future__ import annotations

import base64
import binascii
import re

from gate.secrets.checks import looks_random, token_body_ok
from gate.secrets.rules.common import (
    B62,
    BODY_END,
    CONTEXT,
    HEX,
    URLSAFE,
    Rule,
    context_rule,
    password_ok,
    random_body,
    token_rule,
)

_UUID = f"{HEX}{{8}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{12}}"


def _basic_auth(value: str, match: re.Match[str], path: str) -> bool:
    """``Basic`` credentials decode to ``user:password`` with a real-looking password."""
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return False
    user, sep, password = decoded.partition(":")
    if not sep:
        return False
    return password_ok(password, user)


def _bearer(value: str, match: re.Match[str], path: str) -> bool:
    return token_body_ok(value) and looks_random(value, 16)


RULES: tuple[Rule, ...] = (
    token_rule(
        "digitalocean-pat",
        "DigitalOcean personal access token",
        f"dop_v1_{HEX}{{64}}",
        ("dop_v1_",),
    ),
    token_rule(
        "digitalocean-oauth-token", "DigitalOcean OAuth token", f"doo_v1_{HEX}{{64}}", ("doo_v1_",)
    ),
    token_rule(
        "digitalocean-refresh-token",
        "DigitalOcean refresh token",
        f"dor_v1_{HEX}{{64}}",
        ("dor_v1_",),
    ),
    token_rule(
        "heroku-api-key", "Heroku API key", f"HRKU-{URLSAFE}{{20,100}}", ("HRKU-",), right=BODY_END
    ),
    context_rule(
        "heroku-api-key-legacy",
        "Heroku API key (UUID form)",
        r"heroku\w*(?:key|token|secret)",
        _UUID,
        ("heroku",),
    ),
    context_rule(
        "datadog-api-key",
        "Datadog API key",
        r"(?:datadog|dd)_?api_?key",
        f"{HEX}{{32}}",
        (
            "dd_api_key",
            "ddapikey",
            "datadog_api_key",
            "datadogapikey",
            "dd_apikey",
            "datadog_apikey",
        ),
    ),
    context_rule(
        "datadog-app-key",
        "Datadog application key",
        r"(?:datadog|dd)_?app(?:lication)?_?key",
        f"{HEX}{{40}}",
        ("dd_app", "ddapp", "datadog_app", "datadogapp"),
    ),
    token_rule(
        "atlassian-api-token",
        "Atlassian API token",
        r"ATATT3[A-Za-z0-9_\-=]{100,300}",
        ("ATATT3",),
        right=r"(?![A-Za-z0-9_\-=])",
    ),
    token_rule(
        "bitbucket-app-password",
        "Bitbucket app password",
        r"ATBB[A-Za-z0-9_\-=]{28,40}",
        ("ATBB",),
        right=r"(?![A-Za-z0-9_\-=])",
    ),
    token_rule(
        "azure-devops-pat-context",
        "Azure DevOps personal access token",
        r"(?i:azure_?devops|azdo|vsts)[\w.\-]{0,40}(?i:pat|token)[\"'\])]{0,2}[ \t]{0,4}[:=]"
        r"[ \t]{0,4}[\"']?(?P<secret>[a-z2-7]{52}|[A-Za-z0-9]{84})",
        ("azure_devops", "azuredevops", "azdo", "vsts"),
        ignore_case=True,
        left="",
        validate=random_body(0, 20),
    ),
    token_rule("postman-api-key", "Postman API key", f"PMAK-{HEX}{{24}}-{HEX}{{34}}", ("PMAK-",)),
    token_rule("linear-api-key", "Linear API key", f"lin_api_{B62}{{40}}", ("lin_api_",)),
    token_rule(
        "doppler-token",
        "Doppler token",
        rf"dp\.(?:pt|st|sa|ct|scim|audit)\.{B62}{{40,44}}",
        ("dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."),
        prefix_len=6,
    ),
    token_rule("pulumi-access-token", "Pulumi access token", f"pul-{HEX}{{40}}", ("pul-",)),
    token_rule(
        "terraform-cloud-token",
        "Terraform Cloud / Enterprise API token",
        rf"{B62}{{14}}\.atlasv1\.{URLSAFE}{{60,70}}",
        (".atlasv1.",),
        prefix_len=0,
        validate=random_body(0, 20),
        right=BODY_END,
    ),
    token_rule(
        "vault-token",
        "HashiCorp Vault token",
        rf"hv[sb]\.{URLSAFE}{{24,200}}",
        ("hvs.", "hvb."),
        right=BODY_END,
    ),
    token_rule(
        "grafana-token",
        "Grafana Cloud or service account token",
        rf"glc_[A-Za-z0-9+/]{{32,400}}={{0,2}}|glsa_{B62}{{32}}_{HEX}{{8}}",
        ("glc_", "glsa_"),
        validate=random_body(4, 16),
    ),
    token_rule("newrelic-api-key", "New Relic user API key", "NRAK-[A-Z0-9]{27}", ("NRAK-",)),
    token_rule(
        "sentry-token",
        "Sentry auth token",
        rf"sntrys_eyJ[A-Za-z0-9_\-=+/]{{60,}}|sntryu_{HEX}{{64}}",
        ("sntrys_", "sntryu_"),
        prefix_len=7,
        right=r"(?![A-Za-z0-9_\-=+/])",
    ),
    token_rule(
        "databricks-token",
        "Databricks personal access token",
        rf"dapi{HEX}{{32}}(?:-\d)?",
        ("dapi",),
    ),
    token_rule(
        "age-secret-key",
        "age encryption secret key",
        "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        ("AGE-SECRET-KEY-1",),
    ),
    token_rule(
        "alibaba-access-key-id",
        "Alibaba Cloud AccessKey ID",
        f"LTAI{B62}{{12,20}}",
        ("LTAI",),
        validate=random_body(4, 12),
    ),
    token_rule(
        "planetscale-token",
        "PlanetScale password or token",
        rf"pscale_(?:tkn|pw|oauth)_{URLSAFE}{{32,64}}",
        ("pscale_",),
        prefix_len=10,
        right=BODY_END,
    ),
    token_rule("supabase-token", "Supabase access token", f"sbp_{HEX}{{40}}", ("sbp_",)),
    token_rule("notion-token", "Notion integration token", f"ntn_{B62}{{46}}", ("ntn_",)),
    Rule(
        id="airtable-pat",
        description="Airtable personal access token",
        pattern=re.compile(
            rf"(?<![A-Za-z0-9])(?P<secret>pat{B62}{{14}}\.{HEX}{{64}})(?![A-Za-z0-9])"
        ),
        prefilter=(rb"pat[a-z0-9]{14}\.[0-9a-f]{64}",),
        validate=random_body(3),
    ),
    token_rule(
        "mapbox-secret-token",
        "Mapbox secret access token",
        rf"sk\.eyJ{URLSAFE}{{10,}}\.{URLSAFE}{{20,}}",
        ("sk.eyJ",),
        right=BODY_END,
    ),
    token_rule(
        "dynatrace-token",
        "Dynatrace API token",
        r"dt0[a-z]\d\d\.[A-Z0-9]{24}\.[A-Z0-9]{64}",
        ("dt0",),
        prefix_len=7,
    ),
    token_rule(
        "cloudflare-api-token",
        "Cloudflare API token or global key",
        f"(?:cfk|cfut|cfat)_{B62}{{40,50}}",
        ("cfk_", "cfut_", "cfat_"),
        prefix_len=5,
    ),
    token_rule(
        "fly-io-token",
        "Fly.io access token",
        r"fm[12]_[A-Za-z0-9+/=_\-]{40,}",
        ("fm1_", "fm2_"),
        right=r"(?![A-Za-z0-9+/=_\-])",
    ),
    token_rule("render-api-key", "Render API key", f"rnd_{B62}{{32}}", ("rnd_",)),
    token_rule("netlify-token", "Netlify personal access token", rf"nfp_{B62}{{36,40}}", ("nfp_",)),
    token_rule(
        "contentful-token",
        "Contentful personal access token",
        rf"CFPAT-{URLSAFE}{{43}}",
        ("CFPAT-",),
        right=BODY_END,
    ),
    token_rule(
        "microsoft-teams-webhook",
        "Microsoft Teams incoming webhook URL",
        rf"https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/(?P<secret>{_UUID}@{_UUID}"
        rf"/IncomingWebhook/{HEX}{{32}}/{_UUID}(?:/{URLSAFE}+)?)",
        (".webhook.office.com/",),
        left="",
        # The ids are anyone's to read in a URL; the signature after them must be real.
        validate=lambda value, match, path: token_body_ok(value.rpartition("/IncomingWebhook/")[2]),
    ),
    token_rule(
        "firebase-cloud-messaging-key",
        "Firebase Cloud Messaging server key",
        rf"AAAA{URLSAFE}{{7}}:APA91b{URLSAFE}{{120,160}}",
        (":APA91b",),
        prefix_len=0,
        validate=random_body(12),
        right=BODY_END,
    ),
    token_rule(
        "npmrc-auth-token",
        "Registry auth token in .npmrc",
        r"_auth(?:Token)?\s*=\s*[\"']?(?P<secret>[A-Za-z0-9+/=_\-.]{20,})",
        ("_auth",),
        left="",
        validate=random_body(0, 16),
    ),
    Rule(
        id="authorization-header",
        description="Bearer or Basic credentials in an Authorization header",
        pattern=re.compile(
            r"(?i:authorization)[\"']?[ \t]{0,4}[:=][ \t]{0,4}[\"']?(?i:bearer|token)[ \t]+"
            r"(?P<secret>[A-Za-z0-9._~+/\-]{16,}=*)"
        ),
        anchors=(b"authorization",),
        ignore_case=True,
        validate=_bearer,
        priority=CONTEXT,
    ),
    Rule(
        id="authorization-basic",
        description="Basic credentials (base64 user:password) in an Authorization header",
        pattern=re.compile(
            r"(?i:basic)[ \t]+(?P<secret>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])"
        ),
        anchors=(b"basic ", b"basic\t"),
        ignore_case=True,
        validate=_basic_auth,
        priority=CONTEXT,
    ),
)
