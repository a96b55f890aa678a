"""The package logger ``gate``: the decisions a run makes (which base, which configuration
judges), on stderr with ``gate --verbose`` or ``GATE_LOG=debug|info``, each line redacted."""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping

from gate.errors import InputError

LOGGER = logging.getLogger("gate")
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the ``sys.stderr`` of the moment (tests and click swap it per run)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.setStream(sys.stderr)
        super().emit(record)


class _RedactingFormatter(logging.Formatter):
    """A message may quote input (a ref, a path, a value): one line, through the one
    redactor and, on Actions, with no workflow command the runner could parse."""

    def format(self, record: logging.LogRecord) -> str:
        from gate.error_guard import safe_line

        return safe_line(f"gate: {record.levelname.lower()}: {record.getMessage()}")


def level_for(verbose: bool, env: Mapping[str, str]) -> int:
    """``--verbose`` means debug; otherwise ``GATE_LOG`` (unset: warnings only)."""
    if verbose:
        return logging.DEBUG
    name = env.get("GATE_LOG", "").strip().lower()
    if not name:
        return logging.WARNING
    if name not in LEVELS:
        raise InputError(f"GATE_LOG={name!r}: choose one of {', '.join(LEVELS)}")
    return LEVELS[name]


def configure(verbose: bool, env: Mapping[str, str]) -> None:
    """Send the ``gate`` logger's records at the chosen level to stderr (once per process:
    a second call, as in tests that run the command again, replaces the first handler)."""
    level = level_for(verbose, env)
    for handler in [h for h in LOGGER.handlers if isinstance(h, _StderrHandler)]:
        LOGGER.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(_RedactingFormatter())
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
