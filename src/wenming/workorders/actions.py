"""Every change to a work order: report, accept, reject, dispatch, start, resolve, verify,
defer, return, reopen, merge.

Each action runs in one transaction, locks the order row (`select_for_update`), checks the move
against `TRANSITIONS`, writes a `WorkOrderEvent` (the order's history) and an `AuditEvent`,
and notifies the people who must act next. Permission is checked here (`require`), so the pages,
the API and Open311 cannot disagree about who may do what; the system acts as `SYSTEM`, a
resident as `PUBLIC`, and no actor at all is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core import hooks
from wenming.core.audit import log_event
from wenming.core.crypto import keyed_hash
from wenming.core.errors import ConflictError, DomainError, field_error
from wenming.core.geo import WGS84, in_bounds, to_wgs84
from wenming.core.permissions import SYSTEM, require, user_of
from wenming.core.transitions import check, lock, transition
from wenming.core.uploads import build_photo, check_image, schedule_thumbnail
from wenming.core.validators import normalize_phone
from wenming.core.workdays import deadline_for
from wenming.workorders.choices import (
    DEFERRAL_TRANSITIONS,
    PUBLISHABLE_SOURCES,
    RESIDENT_SOURCES,
    TRANSITIONS,
    DeferralStatus,
    PhotoStage,
    WorkOrderSource,
    WorkOrderStatus,
)
from wenming.workorders.models import (
    Category,
    DeferralRequest,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderPhoto,
)

S = WorkOrderStatus
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
MAX_PHOTOS = 9


class SelfVerificationError(DomainError):
    """The unit that resolved an order may not verify its own fix."""

    status_code = 403
    code = "own_unit_verification"


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


#: Who may open a work order of each source: residents through the public form or Open311,
#: inspectors from a failed inspection line, the office for hotline, leader and office cases.
REPORT_PERMISSIONS = {
    WorkOrderSource.CITIZEN: "workorders.report_problem_public",
    WorkOrderSource.OPEN311: "workorders.submit_open311_request",
    WorkOrderSource.INSPECTION: "inspections.perform_inspection",
    WorkOrderSource.HOTLINE: "workorders.accept",
    WorkOrderSource.LEADER: "workorders.accept",
    WorkOrderSource.OFFICE: "workorders.accept",
}


def new_reference(now: dt.datetime | None = None) -> str:
    """A tracking code residents can read out: date + 6 random characters (no 0/O/1/I)."""
    now = timezone.localtime(now or timezone.now())
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{now:%y%m%d}{tail}"


def _lock(order: WorkOrder) -> WorkOrder:
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("category", "responsible_unit", "jurisdiction")
        .get(pk=order.pk)
    )


def _actor_unit(actor, order: WorkOrder):
    """The organization in whose name `actor` acts on `order` (their unit, if it is the
    responsible one), for the history."""
    from wenming.organizations.models import Membership

    if not _is_user(actor):
        return None
    memberships = Membership.objects.filter(person__user=actor).select_related("organization")
    organizations = [m.organization for m in memberships]
    for organization in organizations:
        if order.responsible_unit_id == organization.pk:
            return organization
    return organizations[0] if organizations else None


def _json(data: dict | None) -> dict:
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def _record(
    order: WorkOrder,
    *,
    action: str,
    to_status: str,
    from_status: str,
    actor,
    note: str = "",
    data: dict | None = None,
    now: dt.datetime,
) -> WorkOrderEvent:
    event = WorkOrderEvent.objects.create(
        jurisdiction_id=order.jurisdiction_id,
        work_order=order,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor if _is_user(actor) else None,
        actor_label=actor.get_username() if _is_user(actor) else str(actor or ""),
        organization=_actor_unit(actor, order),
        note=note,
        data=_json(data),
        occurred_at=now,
    )
    log_event(
        f"workorders.work_order.{action}",
        actor=actor,
        target=order,
        old={"status": from_status},
        new={"status": to_status, "note": note[:500], **(data or {})},
    )
    return event


def _move(order, target, *, action, actor, note="", data=None, now=None, fields=()):
    """Check and apply `order.status → target`, save `fields`, record the history."""
    now = now or timezone.now()
    previous = order.status
    transition(order, target, transitions=TRANSITIONS, actor=actor, event=None, fields=fields)
    return _record(
        order,
        action=action,
        from_status=previous,
        to_status=target,
        actor=actor,
        note=note,
        data=data,
        now=now,
    )


def _require_text(value: str, field: str, message, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise field_error(field, message, code)
    return value


def _notify(users, order: WorkOrder, title: str, body: str = "") -> None:
    from wenming.notifications.actions import notify

    users = [user for user in users if user is not None]
    if users:
        notify(
            users,
            jurisdiction=order.jurisdiction,
            category="workorders",
            title=title,
            body=body,
            url=order.get_absolute_url(),
            external=True,
        )


def _dispatcher(order: WorkOrder):
    event = (
        WorkOrderEvent.objects.filter(work_order=order, action="dispatched")
        .select_related("actor")
        .order_by("-occurred_at", "-id")
        .first()
    )
    return event.actor if event else None


def _check_photos(photos) -> list:
    photos = [photo for photo in photos or () if photo]
    if len(photos) > MAX_PHOTOS:
        raise field_error(
            "photos", _("At most %(count)s photos."), "too_many_photos", {"count": MAX_PHOTOS}
        )
    checked = []
    for photo in photos:
        try:
            checked.append((photo, check_image(photo)))
        except Exception as error:
            from django.core.exceptions import ValidationError

            if isinstance(error, ValidationError) and not hasattr(error, "error_dict"):
                raise ValidationError({"photos": error.error_list}) from error
            raise
    return checked


def _save_photos(order: WorkOrder, checked, *, stage: str, actor, event=None, location=None):
    saved = []
    for upload, result in checked:
        photo = build_photo(
            WorkOrderPhoto,
            upload,
            checked=result,
            uploaded_by=user_of(actor),
            latitude=location[0] if location else None,
            longitude=location[1] if location else None,
            taken_at=None,
            jurisdiction_id=order.jurisdiction_id,
            work_order=order,
            stage=stage,
            event=event,
        )
        photo.save()
        schedule_thumbnail(photo)
        saved.append(photo)
    return saved


def resolve_category(jurisdiction, category) -> Category:
    """A `Category` (instance or code) of the jurisdiction, active, or a field error."""
    if isinstance(category, Category):
        if category.jurisdiction_id != jurisdiction.pk or not category.is_active:
            raise field_error("category", _("Choose a category."), "unknown_category")
        return category
    if not category:
        raise field_error("category", _("Choose a category."), "category_required")
    found = (
        Category.objects.with_scopes_disabled()
        .filter(jurisdiction=jurisdiction, code=str(category), is_active=True)
        .first()
    )
    if found is None:
        raise field_error("category", _("Unknown category."), "unknown_category")
    return found


def clean_location(jurisdiction, latitude, longitude, coordinate_system: str = WGS84):
    """WGS-84 decimals inside the jurisdiction, or (None, None) when no location was given."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        raise field_error("latitude", _("Give both latitude and longitude."), "location_partial")
    try:
        lat, lng = to_wgs84(latitude, longitude, coordinate_system or WGS84)
    except (TypeError, ValueError, ArithmeticError) as error:
        raise field_error(
            "latitude", _("The location is not valid."), "location_invalid"
        ) from error
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise field_error("latitude", _("The location is not valid."), "location_invalid")
    if not in_bounds(jurisdiction, lat, lng):
        raise field_error(
            "latitude",
            _("The location is outside %(jurisdiction)s.") % {"jurisdiction": jurisdiction.name},
            "location_outside",
        )
    return lat, lng


