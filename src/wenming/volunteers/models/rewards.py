"""Certificates of service records and the reward shop (爱心超市)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.models import PublicIdMixin, TenantModel
from wenming.volunteers.choices import CertificateStatus, RedemptionStatus
from wenming.volunteers.models.registry import volunteer_condition


class Certificate(TenantModel, PublicIdMixin):
    """志愿服务记录证明: issued by the team that recorded the hours, verifiable by its code."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="certificates"
    )
    team = models.ForeignKey(
        "volunteers.Team",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("issuing team"),
    )
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    hours = models.DecimalField(_("certified hours"), max_digits=10, decimal_places=2)
    activity_count = models.PositiveIntegerField(_("activities"), default=0)
    period_start = models.DateField(pgettext_lazy("volunteers", "from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
    )
    pdf = models.FileField(_("PDF"), upload_to="volunteers/certificates/%Y/", blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("certificate of service")
        verbose_name_plural = _("certificates of service")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.verification_code

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        if grant.everywhere:
            return None
        own = Q(volunteer__user_id=user.pk)
        if not grant.allowed:
            return own
        return own | grant.as_q("team__organization")


class RewardItem(TenantModel):
    """Something a station's shop gives for points; stock never goes below zero."""

    station = models.ForeignKey(
        "volunteers.Station",
        on_delete=models.PROTECT,
        related_name="reward_items",
        verbose_name=_("station"),
    )
    name = models.CharField(pgettext_lazy("volunteers", "name"), max_length=100)
    points_price = models.PositiveIntegerField(_("price in points"))
    stock = models.IntegerField(_("stock"), default=0)
    is_active = models.BooleanField(_("on offer"), default=True)

    # The shop is the station's: a keeper acts on the items of the stations their grant covers
    # (a station without an organization belongs to the whole jurisdiction).
    scope_path = "station__organization"

    class Meta:
        verbose_name = _("reward item")
        verbose_name_plural = _("reward items")
        ordering = ["station", "points_price", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="volunteers_item_stock"),
            models.CheckConstraint(
                condition=Q(points_price__gt=0), name="volunteers_item_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Redemption(TenantModel):
    """Points exchanged for an item; the unique code is shown at the shop on hand-over."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="redemptions"
    )
    item = models.ForeignKey(RewardItem, on_delete=models.PROTECT, related_name="redemptions")
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    points = models.PositiveIntegerField(_("volunteer points"))
    code = models.CharField(_("redemption code"), max_length=16, unique=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RedemptionStatus.choices,
        default=RedemptionStatus.ISSUED,
    )
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0) & Q(quantity__gt=0), name="volunteers_redemption_positive"
            )
        ]

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        return volunteer_condition(user, grant, "volunteer__") if not grant.everywhere else None

    @staticmethod
    def normalize_code(code) -> str:
        """The code as stored, from what a keeper typed (spaces, lower case)."""
        return "".join(str(code or "").split()).upper()
