"""Demo data: sites of the 26 types over the townships and 18 main road segments with their
leaders. The sites and roads are handed on through `context.shared["sites"]` and
`context.shared["road_segments"]`."""

from __future__ import annotations

import time
from decimal import Decimal

from wenming.organizations.models import Division, Organization, Person
from wenming.places.choices import SITE_TYPE_NAMES, SiteType
from wenming.places.models import RoadSegment, Site

#: `wenming seed` runs the apps by this number, smallest first: after organizations, whose units
#: and villages own the sites, before the apps that refer to sites and roads.
SEED_ORDER = 15

CITY_CENTER = (34.167, 112.845)
#: Relative frequency of each site type in a city (many communities and stops, few stations).
TYPE_WEIGHTS = {
    SiteType.PRACTICE_CENTER: 2,
    SiteType.GOVERNMENT_HALL: 1,
    SiteType.BANK_BRANCH: 4,
    SiteType.SERVICE_WINDOW: 4,
    SiteType.BUS_STOP: 8,
    SiteType.BUS: 3,
    SiteType.TAXI: 3,
    SiteType.PUBLIC_TOILET: 8,
    SiteType.PUBLIC_SQUARE: 2,
    SiteType.HOTEL: 3,
    SiteType.PARK: 4,
    SiteType.COMMUNITY: 8,
    SiteType.CONSTRUCTION_SITE: 3,
    SiteType.SCENIC_SPOT: 2,
    SiteType.SCHOOL: 5,
    SiteType.SHOPPING_MALL: 3,
    SiteType.HOSPITAL: 2,
    SiteType.CULTURAL_FACILITY: 2,
    SiteType.MAJOR_INTERSECTION: 4,
    SiteType.BACK_STREET: 8,
    SiteType.COMMERCIAL_STREET: 3,
    SiteType.MAIN_ROAD: 5,
    SiteType.URBAN_RURAL_FRINGE: 3,
    SiteType.FARMERS_MARKET: 3,
    SiteType.RESIDENTIAL_COMPOUND: 8,
    SiteType.TOWNSHIP: 1,
}
#: Types that the township or the village committee answers for.
LOCAL_TYPES = {
    SiteType.COMMUNITY,
    SiteType.RESIDENTIAL_COMPOUND,
    SiteType.URBAN_RURAL_FRINGE,
    SiteType.TOWNSHIP,
    SiteType.BACK_STREET,
}
#: The city-management bureau answers for the street types (it is the demo `unit` login).
STREET_TYPES = {
    SiteType.MAIN_ROAD,
    SiteType.COMMERCIAL_STREET,
    SiteType.PUBLIC_TOILET,
    SiteType.MAJOR_INTERSECTION,
}
MAIN_ROADS = [
    "广成路",
    "丹阳路",
    "朝阳路",
    "望嵩路",
    "洗耳河路",
    "汝州大道",
    "龙山大道",
    "向阳路",
    "钟楼街",
    "文化路",
    "人民路",
    "纸坊路",
    "北环路",
    "南环路",
    "东环路",
    "西环路",
    "煤山路",
    "腰店路",
]


def _shared_or_query(context, key, queryset):
    value = context.shared.get(key)
    return list(value) if value else list(queryset)


def _township_centres(rng, townships) -> dict[int, tuple[float, float]]:
    centres = {}
    for township in townships:
        if township.kind == "subdistrict":
            centres[township.pk] = (
                CITY_CENTER[0] + rng.uniform(-0.025, 0.025),
                CITY_CENTER[1] + rng.uniform(-0.035, 0.035),
            )
        else:
            centres[township.pk] = (rng.uniform(34.0, 34.3), rng.uniform(112.6, 113.1))
    return centres


