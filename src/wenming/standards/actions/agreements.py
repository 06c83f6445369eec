"""Target responsibility agreements (目标责任书): generated, issued, acknowledged, amended."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.audit import log_event
from wenming.core.errors import ConflictError, DomainError
from wenming.core.jobs import enqueue
from wenming.core.permissions import SystemActor, require
from wenming.core.transitions import check, lock, transition
from wenming.standards.choices import AGREEMENT_TRANSITIONS, AgreementStatus, AssignmentRole
from wenming.standards.models import (
    AgreementVersion,
    Assignment,
    Framework,
    ResponsibilityAgreement,
)
from wenming.standards.pdf import render_agreement_pdf
from wenming.standards.queries import is_head

MANAGE = "standards.manage_agreement"


def agreement_items(organization, framework, *, deadline: datetime.date) -> list[dict]:
    """The duties of `organization` in `framework`, from its assignments, in framework order."""
    assignments = (
        Assignment.objects.filter(organization=organization, indicator__framework=framework)
        .select_related("indicator")
        .order_by("indicator__position")
    )
    return [_item(a, deadline) for a in assignments]


def _item(assignment, deadline: datetime.date) -> dict:
    indicator = assignment.indicator
    return {
        "code": indicator.code,
        "name": indicator.name,
        "role": assignment.role,
        "points": str(indicator.points),
        "target": _("Meet the criterion in full"),
        "deadline": deadline.isoformat(),
    }


def _title(organization, year: int) -> str:
    return _("%(year)s target responsibility agreement for civilized-city creation: %(unit)s") % {
        "year": year,
        "unit": organization.name,
    }


def clean_items(items: list[dict]) -> list[dict]:
    cleaned = []
    for item in items:
        code = str(item.get("code", "")).strip()
        if not code or not str(item.get("name", "")).strip():
            raise DomainError(_("Every duty needs a code and a name."), code="invalid_items")
        deadline = str(item.get("deadline", "")).strip()
        if deadline:
            try:
                datetime.date.fromisoformat(deadline)
            except ValueError as error:
                raise DomainError(
                    _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": deadline},
                    code="invalid_date",
                ) from error
        cleaned.append(
            {
                "code": code,
                "name": str(item["name"]).strip(),
                "role": item.get("role") or AssignmentRole.LEAD,
                "points": str(item.get("points", "")),
                "target": str(item.get("target", "")).strip(),
                "deadline": deadline,
            }
        )
    return cleaned


def generate_agreement(
    organization, framework, *, year: int, actor, targets: str = "", deadline=None
) -> ResponsibilityAgreement:
    """Draft the agreement of one unit for one year from its assignments."""
    require(actor, MANAGE, organization)
    deadline = deadline or datetime.date(year, 12, 31)
    items = agreement_items(organization, framework, deadline=deadline)
    try:
        with transaction.atomic():
            agreement = ResponsibilityAgreement.objects.create(
                jurisdiction_id=organization.jurisdiction_id,
                organization=organization,
                framework=framework,
                year=year,
                title=_title(organization, year),
            )
            AgreementVersion.objects.create(
                jurisdiction_id=organization.jurisdiction_id,
                agreement=agreement,
                number=1,
                items=items,
                targets=targets,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            log_event(
                "standards.agreement.generated",
                actor=actor,
                target=agreement,
                new={"year": year, "duties": len(items)},
            )
    except IntegrityError as error:
        raise ConflictError(
            _("%(unit)s already has an agreement for %(year)s.")
            % {"unit": organization.name, "year": year},
            code="agreement_exists",
        ) from error
    return agreement


def generate_agreements(framework, *, year: int, actor, targets: str = "") -> int:
    """Draft the agreements of every unit that owns a criterion and has none for the year.

    It drafts for every owning unit, so a grant for one unit alone does not do: the check is
    against the framework, shared by the jurisdiction, which takes a jurisdiction-wide grant."""
    require(actor, MANAGE, Framework)
    deadline = datetime.date(year, 12, 31)
    existing = set(
        ResponsibilityAgreement.objects.filter(
            jurisdiction_id=framework.jurisdiction_id, year=year
        ).values_list("organization_id", flat=True)
    )
    by_unit = defaultdict(list)
    units = {}
    for assignment in (
        Assignment.objects.filter(indicator__framework=framework)
        .exclude(organization_id__in=existing)
        .select_related("indicator", "organization")
        .order_by("indicator__position")
    ):
        by_unit[assignment.organization_id].append(_item(assignment, deadline))
        units[assignment.organization_id] = assignment.organization
    creator = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        agreements = ResponsibilityAgreement.objects.bulk_create(
            ResponsibilityAgreement(
                jurisdiction_id=framework.jurisdiction_id,
                organization=unit,
                framework=framework,
                year=year,
                title=_title(unit, year),
            )
            for unit in units.values()
        )
        AgreementVersion.objects.bulk_create(
            AgreementVersion(
                jurisdiction_id=framework.jurisdiction_id,
                agreement=agreement,
                number=1,
                items=by_unit[agreement.organization_id],
                targets=targets,
                created_by=creator,
            )
            for agreement in agreements
        )
        log_event(
            "standards.agreement.generated",
            actor=actor,
            target=framework,
            new={"year": year, "agreements": len(agreements)},
        )
    return len(agreements)


def _current(agreement) -> AgreementVersion:
    return agreement.versions.get(number=agreement.version)


def _duties(agreement, items: list[dict] | None, refresh_items: bool) -> list[dict]:
    """The duties of the next content: those given, those drawn again from the unit's current
    assignments (`refresh_items`), or else the current version's."""
    if items is None and refresh_items and agreement.framework_id:
        items = agreement_items(
            agreement.organization,
            agreement.framework,
            deadline=datetime.date(agreement.year, 12, 31),
        )
    if items is None:
        items = _current(agreement).items
    return clean_items(items)


