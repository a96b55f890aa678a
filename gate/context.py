"""Context: lazy, cached access to the facts of one checkout that policies ask for."""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from gate.collectors.diff import FileChange, changed_files
from gate.config import CONFIG_FILES, PYPROJECT, Config
from gate.config import load as config_load
from gate.errors import ConfigError, GitError, InputError, MissingInput
from gate.git import ZERO_SHA, Git
from gate.github.event import load_event

T = TypeVar("T")
LOG = logging.getLogger("gate")


@dataclass(frozen=True)
class CheckOptions:
    """What the command line said, beyond selection (``gate check`` flags)."""

    base: str | None = None
    head: str | None = None
    coverage_paths: tuple[str, ...] = ()
    baseline: str | None = None
    history: str | None = None
    all_history: bool = False
    paths: tuple[str, ...] | None = None  # restrict file-based policies (pre-commit hooks)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


def in_actions(env: Mapping[str, str]) -> bool:
    return env.get("GITHUB_ACTIONS") == "true"


def judges_a_change(env: Mapping[str, str]) -> bool:
    """Whether this Actions run judges a change someone proposes: a pull request (also
    on ``pull_request_review``, where $GITHUB_BASE_REF is not set) or a merge queue."""
    if not in_actions(env):
        return False
    if env.get("GITHUB_BASE_REF") or env.get("GITHUB_EVENT_NAME") == "merge_group":
        return True
    return isinstance(load_event(env).get("pull_request"), dict)


def find_base(git: Git, explicit: str | None, env: Mapping[str, str]) -> tuple[str | None, str]:
    """The ref to diff against, and how it was chosen (or why none was found).

    ``--base`` wins; on Actions a pull request's base (payload SHA, then
    ``origin/$GITHUB_BASE_REF``), a merge queue's ``merge_group.base_sha`` and a push's
    ``before``; locally the default branch.
    """
    if explicit:
        git.resolve(explicit)  # an unknown --base is a usage error, named
        return explicit, f"--base {explicit}"
    if in_actions(env):
        event = load_event(env)
        base_sha = (event.get("pull_request") or {}).get("base", {}).get("sha")
        if base_sha and git.ref_exists(base_sha):
            return base_sha, "the pull request's base commit"
        if env.get("GITHUB_EVENT_NAME") == "merge_group":
            group = event.get("merge_group")
            group_base = group.get("base_sha") if isinstance(group, dict) else None
            if isinstance(group_base, str) and group_base and git.ref_exists(group_base):
                return group_base, "the merge queue's base commit"
            return None, (
                "the merge queue's base commit (merge_group.base_sha) is not in this "
                "clone; check out with fetch-depth: 0"
            )
        base_ref = env.get("GITHUB_BASE_REF")
        if base_ref:
            for candidate in (f"origin/{base_ref}", base_ref):
                if git.ref_exists(candidate):
                    return candidate, f"the pull request's base branch {candidate}"
            return None, (
                f"the pull request's base {base_ref} is not in this clone; "
                "check out with fetch-depth: 0"
            )
        before = str(event.get("before") or "")
        pushed = env.get("GITHUB_EVENT_NAME") == "push" and before not in ("", ZERO_SHA)
        if pushed and git.ref_exists(before):
            return before, "the commit before this push"
    default = git.default_branch()
    if default is None:
        return None, "no default branch (main/master or origin/HEAD) was found; pass --base REF"
    return default, f"the default branch {default}"


def load_config(
    root: Path, explicit: str | None, *, git: Git | None = None, trusted: str | None = None
) -> Config:
    """The configuration from the working tree, or from commit ``trusted`` when set."""

    # The files discovery looks for, fetched from the commit with one git process.
    shown = git.show_many(trusted, [*CONFIG_FILES, PYPROJECT]) if trusted and git else {}

    def read(name: str) -> str | None:
        if trusted is not None and git is not None:
            data = shown[name] if name in shown else git.show(trusted, name)
            return None if data is None else data.decode("utf-8", "replace")
        full = root / name if not Path(name).is_absolute() else Path(name)
        try:
            return full.read_text(encoding="utf-8") if full.is_file() else None
        except (OSError, UnicodeDecodeError) as error:
            reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "unreadable"
            raise ConfigError(f"{name}: cannot read the configuration: {reason}") from None

    return config_load(read, explicit)


def trusted_config_ref(
    git: Git, root: Path, policy_from: str, base: str | None, env: Mapping[str, str]
) -> str | None:
    """Which commit's configuration judges this run (None: the working tree).

    In a pull request on Actions the base commit's configuration is used, so the pull
    request cannot weaken the policy that judges it (``--policy-from`` overrides).
    """
    if policy_from == "head":
        return None
    if policy_from == "auto" and not judges_a_change(env):
        return None
    if base is None:
        if policy_from == "base":
            raise GitError("--policy-from base needs a base ref; pass --base REF")
        # A proposed change without its base would be judged by its own configuration.
        raise GitError(
            "the change's base commit is not in this clone: check out with "
            "fetch-depth: 0 (the base's configuration must judge the change)"
        )
    return git.resolve(base)


