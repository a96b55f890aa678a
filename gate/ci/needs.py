"""The ``ci-ok`` decision: did every job the required check depends on succeed?"""

from __future__ import annotations

import json
from dataclasses import dataclass

from gate.errors import InputError

# "skipped" is accepted because ci-ok needs every job directly: a job skipped because a
# dependency failed is always accompanied by that dependency's own "failure" here, so
# the only skips that remain are stages the caller switched off.
ACCEPTED = frozenset({"success", "skipped"})
KNOWN = frozenset({"success", "failure", "cancelled", "skipped"})


@dataclass(frozen=True)
class Verdict:
    ok: bool
    lines: tuple[str, ...]


def parse_needs(text: str) -> dict[str, str]:
    """``toJSON(needs)`` as {job: result}; anything else is an InputError (fail closed)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"the needs context is not JSON: {error.msg}") from None
    if not isinstance(data, dict) or not data:
        raise InputError("the needs context is empty: ci-ok must list the jobs it guards")
    results: dict[str, str] = {}
    for job, value in data.items():
        result = value.get("result") if isinstance(value, dict) else None
        if result not in KNOWN:
            raise InputError(f"job {job!r} has no known result ({result!r})")
        results[str(job)] = str(result)
    return results


def judge(results: dict[str, str]) -> Verdict:
    lines = [f"{job}: {result}" for job, result in sorted(results.items())]
    bad = sorted(job for job, result in results.items() if result not in ACCEPTED)
    if bad:
        lines.append(f"ci-ok fails: {', '.join(bad)} did not succeed")
    else:
        lines.append("ci-ok passes: every job succeeded or was switched off")
    return Verdict(not bad, tuple(lines))
