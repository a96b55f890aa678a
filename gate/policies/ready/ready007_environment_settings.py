"""READY007: production settings read the environment; code reading .env ships .env.example."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.ready.change import merge_base
from gate.policies.ready.common import python_sources
from gate.policies.ready.envsettings import (
    ENV_TEMPLATES,
    is_production_settings,
    literal_settings,
    reads_dotenv,
)
from gate.policies.ready.settings import ReadySettings


class EnvironmentSettings(Policy[ReadySettings]):
    """Production settings hold literal deployment values, or `.env` has no template.

    - A per-environment settings file for production (`settings/prod.py`,
      `config.production.yaml`, `config/prod.toml`, ...) that writes a deployment value
      as a literal (`DATABASE_URL = "postgres://db.internal/app"`, a `HOST`, `*_KEY`,
      `*_URL`, `PASSWORD`, ... key with a plain string) instead of reading it from the
      environment (`os.environ[...]`, `${VAR}` templates). Budget: what the base has is
      allowed (compared by setting name), a change may not add one.
    - Code that reads a `.env` file (`load_dotenv(`, `dotenv_values(`, `read_env(`,
      `env_file=".env"`) while no `.env.example` (or `.env.sample`, `.env.template`,
      `.env.dist`, `example.env`) tells a deployer which variables to set.
    A committed `.env` itself is SEC004's.

    Fix: read the value from the environment; commit a `.env.example` with placeholders.
    Metrics: `production_settings`, `literal_values`, `reads_dotenv`.
    """

    id = "READY007"
    slug = "environment-settings"
    title = "Settings separated per environment"
    default_severity = Severity.ERROR
    Settings = ReadySettings

    def evaluate(self, ctx: Context, settings: ReadySettings) -> Iterator[Finding | Metric]:
        files = [p for p in ctx.files() if is_production_settings(p)]
        yield Metric("production_settings", len(files))
        total = 0
        changes = ctx.changed_files() if files else {}
        start = merge_base(ctx) if changes else ""
        for path in files:
            try:
                found = literal_settings(path, ctx.read_bytes(path))
            except InputError:
                continue
            total += len(found)
            if path not in changes:
                continue
            old_path = changes[path].old_path or path
            old = ctx.git.show(start, old_path)
            allowed = Counter(n for _, n in literal_settings(old_path, old)) if old else Counter()
            for line, name in found:
                if allowed[name] > 0:
                    allowed[name] -= 1
                    continue
                yield self.finding(
                    settings,
                    f"production settings set {name} to a literal value instead of reading "
                    "it from the environment",
                    location=Location(path, line, line),
                    fingerprint=fingerprint(self.id, path, name),
                    fix=f"read {name} from the environment (os.environ / ${{VAR}})",
                )
        yield Metric("literal_values", total)
        yield Metric("debt", total)
        yield from self._dotenv(ctx, settings)

    def _dotenv(self, ctx: Context, settings: ReadySettings) -> Iterator[Finding | Metric]:
        readers = [p for p, source in python_sources(ctx).items() if reads_dotenv(source)]
        yield Metric("reads_dotenv", len(readers))
        names = {p.rsplit("/", 1)[-1] for p in ctx.files()}
        if readers and not names & set(ENV_TEMPLATES):
            yield self.finding(
                settings,
                f"{readers[0]} reads a .env file but no .env.example says which variables "
                "to set",
                location=Location(readers[0]),
                fingerprint=fingerprint(self.id, "no-env-example"),
                fix="commit a .env.example listing every variable with a placeholder value",
            )
