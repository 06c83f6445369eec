"""Query counts of the organization pages: pinned, and the same with more organizations, people
and roles (no query per row)."""

import itertools

import pytest
from django.urls import reverse

from wenming.core.permissions import REGISTRY, RoleScope
from wenming.testing import client_for, make_member
from wenming.testing.queries import assert_page_queries

_numbers = itertools.count(1)


@pytest.fixture
def office(in_scope):
    return client_for(
        in_scope.member(in_scope.office, list(REGISTRY), scope=RoleScope.JURISDICTION)
    )


def _grow(world):
    """Three more organizations, each with a member holding a role of their own."""
    from wenming.organizations.models import Organization

    for _ in range(3):
        organization = Organization.objects.create(
            jurisdiction=world.jurisdiction,
            parent=world.township,
            kind="village_committee",
            name=f"测试社区{next(_numbers)}",
        )
        organization.path = f"{world.township.path}{organization.pk}/"
        organization.depth = world.township.depth + 1
        organization.save(update_fields=["path", "depth"])
        make_member(organization, ["tasks.view_task"])


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [
        ("organizations:organization-tree", 3),
        ("organizations:organization-list", 5),
        ("organizations:person-list", 6),
        ("organizations:role-list", 4),
        ("organizations:division-list", 4),
    ],
    ids=["tree", "organizations", "people", "roles", "divisions"],
)
def test_lists(in_scope, office, url_name, queries):
    assert_page_queries(office, reverse(url_name), queries=queries, grow=lambda: _grow(in_scope))


def test_organization_detail_with_members(in_scope, office):
    make_member(in_scope.unit, ["tasks.view_task"])
    url = reverse("organizations:organization-detail", args=[in_scope.unit.pk])
    grow = lambda: [make_member(in_scope.unit, ["tasks.view_task"]) for _ in range(3)]  # noqa: E731
    assert_page_queries(office, url, queries=7, grow=grow)
