"""The secret engine's name for the one redactor (it lives in gate.redaction)."""

from __future__ import annotations

from gate.redaction import MAX_PREFIX, redact

__all__ = ["MAX_PREFIX", "redact"]
