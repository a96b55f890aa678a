"""Follow ``-r``/``-c`` includes from a requirement file: every file pip would read."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from gate.collectors import requirements
from gate.collectors.limits import MAX_INCLUDE_DEPTH
from gate.collectors.repository import Repository
from gate.collectors.requirements import Include, RequirementsFile
from gate.errors import InputError


@dataclass(frozen=True)
class TreeProblem:
    """A broken include (missing, cyclic, remote) or an unreadable file, at a line."""

    path: str
    line: int | None
    message: str
    key: str  # stable part of the fingerprint
    fix: str = "fix the line so pip can read it"


@dataclass
class RequirementTree:
    """The files one top-level requirement file pulls in, each once, in reading order."""

    root: str
    files: list[RequirementsFile] = field(default_factory=list)
    constraint_only: set[str] = field(default_factory=set)
    problems: list[TreeProblem] = field(default_factory=list)


def load(ctx: Repository, path: str) -> RequirementsFile:
    """Parse one requirement file (cached per run); InputError if it cannot be read."""

    def compute() -> RequirementsFile:
        return requirements.parse(ctx.read_text(path), path)

    return ctx.cached(f"pins:requirements:{path}", compute)


def include_target(including: str, include: Include) -> str:
    """The repo-relative path an include names (relative to the including file);
    it starts with ``../`` or ``/`` when it points outside the repository."""
    base = posixpath.dirname(including)
    return posixpath.normpath(posixpath.join(base, include.target.replace("\\", "/")))


def _exists(ctx: Repository, path: str) -> bool:
    try:
        return (ctx.root / path).is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte, ...
        return False


def walk(ctx: Repository, root: str) -> RequirementTree:
    """Every file reachable from ``root`` through includes, with each include problem."""
    tree = RequirementTree(root)
    visited: set[str] = set()
    reached_as_requirement: set[str] = set()

    def visit(path: str, stack: list[str], as_constraint: bool) -> None:
        if not as_constraint:
            reached_as_requirement.add(path)
        if path in visited:
            return
        visited.add(path)
        try:
            parsed = load(ctx, path)
        except InputError as error:
            tree.problems.append(
                TreeProblem(path, None, f"cannot read: {error.message}", f"unreadable:{path}")
            )
            return
        tree.files.append(parsed)
        for include in parsed.includes:
            option = "-r" if include.kind == "requirement" else "-c"
            if "://" in include.target:
                tree.problems.append(
                    TreeProblem(
                        path,
                        include.line,
                        f"{option} {include.target} is a remote file the gate cannot check; "
                        "vendor it into the repository",
                        f"remote:{path}:{include.target}",
                        "copy the file into the repository and " f"point {option} at it",
                    )
                )
                continue
            target = include_target(path, include)
            if target.startswith(("../", "/")) or target == "..":
                tree.problems.append(
                    TreeProblem(
                        path,
                        include.line,
                        f"{option} {include.target} is outside the repository",
                        f"outside:{path}:{include.target}",
                        "include a file inside the repository",
                    )
                )
                continue
            if target in stack or target == path:
                members = [*stack[stack.index(target) :], path] if target in stack else [path]
                cycle = " -> ".join([*members, target])
                tree.problems.append(
                    TreeProblem(
                        path,
                        include.line,
                        f"include cycle: {cycle}",
                        "cycle:" + "|".join(sorted(members)),
                        f"remove one {option} line of the cycle (pip would include the files "
                        "again and again)",
                    )
                )
                continue
            if len(stack) + 1 >= MAX_INCLUDE_DEPTH:
                tree.problems.append(
                    TreeProblem(
                        path,
                        include.line,
                        f"too large to judge: includes nested more than {MAX_INCLUDE_DEPTH} deep",
                        f"depth:{root}",
                        "flatten the chain of -r/-c includes",
                    )
                )
                continue
            if not _exists(ctx, target):
                tree.problems.append(
                    TreeProblem(
                        path,
                        include.line,
                        f"{option} {include.target}: no such file ({target})",
                        f"missing:{path}:{include.target}",
                        f"create {target} or remove the {option} line",
                    )
                )
                continue
            visit(target, [*stack, path], as_constraint or include.kind == "constraint")

    visit(root, [], False)
    tree.constraint_only = visited - reached_as_requirement
    return tree
