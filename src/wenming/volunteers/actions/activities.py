"""Publishing activities, recurring series, sign-ups with a waiting list, cancellation.

Quotas hold under concurrency the way pretix's do: the sign-up locks the activity row
(`select_for_update`) and reads the counter inside the lock, so concurrent sign-ups queue on
the row and each sees the count the previous one left. A check constraint
(`signed_up_count <= quota`) backs the lock up in the database.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.audit import log_event
from wenming.core.errors import ConflictError, DomainError, field_error
from wenming.core.permissions import require, user_of
from wenming.core.transitions import check, lock, transition
from wenming.volunteers.choices import (
    ACTIVITY_TRANSITIONS,
    SIGNUP_TRANSITIONS,
    ActivityStatus,
    SignupStatus,
    VolunteerStatus,
)
from wenming.volunteers.models import Activity, ActivitySeries, Signup, Volunteer
from wenming.volunteers.rules import require_self_or

CHANGE_ACTIVITY = "volunteers.change_activity"

ACTIVITY_FIELDS = [
    "title",
    "description",
    "requirements",
    "starts_at",
    "ends_at",
    "place",
    "latitude",
    "longitude",
    "radius_m",
    "quota",
    "station",
    "project",
    "road_segment",
    "is_volunteer_day",
    "is_hard",
    "is_risky",
]


def _check_window(starts_at, ends_at) -> None:
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if value is None:
            raise field_error(field, _("Enter a date and time."), "required")
        if timezone.is_naive(value):
            raise field_error(
                field, _("Give the time with its time zone (ISO 8601)."), "naive_datetime"
            )
    if ends_at <= starts_at:
        raise field_error(
            "ends_at", _("The activity must end after it starts."), "end_before_start"
        )


def _check_place(latitude, longitude, radius_m) -> None:
    if (latitude is None) != (longitude is None):
        raise field_error(
            "latitude", _("Give both latitude and longitude, or neither."), "incomplete_location"
        )
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise field_error("latitude", _("The location is not on earth."), "invalid_location")
    if radius_m is not None and not (10 <= radius_m <= 50_000):
        raise field_error(
            "radius_m", _("The geofence radius is between 10 m and 50 km."), "invalid_radius"
        )


def publish_activity(*, team, data: dict, actor) -> Activity:
    """Publish an activity of `team`; validates the window, place and quota."""
    require(actor, CHANGE_ACTIVITY, team)
    _check_window(data.get("starts_at"), data.get("ends_at"))
    latitude, longitude = data.get("latitude"), data.get("longitude")
    _check_place(latitude, longitude, data.get("radius_m"))
    quota = data.get("quota")
    if quota is None or quota < 1:
        raise field_error("quota", _("An activity has at least one place."), "invalid_quota")
    activity = Activity(jurisdiction_id=team.jurisdiction_id, team=team, created_by=user_of(actor))
    for field in ACTIVITY_FIELDS:
        value = data.get(field)
        if value is not None:
            if field in ("latitude", "longitude"):
                value = Decimal(str(value)).quantize(Decimal("0.000001"))
            setattr(activity, field, value)
    with transaction.atomic():
        activity.save()
        log_event(
            "volunteers.activity.published",
            actor=actor,
            target=activity,
            new={
                "team": team.pk,
                "starts_at": activity.starts_at,
                "ends_at": activity.ends_at,
                "quota": activity.quota,
            },
        )
    return activity


def cancel_activity(*, activity: Activity, reason: str, actor) -> Activity:
    """Cancel an activity and tell everyone signed up or waiting."""
    require(actor, CHANGE_ACTIVITY, activity)
    with transaction.atomic():
        activity = lock(activity)
        check(activity, ActivityStatus.CANCELLED, transitions=ACTIVITY_TRANSITIONS)
        users = [
            signup.volunteer.user
            for signup in activity.signups.filter(
                status__in=[SignupStatus.SIGNED_UP, SignupStatus.WAITING],
                volunteer__user__isnull=False,
            ).select_related("volunteer__user")
        ]
        tell_everyone = []
        if users:
            from wenming.notifications.actions import notify

            title = _("Cancelled: %(title)s") % {"title": activity.title}
            tell_everyone.append(
                lambda: notify(
                    users,
                    jurisdiction=activity.jurisdiction,
                    category="volunteers.activity_cancelled",
                    title=title,
                    body=reason,
                    external=True,
                )
            )
        transition(
            activity,
            ActivityStatus.CANCELLED,
            transitions=ACTIVITY_TRANSITIONS,
            actor=actor,
            event="volunteers.activity.cancelled",
            new={"reason": reason},
            on_commit=tell_everyone,
        )
    return activity


def create_activity_series(*, team, data: dict, actor) -> ActivitySeries:
    """A weekly activity (e.g. every Friday on a road segment) and its occurrences."""
    require(actor, CHANGE_ACTIVITY, team)
    if data["end_time"] <= data["start_time"]:
        raise field_error(
            "end_time", _("The activity must end after it starts."), "end_before_start"
        )
    if data["last_date"] < data["first_date"]:
        raise field_error("last_date", _("The series must end after it starts."), "invalid_range")
    if (data["last_date"] - data["first_date"]).days > 366 * 2:
        raise field_error("last_date", _("A series spans at most two years."), "invalid_range")
    series = ActivitySeries(jurisdiction_id=team.jurisdiction_id, team=team, **data)
    with transaction.atomic():
        series.save()
        log_event("volunteers.activity_series.created", actor=actor, target=series)
        generate_series_activities(series=series, actor=actor)
    return series


def series_dates(series: ActivitySeries) -> list[datetime.date]:
    first = series.first_date + datetime.timedelta(
        days=(series.weekday - series.first_date.weekday()) % 7
    )
    dates = []
    day = first
    while day <= series.last_date:
        dates.append(day)
        day += datetime.timedelta(days=7)
    return dates


def generate_series_activities(*, series: ActivitySeries, actor) -> int:
    """Create the occurrences of a series that do not exist yet (idempotent)."""
    require(actor, CHANGE_ACTIVITY, series)
    zone = timezone.get_current_timezone()
    existing = set(Activity.objects.filter(series=series).values_list("starts_at", flat=True))
    new = []
    for day in series_dates(series):
        starts_at = datetime.datetime.combine(day, series.start_time, tzinfo=zone)
        if starts_at in existing:
            continue
        new.append(
            Activity(
                jurisdiction_id=series.jurisdiction_id,
                team_id=series.team_id,
                series=series,
                title=series.title,
                starts_at=starts_at,
                ends_at=datetime.datetime.combine(day, series.end_time, tzinfo=zone),
                place=series.place,
                latitude=series.latitude,
                longitude=series.longitude,
                radius_m=series.radius_m,
                quota=series.quota,
                road_segment_id=series.road_segment_id,
                is_volunteer_day=series.is_volunteer_day,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    Activity.objects.bulk_create(new, batch_size=500)
    return len(new)


def sign_up(*, activity: Activity, volunteer: Volunteer, actor, now=None) -> Signup:
    """Take a place, or a place on the waiting list when the activity is full."""
    require_self_or(actor, volunteer, CHANGE_ACTIVITY, activity)
    now = now or timezone.now()
    if volunteer.status != VolunteerStatus.APPROVED:
        raise DomainError(_("Only approved volunteers can sign up."), code="volunteer_not_approved")
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.status == ActivityStatus.CANCELLED:
            raise ConflictError(_("The activity was cancelled."), code="activity_cancelled")
        if activity.status == ActivityStatus.FINISHED or activity.starts_at <= now:
            raise ConflictError(
                _("The activity has already started; sign-up is closed."), code="activity_past"
            )
        if Signup.objects.filter(
            activity=activity,
            volunteer=volunteer,
            status__in=[SignupStatus.SIGNED_UP, SignupStatus.WAITING],
        ).exists():
            raise ConflictError(
                _("You have already signed up for this activity."), code="already_signed_up"
            )
        has_place = activity.signed_up_count < activity.quota
        status = SignupStatus.SIGNED_UP if has_place else SignupStatus.WAITING
        try:
            with transaction.atomic():
                signup = Signup.objects.create(
                    jurisdiction_id=activity.jurisdiction_id,
                    activity=activity,
                    volunteer=volunteer,
                    status=status,
                )
        except IntegrityError:
            raise ConflictError(
                _("You have already signed up for this activity."), code="already_signed_up"
            ) from None
        counter = "signed_up_count" if has_place else "waiting_count"
        Activity.objects.filter(pk=activity.pk).update(**{counter: F(counter) + 1})
        log_event(
            "volunteers.signup.created",
            actor=actor,
            target=activity,
            new={"volunteer": volunteer.pk, "status": status},
        )
    return signup


def cancel_signup(*, signup: Signup, actor, force: bool = False, now=None) -> Signup:
    """Cancel a sign-up before the cutoff (organisers may `force` later); a freed place goes to
    the first on the waiting list. Locks the activity, then the sign-ups (a fixed order)."""
    require_self_or(actor, signup.volunteer, CHANGE_ACTIVITY, signup.activity)
    now = now or timezone.now()
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
        signup = lock(signup)
        check(signup, SignupStatus.CANCELLED, transitions=SIGNUP_TRANSITIONS)
        cutoff_hours = activity.jurisdiction.get_policy("volunteer_cancel_cutoff_hours")
        if not force and now > activity.starts_at - datetime.timedelta(hours=cutoff_hours):
            raise ConflictError(
                _("Sign-ups can be cancelled until %(hours)s hours before the start.")
                % {"hours": cutoff_hours},
                code="cancel_too_late",
            )
        was_signed_up = signup.status == SignupStatus.SIGNED_UP
        signup.cancelled_at = now
        # The audit event below is the activity's, naming the volunteer and who moved up.
        transition(
            signup,
            SignupStatus.CANCELLED,
            transitions=SIGNUP_TRANSITIONS,
            actor=actor,
            event=None,
            fields=["cancelled_at"],
        )
        counter = "signed_up_count" if was_signed_up else "waiting_count"
        Activity.objects.filter(pk=activity.pk).update(**{counter: F(counter) - 1})
        promoted = None
        if was_signed_up:
            promoted = (
                Signup.objects.select_for_update()
                .filter(activity=activity, status=SignupStatus.WAITING)
                .order_by("created_at", "id")
                .first()
            )
            if promoted is not None:
                promoted.promoted_at = now
                transition(
                    promoted,
                    SignupStatus.SIGNED_UP,
                    transitions=SIGNUP_TRANSITIONS,
                    actor=actor,
                    event=None,
                    fields=["promoted_at"],
                )
                Activity.objects.filter(pk=activity.pk).update(
                    signed_up_count=F("signed_up_count") + 1, waiting_count=F("waiting_count") - 1
                )
        log_event(
            "volunteers.signup.cancelled",
            actor=actor,
            target=activity,
            new={
                "volunteer": signup.volunteer_id,
                "promoted": promoted.volunteer_id if promoted else None,
            },
        )
        if promoted is not None:
            _notify_promoted(activity, promoted)
    return signup


def _notify_promoted(activity: Activity, signup: Signup) -> None:
    volunteer = Volunteer.objects.select_related("user").get(pk=signup.volunteer_id)
    if not volunteer.user_id:
        return
    from wenming.notifications.actions import notify

    title = _("A place is yours: %(title)s") % {"title": activity.title}
    transaction.on_commit(
        lambda: notify(
            [volunteer.user],
            jurisdiction=activity.jurisdiction,
            category="volunteers.promoted",
            title=title,
            external=True,
        )
    )
