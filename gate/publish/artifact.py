"""The pull request run's result artifact: fetched within bounds and validated as hostile.

Everything in it was produced by code the pull request controls, so it is data: size
bounded (the zip and the file inside it), JSON without NaN/Infinity, the versioned report
schema, every path a plain relative path inside the repository, and its provenance (the
run's head SHA, as the API reports the artifact) checked before anything is shown.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from pydantic import ValidationError

from gate.errors import InputError
from gate.findings import Finding, Location, PolicyResult, RunResult, Severity
from gate.github_api import GitHub
from gate.reporters.json_schema import Report, parse

ARTIFACT_NAME = "policy-gate-result"
REPORT_FILE = "gate.json"
# A real report of a large repository is well under 1 MiB; 8 MiB leaves room for 10,000
# findings while bounding what a hostile run can make the publisher download and parse.
MAX_BYTES = 8 * 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{40}$")
_BAD_PATH_CHAR = re.compile(r"[\x00-\x1f\x7f\\]")


class ArtifactRejected(InputError):
    """The artifact is missing, oversized, malformed or not from the run it claims."""


def fetch(api: GitHub, run_id: int, head_sha: str, name: str = ARTIFACT_NAME) -> bytes:
    """The report file's bytes from run ``run_id``'s artifact ``name``."""
    found = [a for a in api.run_artifacts(run_id, name) if a.get("name") == name]
    if not found:
        raise ArtifactRejected(f"run {run_id} uploaded no artifact named {name!r}")
    if len(found) > 1:
        raise ArtifactRejected(f"run {run_id} uploaded {len(found)} artifacts named {name!r}")
    artifact = found[0]
    if artifact.get("expired"):
        raise ArtifactRejected(f"artifact {name!r} of run {run_id} has expired")
    origin = artifact.get("workflow_run") or {}
    if origin.get("head_sha") != head_sha or origin.get("id") not in (None, run_id):
        raise ArtifactRejected(
            f"artifact {name!r} comes from another commit or run than run {run_id} "
            f"({head_sha[:12]}); refused"
        )
    size = artifact.get("size_in_bytes")
    if not isinstance(size, int) or size > MAX_BYTES:
        raise ArtifactRejected(f"artifact {name!r} is larger than {MAX_BYTES} bytes; refused")
    return unzip(api.download_artifact(int(artifact["id"]), MAX_BYTES))


def unzip(archive: bytes) -> bytes:
    """The one report file of an artifact zip, read with a hard size bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
            names = bundle.namelist()
            if names != [REPORT_FILE]:
                raise ArtifactRejected(
                    f"the artifact must hold exactly {REPORT_FILE!r}, not {len(names)} file(s)"
                )
            with bundle.open(REPORT_FILE) as member:
                # The declared size can lie: count what decompresses, not the header.
                data = member.read(MAX_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise ArtifactRejected("the artifact is not a readable zip archive") from None
    if len(data) > MAX_BYTES:
        raise ArtifactRejected(f"{REPORT_FILE} is larger than {MAX_BYTES} bytes; refused")
    return data


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load(raw: bytes, head_sha: str) -> Report:
    """The validated report; every rejection names the first problem, never a value."""
    if len(raw) > MAX_BYTES:
        raise ArtifactRejected(f"{REPORT_FILE} is larger than {MAX_BYTES} bytes; refused")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ArtifactRejected(f"{REPORT_FILE} is not UTF-8 JSON") from None
    try:
        report = parse(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top)"
        raise ArtifactRejected(
            f"{REPORT_FILE} does not match the json report schema v1 at {where}: "
            f"{first['type']} ({error.error_count()} problem(s))"
        ) from None
    if report.head and _SHA.match(report.head) and report.head != head_sha:
        raise ArtifactRejected(f"{REPORT_FILE} judged another commit than {head_sha[:12]}")
    for finding in report.findings:
        if finding.location is not None:
            check_path(finding.location.path)
    return report


def check_path(path: str) -> None:
    """A repository-relative POSIX path: no absolute path, drive, ``..`` or control byte."""
    parts = path.split("/")
    bad = (
        path.startswith("/")
        or bool(_BAD_PATH_CHAR.search(path))
        or re.match(r"^[A-Za-z]:", path) is not None
        or any(part in ("", ".", "..") for part in parts)
    )
    if bad:
        raise ArtifactRejected(f"{REPORT_FILE} names a path outside the repository; refused")


def to_result(report: Report) -> RunResult:
    """The report as the RunResult the reporters render (the artifact's verdict is not
    trusted: ``passed`` is recomputed from the findings)."""
    policies = tuple(
        PolicyResult(
            policy_id=policy.id,
            title=policy.title,
            severity=Severity(policy.severity),
            findings=tuple(
                Finding(
                    policy_id=f.policy_id,
                    severity=Severity(f.severity),
                    message=f.message,
                    location=Location(**f.location.model_dump()) if f.location else None,
                    fingerprint=f.fingerprint,
                    title=f.title,
                    fix=f.fix,
                    help_url=f.help_url,
                    properties=dict(f.properties),
                )
                for f in policy.findings
            ),
            metrics=dict(policy.metrics),
        )
        for policy in report.policies
    )
    return RunResult(
        results=policies,
        fail_on=Severity(report.fail_on),
        base=report.base,
        head=report.head,
        tool_version=report.tool.version,
    )
