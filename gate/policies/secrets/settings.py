"""The ``secrets`` config section shared by SEC001-SEC004."""

from __future__ import annotations

import fnmatch
import hashlib
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from gate.settings import RepoPath

if TYPE_CHECKING:
    from gate.context import Context

DEFAULT_BASELINE = ".gate/secrets-baseline.json"
# GitHub rejects a pushed file over 100 MiB, so by default nothing a pull request adds is over it.
MAX_FILE_SIZE = 100 << 20


class SecretsSettings(BaseModel):
    """Settings every secrets policy reads (``secrets:`` at the top of the config)."""

    model_config = ConfigDict(extra="forbid")

    engine: Literal["auto", "hyperscan", "python"] = Field(
        "auto",
        description="Matching engine: hyperscan when installed (auto), or the pure-Python one; "
        "both give the same findings.",
    )
    max_file_size: int = Field(
        MAX_FILE_SIZE,
        ge=1,
        description="Hard limit in bytes: a larger file cannot be scanned and fails SEC001-SEC003 "
        "(smaller ones are scanned whole, in chunks). Default 100 MiB, GitHub's limit for a file.",
    )
    exclude: list[str] = Field(
        default_factory=list,
        description="Path globs (repo-relative, `*` spans directories) the secrets policies skip.",
    )
    baseline: RepoPath = Field(
        DEFAULT_BASELINE,
        description="Reviewed list of accepted findings (`gate secrets baseline` writes it); "
        "read from the base commit in a pull request.",
    )
    allow_values: list[str] = Field(
        default_factory=list,
        description="Literal values that are never reported (test fixtures, documented dummies); "
        "compared by hash.",
    )
    placeholders: list[str] = Field(
        default_factory=list,
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
