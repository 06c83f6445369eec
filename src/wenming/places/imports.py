"""Excel import and export of sites (the `core.excel` pattern: check every row, import all or
nothing, report by Excel row number)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.audit import log_event
from wenming.core.excel import Column, RowReport, read_rows
from wenming.core.geo import in_bounds, to_wgs84
from wenming.core.permissions import require
from wenming.core.validators import CREDIT_CODE_ALPHABET
from wenming.organizations.models import Division, Membership, Organization, Person
from wenming.places.choices import PATRON_KINDS, SITE_TYPE_NAMES, CoordinateSystem, SiteType
from wenming.places.models import Site

COORDINATE_NAMES = {
    "": CoordinateSystem.WGS84,
    "wgs84": CoordinateSystem.WGS84,
    "wgs-84": CoordinateSystem.WGS84,
    "gps": CoordinateSystem.WGS84,
    "gcj02": CoordinateSystem.GCJ02,
    "gcj-02": CoordinateSystem.GCJ02,
    "高德": CoordinateSystem.GCJ02,
    "腾讯": CoordinateSystem.GCJ02,
    "火星坐标": CoordinateSystem.GCJ02,
}

SITE_COLUMNS = [
    Column("code", "编码", required=True, aliases=("点位编码",)),
    Column("name", "名称", required=True, aliases=("点位名称",), width=28),
    Column("site_type", "点位类型", required=True, aliases=("类型",)),
    Column("township", "乡镇街道", aliases=("乡镇", "街道")),
    Column("address", "地址", width=30),
    Column("latitude", "纬度", aliases=("lat",)),
    Column("longitude", "经度", aliases=("lng", "lon")),
    Column("coordinate_system", "坐标系"),
    Column("patron_unit", "包保单位", required=True, width=30),
    Column("patron_leader", "包保领导"),
]

#: Above this many rows an import runs as a background job with a status row.
INLINE_LIMIT = 300


def export_columns() -> list[Column]:
    return [
        Column("code", "编码"),
        Column("name", "名称", width=28),
        Column("site_type", "点位类型", value=lambda s: SITE_TYPE_NAMES.get(s.site_type)),
        Column("division__name", "乡镇街道"),
        Column("address", "地址", width=30),
        Column("latitude", "纬度", value=lambda s: float(s.latitude) if s.latitude else None),
        Column("longitude", "经度", value=lambda s: float(s.longitude) if s.longitude else None),
        Column("coordinate_system", "坐标系", value=lambda s: "WGS-84"),
        Column("patron_unit__name", "包保单位", width=30),
        Column("patron_leader__name", "包保领导"),
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value: Any) -> Decimal | None:
    text = _text(value).replace("，", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class _Lookups:
    """Everything a row refers to, loaded once (no query per row)."""

    def __init__(self, rows: list[dict]):
        self.townships: dict[str, Division] = {}
        for division in Division.objects.filter(level="township"):
            self.townships[division.name] = division
            self.townships[division.code] = division
        self.units_by_code: dict[str, Organization] = {}
        self.units_by_name: dict[str, list[Organization]] = {}
        for unit in Organization.objects.filter(kind__in=PATRON_KINDS, is_active=True):
            if unit.credit_code:
                self.units_by_code[unit.credit_code] = unit
            for name in {unit.name, unit.short_name} - {""}:
                self.units_by_name.setdefault(name, []).append(unit)
        names = {_text(row.get("patron_leader")) for row in rows} - {""}
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.filter(name__in=names):
            self.people.setdefault(person.name, []).append(person)
        self.member_units: dict[int, set[int]] = {}
        for person_id, organization_id in Membership.objects.filter(
            person__name__in=names
        ).values_list("person_id", "organization_id"):
            self.member_units.setdefault(person_id, set()).add(organization_id)

    def unit(self, text: str) -> tuple[Organization | None, str | None]:
        code = text.upper()
        if len(code) == 18 and set(code) <= set(CREDIT_CODE_ALPHABET):
            found = self.units_by_code.get(code)
            return (found, None) if found else (None, "unknown_unit")
        candidates = self.units_by_name.get(text, [])
        if len(candidates) == 1:
            return candidates[0], None
        return None, "ambiguous_unit" if candidates else "unknown_unit"

    def leader(self, text: str, unit: Organization | None) -> tuple[Person | None, str | None]:
        candidates = self.people.get(text, [])
        if unit is not None and len(candidates) > 1:
            candidates = [p for p in candidates if unit.pk in self.member_units.get(p.pk, set())]
        if len(candidates) == 1:
            return candidates[0], None
        return None, "ambiguous_person" if candidates else "unknown_person"


def parse_sites(jurisdiction, source) -> tuple[RowReport, list[tuple[int, dict]]]:
    """Read and check every row; `WorkbookError` when the file as a whole cannot be read."""
    sheet = read_rows(source, SITE_COLUMNS)
    raw_rows = list(sheet)
    lookups = _Lookups([row for _number, row in raw_rows])
    types = {**{v: v for v in SiteType.values}, **{n: v for v, n in SITE_TYPE_NAMES.items()}}
    types.update({str(label): value for value, label in SiteType.choices})
    report = RowReport(rows_read=len(raw_rows))
    parsed: list[tuple[int, dict]] = []
    first_row_of_code: dict[str, int] = {}
    for number, row in raw_rows:
        data: dict[str, Any] = {}
        code = _text(row.get("code"))
        if not code:
            report.add(number, "编码", _("The code is missing."), "required")
        elif len(code) > 30:
            report.add(number, "编码", _("The code is longer than 30 characters."), "too_long")
        elif code in first_row_of_code:
            report.add(
                number,
                "编码",
                _("The code %(code)s is also on row %(row)s.")
                % {"code": code, "row": first_row_of_code[code]},
                "duplicate_code",
            )
        else:
            first_row_of_code[code] = number
        data["code"] = code
        data["name"] = _text(row.get("name"))[:150]
        if not data["name"]:
            report.add(number, "名称", _("The name is missing."), "required")
        site_type = types.get(_text(row.get("site_type")))
        if site_type is None:
            report.add(number, "点位类型", _("Unknown site type."), "unknown_site_type")
        data["site_type"] = site_type
        township = _text(row.get("township"))
        data["division"] = lookups.townships.get(township) if township else None
        if township and data["division"] is None:
            report.add(number, "乡镇街道", _("Unknown township."), "unknown_township")
        data["address"] = _text(row.get("address"))[:200]
        system = COORDINATE_NAMES.get(_text(row.get("coordinate_system")).lower())
        if system is None:
            report.add(number, "坐标系", _("Write WGS-84 or GCJ-02."), "unknown_coordinate_system")
        lat_text, lng_text = _text(row.get("latitude")), _text(row.get("longitude"))
        lat, lng = _decimal(lat_text), _decimal(lng_text)
        data["latitude"] = data["longitude"] = None
        if (lat_text and lat is None) or (lng_text and lng is None):
            report.add(number, "纬度", _("Latitude and longitude must be numbers."), "invalid")
        elif (lat is None) != (lng is None):
            report.add(
                number, "经度", _("Give both latitude and longitude."), "location_incomplete"
            )
        elif lat is not None and system is not None:
            wgs_lat, wgs_lng = to_wgs84(lat, lng, system)
            if not in_bounds(jurisdiction, wgs_lat, wgs_lng):
                report.add(
                    number,
                    "纬度",
                    _("The location lies outside %(name)s.") % {"name": jurisdiction.name},
                    "location_out_of_bounds",
                )
            data["latitude"], data["longitude"] = wgs_lat, wgs_lng
        unit_text = _text(row.get("patron_unit"))
        unit, problem = lookups.unit(unit_text) if unit_text else (None, "required")
        if problem:
            message = {
                "required": _("The patron unit is missing."),
                "unknown_unit": _("No unit has this name or credit code."),
                "ambiguous_unit": _("Several units have this name; use the credit code."),
            }[problem]
            report.add(number, "包保单位", message, problem)
        data["patron_unit"] = unit
        leader_text = _text(row.get("patron_leader"))
        data["patron_leader"] = None
        if leader_text:
            leader, problem = lookups.leader(leader_text, unit)
            if problem:
                report.add(
                    number,
                    "包保领导",
                    _("No such person.")
                    if problem == "unknown_person"
                    else _("Several people have this name."),
                    problem,
                )
            data["patron_leader"] = leader
        parsed.append((number, data))
    return report, parsed


IMPORT_FIELDS = [
    "name",
    "site_type",
    "division",
    "address",
    "latitude",
    "longitude",
    "patron_unit",
    "patron_leader",
]


def import_sites(jurisdiction, rows: list[tuple[int, dict]], *, actor, progress=None) -> dict:
    """Write checked rows: new codes are created, known codes updated. All or nothing."""
    require(actor, "places.change_site", Site)
    with transaction.atomic():
        existing = {
            site.code: site for site in Site.objects.filter(code__in=[d["code"] for _n, d in rows])
        }
        new, changed = [], []
        for index, (_number, data) in enumerate(rows, start=1):
            site = existing.get(data["code"])
            if site is None:
                new.append(Site(jurisdiction=jurisdiction, **data))
            else:
                for name in IMPORT_FIELDS:
                    setattr(site, name, data[name])
                site.updated_at = timezone.now()
                changed.append(site)
            if progress and index % 500 == 0:
                progress(int(index * 80 / len(rows)))
        Site.objects.bulk_create(new, batch_size=500)
        Site.objects.bulk_update(changed, [*IMPORT_FIELDS, "updated_at"], batch_size=500)
        summary = {"created": len(new), "updated": len(changed)}
        log_event(
            "places.site.imported",
            actor=actor,
            jurisdiction=jurisdiction,
            new=summary,
            target_label=_("Site import"),
        )
    return summary
