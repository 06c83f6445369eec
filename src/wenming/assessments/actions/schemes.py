"""Schemes, bonus and deduction items, runs (compute → publish → final) and appeals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.assessments.choices import (
    APPEAL_TRANSITIONS,
    RUN_TRANSITIONS,
    AppealStatus,
    GroupKind,
    Normalisation,
    PeriodKind,
    RunStatus,
)
from wenming.assessments.models import Adjustment, Appeal, Component, Result, Run, Scheme
from wenming.assessments.queries.periods import period_bounds
from wenming.assessments.queries.schemes import build_snapshot
from wenming.assessments.queries.scoring import score
from wenming.assessments.queries.sources import SOURCES
from wenming.core.audit import log_event
from wenming.core.errors import ConflictError, DomainError, field_error
from wenming.core.permissions import require
from wenming.core.transitions import lock, transition

HUNDRED = Decimal(100)


def _decimal(value, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise field_error(field, _("Enter a number."), "invalid_number") from None


def _check_components(components: list[dict]) -> list[dict]:
    if not components:
        raise field_error(
            "components", _("A scheme needs at least one component."), "no_components"
        )
    total = Decimal(0)
    seen = set()
    for index, component in enumerate(components, start=1):
        source = component.get("source") or ""
        if source not in SOURCES:
            raise field_error(
                "components",
                _("Component %(number)s has no data source.") % {"number": index},
                "no_data_source",
            )
        if source in seen:
            raise field_error(
                "components",
                _("Component %(number)s repeats a data source.") % {"number": index},
                "duplicate_source",
            )
        seen.add(source)
        weight = _decimal(component.get("weight"), "components")
        if weight <= 0:
            raise field_error("components", _("A weight is more than 0 %."), "invalid_weight")
        if component.get("normalisation") not in Normalisation.values:
            raise field_error("components", _("Choose a normalisation."), "invalid_normalisation")
        if (
            component["normalisation"] == Normalisation.THRESHOLD
            and component.get("threshold") is None
        ):
            raise field_error(
                "components", _("A threshold normalisation needs its threshold."), "no_threshold"
            )
        total += weight
    if total != HUNDRED:
        raise field_error(
            "components",
            _("The weights add up to %(total)s %%, not 100 %%.") % {"total": total.normalize()},
            "weights_not_100",
        )
    return components


def _overlapping(scheme_fields: dict):
    """Schemes of the same units and period kind whose validity overlaps."""
    start, end = scheme_fields["valid_from"], scheme_fields.get("valid_until")
    queryset = Scheme.objects.select_for_update().filter(
        group_kind=scheme_fields["group_kind"],
        period_kind=scheme_fields["period_kind"],
        unit_group=scheme_fields.get("unit_group"),
    )
    queryset = queryset.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
    if end is not None:
        queryset = queryset.filter(valid_from__lte=end)
    return queryset


def create_scheme(*, jurisdiction, data: dict, components: list[dict], actor) -> Scheme:
    """A new scheme with its components; refused with the reason (nothing written) when the
    weights do not add up to 100 %, a component has no data source, or a scheme for the same
    units and period kind overlaps its validity."""
    require(actor, "assessments.manage_scheme", Scheme)
    _check_components(components)
    if data.get("period_kind") not in PeriodKind.values:
        raise field_error("period_kind", _("Choose a period."), "invalid_period_kind")
    if data.get("group_kind") == GroupKind.UNIT_GROUP and not data.get("unit_group"):
        raise field_error("unit_group", _("Choose the unit group."), "unit_group_required")
    if data.get("group_kind") != GroupKind.UNIT_GROUP:
        data["unit_group"] = None
    if data.get("valid_until") and data["valid_until"] < data["valid_from"]:
        raise field_error("valid_until", _("The end is before the start."), "invalid_period")
    with transaction.atomic():
        if _overlapping(data).exists():
            raise ConflictError(
                _("A scheme for these units and this period already covers these dates."),
                code="overlapping_scheme",
            )
        scheme = Scheme.objects.create(jurisdiction=jurisdiction, **data)
        Component.objects.bulk_create(
            [
                Component(
                    jurisdiction=jurisdiction,
                    scheme=scheme,
                    source=component["source"],
                    weight=_decimal(component["weight"], "components"),
                    normalisation=component["normalisation"],
                    threshold=component.get("threshold"),
                    minimum_cases=component.get("minimum_cases"),
                    position=index,
                )
                for index, component in enumerate(components)
            ]
        )
        log_event(
            "assessments.scheme.created",
            actor=actor,
            target=scheme,
            new={"name": scheme.name, "components": [dict(c) for c in components]},
        )
    return scheme


def add_adjustment(*, organization, data: dict, actor) -> Adjustment:
    """A bonus or deduction for a unit, with its reason (and evidence when given)."""
    require(actor, "assessments.manage_scheme", organization)
    if not (data.get("reason") or "").strip():
        raise field_error("reason", _("Give the reason."), "reason_required")
    points = _decimal(data.get("points"), "points")
    if points <= 0:
        raise field_error("points", _("Points are more than 0."), "invalid_points")
    with transaction.atomic():
        adjustment = Adjustment.objects.create(
            jurisdiction=organization.jurisdiction,
            organization=organization,
            created_by=getattr(actor, "pk", None) and actor,
            **{**data, "points": points},
        )
        log_event(
            "assessments.adjustment.created",
            actor=actor,
            target=adjustment,
            new={"kind": adjustment.kind, "points": str(points), "reason": adjustment.reason},
        )
    return adjustment


def _write_results(run: Run) -> None:
    Result.objects.bulk_create(
        [
            Result(
                jurisdiction=run.jurisdiction,
                run=run,
                organization_id=row["organization_id"],
                total=row["total"],
                rank=row["rank"],
                flag=row["flag"],
                unranked_reason=",".join(row["short"]),
                components=row["components"],
                adjustments=row["adjustments"],
            )
            for row in score(run.snapshot)
        ]
    )


def compute_run(*, scheme: Scheme, period_start: dt.date, actor) -> Run:
    """Compute the scheme for the period holding `period_start` from the records as they are
    now: every input frozen in the snapshot, each unit's result written. When the period
    already has a computed or published run, this is its next version and supersedes it."""
    require(actor, "assessments.manage_run", scheme)
    start, end = period_bounds(scheme.period_kind, period_start)
    with transaction.atomic():
        scheme = lock(scheme)
        current = (
            Run.objects.select_for_update()
            .filter(scheme=scheme, period_start=start)
            .exclude(status=RunStatus.SUPERSEDED)
            .order_by("-version")
            .first()
        )
        if current is not None and current.status == RunStatus.FINAL:
            raise ConflictError(_("This period's result is final."), code="run_final")
        if (
            current is not None
            and Appeal.objects.filter(run=current, status=AppealStatus.OPEN).exists()
        ):
            raise ConflictError(
                _("Decide the open appeals before computing again."), code="appeal_open"
            )
        version = (
            Run.objects.filter(scheme=scheme, period_start=start)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
            or 0
        ) + 1
        run = Run.objects.create(
            jurisdiction=scheme.jurisdiction,
            scheme=scheme,
            period_start=start,
            period_end=end - dt.timedelta(days=1),
            version=version,
            supersedes=current,
            snapshot=build_snapshot(scheme, start, end),
        )
        _write_results(run)
        run.computed_at = timezone.now()
        transition(
            run,
            RunStatus.COMPUTED,
            transitions=RUN_TRANSITIONS,
            actor=actor,
            event="assessments.run.computed",
            fields=["computed_at"],
            new={"period_start": start, "version": version},
        )
        if current is not None:
            transition(
                lock(current),
                RunStatus.SUPERSEDED,
                transitions=RUN_TRANSITIONS,
                actor=actor,
                event="assessments.run.superseded",
                new={"superseded_by": run.pk},
            )
    return run


def publish_run(*, run: Run, actor) -> Run:
    """Publish the ranking as a public notice (公示); objections until the deadline."""
    require(actor, "assessments.manage_run", run)
    with transaction.atomic():
        run = lock(run, related=["scheme"])
        today = timezone.localdate()
        run.published_at = timezone.now()
        run.objection_until = today + dt.timedelta(days=run.scheme.objection_days)
        return transition(
            run,
            RunStatus.PUBLISHED,
            transitions=RUN_TRANSITIONS,
            actor=actor,
            event="assessments.run.published",
            fields=["published_at", "objection_until"],
            new={"objection_until": run.objection_until},
        )


def finalise_run(*, run: Run, actor) -> Run:
    """Make a published run final: refused while an appeal is open."""
    require(actor, "assessments.manage_run", run)
    with transaction.atomic():
        run = lock(run)
        if run.appeals.filter(status=AppealStatus.OPEN).exists():
            raise ConflictError(_("An appeal against this run is still open."), code="appeal_open")
        return transition(
            run,
            RunStatus.FINAL,
            transitions=RUN_TRANSITIONS,
            actor=actor,
            event="assessments.run.finalised",
        )


def lodge_appeal(*, run: Run, organization, data: dict, actor) -> Appeal:
    """A unit contests one component or one deduction of a published run before the deadline."""
    require(actor, "assessments.lodge_appeal", organization)
    if not (data.get("reason") or "").strip():
        raise field_error("reason", _("Give the reason."), "reason_required")
    component, adjustment = data.get("component") or "", data.get("adjustment")
    if bool(component) == bool(adjustment):
        raise field_error(
            None, _("Contest either one component or one deduction."), "appeal_target"
        )
    with transaction.atomic():
        run = lock(run)
        if run.status != RunStatus.PUBLISHED:
            raise ConflictError(
                _("Only a published run can be appealed."), code="run_not_published"
            )
        if run.objection_until is None or timezone.localdate() > run.objection_until:
            raise ConflictError(
                _("The deadline for appeals has passed."), code="appeal_deadline_passed"
            )
        result = run.results.filter(organization=organization).first()
        if result is None:
            raise DomainError(_("This unit is not assessed in this run."), code="not_assessed")
        if component and component not in run.snapshot.get("sources", {}):
            raise field_error(
                "component", _("This run has no such component."), "unknown_component"
            )
        if adjustment is not None and adjustment.pk not in {a["id"] for a in result.adjustments}:
            raise field_error(
                "adjustment", _("This deduction is not in the result."), "unknown_adjustment"
            )
        appeal = Appeal.objects.create(
            jurisdiction=run.jurisdiction,
            run=run,
            organization=organization,
            component=component,
            adjustment=adjustment,
            reason=data["reason"].strip(),
            evidence=data.get("evidence") or "",
            lodged_by=getattr(actor, "pk", None) and actor,
        )
        log_event(
            "assessments.appeal.lodged",
            actor=actor,
            target=appeal,
            new={
                "run": run.pk,
                "component": component,
                "adjustment": getattr(adjustment, "pk", None),
            },
        )
    return appeal


def decide_appeal(*, appeal: Appeal, accept: bool, reason: str, actor) -> Appeal:
    """The office accepts (the run is computed again: a new version) or rejects with a reason.
    An accepted appeal against a deduction drops that deduction from every later computation."""
    require(actor, "assessments.decide_appeal", appeal)
    if not (reason or "").strip():
        raise field_error("reason", _("Give the reason."), "reason_required")
    with transaction.atomic():
        appeal = lock(appeal, related=["run", "run__scheme"])
        appeal.decision_reason = reason.strip()
        appeal.decided_at = timezone.now()
        transition(
            appeal,
            AppealStatus.ACCEPTED if accept else AppealStatus.REJECTED,
            transitions=APPEAL_TRANSITIONS,
            actor=actor,
            event="assessments.appeal.accepted" if accept else "assessments.appeal.rejected",
            fields=["decision_reason", "decided_at"],
            new={"reason": appeal.decision_reason},
        )
        appeals = appeal.run.appeals
        if (
            not appeals.filter(status=AppealStatus.OPEN).exists()
            and appeals.filter(status=AppealStatus.ACCEPTED).exists()
            and appeal.run.status != RunStatus.SUPERSEDED
        ):
            compute_run(scheme=appeal.run.scheme, period_start=appeal.run.period_start, actor=actor)
    return appeal
