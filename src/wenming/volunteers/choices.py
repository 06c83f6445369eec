"""Statuses of the volunteer area and the transitions each allows."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VolunteerStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", pgettext_lazy("volunteers", "Approved")
    REJECTED = "rejected", pgettext_lazy("volunteers", "Rejected")
    SUSPENDED = "suspended", _("Suspended")


VOLUNTEER_TRANSITIONS = {
    VolunteerStatus.PENDING: (VolunteerStatus.APPROVED, VolunteerStatus.REJECTED),
    VolunteerStatus.APPROVED: (VolunteerStatus.SUSPENDED,),
    VolunteerStatus.SUSPENDED: (VolunteerStatus.APPROVED,),
    VolunteerStatus.REJECTED: (VolunteerStatus.PENDING,),
}


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class StationKind(models.TextChoices):
    SERVICE_CENTER = "service_center", _("Volunteer service center")
    SQUARE = "square", _("Square station")
    CIVILIZED_UNIT = "civilized_unit", _("Civilized unit station")
    TOWNSHIP = "township", _("Township station")
    VILLAGE = "village", _("Village station")


class ActivityStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    FINISHED = "finished", _("Finished")


ACTIVITY_TRANSITIONS = {
    ActivityStatus.PUBLISHED: (ActivityStatus.CANCELLED, ActivityStatus.FINISHED),
    ActivityStatus.CANCELLED: (),
    ActivityStatus.FINISHED: (),
}


class SignupStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("Signed up")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


SIGNUP_TRANSITIONS = {
    SignupStatus.SIGNED_UP: (SignupStatus.CANCELLED,),
    SignupStatus.WAITING: (SignupStatus.SIGNED_UP, SignupStatus.CANCELLED),
    SignupStatus.CANCELLED: (),
}

#: Sign-ups that hold (or wait for) a place; a volunteer has at most one per activity.
ACTIVE_SIGNUP_STATUSES = (SignupStatus.SIGNED_UP, SignupStatus.WAITING)


class AttendanceStatus(models.TextChoices):
    CHECKED_IN = "checked_in", _("Checked in")
    CHECKED_OUT = "checked_out", _("Checked out")
    CLOSED = "closed", _("Closed by the organiser")
    CONFIRMED = "confirmed", _("Hours confirmed")


ATTENDANCE_TRANSITIONS = {
    AttendanceStatus.CHECKED_IN: (AttendanceStatus.CHECKED_OUT, AttendanceStatus.CLOSED),
    AttendanceStatus.CHECKED_OUT: (AttendanceStatus.CONFIRMED,),
    AttendanceStatus.CLOSED: (AttendanceStatus.CONFIRMED,),
    AttendanceStatus.CONFIRMED: (),
}


class CheckMethod(models.TextChoices):
    CODE = "code", _("Scanned code")
    LIST = "list", _("Organiser's list")


class ScanKind(models.TextChoices):
    CHECK_IN = "check_in", _("Check-in")
    CHECK_OUT = "check_out", _("Check-out")


class ScanResult(models.TextChoices):
    """Explicit results of a check-in or check-out, as pretix's redeem endpoint gives them."""

    OK = "ok", pgettext_lazy("volunteers", "Done")
    ALREADY_CHECKED_IN = "already_checked_in", _("Already checked in")
    ALREADY_CHECKED_OUT = "already_checked_out", _("Already checked out")
    NOT_SIGNED_UP = "not_signed_up", _("Not signed up for this activity")
    NOT_CHECKED_IN = "not_checked_in", _("Not checked in yet")
    OUTSIDE_WINDOW = "outside_window", _("Outside the activity's time window")
    OUTSIDE_PLACE = "outside_place", _("Too far from the activity's place")
    INVALID_CODE = "invalid_code", _("Invalid code")
    EXPIRED_CODE = "expired_code", _("The code has expired; scan the current one")
    CANCELLED = "activity_cancelled", _("The activity was cancelled")


#: Results that leave the volunteer checked in (or out) as asked: retries see success.
SUCCESSFUL_RESULTS = {ScanResult.OK, ScanResult.ALREADY_CHECKED_IN, ScanResult.ALREADY_CHECKED_OUT}


class HoursReason(models.TextChoices):
    SERVICE = "service", _("Service at an activity")
    IMPORTED = "imported", _("Hours carried over")
    REVERSAL = "reversal", _("Reversal")
    ADJUSTMENT = "adjustment", _("Adjustment")


class PointsReason(models.TextChoices):
    SERVICE = "service", _("Service hours")
    VALID_REPORT = "valid_report", _("Valid report of a problem")
    PARTY_POST = "party_post", _("Party member's post")
    REDEMPTION = "redemption", _("Redemption in the reward shop")
    REDEMPTION_REFUND = "redemption_refund", _("Redemption cancelled")
    REVERSAL = "reversal", _("Reversal")
    ADJUSTMENT = "adjustment", _("Adjustment")


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Being generated")
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")


CERTIFICATE_TRANSITIONS = {
    CertificateStatus.PENDING: (CertificateStatus.ISSUED, CertificateStatus.REVOKED),
    CertificateStatus.ISSUED: (CertificateStatus.REVOKED,),
    CertificateStatus.REVOKED: (),
}


class RedemptionStatus(models.TextChoices):
    ISSUED = "issued", _("Waiting for hand-over")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


REDEMPTION_TRANSITIONS = {
    RedemptionStatus.ISSUED: (RedemptionStatus.HANDED_OVER, RedemptionStatus.CANCELLED),
    RedemptionStatus.HANDED_OVER: (),
    RedemptionStatus.CANCELLED: (),
}


class PartyRegistrationStatus(models.TextChoices):
    ACTIVE = "active", _("Registered")
    ENDED = "ended", _("Ended")


PARTY_TRANSITIONS = {
    PartyRegistrationStatus.ACTIVE: (PartyRegistrationStatus.ENDED,),
    PartyRegistrationStatus.ENDED: (PartyRegistrationStatus.ACTIVE,),
}
