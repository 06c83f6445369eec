"""Reads shared by the pages and the API."""

from __future__ import annotations

from django.db.models import Prefetch

from wenming.core.permissions import grant_for
from wenming.organizations.models import Membership, Organization, Person

VIEW_PERSON = "organizations.view_person"


def visible_people(user, permission: str = VIEW_PERSON):
    """People `user` may see: everyone with a jurisdiction-wide grant, otherwise the members of
    the organizations the grant covers (people are shared rows; their memberships place them)."""
    queryset = Person.objects.restrict(user, permission)
    if not grant_for(user, permission).everywhere:
        visible = Organization.objects.restrict(user, permission)
        queryset = queryset.filter(memberships__organization__in=visible).distinct()
    return queryset.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organization")
            .prefetch_related("roles")
            .order_by("organization__path"),
        )
    )
