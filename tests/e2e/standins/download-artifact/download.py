"""actions/download-artifact v4+, offline: by name (into path) or by pattern (each into
path/<name>/ unless merge-multiple), from the folder the upload stand-in fills."""

import fnmatch
import os
import shutil
import sys
from pathlib import Path


def main() -> None:
    if os.environ["IN_IDS"]:
        print("::error::stand-in: artifact-ids is not emulated")
        sys.exit(1)
    store = Path(os.environ["E2E_ARTIFACTS"])
    workspace = Path(os.environ["GITHUB_WORKSPACE"])
    dest = Path(os.path.expanduser(os.environ["IN_PATH"])) if os.environ["IN_PATH"] else workspace
    dest = dest if dest.is_absolute() else workspace / dest
    name, pattern = os.environ["IN_NAME"], os.environ["IN_PATTERN"]
    available = sorted(p.name for p in store.iterdir()) if store.is_dir() else []
    if name:
        if name not in available:
            print(f"::error::Unable to download artifact(s): Artifact not found for name: {name}")
            sys.exit(1)
        chosen, single = [name], True
    else:
        chosen = [a for a in available if not pattern or fnmatch.fnmatchcase(a, pattern)]
        single = False
        print(f"Found {len(chosen)} artifact(s)")
    for artifact in chosen:
        target = dest if single or os.environ["IN_MERGE"] == "true" else dest / artifact
        for source in sorted((store / artifact).rglob("*")):
            if source.is_file():
                out = target / source.relative_to(store / artifact)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, out)
    dest.mkdir(parents=True, exist_ok=True)
    print(f"Artifact download completed: {len(chosen)} artifact(s) into {dest}")
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
        out.write(f"download-path={dest}\n")


if __name__ == "__main__":
    main()
