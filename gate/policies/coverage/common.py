"""What the COV policies share: reading coverage data and config, thresholds, texts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING

from gate.collectors.coverage import discover, load
from gate.collectors.coverage_config import (
    CoverageSettings,
    commit_files,
    read_settings,
    same_files,
    working_tree_files,
)
from gate.collectors.coverage_types import CoverageInput
from gate.context import Context
from gate.errors import InputError, MissingInput
from gate.findings import Finding, Location, fingerprint
from gate.policies.base import Policy, PolicySettings

if TYPE_CHECKING:
    from typing import Any


@contextmanager
def coverage_errors(ctx: Context) -> Iterator[None]:
    """Report an unreadable coverage file once: the first COV policy to meet it raises
    the InputError (one line, exit 2); the others then fail without repeating it."""
    seen: list[InputError] = ctx.cached("coverage:errors", list)
    if seen:
        raise MissingInput(f"the coverage input could not be used: {seen[0]}")
    try:
        yield
    except InputError as error:
        seen.append(error)
        raise


def coverage_settings(ctx: Context) -> CoverageSettings:
    """The coverage.py configuration that judges: the base commit's on a pull request
    (read through git: the pull request cannot choose how it is measured), else the
    working tree's; plugins are never loaded."""

    def read() -> CoverageSettings:
        if ctx.trusted_ref is not None:
            files = commit_files(ctx.git, ctx.trusted_ref)
            return read_settings(files, f"the base commit {ctx.trusted_ref[:12]}")
        return read_settings(working_tree_files(ctx.root), "the working tree")

    return ctx.cached("coverage:settings", read)


def head_settings_differ(ctx: Context, settings: CoverageSettings) -> bool:
    """Whether the working tree's coverage configuration differs from the trusted one."""
    try:
        files = working_tree_files(ctx.root)
    except InputError:
        return True
    if same_files(files, settings.files):
        return False  # nothing to parse: byte for byte the trusted configuration
    head = read_settings(files, "the working tree")
    if not (head.default and settings.default):
        settings.settings()  # the trusted side's errors are errors, not a difference
    try:
        return not head.same_as(settings)
    except InputError:
        return True  # this change's configuration does not even parse


def inside_repository(ctx: Context, given: str) -> None:
    """A ``--coverage`` path outside the checkout is refused with what to do instead."""
    from pathlib import Path

    path = Path(given) if Path(given).is_absolute() else ctx.root / given
    try:
        path.resolve().relative_to(ctx.root)
    except (ValueError, OSError, RuntimeError):
        raise InputError(
            f"--coverage names a file outside the repository {ctx.root}: the gate reads "
            "coverage only from inside the checkout it judges; write or copy the file there "
            "(e.g. run the tests from the repository root, or set COVERAGE_FILE to a path in "
            "it) and pass that path, or point --root at the repository the file belongs to",
            path=given,
        ) from None


def coverage_input(ctx: Context) -> CoverageInput:
    """The run's coverage results, found and opened once for every COV policy."""

    def open_input() -> CoverageInput:
        for given in ctx.options.coverage_paths:
            inside_repository(ctx, given)
        settings = coverage_settings(ctx)
        found = discover(ctx.root, ctx.options.coverage_paths, ctx.relpath, settings)
        # A report has the exclusions it was written with baked in: on a pull request it
        # is only as good as the configuration, which must then be the base's.
        pull_request = found.kind != "data" and ctx.trusted_ref is not None
        if pull_request and head_settings_differ(ctx, settings):
            raise MissingInput(
                f"{found.paths[0]} was written with this change's coverage configuration, "
                f"which differs from the one of {settings.origin}; give the gate "
                "coverage.py data (.coverage), which it reads with the base's configuration"
            )
        report = load(ctx.root, found, settings)
        report.prefetch()  # e.g. check a large XML report while the diff is computed
        return report

    return ctx.cached("coverage", open_input)


_DATA_FILE = re.compile(r"(?:^|/)(?:\.coverage(?:\.[^/]+)?|coverage\.xml|coverage\.json)$")


