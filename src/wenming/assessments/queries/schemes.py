"""Snapshots, rankings, a unit's explanation, re-run diffs and the yearly view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from wenming.assessments.choices import AppealStatus, GroupKind, RunStatus
from wenming.assessments.models import Adjustment, Result, Run, Scheme
from wenming.assessments.queries.scoring import score
from wenming.assessments.queries.sources import SOURCES
from wenming.organizations.models import Organization

UNIT_KINDS: dict[str, str] = {
    GroupKind.RESPONSIBLE_UNITS: "responsible_unit",
    GroupKind.TOWNSHIPS: "township_government",
}


def assessed_units(scheme: Scheme) -> list[Organization]:
    if scheme.group_kind == GroupKind.UNIT_GROUP:
        queryset = scheme.unit_group.units.all()  # type: ignore[union-attr]
    else:
        queryset = Organization.objects.filter(kind=UNIT_KINDS[scheme.group_kind])
    return list(queryset.filter(is_active=True).only("pk", "name", "path").order_by("path"))


def _roll_up(units: list[Organization], counts: dict) -> dict[str, list]:
    """Each unit's counts: its own and its subtree's (a township's villages, a unit's
    departments), from per-organization counts."""
    if not counts:
        return {}
    paths = dict(Organization.objects.filter(pk__in=list(counts)).values_list("pk", "path"))
    totals: dict[str, list] = {}
    for organization_id, (numerator, denominator, cases) in counts.items():
        path = paths.get(organization_id, "")
        for unit in units:
            if organization_id == unit.pk or (unit.path and path.startswith(unit.path)):
                total = totals.setdefault(str(unit.pk), [Decimal(0), Decimal(0), 0])
                total[0] += numerator
                total[1] += denominator
                total[2] += cases
                break
    return {key: [str(value[0]), str(value[1]), value[2]] for key, value in totals.items()}


def build_snapshot(scheme: Scheme, start: dt.date, end: dt.date) -> dict:
    """Every number a run uses, read now and frozen: the units, the components as configured,
    the per-unit inputs of each source, and the bonuses and deductions of the period."""
    tz = timezone.get_current_timezone()
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end_at = dt.datetime.combine(end, dt.time.min, tzinfo=tz)
    units = assessed_units(scheme)
    default_minimum = scheme.minimum_cases
    if default_minimum is None:
        default_minimum = scheme.jurisdiction.get_policy("ranking_minimum_cases")
    components = []
    inputs = {}
    for component in scheme.components.all():
        source = SOURCES[component.source]
        components.append(
            {
                "source": component.source,
                "weight": str(component.weight),
                "normalisation": component.normalisation,
                "threshold": str(component.threshold) if component.threshold is not None else None,
                "minimum_cases": component.minimum_cases
                if component.minimum_cases is not None
                else default_minimum,
                "higher_is_better": source.higher_is_better,
                "scale": source.scale,
            }
        )
        # Only the scheme's jurisdiction's records, whatever scope the caller is in.
        with scope(jurisdiction=scheme.jurisdiction):
            counts = source.count(start_at, end_at)
        inputs[component.source] = _roll_up(units, counts)
    unit_ids = [unit.pk for unit in units]
    adjustments = [
        {
            "id": item.pk,
            "organization_id": item.organization_id,
            "kind": item.kind,
            "points": str(item.signed_points),
            "reason": item.reason,
            "occurred_on": item.occurred_on.isoformat(),
        }
        for item in Adjustment.objects.filter(
            organization_id__in=unit_ids, occurred_on__gte=start, occurred_on__lt=end
        )
        .exclude(appeals__status=AppealStatus.ACCEPTED)
        .order_by("occurred_on", "pk")
    ]
    return {
        "period": [start.isoformat(), end.isoformat()],
        "taken_at": timezone.now().isoformat(),
        "units": [{"id": unit.pk, "name": unit.name} for unit in units],
        "components": components,
        "sources": {str(c["source"]): str(SOURCES[str(c["source"])].label) for c in components},
        "inputs": inputs,
        "adjustments": adjustments,
        "red_flags": scheme.red_flags,
        "black_flags": scheme.black_flags,
    }


def reproduce(run: Run) -> list[dict]:
    """The run's results computed again from its frozen snapshot (identical to the stored ones,
    whatever happened to the records since)."""
    return score(run.snapshot)


def stored(run: Run) -> list[dict]:
    """The stored results in the shape `score` gives, for comparison."""
    return [
        {
            "organization_id": result.organization_id,
            "total": result.total,
            "rank": result.rank,
            "flag": result.flag,
            "components": result.components,
        }
        for result in run.results.order_by("pk")
    ]


def ranking(run: Run):
    """The run's results in rank order, without the per-component detail (not shown in a
    ranking, and the bulk of each row)."""
    return (
        run.results.select_related("organization")
        .defer("components", "adjustments")
        .order_by("rank", "organization__name")
    )


def diff(run: Run) -> list[dict]:
    """What changed for each unit against the version this run supersedes."""
    if run.supersedes_id is None:
        return []
    old = {r.organization_id: r for r in Result.objects.filter(run_id=run.supersedes_id)}
    rows = []
    for result in ranking(run):
        before = old.get(result.organization_id)
        changes = {
            "total": (before.total if before else None, result.total),
            "rank": (before.rank if before else None, result.rank),
            "flag": (before.flag if before else "", result.flag),
        }
        changed = {key: pair for key, pair in changes.items() if pair[0] != pair[1]}
        if changed:
            rows.append(
                {
                    "organization_id": result.organization_id,
                    "name": result.organization.name,
                    **changed,
                }
            )
    return rows


def explanation(result: Result) -> list[dict]:
    """How each point of a unit's result came about, with the link to the records behind it."""
    run = result.run
    components = {c["source"]: c for c in run.snapshot["components"]}
    rows = []
    for entry in result.components:
        source = SOURCES.get(entry["source"])
        config = components.get(entry["source"], {})
        url = ""
        if source is not None and source.records:
            url = reverse(source.records)
            if source.records == "workorders:kpi":
                url += f"?start={run.period_start:%Y-%m-%d}&end={run.period_end:%Y-%m-%d}&by=unit"
        rows.append(
            {
                **entry,
                "label": str(source.label) if source else entry["source"],
                "formula": str(source.formula) if source else "",
                "origin": str(source.origin) if source else "",
                "weight": config.get("weight"),
                "normalisation": config.get("normalisation"),
                "minimum_cases": config.get("minimum_cases"),
                "records_url": url,
            }
        )
    return rows


