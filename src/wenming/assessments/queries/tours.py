"""Reads of observation tours: who may see a tour, the panel's progress, a scorer's own score
sets, the results of a closed tour and the tour scores the assessment schemes use.

The rule (the usual panel rule): a stop's total per scorer is the sum of their points; with
`trimmed` and five or more scorers of that stop the highest and the lowest totals are dropped;
the score is the mean of the rest, rounded half up to two decimals; stops are ranked highest
first, ties share a rank and the next rank skips (1, 1, 3).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from wenming.assessments.models import Tour, TourRule, TourScoreSet, TourStatus, TourStop
from wenming.core.permissions import has_perm

#: With this many scorers of a stop or more, a trimmed tour drops its highest and lowest total.
TRIM_FROM = 5
CENT = Decimal("0.01")


def round_half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def visible_tours(user) -> QuerySet[Tour]:
    """The tours `user` may read: all of them with `assessments.view_tour`, and the ones they
    are a scorer of."""
    if user is None or not user.is_authenticated:
        return Tour.objects.none()
    allowed = Tour.objects.restrict(user, "assessments.view_tour").values("pk")
    return Tour.objects.filter(
        Q(pk__in=allowed) | Q(pk__in=scored_by(user).values("pk")),
        jurisdiction_id=user.jurisdiction_id,
    )


def scored_by(user) -> QuerySet[Tour]:
    """The tours `user` is a scorer of."""
    if user is None or not user.is_authenticated:
        return Tour.objects.none()
    return Tour.objects.filter(scorer_links__user_id=user.pk, jurisdiction_id=user.jurisdiction_id)


def is_scorer(user, tour: Tour) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return tour.scorer_links.filter(user_id=user.pk).exists()


def may_view(user, tour: Tour) -> bool:
    return has_perm(user, "assessments.view_tour", tour) or is_scorer(user, tour)


def progress(tour: Tour) -> dict[int, set[int]]:
    """Which scorers (user ids) have scored each stop (by stop id): never the points."""
    done: dict[int, set[int]] = defaultdict(set)
    for stop_id, scorer_id in TourScoreSet.objects.filter(tour=tour).values_list(
        "stop_id", "scorer_id"
    ):
        done[stop_id].add(scorer_id)
    return done


def my_progress(user, tours) -> dict[int, tuple[int, int]]:
    """Per tour id: how many stops `user` has scored, and how many stops it has."""
    ids = [tour.pk for tour in tours]
    stops = Counter(TourStop.objects.filter(tour_id__in=ids).values_list("tour_id", flat=True))
    mine = Counter(
        TourScoreSet.objects.filter(tour_id__in=ids, scorer_id=user.pk).values_list(
            "tour_id", flat=True
        )
    )
    return {tour_id: (mine.get(tour_id, 0), count) for tour_id, count in stops.items()}


def my_score_sets(tour: Tour, user) -> list[TourScoreSet]:
    """`user`'s own score sets of `tour`, with their points, in the order of the stops."""
    return list(
        TourScoreSet.objects.filter(tour=tour, scorer_id=user.pk)
        .select_related("stop__organization")
        .prefetch_related("points__item")
        .order_by("stop__position", "stop_id")
    )


@dataclass(frozen=True)
class StopResult:
    stop: TourStop
    score: Decimal | None
    rank: int | None
    scorers: int
    trimmed: bool

    @property
    def unit_id(self) -> int:
        return self.stop.organization_id


def combine(totals: list[Decimal], rule: str) -> tuple[Decimal | None, bool]:
    """The score of one stop from its scorers' totals, and whether the rule trimmed them."""
    if not totals:
        return None, False
    kept = sorted(totals)
    trimmed = rule == TourRule.TRIMMED and len(kept) >= TRIM_FROM
    if trimmed:
        kept = kept[1:-1]
    return round_half_up(sum(kept, Decimal(0)) / len(kept)), trimmed


def rank(scores: list[Decimal | None]) -> list[int | None]:
    """Competition ranks, highest first (1, 1, 3); a stop without a score has no rank."""
    return [
        None
        if score is None
        else 1 + sum(1 for other in scores if other is not None and other > score)
        for score in scores
    ]


def _totals(tour_ids) -> dict[tuple[int, int], list[Decimal]]:
    totals: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for tour_id, stop_id, total in TourScoreSet.objects.filter(tour_id__in=tour_ids).values_list(
        "tour_id", "stop_id", "total"
    ):
        totals[(tour_id, stop_id)].append(total)
    return totals


def results(tour: Tour) -> list[StopResult]:
    """Every stop's score and rank, best first (stops nobody scored last, without a rank)."""
    stops = list(TourStop.objects.filter(tour=tour).select_related("organization"))
    totals = _totals([tour.pk])
    combined = [combine(totals.get((tour.pk, stop.pk), []), tour.rule) for stop in stops]
    ranks = rank([score for score, _trimmed in combined])
    rows = [
        StopResult(stop, score, position, len(totals.get((tour.pk, stop.pk), [])), trimmed)
        for stop, (score, trimmed), position in zip(stops, combined, ranks, strict=True)
    ]
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0, row.stop.position))


def tour_scores(
    jurisdiction, start: datetime.date, end: datetime.date
) -> dict[int, tuple[Decimal, int]]:
    """Per organization id: the mean of its scores in the closed tours dated `start`..`end`
    (inclusive), rounded half up to two decimals, and the number of those tours. A stop nobody
    scored does not count. The "tour score" component of an assessment scheme reads this."""
    tours = {
        tour.pk: tour.rule
        for tour in Tour.objects.filter(
            jurisdiction=jurisdiction, status=TourStatus.CLOSED, date__range=(start, end)
        ).only("pk", "rule")
    }
    if not tours:
        return {}
    stop_units = dict(
        TourStop.objects.filter(tour_id__in=tours).values_list("pk", "organization_id")
    )
    per_unit: dict[int, list[Decimal]] = defaultdict(list)
    for (tour_id, stop_id), totals in _totals(list(tours)).items():
        score, _trimmed = combine(totals, tours[tour_id])
        if score is not None:
            per_unit[stop_units[stop_id]].append(score)
    return {
        unit_id: (round_half_up(sum(scores, Decimal(0)) / len(scores)), len(scores))
        for unit_id, scores in per_unit.items()
    }
