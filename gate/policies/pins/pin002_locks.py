"""PIN002: a pyproject project that declares dependencies commits a lock file in sync."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from gate.collectors import compiled_locks, lockfiles, pdm_hash, pyproject_deps, uv_sync
from gate.collectors.lockfiles import LockFile
from gate.collectors.pyproject_deps import DeclaredDependencies
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings
from gate.policies.pins.common import counts, pins, unreadable
from gate.policies.pins.compiled import compare
from gate.policies.pins.settings import LockPins, matches

_REGENERATE = {
    "uv": "`uv lock`",
    "poetry": "`poetry lock`",
    "pdm": "`pdm lock`",
    "pylock": "`pip lock` or `uv export --format pylock.toml`",
}


def _projects(ctx: Context, config: LockPins) -> list[str]:
    """pyproject.toml files to judge; a changed lock file brings in its project."""
    found = set()
    for path in ctx.files():
        if path.rsplit("/", 1)[-1] == "pyproject.toml" and matches(path, config.globs):
            found.add(path)
        elif lockfiles.lock_kind(path) is not None:
            beside = posixpath.join(posixpath.dirname(path), "pyproject.toml")
            if (ctx.root / beside).is_file() and matches(beside, config.globs):
                found.add(beside)
        elif compiled_locks.candidate(path, directory := compiled_locks.project_dir_of(path)):
            beside = posixpath.join(directory, "pyproject.toml")
            if (
                (ctx.root / beside).is_file()
                and matches(beside, config.globs)
                and compiled_locks.is_lock(ctx.root, path)
            ):
                found.add(beside)
    return sorted(found)


def _locks_for(ctx: Context, project: DeclaredDependencies) -> list[str]:
    """Locks beside the project (compiled requirement locks too), else a uv/pylock lock of
    an enclosing workspace."""
    directory = posixpath.dirname(project.path)
    beside = lockfiles.locks_beside(ctx.root, directory)
    beside += compiled_locks.locks_beside(ctx.root, directory)
    if beside:
        return beside
    while directory:
        directory = posixpath.dirname(directory)
        above = [
            p
            for p in lockfiles.locks_beside(ctx.root, directory)
            if lockfiles.lock_kind(p) in ("uv", "pylock")
        ]
        if above:
            return above
    return []


class LockFileInSync(Policy[PolicySettings]):
    """A pyproject.toml that declares dependencies comes with a lock file in sync.

    A project declaring dependencies (PEP 621 `dependencies` / `optional-dependencies`,
    PEP 735 `dependency-groups`, Poetry's `[tool.poetry.*dependencies]`) must commit
    `uv.lock`, `poetry.lock`, `pdm.lock` or a PEP 751 `pylock.toml` / `pylock.*.toml`
    beside it (or a uv/pylock lock of its workspace above it), or a compiled requirements
    lock: a `requirements*.txt` beside it or `requirements/*.txt` below it whose header says
    `uv pip compile` or `pip-compile` wrote it from that pyproject.toml and whose every
    requirement is pinned with `==` (hashes recommended). The lock is in sync when
    every declared name (PEP 503 normalised) is locked and no root of the lock (a locked
    package nothing else needs, or for uv the requirements the lock records) is
    undeclared. Beyond names, the lock must hold what its tool compares: for uv.lock the
    project's recorded requirements (`[package.metadata] requires-dist` and `requires-dev`:
    specifiers, extras, markers by meaning) and its version; for poetry.lock the
    `content-hash` recomputed as Poetry does; for pdm.lock the `content_hash` recomputed
    as PDM does.
    For a compiled lock only the extras and groups its recorded command included
    (`--extra`, `--all-extras`, `--group`) must be locked (marker-guarded ones only when
    compiled `--universal`), and its roots are the packages annotated
    `# via <project> (pyproject.toml)`.

    Fix: run the tool's lock command (`uv lock`, `poetry lock`, `pdm lock`, `pip lock`,
    or the compile command recorded in the file's header) and commit the lock.
    Metrics: `pinned` (projects with a lock in sync) of `total`.
    """

    id = "PIN002"
    slug = "lock-file-in-sync"
    title = "Lock file in sync with pyproject.toml"
    default_severity = Severity.ERROR

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        config = pins(ctx).locks
        pinned = total = 0
        for path in _projects(ctx, config):
            try:
                text = ctx.read_text(path)
                project = pyproject_deps.parse(text, path)
            except InputError as error:
                total += 1
                yield unreadable(self, settings, path, error, "File cannot be checked")
                continue
            if not project.declares:
                continue
            total += 1
            locks = _locks_for(ctx, project)
            if not locks:
                yield self.finding(
                    settings,
                    f"{path} declares {len(project.names)} dependencies but no lock file is "
                    "committed beside it",
                    location=Location(path, start_line=1, end_line=1),
                    fingerprint=fingerprint(self.id, path, "no-lock"),
                    fix="run `uv lock` (or `poetry lock` / `pdm lock` / `pip lock`) and commit "
                    "the lock file",
                    title="No lock file",
                    properties={"ecosystem": "pyproject"},
                )
                continue
            in_sync = True
            for lock_path in locks:
                problems = list(self._check(ctx, settings, config, project, text, lock_path))
                in_sync = in_sync and not problems
                yield from problems
            pinned += in_sync
        yield from counts(pinned, total, total)

    def _check(
        self,
        ctx: Context,
        settings: PolicySettings,
        config: LockPins,
        project: DeclaredDependencies,
        text: str,
        lock_path: str,
    ) -> Iterator[Finding]:
        if lockfiles.lock_kind(lock_path) is None:
            yield from self._check_compiled(ctx, settings, project, text, lock_path)
            return
        try:
            lock_text = ctx.read_text(lock_path)
            lock = lockfiles.load(ctx, lock_path)
        except InputError as error:
            yield unreadable(self, settings, lock_path, error, "File cannot be checked")
            return
        regenerate = f"run {_REGENERATE[lock.kind]} and commit {lock_path}"
        declared = set(project.names)
        own = frozenset({project.project} if project.project else ())
        missing = sorted(declared - set(lock.versions))
        recorded = lock.recorded_requirements(project.project)
        if recorded is not None:
            extra = sorted(recorded - declared) if not project.dynamic else []
            missing = sorted(set(missing) | (declared - recorded))
        else:
            roots = lock.roots(own)
            extra = sorted(roots - declared) if roots is not None and not project.dynamic else []
        if missing or extra:
            line = lockfiles.name_line(lock_text, extra[0], key_only=True) if extra else None
            yield self._stale(settings, project, text, lock_path, lock.kind, missing, extra, line)
            return
        yield from self._poetry_hash(settings, config, project, lock, lock_text, regenerate)
        yield from self._recorded(settings, project, lock, regenerate)

    def _recorded(
        self,
        settings: PolicySettings,
        project: DeclaredDependencies,
        lock: LockFile,
        regenerate: str,
    ) -> Iterator[Finding]:
        """What the tool itself compares: uv's recorded requirements and version, pdm's
        content hash. Names can agree while a specifier, marker or version moved."""
        if lock.kind == "uv":
            source = posixpath.relpath(
                posixpath.dirname(project.path) or ".", posixpath.dirname(lock.path) or "."
            )
            reasons = uv_sync.differences(project.data, lock.data, source)
        elif lock.kind == "pdm":
            reason = pdm_hash.stale(project.data, lock.data)
            reasons = [reason] if reason else []
        else:
            return
        if reasons:
            yield self.finding(
                settings,
                f"{lock.path} is stale: {'; '.join(reasons)}",
                location=Location(project.path, start_line=1, end_line=1),
                fix=regenerate,
                title="Stale lock file",
                fingerprint=fingerprint(self.id, lock.path, "recorded"),
                properties={"ecosystem": lock.kind},
            )

    def _check_compiled(
        self,
        ctx: Context,
        settings: PolicySettings,
        project: DeclaredDependencies,
        text: str,
        lock_path: str,
    ) -> Iterator[Finding]:
        try:
            lock = compiled_locks.parse(ctx.read_text(lock_path), lock_path, project.project)
        except InputError as error:
            yield unreadable(self, settings, lock_path, error, "File cannot be checked")
            return
        found = compare(project, lock)
        if found.missing or found.extra:
            line = lock.lines.get(found.extra[0]) if found.extra else None
            fix = f"re-run `{lock.command}` and commit {lock_path}"
            kind = "pip-compile" if lock.tool == "pip-compile" else "uv-pip-compile"
            yield self._stale(
                settings, project, text, lock_path, kind, found.missing, found.extra, line, fix
            )

    def _stale(
        self,
        settings: PolicySettings,
        project: DeclaredDependencies,
        text: str,
        lock_path: str,
        kind: str,
        missing: list[str],
        extra: list[str],
        extra_line: int | None,
        fix: str | None = None,
    ) -> Finding:
        """The finding for a lock whose names differ from the project's declarations."""
        parts = []
        if missing:
            parts.append(f"declared in {project.path} but not locked: {', '.join(missing)}")
        if extra:
            parts.append(f"locked but not declared: {', '.join(extra)}")
        where = (
            Location(project.path, start_line=lockfiles.name_line(text, missing[0]))
            if missing
            else Location(lock_path, start_line=extra_line)
        )
        return self.finding(
            settings,
            f"{lock_path} is stale: {'; '.join(parts)}",
            location=where,
            fix=fix or f"run {_REGENERATE[kind]} and commit {lock_path}",
            title="Stale lock file",
            fingerprint=fingerprint(self.id, lock_path, "stale", *missing, "|", *extra),
            properties={
                "ecosystem": kind,
                "missing": ", ".join(missing),
                "extra": ", ".join(extra),
            },
        )

    def _poetry_hash(
        self,
        settings: PolicySettings,
        config: LockPins,
        project: DeclaredDependencies,
        lock: LockFile,
        lock_text: str,
        regenerate: str,
    ) -> Iterator[Finding]:
        if lock.kind != "poetry" or not lock.content_hash or not config.check_poetry_content_hash:
            return
        expected = pyproject_deps.poetry_content_hash(project.data)
        if expected == lock.content_hash:
            return
        line = next(
            (
                n
                for n, row in enumerate(lock_text.splitlines(), 1)
                if row.lstrip().startswith("content-hash")
            ),
            None,
        )
        yield self.finding(
            settings,
            f"{lock.path} is stale: its content-hash does not match {project.path} "
            "(the dependency tables changed since the lock was written)",
            location=Location(lock.path, start_line=line, end_line=line),
            fix=regenerate,
            title="Stale lock file",
            fingerprint=fingerprint(self.id, lock.path, "content-hash"),
            properties={"ecosystem": "poetry"},
        )
