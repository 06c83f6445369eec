"""Figures for the home page, computed from records of the current jurisdiction."""

from __future__ import annotations

from django.db.models import Count, Q

from wenming.organizations.choices import DivisionLevel, OrganizationKind
from wenming.organizations.models import Division, Organization, Person


def jurisdiction_counts() -> dict[str, int]:
    divisions = Division.objects.aggregate(
        townships=Count("pk", filter=Q(level=DivisionLevel.TOWNSHIP)),
        villages=Count("pk", filter=Q(level=DivisionLevel.VILLAGE)),
    )
    organizations = Organization.objects.filter(is_active=True).aggregate(
        responsible_units=Count("pk", filter=Q(kind=OrganizationKind.RESPONSIBLE_UNIT)),
        civilized_units=Count("pk", filter=Q(kind=OrganizationKind.CIVILIZED_UNIT)),
        working_groups=Count("pk", filter=Q(kind=OrganizationKind.WORKING_GROUP)),
        sub_commands=Count("pk", filter=Q(kind=OrganizationKind.SUB_COMMAND)),
    )
    return {**divisions, **organizations, "people": Person.objects.count()}
