"""Observation tours over the API (`/api/v1/tours`): the office sets a tour up and closes it
(`assessments.manage_tour`); a scorer on the panel posts one score set per stop and reads their
own; the results are readable once the tour is closed, by nobody before.

Visibility: the office (`assessments.view_tour`) reads every tour, a scorer the tours they
are on; any other tour is 404. Scoring and one's own scores answer 403 `not_a_scorer` to
anyone off the panel, whatever the tour's state.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from wenming.assessments.actions import tours as actions
from wenming.assessments.models import Tour, TourRule, TourStatus
from wenming.assessments.queries import tours as queries
from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination, errors
from wenming.core.errors import ConflictError
from wenming.core.permissions import has_perm

router = Router(tags=["tours"])

Points = Annotated[float, Field(allow_inf_nan=False)]


class TourItemIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    max_points: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]


class TourIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    date: datetime.date
    stop_unit_ids: list[Id] = Field(..., min_length=1, max_length=500)
    scorers: list[Annotated[str, Field(min_length=1, max_length=150)]] = Field(
        ..., min_length=1, max_length=200, description="usernames"
    )
    items: list[TourItemIn] = Field(..., min_length=1, max_length=100)
    rule: TourRule = TourRule.TRIMMED


class TourStopOut(Schema):
    unit_id: int
    name: str
    scored_by: list[str] = Field(
        default_factory=list, description="usernames of the scorers who have scored it"
    )


class TourItemOut(Schema):
    id: int
    name: str
    max_points: float


class TourOut(Schema):
    id: int
    title: str
    date: datetime.date
    rule: TourRule
    status: TourStatus
    stops: list[TourStopOut]
    scorers: list[str]
    items: list[TourItemOut]


class TourListOut(Schema):
    id: int
    title: str
    date: datetime.date
    rule: TourRule
    status: TourStatus


class ScoreIn(Schema):
    unit_id: Id
    points: list[Points] = Field(..., max_length=100, description="one number per item")


class ScoreOut(Schema):
    unit_id: int
    unit_name: str
    points: list[float]
    total: float


class MyScoresOut(Schema):
    items: list[ScoreOut]
    count: int


class ClosedOut(Schema):
    status: TourStatus


class TourResultOut(Schema):
    unit_id: int
    unit_name: str
    score: float | None
    rank: int | None
    scorers: int
    trimmed: bool


class ResultsOut(Schema):
    items: list[TourResultOut]
    count: int


def _tour_out(tour: Tour) -> dict:
    tour = (
        Tour.objects.filter(pk=tour.pk)
        .prefetch_related("stops__organization", "items", "scorer_links__user")
        .get()
    )
    usernames = {link.user_id: link.user.username for link in tour.scorer_links.all()}
    done = queries.progress(tour)
    return {
        "id": tour.pk,
        "title": tour.title,
        "date": tour.date,
        "rule": tour.rule,
        "status": tour.status,
        "stops": [
            {
                "unit_id": stop.organization_id,
                "name": stop.organization.name,
                "scored_by": sorted(usernames[user_id] for user_id in done.get(stop.pk, ())),
            }
            for stop in tour.stops.all()
        ],
        "scorers": list(usernames.values()),
        "items": [
            {"id": item.pk, "name": item.name, "max_points": item.max_points}
            for item in tour.items.all()
        ],
    }


def _score_out(score_set) -> dict:
    return {
        "unit_id": score_set.stop.organization_id,
        "unit_name": score_set.stop.organization.name,
        "points": [point.points for point in score_set.points.all()],
        "total": score_set.total,
    }


def _visible(request, tour_id: int) -> Tour:
    return get_object_or_404(queries.visible_tours(request.user), pk=tour_id)


def _panel_tour(request, tour_id: int) -> Tour:
    """A tour of the caller's jurisdiction, for what only its scorers may do."""
    tour = get_object_or_404(Tour, pk=tour_id, jurisdiction_id=request.user.jurisdiction_id)
    if not queries.is_scorer(request.user, tour):
        raise actions.NotAScorerError()
    return tour


