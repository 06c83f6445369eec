"""The real-name registry: volunteers, teams, stations, unit groups and their service projects."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.crypto import EncryptedTextField
from wenming.core.models import PublicIdMixin, TenantModel
from wenming.core.validators import mask_id_number_public, mask_name
from wenming.volunteers.choices import Sex, StationKind, VolunteerStatus


def volunteer_condition(user, grant, prefix: str = "") -> Q | None:
    """Rows of volunteers `user` may reach: their own, and those of the teams and registries
    their grant covers. None means every row of the jurisdiction.

    `prefix` is the lookup from the model to its `Volunteer` ("" for Volunteer itself).
    """
    if grant.everywhere:
        return None
    own = Q(**{f"{prefix}user_id": user.pk})
    if not grant.allowed:
        return own
    teams = Team.objects.with_scopes_disabled().filter(grant.as_q("organization"))
    members = TeamMembership.objects.with_scopes_disabled().filter(team__in=teams)
    pk_lookup = f"{prefix}pk__in" if prefix else "pk__in"
    return (
        own | Q(**{pk_lookup: members.values("volunteer_id")}) | grant.as_q(f"{prefix}organization")
    )


class Volunteer(TenantModel, PublicIdMixin):
    """A real-name registered volunteer (实名注册志愿者).

    The ID number and the phone are encrypted at rest; exact lookups go through their keyed
    hashes, and the ID hash is unique per jurisdiction, so the database itself refuses a person
    registered twice, whichever path (form, API, import) tries it.
    """

    name = models.CharField(pgettext_lazy("volunteers", "name"), max_length=50)
    id_number = EncryptedTextField(_("ID number"))
    id_number_hash = models.CharField(max_length=64, editable=False)
    id_number_mask = models.CharField(_("ID number"), max_length=18, editable=False)
    phone = EncryptedTextField(_("mobile phone"))
    phone_hash = models.CharField(max_length=64, editable=False, db_index=True)
    phone_tail = models.CharField(max_length=4, editable=False, db_index=True)
    phone_mask = models.CharField(_("mobile phone"), max_length=11, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    division = models.ForeignKey(
        "organizations.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("residence"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered with"),
        help_text=_("The organization that holds the record (the community or the unit)."),
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.PENDING,
        db_index=True,
    )
    is_party_member = models.BooleanField(_("Party member"), default=False)
    is_generated = models.BooleanField(
        pgettext_lazy("volunteers", "generated"),
        default=False,
        help_text=_("Demo record with a synthetic ID number."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
        verbose_name=pgettext_lazy("volunteers", "account"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "id_number_hash"], name="volunteers_volunteer_id_unique"
            )
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "status"]),
            models.Index(fields=["jurisdiction", "name"]),
        ]

    def __str__(self) -> str:
        return mask_name(self.name)

    def get_absolute_url(self) -> str:
        return reverse("volunteers:volunteer-detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        return volunteer_condition(user, grant)

    @property
    def name_masked(self) -> str:
        return mask_name(self.name)

    @property
    def id_number_public_mask(self) -> str:
        """For pages without login (the certificate check): ``41**************2``."""
        return mask_id_number_public(self.id_number_mask)

    @property
    def id_number_masked(self) -> str:
        """Kept masked beside the ciphertext, so lists and exports never decrypt anything."""
        return self.id_number_mask

    @property
    def phone_masked(self) -> str:
        return self.phone_mask

    @property
    def stars(self) -> str:
        """The star level as stars (★★★), or a dash before the first; select `balance`."""
        balance = getattr(self, "balance", None)
        level = balance.star_level if balance is not None else 0
        return "★" * level if level else "—"


class Team(TenantModel, PublicIdMixin):
    """A volunteer team (志愿队伍): organises, records and certifies (民政部令第67号)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
        verbose_name=_("organization"),
    )
    name = models.CharField(pgettext_lazy("volunteers", "name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    leader_name = models.CharField(_("leader"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    member_count = models.PositiveIntegerField(
        pgettext_lazy("volunteers", "members"), default=0, editable=False
    )

    scope_path = "organization"

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "organization", "name"], name="volunteers_team_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteers:team-detail", args=[self.pk])


class TeamMembership(TenantModel):
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="team_memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    is_organizer = models.BooleanField(_("organiser"), default=False)

    scope_path = "team__organization"

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer"], name="volunteers_team_membership_unique"
            )
        ]


class Station(TenantModel, PublicIdMixin):
    """A volunteer service station: the center, squares, civilized units, townships, villages."""

    kind = models.CharField(_("kind"), max_length=20, choices=StationKind.choices)
    name = models.CharField(pgettext_lazy("volunteers", "name"), max_length=150)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    division = models.ForeignKey(
        "organizations.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("volunteers", "division"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    star_level = models.PositiveSmallIntegerField(_("star level"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    scope_path = None

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["jurisdiction", "kind"])]

    def __str__(self) -> str:
        return self.name


class ServiceProject(TenantModel):
    """A volunteer service project (志愿服务项目) that one unit group claims (认领)."""

    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    station = models.ForeignKey(
        Station,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("station"),
    )
    group = models.ForeignKey(
        "organizations.UnitGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    scope_path = None

    class Meta:
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
