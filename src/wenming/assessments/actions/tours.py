"""Observation tour actions: the office sets a tour up and closes it (`assessments.manage_tour`,
jurisdiction-wide); a scorer listed on the tour scores each stop once.

Refusals carry the stable codes of the API contract: `not_a_scorer` (403, whatever the tour's
state), `tour_closed` (409), `already_scored` (409), `not_a_stop`, `points_mismatch` and
`points_out_of_range` (422, the last with one detail per item that is out of range).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.assessments.models import (
    TOUR_TRANSITIONS,
    Tour,
    TourItem,
    TourPoint,
    TourRule,
    TourScorer,
    TourScoreSet,
    TourStatus,
    TourStop,
)
from wenming.core.audit import log_event
from wenming.core.errors import ConflictError, DomainError, field_error
from wenming.core.permissions import require
from wenming.core.transitions import lock, transition
from wenming.organizations.models import Organization

MANAGE = "assessments.manage_tour"
MAX_POINTS_LIMIT = Decimal("1000")


class NotAScorerError(DomainError):
    """Only the people listed on the tour's panel may score it or read their scores."""

    status_code = 403
    code = "not_a_scorer"

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("You are not a scorer of this tour."), **kwargs)


class ScoreRefusedError(DomainError):
    """Points that do not fit the tour's score sheet or stops."""

    status_code = 422


def _tour_closed_error() -> ConflictError:
    return ConflictError(_("The tour is closed."), code="tour_closed")


