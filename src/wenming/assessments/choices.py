"""Statuses, period kinds and normalisations of assessment schemes and runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")


class GroupKind(models.TextChoices):
    RESPONSIBLE_UNITS = "responsible_units", _("Responsible units")
    TOWNSHIPS = "townships", _("Townships")
    UNIT_GROUP = "unit_group", _("Civilized-unit group")


class Normalisation(models.TextChoices):
    RANK = "rank", _("Rank-based")
    MIN_MAX = "min_max", _("Min–max")
    THRESHOLD = "threshold", _("Threshold")


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPUTED = "computed", _("Computed")
    PUBLISHED = "published", _("Published for objection")
    FINAL = "final", _("Final")
    SUPERSEDED = "superseded", _("Superseded")


RUN_TRANSITIONS: dict[str, tuple[str, ...]] = {
    RunStatus.DRAFT: (RunStatus.COMPUTED,),
    RunStatus.COMPUTED: (RunStatus.PUBLISHED, RunStatus.SUPERSEDED),
    RunStatus.PUBLISHED: (RunStatus.FINAL, RunStatus.SUPERSEDED),
    RunStatus.FINAL: (),
    RunStatus.SUPERSEDED: (),
}


class Flag(models.TextChoices):
    RED = "red", _("Red flag")
    BLACK = "black", _("Black flag")


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Bonus")
    DEDUCTION = "deduction", _("Deduction")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Awaiting decision")
    ACCEPTED = "accepted", _("Appeal accepted")
    REJECTED = "rejected", _("Appeal rejected")


APPEAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    AppealStatus.OPEN: (AppealStatus.ACCEPTED, AppealStatus.REJECTED),
    AppealStatus.ACCEPTED: (),
    AppealStatus.REJECTED: (),
}
