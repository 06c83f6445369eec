"""Demo data: sites of the 26 types over the townships, 18 main road segments with their
leaders, and a year of inspection rounds with scores. Failed lines are handed to the work-order
seed through `context.shared["inspection_problems"]` (see contracts)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from wenming.core.permissions import SYSTEM
from wenming.inspections.actions import install_default_checklists
from wenming.inspections.choices import LineResult, RoundStatus, SiteType, VisitStatus
from wenming.inspections.imports import SITE_TYPE_NAMES
from wenming.inspections.models import (
    Checklist,
    InspectionRound,
    RoadSegment,
    Site,
    SiteVisit,
    VisitLineResult,
)
from wenming.inspections.scoring import LineScore, score_lines
from wenming.organizations.models import Division, Organization, Person

#: `wenming seed` runs the apps by this number, smallest first: after organizations, whose units
#: and villages own the sites.
SEED_ORDER = 40

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


def _round_dates(today: dt.date, count: int) -> list[dt.date]:
    """Twice a month (1st and 15th) going back from today, oldest first."""
    dates: list[dt.date] = []
    year, month = today.year, today.month
    while len(dates) < count:
        for day in (15, 1):
            candidate = dt.date(year, month, day)
            if candidate <= today and len(dates) < count:
                dates.append(candidate)
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return sorted(dates)


def seed_rounds(context, sites, inspectors) -> list[dict]:
    rng, jurisdiction = context.random, context.jurisdiction
    checklists = {
        c.site_type: c for c in Checklist.objects.filter(is_active=True).order_by("version")
    }
    items_of = {c.pk: list(c.items.order_by("position")) for c in checklists.values()}
    quality = {site.division_id: rng.uniform(0.72, 0.95) for site in sites}
    count = context.size.get("inspection_rounds", 24)
    per_round = min(context.size.get("sites_per_round", 40), len(sites))
    today = timezone.localdate()
    dates = _round_dates(today, count)
    rounds = InspectionRound.objects.bulk_create(
        [
            InspectionRound(
                jurisdiction=jurisdiction,
                name=f"{start:%Y年%m月}第{1 if start.day == 1 else 2}轮督导",
                start_date=start,
                end_date=start + dt.timedelta(days=4),
                status=RoundStatus.COMPLETED if index < len(dates) - 1 else RoundStatus.IN_PROGRESS,
                started_at=timezone.make_aware(dt.datetime.combine(start, dt.time(8, 30))),
                completed_at=timezone.make_aware(
                    dt.datetime.combine(start + dt.timedelta(days=4), dt.time(17, 30))
                )
                if index < len(dates) - 1
                else None,
            )
            for index, start in enumerate(dates)
        ]
    )
    through = InspectionRound.inspectors.through
    through.objects.bulk_create(
        [through(inspectionround_id=r.pk, user_id=u.pk) for r in rounds for u in inspectors]
    )
    visits, plans = [], []
    for round_index, inspection_round in enumerate(rounds):
        chosen = rng.sample(sites, per_round)
        is_last = round_index == len(rounds) - 1
        for position, site in enumerate(chosen, start=1):
            submitted = not is_last or position <= per_round // 2
            day = inspection_round.start_date + dt.timedelta(days=min(4, (position - 1) // 10))
            moment = timezone.make_aware(
                dt.datetime.combine(day, dt.time(9 + position % 8, (position * 7) % 60))
            )
            visit = SiteVisit(
                jurisdiction=jurisdiction,
                round=inspection_round,
                site=site,
                position=position,
                checklist=checklists[site.site_type],
                status=VisitStatus.SUBMITTED if submitted else VisitStatus.PENDING,
                submitted_at=moment if submitted else None,
                submitted_by=inspectors[0] if submitted and inspectors else None,
                latitude=site.latitude if submitted else None,
                longitude=site.longitude if submitted else None,
            )
            if submitted:
                scores = []
                for item in items_of[visit.checklist_id]:
                    draw = rng.random()
                    good = quality[site.division_id]
                    result = (
                        LineResult.MET
                        if draw < good
                        else LineResult.PARTLY_MET
                        if draw < good + (1 - good) / 2
                        else LineResult.NOT_MET
                    )
                    scores.append(LineScore(item=item, result=result))
                total = score_lines(scores)
                visit.points_possible = total.possible
                visit.points_scored = total.scored
                visit.score_rate = total.rate
                visit.failed_lines = total.failed
                plans.append((visit, scores, moment))
            visits.append(visit)
    SiteVisit.objects.bulk_create(visits, batch_size=1000)
    results = []
    for visit, scores, _moment in plans:
        for score in scores:
            results.append(
                VisitLineResult(
                    jurisdiction=jurisdiction,
                    visit=visit,
                    item=score.item,
                    item_text=score.item.text,
                    result=score.result,
                    points_possible=score.possible,
                    points_scored=score.scored,
                )
            )
    results = VisitLineResult.objects.bulk_create(results, batch_size=2000)
    moments = {visit.pk: (visit, moment) for visit, _scores, moment in plans}
    problems = []
    for result in results:
        if result.result == LineResult.MET:
            continue
        visit, moment = moments[result.visit_id]
        problems.append(
            {
                "site": visit.site,
                "road_segment": None,
                "category_code": result.item.category_code,
                "description": f"{visit.site.name}：{result.item_text}（{result.get_result_display()}）",
                "reported_at": moment,
                "source_reference": f"inspection-line:{result.pk}",
            }
        )
    return problems


def seed(context) -> None:
    jurisdiction = context.jurisdiction
    started = time.monotonic()
    install_default_checklists(jurisdiction, actor=SYSTEM)
    if Site.objects.exists():
        context.write("inspections: already seeded")
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
    inspectors = list(
        get_user_model().objects.filter(jurisdiction=jurisdiction, username="inspector")
    ) or [context.admin]
    problems = seed_rounds(context, sites, inspectors)
    context.shared.setdefault("inspection_problems", []).extend(problems)
    context.shared["sites"] = sites
    context.shared["road_segments"] = roads
    context.write(
        f"inspections: {len(sites)} sites, {len(roads)} road segments, "
        f"{context.size.get('inspection_rounds', 24)} rounds, {len(problems)} problems found "
        f"in {time.monotonic() - started:.1f}s"
    )
