"""Assessment: a monthly run for the 147 responsible units of the reference city from a year of
records, then the ranking page under load (target: the run < 5 s, the page p95 < 150 ms).

The `ruzhou` seed has the 147 units and 25,000 work orders; `prepare` generates what it lacks
for a year: site visits up to 5,000 (submitted, scored, spread over the year) and evidence up to
50,000 items (rows only: the run reads statuses and dates, not the files). `generate` and
`time_run` also serve `bench/assessment_smoke.py` on any database.
"""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from benchkit import Request

NAME = "assessments_monthly_run"
SCALE = "ruzhou"
UNITS = 147
WORK_ORDERS = 25_000
SITE_VISITS = 5_000
EVIDENCE = 50_000


def generate(jurisdiction, rng: random.Random, *, year_start: datetime.date) -> dict:
    """Top up a year of records to the benchmark's figures; returns what was added."""
    from django.utils import timezone

    from wenming.inspections.models import InspectionRound, SiteVisit
    from wenming.places.models import Site
    from wenming.standards.models import Assignment, Evidence

    tz = timezone.get_current_timezone()

    def moment(day_of_year: int) -> datetime.datetime:
        day = year_start + datetime.timedelta(days=day_of_year % 365)
        return datetime.datetime.combine(day, datetime.time(10), tzinfo=tz)

    added = {"site_visits": 0, "evidence": 0}
    missing = SITE_VISITS - SiteVisit.objects.count()
    if missing > 0:
        sites = list(Site.objects.values_list("pk", flat=True))
        # A site is visited once per round: as many rounds as the visits need.
        rounds = [
            InspectionRound.objects.create(
                jurisdiction=jurisdiction,
                name=f"基准测试督导{number + 1}",
                start_date=year_start,
                end_date=year_start + datetime.timedelta(days=364),
                status="completed",
            )
            for number in range(-(-missing // len(sites)))
        ]
        visits = []
        for number in range(missing):
            possible = Decimal(100)
            scored = Decimal(rng.randint(55, 100))
            visits.append(
                SiteVisit(
                    jurisdiction=jurisdiction,
                    round=rounds[number // len(sites)],
                    site_id=sites[number % len(sites)],
                    position=number,
                    status="submitted",
                    points_possible=possible,
                    points_scored=scored,
                    score_rate=(scored / possible).quantize(Decimal("0.0001")),
                    submitted_at=moment(rng.randint(0, 364)),
                )
            )
        SiteVisit.objects.bulk_create(visits, batch_size=2000)
        added["site_visits"] = missing
    missing = EVIDENCE - Evidence.objects.count()
    if missing > 0:
        assignments = list(Assignment.objects.values_list("indicator_id", "organization_id"))
        statuses = ["accepted"] * 6 + ["returned", "rejected", "submitted"]
        Evidence.objects.bulk_create(
            [
                Evidence(
                    jurisdiction=jurisdiction,
                    indicator_id=assignments[number % len(assignments)][0],
                    organization_id=assignments[number % len(assignments)][1],
                    title=f"基准资料{number}",
                    kind="document",
                    file=f"evidence/bench/{number:05d}.pdf",
                    file_name=f"{number}.pdf",
                    content_type="application/pdf",
                    size=20_000,
                    status=rng.choice(statuses),
                    submitted_at=moment(rng.randint(0, 364)),
                )
                for number in range(missing)
            ],
            batch_size=2000,
        )
        added["evidence"] = missing
    return added


def bench_scheme(jurisdiction, year_start: datetime.date):
    """One scheme over every registered source (weights summing to 100)."""
    from wenming.assessments import actions
    from wenming.assessments.models import Scheme
    from wenming.assessments.queries.sources import SOURCES
    from wenming.core.permissions import SYSTEM

    existing = Scheme.objects.filter(name="基准测试月度考核").first()
    if existing is not None:
        return existing
    Scheme.objects.filter(group_kind="responsible_units", period_kind="month").update(
        valid_until=year_start - datetime.timedelta(days=1)
    )
    keys = sorted(SOURCES)
    weights = [(Decimal(100) / len(keys)).quantize(Decimal("0.01")) for _key in keys]
    weights[0] += Decimal(100) - sum(weights)
    return actions.create_scheme(
        jurisdiction=jurisdiction,
        data={
            "name": "基准测试月度考核",
            "period_kind": "month",
            "group_kind": "responsible_units",
            "valid_from": year_start,
        },
        components=[
            {"source": key, "weight": weight, "normalisation": "min_max"}
            for key, weight in zip(keys, weights, strict=True)
        ],
        actor=SYSTEM,
    )


def time_run(scheme, month: datetime.date) -> tuple[float, object]:
    from wenming.assessments import actions
    from wenming.core.permissions import SYSTEM

    started = time.perf_counter()
    run = actions.compute_run(scheme=scheme, period_start=month, actor=SYSTEM)
    return time.perf_counter() - started, run


def prepare(env):
    env.django()
    from django.utils import timezone
    from django_scopes import scope

    from wenming.assessments import actions
    from wenming.core.models import Jurisdiction
    from wenming.core.permissions import SYSTEM
    from wenming.organizations.models import Organization

    jurisdiction = Jurisdiction.objects.get(code="410482")
    today = timezone.localdate()
    year_start = today.replace(year=today.year - 1, day=1)
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    with scope(jurisdiction=jurisdiction):
        env.notes.update(generate(jurisdiction, random.Random(2020), year_start=year_start))
        scheme = bench_scheme(jurisdiction, year_start)
        seconds, run = time_run(scheme, month)
        actions.publish_run(run=run, actor=SYSTEM)
        env.notes["units"] = Organization.objects.filter(kind="responsible_unit").count()
        env.notes["monthly_run_seconds"] = round(seconds, 2)
        env.state["run_id"] = run.pk
    env.state["cookie"] = env.login("office")


def requests(env):
    return [
        Request(
            "GET",
            f"/assessments/runs/{env.state['run_id']}/",
            headers={"Cookie": env.state["cookie"]},
        )
    ]
