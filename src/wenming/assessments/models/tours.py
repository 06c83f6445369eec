"""Observation tours (观摩): a panel of scorers visits units or townships (the stops) and each
scorer scores each stop on a score sheet (items with their maximum points). A scorer's score of
a stop is one score set, written once; the tour's rule combines the score sets once it is closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.models import TenantModel


class TourStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("tour", "Open")
    CLOSED = "closed", pgettext_lazy("tour", "Closed")


class TourRule(models.TextChoices):
    TRIMMED = "trimmed", _("Drop the highest and lowest with five or more scorers")
    MEAN = "mean", _("Plain mean")


#: A tour is scored while open and closed once; nothing reopens it (the results are published).
TOUR_TRANSITIONS = {TourStatus.OPEN: [TourStatus.CLOSED]}


class Tour(TenantModel):  # type: ignore[django-manager-missing]  # scoped managers
    """One observation tour. Rows belong to the whole jurisdiction (`scope_path = None`): the
    office reads and manages them; a scorer reads the tours they are listed on."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    rule = models.CharField(
        _("rule"), max_length=10, choices=TourRule.choices, default=TourRule.TRIMMED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TourStatus.choices, default=TourStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(pgettext_lazy("tour", "closed at"), null=True, blank=True)
    scorers: models.ManyToManyField = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TourScorer", related_name="+", verbose_name=_("scorers")
    )

    class Meta:
        verbose_name = _("observation tour")
        verbose_name_plural = _("observation tours")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:tour-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == TourStatus.OPEN


class TourStop(TenantModel):  # type: ignore[django-manager-missing]  # scoped managers
    """A unit or township (its government) the tour visits."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops")
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tour", "organization"], name="assessments_tour_stop_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class TourScorer(TenantModel):
    """A person on the tour's panel: being listed is what lets them score."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="scorer_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("scorer")
        verbose_name_plural = _("scorers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "user"], name="assessments_tour_scorer_unique")
        ]


class TourItem(TenantModel):
    """An item of the score sheet, scored from 0 to `max_points`."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("score item"), max_length=200)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("score sheet item")
        verbose_name_plural = _("score sheet items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class TourScoreSet(TenantModel):  # type: ignore[django-manager-missing]  # scoped managers
    """One scorer's score of one stop: written once, never changed (the points are a record)."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="score_sets")
    stop = models.ForeignKey(TourStop, on_delete=models.CASCADE, related_name="score_sets")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("score set")
        verbose_name_plural = _("score sets")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stop", "scorer"], name="assessments_tour_score_set_unique"
            )
        ]


class TourPoint(TenantModel):
    """The points a score set gives one item."""

    score_set = models.ForeignKey(TourScoreSet, on_delete=models.CASCADE, related_name="points")
    item = models.ForeignKey(TourItem, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(pgettext_lazy("tour", "points"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = pgettext_lazy("tour", "points")
        verbose_name_plural = pgettext_lazy("tour", "points")
        ordering = ["item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["score_set", "item"], name="assessments_tour_point_unique"
            )
        ]
