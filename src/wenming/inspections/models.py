"""Supervision places: sites (点位) and road segments (道路路段) with their patron units."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.models import PublicIdMixin, TenantModel
from wenming.inspections.choices import SiteType


class Site(TenantModel, PublicIdMixin):
    """A place that field inspections visit. Location stored in WGS-84."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    site_type = models.CharField(_("site type"), max_length=30, choices=SiteType.choices)
    division = models.ForeignKey(
        "organizations.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("township"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    patron_unit = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="patron_sites",
        verbose_name=_("patron unit"),
    )
    patron_leader = models.ForeignKey(
        "organizations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patron_sites",
        verbose_name=_("patron leader"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    scope_path = "patron_unit"

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="inspections_site_code_unique"
            )
        ]
        indexes = [models.Index(fields=["jurisdiction", "site_type"])]

    def __str__(self) -> str:
        return self.name


class RoadSegment(TenantModel, PublicIdMixin):
    """A stretch of road with a patron leader (包路领导) and a patron unit."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    road_name = models.CharField(_("road"), max_length=100)
    start_point = models.CharField(_("from"), max_length=100, blank=True)
    end_point = models.CharField(_("to"), max_length=100, blank=True)
    length_m = models.PositiveIntegerField(_("length (m)"), null=True, blank=True)
    is_main_road = models.BooleanField(_("main road"), default=False)
    path = models.JSONField(
        _("path"),
        default=list,
        blank=True,
        help_text=_("WGS-84 points [[lat, lng], …] along the segment."),
    )
    patron_unit = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="patron_road_segments",
        verbose_name=_("patron unit"),
    )
    patron_leader = models.ForeignKey(
        "organizations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patron_road_segments",
        verbose_name=_("patron leader"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    scope_path = "patron_unit"

    class Meta:
        verbose_name = _("road segment")
        verbose_name_plural = _("road segments")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="inspections_road_segment_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
