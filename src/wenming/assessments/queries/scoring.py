"""From frozen inputs to points: normalisation, weighting, adjustments, ranks and flags.

Everything here is a pure function of the run's snapshot (no database), which is what makes a
frozen run reproducible: the same snapshot always gives the same results.

Normalisations (each to 0–100 points, better values score higher):
- rank: 100 × (n − rank) ÷ (n − 1) among the n ranked units, ties sharing a rank (1, 1, 3);
  a single unit scores 100.
- min–max: 100 × (value − worst) ÷ (best − worst); all equal: 100.
- threshold: 100 when the value reaches the threshold (at most it, for a lower-is-better
  source), else 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def value_of(numerator, denominator, scale: int) -> Decimal | None:
    numerator, denominator = Decimal(str(numerator)), Decimal(str(denominator))
    if denominator <= 0:
        return None
    return quantize(numerator * scale / denominator)


def shared_ranks(values: dict, *, higher_is_better: bool) -> dict:
    """Competition ranking (1, 1, 3) of `{key: value}`."""
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=higher_is_better)
    ranks, previous, rank = {}, None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def normalise(
    values: dict, method: str, *, higher_is_better: bool, threshold: Decimal | None = None
) -> dict:
    """`{key: Decimal value}` → `{key: points 0–100}` by `method` (see the module's text)."""
    if not values:
        return {}
    if method == "rank":
        ranks = shared_ranks(values, higher_is_better=higher_is_better)
        count = len(values)
        if count == 1:
            return dict.fromkeys(values, HUNDRED)
        return {
            key: quantize(HUNDRED * (count - rank) / (count - 1)) for key, rank in ranks.items()
        }
    if method == "min_max":
        best = max(values.values()) if higher_is_better else min(values.values())
        worst = min(values.values()) if higher_is_better else max(values.values())
        if best == worst:
            return dict.fromkeys(values, HUNDRED)
        return {
            key: quantize(HUNDRED * (value - worst) / (best - worst))
            for key, value in values.items()
        }
    if method == "threshold":
        limit = Decimal(str(threshold or 0))
        return {
            key: HUNDRED if (value >= limit if higher_is_better else value <= limit) else Decimal(0)
            for key, value in values.items()
        }
    raise ValueError(method)


def score(snapshot: dict) -> list[dict]:
    """Each unit's result from a snapshot: components with their points, adjustments, total,
    rank and flag. A unit whose component rests on fewer records than that component's minimum
    is marked and left unranked (its total is still shown)."""
    units = snapshot["units"]
    components = snapshot["components"]
    results = {
        unit["id"]: {"organization_id": unit["id"], "components": [], "short": []} for unit in units
    }
    for component in components:
        inputs = snapshot["inputs"][component["source"]]
        minimum = component["minimum_cases"]
        values = {}
        for unit in units:
            numerator, denominator, cases = inputs.get(str(unit["id"]), (0, 0, 0))
            value = value_of(numerator, denominator, component["scale"])
            if cases >= minimum and value is not None:
                values[unit["id"]] = value
        points = normalise(
            values,
            component["normalisation"],
            higher_is_better=component["higher_is_better"],
            threshold=Decimal(component["threshold"]) if component["threshold"] else None,
        )
        weight = Decimal(component["weight"])
        for unit in units:
            numerator, denominator, cases = inputs.get(str(unit["id"]), (0, 0, 0))
            unit_points = points.get(unit["id"])
            entry = {
                "source": component["source"],
                "numerator": str(numerator),
                "denominator": str(denominator),
                "cases": cases,
                "value": _text(value_of(numerator, denominator, component["scale"])),
                "points": _text(unit_points),
                "weighted": _text(
                    quantize(unit_points * weight / HUNDRED) if unit_points is not None else None
                ),
            }
            results[unit["id"]]["components"].append(entry)
            if unit_points is None:
                results[unit["id"]]["short"].append(component["source"])
    for result in results.values():
        adjustments = [
            a for a in snapshot["adjustments"] if a["organization_id"] == result["organization_id"]
        ]
        result["adjustments"] = adjustments
        total = sum(
            (Decimal(entry["weighted"]) for entry in result["components"] if entry["weighted"]),
            Decimal(0),
        ) + sum((Decimal(a["points"]) for a in adjustments), Decimal(0))
        result["total"] = quantize(total)
    ranked = {key: result["total"] for key, result in results.items() if not result["short"]}
    ranks = shared_ranks(ranked, higher_is_better=True)
    for key, result in results.items():
        result["rank"] = ranks.get(key)
        result["flag"] = ""
    _flags(results, ranks, snapshot["red_flags"], snapshot["black_flags"])
    return sorted(
        results.values(), key=lambda r: (r["rank"] is None, r["rank"] or 0, r["organization_id"])
    )


def _flags(results: dict, ranks: dict, red: int, black: int) -> None:
    """Red flags for the units ranked 1…red, black for the last `black` ranks; a unit never
    gets both (the red wins when there are too few units)."""
    count = len(ranks)
    for key, rank in ranks.items():
        if rank <= red:
            results[key]["flag"] = "red"
        elif rank > count - black:
            results[key]["flag"] = "black"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
