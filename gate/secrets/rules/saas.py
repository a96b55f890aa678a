"""Provider rules for SaaS APIs (chat, payments, AI, mail, hosting), from documented formats."""

from __future__ import annotations

import re

from gate.secrets.rules.common import (
    B62,
    BODY_END,
    HEX,
    URLSAFE,
    Rule,
    context_rule,
    random_body,
    token_rule,
)

# Stripe keys also travel URL-encoded in quotes (%22 / %27, form posts and logged URLs).
_STRIPE_LEFT = r"(?:(?<![A-Za-z0-9])|(?<=%22)|(?<=%27))"

RULES: tuple[Rule, ...] = (
    # --- Slack: xox<type>- tokens made of dash-separated numeric ids and a random tail.
    token_rule(
        "slack-bot-token",
        "Slack bot token",
        r"xoxb-\d{6,15}-\d{6,15}-[A-Za-z0-9]{16,48}",
        ("xoxb-",),
    ),
    token_rule(
        "slack-user-token",
        "Slack user token",
        r"xoxp-\d{6,15}-\d{6,15}-\d{6,15}-[A-Za-z0-9]{16,64}",
        ("xoxp-",),
    ),
    token_rule(
        "slack-token",
        "Slack workspace, legacy or refresh token",
        r"xox[aosre](?:\.xox[bp])?-(?:\d+-)+[A-Za-z0-9\-]{16,160}",
        ("xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xoxe.xox"),
    ),
    token_rule(
        "slack-app-token",
        "Slack app-level token",
        r"xapp-\d-[A-Z0-9]{6,15}-\d{6,15}-[a-f0-9]{32,80}",
        ("xapp-",),
    ),
    token_rule(
        "slack-webhook-url",
        "Slack incoming webhook URL",
        r"https://hooks\.slack\.com/(?:services|workflows|triggers)/"
        r"(?P<secret>T[A-Z0-9]{6,12}/[A-Z0-9]{6,12}/[A-Za-z0-9/]{16,48})",
        ("hooks.slack.com/",),
        left="",
    ),
    # --- Stripe.
    token_rule(
        "stripe-secret-key",
        "Stripe secret API key",
        f"sk_(?:live|test)_{B62}{{24,247}}",
        ("sk_live_", "sk_test_"),
        validate=random_body(8),
        left=_STRIPE_LEFT,
    ),
    token_rule(
        "stripe-restricted-key",
        "Stripe restricted API key",
        f"rk_(?:live|test)_{B62}{{24,247}}",
        ("rk_live_", "rk_test_"),
        validate=random_body(8),
        left=_STRIPE_LEFT,
    ),
    token_rule(
        "stripe-webhook-secret",
        "Stripe webhook signing secret",
        f"whsec_{B62}{{32,64}}",
        ("whsec_",),
        validate=random_body(6),
    ),
    # --- Google.
    token_rule(
        "google-api-key", "Google API key", f"AIza{URLSAFE}{{35}}", ("AIza",), right=BODY_END
    ),
    token_rule(
        "google-oauth-client-secret",
        "Google OAuth client secret",
        f"GOCSPX-{URLSAFE}{{28}}",
        ("GOCSPX-",),
        right=BODY_END,
    ),
    token_rule(
        "google-oauth-access-token",
        "Google OAuth access token",
        rf"ya29\.{URLSAFE}{{30,}}",
        ("ya29.",),
        right=BODY_END,
        validate=random_body(5),
    ),
    # --- AI providers.
    token_rule(
        "openai-api-key",
        "OpenAI API key",
        r"sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_\-]{20,200}T3BlbkFJ[A-Za-z0-9_\-]{20,200}"
        r"|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,250}|sk-[A-Za-z0-9]{48}",
        ("sk-",),
        validate=random_body(3, 20),
        right=BODY_END,
        left=r"(?<![A-Za-z0-9_\-])",
    ),
    token_rule(
        "anthropic-api-key",
        "Anthropic API key",
        r"sk-ant-(?:api|admin|sid)\d\d-[A-Za-z0-9_\-]{32,120}",
        ("sk-ant-",),
        validate=random_body(14, 20),
        right=BODY_END,
    ),
    token_rule(
        "huggingface-token",
        "Hugging Face access token",
        "(?:hf_|api_org_)[A-Za-z0-9]{30,40}",
        ("hf_", "api_org_"),
    ),
    token_rule("replicate-api-token", "Replicate API token", f"r8_{B62}{{37}}", ("r8_",)),
    token_rule("groq-api-key", "Groq API key", f"gsk_{B62}{{52}}", ("gsk_",)),
    token_rule("xai-api-key", "xAI API key", f"xai-{B62}{{80}}", ("xai-",)),
    token_rule("perplexity-api-key", "Perplexity API key", f"pplx-{B62}{{48}}", ("pplx-",)),
    # --- Package registries.
    token_rule("npm-token", "npm access token", f"npm_{B62}{{36}}", ("npm_",)),
    token_rule(
        "pypi-token",
        "PyPI API token",
        rf"pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw){URLSAFE}{{50,}}",
        ("pypi-AgE",),
        right=BODY_END,
    ),
    token_rule(
        "docker-hub-token",
        "Docker Hub personal access token",
        f"dckr_pat_{URLSAFE}{{27}}",
        ("dckr_pat_",),
        right=BODY_END,
    ),
    token_rule(
        "jfrog-token",
        "JFrog API key or reference token",
        "AKCp[A-Za-z0-9]{69}|cmVmdGtuOjA[A-Za-z0-9]{50,}",
        ("AKCp", "cmVmdGtu"),
        prefix_len=4,
    ),
    # --- Messaging, mail and telephony.
    token_rule("twilio-api-key", "Twilio API key SID", f"SK{HEX}{{32}}", ("SK",)),
    context_rule(
        "twilio-auth-token",
        "Twilio auth token",
        r"twilio\w*(?:token|secret|auth)",
        f"{HEX}{{32}}",
        ("twilio",),
    ),
    token_rule(
        "sendgrid-api-key",
        "SendGrid API key",
        rf"SG\.{URLSAFE}{{22}}\.{URLSAFE}{{43}}",
        ("SG.",),
        right=BODY_END,
    ),
    token_rule(
        "mailgun-api-key",
        "Mailgun API key",
        f"key-{HEX}{{32}}",
        ("key-",),
        # Not the tail of a longer name such as "cache-key-<md5>".
        left=r"(?<![A-Za-z0-9_\-])",
    ),
    context_rule(
        "mailgun-private-key",
        "Mailgun private API key or webhook signing key",
        r"mailgun\w*(?:key|secret|token)",
        f"{HEX}{{32}}-{HEX}{{8}}-{HEX}{{8}}|{HEX}{{32}}",
        ("mailgun",),
    ),
    token_rule(
        "mailchimp-api-key",
        "Mailchimp API key",
        rf"{HEX}{{32}}-us\d{{1,2}}",
        ("-us",),
        prefix_len=0,
    ),
    token_rule(
        "telegram-bot-token",
        "Telegram bot token",
        rf"\d{{6,12}}:AA{URLSAFE}{{33}}",
        (":AA",),
        prefix_len=0,
        right=BODY_END,
    ),
    token_rule(
        "discord-webhook-url",
        "Discord webhook URL",
        rf"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{{10,20}}/"
        rf"(?P<secret>{URLSAFE}{{60,70}})",
        ("/api/webhooks/",),
        left="",
        right=BODY_END,
    ),
    Rule(
        id="discord-bot-token",
        description="Discord bot token",
        pattern=re.compile(
            rf"(?<![A-Za-z0-9_\-.])(?P<secret>[MNO][A-Za-z0-9]{{23,27}}\.{URLSAFE}{{6}}"
            rf"\.{URLSAFE}{{27,40}}){BODY_END}"
        ),
        # Its last two segments, so the search starts at a literal ".".
        prefilter=(rb"\.[a-z0-9_\-]{6}\.[a-z0-9_\-]{27}",),
        validate=random_body(0, 20),
    ),
    context_rule(
        "discord-client-secret",
        "Discord application secret or bot token",
        r"discord\w*(?:token|secret)",
        rf"{URLSAFE}{{32,80}}(?:\.{URLSAFE}{{6,80}}){{0,2}}",
        ("discord",),
        validate=random_body(0, 20),
    ),
    # --- Commerce and payments.
    token_rule(
        "shopify-access-token", "Shopify access token", "shpat_[a-fA-F0-9]{32}", ("shpat_",)
    ),
    token_rule(
        "shopify-shared-secret", "Shopify app shared secret", "shpss_[a-fA-F0-9]{32}", ("shpss_",)
    ),
    token_rule(
        "shopify-custom-app-token", "Shopify custom app token", "shpca_[a-fA-F0-9]{32}", ("shpca_",)
    ),
    token_rule(
        "shopify-private-app-token",
        "Shopify private app token",
        "shppa_[a-fA-F0-9]{32}",
        ("shppa_",),
    ),
    token_rule(
        "square-access-token",
        "Square access token",
        rf"EAAA{URLSAFE}{{60}}|sq0atp-{URLSAFE}{{22}}",
        ("EAAA", "sq0atp-"),
        prefix_len=4,
        right=BODY_END,
    ),
    token_rule(
        "square-oauth-secret",
        "Square OAuth application secret",
        rf"sq0csp-{URLSAFE}{{43}}",
        ("sq0csp-",),
        right=BODY_END,
    ),
    token_rule(
        "shippo-api-token",
        "Shippo API token",
        f"shippo_(?:live|test)_{HEX}{{40}}",
        ("shippo_",),
        prefix_len=12,
    ),
    token_rule(
        "plaid-access-token",
        "Plaid access token",
        f"access-(?:sandbox|development|production)-{HEX}{{8}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{4}}"
        f"-{HEX}{{12}}",
        ("access-sandbox-", "access-development-", "access-production-"),
        prefix_len=15,
    ),
)
