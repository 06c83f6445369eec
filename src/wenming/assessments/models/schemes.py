"""Assessment schemes, their components and adjustments, runs with frozen snapshots, each
unit's result, and appeals."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wenming.assessments.choices import (
    AdjustmentKind,
    AppealStatus,
    Flag,
    GroupKind,
    Normalisation,
    PeriodKind,
    RunStatus,
)
from wenming.core.models import TenantModel


class Scheme(TenantModel):
    """How the units of one group are judged for one kind of period: weighted components drawn
    from the records, red and black flags, the minimum records per component."""

    name = models.CharField(_("name"), max_length=150)
    period_kind = models.CharField(_("period"), max_length=20, choices=PeriodKind.choices)
    group_kind = models.CharField(_("units assessed"), max_length=30, choices=GroupKind.choices)
    unit_group = models.ForeignKey(
        "organizations.UnitGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit group"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    red_flags = models.PositiveSmallIntegerField(_("red flags"), default=3)
    black_flags = models.PositiveSmallIntegerField(_("black flags"), default=3)
    minimum_cases = models.PositiveIntegerField(
        _("minimum records per component"),
        null=True,
        blank=True,
        help_text=_("Empty: the jurisdiction's ranking minimum."),
    )
    objection_days = models.PositiveSmallIntegerField(_("objection period (days)"), default=5)
    accountability_threshold = models.DecimalField(
        _("accountability threshold"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    scope_path = None

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-valid_from", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessments:scheme-detail", args=[self.pk])


class Component(TenantModel):
    """One weighted part of a scheme: a data source from the registry and how its values are
    turned into 0–100 points."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="components", verbose_name=_("scheme")
    )
    source = models.CharField(_("data source"), max_length=40)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    normalisation = models.CharField(
        _("normalisation"), max_length=20, choices=Normalisation.choices
    )
    threshold = models.DecimalField(
        _("threshold"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    minimum_cases = models.PositiveIntegerField(_("minimum records"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_path = None

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "source"], name="assessments_component_source_unique"
            )
        ]

    def __str__(self) -> str:
        return self.source


class Adjustment(TenantModel):
    """A bonus or deduction for one unit on one day (a negative-list event, an award, a
    notice), with its reason and evidence; runs whose period holds the day add it."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AdjustmentKind.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    occurred_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300)
    evidence = models.FileField(
        _("supporting evidence"),
        upload_to="assessments/adjustments/%Y/%m/",
        blank=True,
        max_length=255,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )

    scope_path = "organization"

    class Meta:
        verbose_name = _("bonus or deduction")
        verbose_name_plural = _("bonuses and deductions")
        ordering = ["-occurred_on", "-id"]

    @property
    def signed_points(self) -> Decimal:
        return self.points if self.kind == AdjustmentKind.BONUS else -self.points


class Run(TenantModel):
    """One computation of a scheme for one period. `snapshot` freezes every input number and
    the scheme's components as they were, so the same snapshot always gives the same result;
    a re-run is a new version that supersedes this one."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="runs", verbose_name=_("scheme")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    objection_until = models.DateField(_("objections until"), null=True, blank=True)

    scope_path = None

    class Meta:
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        ordering = ["-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "period_start", "version"],
                name="assessments_run_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period_start:%Y-%m} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:run-detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in (RunStatus.PUBLISHED, RunStatus.FINAL)


class Result(TenantModel):
    """One unit's place in a run: its total, rank and flag, and per component the value, the
    records it rests on and the points it gave (`components`, from the frozen snapshot)."""

    run = models.ForeignKey(
        Run, on_delete=models.CASCADE, related_name="results", verbose_name=_("run")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, null=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    flag = models.CharField(_("flag"), max_length=10, choices=Flag.choices, blank=True)
    unranked_reason = models.CharField(_("not ranked because"), max_length=200, blank=True)
    components = models.JSONField(_("components"), default=list)
    adjustments = models.JSONField(_("bonuses and deductions"), default=list)

    scope_path = "organization"

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["rank", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "organization"], name="assessments_result_unit_unique"
            )
        ]


class Appeal(TenantModel):
    """A unit contests a component or a deduction of a published run before its deadline."""

    run = models.ForeignKey(
        Run, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("run")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    component = models.CharField(_("component"), max_length=40, blank=True)
    adjustment = models.ForeignKey(
        Adjustment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("bonus or deduction"),
    )
    reason = models.TextField(_("reason"))
    evidence = models.FileField(
        _("supporting evidence"), upload_to="assessments/appeals/%Y/%m/", blank=True, max_length=255
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decision_reason = models.TextField(_("decision"), blank=True)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lodged by"),
    )
    decided_at = models.DateTimeField(_("appeal decided at"), null=True, blank=True)

    scope_path = "organization"

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at", "-id"]