def report_problem(
    *,
    jurisdiction,
    category,
    description,
    source,
    latitude=None,
    longitude=None,
    address="",
    site=None,
    road_segment=None,
    responsible_unit=None,
    photos=(),
    source_reference="",
    reporter_user=None,
    reporter_phone="",
    actor,
    coordinate_system: str = WGS84,
    reported_at: dt.datetime | None = None,
    media_url: str = "",
) -> WorkOrder:
    """Open a work order in status `reported`. Everything is checked before anything is
    written, so a refused report leaves no row and no history."""
    require(actor, REPORT_PERMISSIONS.get(source, "workorders.accept"), WorkOrder)
    if source not in WorkOrderSource.values:
        raise field_error("source", _("Unknown source."), "unknown_source")
    category = resolve_category(jurisdiction, category)
    if source in RESIDENT_SOURCES and not category.is_public:
        raise field_error("category", _("Unknown category."), "unknown_category")
    description = _require_text(
        description, "description", _("Describe the problem."), "description_required"
    )
    lat, lng = clean_location(jurisdiction, latitude, longitude, coordinate_system)
    if lat is None and site is not None and site.latitude is not None:
        lat, lng = site.latitude, site.longitude
    if source in RESIDENT_SOURCES and lat is None and not (address or "").strip():
        raise field_error("latitude", _("Give the location of the problem."), "location_required")
    phone = normalize_phone(reporter_phone) if reporter_phone else ""
    checked = _check_photos(photos)
    now = timezone.now()
    with transaction.atomic():
        order = WorkOrder(
            jurisdiction=jurisdiction,
            reference=new_reference(now),
            category=category,
            status=S.REPORTED,
            source=source,
            source_reference=source_reference or "",
            description=description,
            latitude=lat,
            longitude=lng,
            address=(address or "").strip()[:200] or (site.address if site else ""),
            site=site,
            road_segment=road_segment,
            responsible_unit=responsible_unit,
            reporter_user=reporter_user if _is_user(reporter_user) else None,
            reporter_phone=phone,
            reporter_phone_hash=keyed_hash(phone) if phone else "",
            reported_at=reported_at or now,
            media_url=media_url or "",
        )
        try:
            with transaction.atomic():
                order.save()
        except IntegrityError:  # a tracking code collision: draw another once
            order.reference = new_reference(now)
            order.save()
        event = _record(
            order,
            action="reported",
            from_status="",
            to_status=S.REPORTED,
            actor=actor,
            note="",
            data={"source": source},
            now=now,
        )
        _save_photos(
            order,
            checked,
            stage=PhotoStage.BEFORE,
            actor=actor,
            event=event,
            location=(lat, lng) if lat is not None else None,
        )
    return order


