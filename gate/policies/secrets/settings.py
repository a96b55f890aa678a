"""The ``secrets`` config section shared by SEC001-SEC004."""

from __future__ import annotations

import fnmatch
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from gate.settings import FORBID, RepoPath, setting

if TYPE_CHECKING:
    from gate.context import Context

DEFAULT_BASELINE = ".gate/secrets-baseline.json"
# GitHub rejects a pushed file over 100 MiB, so by default nothing a pull request adds is over it.
MAX_FILE_SIZE = 100 << 20


@dataclass(kw_only=True)
class SecretsSettings:
    """Settings every secrets policy reads (``secrets:`` at the top of the config)."""

    __pydantic_config__ = FORBID

    engine: Literal["auto", "hyperscan", "python"] = setting(
        "auto",
        description="Matching engine: hyperscan when installed (auto), or the pure-Python one; "
        "both give the same findings.",
    )
    max_file_size: int = setting(
        MAX_FILE_SIZE,
        ge=1,
        description="Hard limit in bytes: a larger file cannot be scanned and fails SEC001-SEC003 "
        "(smaller ones are scanned whole, in chunks). Default 100 MiB, GitHub's limit for a file.",
    )
    exclude: list[str] = setting(
        factory=list,
        description="Path globs (repo-relative, `*` spans directories) the secrets policies skip.",
    )
    baseline: RepoPath = setting(
        DEFAULT_BASELINE,
        description="Reviewed list of accepted findings (`gate secrets baseline` writes it); "
        "read from the base commit in a pull request.",
    )
    allow_values: list[str] = setting(
        factory=list,
        description="Literal values that are never reported (test fixtures, documented dummies); "
        "compared by hash.",
    )
    placeholders: list[str] = setting(
        factory=list,
        description="Extra values SEC004 treats as placeholders in environment files "
        "(case-insensitive).",
    )

    def skips(self, path: str) -> bool:
        return any(fnmatch.fnmatch(path, pattern) for pattern in self.exclude)

    def allowed_hashes(self) -> frozenset[str]:
        return frozenset(hashlib.sha256(v.encode("utf-8")).hexdigest() for v in self.allow_values)


def secrets_settings(ctx: Context) -> SecretsSettings:
    section: SecretsSettings = ctx.section("secrets")
    return section
