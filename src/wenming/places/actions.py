"""Place actions: every change to sites and road segments goes here."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from wenming.core.audit import log_event, snapshot
from wenming.core.errors import field_error
from wenming.core.geo import in_bounds, to_wgs84
from wenming.core.permissions import SystemActor, has_perm, require
from wenming.places.choices import CoordinateSystem
from wenming.places.models import RoadSegment, Site

SITE_FIELDS = [
    "code",
    "name",
    "site_type",
    "division",
    "address",
    "latitude",
    "longitude",
    "patron_unit",
    "patron_leader",
    "is_active",
]
ROAD_FIELDS = [
    "code",
    "name",
    "road_name",
    "start_point",
    "end_point",
    "length_m",
    "is_main_road",
    "patron_unit",
    "patron_leader",
    "is_active",
]


def wgs84_location(jurisdiction, latitude, longitude, coordinate_system, *, field="latitude"):
    """(lat, lng) in WGS-84 inside the jurisdiction's bounds, or (None, None) when not given."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        raise field_error(field, _("Give both latitude and longitude."), "location_incomplete")
    try:
        lat, lng = to_wgs84(latitude, longitude, coordinate_system or CoordinateSystem.WGS84)
    except (ValueError, ArithmeticError) as error:
        raise field_error(field, _("The location is not valid."), "location_invalid") from error
    if not in_bounds(jurisdiction, lat, lng):
        raise field_error(
            field,
            _("The location lies outside %(name)s.") % {"name": jurisdiction.name},
            "location_out_of_bounds",
        )
    return lat, lng


def _save_place(model, fields, kind, *, jurisdiction, data, instance, actor):
    permission = f"places.change_{model._meta.model_name}"
    require(actor, permission, instance or model)
    data = dict(data)
    if "latitude" in data or "longitude" in data:
        data["latitude"], data["longitude"] = wgs84_location(
            jurisdiction,
            data.get("latitude"),
            data.get("longitude"),
            data.pop("coordinate_system", CoordinateSystem.WGS84),
        )
    data.pop("coordinate_system", None)
    for name in ("patron_unit", "patron_leader", "division"):
        value = data.get(name)
        if value is not None and value.jurisdiction_id != jurisdiction.pk:
            raise field_error(name, _("Not found."), "not_found")
    unit = data.get("patron_unit")
    if (
        unit is not None
        and not isinstance(actor, SystemActor)
        and not has_perm(actor, permission, unit)
    ):
        # A place goes only to a patron unit that the editor's grant covers.
        raise field_error("patron_unit", _("You may not assign places to this unit."), "forbidden")
    with transaction.atomic():
        if instance is None:
            obj = model(jurisdiction=jurisdiction)
            old = None
        else:
            obj = model.objects.select_for_update().get(pk=instance.pk)
            old = snapshot(obj, fields)
        for name in fields:
            if name in data:
                setattr(obj, name, data[name])
        if model.objects.filter(code=obj.code).exclude(pk=obj.pk).exists():
            raise field_error("code", _("This code is already used."), "duplicate_code")
        if instance is None:
            obj.save()
        else:
            obj.save(update_fields=[*[n for n in fields if n in data], "updated_at"])
        log_event(
            f"places.{kind}.{'created' if old is None else 'changed'}",
            actor=actor,
            target=obj,
            old=old,
            new=snapshot(obj, fields),
        )
    return obj


def save_site(*, jurisdiction, data: dict, instance: Site | None = None, actor) -> Site:
    """Create or change a site; a GCJ-02 location (`coordinate_system`) is stored as WGS-84."""
    return _save_place(
        Site,
        SITE_FIELDS,
        "site",
        jurisdiction=jurisdiction,
        data=data,
        instance=instance,
        actor=actor,
    )


def save_road_segment(
    *, jurisdiction, data: dict, instance: RoadSegment | None = None, actor
) -> RoadSegment:
    return _save_place(
        RoadSegment,
        ROAD_FIELDS,
        "road_segment",
        jurisdiction=jurisdiction,
        data=data,
        instance=instance,
        actor=actor,
    )
