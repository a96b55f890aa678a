"""The readiness score: 0-100 from one run's policy results, by category, with its formula."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gate.findings import Finding, PolicyResult, RunResult, Severity

SCORE_VERSION = 1
ERROR_COST = Decimal("0.25")
WARNING_COST = Decimal("0.05")
DEBT_COST = Decimal("0.02")  # per unit of debt the ratchet allows (READY counts)
DEBT_CAP = Decimal("0.5")


@dataclass(frozen=True)
class Category:
    """A category: its weight out of 100 and the policy IDs (or prefixes) it is made of."""

    name: str
    weight: int
    policies: tuple[str, ...]
    about: str


# Fixed here, not in any configuration: a change cannot re-weigh the score judging it.
CATEGORIES = (
    Category("security", 30, ("SEC", "PIN"), "no secrets, pinned dependencies"),
    Category("tests", 25, ("COV",), "total, changed-line and baseline coverage"),
    Category("reliability", 15, ("READY001", "READY006"), "no swallowed errors, health route"),
    Category("maintainability", 15, ("READY002", "READY003", "READY008"), "sizes, no debug output"),
    Category(
        "delivery", 15, ("READY005", "READY004", "READY007"), "CI, release hygiene, env settings"
    ),
)

FORMULA_LINES = (
    "policy grade = max(0, 1 - 0.25 x error findings - 0.05 x warning findings - "
    "min(0.5, 0.02 x debt)); notices cost nothing; debt is what a READY check counts in the "
    "whole tree (its `debt` metric: silent failures, oversized modules, debug statements), "
    "which the ratchet lets pass but the score does not ignore; a policy with missing input "
    "or an error is not measurable",
    "category score = mean grade of its measurable policies",
    "score = round(100 x sum(weight x category score) / sum(weight)) over the measurable "
    "categories (half up)",
)
FORMULA = "; ".join(FORMULA_LINES) + "."


def category_of(policy_id: str) -> Category | None:
    for category in CATEGORIES:
        if any(policy_id.upper().startswith(p) for p in category.policies):
            return category
    return None


def grade(result: PolicyResult) -> Decimal | None:
    """A policy's grade in [0, 1]; None when it could not be measured."""
    if result.metrics.get("status") in ("missing-input", "error"):
        return None
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in result.findings if f.severity is Severity.WARNING)
    debt = result.metrics.get("debt")
    owed = min(DEBT_CAP, DEBT_COST * debt) if isinstance(debt, int) and debt > 0 else Decimal(0)
    return max(Decimal(0), 1 - ERROR_COST * errors - WARNING_COST * warnings - owed)


@dataclass(frozen=True)
class CategoryScore:
    category: Category
    grades: tuple[tuple[str, Decimal | None], ...]  # (policy ID, grade) of each policy run
    findings: tuple[Finding, ...]
    debts: tuple[tuple[str, int], ...] = ()  # (policy ID, debt) where a READY check owes some

    @property
    def value(self) -> Decimal | None:
        measured = [g for _, g in self.grades if g is not None]
        return sum(measured, Decimal(0)) / len(measured) if measured else None


@dataclass(frozen=True)
class Score:
    value: int | None
    categories: tuple[CategoryScore, ...]

    def lost_points(self, part: CategoryScore) -> Decimal:
        """Points this category costs the total (what fixing it would gain)."""
        measured = sum(c.category.weight for c in self.categories if c.value is not None)
        if part.value is None or not measured:
            return Decimal(0)
        return 100 * part.category.weight * (1 - part.value) / measured


