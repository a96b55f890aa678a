"""Build hook: record the commit a wheel or sdist is built from, as gate/_build_info.py.

`gate init` pins the reusable workflow and the hooks to the commit the installed gate came
from; a wheel has no git history, so the build writes the commit into the package. Built
outside a git checkout of this project (from an unpacked sdist, say), the sdist's own
recorded file ships, if it has one; else the gate knows no commit.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "gate/_build_info.py"
SHA = re.compile(r"[0-9a-f]{40}")


def head_commit(root: str) -> str | None:
    """HEAD of the git checkout whose top level is ``root`` itself, else None."""
    try:
        done = subprocess.run(
            ["git", "-C", root, "rev-parse", "--show-toplevel", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.splitlines()
    if done.returncode or len(lines) != 2:
        return None
    # An unpacked sdist inside some other repository must not record that repository's HEAD.
    if Path(lines[0]).resolve() != Path(root).resolve() or not SHA.fullmatch(lines[1]):
        return None
    return lines[1]


class BuildInfoHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "build-info"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        if version == "editable":
            return  # an editable install reads the checkout's HEAD at run time
        commit = head_commit(self.root)
        if commit is None:
            recorded = Path(self.root, TARGET)
            if recorded.is_file():  # an unpacked sdist: .gitignore would leave it out
                build_data["force_include"][str(recorded)] = TARGET
            return
        self._folder = tempfile.TemporaryDirectory()
        path = Path(self._folder.name) / "_build_info.py"
        path.write_text(
            '"""Written at build time by hatch_build.py: the commit this package was built '
            'from."""\n\n'
            f'COMMIT = "{commit}"\n',
            encoding="utf-8",
        )
        build_data["force_include"][str(path)] = TARGET

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._folder is not None:
            self._folder.cleanup()
