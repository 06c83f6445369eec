"""Figures for the home pages, computed within what the viewer may see.

The office sees the jurisdiction's; a township its subtree (the organizations under it, the
divisions under its own, the people who belong to them); a unit its own.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from wenming.core.grants import grant_for
from wenming.inspections.choices import RoundStatus, VisitStatus
from wenming.inspections.models import InspectionRound
from wenming.organizations.choices import DivisionLevel, OrganizationKind
from wenming.organizations.models import Division, Organization, Person

VIEW_ORGANIZATION = "organizations.view_organization"


def _outermost(codes) -> list[str]:
    """Division codes without those that lie under another code of the list."""
    kept: list[str] = []
    for code in sorted(set(codes), key=len):
        if not any(code.startswith(prefix) for prefix in kept):
            kept.append(code)
    return kept


def scoped_counts(user) -> dict[str, int]:
    """Townships, villages, units and people the viewer may see (four aggregate queries)."""
    organizations = Organization.objects.restrict(user, VIEW_ORGANIZATION).filter(is_active=True)
    everywhere = grant_for(user, VIEW_ORGANIZATION).everywhere
    divisions = Division.objects.all()
    people = Person.objects.all()
    if not everywhere:
        codes = _outermost(
            organizations.exclude(division=None).values_list("division__code", flat=True)
        )
        condition = Q(pk__in=[])
        for code in codes:
            condition |= Q(code__startswith=code)
        divisions = divisions.filter(condition)
        people = people.filter(memberships__organization__in=organizations)
    figures = divisions.aggregate(
        townships=Count("pk", filter=Q(level=DivisionLevel.TOWNSHIP)),
        villages=Count("pk", filter=Q(level=DivisionLevel.VILLAGE)),
    )
    figures.update(
        organizations.aggregate(
            responsible_units=Count("pk", filter=Q(kind=OrganizationKind.RESPONSIBLE_UNIT)),
            civilized_units=Count("pk", filter=Q(kind=OrganizationKind.CIVILIZED_UNIT)),
            working_groups=Count("pk", filter=Q(kind=OrganizationKind.WORKING_GROUP)),
            sub_commands=Count("pk", filter=Q(kind=OrganizationKind.SUB_COMMAND)),
        )
    )
    figures["people"] = people.values("pk").distinct().count()
    return figures


def todays_rounds(user) -> list[InspectionRound]:
    """The inspector's rounds running today (planned or under way), with their visits left."""
    today = timezone.localdate()
    return list(
        InspectionRound.objects.filter(
            inspectors=user,
            status__in=(RoundStatus.PLANNED, RoundStatus.IN_PROGRESS),
            start_date__lte=today,
            end_date__gte=today,
        )
        .annotate(
            visits_total=Count("visits"),
            visits_left=Count("visits", filter=Q(visits__status=VisitStatus.PENDING)),
        )
        .order_by("start_date", "id")[:10]
    )


def upcoming_rounds(user, limit: int = 5) -> list[InspectionRound]:
    """The inspector's planned rounds that start after today."""
    return list(
        InspectionRound.objects.filter(
            inspectors=user, status=RoundStatus.PLANNED, start_date__gt=timezone.localdate()
        ).order_by("start_date", "id")[:limit]
    )
