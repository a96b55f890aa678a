"""actions/upload-artifact v4+, offline: a local folder per artifact name, same rules."""

import glob
import hashlib
import os
import shutil
import sys
from pathlib import Path


def fail(message: str) -> None:
    print(f"::error::{message}")
    sys.exit(1)


def collect(patterns: list[str], hidden: bool) -> dict[str, Path]:
    """Relative name -> file; a directory uploads its contents (v4+: hidden files only
    with include-hidden-files)."""
    files: dict[str, Path] = {}
    for pattern in patterns:
        if pattern.startswith("!"):
            fail(f"stand-in: exclude patterns are not emulated ({pattern})")
        for match in sorted(glob.glob(os.path.expanduser(pattern), recursive=True)):
            base = Path(match)
            if base.is_dir():
                for dirpath, dirnames, filenames in os.walk(base):
                    if not hidden:
                        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                    for name in filenames:
                        if hidden or not name.startswith("."):
                            path = Path(dirpath) / name
                            files[path.relative_to(base).as_posix()] = path
            elif base.is_file() and (hidden or not base.name.startswith(".")):
                files[base.name] = base
    # Hidden files sit in glob's blind spot: find them explicitly when asked for.
    if hidden:
        for pattern in patterns:
            base = Path(os.path.expanduser(pattern))
            if base.is_dir():
                for path in base.rglob(".*"):
                    if path.is_file():
                        files[path.relative_to(base).as_posix()] = path
    return files


def main() -> None:
    if not os.environ["IN_PATH"].strip():
        fail("Input required and not supplied: path")
    mode = os.environ["IN_IF_NO_FILES"]
    if mode not in ("warn", "error", "ignore"):
        fail(f"Unrecognized if-no-files-found input. Provided: {mode}")
    retention = os.environ["IN_RETENTION"]
    if retention and not retention.isdigit():
        fail(f"Invalid retention-days: {retention}")
    name = os.environ["IN_NAME"]
    if not name or any(c in name for c in '":<>|*?\r\n\\/'):
        fail(f"The artifact name is not valid: {name!r}")
    patterns = [p.strip() for p in os.environ["IN_PATH"].splitlines() if p.strip()]
    files = collect(patterns, os.environ["IN_HIDDEN"] == "true")
    if not files:
        message = (
            f"No files were found with the provided path: {' '.join(patterns)}. "
            "No artifacts will be uploaded."
        )
        if mode == "error":
            fail(message)
        print(f"::warning::{message}" if mode == "warn" else message)
        return
    target = Path(os.environ["E2E_ARTIFACTS"]) / name
    if target.exists():
        if os.environ["IN_OVERWRITE"] != "true":
            fail(
                "Failed to CreateArtifact: Received non-retryable error: Failed request: (409) "
                "Conflict: an artifact with this name already exists on the workflow run"
            )
        shutil.rmtree(target)
    digest = hashlib.sha256()
    for rel, source in sorted(files.items()):
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
        digest.update(rel.encode() + source.read_bytes())
    print(f"Uploaded artifact {name!r}: {len(files)} files")
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
        out.write(f"artifact-id={len(list(target.parent.iterdir()))}\n")
        out.write(f"artifact-url={target.as_uri()}\nartifact-digest={digest.hexdigest()}\n")


if __name__ == "__main__":
    main()