def accept_work_order(order: WorkOrder, *, actor, note: str = "", category=None) -> WorkOrder:
    """立案: the office accepts the report as a valid case (and may correct its category)."""
    require(actor, "workorders.accept", order)
    with transaction.atomic():
        order = _lock(order)
        fields = ["accepted_at"]
        data = {}
        if category is not None:
            order.category = resolve_category(order.jurisdiction, category)
            fields.append("category")
            data["category"] = order.category.code
        now = timezone.now()
        order.accepted_at = now
        _move(
            order,
            S.ACCEPTED,
            action="accepted",
            actor=actor,
            note=note,
            data=data,
            now=now,
            fields=fields,
        )
        if order.source in RESIDENT_SOURCES:
            hooks.call("workorders.report_validated", work_order=order, actor=SYSTEM)
    return order


def set_work_order_public(order: WorkOrder, *, public: bool, actor) -> WorkOrder:
    """Show a hotline case in the anonymous Open311 feed, or stop showing it.

    Only hotline cases can be chosen: residents' reports are public by nature and internal
    findings (inspection, leader, office) must never reach the feed.
    """
    require(actor, "workorders.accept", order)
    if order.source not in PUBLISHABLE_SOURCES:
        raise ConflictError(
            _("Only hotline cases can be shown in or hidden from the public feed."),
            code="not_publishable",
        )
    with transaction.atomic():
        order = _lock(order)
        if order.is_public == bool(public):
            return order
        order.is_public = bool(public)
        order.save(update_fields=["is_public", "updated_at"])
        log_event(
            "workorders.work_order.published" if public else "workorders.work_order.unpublished",
            actor=actor,
            target=order,
            old={"is_public": not public},
            new={"is_public": bool(public)},
        )
    return order


