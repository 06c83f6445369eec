"""The roles people hold, for `core.grants`: registered as its provider by `OrganizationsConfig`."""

from __future__ import annotations

from django_scopes import scopes_disabled

from wenming.core.grants import MembershipRow, OrganizationRef
from wenming.organizations.models import Membership


def memberships_of(user) -> list[MembershipRow]:
    """(organization, scope, permissions) for each role `user` holds in an active organization
    of their jurisdiction: one query for the memberships, one for their roles."""
    rows = []
    with scopes_disabled():
        memberships = (
            Membership.objects.filter(
                person__user=user,
                jurisdiction_id=user.jurisdiction_id,
                organization__is_active=True,
            )
            .select_related("organization")
            .prefetch_related("roles")
            .order_by("pk")
        )
        for membership in memberships:
            organization = membership.organization
            reference = OrganizationRef(
                organization.pk, organization.path, organization.name, organization.short_name
            )
            for role in membership.roles.all():
                rows.append((reference, role.scope, frozenset(role.permissions)))
    return rows
