"""Party members reporting to their residence community (双报到) and the posts they claim."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.core.models import TenantModel
from wenming.volunteers.choices import PartyRegistrationStatus


class PartyMemberRegistration(TenantModel):
    """A Party member registered (报到) with the community where they live."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.PROTECT,
        related_name="party_registrations",
        verbose_name=_("volunteer"),
    )
    community = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("residence community"),
    )
    employer = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("employer unit"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PartyRegistrationStatus.choices,
        default=PartyRegistrationStatus.ACTIVE,
    )
    registered_on = models.DateField(_("registered on"))

    scope_path = "community"

    class Meta:
        verbose_name = _("Party member's registration")
        verbose_name_plural = _("Party members' registrations")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(status=PartyRegistrationStatus.ACTIVE),
                name="volunteers_party_active_unique",
            )
        ]

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        """The community and the employer both see the registration; the member sees it too."""
        if grant.everywhere:
            return None
        own = Q(volunteer__user_id=user.pk)
        if not grant.allowed:
            return own
        return own | grant.as_q("community") | grant.as_q("employer")


class PartyPost(TenantModel):
    """A post (岗位) a community offers to registered Party members."""

    community = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    places = models.PositiveIntegerField(_("places"), default=5)
    claimed_count = models.PositiveIntegerField(_("claimed"), default=0, editable=False)

    scope_path = "community"

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claimed_count__lte=models.F("places")),
                name="volunteers_post_places",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PostClaim(TenantModel):
    """A member's claim of a post (认岗)."""

    registration = models.ForeignKey(
        PartyMemberRegistration, on_delete=models.CASCADE, related_name="claims"
    )
    post = models.ForeignKey(PartyPost, on_delete=models.PROTECT, related_name="claims")

    scope_path = "post__community"

    class Meta:
        verbose_name = _("post claim")
        verbose_name_plural = _("post claims")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "post"], name="volunteers_post_claim_unique"
            )
        ]
