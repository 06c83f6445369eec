"""The tour API contract: set up, score, own scores, close, results, and every refusal with
its code (nothing written when refused)."""

import json

import pytest
from django_scopes import scopes_disabled

from wenming.assessments.models import Tour, TourScoreSet
from wenming.assessments.tests.helpers import close, make_scorers, make_tour, score
from wenming.testing import api_client_for, make_member

pytestmark = pytest.mark.django_db


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _score_sets():
    with scopes_disabled():
        return sorted(TourScoreSet.objects.values_list("stop_id", "scorer_id", "total"))


def test_the_office_sets_up_a_tour_and_the_rule_defaults_to_trimmed(world, office):
    scorers = make_scorers(world, 2)
    response = _post(
        api_client_for(office),
        "/api/v1/tours",
        {
            "title": "第二季度观摩",
            "date": "2026-06-15",
            "stop_unit_ids": [world.unit.pk, world.township.pk],
            "scorers": [user.username for user in scorers],
            "items": [{"name": "环境卫生", "max_points": 40}, {"name": "宣传", "max_points": 60.5}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["rule"] == "trimmed"
    assert [stop["unit_id"] for stop in body["stops"]] == [world.unit.pk, world.township.pk]
    assert [item["max_points"] for item in body["items"]] == [40, 60.5]
    assert body["scorers"] == [user.username for user in scorers]


def test_set_up_refuses_unknown_units_and_scorers(world, office):
    client = api_client_for(office)
    scorer = make_scorers(world, 1)[0]
    body = {
        "title": "观摩",
        "date": "2026-06-15",
        "stop_unit_ids": [world.other_unit.pk],
        "scorers": [scorer.username],
        "items": [{"name": "环境", "max_points": 10}],
    }
    response = _post(client, "/api/v1/tours", body)
    assert (response.status_code, response.json()["code"]) == (422, "unknown_unit")
    body.update(stop_unit_ids=[world.unit.pk], scorers=["nobody-here"])
    response = _post(client, "/api/v1/tours", body)
    assert (response.status_code, response.json()["code"]) == (422, "unknown_scorer")
    with scopes_disabled():
        assert not Tour.objects.exists()


def test_a_scorer_scores_and_reads_only_their_own_scores(world):
    first, second = make_scorers(world, 2)
    tour = make_tour(world, [first, second])
    response = _post(
        api_client_for(first),
        f"/api/v1/tours/{tour.pk}/scores",
        {"unit_id": world.unit.pk, "points": [35.5, 50]},
    )
    assert response.status_code == 201, response.content
    assert response.json()["total"] == 85.5
    score(tour, second, world.unit, [10, 10])
    mine = api_client_for(first).get(f"/api/v1/tours/{tour.pk}/my-scores").json()
    assert mine["count"] == 1
    assert mine["items"][0] == {
        "unit_id": world.unit.pk,
        "unit_name": world.unit.name,
        "points": [35.5, 50],
        "total": 85.5,
    }


def test_the_tour_shows_who_scored_which_stop_without_points(world, office):
    first, second = make_scorers(world, 2)
    tour = make_tour(world, [first, second])
    score(tour, first, world.unit, [10, 20])
    body = api_client_for(office).get(f"/api/v1/tours/{tour.pk}").json()
    assert body["stops"][0]["scored_by"] == [first.username]
    assert body["stops"][1]["scored_by"] == []
    assert "30" not in json.dumps(body["stops"])


@pytest.mark.parametrize(
    "payload, status, code",
    [
        ({"points": [41, 10]}, 422, "points_out_of_range"),
        ({"points": [-1, 10]}, 422, "points_out_of_range"),
        ({"points": [10]}, 422, "points_mismatch"),
        ({"points": [10, 10, 10]}, 422, "points_mismatch"),
        ({"points": [10, 10], "unit": "sibling_unit"}, 422, "not_a_stop"),
    ],
)
def test_score_refusals(world, payload, status, code):
    scorer = make_scorers(world, 1)[0]
    tour = make_tour(world, [scorer])
    unit = getattr(world, payload.get("unit", "unit"))
    response = _post(
        api_client_for(scorer),
        f"/api/v1/tours/{tour.pk}/scores",
        {"unit_id": unit.pk, "points": payload["points"]},
    )
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert _score_sets() == []


def test_out_of_range_names_every_item_out_of_range(world):
    scorer = make_scorers(world, 1)[0]
    tour = make_tour(world, [scorer])
    response = _post(
        api_client_for(scorer),
        f"/api/v1/tours/{tour.pk}/scores",
        {"unit_id": world.unit.pk, "points": [40.5, 61]},
    )
    assert [d["field"] for d in response.json()["details"]] == ["points.0", "points.1"]


def test_the_same_scorer_and_stop_again_is_already_scored(world):
    scorer = make_scorers(world, 1)[0]
    tour = make_tour(world, [scorer])
    score(tour, scorer, world.unit, [10, 10])
    response = _post(
        api_client_for(scorer),
        f"/api/v1/tours/{tour.pk}/scores",
        {"unit_id": world.unit.pk, "points": [20, 20]},
    )
    assert (response.status_code, response.json()["code"]) == (409, "already_scored")
    assert len(_score_sets()) == 1


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
def test_someone_off_the_panel_is_not_a_scorer_whatever_the_state(world, office, closed):
    scorer = make_scorers(world, 1)[0]
    tour = make_tour(world, [scorer])
    if closed:
        close(tour)
    for user in (office, make_member(world.unit)):
        client = api_client_for(user)
        response = _post(
            client, f"/api/v1/tours/{tour.pk}/scores", {"unit_id": world.unit.pk, "points": [1, 1]}
        )
        assert (response.status_code, response.json()["code"]) == (403, "not_a_scorer")
        response = client.get(f"/api/v1/tours/{tour.pk}/my-scores")
        assert (response.status_code, response.json()["code"]) == (403, "not_a_scorer")
    assert _score_sets() == []


def test_after_close_scoring_is_tour_closed_and_closing_again_too(world, office):
    scorer = make_scorers(world, 1)[0]
    tour = make_tour(world, [scorer])
    response = _post(api_client_for(office), f"/api/v1/tours/{tour.pk}/close")
    assert response.status_code == 200 and response.json() == {"status": "closed"}
    response = _post(api_client_for(office), f"/api/v1/tours/{tour.pk}/close")
    assert (response.status_code, response.json()["code"]) == (409, "tour_closed")
    response = _post(
        api_client_for(scorer),
        f"/api/v1/tours/{tour.pk}/scores",
        {"unit_id": world.unit.pk, "points": [1, 1]},
    )
    assert (response.status_code, response.json()["code"]) == (409, "tour_closed")
    assert _score_sets() == []


def test_nobody_sees_results_before_close_and_viewers_see_them_after(world, office):
    scorers = make_scorers(world, 5)
    tour = make_tour(world, scorers)
    for index, scorer in enumerate(scorers):
        score(tour, scorer, world.unit, [10 * index, 10])
    score(tour, scorers[0], world.township, [40, 60])
    for user in (office, scorers[0]):
        response = api_client_for(user).get(f"/api/v1/tours/{tour.pk}/results")
        assert (response.status_code, response.json()["code"]) == (409, "tour_open")
    close(tour)
    for user in (office, scorers[0]):
        body = api_client_for(user).get(f"/api/v1/tours/{tour.pk}/results").json()
        assert body["count"] == 2
        # the unit: totals 10, 20, 30, 40, 50 -> 20, 30, 40 -> 30; the township: 100
        assert body["items"] == [
            {
                "unit_id": world.township.pk,
                "unit_name": world.township.name,
                "score": 100,
                "rank": 1,
                "scorers": 1,
                "trimmed": False,
            },
            {
                "unit_id": world.unit.pk,
                "unit_name": world.unit.name,
                "score": 30,
                "rank": 2,
                "scorers": 5,
                "trimmed": True,
            },
        ]
    response = api_client_for(make_member(world.unit)).get(f"/api/v1/tours/{tour.pk}/results")
    assert response.status_code == 404


def test_a_maximum_that_rounds_to_nothing_is_refused(world, office):
    scorer = make_scorers(world, 1)[0]
    response = _post(
        api_client_for(office),
        "/api/v1/tours",
        {
            "title": "观摩",
            "date": "2026-06-15",
            "stop_unit_ids": [world.unit.pk],
            "scorers": [scorer.username],
            "items": [{"name": "环境", "max_points": 0.001}],
        },
    )
    assert (response.status_code, response.json()["code"]) == (422, "item_max_points")
    with scopes_disabled():
        assert not Tour.objects.exists()
