"""Evaluation frameworks as versioned trees, their owners, agreements and the evidence.

A framework is data, never code: each edition is imported beside the previous one (from the
workbook of `standards/workbook.py`) and compared with it (`standards/diff.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.models import PublicIdMixin, TenantModel
from wenming.standards.choices import (
    METHOD_LABELS,
    SITE_TYPE_LABELS,
    AgreementStatus,
    AssignmentRole,
    EvidenceKind,
    EvidenceStatus,
    FrameworkKind,
    FrameworkStatus,
    GradingRule,
    IndicatorLevel,
)


class Framework(TenantModel, PublicIdMixin):
    """One edition of an evaluation framework (测评体系); editions live side by side."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=30, choices=FrameworkKind.choices, default=FrameworkKind.COUNTY_CITY
    )
    edition = models.CharField(_("edition"), max_length=50)
    status = models.CharField(
        _("status"), max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    submission_start = models.DateField(_("evidence submission opens"), null=True, blank=True)
    submission_end = models.DateField(_("evidence submission closes"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("A sample for the demo, not the official text.")
    )
    description = models.TextField(_("description"), blank=True)
    criterion_count = models.PositiveIntegerField(_("criteria"), default=0, editable=False)
    total_points = models.DecimalField(
        _("total points"), max_digits=8, decimal_places=2, default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_path = None

    class Meta:
        verbose_name = _("evaluation framework")
        verbose_name_plural = _("evaluation frameworks")
        ordering = ["name", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name", "edition"],
                name="standards_framework_edition_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.edition}）"

    def get_absolute_url(self) -> str:
        return reverse("standards:framework-detail", args=[self.pk])


class Indicator(TenantModel):
    """A node of the tree: item → category → content → criterion (the scored leaves)."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("framework")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
    )
    level = models.CharField(
        pgettext_lazy("standards", "level"), max_length=20, choices=IndicatorLevel.choices
    )
    code = models.CharField(pgettext_lazy("standards", "code"), max_length=30)
    name = models.TextField(_("name"))
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, default=0)
    methods = models.JSONField(_("evaluation methods"), default=list, blank=True)
    site_types = models.JSONField(_("site types"), default=list, blank=True)
    grading_rule = models.CharField(
        _("grading rule"), max_length=20, choices=GradingRule.choices, blank=True
    )
    expected_evidence = models.TextField(_("expected evidence"), blank=True)
    position = models.PositiveIntegerField(pgettext_lazy("standards", "position"), default=0)

    scope_path = None

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="standards_indicator_code_unique"
            )
        ]
        indexes = [models.Index(fields=["framework", "level", "position"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name[:40]}"

    def method_labels(self) -> str:
        return "、".join(METHOD_LABELS.get(m, m) for m in self.methods)

    def site_type_labels(self) -> str:
        return "、".join(SITE_TYPE_LABELS.get(s, s) for s in self.site_types)


class NegativeItem(TenantModel):
    """An entry of the negative list: points deducted, or the title stopped."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="negative_items"
    )
    code = models.CharField(pgettext_lazy("standards", "code"), max_length=30)
    name = models.TextField(_("name"))
    penalty = models.DecimalField(_("penalty points"), max_digits=7, decimal_places=2, default=0)
    position = models.PositiveIntegerField(pgettext_lazy("standards", "position"), default=0)

    scope_path = None

    class Meta:
        verbose_name = _("negative-list item")
        verbose_name_plural = _("negative-list items")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="standards_negative_item_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name[:40]}"


class Assignment(TenantModel):
    """A unit's duty for a criterion: the lead unit (牵头) or a co-unit (配合)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("criterion")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="standard_assignments",
        verbose_name=_("unit"),
    )
    role = models.CharField(
        pgettext_lazy("standards", "role"), max_length=10, choices=AssignmentRole.choices
    )

    scope_path = "organization"

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["indicator__position", "role", "organization__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organization"], name="standards_assignment_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=Q(role="lead"),
                name="standards_assignment_one_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.organization} ({self.get_role_display()})"


class Evidence(TenantModel, PublicIdMixin):
    """Material a unit submitted against a criterion it owns, and its review."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("criterion")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("unit"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", max_length=255)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EvidenceStatus.choices,
        default=EvidenceStatus.SUBMITTED,
        db_index=True,
    )
    review_reason = models.TextField(_("review reason"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(pgettext_lazy("standards", "submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    scope_path = "organization"

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["jurisdiction", "status", "submitted_at"]),
            models.Index(fields=["indicator", "organization", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("standards:evidence-detail", args=[self.pk])


class ResponsibilityAgreement(TenantModel, PublicIdMixin):
    """A unit's yearly target responsibility agreement (目标责任书).

    The content lives in `AgreementVersion` rows; an acknowledged agreement is changed only by
    an amendment, which adds a version and asks the unit's head to acknowledge it again.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="responsibility_agreements",
        verbose_name=_("unit"),
    )
    framework = models.ForeignKey(
        Framework, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="agreements/%Y/", blank=True, max_length=255)

    scope_path = "organization"

    class Meta:
        verbose_name = _("responsibility agreement")
        verbose_name_plural = _("responsibility agreements")
        ordering = ["-year", "organization__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="standards_agreement_unit_year_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("standards:agreement-detail", args=[self.pk])


class AgreementVersion(TenantModel):
    """One version of an agreement's content; append-only (an amendment adds one)."""

    agreement = models.ForeignKey(
        ResponsibilityAgreement, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    items = models.JSONField(_("duties"), default=list)
    targets = models.TextField(_("targets"), blank=True)
    reason = models.TextField(_("amendment reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="agreements/%Y/", blank=True, max_length=255)

    scope_path = "agreement__organization"

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="standards_agreement_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"
