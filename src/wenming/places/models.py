"""Places that the other areas refer to: sites (点位) and road segments (道路路段), each with the
unit and the leader that answer for it."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.models import PublicIdMixin, TenantModel
from wenming.places.choices import SiteType


class PatronedPlace(TenantModel, PublicIdMixin):
    """A place with a code, a patron unit (包保单位) and a patron leader.

    The patron unit owns the row for the permission scope (`scope_path`); the leader is the
    person the unit names for it. `related_name` of both keys follows the concrete model
    (`patron_sites`, `patron_roadsegments`).
    """

    code = models.CharField(pgettext_lazy("places", "code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    patron_unit = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="patron_%(class)ss",
        verbose_name=_("patron unit"),
    )
    patron_leader = models.ForeignKey(
        "organizations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patron_%(class)ss",
        verbose_name=_("patron leader"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    scope_path = "patron_unit"

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Site(PatronedPlace):
    """A place that field inspections visit. Location stored in WGS-84."""

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

    class Meta(PatronedPlace.Meta):
        # Constraint and index keep the names they had in inspections (ADR 0023): renaming
        # them would rebuild the table on SQLite for nothing.
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="inspections_site_code_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["jurisdiction", "site_type"], name="inspections_jurisdi_597ff2_idx"
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("places:site-detail", args=[self.pk])


class RoadSegment(PatronedPlace):
    """A stretch of road with a patron leader (包路领导) and a patron unit."""

    road_name = models.CharField(_("road"), max_length=100)
    start_point = models.CharField(pgettext_lazy("places", "from"), max_length=100, blank=True)
    end_point = models.CharField(pgettext_lazy("places", "to"), max_length=100, blank=True)
    length_m = models.PositiveIntegerField(_("length (m)"), null=True, blank=True)
    is_main_road = models.BooleanField(_("main road"), default=False)
    path = models.JSONField(
        _("path"),
        default=list,
        blank=True,
        help_text=_("WGS-84 points [[lat, lng], …] along the segment."),
    )

    class Meta(PatronedPlace.Meta):
        verbose_name = _("road segment")
        verbose_name_plural = _("road segments")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="inspections_road_segment_code_unique"
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("places:road-detail", args=[self.pk])