def reject_work_order(order: WorkOrder, *, reason: str, actor) -> WorkOrder:
    """Not a case (duplicate elsewhere, not a problem, not ours): closed with the reason."""
    require(actor, "workorders.accept", order)
    reason = _require_text(reason, "reason", _("Give the reason."), "reason_required")
    with transaction.atomic():
        order = _lock(order)
        order.rejection_reason = reason
        _move(
            order,
            S.REJECTED,
            action="rejected",
            actor=actor,
            note=reason,
            fields=["rejection_reason"],
        )
    return order


def dispatch_work_order(
    order: WorkOrder, *, unit, actor, note: str = "", deadline: dt.datetime | None = None
) -> WorkOrder:
    """派遣: hand the case to the responsible unit; the deadline runs from now by the
    category's time limit on the jurisdiction's calendar (unless the office sets one)."""
    require(actor, "workorders.dispatch", order)
    if unit is None:
        raise field_error("unit", _("Choose the responsible unit."), "unit_required")
    with transaction.atomic():
        order = _lock(order)
        if unit.jurisdiction_id != order.jurisdiction_id or not unit.is_active:
            raise field_error("unit", _("Choose the responsible unit."), "unknown_unit")
        now = timezone.now()
        if deadline is not None and deadline <= now:
            raise field_error("deadline", _("The deadline must be in the future."), "deadline_past")
        order.responsible_unit = unit
        order.dispatched_at = now
        order.started_at = None
        order.deadline = deadline or deadline_for(
            order.jurisdiction,
            now,
            order.category.time_limit_value,
            order.category.time_limit_unit,
        )
        _move(
            order,
            S.DISPATCHED,
            action="dispatched",
            actor=actor,
            note=note,
            data={"unit": unit.pk, "unit_name": unit.name, "deadline": order.deadline},
            now=now,
            fields=["responsible_unit", "dispatched_at", "deadline", "started_at"],
        )
        from wenming.workorders.queries import unit_contacts

        _notify(
            unit_contacts(unit),
            order,
            _("New work order %(reference)s for %(unit)s")
            % {"reference": order.reference, "unit": unit.name},
            _("%(category)s, due %(deadline)s: %(description)s")
            % {
                "category": order.category.name,
                "deadline": timezone.localtime(order.deadline).strftime("%Y-%m-%d %H:%M"),
                "description": order.description[:100],
            },
        )
    return order


def start_work_order(order: WorkOrder, *, actor, note: str = "") -> WorkOrder:
    """The unit signs for the case and starts work on it."""
    require(actor, "workorders.handle", order)
    with transaction.atomic():
        order = _lock(order)
        order.started_at = order.started_at or timezone.now()
        _move(order, S.IN_PROGRESS, action="started", actor=actor, note=note, fields=["started_at"])
    return order


def resolve_work_order(order: WorkOrder, *, note: str, photos=(), actor) -> WorkOrder:
    """整改回复: the unit reports the fix with a note and after-photos (required where the
    category says so). The office verifies next."""
    require(actor, "workorders.handle", order)
    note = _require_text(note, "note", _("Describe what was done."), "note_required")
    checked = _check_photos(photos)
    with transaction.atomic():
        order = _lock(order)
        check(order, S.RESOLVED, transitions=TRANSITIONS)
        if order.category.requires_after_photo and not checked:
            raise field_error(
                "photos",
                _("This category requires a photo of the result."),
                "after_photo_required",
            )
        now = timezone.now()
        order.resolved_at = now
        order.first_resolved_at = order.first_resolved_at or now
        order.resolution_note = note
        order.resolved_unit = order.responsible_unit
        event = _move(
            order,
            S.RESOLVED,
            action="resolved",
            actor=actor,
            note=note,
            data={"photos": len(checked)},
            now=now,
            fields=["resolved_at", "first_resolved_at", "resolution_note", "resolved_unit"],
        )
        _save_photos(order, checked, stage=PhotoStage.AFTER, actor=actor, event=event)
        _notify(
            [_dispatcher(order)],
            order,
            _("Work order %(reference)s was resolved, please verify")
            % {"reference": order.reference},
            note[:200],
        )
    return order


