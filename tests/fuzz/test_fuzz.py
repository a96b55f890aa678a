"""Bounded fuzz run over every input family (issue 11).

Defaults: seed 11, 2,200 cases in all (200 per family). Replay or extend a run with
``GATE_FUZZ_SEED=<n> GATE_FUZZ_CASES=<total> python -m pytest -q tests/fuzz``; a failure
names the seed, the family and the case index, and ``GATE_FUZZ_ONLY=family:index`` runs
that one case. The longer run the README documents uses ``GATE_FUZZ_CASES=50000``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fuzz_cases import FAMILIES, Case, make_case
from fuzz_contract import Outcome, leak_problems, robustness_problems, run

SEED = int(os.environ.get("GATE_FUZZ_SEED", "11"))
TOTAL = int(os.environ.get("GATE_FUZZ_CASES", "2200"))
ONLY = os.environ.get("GATE_FUZZ_ONLY")  # "family:index"
# Git-backed families cost a few git processes per case: they get a tenth of the share.
HEAVY = {"events", "git_states"}


def cases_for(family: str) -> list[int]:
    if ONLY:
        wanted, _, index = ONLY.partition(":")
        return [int(index)] if wanted == family else []
    share = TOTAL // len(FAMILIES)
    return list(range(max(1, share // 10) if family in HEAVY else share))


_RESULTS: dict[str, list[tuple[int, Case, Outcome]]] = {}


def outcomes(family: str, workdir: Path) -> list[tuple[int, Case, Outcome]]:
    """Run the family's cases once; both contract tests below read the results."""
    if family not in _RESULTS:
        results = []
        for index in cases_for(family):
            case = make_case(SEED, family, index)
            results.append((index, case, run(case, workdir / "repo", workdir / "out")))
        _RESULTS[family] = results
    return _RESULTS[family]


def replay(family: str, index: int) -> str:
    return f"GATE_FUZZ_SEED={SEED} GATE_FUZZ_ONLY={family}:{index} python -m pytest tests/fuzz"


def report(found: list[str]) -> str:
    return f"seed {SEED}: {len(found)} failing cases\n" + "\n".join(found[:20])


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.slow
def test_no_crash_hang_or_silent_pass(family: str, tmp_path: Path) -> None:
    found = []
    for index, case, outcome in outcomes(family, tmp_path):
        problems = robustness_problems(case, outcome)
        if problems:
            found.append(f"{replay(family, index)}  # {case.known or ''} {problems}")
    assert not found, report(found)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.slow
def test_no_secret_leak_or_injected_command(family: str, tmp_path: Path) -> None:
    found = []
    for index, case, outcome in outcomes(family, tmp_path):
        problems = leak_problems(case, outcome)
        if problems:
            found.append(f"{replay(family, index)}  # {problems}")
    assert not found, report(found)


def test_every_family_generates_broken_and_clean_cases() -> None:
    """The generator itself: each family marks some cases broken, so a silent pass
    would be seen, and builds a repository with at least one file."""
    for family in FAMILIES:
        cases = [make_case(SEED, family, index) for index in range(40)]
        assert any(case.broken for case in cases), family
        assert all(case.files for case in cases), family
    assert make_case(SEED, "workflows", 3).files == make_case(SEED, "workflows", 3).files
