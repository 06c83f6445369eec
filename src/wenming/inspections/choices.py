from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("inspections", "Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


#: Allowed status changes of an inspection round; anything else is refused.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RoundStatus.PLANNED: (RoundStatus.IN_PROGRESS,),
    RoundStatus.IN_PROGRESS: (RoundStatus.COMPLETED,),
    RoundStatus.COMPLETED: (),
}


class VisitStatus(models.TextChoices):
    PENDING = "pending", _("Not yet visited")
    SUBMITTED = "submitted", _("Submitted")


VISIT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    VisitStatus.PENDING: (VisitStatus.SUBMITTED,),
    VisitStatus.SUBMITTED: (),
}


class LineResult(models.TextChoices):
    """The finding on one checklist line. Anything but MET is a failed line and a problem."""

    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