def _percent(value: Decimal) -> int:
    return int((100 * value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def compute(result: RunResult) -> Score:
    """The score of one run: deterministic, from the policy results alone."""
    parts = []
    for category in CATEGORIES:
        mine = [r for r in result.results if category_of(r.policy_id) is category]
        findings = sorted((f for r in mine for f in r.findings), key=_rank)
        grades = tuple((r.policy_id, grade(r)) for r in mine)
        debts = tuple(
            (r.policy_id, debt)
            for r in mine
            if isinstance(debt := r.metrics.get("debt"), int) and debt > 0
        )
        parts.append(CategoryScore(category, grades, tuple(findings), debts))
    measured = [p for p in parts if p.value is not None]
    weights = sum(p.category.weight for p in measured)
    value = None
    if weights:
        total = sum(
            (p.category.weight * p.value for p in measured if p.value is not None), Decimal(0)
        )
        value = _percent(total / weights)
    return Score(value, tuple(parts))


def _rank(finding: Finding) -> tuple[int, tuple[str, int, str, str]]:
    return (-finding.severity.rank, finding.sort_key)


def to_dict(score: Score) -> dict[str, Any]:
    """The score as the JSON report and ``gate score --format json`` carry it."""
    return {
        "version": SCORE_VERSION,
        "value": score.value,
        "formula": FORMULA,
        "categories": [
            {
                "name": part.category.name,
                "weight": part.category.weight,
                "policies": list(part.category.policies),
                "score": None if part.value is None else _percent(part.value),
                "measurable": part.value is not None,
                "lost_points": float(round(score.lost_points(part), 2)),
                "grades": {pid: None if g is None else float(g) for pid, g in part.grades},
            }
            for part in score.categories
        ],
    }


def explanation() -> str:
    """``gate explain score``: every category's weight and the formula."""
    lines = [
        "score: 0-100 readiness score of one gate run (gate score, summary, json, openmetrics)",
        "",
        "categories (weight out of 100; policies by ID or prefix):",
    ]
    for c in CATEGORIES:
        lines.append(f"  {c.name:<16} {c.weight:>3}  {', '.join(c.policies):<20} {c.about}")
    lines += [
        "",
        "formula:",
        *(f"  {line}" for line in FORMULA_LINES),
        "",
        "A category whose policies did not run, or all lacked input (no coverage data, no",
        "tags, no base), is 'not measurable' and left out rather than counted as 0 or 100.",
        "The weights are fixed in the gate, never read from the repository, so a pull",
        "request cannot re-weigh the score that judges it.",
    ]
    return "\n".join(lines)


def render_text(score: Score, top: int = 3) -> str:
    """The breakdown people read: each category, what it costs, its top findings."""
    shown = "not measurable" if score.value is None else f"{score.value}/100"
    lines = [f"readiness score: {shown}"]
    for part in score.categories:
        value = "not measurable" if part.value is None else f"{_percent(part.value)}%"
        lost = score.lost_points(part)
        cost = f", costs {lost.quantize(Decimal('0.1'))} points" if lost else ""
        unmeasured = [pid for pid, g in part.grades if g is None]
        if unmeasured:
            cost += f" (not measured: {', '.join(unmeasured)})"
        lines.append(f"  {part.category.name:<16} {value:<15} weight {part.category.weight}{cost}")
        lines += [f"      {pid}: {debt} counted in the tree (debt)" for pid, debt in part.debts]
        lines += [f"      {_one_line(f)}" for f in part.findings[:top]]
    return "\n".join(lines) + "\n"


def _one_line(finding: Finding) -> str:
    where = ""
    if finding.location is not None:
        line = f":{finding.location.start_line}" if finding.location.start_line else ""
        where = f" {finding.location.path}{line}"
    message = finding.message if len(finding.message) <= 120 else finding.message[:117] + "..."
    return f"{finding.policy_id}{where}: {message}"


def summary_lines(result: RunResult) -> list[str]:
    """The job summary's score section (Markdown); empty unless READY policies ran."""
    if not any(r.policy_id.startswith("READY") for r in result.results):
        return []
    score = compute(result)
    shown = "not measurable" if score.value is None else f"**{score.value}/100**"
    lines = ["", f"### Readiness score: {shown}", ""]
    lines += [
        "| category | weight | score | costs points | not measured |",
        "|---|---:|---:|---:|---|",
    ]
    for part in score.categories:
        value = "not measurable" if part.value is None else f"{_percent(part.value)}%"
        lost = score.lost_points(part).quantize(Decimal("0.1"))
        unmeasured = ", ".join(pid for pid, g in part.grades if g is None) or "—"
        name, weight = part.category.name, part.category.weight
        lines.append(f"| {name} | {weight} | {value} | {lost} | {unmeasured} |")
    lines.append("")
    lines.append("`gate explain score` gives the weights and the formula.")
    return lines


def badge_svg(value: int | None, label: str = "readiness") -> str:
    """A flat badge as plain SVG (no fonts or images fetched)."""
    text = "n/a" if value is None else f"{value}/100"
    colour = "#9f9f9f" if value is None else _colour(value)
    left, right = 7 * len(label) + 10, 7 * len(text) + 10
    width = left + right
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{label}: {text}"><title>{label}: {text}</title>'
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" '
        'font-size="11">'
        f'<text x="{left / 2}" y="14">{label}</text>'
        f'<text x="{left + right / 2}" y="14">{text}</text></g></svg>\n'
    )


def _colour(value: int) -> str:
    for floor, colour in ((90, "#4c1"), (75, "#a4a61d"), (50, "#fe7d37")):
        if value >= floor:
            return colour
    return "#e05d44"