def _point(rng, centre, spread):
    lat = min(34.34, max(33.96, centre[0] + rng.uniform(-spread, spread)))
    lng = min(113.14, max(112.56, centre[1] + rng.uniform(-spread, spread)))
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def seed_sites(context, townships, units, governments, villages) -> list[Site]:
    rng, jurisdiction = context.random, context.jurisdiction
    centres = _township_centres(rng, townships)
    government_of = {g.division_id: g for g in governments}
    villages_of: dict[int, list] = {}
    division_parent = dict(
        Division.objects.filter(pk__in=[v.division_id for v in villages]).values_list(
            "pk", "parent_id"
        )
    )
    for village in villages:
        villages_of.setdefault(division_parent.get(village.division_id), []).append(village)
    types = list(TYPE_WEIGHTS)
    weights = [TYPE_WEIGHTS[t] for t in types]
    counters: dict[tuple[int, str], int] = {}
    sites = []
    total = context.size["sites"]
    for index in range(total):
        # every type at least once, then by weight
        site_type = types[index] if index < len(types) else rng.choices(types, weights)[0]
        township = townships[index % len(townships)]
        key = (township.pk, site_type)
        counters[key] = counters.get(key, 0) + 1
        if site_type in LOCAL_TYPES:
            local = villages_of.get(township.pk) or []
            unit = rng.choice(local) if local and rng.random() < 0.6 else government_of[township.pk]
        elif site_type in STREET_TYPES and rng.random() < 0.5:
            unit = units[0]
        else:
            unit = rng.choice(units)
        spread = 0.02 if township.kind == "subdistrict" else 0.03
        latitude, longitude = _point(rng, centres[township.pk], spread)
        sites.append(
            Site(
                jurisdiction=jurisdiction,
                code=f"DW{index + 1:05d}",
                name=f"{township.name}{SITE_TYPE_NAMES[site_type]}{counters[key]}号",
                site_type=site_type,
                division=township,
                address=f"汝州市{township.name}",
                latitude=latitude,
                longitude=longitude,
                patron_unit=unit,
            )
        )
    return Site.objects.bulk_create(sites, batch_size=1000)


def seed_roads(context, units) -> list[RoadSegment]:
    rng, jurisdiction = context.random, context.jurisdiction
    leaders = list(
        Person.objects.filter(
            memberships__position="head",
            memberships__organization__kind__in=("sub_command", "responsible_unit"),
        ).order_by("pk")[:200]
    )
    roads = []
    for index, road in enumerate(MAIN_ROADS):
        start = _point(rng, CITY_CENTER, 0.03)
        end = _point(rng, (float(start[0]), float(start[1])), 0.015)
        length = int(abs(float(end[0] - start[0])) * 111000 + abs(float(end[1] - start[1])) * 92000)
        roads.append(
            RoadSegment(
                jurisdiction=jurisdiction,
                code=f"DL{index + 1:03d}",
                name=f"{road}（全段）",
                road_name=road,
                start_point=f"{road}西口",
                end_point=f"{road}东口",
                length_m=max(length, 800),
                is_main_road=True,
                path=[[float(start[0]), float(start[1])], [float(end[0]), float(end[1])]],
                patron_unit=units[index % len(units)],
                patron_leader=leaders[index % len(leaders)] if leaders else None,
            )
        )
    return RoadSegment.objects.bulk_create(roads)


def seed(context) -> None:
    started = time.monotonic()
    if Site.objects.exists():
        context.write("places: already seeded")
        return
    units = _shared_or_query(
        context,
        "responsible_units",
        Organization.objects.filter(kind="responsible_unit").order_by("sort_order", "pk"),
    )
    governments = _shared_or_query(
        context,
        "township_governments",
        Organization.objects.filter(kind="township_government").order_by("sort_order", "pk"),
    )
    villages = _shared_or_query(
        context,
        "village_committees",
        Organization.objects.filter(kind="village_committee").order_by("pk"),
    )
    townships = _shared_or_query(
        context, "townships", Division.objects.filter(level="township").order_by("code")
    )
    sites = seed_sites(context, townships, units, governments, villages)
    roads = seed_roads(context, units)
    context.shared["sites"] = sites
    context.shared["road_segments"] = roads
    context.write(
        f"places: {len(sites)} sites, {len(roads)} road segments "
        f"in {time.monotonic() - started:.1f}s"
    )
