"""Settings of the READY policies: their own (opt-in) and the ``ready`` section they share."""

from __future__ import annotations

from dataclasses import dataclass

from gate.settings import FORBID, PolicySettings, setting


@dataclass(kw_only=True)
class ReadySettings(PolicySettings):
    """READY policies are opt-in: they need ruff, and a repository adopts them on purpose."""

    enabled: bool = False


@dataclass(kw_only=True)
class _Strict:
    __pydantic_config__ = FORBID


@dataclass(kw_only=True)
class ReadySection(_Strict):
    """The ``ready`` section: budgets and limits of READY001-READY005.

    A budget of ``null`` (the default) is a ratchet: what the base already has is
    allowed, a change may not add more. A number caps the repository-wide count too.
    """

    python_globs: list[str] = setting(
        factory=lambda: ["*.py"],
        description="Python files the READY checks read (a pattern matches at any depth).",
    )
    silent_failure_rules: list[str] = setting(
        factory=lambda: ["S110", "S112", "BLE001", "E722"],
        description="ruff rules that find exception handlers swallowing errors (READY001).",
    )
    silent_failure_budget: int | None = setting(
        None, ge=0, description="Most silent failures allowed in the repository."
    )
    max_file_lines: int = setting(1000, ge=1, description="Line limit of a module.")
    max_function_statements: int = setting(
        50, ge=1, description="Statement limit of a function (READY002)."
    )
    oversized_budget: int | None = setting(
        None, ge=0, description="Most oversized modules allowed in the repository."
    )
    debug_rules: list[str] = setting(
        factory=lambda: ["T201", "T203", "T100"],
        description="ruff rules that find debug output and debuggers (READY003).",
    )
    debug_budget: int | None = setting(
        None, ge=0, description="Most debug statements allowed in library code."
    )
    not_library: list[str] = setting(
        factory=lambda: [
            "tests/*", "test/*", "testing/*", "scripts/*", "bin/*", "tools/*", "docs/*",
            "examples/*", "benchmarks/*", "test_*.py", "*_test.py", "conftest.py",
            "setup.py", "noxfile.py", "__main__.py",
        ],
        description="Files that are not library code: they may print (READY003) and need "
        "no changelog entry (READY004).",
    )  # fmt: skip
    js_globs: list[str] = setting(
        factory=lambda: [
            "*.js",
            "*.mjs",
            "*.cjs",
            "*.jsx",
            "*.ts",
            "*.mts",
            "*.cts",
            "*.tsx",
        ],
        description="JavaScript/TypeScript files READY008 reads.",
    )
    js_not_library: list[str] = setting(
        factory=lambda: [
            "*.min.js", "node_modules/*", "vendor/*", "dist/*", "build/*", "coverage/*",
            "*.test.*", "*.spec.*", "__tests__/*", "tests/*", "test/*", "scripts/*", "bin/*",
            "*.config.*", "docs/*", "examples/*",
        ],
        description="JavaScript that may log to the console (tests, scripts, bundles, tools).",
    )  # fmt: skip
    js_debug_budget: int | None = setting(
        None, ge=0, description="Most console.log/debugger allowed in JavaScript."
    )
    changelog: str = setting("CHANGELOG.md", description="The Keep a Changelog file.")
    changelog_entry_required: bool = setting(
        True, description="A change to library code adds an entry under Unreleased."
    )
    ci_files: list[str] = setting(
        factory=lambda: [
            ".github/workflows/*.yml", ".github/workflows/*.yaml", ".gitlab-ci.yml",
            ".circleci/config.yml", "azure-pipelines.yml", "Jenkinsfile", ".travis.yml",
            "bitbucket-pipelines.yml", ".woodpecker.yml", ".drone.yml",
        ],
        description="Files any of which means continuous integration is set up (READY005).",
    )  # fmt: skip
