"""Inspections: checklists, rounds, site visits, their findings and photos."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.models import PublicIdMixin, TenantModel
from wenming.core.uploads import Photo
from wenming.inspections.choices import LineResult, RoundStatus, VisitStatus
from wenming.places.choices import SiteType


class Checklist(TenantModel):
    """What an inspector checks at a site of one type (versioned; a round keeps its version).

    Until the standards framework's criteria exist, checklists are defined per site type; each
    line may later name a criterion by `criterion_code`.
    """

    site_type = models.CharField(_("site type"), max_length=30, choices=SiteType.choices)
    name = models.CharField(_("name"), max_length=150)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_active = models.BooleanField(_("active"), default=True)

    scope_path = None

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["site_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "site_type", "version"],
                name="inspections_checklist_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:checklist-detail", args=[self.pk])


class ChecklistItem(TenantModel):
    """One line of a checklist: a requirement, its points and the work-order category of a
    failure (by code, see the contract with work orders)."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("checklist")
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("inspections", "position"), default=0)
    text = models.CharField(_("requirement"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=Decimal(10))
    partial_ratio = models.DecimalField(
        _("share of points when partly met"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
    )
    category_code = models.CharField(_("work-order category"), max_length=50, default="general")
    photo_required = models.BooleanField(_("photo required when not met"), default=True)
    criterion_code = models.CharField(
        _("criterion code"), max_length=50, null=True, blank=True, db_index=True
    )

    scope_path = None

    class Meta:
        verbose_name = _("checklist line")
        verbose_name_plural = _("checklist lines")
        ordering = ["checklist", "position", "id"]

    def __str__(self) -> str:
        return self.text


class InspectionRound(TenantModel, PublicIdMixin):
    """A supervision round planned by the supervision group: which sites, who, when."""

    name = models.CharField(_("name"), max_length=150)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspection_rounds", verbose_name=_("inspectors")
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("planned by"),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:round-detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, user, grant):
        """The whole round for the office and inspectors; for a unit or township, the rounds
        that visit one of its patron sites (the visits themselves are narrowed again)."""
        if grant.everywhere:
            return None
        if not grant.allowed:
            return models.Q(pk__in=[])
        visits = SiteVisit.objects.with_scopes_disabled().filter(grant.as_q(SiteVisit.scope_path))
        return models.Q(pk__in=visits.values("round_id"))


class SiteVisit(TenantModel, PublicIdMixin):
    """One site of a round: the inspector's findings and the site's score rate (得分率)."""

    round = models.ForeignKey(
        InspectionRound, on_delete=models.CASCADE, related_name="visits", verbose_name=_("round")
    )
    site = models.ForeignKey(
        "places.Site", on_delete=models.PROTECT, related_name="visits", verbose_name=_("site")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PENDING
    )
    checklist = models.ForeignKey(
        Checklist,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checklist"),
    )
    points_possible = models.DecimalField(
        _("points possible"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    points_scored = models.DecimalField(
        _("points scored"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    score_rate = models.DecimalField(
        _("score rate"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    failed_lines = models.PositiveSmallIntegerField(_("failed lines"), default=0)
    note = models.TextField(_("note"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("inspector"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submission_key = models.CharField(max_length=64, blank=True, editable=False)

    scope_path = "site__patron_unit"

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["round", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "site"], name="inspections_visit_site_unique")
        ]
        indexes = [models.Index(fields=["jurisdiction", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.round} · {self.site}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:visit-detail", args=[self.pk])

    @property
    def score_percent(self) -> Decimal | None:
        if self.score_rate is None:
            return None
        return (self.score_rate * 100).quantize(Decimal("0.1"))


class VisitLineResult(TenantModel):
    """The finding on one checklist line at one visit (points and text copied from the line,
    so a later edit of the checklist does not change a past score)."""

    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="results", verbose_name=_("visit")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("line")
    )
    item_text = models.CharField(_("requirement"), max_length=300)
    result = models.CharField(_("result"), max_length=20, choices=LineResult.choices)
    points_possible = models.DecimalField(_("points possible"), max_digits=6, decimal_places=2)
    points_scored = models.DecimalField(_("points scored"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    work_order_reference = models.CharField(_("work order"), max_length=40, blank=True)

    scope_path = "visit__site__patron_unit"

    class Meta:
        verbose_name = _("line result")
        verbose_name_plural = _("line results")
        ordering = ["visit", "item__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="inspections_result_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_text}: {self.get_result_display()}"

    @property
    def is_failed(self) -> bool:
        return self.result != LineResult.MET


def visit_photo_path(instance, filename: str) -> str:
    return f"inspections/{instance.visit.round_id}/{instance.visit_id}/{filename}"


class VisitPhoto(TenantModel, PublicIdMixin, Photo):
    """A photo taken at a site for one checklist line, with where and when it was taken.

    The shared photo record (`core.uploads.Photo`) with one difference: an inspection photo is
    not published, so its copy without EXIF (`image`) stays in the private storage and is
    served only through the permission-checked file view (`inspections.files`); no public
    thumbnail is made.
    """

    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("visit")
    )
    item = models.ForeignKey(
        ChecklistItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("line"),
    )
    image = models.FileField(_("photo"), upload_to=visit_photo_path, max_length=255)

    scope_path = "visit__site__patron_unit"

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["visit", "item", "taken_at", "id"]

    def __str__(self) -> str:
        return self.image.name
