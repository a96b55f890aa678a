"""READY: production readiness of a change (opt-in)."""
