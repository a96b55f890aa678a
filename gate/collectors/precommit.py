"""The hook repositories of a ``.pre-commit-config.yaml``: ``repo``, ``rev``, line, comment,
and the ``additional_dependencies`` its hooks install."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from gate.collectors.limits import budgeted
from gate.collectors.structured import (
    MalformedFile,
    compose_yaml,
    line_of,
    mapping_get,
    scalar,
    sequence_items,
    trailing_comment,
)

LOCAL_REPOS = frozenset({"local", "meta"})


@dataclass(frozen=True)
class HookDependency:
    """One ``additional_dependencies`` entry: a package pre-commit installs for a hook."""

    hook: str  # the hook's ``id``
    line: int
    text: str


@dataclass(frozen=True)
class HookRepo:
    path: str
    line: int  # of ``rev:`` (of ``repo:`` when rev is missing)
    repo: str
    rev: str | None
    comment: str | None  # "frozen: v1.2.3"
    dependencies: tuple[HookDependency, ...] = ()

    @property
    def external(self) -> bool:
        return self.repo not in LOCAL_REPOS


@budgeted
def parse(text: str, path: str) -> list[HookRepo]:
    root = compose_yaml(text, path)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise MalformedFile("expected a mapping with `repos:`", path=path, line=line_of(root))
    repos = mapping_get(root, "repos")
    if repos is not None and not isinstance(repos, yaml.SequenceNode):
        raise MalformedFile("`repos:` must be a list", path=path, line=line_of(repos))
    lines = text.splitlines()
    found = []
    for entry in sequence_items(repos):
        repo_node = mapping_get(entry, "repo")
        repo = scalar(repo_node)
        if repo_node is None or repo is None:
            raise MalformedFile("a repos entry has no `repo:`", path=path, line=line_of(entry))
        rev_node = mapping_get(entry, "rev")
        rev = scalar(rev_node)
        if rev_node is not None and rev is None:
            raise MalformedFile("`rev:` must be a string", path=path, line=line_of(rev_node))
        anchor = rev_node if rev_node is not None else repo_node
        comment = trailing_comment(lines, rev_node) if rev_node is not None else None
        dependencies = tuple(_dependencies(entry, path))
        found.append(HookRepo(path, line_of(anchor), repo, rev, comment, dependencies))
    return found


def _dependencies(entry: yaml.Node, path: str) -> list[HookDependency]:
    hooks = mapping_get(entry, "hooks")
    if hooks is not None and not isinstance(hooks, yaml.SequenceNode):
        raise MalformedFile("`hooks:` must be a list", path=path, line=line_of(hooks))
    found = []
    for hook in sequence_items(hooks):
        extra = mapping_get(hook, "additional_dependencies")
        if extra is None:
            continue
        if not isinstance(extra, yaml.SequenceNode):
            raise MalformedFile(
                "`additional_dependencies:` must be a list", path=path, line=line_of(extra)
            )
        hook_id = scalar(mapping_get(hook, "id")) or "?"
        for item in sequence_items(extra):
            text = scalar(item)
            if text is None:
                raise MalformedFile(
                    "an `additional_dependencies` entry must be a string",
                    path=path,
                    line=line_of(item),
                )
            found.append(HookDependency(hook_id, line_of(item), text))
    return found
