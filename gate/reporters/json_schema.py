"""The published, versioned JSON Schema of the ``json`` report, and its strict reader.

One set of pydantic models is both: ``gate schema --report json`` prints their JSON Schema,
and ``gate publish`` reads an uploaded report through them, so the schema users validate
against is the one the publisher enforces. Unknown keys are ignored (a newer gate may add
fields without bumping ``schema_version``); types are strict (no "1" for 1).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gate.reporters.json_report import SCHEMA_VERSION

SCHEMA_ID = f"https://policy-gate.invalid/schemas/report-v{SCHEMA_VERSION}.json"
SeverityName = Literal["notice", "warning", "error"]
Metric = int | float | str | bool | None
# Bounds that keep a hostile report from ballooning what the publisher renders.
MAX_TEXT = 65536
MAX_PATH = 4096


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class ReportLocation(_Strict):
    path: str = Field(min_length=1, max_length=MAX_PATH)
    start_line: int | None = Field(default=None, ge=1)
    end_line: int | None = Field(default=None, ge=1)
    start_column: int | None = Field(default=None, ge=1)
    end_column: int | None = Field(default=None, ge=1)
    commit: str | None = Field(default=None, pattern=r"^[0-9a-f]{7,64}$")


class ReportFinding(_Strict):
    policy_id: str = Field(pattern=r"^[A-Z]{2,8}[0-9]{3}$")
    severity: SeverityName
    title: str = Field(default="", max_length=1024)
    message: str = Field(max_length=MAX_TEXT)
    fix: str | None = Field(default=None, max_length=MAX_TEXT)
    fingerprint: str = Field(default="", max_length=256)
    help_url: str = Field(default="", max_length=2048)
    location: ReportLocation | None = None
    properties: dict[str, Metric] = Field(default_factory=dict)


class ReportPolicy(_Strict):
    id: str = Field(pattern=r"^[A-Z]{2,8}[0-9]{3}$")
    title: str = Field(max_length=1024)
    severity: SeverityName
    status: Literal["passed", "failed", "missing-input", "error"]
    metrics: dict[str, Metric] = Field(default_factory=dict)
    findings: list[ReportFinding] = Field(default_factory=list)


class ReportTool(_Strict):
    name: Literal["policy-gate"]
    version: str = Field(max_length=64)


class ReportCounts(_Strict):
    error: int = Field(ge=0)
    warning: int = Field(ge=0)
    notice: int = Field(ge=0)


class Report(_Strict):
    """A ``gate check --report json`` result (``schema_version`` 1)."""

    model_config = ConfigDict(
        extra="ignore",
        strict=True,
        frozen=True,
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID,
        },
    )

    schema_version: Literal[1]
    tool: ReportTool
    verdict: Literal["pass", "fail"]
    fail_on: SeverityName
    no_fail: bool
    base: str | None = Field(max_length=1024)
    head: str | None = Field(max_length=1024)
    counts: ReportCounts
    policies: list[ReportPolicy]

    @property
    def findings(self) -> list[ReportFinding]:
        return [finding for policy in self.policies for finding in policy.findings]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the json report, as ``gate schema --report json``."""
    schema = Report.model_json_schema(mode="validation")
    return {"$schema": schema.pop("$schema"), "$id": schema.pop("$id"), **schema}


def parse(data: Any) -> Report:
    """A decoded json report, validated; raises pydantic's ``ValidationError``."""
    return Report.model_validate(data)
