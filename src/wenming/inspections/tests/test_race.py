"""Ten parallel submissions of one visit leave exactly one set of results and problems."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.urls import reverse
from django_scopes import scope

from wenming.inspections.models import SiteVisit, VisitLineResult
from wenming.inspections.tests.conftest import jpeg_upload
from wenming.testing import client_for


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_create_one_set_of_problems(transactional_db, setup):
    items = setup.items
    url = reverse("inspections:visit-detail", args=[setup.visit.pk])

    def submit(number):
        try:
            data = {f"result_{item.pk}": "met" for item in items}
            data[f"result_{items[0].pk}"] = "not_met"
            data[f"result_{items[1].pk}"] = "partly_met"
            data[f"photo_{items[0].pk}"] = jpeg_upload()
            data[f"photo_{items[1].pk}"] = jpeg_upload()
            # half are a double tap of one form, half come from other tabs
            data["submission_key"] = "same" if number % 2 else f"tab-{number}"
            return client_for(setup.inspector).post(url, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(submit, range(10)))
    assert set(statuses) <= {302, 422}
    assert statuses.count(302) >= 1
    from wenming.workorders.models import WorkOrder

    with scope(jurisdiction=setup.world.jurisdiction):
        visit = SiteVisit.objects.get(pk=setup.visit.pk)
        assert visit.status == "submitted"
        assert VisitLineResult.objects.filter(visit=visit).count() == len(items)
        assert visit.photos.count() == 2
    orders = WorkOrder.objects.with_scopes_disabled().filter(source="inspection")
    assert orders.count() == 2
    assert orders.values("source_reference").distinct().count() == 2
