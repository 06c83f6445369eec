"""Demo data: a year of inspection rounds with scores over the sites of `places.seed`. Failed
lines are handed to the work-order seed through `context.shared["inspection_problems"]` (see
contracts)."""

from __future__ import annotations

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.utils import timezone

from wenming.core.permissions import SYSTEM
from wenming.inspections.actions import install_default_checklists
from wenming.inspections.choices import LineResult, RoundStatus, VisitStatus
from wenming.inspections.models import (
    Checklist,
    InspectionRound,
    SiteVisit,
    VisitLineResult,
)
from wenming.inspections.scoring import LineScore, score_lines
from wenming.places.models import Site

#: `wenming seed` runs the apps by this number, smallest first: after places and work orders'
#: owners exist, before work orders take up the visits' problems.
SEED_ORDER = 40


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
    if InspectionRound.objects.exists():
        context.write("inspections: already seeded")
        return
    sites = list(context.shared.get("sites") or Site.objects.order_by("code"))
    if not sites:
        context.write("inspections: no sites to inspect")
        return
    inspectors = list(
        get_user_model().objects.filter(jurisdiction=jurisdiction, username="inspector")
    ) or [context.admin]
    problems = seed_rounds(context, sites, inspectors)
    context.shared.setdefault("inspection_problems", []).extend(problems)
    context.write(
        f"inspections: {context.size.get('inspection_rounds', 24)} rounds, "
        f"{len(problems)} problems found in {time.monotonic() - started:.1f}s"
    )
