"""Fake credentials for the labelled corpus, generated from a seeded RNG at test time.

Nothing here is a real credential and no realistic token is committed: templates in
tests/fixtures/secrets_corpus/ hold ``{{rule-id}}`` placeholders that :func:`render` fills.
Each kind says how it appears in a file: ``token`` kinds are recognisable on their own,
``named`` kinds only by the name they are assigned to, ``embed`` kinds are whole strings
(a connection string, a URL, a header) that carry the secret.
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import zlib
from collections.abc import Callable
from dataclasses import dataclass

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
URLSAFE = B62 + "_-"
B64 = B62 + "+/"
HEX = "0123456789abcdef"
UPPER_NUM = string.ascii_uppercase + string.digits
BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def d(self, n: int) -> str:
        return str(self.rng.randint(1, 9)) + self.s(string.digits, n - 1)

    def uuid(self) -> str:
        h = self.s(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def crc(self, prefix: str) -> str:
        body = self.s(B62, 30)
        number, digits = zlib.crc32(body.encode()), ""
        while number:
            number, rest = divmod(number, 62)
            digits = B62[rest] + digits
        return f"{prefix}_{body}{digits.rjust(6, '0')}"

    def password(self, n: int = 18) -> str:
        # Guarantee every character class so short generic secrets are unambiguous.
        chars = [
            self.rng.choice(string.ascii_lowercase),
            self.rng.choice(string.ascii_uppercase),
            self.rng.choice(string.digits),
            self.rng.choice("!%^*_+~"),
        ] + [self.rng.choice(B62 + "!%^*_+~") for _ in range(n - 4)]
        self.rng.shuffle(chars)
        return "".join(chars)


@dataclass(frozen=True)
class Kind:
    rule_id: str
    mode: str  # "token" | "named" | "embed"
    make: Callable[[Gen], str]
    name: str = "API_TOKEN"


def _b64url(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


def _jwt(g: Gen) -> str:
    head = _b64url({"alg": "HS256", "typ": "JWT"})
    body = _b64url({"sub": g.d(8), "name": "svc", "iat": int(g.d(10))})
    return f"{head}.{body}.{g.s(URLSAFE, 43)}"


def _basic(g: Gen) -> str:
    cred = base64.b64encode(f"deploy:{g.password(16)}".encode()).decode()
    return f"Authorization: Basic {cred}"


def _db_cli(g: Gen) -> str:
    password = g.password(12)
    return g.rng.choice(
        (
            f"mysql -h db.internal -u app -p{password} orders",
            f"mysqldump --single-transaction -uroot -p{password} shop",
            f"PGPASSWORD={password} psql -h db.internal -U app",
            f"MYSQL_PWD={password} mysqladmin status",
        )
    )


def _pem_b64(g: Gen, lines: int) -> list[str]:
    return [g.s(B64, 64) for _ in range(lines)]


def _der_body(g: Gen, head: str) -> list[str]:
    """Base64 lines of a DER blob as long as its header ``head`` (30 82 LL LL) announces."""
    total = 4 + int.from_bytes(base64.b64decode(head[:8])[2:4], "big")
    chars = -(-total // 3) * 4
    pad = chars - (total * 4 + 2) // 3
    text = head + g.s(B64, chars - len(head) - pad) + "=" * pad
    return [text[i : i + 64] for i in range(0, len(text), 64)]


def private_key(g: Gen, kind: str = "RSA PRIVATE KEY") -> str:
    body = "\n".join(_der_body(g, "MIIEpAIBAAKCAQEA"))
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"


def openssh_key(g: Gen) -> str:
    # The fixed header of an unencrypted key, long runs of "A" (zero bytes) included.
    head = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn"
    body = "\n".join([head, *_pem_b64(g, 6)])
    return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"


def pgp_key(g: Gen) -> str:
    body = "\n".join(["Version: GnuPG v2", "", *_pem_b64(g, 10), "=" + g.s(B64, 4)])
    return f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n{body}\n-----END PGP PRIVATE KEY BLOCK-----"


def gcp_private_key(g: Gen) -> str:
    body = "\\n".join(_der_body(g, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"))
    return f"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n"


KINDS: tuple[Kind, ...] = (
    Kind(
        "aws-access-key-id",
        "token",
        lambda g: "AKIA" + g.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        "AWS_ACCESS_KEY_ID",
    ),
    Kind("aws-secret-access-key", "named", lambda g: g.s(B64, 40), "aws_secret_access_key"),
    Kind(
        "aws-session-token",
        "named",
        lambda g: "IQoJb3JpZ2luX2VjE" + g.s(B64, 300),
        "AWS_SESSION_TOKEN",
    ),
    Kind("github-pat-classic", "token", lambda g: g.crc("ghp"), "GITHUB_TOKEN"),
    Kind("github-oauth-token", "token", lambda g: g.crc("gho")),
    Kind("github-user-to-server-token", "token", lambda g: g.crc("ghu")),
    Kind("github-app-installation-token", "token", lambda g: g.crc("ghs")),
    Kind("github-refresh-token", "token", lambda g: g.crc("ghr")),
    Kind(
        "github-pat-fine-grained",
        "token",
        lambda g: f"github_pat_11{g.s(UPPER_NUM, 20)}_{g.s(B62, 59)}",
    ),
    Kind("gitlab-pat", "token", lambda g: "glpat-" + g.s(URLSAFE, 20), "GITLAB_TOKEN"),
    Kind("gitlab-deploy-token", "token", lambda g: "gldt-" + g.s(URLSAFE, 20)),
    Kind("gitlab-runner-token", "token", lambda g: "glrt-" + g.s(URLSAFE, 20)),
    Kind("gitlab-pipeline-trigger-token", "token", lambda g: "glptt-" + g.s(HEX, 40)),
    Kind("gitlab-runner-registration-token", "token", lambda g: "GR1348941" + g.s(URLSAFE, 20)),
    Kind("gitlab-oauth-app-secret", "token", lambda g: "gloas-" + g.s(HEX, 64)),
    Kind("gitlab-feed-token", "token", lambda g: "glft-" + g.s(URLSAFE, 20)),
    Kind("gitlab-ci-job-token", "token", lambda g: "glcbt-" + g.s(URLSAFE, 25)),
    Kind(
        "azure-storage-account-key",
        "embed",
        lambda g: "DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey="
        + g.s(B64, 86)
        + "==;EndpointSuffix=core.windows.net",
        "AZURE_STORAGE_CONNECTION_STRING",
    ),
    Kind(
        "azure-shared-access-key",
        "embed",
        lambda g: "Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName="
        "RootManageSharedAccessKey;SharedAccessKey=" + g.s(B64, 43) + "=",
        "SERVICEBUS_CONNECTION",
    ),
    Kind(
        "azure-sas-token",
        "embed",
        lambda g: "https://prodstore.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b"
        "&srt=o&sp=r&se=2026-01-01T00:00:00Z&spr=https&sig=" + g.s(B62, 42) + "%3D",
        "BACKUP_URL",
    ),
    Kind(
        "azure-ad-client-secret",
        "token",
        lambda g: g.s(B62, 3) + g.s(string.digits, 1) + "Q~" + g.s(B62 + "_~.-", 34),
        "AZURE_CLIENT_SECRET",
    ),
    Kind("jwt", "token", _jwt, "SESSION_TOKEN"),
    Kind(
        "url-credentials",
        "embed",
        lambda g: f"postgresql://app_user:{g.password(16)}@db.internal.corp:5432/orders",
        "DATABASE_URL",
    ),
    Kind("generic-secret", "named", lambda g: g.password(24), "DB_PASSWORD"),
    Kind(
        "slack-bot-token",
        "token",
        lambda g: f"xoxb-{g.d(12)}-{g.d(13)}-{g.s(B62, 24)}",
        "SLACK_BOT_TOKEN",
    ),
    Kind(
        "slack-user-token", "token", lambda g: f"xoxp-{g.d(12)}-{g.d(12)}-{g.d(13)}-{g.s(HEX, 32)}"
    ),
    Kind("slack-token", "token", lambda g: f"xoxe.xoxp-1-{g.s(B62, 140)}"),
    Kind(
        "slack-app-token",
        "token",
        lambda g: f"xapp-1-A{g.s(UPPER_NUM, 10)}-{g.d(13)}-{g.s(HEX, 64)}",
    ),
    Kind(
        "slack-webhook-url",
        "embed",
        lambda g: f"https://hooks.slack.com/services/T{g.s(UPPER_NUM, 8)}/B{g.s(UPPER_NUM, 10)}/"
        + g.s(B62, 24),
        "SLACK_WEBHOOK_URL",
    ),
    Kind("stripe-secret-key", "token", lambda g: "sk_live_51" + g.s(B62, 97), "STRIPE_SECRET_KEY"),
    Kind("stripe-restricted-key", "token", lambda g: "rk_live_51" + g.s(B62, 97)),
    Kind("stripe-webhook-secret", "token", lambda g: "whsec_" + g.s(B62, 32)),
    Kind("google-api-key", "token", lambda g: "AIza" + g.s(URLSAFE, 35), "GOOGLE_API_KEY"),
    Kind("google-oauth-client-secret", "token", lambda g: "GOCSPX-" + g.s(URLSAFE, 28)),
    Kind("google-oauth-access-token", "token", lambda g: "ya29.a0" + g.s(URLSAFE, 150)),
    Kind(
        "openai-api-key",
        "token",
        lambda g: "sk-proj-" + g.s(URLSAFE, 74) + "T3BlbkFJ" + g.s(URLSAFE, 74),
        "OPENAI_API_KEY",
    ),
    Kind(
        "anthropic-api-key",
        "token",
        lambda g: "sk-ant-api03-" + g.s(URLSAFE, 93) + "AA",
        "ANTHROPIC_API_KEY",
    ),
    Kind("huggingface-token", "token", lambda g: "hf_" + g.s(string.ascii_letters, 34), "HF_TOKEN"),
    Kind("replicate-api-token", "token", lambda g: "r8_" + g.s(B62, 37)),
    Kind("groq-api-key", "token", lambda g: "gsk_" + g.s(B62, 52)),
    Kind("xai-api-key", "token", lambda g: "xai-" + g.s(B62, 80)),
    Kind("perplexity-api-key", "token", lambda g: "pplx-" + g.s(B62, 48)),
    Kind("npm-token", "token", lambda g: "npm_" + g.s(B62, 36), "NPM_TOKEN"),
    Kind(
        "pypi-token",
        "token",
        lambda g: "pypi-AgEIcHlwaS5vcmc" + g.s(URLSAFE, 150),
        "PYPI_API_TOKEN",
    ),
    Kind("docker-hub-token", "token", lambda g: "dckr_pat_" + g.s(URLSAFE, 27)),
    Kind("jfrog-token", "token", lambda g: "AKCp" + g.s(B62, 69)),
    Kind("twilio-api-key", "token", lambda g: "SK" + g.s(HEX, 32), "TWILIO_API_KEY"),
    Kind("twilio-auth-token", "named", lambda g: g.s(HEX, 32), "TWILIO_AUTH_TOKEN"),
    Kind(
        "sendgrid-api-key",
        "token",
        lambda g: f"SG.{g.s(URLSAFE, 22)}.{g.s(URLSAFE, 43)}",
        "SENDGRID_API_KEY",
    ),
    Kind("mailgun-api-key", "token", lambda g: "key-" + g.s(HEX, 32), "MAILGUN_KEY"),
    Kind(
        "mailgun-private-key",
        "named",
        lambda g: f"{g.s(HEX, 32)}-{g.s(HEX, 8)}-{g.s(HEX, 8)}",
        "MAILGUN_API_KEY",
    ),
    Kind("mailchimp-api-key", "token", lambda g: g.s(HEX, 32) + "-us" + g.d(2)),
    Kind(
        "telegram-bot-token",
        "token",
        lambda g: f"{g.d(10)}:AA{g.s(URLSAFE, 33)}",
        "TELEGRAM_BOT_TOKEN",
    ),
    Kind(
        "discord-webhook-url",
        "embed",
        lambda g: f"https://discord.com/api/webhooks/{g.d(18)}/{g.s(URLSAFE, 68)}",
        "DISCORD_WEBHOOK",
    ),
    Kind(
        "discord-bot-token",
        "token",
        lambda g: f"MT{g.s(B62, 24)}.{g.s(URLSAFE, 6)}.{g.s(URLSAFE, 38)}",
        "BOT_TOKEN",
    ),
    Kind("discord-client-secret", "named", lambda g: g.s(URLSAFE, 32), "DISCORD_CLIENT_SECRET"),
    Kind("shopify-access-token", "token", lambda g: "shpat_" + g.s(HEX, 32)),
    Kind("shopify-shared-secret", "token", lambda g: "shpss_" + g.s(HEX, 32)),
    Kind("shopify-custom-app-token", "token", lambda g: "shpca_" + g.s(HEX, 32)),
    Kind("shopify-private-app-token", "token", lambda g: "shppa_" + g.s(HEX, 32)),
    Kind("square-access-token", "token", lambda g: "EAAA" + g.s(URLSAFE, 60)),
    Kind("square-oauth-secret", "token", lambda g: "sq0csp-" + g.s(URLSAFE, 43)),
    Kind("shippo-api-token", "token", lambda g: "shippo_live_" + g.s(HEX, 40)),
    Kind("plaid-access-token", "token", lambda g: "access-production-" + g.uuid()),
    Kind("digitalocean-pat", "token", lambda g: "dop_v1_" + g.s(HEX, 64), "DIGITALOCEAN_TOKEN"),
    Kind("digitalocean-oauth-token", "token", lambda g: "doo_v1_" + g.s(HEX, 64)),
    Kind("digitalocean-refresh-token", "token", lambda g: "dor_v1_" + g.s(HEX, 64)),
    Kind("heroku-api-key", "token", lambda g: "HRKU-AA" + g.s(URLSAFE, 58), "HEROKU_API_KEY"),
    Kind("heroku-api-key-legacy", "named", lambda g: g.uuid(), "HEROKU_API_KEY"),
    Kind("datadog-api-key", "named", lambda g: g.s(HEX, 32), "DD_API_KEY"),
    Kind("datadog-app-key", "named", lambda g: g.s(HEX, 40), "DD_APP_KEY"),
    Kind(
        "atlassian-api-token",
        "token",
        lambda g: "ATATT3xFfGF0" + g.s(URLSAFE, 180) + "=" + g.s("0123456789ABCDEF", 8),
        "JIRA_API_TOKEN",
    ),
    Kind("bitbucket-app-password", "token", lambda g: "ATBB" + g.s(B62, 32)),
    Kind(
        "azure-devops-pat-context",
        "named",
        lambda g: g.s("abcdefghijklmnopqrstuvwxyz234567", 52),
        "AZURE_DEVOPS_PAT",
    ),
    Kind("postman-api-key", "token", lambda g: f"PMAK-{g.s(HEX, 24)}-{g.s(HEX, 34)}"),
    Kind("linear-api-key", "token", lambda g: "lin_api_" + g.s(B62, 40)),
    Kind("doppler-token", "token", lambda g: "dp.pt." + g.s(B62, 43)),
    Kind("pulumi-access-token", "token", lambda g: "pul-" + g.s(HEX, 40)),
    Kind("terraform-cloud-token", "token", lambda g: g.s(B62, 14) + ".atlasv1." + g.s(URLSAFE, 67)),
    Kind("vault-token", "token", lambda g: "hvs." + g.s(URLSAFE, 90), "VAULT_TOKEN"),
    Kind("grafana-token", "token", lambda g: f"glsa_{g.s(B62, 32)}_{g.s(HEX, 8)}"),
    Kind("newrelic-api-key", "token", lambda g: "NRAK-" + g.s(UPPER_NUM, 27)),
    Kind("sentry-token", "token", lambda g: "sntryu_" + g.s(HEX, 64)),
    Kind("databricks-token", "token", lambda g: "dapi" + g.s(HEX, 32)),
    Kind("age-secret-key", "token", lambda g: "AGE-SECRET-KEY-1" + g.s(BECH32, 58)),
    Kind("alibaba-access-key-id", "token", lambda g: "LTAI" + g.s(B62, 20)),
    Kind("planetscale-token", "token", lambda g: "pscale_tkn_" + g.s(URLSAFE, 43)),
    Kind("supabase-token", "token", lambda g: "sbp_" + g.s(HEX, 40)),
    Kind("notion-token", "token", lambda g: "ntn_" + g.s(B62, 46)),
    Kind("airtable-pat", "token", lambda g: f"pat{g.s(B62, 14)}.{g.s(HEX, 64)}"),
    Kind("mapbox-secret-token", "token", lambda g: f"sk.eyJ1{g.s(URLSAFE, 60)}.{g.s(URLSAFE, 22)}"),
    Kind("dynatrace-token", "token", lambda g: f"dt0c01.{g.s(UPPER_NUM, 24)}.{g.s(UPPER_NUM, 64)}"),
    Kind("cloudflare-api-token", "token", lambda g: "cfut_" + g.s(B62, 46)),
    Kind("fly-io-token", "token", lambda g: "fm2_" + g.s(B64, 200)),
    Kind("render-api-key", "token", lambda g: "rnd_" + g.s(B62, 32)),
    Kind("netlify-token", "token", lambda g: "nfp_" + g.s(B62, 36)),
    Kind("contentful-token", "token", lambda g: "CFPAT-" + g.s(URLSAFE, 43)),
    Kind(
        "microsoft-teams-webhook",
        "embed",
        lambda g: f"https://contoso.webhook.office.com/webhookb2/{g.uuid()}@{g.uuid()}"
        f"/IncomingWebhook/{g.s(HEX, 32)}/{g.uuid()}",
        "TEAMS_WEBHOOK_URL",
    ),
    Kind(
        "firebase-cloud-messaging-key",
        "token",
        lambda g: f"AAAA{g.s(URLSAFE, 7)}:APA91b{g.s(URLSAFE, 134)}",
        "FCM_SERVER_KEY",
    ),
    Kind(
        "npmrc-auth-token", "embed", lambda g: "//registry.example.org/:_authToken=" + g.s(B64, 40)
    ),
    Kind(
        "authorization-header",
        "embed",
        lambda g: "Authorization: Bearer " + g.s(URLSAFE, 40),
        "HEADER",
    ),
    Kind("authorization-basic", "embed", _basic, "HEADER"),
    Kind(
        "cli-basic-auth",
        "embed",
        lambda g: f"curl -u deploy:{g.password(14)} https://ci.internal/api",
    ),
    Kind("db-cli-password", "embed", lambda g: _db_cli(g), "SETUP_CMD"),
    Kind(
        "base64-encoded-token",
        "embed",
        lambda g: base64.b64encode(g.crc(g.rng.choice(("ghp", "gho", "ghs"))).encode()).decode(),
        "TOKEN_B64",
    ),
    Kind(
        "base64-private-key",
        "embed",
        lambda g: base64.b64encode(private_key(g).encode()).decode(),
        "TLS_KEY",
    ),
)
KIND_BY_ID = {kind.rule_id: kind for kind in KINDS}
MULTILINE = {
    "private-key": private_key,
    "openssh-private-key": openssh_key,
    "pgp-private-key": pgp_key,
}

_PLACEHOLDER = re.compile(r"\{\{(?P<bad>bad:)?(?P<id>[a-z0-9\-]+)(?:>(?P<label>[a-z0-9\-]+))?\}\}")


def bad_checksum(g: Gen) -> str:
    token = g.crc("ghp")
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def render(template: str, g: Gen) -> tuple[str, list[tuple[int, str]]]:
    """Fill ``{{rule-id}}`` placeholders; return the text and its (line, rule id) labels.

    ``{{kind>rule}}`` fills a value of ``kind`` but labels it ``rule`` (a password inside a
    URL is a ``url-credentials`` finding). ``{{bad:github}}`` renders a GitHub token with a
    wrong checksum, which is not a label.
    Multi-line values (private keys) are labelled on their first line and keep the indent
    of the line the placeholder is on.
    """
    out_lines: list[str] = []
    labels: list[tuple[int, str]] = []
    for line in template.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]

        def fill(match: re.Match[str]) -> str:
            rule_id = match.group("id")
            if match.group("bad"):
                return bad_checksum(g)
            labels.append((len(out_lines) + 1, match.group("label") or rule_id))
            if rule_id == "gcp-service-account-key":
                return gcp_private_key(g)
            if rule_id in MULTILINE:
                return MULTILINE[rule_id](g).replace("\n", "\n" + indent)
            return KIND_BY_ID[rule_id].make(g)

        filled = _PLACEHOLDER.sub(fill, line)
        out_lines.extend(filled.split("\n"))
    return "\n".join(out_lines), labels


# How each mode of kind is written in each file type: (file name, line template).
CONTEXTS: dict[str, tuple[tuple[str, str], ...]] = {
    "token": (
        ("app.py", '{name} = "{value}"'),
        ("config.yaml", "  {lname}: {value}"),
        ("config.json", '    "{lname}": "{value}",'),
        (".env", "{name}={value}"),
        ("deploy.sh", "export {name}='{value}'"),
        ("main.tf", '  {lname} = "{value}"'),
        ("README.md", "Call the API with `{value}` as the credential."),
        ("client.js", "const client = new Client({{ auth: '{value}' }});"),
        ("notes.txt", "# rotated old credential {value} yesterday"),
    ),
    "named": (
        ("app.py", '{name} = "{value}"'),
        ("config.yaml", "  {lname}: {value}"),
        ("config.json", '    "{lname}": "{value}",'),
        (".env", "{name}={value}"),
        ("deploy.sh", 'export {name}="{value}"'),
        ("main.tf", '  {lname} = "{value}"'),
    ),
    "embed": (
        ("app.py", '{name} = "{value}"'),
        ("config.yaml", '  {lname}: "{value}"'),
        ("config.json", '    "{lname}": "{value}",'),
        (".env", '{name}="{value}"'),
        ("README.md", "    {value}"),
    ),
}
