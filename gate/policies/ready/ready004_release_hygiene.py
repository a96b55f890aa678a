"""READY004: a Keep a Changelog file, an entry for library changes, a version not behind tags."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import InvalidVersion, Version

from gate.context import Context
from gate.errors import GitError, InputError, MissingInput
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.ready.common import matches, python_files, ready
from gate.policies.ready.release import (
    Changelog,
    dynamic_source,
    latest_tag,
    metadata_version,
    parse_changelog,
)
from gate.policies.ready.settings import ReadySettings

KEEP_A_CHANGELOG = "https://keepachangelog.com/en/1.1.0/"


class ReleaseHygiene(Policy[ReadySettings]):
    """The release trail is kept: changelog, an entry per change, a version not behind its tags.

    - `ready.changelog` (default `CHANGELOG.md`) exists and follows Keep a Changelog: an
      `## [Unreleased]` section, releases as `## [X.Y.Z] - YYYY-MM-DD` with PEP 440
      versions, newest first.
    - A change to library code (Python files not matching `ready.not_library`) adds a
      line under `Unreleased` (`ready.changelog_entry_required`; waive it by approval).
    - The version in the metadata (`[project] version`, or hatch's `__version__` file) is
      not behind the highest version tag (`vX.Y.Z` or `X.Y.Z`). A checkout without tags
      (`actions/checkout` fetches none by default: `fetch-depth: 0`) cannot be checked:
      that is reported as missing input, never passed.

    Fix: what each finding says. Metrics: `releases`, `version`, `latest_tag`.
    """

    id = "READY004"
    slug = "release-hygiene"
    title = "Release hygiene"
    default_severity = Severity.ERROR
    Settings = ReadySettings

    def evaluate(self, ctx: Context, settings: ReadySettings) -> Iterator[Finding | Metric]:
        section = ready(ctx)
        path = section.changelog
        changelog = None
        if path in ctx.files():
            try:
                changelog = parse_changelog(ctx.read_text(path))
            except InputError as error:
                yield self._at(settings, path, 1, f"cannot read {path}: {error.message}")
        else:
            yield self.finding(
                settings,
                f"no {path}: keep one in the Keep a Changelog format",
                location=Location(path),
                fingerprint=fingerprint(self.id, "no-changelog"),
                fix=f"add {path} with an `## [Unreleased]` section ({KEEP_A_CHANGELOG})",
            )
        if changelog is not None:
            yield Metric("releases", len(changelog.releases))
            for line, problem in changelog.problems:
                yield self._at(settings, path, line, f"{path}: {problem}")
        missing: list[str] = []
        if section.changelog_entry_required:
            try:
                yield from self._entry(ctx, settings, path, changelog)
            except MissingInput as error:
                missing.append(f"cannot tell whether the change needs a changelog entry: {error}")
        yield from self._version(ctx, settings, missing)
        if missing:
            yield Metric("status", "missing-input")
            for reason in missing:
                yield self.finding(
                    settings,
                    reason,
                    title=f"{self.title}: input missing",
                    fingerprint=fingerprint(self.id, "missing", reason.split(":")[0]),
                )

    def _at(self, settings: ReadySettings, path: str, line: int, message: str) -> Finding:
        return self.finding(
            settings,
            message,
            location=Location(path, line, line),
            fingerprint=fingerprint(self.id, path, message),
            fix=f"follow {KEEP_A_CHANGELOG}",
        )

    def _entry(
        self, ctx: Context, settings: ReadySettings, path: str, changelog: Changelog | None
    ) -> Iterator[Finding]:
        changes = ctx.changed_files()
        library = set(python_files(ctx))
        touched = sorted(
            p for p in changes if p in library and not matches(p, ready(ctx).not_library)
        )
        if not touched:
            return
        span = changelog.unreleased if changelog else None
        added = changes[path].added if path in changes else {}
        if span and any(span[0] <= n <= span[1] and text.strip() for n, text in added.items()):
            return
        more = f" and {len(touched) - 1} more" if len(touched) > 1 else ""
        yield self.finding(
            settings,
            f"the change edits library code ({touched[0]}{more}) but adds no entry under "
            f"`## [Unreleased]` in {path}",
            location=Location(path),
            fingerprint=fingerprint(self.id, "no-entry"),
            fix="describe the change under `## [Unreleased]` (or have the waiver approved)",
            properties={"needs_approval": True},
        )

    def _version(
        self, ctx: Context, settings: ReadySettings, missing: list[str]
    ) -> Iterator[Finding | Metric]:
        pyproject = _text(ctx, "pyproject.toml")
        source = dynamic_source(pyproject)
        version, origin = metadata_version(
            pyproject, {source: _text(ctx, source)} if source else {}
        )
        if version is None:
            missing.append(f"cannot read the version: {origin}")
            return
        yield Metric("version", version)
        if not ctx.is_git:
            missing.append("cannot list version tags: not a git checkout")
            return
        try:
            latest = latest_tag(ctx.git)
        except GitError as error:
            missing.append(f"cannot list version tags: {error}")
            return
        if latest is None:
            missing.append(
                "cannot list version tags: this checkout has none (fetch them: "
                "actions/checkout with fetch-depth: 0)"
            )
            return
        yield Metric("latest_tag", latest[0])
        try:
            behind = Version(version) < latest[1]
        except InvalidVersion:
            yield self.finding(
                settings,
                f"version {version!r} ({origin}) is not a PEP 440 version",
                fingerprint=fingerprint(self.id, "invalid-version"),
                fix="use a PEP 440 version such as 1.2.3",
            )
            return
        if behind:
            yield self.finding(
                settings,
                f"version {version} ({origin}) is behind the latest tag {latest[0]}",
                fingerprint=fingerprint(self.id, "behind", version, latest[0]),
                fix=f"bump the version above {latest[1]}",
            )


def _text(ctx: Context, path: str) -> str | None:
    if path not in ctx.files():
        return None
    try:
        return ctx.read_text(path)
    except InputError:
        return None