def public_runs():
    """Runs whose ranking anyone may read: published or final."""
    return Run.objects.filter(status__in=[RunStatus.PUBLISHED, RunStatus.FINAL])


def unit_year(organization, year: int) -> dict:
    """A unit's year: its result in every current run of the year (ranks by month, flags),
    its appeals. The query the selections area reads for civilized-unit evaluation."""
    results = list(
        Result.objects.filter(
            organization=organization,
            run__period_start__year=year,
        )
        .filter(Q(run__status=RunStatus.FINAL) | Q(run__status=RunStatus.PUBLISHED))
        .select_related("run", "run__scheme")
        .order_by("run__period_start")
    )
    flags = {"red": 0, "black": 0}
    for result in results:
        if result.flag:
            flags[result.flag] += 1
    return {
        "organization": organization,
        "year": year,
        "results": results,
        "red_flags": flags["red"],
        "black_flags": flags["black"],
        "appeals": list(organization_appeals(organization, year)),
    }


def organization_appeals(organization, year: int):
    from wenming.assessments.models import Appeal

    return Appeal.objects.filter(organization=organization, run__period_start__year=year).order_by(
        "created_at"
    )


def year_table(results, year: int) -> list[dict]:
    """One row per unit for the committee: its rank in each month of `year` (published and
    final runs, the current version), its red and black flags, its average total. `results`
    is the caller's restricted queryset of results (a unit: its own)."""
    rows: dict[int, dict] = {}
    for result in (
        results.filter(
            run__period_start__year=year,
            run__status__in=[RunStatus.PUBLISHED, RunStatus.FINAL],
        )
        .select_related("organization", "run")
        .order_by("organization__name", "run__period_start")
    ):
        row = rows.setdefault(
            result.organization_id,
            {
                "organization": result.organization,
                "months": [None] * 12,
                "red": 0,
                "black": 0,
                "totals": [],
            },
        )
        row["months"][result.run.period_start.month - 1] = result.rank or "—"
        row["red"] += result.flag == "red"
        row["black"] += result.flag == "black"
        if result.total is not None:
            row["totals"].append(result.total)
    for row in rows.values():
        totals = row.pop("totals")
        row["average"] = (
            (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01")) if totals else None
        )
    return list(rows.values())
