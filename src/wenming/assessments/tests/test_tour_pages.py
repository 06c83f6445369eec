"""The tour pages: setting up with per-line errors, the scorer's sheet with per-item errors in
Chinese, results only after the close, and query counts that do not grow with the tour."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from wenming.assessments.models import Tour, TourItem, TourScoreSet
from wenming.assessments.tests.helpers import close, make_scorers, make_tour, score
from wenming.testing import client_for

pytestmark = pytest.mark.django_db


def test_the_office_sets_up_a_tour_and_a_bad_sheet_line_is_named(world, office):
    scorer = make_scorers(world, 1)[0]
    form = {
        "title": "下半年观摩",
        "date": "2026-10-15",
        "rule": "mean",
        "stops": [world.unit.pk, world.township.pk],
        "scorers": [scorer.person.pk],
        "items": "环境卫生 40\n宣传氛围",
    }
    client = client_for(office)
    response = client.post(reverse("assessments:tour-add"), form)
    assert response.status_code == 200
    assert "第2行：请填写名称和满分" in response.content.decode()
    with scopes_disabled():
        assert not Tour.objects.exists()
    form["items"] = "环境卫生 40\n宣传氛围，60.5"
    response = client.post(reverse("assessments:tour-add"), form)
    assert response.status_code == 302
    with scopes_disabled():
        tour = Tour.objects.get()
        assert tour.rule == "mean"
        assert [(i.name, str(i.max_points)) for i in TourItem.objects.filter(tour=tour)] == [
            ("环境卫生", "40.00"),
            ("宣传氛围", "60.50"),
        ]


def test_the_scorer_is_told_per_item_and_nothing_is_written(world):
    scorer = make_scorers(world, 1)[0]
    tour = make_tour(world, [scorer])
    with scopes_disabled():
        first, second = TourItem.objects.filter(tour=tour)
    url = reverse("assessments:tour-score", args=[tour.pk])
    client = client_for(scorer)
    response = client.post(
        url, {"unit": world.unit.pk, f"item_{first.pk}": "41", f"item_{second.pk}": "-1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "最高40分。" in page and "不能低于0分。" in page
    with scopes_disabled():
        assert not TourScoreSet.objects.exists()
    response = client.post(
        url, {"unit": world.unit.pk, f"item_{first.pk}": "40", f"item_{second.pk}": "0"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "合计 40" in page


def test_results_wait_for_the_close(world, office):
    scorer = make_scorers(world, 1)[0]
    tour = make_tour(world, [scorer])
    score(tour, scorer, world.unit, [33, 44])
    url = reverse("assessments:tour-results", args=[tour.pk])
    page = client_for(office).get(url).content.decode()
    assert "观摩结束后公布结果" in page and "77.00" not in page
    close(tour)
    page = client_for(office).get(url).content.decode()
    assert "77.00" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["assessments:tour-detail", "assessments:tour-score"])
def test_tour_pages_do_not_query_per_stop_or_scorer(world, office, name):
    small_panel = make_scorers(world, 2)
    small = make_tour(world, small_panel, stops=[world.unit])
    big_panel = make_scorers(world, 6)
    big = make_tour(world, big_panel, stops=[world.unit, world.township, world.sibling_unit])
    for tour, panel, stops in (
        (small, small_panel, [world.unit]),
        (big, big_panel, [world.unit, world.township, world.sibling_unit]),
    ):
        for scorer in panel:
            for unit in stops:
                score(tour, scorer, unit, [10, 10])
    user = office if name == "assessments:tour-detail" else None
    counts = []
    for tour, panel in ((small, small_panel), (big, big_panel)):
        client = client_for(user or panel[0])
        client.get(reverse(name, args=[tour.pk]))  # the session and the grants, cached
        counts.append(_queries(client, reverse(name, args=[tour.pk])))
    assert counts[0] == counts[1]
