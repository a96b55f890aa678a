"""codeql-action/upload-sarif, offline: the checks before an upload, and a kept copy."""

import json
import os
import shutil
import sys
from pathlib import Path


def fail(message: str) -> None:
    print(f"::error::{message}")
    sys.exit(1)


def main() -> None:
    if not os.environ["IN_WAIT"]:
        fail("Input required and not supplied: wait-for-processing")
    if not os.environ["IN_TOKEN"]:
        fail("stand-in: no token (the real upload would be refused)")
    path = Path(os.environ["IN_FILE"])
    path = path if path.is_absolute() else Path(os.environ["GITHUB_WORKSPACE"]) / path
    files = sorted(path.glob("*.sarif")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        fail(f"Path does not exist: {path}")
    keep = Path(os.environ["E2E_SARIF"])
    keep.mkdir(parents=True, exist_ok=True)
    category = os.environ["IN_CATEGORY"] or "default"
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            fail(f"Invalid SARIF. JSON syntax error: {error}")
        runs = data.get("runs") if isinstance(data, dict) else None
        if data.get("version") != "2.1.0" or not isinstance(runs, list) or not runs:
            fail(f"Invalid SARIF {file.name}: not a SARIF 2.1.0 log with runs")
        for run in runs:
            tool = ((run.get("tool") or {}).get("driver") or {}).get("name")
            if not tool:
                fail(f"Invalid SARIF {file.name}: a run has no tool.driver.name")
            print(f"{file.name}: {tool}, {len(run.get('results') or [])} results ({category})")
        shutil.copy2(file, keep / f"{category}.sarif")
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
        out.write(f'sarif-id=e2e-{category}\nsarif-ids=["e2e-{category}"]\n')


if __name__ == "__main__":
    main()