def committed_data_findings(
    policy: Policy[Any], settings: PolicySettings, ctx: Context
) -> Iterator[Finding]:
    """Coverage data a pull request commits: results the tests did not produce."""
    if ctx.trusted_ref is None:
        return
    try:
        changes = ctx.changed_files()
    except MissingInput:
        return  # COV002 says that the change cannot be known
    for path in sorted(changes):
        if _DATA_FILE.search(path):
            yield policy.finding(
                settings,
                f"this change commits coverage data ({path}); the gate reads only the data "
                "this run's tests produce",
                location=Location(path),
                fingerprint=fingerprint(policy.id, "committed", path),
                fix="remove the file from the change (and add it to .gitignore)",
            )


def unreportable_findings(
    policy: Policy[Any], settings: PolicySettings, report: CoverageInput
) -> Iterator[Finding]:
    """Files measured through a coverage.py plugin: not reportable without the plugin,
    which is code from the checkout and never loaded; so they fail instead of passing."""
    for name in getattr(report, "unreportable", ()):
        yield policy.finding(
            settings,
            f"{name} was measured through a coverage.py plugin, which the gate does not "
            "load (it is code from the checkout); its coverage cannot be judged",
            fingerprint=fingerprint(policy.id, "plugin", name),
            fix="measure without the plugin, or exclude the file from coverage in the base",
        )


def percent_text(value: float, precision: int) -> str:
    """A percentage as ``coverage report`` prints it (never "0"/"100" unless exact).

    coverage.py's display rule, kept here so that COV002 on a report need not import
    coverage.py (a test holds the two equal); a negative precision is left to coverage.py,
    which refuses it."""
    if precision < 0:
        from coverage.results import display_covered

        return str(display_covered(value, precision))
    step = 1.0 / 10**precision  # the smallest amount shown at this precision
    if 0 < value < step:
        value = step  # something covered never reads as 0
    elif 100.0 - step < value < 100:
        value = 100.0 - step  # something missing never reads as 100
    else:
        value = round(value, precision)
    return f"{value:.{precision}f}"


def compared_places(threshold: float, precision: int) -> int:
    """The decimals the installed coverage.py compares a total with ``fail_under`` at:
    from 7.17 at least the threshold's own decimals, before that ``precision`` (the lock
    installs 7.16 on Python 3.10, which has the older rule)."""
    try:
        from coverage.results import _fail_under_precision
    except ImportError:
        return precision
    return int(_fail_under_precision(threshold, precision))


def threshold_texts(total: float, threshold: float, precision: int) -> tuple[str, str]:
    """The total and the threshold printed at the precision they are compared at, so a
    failing message can never read "66.67% is below the threshold of 66.67%"."""
    places = compared_places(threshold, precision)
    if threshold == 100.0 and total != 100.0:
        shown = percent_text(total, places)  # never a rounded "100" below 100
    else:
        shown = f"{round(total, places):.{places}f}"
    # The threshold as written (an older coverage.py may compare at fewer places than it has).
    exponent = Decimal(str(threshold)).as_tuple().exponent
    whole = threshold == int(threshold)
    written = -exponent if isinstance(exponent, int) and exponent < 0 and not whole else 0
    return shown, f"{threshold:.{max(places, written)}f}"


def shown_against(value: float, threshold: float, places: int = 2) -> str:
    """``value`` as a percentage with ``places`` decimals (more when needed) so that what
    is printed sits on the same side of ``threshold`` as the exact value: 79.996 below 80
    reads "79.996", never "80.00"."""
    shown = percent_text(value, places)
    while places < 12 and (float(shown) < threshold) != (value < threshold):
        places += 1
        shown = percent_text(value, places)
    return shown


def fail_under(settings: CoverageSettings) -> float:
    """``[report] fail_under`` of the trusted coverage configuration (0 when unset)."""
    value = getattr(settings.config, "fail_under", 0.0)
    return float(value) if isinstance(value, (int, float)) else 0.0


def below_threshold(total: float, threshold: float, precision: int) -> bool:
    """coverage.py's ``fail_under`` rule: round to the precision the threshold implies,
    except that a threshold of 100 needs exactly 100."""
    from coverage.results import should_fail_under

    return bool(should_fail_under(total, threshold, precision))
