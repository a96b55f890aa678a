"""PIN001: every requirement in pip requirement files (and their includes) is pinned."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gate.collectors import lockfiles
from gate.collectors.requirement_tree import RequirementTree, walk
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings
from gate.policies.pins.common import counts, matching_files, pins
from gate.policies.pins.rules import is_exact, judge
from gate.policies.pins.settings import RequirementPins


@dataclass
class _Tally:
    pinned: int = 0
    total: int = 0


def locked_versions(ctx: Context) -> dict[str, str]:
    """name -> version where the repository's lock files agree on one version."""

    def compute() -> dict[str, str]:
        seen: dict[str, set[str]] = {}
        for path in ctx.files():
            if lockfiles.lock_kind(path) is None:
                continue
            try:
                lock = lockfiles.load(ctx, path)
            except InputError:
                continue  # PIN002 reports broken locks
            for name, versions in lock.versions.items():
                seen.setdefault(name, set()).update(versions)
        return {name: next(iter(v)) for name, v in seen.items() if len(v) == 1}

    return ctx.cached("pins:locked_versions", compute)


def _exact_pins(trees: list[RequirementTree]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for tree in trees:
        for file in tree.files:
            for line in file.requirements:
                if line.name and line.requirement and is_exact(line):
                    spec = next(iter(line.requirement.specifier))
                    found.setdefault(line.name, set()).add(spec.version)
    return found


class RequirementsPinned(Policy[PolicySettings]):
    """Every requirement in pip requirement files is pinned.

    Reads the files matching `pins.requirements.globs` (`requirements*.txt`,
    `requirements/*.txt`) and every file they include with `-r`/`-c` (relative to the
    including file; missing files and include cycles are findings). A requirement is
    pinned when, per the file's mode (`pins.requirements.modes`, default `exact`):

    - `exact`: `name==1.2.3` (no wildcard) or `name===...`;
    - `hashes`: exact and with `--hash`; pip's rule applies in every mode: once one
      requirement of an install has `--hash`, every requirement must;
    - `compatible`: also `name~=1.2.3` (three or more version parts).

    A direct URL needs a hash (`#sha256=` or `--hash`), a VCS URL a full 40-hex commit,
    and a local path is accepted only with `allow_local_editable` / `allow_local_paths`
    (`.` and `-e .`, the project itself, always are).
    A requirement left open in its file but pinned by a `-c` constraint file counts as
    pinned. Lines pip cannot parse are findings too.

    Fix: pin each line as the finding says (`uv pip compile` / `pip-compile` write exact
    pins; add `--generate-hashes` for hashes). Metrics: `pinned`, `total`.
    """

    id = "PIN001"
    slug = "requirements-pinned"
    title = "Requirement files pinned"
    default_severity = Severity.ERROR

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        config = pins(ctx).requirements
        roots = matching_files(ctx, config.globs)
        trees = [walk(ctx, root) for root in roots]
        known = locked_versions(ctx)
        for name, versions in _exact_pins(trees).items():
            if len(versions) == 1 and name not in known:
                known[name] = next(iter(versions))
        judged: set[str] = set()
        reported: set[str] = set()
        tally = _Tally()
        for tree in trees:
            for problem in tree.problems:
                if problem.key not in reported:
                    reported.add(problem.key)
                    yield self._broken(
                        settings,
                        problem.path,
                        problem.line,
                        problem.message,
                        problem.key,
                        problem.fix,
                    )
            yield from self._tree(settings, config, tree, judged, known, reported, tally)
        yield from counts(tally.pinned, tally.total, len(judged))

    def _broken(
        self,
        settings: PolicySettings,
        path: str,
        line: int | None,
        message: str,
        key: str,
        fix: str = "fix the line so pip can read it",
    ) -> Finding:
        return self.finding(
            settings,
            message,
            severity=Severity.ERROR,
            location=Location(path, start_line=line, end_line=line),
            fingerprint=fingerprint(self.id, key),
            title="Requirement file cannot be checked",
            fix=fix,
        )

    def _tree(
        self,
        settings: PolicySettings,
        config: RequirementPins,
        tree: RequirementTree,
        judged: set[str],
        known: dict[str, str],
        reported: set[str],
        tally: _Tally,
    ) -> Iterator[Finding]:
        requirement_files = [f for f in tree.files if f.path not in tree.constraint_only]
        hashes_required = any(
            f.require_hashes or any(r.hashes or r.url_hashes for r in f.requirements)
            for f in requirement_files
        )
        constrained: dict[str, str] = {}
        for file in tree.files:
            if file.path in tree.constraint_only:
                for line in file.requirements:
                    if line.name and is_exact(line):
                        constrained[line.name] = file.path
        root_mode = config.mode_for(tree.root)
        for file in tree.files:
            if file.path in judged:
                continue
            judged.add(file.path)
            for problem in file.problems:
                key = f"parse:{file.path}:{problem.message}"
                if key not in reported:
                    reported.add(key)
                    yield self._broken(
                        settings,
                        file.path,
                        problem.line,
                        f"cannot parse requirement line: {problem.message}",
                        key,
                    )
            # An included file takes its own glob's mode if one names it, else its includer's.
            mode = config.mode_for(file.path, root_mode)
            for line in file.requirements:
                tally.total += 1
                verdict = judge(
                    line,
                    mode,
                    hashes_required and file.path not in tree.constraint_only,
                    config,
                    constrained,
                    known,
                )
                if verdict is None:
                    tally.pinned += 1
                    continue
                yield self.finding(
                    settings,
                    verdict.what,
                    fix=verdict.fix,
                    location=Location(line.path, start_line=line.line, end_line=line.end_line),
                    fingerprint=fingerprint(
                        self.id, line.path, line.name or line.target, verdict.key
                    ),
                    title="Unpinned requirement",
                    properties={"ecosystem": "pip", "mode": mode.value, "name": line.name or ""},
                )