def judging_config(
    root: Path,
    git: Git,
    *,
    config_path: str | None,
    base: str | None,
    policy_from: str,
    env: Mapping[str, str],
) -> tuple[Config, str | None]:
    """The configuration that judges this run and the commit it was read from (None: the
    working tree), after finding the base; each decision is logged."""
    is_git = git.is_repo()
    found_base: str | None = None
    if is_git:
        found_base, how = find_base(git, base, env)
        LOG.info("base: %s (%s)", found_base or "none", how)
    elif base or policy_from == "base":
        raise GitError(f"{root} is not a git checkout, which --base needs")
    else:
        LOG.info("base: none (%s is not a git checkout)", root)
    trusted = trusted_config_ref(git, root, policy_from, found_base, env) if is_git else None
    config = load_config(root, config_path, git=git, trusted=trusted)
    where = f"commit {trusted}" if trusted else "the working tree"
    LOG.info(
        "configuration: %s from %s (--policy-from %s)",
        config.source or "defaults",
        where,
        policy_from,
    )
    return config, trusted


class Context:
    """What policies may know about the checkout; each fact is computed once."""

    def __init__(
        self,
        root: Path,
        config: Config,
        options: CheckOptions | None = None,
        *,
        trusted_ref: str | None = None,
        git: Git | None = None,
    ) -> None:
        self.root = root.resolve()
        self.config = config
        self.options = options or CheckOptions()
        self.trusted_ref = trusted_ref
        # The caller's wrapper when it has one for this tree: what it learnt is not asked again.
        self.git = git if git is not None and git.root.resolve() == self.root else Git(self.root)
        self._cache: dict[str, Any] = {}

    # -- generic cache -------------------------------------------------------------------
    def cached(self, key: str, factory: Callable[[], T]) -> T:
        """Compute ``factory()`` once per run under ``key`` (collectors use this)."""
        if key not in self._cache:
            self._cache[key] = factory()
        value: T = self._cache[key]
        return value

    def section(self, name: str) -> Any:
        return self.config.section(name)

    @property
    def env(self) -> Mapping[str, str]:
        return self.options.env

    @property
    def in_actions(self) -> bool:
        return in_actions(self.env)

    # -- paths ----------------------------------------------------------------------------
    def relpath(self, path: str | Path) -> str:
        """A repo-relative POSIX path; a path outside the repository is an InputError."""
        candidate = Path(path)
        if not candidate.is_absolute():
            candidate = self.root / candidate
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
            raise InputError("cannot resolve: symbolic link loop", path=str(path)) from None
        try:
            return PurePosixPath(resolved.relative_to(self.root)).as_posix()
        except ValueError:
            raise InputError("path is outside the repository", path=str(path)) from None

    def excluded(self, path: str) -> bool:
        patterns = self.config.gate.exclude
        return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)

    def read_bytes(self, path: str) -> bytes:
        full = self.root / self.relpath(path)
        try:
            return full.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror}", path=path) from None

    def read_text(self, path: str) -> str:
        data = self.read_bytes(path)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", path=path) from None

    # -- git facts --------------------------------------------------------------------------
    @property
    def is_git(self) -> bool:
        return self.cached("is_git", self.git.is_repo)

    def require_git(self, why: str) -> Git:
        if not self.is_git:
            raise MissingInput(f"{self.root} is not a git checkout, which {why} needs")
        return self.git

    def base(self) -> tuple[str | None, str]:
        """The base ref and how it was chosen; (None, reason) when there is none."""
        if not self.is_git:
            return None, f"{self.root} is not a git checkout"
        return self.cached("base", lambda: find_base(self.git, self.options.base, self.env))

    def changed_files(self) -> dict[str, FileChange]:
        """Lines added between the merge-base and head; MissingInput without a base."""

        def compute() -> dict[str, FileChange]:
            self.require_git("a diff")
            base, reason = self.base()
            if base is None:
                raise MissingInput(f"cannot tell which lines changed: {reason}")
            if self.options.head:
                self.git.resolve(self.options.head)
            try:
                return changed_files(self.git, base, self.options.head)
            except GitError as error:
                raise MissingInput(f"cannot tell which lines changed: {error}") from None

        return self.cached("changed_files", compute)

    def files(self, *, untracked: bool | None = None) -> list[str]:
        """Files to judge: git's tracked files (plus untracked, unignored ones locally),
        narrowed to ``options.paths`` when given, minus the config's ``exclude`` globs."""

        def compute() -> list[str]:
            include_untracked = (not self.in_actions) if untracked is None else untracked
            if self.is_git:
                names = self.git.ls_files(untracked=include_untracked)
            else:
                names = sorted(
                    PurePosixPath(p.relative_to(self.root)).as_posix()
                    for p in self.root.rglob("*")
                    if p.is_file() and ".git" not in p.parts
                )
            if self.options.paths is not None:
                wanted = {self.relpath(p) for p in self.options.paths}
                listed = [n for n in names if n in wanted]
                if not self.is_git:
                    # Outside git a named file that is absent stays listed, so reading it
                    # fails loudly instead of the path being skipped.
                    listed += sorted(wanted - set(names))
                names = listed
            return [n for n in names if not self.excluded(n)]

        return self.cached(f"files:{untracked}", compute)

    def trusted_text(self, path: str) -> str | None:
        """A policy file (config, baseline) as the trusted side sees it.

        In a pull request the trusted side is the base commit, so a change cannot
        weaken what judges it; elsewhere it is the working tree.
        """
        ref = self.trusted_ref
        if ref is None:
            full = self.root / path
            return full.read_text(encoding="utf-8") if full.is_file() else None
        data = self.git.show(ref, path)
        return None if data is None else data.decode("utf-8", "replace")


def glob_files(names: Sequence[str], patterns: Sequence[str]) -> list[str]:
    """The names matching any of the glob patterns (``**`` spans directories)."""
    out = []
    for name in names:
        if any(fnmatch.fnmatch(name, pattern) for pattern in patterns):
            out.append(name)
    return out
