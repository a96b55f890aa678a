"""The one error guard: every error leaves as one redacted, neutralised line on stderr.

``gate`` and ``gate ci`` both use it: expected errors (:class:`GateError`, click usage
errors) exit 2 (or their own code), bugs exit 3 with the exception's type only (its text
may hold input), and no traceback is printed unless ``GATE_DEBUG`` is set.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import click

from gate.errors import ExitCode, GateError

# click >= 8.2 raises this for a group called without a command (older click exits itself).
_HELP_ERRORS: tuple[type[click.ClickException], ...] = tuple(
    getattr(click.exceptions, name)
    for name in ("NoArgsIsHelpError",)
    if hasattr(click.exceptions, name)
)


def safe_line(text: str) -> str:
    """One line: whitespace runs (line breaks too) collapsed, secrets masked, and on
    Actions no workflow command the runner could parse."""
    # Imported here: ``gate --version`` loads this module and must stay fast.
    from gate.redaction import clean_text
    from gate.reporters.escaping import neutralize_commands

    line = " ".join(clean_text(text).split())
    if os.environ.get("GITHUB_ACTIONS") == "true":
        line = neutralize_commands(line)
    return line


def error_line(prefix: str, message: str) -> str:
    return safe_line(f"{prefix}: {message}")


def fail(prefix: str, message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    click.echo(error_line(prefix, message), err=True)
    sys.exit(int(code))


def silence_stdout() -> None:
    """The reader of our stdout went away (``gate ... | head``): drop further output."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def run_guarded(prefix: str, call: Callable[[], Any]) -> Any:
    """Run ``call``; turn every error into one line on stderr and an exit code."""
    try:
        return call()
    except GateError as error:
        fail(f"{prefix}: error", str(error), error.exit_code)
    except click.exceptions.Exit:
        raise
    except _HELP_ERRORS as error:
        error.show()  # a bare ``gate`` or ``gate ci``: the gate's own help, as click shows it
        sys.exit(int(ExitCode.USAGE))
    except click.ClickException as error:
        # Usage errors quote the bad value: one line, redacted, like every other error.
        fail(f"{prefix}: error", error.format_message(), ExitCode.USAGE)
    except click.Abort:
        fail(f"{prefix}: error", "interrupted", ExitCode.USAGE)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        fail(f"{prefix}: error", "interrupted", ExitCode.USAGE)
    except BrokenPipeError:
        silence_stdout()
        sys.exit(int(ExitCode.PASSED))
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if os.environ.get("GATE_DEBUG"):
            traceback.print_exc()
        fail(
            f"{prefix}: error",
            f"internal error: {type(error).__name__} (a bug in the gate; "
            "set GATE_DEBUG=1 for the traceback and report it)",
            ExitCode.INTERNAL,
        )


class GuardedGroup(click.Group):
    """A click group whose argument parsing and subcommands all run under the guard.

    ``main`` covers the group's own options (``gate --bad``); ``invoke`` covers its
    subcommands, with this group's prefix when it is nested (``gate ci: error: ...``).
    """

    guard_prefix = "gate"

    def main(self, args: Sequence[str] | None = None, *extra: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        code = run_guarded(
            self.guard_prefix, lambda: click.Group.main(self, args, *extra, **kwargs)
        )
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        return run_guarded(self.guard_prefix, lambda: click.Group.invoke(self, ctx))
