"""Secret detection engine: provider rules, generic secrets, look-alike filters, redaction.

``get_scanner().scan(data, path)`` returns :class:`SecretMatch` values (a hash and a
redacted form, never the secret); ``rule_ids()`` lists every rule for documentation.
"""

from gate.secrets.redact import redact
from gate.secrets.scanner import Scanner, SecretMatch, get_scanner, rule_descriptions, rule_ids

__all__ = ["Scanner", "SecretMatch", "get_scanner", "redact", "rule_descriptions", "rule_ids"]
