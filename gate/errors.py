"""Exit codes and the error hierarchy the CLI turns into one-line messages."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; the README's table is written from these."""

    PASSED = 0
    FAILED = 1
    USAGE = 2
    INTERNAL = 3


class GateError(Exception):
    """An expected error: printed as one line, never with a traceback."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ConfigError(GateError):
    """The gate's configuration is invalid or ambiguous."""


class InputError(GateError):
    """An input file (coverage data, a requirement file, ...) is unreadable or malformed."""


class GitError(GateError):
    """A git operation failed: not a checkout, unknown ref, ..."""


class MissingInput(GateError):
    """A policy cannot run because an input is absent (no coverage data, no base ref).

    The engine turns this into a finding at the policy's severity, never a pass: the
    message must say what is missing and how to provide it.
    """
