"""Read logic of inspections: what a person may see of a round, and the round report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from wenming.inspections.choices import VisitStatus
from wenming.inspections.models import SiteVisit
from wenming.inspections.scoring import rate_of
from wenming.places.choices import SiteType


def visible_visits(user, inspection_round=None):
    """Visits `user` may see: all for the office and inspectors, their patron sites' for units."""
    visits = SiteVisit.objects.restrict(user, "inspections.view_inspection")
    if inspection_round is not None:
        visits = visits.filter(round=inspection_round)
    return visits


def recent_site_visits(*, site, user, limit: int = 20) -> list[SiteVisit]:
    """The latest submitted visits of `site` that `user` may see (the site's page, through the
    `places.site_visits` hook)."""
    return list(
        visible_visits(user)
        .filter(site=site, status=VisitStatus.SUBMITTED)
        .select_related("round")
        .order_by("-submitted_at")[:limit]
    )


@dataclass
class TypeScore:
    site_type: str
    label: str
    visits: int
    points_scored: Decimal
    points_possible: Decimal
    failed_lines: int

    @property
    def rate(self) -> Decimal | None:
        return rate_of(self.points_scored, self.points_possible)

    @property
    def percent(self) -> Decimal | None:
        rate = self.rate
        return None if rate is None else (rate * 100).quantize(Decimal("0.1"))


def round_report(user, inspection_round) -> dict:
    """Scores per site (lowest first) and per site type (lowest first) of the submitted visits
    `user` may see; a site type's rate is over all its points, not an average of rates."""
    visits = visible_visits(user, inspection_round)
    submitted = visits.filter(status=VisitStatus.SUBMITTED)
    sites = list(
        submitted.select_related(
            "site", "site__patron_unit", "site__division", "submitted_by"
        ).order_by(F("score_rate").asc(nulls_last=True), "site__code")
    )
    labels = dict(SiteType.choices)
    by_type = [
        TypeScore(
            site_type=row["site__site_type"],
            label=labels.get(row["site__site_type"], row["site__site_type"]),
            visits=row["visits"],
            points_scored=row["scored"] or Decimal(0),
            points_possible=row["possible"] or Decimal(0),
            failed_lines=row["failed"] or 0,
        )
        for row in submitted.values("site__site_type").annotate(
            visits=Count("id"),
            scored=Sum("points_scored"),
            possible=Sum("points_possible"),
            failed=Sum("failed_lines"),
        )
    ]
    by_type.sort(key=lambda row: (row.rate is None, row.rate or 0, row.site_type))
    totals = submitted.aggregate(
        scored=Sum("points_scored"), possible=Sum("points_possible"), failed=Sum("failed_lines")
    )
    counts = visits.aggregate(
        total=Count("id"), done=Count("id", filter=Q(status=VisitStatus.SUBMITTED))
    )
    overall = rate_of(totals["scored"] or 0, totals["possible"] or 0)
    return {
        "sites": sites,
        "by_type": by_type,
        "overall_rate": overall,
        "overall_percent": None if overall is None else (overall * 100).quantize(Decimal("0.1")),
        "failed_lines": totals["failed"] or 0,
        "visit_count": counts["total"],
        "submitted_count": counts["done"],
    }
