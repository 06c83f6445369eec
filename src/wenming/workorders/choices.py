"""Statuses of a work order, where it may go from each, and the other choice lists.

The transition table is the single source of truth: every action checks it through
`wenming.core.errors.check_transition`, so an illegal move is refused in one place.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkOrderStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ACCEPTED = "accepted", pgettext_lazy("workorders", "Accepted")
    REJECTED = "rejected", pgettext_lazy("workorders", "Rejected")
    DISPATCHED = "dispatched", _("Dispatched")
    IN_PROGRESS = "in_progress", pgettext_lazy("workorders", "In progress")
    RESOLVED = "resolved", _("Resolved")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")
    REWORKED = "reworked", _("Reworked")
    DEFERRED = "deferred", _("Deferred")
    RETURNED = "returned", pgettext_lazy("workorders", "Returned")
    REOPENED = "reopened", _("Reopened")
    MERGED = "merged", _("Merged")


S = WorkOrderStatus

#: current status → statuses it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.REPORTED: (S.ACCEPTED, S.REJECTED, S.MERGED),
    S.ACCEPTED: (S.DISPATCHED, S.MERGED),
    S.REJECTED: (),
    S.DISPATCHED: (S.IN_PROGRESS, S.RETURNED, S.DEFERRED),
    S.IN_PROGRESS: (S.RESOLVED, S.RETURNED, S.DEFERRED),
    S.RESOLVED: (S.VERIFIED, S.REWORKED),
    S.VERIFIED: (S.CLOSED,),
    S.CLOSED: (S.REOPENED,),
    S.REWORKED: (S.IN_PROGRESS, S.RESOLVED, S.DEFERRED),
    S.DEFERRED: (S.IN_PROGRESS, S.RESOLVED),
    S.RETURNED: (S.DISPATCHED, S.REJECTED, S.MERGED),
    S.REOPENED: (S.DISPATCHED,),
    S.MERGED: (),
}

#: Statuses in which the case is still open (counts towards the queue and reminders).
OPEN_STATUSES = (
    S.REPORTED,
    S.ACCEPTED,
    S.DISPATCHED,
    S.IN_PROGRESS,
    S.RESOLVED,
    S.VERIFIED,
    S.REWORKED,
    S.DEFERRED,
    S.RETURNED,
    S.REOPENED,
)
#: Statuses in which the responsible unit has to act (and the deadline runs against it).
UNIT_ACTION_STATUSES = (S.DISPATCHED, S.IN_PROGRESS, S.REWORKED, S.DEFERRED)
#: Statuses in which the office has to act.
OFFICE_ACTION_STATUSES = (S.REPORTED, S.ACCEPTED, S.RETURNED, S.RESOLVED, S.REOPENED)
#: Statuses shown to residents and Open311 clients as "closed".
PUBLIC_CLOSED_STATUSES = (S.CLOSED, S.REJECTED, S.MERGED)


class WorkOrderSource(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    CITIZEN = "citizen", _("Resident's report")
    OPEN311 = "open311", _("Open311")
    HOTLINE = "hotline", _("Hotline")
    LEADER = "leader", _("Leader's instruction")
    OFFICE = "office", _("Office")


#: Sources the office (or a system acting for it through the API) opens orders of; an order of
#: one of them with a `source_reference` is unique per jurisdiction (the API's idempotency key).
OFFICE_SOURCES = (WorkOrderSource.HOTLINE, WorkOrderSource.OFFICE, WorkOrderSource.LEADER)

#: Sources whose valid reports earn the reporter points.
RESIDENT_SOURCES = (WorkOrderSource.CITIZEN, WorkOrderSource.OPEN311)

#: Sources whose orders the office may choose to show in the anonymous Open311 feed; the
#: resident sources are always shown and the others (inspection, leader, office) never.
PUBLISHABLE_SOURCES = (WorkOrderSource.HOTLINE,)


class TimeLimitUnit(models.TextChoices):
    NATURAL_HOURS = "natural_hours", _("Natural hours")
    WORKING_HOURS = "working_hours", _("Working hours")
    WORKING_DAYS = "working_days", _("Working days")


class DeferralStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


#: A deferral request is decided once.
DEFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    DeferralStatus.PENDING: (DeferralStatus.APPROVED, DeferralStatus.REFUSED),
    DeferralStatus.APPROVED: (),
    DeferralStatus.REFUSED: (),
}


class PhotoStage(models.TextChoices):
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", pgettext_lazy("workorders", "Overdue")
