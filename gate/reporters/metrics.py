"""How reporters show a policy's metrics: numbers, percentages and ``part/whole`` pairs.

Metric names are free-form; a few naming conventions get nicer rendering:
``…coverage`` and ``…percent`` are percentages; ``X`` pairs with ``X_total``, with
``total`` (``pinned`` -> ``pinned 8/10``) or with ``<prefix>_total`` (``pip_pinned`` with
``pip_total``), and ``<prefix>covered`` with ``<prefix>statements``. ``status`` and
``…_exact`` (unrounded twins of shown values) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal

from gate.findings import MetricValue

_PLACES = 4  # more decimals than this is an unrounded value, cut for display


def format_value(value: MetricValue) -> str:
    """A metric value for people. A float with a few decimals is shown as it is: the
    policies round what they show (coverage as coverage.py rounds, at its precision), so
    the metric line reads as the message does; a long float is cut at 2 decimals
    (never rounded up to a threshold)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        exact = Decimal(repr(value))
        exponent = exact.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -_PLACES:
            text = format(exact, "f")
            return text.rstrip("0").rstrip(".") if "." in text else text
        shown = exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        text = format(shown, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _is_count(value: MetricValue) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_whole(name: str) -> bool:
    return name == "total" or name.endswith(("_total", "statements"))


def _whole_for(name: str, metrics: Mapping[str, MetricValue]) -> str | None:
    prefix = name.rsplit("_", 1)[0] + "_" if "_" in name else ""
    candidates = [f"{name}_total", f"{prefix}total"]
    if name.endswith("covered"):
        candidates.append(name[: -len("covered")] + "statements")
    for candidate in candidates:
        if candidate != name and _is_count(metrics.get(candidate)):
            return candidate
    return None


def metric_items(metrics: Mapping[str, MetricValue]) -> list[tuple[str, str]]:
    """(label, shown value) pairs in the policy's own order."""
    wholes: dict[str, str] = {}
    for name, value in metrics.items():
        if _is_count(value) and not _is_whole(name):
            whole = _whole_for(name, metrics)
            if whole is not None and whole not in wholes.values():
                wholes[name] = whole
    consumed = set(wholes.values())
    items = []
    for name, value in metrics.items():
        if name == "status" or name.endswith("_exact") or name in consumed or value is None:
            continue
        shown = format_value(value)
        if name in wholes:
            shown = f"{shown}/{format_value(metrics[wholes[name]])}"
        elif name.endswith(("coverage", "percent")) and isinstance(value, (int, float)):
            shown += "%"
        items.append((name.replace("_", " "), shown))
    return items


def format_metrics(metrics: Mapping[str, MetricValue], separator: str = " · ") -> str:
    """``coverage 78.5% · covered 942/1200``; empty when there is nothing to show."""
    return separator.join(f"{label} {shown}" for label, shown in metric_items(metrics))