@router.get("/tours", response={200: list[TourListOut], **COMMON_ERRORS}, summary="List tours")
@paginate(Pagination)
def list_tours(request):
    return queries.visible_tours(request.user).order_by("-date", "-pk")


@router.post(
    "/tours",
    response={201: TourOut, **WRITE_ERRORS},
    summary="Set up an observation tour",
    description="Needs `assessments.manage_tour` (office roles). 422 `unknown_unit`, "
    "`unknown_scorer` for ids or usernames not in the jurisdiction.",
)
def create_tour(request, payload: TourIn):
    if not has_perm(request.user, actions.MANAGE, Tour):
        raise PermissionDenied
    tour = actions.create_tour(
        request.jurisdiction,
        title=payload.title,
        date=payload.date,
        stop_unit_ids=payload.stop_unit_ids,
        scorers=payload.scorers,
        items=[item.dict() for item in payload.items],
        rule=payload.rule,
        actor=request.user,
    )
    return Status(201, _tour_out(tour))


@router.get(
    "/tours/{tour_id}",
    response={200: TourOut, **COMMON_ERRORS},
    summary="One tour, with who has scored which stop (never the points)",
)
def get_tour(request, tour_id: Id):
    return _tour_out(_visible(request, tour_id))


@router.post(
    "/tours/{tour_id}/scores",
    response={201: ScoreOut, **WRITE_ERRORS},
    summary="Score a stop (as a scorer of the tour)",
    description="403 `not_a_scorer` (whatever the tour's state); 409 `already_scored`, "
    "`tour_closed`; 422 `points_out_of_range` (one detail per item), `points_mismatch`, "
    "`not_a_stop`.",
)
def score_stop(request, tour_id: Id, payload: ScoreIn):
    tour = _panel_tour(request, tour_id)
    score_set = actions.score_stop(
        tour, unit_id=payload.unit_id, points=payload.points, actor=request.user
    )
    score_set = (
        type(score_set)
        .objects.select_related("stop__organization")
        .prefetch_related("points__item")
        .get(pk=score_set.pk)
    )
    return Status(201, _score_out(score_set))


@router.get(
    "/tours/{tour_id}/my-scores",
    response={200: MyScoresOut, **COMMON_ERRORS},
    summary="The caller's own score sets of the tour",
    description="403 `not_a_scorer` for anyone off the panel.",
)
def my_scores(request, tour_id: Id):
    tour = _panel_tour(request, tour_id)
    rows = [_score_out(score_set) for score_set in queries.my_score_sets(tour, request.user)]
    return {"items": rows, "count": len(rows)}


@router.post(
    "/tours/{tour_id}/close",
    response={200: ClosedOut, **WRITE_ERRORS},
    summary="Close the tour (scores may be missing)",
    description="409 `tour_closed` when it is closed already.",
)
def close_tour(request, tour_id: Id):
    tour = get_object_or_404(Tour, pk=tour_id, jurisdiction_id=request.user.jurisdiction_id)
    if not has_perm(request.user, actions.MANAGE, tour):
        raise PermissionDenied
    tour = actions.close_tour(tour, actor=request.user)
    return {"status": tour.status}


@router.get(
    "/tours/{tour_id}/results",
    response={200: ResultsOut, **COMMON_ERRORS, **errors(409)},
    summary="The results of a closed tour, best first",
    description="409 `tour_open` before the tour is closed, for everyone.",
)
def tour_results(request, tour_id: Id):
    tour = _visible(request, tour_id)
    if tour.status != TourStatus.CLOSED:
        raise ConflictError(_("The results are shown once the tour is closed."), code="tour_open")
    rows = [
        {
            "unit_id": row.unit_id,
            "unit_name": row.stop.organization.name,
            "score": row.score,
            "rank": row.rank,
            "scorers": row.scorers,
            "trimmed": row.trimmed,
        }
        for row in queries.results(tour)
    ]
    return {"items": rows, "count": len(rows)}
