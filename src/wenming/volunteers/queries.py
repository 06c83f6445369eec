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


def is_volunteer(user) -> bool:
    """The signed-in person has a volunteer registration (memoised for the request)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_wenming_is_volunteer", None)
    if cached is None:
        # By the account alone (one jurisdiction's): also asked by the menu outside a scope.
        cached = Volunteer.objects.with_scopes_disabled().filter(user_id=user.pk).exists()
        user._wenming_is_volunteer = cached
    return cached


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


def claimable_groups(user):
    """The unit groups `user` may claim service projects for (see `rules.may_claim_project`)."""
    from wenming.organizations.models import UnitGroup
    from wenming.volunteers.rules import may_claim_project

    groups = UnitGroup.objects.select_related("lead_unit").order_by("name")
    return [group for group in groups if may_claim_project(user, group)]


def active_party_registration(volunteer: Volunteer):
    from wenming.volunteers.choices import PartyRegistrationStatus
    from wenming.volunteers.models import PartyMemberRegistration

    return (
        PartyMemberRegistration.objects.filter(
            volunteer=volunteer, status=PartyRegistrationStatus.ACTIVE
        )
        .select_related("community", "employer")
        .first()
    )


def party_posts(registration) -> list:
    """The posts of the member's community, each marked `claimed` when the member holds it."""
    from wenming.volunteers.models import PartyPost, PostClaim

    claimed = set(
        PostClaim.objects.filter(registration=registration).values_list("post_id", flat=True)
    )
    posts = list(PartyPost.objects.filter(community_id=registration.community_id))
    for post in posts:
        post.claimed = post.pk in claimed
        post.places_left = post.places - post.claimed_count
    return posts


MY_LEDGER_SHOWN = 10


def my_next_activities(volunteer: Volunteer, limit: int = 5, now=None) -> list:
    """Activities the volunteer signed up for that have not ended, the soonest first; each
    with `under_way` when check-in is open now."""
    now = now or timezone.now()
    signups = list(
        Signup.objects.filter(
            volunteer=volunteer,
            status__in=(SignupStatus.SIGNED_UP, SignupStatus.WAITING),
            activity__ends_at__gt=now,
            activity__status=ActivityStatus.PUBLISHED,
        )
        .select_related("activity")
        .order_by("activity__starts_at", "pk")[:limit]
    )
    for signup in signups:
        signup.under_way = signup.activity.starts_at <= now + datetime.timedelta(minutes=30)
    return signups


def my_hours_ledger(volunteer: Volunteer, jurisdiction, limit: int = MY_LEDGER_SHOWN) -> list:
    """The latest hours entries with the points each earned, and why an entry earned none
    (one bounded query)."""
    from django.db.models import IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    from wenming.volunteers.models import PointsEntry, ServiceHoursEntry

    earned = (
        PointsEntry.objects.filter(hours_entry_id=OuterRef("pk"))
        .values("hours_entry_id")
        .annotate(total=Sum("points"))
        .values("total")
    )
    entries = (
        ServiceHoursEntry.objects.filter(volunteer=volunteer)
        .select_related("activity")
        .annotate(earned=Coalesce(Subquery(earned, output_field=IntegerField()), 0))
        .order_by("-served_on", "-pk")[:limit]
    )
    rate = jurisdiction.get_policy("points_per_hour")
    return [
        {
            "entry": entry,
            "title": entry.activity.title if entry.activity_id else entry.get_reason_display(),
            "points": entry.earned,
            "too_short": entry.earned == 0 and entry.hours > 0,
            "rate": rate,
        }
        for entry in entries
    ]


def star_progress(jurisdiction, balance) -> dict | None:
    """Hours still to serve for the next star, or None at the top level."""
    from decimal import Decimal

    thresholds = jurisdiction.get_policy("volunteer_star_thresholds")
    for level, threshold in enumerate(thresholds, start=1):
        if balance.total_hours < Decimal(str(threshold)):
            return {"hours": Decimal(str(threshold)) - balance.total_hours, "stars": "★" * level}
    return None
