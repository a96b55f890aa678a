"""What a shell command fetches: package installs without hashes and downloads it runs.

Shared by PIN007; judges parsed commands (gate.collectors.shell), reads no files itself:
``hashed(path)`` tells whether a requirement file in the repository is fully hashed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from gate.collectors.shell import Command

SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "fish", "ash"})
INTERPRETERS = SHELLS | {"python", "python3", "perl", "ruby", "node", "php"}
DOWNLOADERS = frozenset({"curl", "wget"})
_PIP = re.compile(r"^pip(\d+(\.\d+)?)?$")
_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")
# pip/uv options that take a value (so the value is not a package).
_VALUED = frozenset(
    {"-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target",
     "--prefix", "--root", "--python", "-p", "--platform", "--python-version", "--src",
     "--implementation", "--abi", "--progress-bar", "--cache-dir", "--log", "--proxy",
     "--retries", "--timeout", "--exists-action", "--trusted-host", "--cert", "--client-cert",
     "--global-option", "--config-settings", "-C", "--upgrade-strategy", "--only-binary",
     "--no-binary", "--report", "--index", "--default-index", "--python-platform",
     "--pip-args", "--suffix", "--spec", "--preinstall"}
)  # fmt: skip
_PROJECT = re.compile(r"^\.{1,2}(/[^\s\[]*)?(\[[^\]]*\])?$")
# A wheel or sdist file in the build context: the bytes at hand are what is installed.
_LOCAL_ARCHIVE = re.compile(r"^[^:=<>!~\s]+\.(whl|tar\.gz|zip)$")


@dataclass(frozen=True)
class Fetch:
    """One unpinned fetch: the command line, what is wrong, and the fix."""

    line: int
    command: str
    problem: str
    fix: str
    kind: str  # "pip", "npm", "download-run"


def _is_python(word: str) -> bool:
    return bool(_PYTHON.match(word))


def install_args(command: Command) -> tuple[str, list[str]] | None:
    """(tool, the arguments after ``install``) for pip/python -m pip/uv pip/pipx installs."""
    words = list(command.words)
    program = command.program
    if _PIP.match(program) and words[1:2] == ["install"]:
        return "pip", words[2:]
    if _is_python(program) and words[1:4] == ["-m", "pip", "install"]:
        return "pip", words[4:]
    if program == "uv" and words[1:3] == ["pip", "install"]:
        return "uv pip", words[3:]
    if program == "pipx" and words[1:2] == ["install"]:
        return "pipx", words[2:]
    return None


def judge_install(command: Command, hashed: Callable[[str], bool | None]) -> tuple[str, str] | None:
    """(problem, fix) when a Python install is unpinned; None when it is fine."""
    found = install_args(command)
    if found is None:
        return None
    tool, args = found
    packages: list[str] = []
    files: list[str] = []
    require_hashes = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("-r", "--requirement", "-c", "--constraint"):
            if index + 1 < len(args) and arg in ("-r", "--requirement"):
                files.append(args[index + 1])
            index += 2
            continue
        if arg.startswith(("-r", "--requirement=")) and not arg.startswith("--r"):
            files.append(arg.split("=", 1)[1] if "=" in arg else arg[2:])
        elif arg in ("-e", "--editable"):
            if index + 1 < len(args):
                packages.append(args[index + 1])
            index += 2
            continue
        elif arg == "--require-hashes":
            require_hashes = True
        elif arg in _VALUED:
            index += 2
            continue
        elif not arg.startswith("-"):
            packages.append(arg)
        index += 1
    named = [p for p in packages if not (_PROJECT.match(p) or _LOCAL_ARCHIVE.match(p))]
    if tool == "pipx" and named:
        return (
            f"pipx install {' '.join(named)} installs without hashes",
            "install from a hashed requirement file (`pip install --require-hashes -r ...`)",
        )
    if named:
        return (
            f"{tool} install {' '.join(named)} installs packages without hashes",
            "list them with `--hash` in a requirement file and "
            f"`{tool} install --require-hashes -r that-file` (pip-compile/uv --generate-hashes)",
        )
    for name in files:
        if require_hashes:
            continue
        verdict = hashed(name)
        if verdict is None:
            return (
                f"{tool} install -r {name}: {name} is not in the repository, so its hashes "
                "cannot be checked",
                f"add `--require-hashes` or commit {name} with `--hash` on every line",
            )
        if not verdict:
            return (
                f"{tool} install -r {name}: {name} has requirements without `--hash`",
                f"add `--require-hashes` and hashes to {name} (uv pip compile --generate-hashes)",
            )
    return None


def judge_npm(command: Command) -> tuple[str, str] | None:
    if command.program == "npm" and command.words[1:2] in (("install",), ("i",), ("add",)):
        return (
            "npm install resolves versions anew and may rewrite the lock",
            "npm ci (installs exactly package-lock.json)",
        )
    return None


def _downloaded_file(command: Command) -> str | None:
    """The file a curl/wget command writes (None: stdout or unknown)."""
    words = list(command.words)
    if command.stdout_file:
        return command.stdout_file
    url = next((w for w in words[1:] if "://" in w), None)
    remote = command.program == "wget" or "--remote-name" in words
    for index, word in enumerate(words):
        short = command.program == "curl" and word.startswith("-") and word[1:2] != "-"
        if short and "O" in word:
            remote = True
        output = word == "--output" or (short and word.endswith("o"))
        if command.program == "curl" and output and index + 1 < len(words):
            return words[index + 1]
        if command.program == "wget" and word in ("-O", "--output-document"):
            target = words[index + 1] if index + 1 < len(words) else "-"
            return None if target == "-" else target
        if command.program == "wget" and word.startswith("-O") and len(word) > 2:
            return None if word[2:] == "-" else word[2:]
    if remote and url:
        return url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or None
    return None


def _runs(command: Command, file: str) -> bool:
    plain = file.removeprefix("./")
    words = [w.removeprefix("./") for w in command.words]
    if words and words[0] == plain:
        return True
    return command.program in INTERPRETERS and plain in words[1:]


def download_runs(commands: Sequence[Command]) -> list[tuple[Command, str]]:
    """(command, why) for each place a script runs what it just downloaded."""
    found: list[tuple[Command, str]] = []
    downloaded: dict[str, Command] = {}
    for index, command in enumerate(commands):
        program = command.program
        if program in DOWNLOADERS:
            if command.piped_into_next and index + 1 < len(commands):
                receiver = commands[index + 1]
                if receiver.program in INTERPRETERS:
                    found.append((receiver, f"{program} output piped into {receiver.program}"))
            target = _downloaded_file(command)
            if target:
                downloaded[target.removeprefix("./")] = command
            continue
        runner = program in INTERPRETERS or program in ("eval", "source", ".")
        for word in command.words[1:] if runner else ():
            if word.startswith(("<(", "$(")) and any(f"({d} " in word for d in DOWNLOADERS):
                found.append((command, f"{program} runs a download ({word[:40]})"))
                break
        for name, source in downloaded.items():
            if _runs(command, name):
                found.append((command, f"runs {name}, downloaded by {source.program} above"))
                break
    return found
