"""Read logic of the volunteer area: search, what a volunteer may see, the volunteer day."""

from __future__ import annotations

import contextlib
import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from wenming.core.crypto import keyed_hash
from wenming.core.permissions import has_perm
from wenming.core.validators import normalize_id_number, normalize_phone
from wenming.volunteers.choices import ActivityStatus, SignupStatus
from wenming.volunteers.models import Activity, Signup, Volunteer


def search_volunteers(queryset: QuerySet, text: str) -> QuerySet:
    """Name (contains), phone tail (4 digits) or full phone, or an exact ID number.

    Encrypted columns cannot be searched: full numbers are hashed and matched on their keyed
    hash, so a search never needs to decrypt a row."""
    text = "".join((text or "").split())
    if not text:
        return queryset
    condition = Q(name__icontains=text)
    if text.isdigit() and len(text) == 4:
        condition |= Q(phone_tail=text)
    with contextlib.suppress(ValidationError):
        condition |= Q(phone_hash=keyed_hash(normalize_phone(text)))
    if len(text) >= 15:
        with contextlib.suppress(ValidationError):
            condition |= Q(id_number_hash=keyed_hash(normalize_id_number(text)))
    return queryset.filter(condition)


def may_see_personal_data(user, volunteer: Volunteer) -> bool:
    """The person themself, or staff holding `view_personal_data` over the volunteer's teams."""
    if user.is_authenticated and volunteer.user_id == user.pk:
        return True
    return has_perm(user, "volunteers.view_personal_data", volunteer)


def volunteer_of(user) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    # The encrypted columns load (and decrypt) only if a page really shows them in full.
    return (
        Volunteer.objects.filter(user=user)
        .select_related("balance")
        .defer("id_number", "phone")
        .first()
    )


def visible_activity(user, queryset: QuerySet | None = None) -> QuerySet:
    """Activities a person may open: their teams' (by permission), and, for a volunteer,
    every published or finished activity, since activities recruit in the open."""
    restricted = Activity.objects.restrict(user, "volunteers.view_activity")
    if volunteer_of(user) is None:
        return restricted
    return Activity.objects.filter(
        Q(pk__in=restricted.values("pk"))
        | Q(status__in=[ActivityStatus.PUBLISHED, ActivityStatus.FINISHED])
    )


def find_visible_activity(
    user, public_id, *, related: tuple[str, ...] = (), is_volunteer: bool | None = None
) -> Activity | None:
    """`visible_activity(user)` narrowed to one activity, without looking the person's volunteer
    record up when their permissions show the activity already (`is_volunteer` if known)."""
    activity = (
        Activity.objects.restrict(user, "volunteers.view_activity")
        .select_related(*related)
        .filter(public_id=public_id)
        .order_by()[:1]
    )
    if activity:
        return activity[0]
    if is_volunteer is None:
        is_volunteer = user.is_authenticated and Volunteer.objects.filter(user=user).exists()
    if not is_volunteer:
        return None
    found = (
        Activity.objects.select_related(*related)
        .filter(public_id=public_id, status__in=[ActivityStatus.PUBLISHED, ActivityStatus.FINISHED])
        .order_by()[:1]
    )
    return found[0] if found else None


def open_activities(now=None) -> QuerySet:
    now = now or timezone.now()
    return (
        Activity.objects.filter(status=ActivityStatus.PUBLISHED, starts_at__gt=now)
        .select_related("team")
        .order_by("starts_at")
    )


MY_ACTIVITIES_SHOWN = 20


def my_recent_activities(volunteer: Volunteer, limit: int = MY_ACTIVITIES_SHOWN) -> list[dict]:
    """The volunteer's latest sign-ups for their own page: a bounded list of plain rows (link,
    title, start, status), however many years of history there are."""
    rows = (
        Signup.objects.filter(volunteer=volunteer)
        .exclude(status=SignupStatus.CANCELLED)
        .order_by("-activity__starts_at", "-pk")
        .values_list("status", "activity__public_id", "activity__title", "activity__starts_at")[
            :limit
        ]
    )
    placeholder = uuid.UUID(int=0)
    link = reverse("volunteers:my-activity", args=[placeholder])
    labels = dict(SignupStatus.choices)
    return [
        {
            "url": link.replace(str(placeholder), str(public_id)),
            "title": title,
            "starts_at": timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M"),
            "status": labels.get(status, status),
        }
        for status, public_id, title, starts_at in rows
    ]


def volunteer_day(date: datetime.date) -> QuerySet:
    """The day's volunteer-day activities with their live counters (no per-row queries)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(date, datetime.time.min, tzinfo=zone)
    return (
        Activity.objects.filter(
            is_volunteer_day=True, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(1)
        )
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("team__organization", "road_segment")
        .order_by("starts_at", "title")
    )


def next_volunteer_day(today: datetime.date | None = None) -> datetime.date:
    """Friday is volunteer service day: today if it is Friday, else the coming Friday."""
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=(4 - today.weekday()) % 7)