def _is_member_of(actor, organization) -> bool:
    from wenming.organizations.models import Membership

    if not _is_user(actor) or organization is None:
        return False
    return Membership.objects.filter(
        person__user=actor, organization__path__startswith=organization.path
    ).exists()


def verify_work_order(order: WorkOrder, *, passed: bool, note: str = "", actor) -> WorkOrder:
    """核查: the office checks the fix. Pass → verified and closed; fail → reworked, back to the
    unit. Nobody from the unit that resolved it may verify it."""
    require(actor, "workorders.verify", order)
    if not passed:
        note = _require_text(note, "note", _("Say what is still wrong."), "note_required")
    with transaction.atomic():
        order = _lock(order)
        target = S.VERIFIED if passed else S.REWORKED
        check(order, target, transitions=TRANSITIONS)
        if _is_member_of(actor, order.resolved_unit):
            raise SelfVerificationError(
                _("The unit that resolved this work order cannot verify it.")
            )
        now = timezone.now()
        if passed:
            order.verified_at = now
            _move(
                order,
                S.VERIFIED,
                action="verified",
                actor=actor,
                note=note,
                now=now,
                fields=["verified_at"],
            )
            order.closed_at = now
            resolved = order.resolved_at or now
            order.closed_on_time = order.deadline is None or resolved <= order.deadline
            order.close_hours = round((now - order.reported_at).total_seconds() / 3600, 2)
            _move(
                order,
                S.CLOSED,
                action="closed",
                actor=actor,
                now=now,
                data={"on_time": order.closed_on_time},
                fields=["closed_at", "closed_on_time", "close_hours"],
            )
        else:
            order.rework_count += 1  # the row is locked: no lost update
            _move(
                order,
                S.REWORKED,
                action="reworked",
                actor=actor,
                note=note,
                now=now,
                data={"rework_count": order.rework_count},
                fields=["rework_count"],
            )
            from wenming.workorders.queries import unit_contacts

            _notify(
                unit_contacts(order.responsible_unit),
                order,
                _("Work order %(reference)s must be reworked") % {"reference": order.reference},
                note[:200],
            )
    return order


def request_deferral(
    order: WorkOrder, *, reason: str, requested_deadline: dt.datetime, actor
) -> DeferralRequest:
    """缓办: the unit asks for a later deadline, with a reason; the office decides."""
    require(actor, "workorders.handle", order)
    reason = _require_text(reason, "reason", _("Give the reason."), "reason_required")
    if requested_deadline is None:
        raise field_error("requested_deadline", _("Give the new deadline."), "deadline_required")
    with transaction.atomic():
        order = _lock(order)
        check(order, S.DEFERRED, transitions=TRANSITIONS)
        if requested_deadline <= max(order.deadline or timezone.now(), timezone.now()):
            raise field_error(
                "requested_deadline",
                _("The new deadline must be later than the current one."),
                "deadline_not_later",
            )
        try:
            with transaction.atomic():
                request = DeferralRequest.objects.create(
                    jurisdiction_id=order.jurisdiction_id,
                    work_order=order,
                    reason=reason,
                    requested_deadline=requested_deadline,
                    requested_by=actor if _is_user(actor) else None,
                )
        except IntegrityError as error:
            raise ConflictError(
                _("A deferral request for this work order is already waiting."),
                code="deferral_pending",
            ) from error
        _record(
            order,
            action="deferral_requested",
            from_status=order.status,
            to_status=order.status,
            actor=actor,
            note=reason,
            data={"requested_deadline": requested_deadline},
            now=timezone.now(),
        )
        _notify(
            [_dispatcher(order)],
            order,
            _("Deferral requested for %(reference)s") % {"reference": order.reference},
            reason[:200],
        )
    return request


