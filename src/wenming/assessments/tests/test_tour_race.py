"""Scoring in parallel: ten scorers at once leave ten score sets; one scorer's double tap
leaves one (the constraint and the tour lock, on both databases)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from wenming.assessments.models import TourPoint, TourScoreSet
from wenming.assessments.tests.helpers import make_scorers, make_tour
from wenming.testing import api_client_for

pytestmark = pytest.mark.django_db(transaction=True)


def _post_all(clients, tour, unit):
    url = f"/api/v1/tours/{tour.pk}/scores"
    body = json.dumps({"unit_id": unit.pk, "points": [30, 45]})

    def post(client):
        try:
            return client.post(url, body, content_type="application/json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(post, clients))


def test_ten_scorers_in_parallel_give_ten_score_sets(transactional_db, world):
    scorers = make_scorers(world, 10)
    tour = make_tour(world, scorers)
    clients = [api_client_for(scorer) for scorer in scorers]
    statuses = _post_all(clients, tour, world.unit)
    assert statuses == [201] * 10
    with scopes_disabled():
        assert TourScoreSet.objects.filter(tour=tour).count() == 10
        assert set(TourScoreSet.objects.values_list("scorer_id", flat=True)) == {
            scorer.pk for scorer in scorers
        }
        assert TourPoint.objects.count() == 20


def test_the_same_scorer_twice_in_parallel_gives_one(transactional_db, world):
    scorer = make_scorers(world, 1)[0]
    tour = make_tour(world, [scorer])
    clients = [api_client_for(scorer) for _ in range(6)]
    statuses = _post_all(clients, tour, world.unit)
    assert sorted(statuses) == [201] + [409] * 5
    with scopes_disabled():
        assert TourScoreSet.objects.filter(tour=tour).count() == 1
        assert TourPoint.objects.count() == 2
