"""Secret detection engine: rules, scanner, look-alike filters, redaction; no config, no context.

``catalog.get_scanner().scan(data, path)`` returns ``SecretMatch`` values (a hash and a
redacted form, never the secret); ``catalog.rule_ids()`` lists every rule. The SEC
policies (gate.policies.secrets) bring the settings and the repository.
"""
