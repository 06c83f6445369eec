"""Divisions, the organization tree, people, roles and memberships."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wenming.core.crypto import EncryptedTextField
from wenming.core.models import PublicIdMixin, TenantModel
from wenming.core.permissions import RoleScope
from wenming.core.validators import mask_phone
from wenming.organizations.choices import DivisionLevel, OrganizationKind, Position, TownshipKind


class Division(TenantModel):
    """An administrative division: county (6 digits), township (9) or village (12)."""

    code = models.CharField(_("division code"), max_length=12)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=DivisionLevel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=TownshipKind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent division"),
    )
    is_generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Generated for the demo, not an official code.")
    )

    scope_path = None

    def get_absolute_url(self) -> str:
        return reverse("organizations:division-edit", args=[self.pk])

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="organizations_division_code_unique"
            )
        ]
        indexes = [models.Index(fields=["jurisdiction", "level", "code"])]

    def __str__(self) -> str:
        return self.name


class Organization(TenantModel, PublicIdMixin):
    """Any body in the creation work, arranged as one tree per jurisdiction.

    `path` is a materialised path of primary keys ("/1/4/17/") so that a subtree is one indexed
    prefix query on both databases; `depth` is the number of ancestors.
    """

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, null=True, blank=True
    )
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("division"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    scope_path = ""

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "credit_code"],
                name="organizations_organization_credit_code_unique",
            )
        ]
        indexes = [models.Index(fields=["jurisdiction", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:organization-detail", args=[self.pk])


class UnitGroup(TenantModel):
    """A group of civilized units (文明单位分组) led by one of them: they claim volunteer service
    projects together and are assessed and ranked together."""

    name = models.CharField(_("name"), max_length=100)
    lead_unit = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead unit"),
    )
    units = models.ManyToManyField(Organization, related_name="+", verbose_name=_("units"))

    scope_path = None

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(TenantModel, PublicIdMixin):
    """A person known to the platform: staff of a unit, a leader, a contact."""

    name = models.CharField(_("full name"), max_length=50)
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_tail = models.CharField(max_length=4, blank=True, editable=False)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("account"),
    )
    organizations: models.ManyToManyField[Organization, Membership] = models.ManyToManyField(
        Organization, through="Membership", related_name="people"
    )

    scope_path = None

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    def organization_names(self) -> str:
        """Names of the person's organizations (prefetch `memberships__organization`)."""
        return "、".join(
            m.organization.short_name or m.organization.name for m in self.memberships.all()
        )

    def get_absolute_url(self) -> str:
        return reverse("organizations:person-detail", args=[self.pk])


class Role(TenantModel):
    """A named set of permissions and how far they reach from the member's organization."""

    SCOPE_CHOICES = [
        (RoleScope.OWN, _("Own organization")),
        (RoleScope.SUBTREE, _("Organization and everything below it")),
        (RoleScope.JURISDICTION, _("Whole jurisdiction")),
    ]

    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=20, choices=SCOPE_CHOICES)
    permissions = models.JSONField(_("permissions"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)

    scope_path = None

    def get_absolute_url(self) -> str:
        return reverse("organizations:role-edit", args=[self.pk])

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="organizations_role_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    """A person's place in an organization: position (head, liaison) and roles."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    roles = models.ManyToManyField(
        Role, blank=True, related_name="memberships", verbose_name=_("roles")
    )

    scope_path = "organization"

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__path", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization"], name="organizations_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organization}"
