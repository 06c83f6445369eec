"""Query counts of the work-order pages: pinned, and the same with more orders (no query per row)."""

import pytest
from django.urls import reverse

from wenming.testing import client_for
from wenming.testing.queries import assert_page_queries


@pytest.mark.parametrize(
    ("who", "url_name", "status", "queries"),
    [
        ("unit_user", "workorders:queue", "dispatched", 5),
        ("office_user", "workorders:queue", "reported", 5),
        ("office_user", "workorders:verify-list", "resolved", 5),
        ("office_user", "workorders:report-list", "reported", 4),
        ("office_user", "workorders:kpi", "verified", 4),
        ("office_user", "workorders:category-list", "reported", 4),
        ("office_user", "workorders:intake", "reported", 5),
    ],
    ids=["unit-queue", "office-queue", "verify", "reports", "kpi", "categories", "intake"],
)
def test_pages(request, in_scope, make_order, who, url_name, status, queries):
    client = client_for(request.getfixturevalue(who))
    make_order(status)
    grow = lambda: [make_order(status) for _ in range(3)]  # noqa: E731
    assert_page_queries(client, reverse(url_name), queries=queries, grow=grow)


def test_detail(in_scope, make_order, office_user):
    order = make_order("dispatched")
    assert_page_queries(
        client_for(office_user), reverse("workorders:detail", args=[order.reference]), queries=6
    )
