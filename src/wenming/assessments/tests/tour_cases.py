"""Permission matrix cases of every tour page and API operation (joined to
`test_permission_matrix.CASES`; see testing.matrix).

Tours belong to the whole jurisdiction: `assessments.view_tour` held anywhere reads them,
`assessments.manage_tour` jurisdiction-wide sets them up and closes them. Scoring needs no
permission but a place on the panel: the member "with the permission" is made a scorer and
everyone else, the office included, is refused. Results are out only after the close.
"""

from django.urls import reverse
from django_scopes import scopes_disabled

from wenming.assessments.models import Tour, TourScoreSet
from wenming.assessments.tests.helpers import close, make_tour
from wenming.core.permissions import RoleScope
from wenming.testing import make_member
from wenming.testing.matrix import Case, refreshed, snapshot

VIEW = "assessments.view_tour"
MANAGE = "assessments.manage_tour"
TITLE = "上半年观摩"


def _tour(world):
    return {"tour": make_tour(world, [make_member(world.unit)])}


def _closed_tour(world):
    tour = make_tour(world, [make_member(world.unit)])
    close(tour)
    return {"tour": tour}


def _scorer_tour(world, user):
    return {"tour": make_tour(world, [user])}


def _scorer(world):
    return {"scorer": make_member(world.unit, username="panel-scorer")}


def _tours(given):
    return snapshot(Tour, "title", "status", jurisdiction=given.world.jurisdiction)


def _score_sets(given):
    with scopes_disabled():
        return snapshot(TourScoreSet, "stop_id", "scorer_id", "total")


OFFICE = {"owner": "office", "scope": RoleScope.JURISDICTION}

CASES = [
    Case("assessments:tour-list", [VIEW], setup=_tour, visible=TITLE, shared=True, **OFFICE),
    Case(
        "assessments:tour-add",
        [VIEW, MANAGE],
        method="post",
        setup=_scorer,
        data=lambda g: {
            "title": "新观摩",
            "date": "2026-06-15",
            "rule": "trimmed",
            "stops": [g.world.unit.pk],
            "scorers": [g.scorer.person.pk],
            "items": "环境卫生 40\n宣传氛围 60",
        },
        changed=_tours,
        expected={"other_jurisdiction": (200, 422)},
        **OFFICE,
    ),
    Case(
        "assessments:tour-detail",
        [VIEW],
        setup=_tour,
        url=lambda g: reverse("assessments:tour-detail", args=[g.tour.pk]),
        expected={"other_unit": 200},
        **OFFICE,
    ),
    Case(
        "assessments:tour-close",
        [VIEW, MANAGE],
        method="post",
        setup=_tour,
        url=lambda g: reverse("assessments:tour-close", args=[g.tour.pk]),
        changed=lambda g: refreshed(g.tour, "status"),
        **OFFICE,
    ),
    Case(
        "assessments:tour-results",
        [VIEW],
        setup=_closed_tour,
        url=lambda g: reverse("assessments:tour-results", args=[g.tour.pk]),
        expected={"other_unit": 200},
        **OFFICE,
    ),
    # The scorer's own pages: being on the panel is the permission.
    Case(
        "assessments:my-tours",
        personal=_scorer_tour,
        visible=TITLE,
        expected={"member_without": 200},
    ),
    Case(
        "assessments:tour-score",
        personal=_scorer_tour,
        url=lambda g: reverse("assessments:tour-score", args=[g.tour.pk]),
    ),
    Case(
        "assessments:tour-score",
        label="post",
        method="post",
        personal=_scorer_tour,
        url=lambda g: reverse("assessments:tour-score", args=[g.tour.pk]),
        data=lambda g: {
            "unit": g.world.unit.pk,
            **{f"item_{item.pk}": "30" for item in g.tour.items.all()},
        },
        changed=_score_sets,
    ),
    # The API.
    Case("GET /api/v1/tours", [VIEW], setup=_tour, visible=TITLE, shared=True, **OFFICE),
    Case(
        "POST /api/v1/tours",
        [VIEW, MANAGE],
        method="post",
        setup=_scorer,
        data=lambda g: {
            "title": "新观摩",
            "date": "2026-06-15",
            "stop_unit_ids": [g.world.unit.pk],
            "scorers": [g.scorer.username],
            "items": [{"name": "环境卫生", "max_points": 40}],
        },
        changed=_tours,
        expected={"other_jurisdiction": 422},
        **OFFICE,
    ),
    Case(
        "GET /api/v1/tours/{tour_id}",
        [VIEW],
        setup=_tour,
        url=lambda g: f"/api/v1/tours/{g.tour.pk}",
        expected={"other_unit": 200},
        **OFFICE,
    ),
    Case(
        "GET /api/v1/tours/{tour_id}",
        label="scorer",
        personal=_scorer_tour,
        url=lambda g: f"/api/v1/tours/{g.tour.pk}",
    ),
    Case(
        "POST /api/v1/tours/{tour_id}/scores",
        method="post",
        personal=_scorer_tour,
        url=lambda g: f"/api/v1/tours/{g.tour.pk}/scores",
        data=lambda g: {"unit_id": g.world.unit.pk, "points": [30, 40]},
        changed=_score_sets,
    ),
    Case(
        "GET /api/v1/tours/{tour_id}/my-scores",
        personal=_scorer_tour,
        url=lambda g: f"/api/v1/tours/{g.tour.pk}/my-scores",
    ),
    Case(
        "POST /api/v1/tours/{tour_id}/close",
        [VIEW, MANAGE],
        method="post",
        setup=_tour,
        url=lambda g: f"/api/v1/tours/{g.tour.pk}/close",
        changed=lambda g: refreshed(g.tour, "status"),
        **OFFICE,
    ),
    Case(
        "GET /api/v1/tours/{tour_id}/results",
        [VIEW],
        setup=_closed_tour,
        url=lambda g: f"/api/v1/tours/{g.tour.pk}/results",
        expected={"other_unit": 200},
        **OFFICE,
    ),
    # Before the close nobody sees results, not even the office.
    Case(
        "GET /api/v1/tours/{tour_id}/results",
        [VIEW, MANAGE],
        label="open",
        setup=_tour,
        url=lambda g: f"/api/v1/tours/{g.tour.pk}/results",
        expected={"member_with": 409, "other_unit": 409},
        **OFFICE,
    ),
]