def approve_deferral(
    request: DeferralRequest, *, approved: bool = True, note: str = "", actor
) -> DeferralRequest:
    """The office approves (the order becomes `deferred` with the new deadline) or refuses."""
    require(actor, "workorders.approve_deferral", request.work_order)
    with transaction.atomic():
        order = _lock(request.work_order)
        request = lock(request)
        if request.status != DeferralStatus.PENDING:
            raise ConflictError(_("This request was already decided."), code="already_decided")
        now = timezone.now()
        request.decided_by = actor if _is_user(actor) else None
        request.decided_at = now
        request.decision_note = note
        if approved:
            order.deadline = request.requested_deadline
            order.was_deferred = True
            _move(
                order,
                S.DEFERRED,
                action="deferred",
                actor=actor,
                note=note or request.reason,
                data={"deadline": order.deadline},
                now=now,
                fields=["deadline", "was_deferred"],
            )
        else:
            _record(
                order,
                action="deferral_refused",
                from_status=order.status,
                to_status=order.status,
                actor=actor,
                note=note,
                now=now,
            )
        # The order's history above is the trail of the decision.
        transition(
            request,
            DeferralStatus.APPROVED if approved else DeferralStatus.REFUSED,
            transitions=DEFERRAL_TRANSITIONS,
            actor=actor,
            event=None,
            fields=["decided_by", "decided_at", "decision_note"],
        )
        _notify(
            [request.requested_by],
            order,
            (
                _("Deferral approved for %(reference)s")
                if approved
                else _("Deferral refused for %(reference)s")
            )
            % {"reference": order.reference},
            note[:200],
        )
    return request


def return_work_order(order: WorkOrder, *, reason: str, actor) -> WorkOrder:
    """退回: the unit says the case is not theirs; it goes back to the dispatcher."""
    require(actor, "workorders.handle", order)
    reason = _require_text(reason, "reason", _("Give the reason."), "reason_required")
    with transaction.atomic():
        order = _lock(order)
        _move(order, S.RETURNED, action="returned", actor=actor, note=reason)
        _notify(
            [_dispatcher(order)],
            order,
            _("Work order %(reference)s was returned") % {"reference": order.reference},
            reason[:200],
        )
    return order


def reopen_work_order(order: WorkOrder, *, reason: str, actor) -> WorkOrder:
    """重开: the problem came back after closing; the office dispatches it again."""
    require(actor, "workorders.accept", order)
    reason = _require_text(reason, "reason", _("Give the reason."), "reason_required")
    with transaction.atomic():
        order = _lock(order)
        order.closed_at = None
        order.closed_on_time = None
        order.close_hours = None
        order.verified_at = None
        _move(
            order,
            S.REOPENED,
            action="reopened",
            actor=actor,
            note=reason,
            fields=["closed_at", "closed_on_time", "close_hours", "verified_at"],
        )
    return order


def merge_work_orders(duplicate: WorkOrder, *, into: WorkOrder, actor, note: str = "") -> WorkOrder:
    """Fold a duplicate report into the case that carries the same problem."""
    require(actor, "workorders.accept", duplicate)
    require(actor, "workorders.accept", into)
    if duplicate.pk == into.pk:
        raise field_error("into", _("An order cannot be merged into itself."), "merge_self")
    with transaction.atomic():
        first, second = sorted([duplicate, into], key=lambda item: item.pk)
        locked = {item.pk: _lock(item) for item in (first, second)}
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if (
            into.status in (S.MERGED, S.REJECTED)
            or into.jurisdiction_id != duplicate.jurisdiction_id
        ):
            raise field_error(
                "into", _("Choose an open work order to merge into."), "merge_target_invalid"
            )
        duplicate.merged_into = into
        _move(
            duplicate,
            S.MERGED,
            action="merged",
            actor=actor,
            note=note,
            data={"into": into.reference},
            fields=["merged_into"],
        )
        _record(
            into,
            action="duplicate_merged",
            from_status=into.status,
            to_status=into.status,
            actor=actor,
            note=note,
            data={"duplicate": duplicate.reference},
            now=timezone.now(),
        )
    return duplicate
