"""PIN007: scripts install packages only with hashes and never run what they download."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator

from gate.collectors import requirements, run_scripts, shell
from gate.collectors.run_scripts import Script
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.pins.common import counts, matching_files, pins, unreadable
from gate.policies.pins.script_rules import download_runs, install_args, judge_install, judge_npm
from gate.policies.pins.settings import ScriptSettings


def _shell_file(text: str, path: str) -> list[Script]:
    return [Script(path, 1, text, "script")]


class ScriptsPinned(Policy[ScriptSettings]):
    """Scripts install packages with hashes only and never run what they download.

    Reads workflow and composite-action `run:` steps (`pins.actions.globs`), Dockerfile
    `RUN` lines (`pins.docker.globs`) and shell scripts (`*.sh`), split into commands by
    a shell tokenizer (`&&`, `;`, `|`, continuations, `$(...)`). Findings:
    `pip install` / `python -m pip install` / `uv pip install` / `pipx install` of named
    packages (a version alone trusts the index; only hashes name exact files), or of a
    requirement file that is not fully hashed unless `--require-hashes` is given; the
    project itself (`.`, `-e .`, `.[extra]`) is fine. `npm install` (use `npm ci`).
    Download-then-run: `curl ... | sh`, `bash <(curl ...)`, `sh -c "$(curl ...)"`, and a
    file downloaded by curl/wget then executed.

    Fix: hashed requirement files with `--require-hashes`; `npm ci`; download, verify a
    checksum, then run (or use a pinned package instead). Metrics: `pinned`, `total`.
    """

    id = "PIN007"
    slug = "scripts-pinned"
    title = "Scripts install pinned packages and run no downloads"
    default_severity = Severity.ERROR
    Settings = ScriptSettings

    def evaluate(self, ctx: Context, settings: ScriptSettings) -> Iterator[Finding | Metric]:
        section = pins(ctx)
        sources: list[tuple[list[str], Callable[[str, str], list[Script]]]] = [
            (matching_files(ctx, section.actions.globs), run_scripts.workflow_scripts),
            (matching_files(ctx, section.docker.globs), run_scripts.dockerfile_scripts),
            (matching_files(ctx, settings.script_globs), _shell_file),
        ]
        known = set(ctx.files())
        pinned = total = files = 0
        for paths, read in sources:
            for path in paths:
                files += 1
                try:
                    scripts = read(ctx.read_text(path), path)
                except InputError as error:
                    yield unreadable(self, settings, path, error, "File cannot be checked")
                    continue
                hashed = _hashed_lookup(ctx, known, path)
                for script in scripts:
                    commands = shell.parse(script.text, script.line)
                    for command in commands:
                        if install_args(command) is None and judge_npm(command) is None:
                            continue
                        total += 1
                        verdict = judge_install(command, hashed) or judge_npm(command)
                        if verdict is None:
                            pinned += 1
                            continue
                        problem, fix = verdict
                        yield self._finding(settings, path, command, problem, fix)
                    for command, why in download_runs(commands):
                        total += 1
                        yield self._finding(
                            settings,
                            path,
                            command,
                            f"download-then-run: {why}",
                            "download to a file, check its sha256 against a pinned value, "
                            "then run it (or install a pinned package instead)",
                        )
        yield from counts(pinned, total, files)

    def _finding(
        self, settings: ScriptSettings, path: str, command: shell.Command, problem: str, fix: str
    ) -> Finding:
        text = " ".join(command.words)
        return self.finding(
            settings,
            f"{problem} (`{text[:120]}`)",
            location=Location(path, start_line=command.line, end_line=command.line),
            fix=fix,
            title="Unpinned fetch in a script",
            fingerprint=fingerprint(self.id, path, text),
            properties={"ecosystem": "scripts"},
        )


def _hashed_lookup(ctx: Context, known: set[str], path: str) -> Callable[[str], bool | None]:
    """name -> is that requirement file fully hashed (None: not in the repository).

    A name is looked up from the repository root, then beside the file that names it
    (a workflow runs at the root; a Dockerfile copies from its own directory).
    """

    def lookup(name: str) -> bool | None:
        folder = posixpath.dirname(path)
        for candidate in (name, posixpath.join(folder, name)):
            candidate = posixpath.normpath(candidate.removeprefix("./"))
            if candidate in known:
                return _fully_hashed(ctx, candidate, known, set())
        return None

    return lookup


def _fully_hashed(ctx: Context, path: str, known: set[str], seen: set[str]) -> bool:
    if path in seen:
        return True
    seen.add(path)
    try:
        parsed = requirements.parse(ctx.read_text(path), path)
    except InputError:
        return False
    if parsed.require_hashes:
        return True
    if not all(line.hashes for line in parsed.requirements):
        return False
    for include in parsed.includes:
        if include.kind != "requirement":
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), include.target))
        if target not in known or not _fully_hashed(ctx, target, known, seen):
            return False
    return True
