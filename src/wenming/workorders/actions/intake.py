"""Opening work orders: residents (the public form, Open311), inspectors (a failed inspection
line), and the office or the systems that act for it (the 12345 hotline, a leader's
instruction system) through the API.

Everything is checked before anything is written; the writes are one short transaction of
INSERTs (the order, its history, its audit event, its photos' rows), with photo processing left
to the job queue after the commit.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.crypto import keyed_hash
from wenming.core.errors import field_error
from wenming.core.geo import WGS84, in_bounds, to_wgs84
from wenming.core.permissions import require
from wenming.core.validators import normalize_phone
from wenming.organizations.models import Organization
from wenming.workorders.actions import (
    REFERENCE_ALPHABET,
    S,
    _check_photos,
    _is_user,
    _record,
    _require_text,
    _save_photos,
)
from wenming.workorders.choices import (
    OFFICE_SOURCES,
    RESIDENT_SOURCES,
    PhotoStage,
    WorkOrderSource,
)
from wenming.workorders.models import Category, WorkOrder

#: Who may open a work order of each source: residents through the public form or Open311,
#: inspectors from a failed inspection line, the office (or a system acting for it, through
#: the API) for hotline, leader and office cases.
REPORT_PERMISSIONS = {
    WorkOrderSource.CITIZEN: "workorders.report_problem_public",
    WorkOrderSource.OPEN311: "workorders.submit_open311_request",
    WorkOrderSource.INSPECTION: "inspections.perform_inspection",
    WorkOrderSource.HOTLINE: "workorders.add_work_order",
    WorkOrderSource.LEADER: "workorders.add_work_order",
    WorkOrderSource.OFFICE: "workorders.add_work_order",
}


def new_reference(now: dt.datetime | None = None) -> str:
    """A tracking code residents can read out: date + 6 random characters (no 0/O/1/I)."""
    now = timezone.localtime(now or timezone.now())
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{now:%y%m%d}{tail}"


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
    fields = dict(
        jurisdiction=jurisdiction,
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
    for attempt in range(2):
        order = WorkOrder(reference=new_reference(now), **fields)
        try:
            # One short transaction: the INSERTs of the order, its history, its audit event and
            # its photos' rows (thumbnails are made by the job queue after the commit).
            with transaction.atomic():
                order.save(force_insert=True)
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
        except IntegrityError:
            # A tracking code drawn twice (about one in a billion a day): draw another, once.
            # Any other conflict (an idempotency key taken) is the caller's to answer.
            if attempt or not _reference_taken(order.reference):
                raise
    raise AssertionError("unreachable")


def _reference_taken(reference: str) -> bool:
    return WorkOrder.objects.with_scopes_disabled().filter(reference=reference).exists()


def open_work_order(
    *,
    jurisdiction,
    category_code: str,
    description: str,
    latitude,
    longitude,
    source: str,
    address: str = "",
    source_reference: str = "",
    responsible_unit_id: int | None = None,
    actor,
) -> tuple[WorkOrder, bool]:
    """Open an order for the office or a system acting for it; `(order, created)`.

    The same `source` and `source_reference` again give the first order back (`created`
    False), however many arrive at once: a database constraint keeps one, the others find it.
    The order is reported like any other (`report_problem`) and goes on from there.
    """
    require(actor, "workorders.add_work_order", WorkOrder)
    if source not in OFFICE_SOURCES:
        raise field_error("source", _("Unknown source."), "unknown_source")
    try:
        category = resolve_category(jurisdiction, category_code)
    except ValidationError as error:
        raise field_error("category_code", _("Unknown category."), "unknown_category") from error
    if latitude is None or longitude is None or not in_bounds(jurisdiction, latitude, longitude):
        raise field_error(
            "lat",
            _("The location is outside %(jurisdiction)s.") % {"jurisdiction": jurisdiction.name},
            "outside_jurisdiction",
        )
    unit = _responsible_unit(jurisdiction, responsible_unit_id)
    reference = (source_reference or "").strip()
    try:
        order = report_problem(
            jurisdiction=jurisdiction,
            category=category,
            description=description,
            source=source,
            latitude=latitude,
            longitude=longitude,
            address=address,
            responsible_unit=unit,
            source_reference=reference,
            actor=actor,
        )
    except IntegrityError:
        first = _first_with_reference(jurisdiction, source, reference) if reference else None
        if first is None:
            raise
        return first, False
    return order, True


def _first_with_reference(jurisdiction, source: str, reference: str) -> WorkOrder | None:
    return (
        WorkOrder.objects.with_scopes_disabled()
        .filter(jurisdiction=jurisdiction, source=source, source_reference=reference)
        .first()
    )


def _responsible_unit(jurisdiction, unit_id: int | None):
    if unit_id is None:
        return None
    unit = (
        Organization.objects.with_scopes_disabled()
        .filter(jurisdiction=jurisdiction, pk=unit_id, is_active=True)
        .only("pk", "jurisdiction_id", "name", "path")
        .first()
    )
    if unit is None:
        raise field_error(
            "responsible_unit_id", _("Choose a unit of the jurisdiction."), "unknown_unit"
        )
    return unit