def update_agreement(
    agreement,
    *,
    targets: str,
    actor,
    items: list[dict] | None = None,
    refresh_items: bool = False,
):
    """Edit the current version before it is acknowledged; a signed agreement changes only by
    an amendment (`amend_agreement`). Without `items`, the duties stay as they are, or are
    drawn again from the current assignments with `refresh_items`."""
    require(actor, MANAGE, agreement)
    if items is not None:
        items = clean_items(items)
    with transaction.atomic():
        agreement = lock(agreement)
        if agreement.status == AgreementStatus.ACKNOWLEDGED:
            raise ConflictError(
                _("The agreement is signed; change it with an amendment."),
                code="agreement_signed",
            )
        items = _duties(agreement, items, refresh_items)
        version = _current(agreement)
        old = {"items": len(version.items), "targets": version.targets}
        version.items = items
        version.targets = targets
        version.save(update_fields=["items", "targets", "updated_at"])
        log_event(
            "standards.agreement.changed",
            actor=actor,
            target=agreement,
            old=old,
            new={"items": len(items), "targets": targets},
        )
    return agreement


def issue_agreement(agreement, *, actor):
    """Send the agreement to the unit's head for acknowledgement; its PDF is rendered."""
    require(actor, MANAGE, agreement)
    with transaction.atomic():
        agreement = lock(agreement)
        transition(
            agreement,
            AgreementStatus.ISSUED,
            transitions=AGREEMENT_TRANSITIONS,
            actor=actor,
            event="standards.agreement.issued",
        )
        _schedule_pdf(agreement)
    return agreement


def _is_head(user, organization) -> bool:
    return is_head(user, organization)


def acknowledge_agreement(agreement, *, actor):
    """The unit's head acknowledges the current version, once."""
    require(actor, "standards.acknowledge_agreement", agreement)
    with transaction.atomic():
        agreement = lock(agreement)
        if agreement.status == AgreementStatus.ACKNOWLEDGED:
            raise ConflictError(
                _("This version was already acknowledged on %(date)s.")
                % {"date": timezone.localtime(agreement.acknowledged_at).strftime("%Y-%m-%d")},
                code="already_acknowledged",
            )
        check(agreement, AgreementStatus.ACKNOWLEDGED, transitions=AGREEMENT_TRANSITIONS)
        if isinstance(actor, SystemActor) or (
            not actor.is_superuser and not _is_head(actor, agreement.organization)
        ):
            raise DomainError(
                _("Only the head of %(unit)s acknowledges its agreement.")
                % {"unit": agreement.organization.name},
                code="not_head",
            )
        now = timezone.now()
        agreement.acknowledged_by = actor
        agreement.acknowledged_at = now
        transition(
            agreement,
            AgreementStatus.ACKNOWLEDGED,
            transitions=AGREEMENT_TRANSITIONS,
            actor=actor,
            event="standards.agreement.acknowledged",
            fields=["acknowledged_by", "acknowledged_at"],
            new={"version": agreement.version},
        )
        AgreementVersion.objects.filter(agreement=agreement, number=agreement.version).update(
            acknowledged_by=actor, acknowledged_at=now
        )
        _schedule_pdf(agreement)
    return agreement


def amend_agreement(
    agreement,
    *,
    targets: str,
    reason: str,
    actor,
    items: list[dict] | None = None,
    refresh_items: bool = False,
):
    """Change a signed agreement: a new version, issued again for acknowledgement. Without
    `items`, the duties carry over, or are drawn again from the current assignments with
    `refresh_items`."""
    require(actor, MANAGE, agreement)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the agreement is amended."), code="reason_required")
    if items is not None:
        items = clean_items(items)
    with transaction.atomic():
        agreement = lock(agreement)
        if agreement.status != AgreementStatus.ACKNOWLEDGED:
            raise ConflictError(
                _("Only a signed agreement is amended; edit this one directly."),
                code="not_signed",
            )
        items = _duties(agreement, items, refresh_items)
        check(agreement, AgreementStatus.ISSUED, transitions=AGREEMENT_TRANSITIONS)
        agreement.version += 1
        AgreementVersion.objects.create(
            jurisdiction_id=agreement.jurisdiction_id,
            agreement=agreement,
            number=agreement.version,
            items=items,
            targets=targets,
            reason=reason,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        agreement.acknowledged_by = None
        agreement.acknowledged_at = None
        transition(
            agreement,
            AgreementStatus.ISSUED,
            transitions=AGREEMENT_TRANSITIONS,
            actor=actor,
            event="standards.agreement.amended",
            fields=["version", "acknowledged_by", "acknowledged_at"],
            new={"version": agreement.version, "reason": reason},
        )
        _schedule_pdf(agreement)
    return agreement


def _schedule_pdf(agreement) -> None:
    enqueue(render_agreement_pdf, agreement.pk, agreement.version)