def _require_user(actor) -> None:
    """Scoring is a person's own act: the system, the public and no one are refused."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("assessments.score_tour")


def _clean_items(items) -> list[tuple[str, Decimal]]:
    cleaned = []
    for index, item in enumerate(items):
        name = str(item.get("name") or "").strip()
        try:
            maximum = Decimal(str(item.get("max_points")))
        except ArithmeticError:
            maximum = Decimal(0)
        if not name:
            raise field_error(
                "items", _("Item %(number)s has no name.") % {"number": index + 1}, "item_name"
            )
        valid = maximum.is_finite() and 0 < maximum <= MAX_POINTS_LIMIT
        if valid:
            maximum = maximum.quantize(Decimal("0.01"))
            valid = maximum > 0
        if not valid:
            raise field_error(
                "items",
                _("The maximum of “%(name)s” must be above 0 and at most 1000.") % {"name": name},
                "item_max_points",
            )
        cleaned.append((name[:200], maximum))
    if not cleaned:
        raise field_error("items", _("The score sheet needs at least one item."), "items_required")
    return cleaned


def _stops(jurisdiction, unit_ids) -> list[Organization]:
    unit_ids = list(dict.fromkeys(unit_ids))
    if not unit_ids:
        raise field_error(
            "stop_unit_ids", _("Choose at least one unit to visit."), "stops_required"
        )
    found = Organization.objects.filter(jurisdiction=jurisdiction, pk__in=unit_ids).in_bulk()
    missing = [unit_id for unit_id in unit_ids if unit_id not in found]
    if missing:
        raise field_error(
            "stop_unit_ids",
            _("No such unit: %(ids)s.") % {"ids": ", ".join(str(i) for i in missing)},
            "unknown_unit",
        )
    return [found[unit_id] for unit_id in unit_ids]


def _scorers(jurisdiction, usernames) -> list:
    usernames = list(dict.fromkeys(str(name) for name in usernames))
    if not usernames:
        raise field_error("scorers", _("Choose at least one scorer."), "scorers_required")
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            jurisdiction=jurisdiction, username__in=usernames, is_active=True
        )
    }
    missing = [name for name in usernames if name not in users]
    if missing:
        raise field_error(
            "scorers",
            _("No such account: %(names)s.") % {"names": "、".join(missing)},
            "unknown_scorer",
        )
    return [users[name] for name in usernames]


def create_tour(
    jurisdiction,
    *,
    title: str,
    date: datetime.date,
    stop_unit_ids,
    scorers,
    items,
    rule: str = TourRule.TRIMMED,
    actor,
) -> Tour:
    """Set up an open tour: its stops (organization ids), its panel (usernames) and its score
    sheet (`[{"name", "max_points"}]`)."""
    require(actor, MANAGE, Tour)
    if getattr(actor, "jurisdiction_id", None) not in (None, jurisdiction.pk):
        raise PermissionDenied(MANAGE)
    title = (title or "").strip()
    if not title:
        raise field_error("title", _("Give the tour a title."), "required")
    if rule not in TourRule.values:
        raise field_error("rule", _("Choose a rule."), "invalid_choice")
    with transaction.atomic():
        stops = _stops(jurisdiction, stop_unit_ids)
        panel = _scorers(jurisdiction, scorers)
        sheet = _clean_items(items)
        tour = Tour.objects.create(
            jurisdiction=jurisdiction,
            title=title[:200],
            date=date,
            rule=rule,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        TourStop.objects.bulk_create(
            TourStop(jurisdiction=jurisdiction, tour=tour, organization=unit, position=index)
            for index, unit in enumerate(stops)
        )
        TourScorer.objects.bulk_create(
            TourScorer(jurisdiction=jurisdiction, tour=tour, user=user) for user in panel
        )
        TourItem.objects.bulk_create(
            TourItem(
                jurisdiction=jurisdiction, tour=tour, name=name, max_points=maximum, position=i
            )
            for i, (name, maximum) in enumerate(sheet)
        )
        log_event(
            "assessments.tour.created",
            actor=actor,
            target=tour,
            new={
                "title": tour.title,
                "date": date.isoformat(),
                "rule": rule,
                "stops": [unit.pk for unit in stops],
                "scorers": [user.username for user in panel],
                "items": [[name, str(maximum)] for name, maximum in sheet],
            },
        )
    return tour


def _check_points(items: list[TourItem], points) -> list[Decimal]:
    if len(points) != len(items):
        raise ScoreRefusedError(
            _("The score sheet has %(items)s items; %(points)s points were given.")
            % {"items": len(items), "points": len(points)},
            code="points_mismatch",
            details={"expected": len(items), "given": len(points)},
        )
    values, problems = [], []
    for index, (item, raw) in enumerate(zip(items, points, strict=True)):
        try:
            value = Decimal(str(raw))
        except ArithmeticError:
            value = Decimal(-1)
        if not value.is_finite() or value < 0 or value > item.max_points:
            problems.append(
                {
                    "field": f"points.{index}",
                    "item_id": item.pk,
                    "message": _("“%(item)s” takes 0 to %(max)s points.")
                    % {"item": item.name, "max": f"{item.max_points.normalize():f}"},
                }
            )
        elif value != value.quantize(Decimal("0.01")):
            problems.append(
                {
                    "field": f"points.{index}",
                    "item_id": item.pk,
                    "message": _("“%(item)s”: at most two decimals.") % {"item": item.name},
                }
            )
        values.append(value)
    if problems:
        raise ScoreRefusedError(
            problems[0]["message"], code="points_out_of_range", details=problems
        )
    return values


def score_stop(tour: Tour, *, unit_id: int, points, actor) -> TourScoreSet:
    """The acting scorer's score of the stop `unit_id` (an organization id): one number per
    score-sheet item, in the sheet's order. Written once; the tour is locked meanwhile, so a
    close and a score never cross."""
    _require_user(actor)
    with transaction.atomic():
        tour = lock(tour)
        if not TourScorer.objects.filter(tour=tour, user_id=actor.pk).exists():
            raise NotAScorerError()
        if tour.status != TourStatus.OPEN:
            raise _tour_closed_error()
        stop = TourStop.objects.filter(tour=tour, organization_id=unit_id).first()
        if stop is None:
            raise ScoreRefusedError(_("This unit is not a stop of the tour."), code="not_a_stop")
        items = list(TourItem.objects.filter(tour=tour))
        values = _check_points(items, list(points))
        if TourScoreSet.objects.filter(stop=stop, scorer_id=actor.pk).exists():
            raise ConflictError(_("You have already scored this stop."), code="already_scored")
        try:
            with transaction.atomic():
                score_set = TourScoreSet.objects.create(
                    jurisdiction_id=tour.jurisdiction_id,
                    tour=tour,
                    stop=stop,
                    scorer=actor,
                    total=sum(values, Decimal(0)),
                )
        except IntegrityError:
            raise ConflictError(
                _("You have already scored this stop."), code="already_scored"
            ) from None
        TourPoint.objects.bulk_create(
            TourPoint(
                jurisdiction_id=tour.jurisdiction_id, score_set=score_set, item=item, points=value
            )
            for item, value in zip(items, values, strict=True)
        )
        log_event(
            "assessments.tour_score_set.created",
            actor=actor,
            target=tour,
            new={"unit_id": unit_id, "points": [str(value) for value in values]},
        )
    return score_set


def close_tour(tour: Tour, *, actor) -> Tour:
    """Close the tour: scoring ends and the results become visible. Stops may lack scores;
    each is scored by those who scored it."""
    require(actor, MANAGE, tour)
    with transaction.atomic():
        tour = lock(tour)
        if tour.status == TourStatus.CLOSED:
            raise _tour_closed_error()
        tour.closed_at = timezone.now()
        transition(
            tour,
            TourStatus.CLOSED,
            transitions=TOUR_TRANSITIONS,
            actor=actor,
            event="assessments.tour.closed",
            fields=["closed_at"],
            old={"status": TourStatus.OPEN},
            new={"status": TourStatus.CLOSED},
        )
    return tour
