from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.TextChoices):
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village or community")


class TownshipKind(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    TOWN = "town", _("Town")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")


#: How many digits a division code has at each level (GB/T 2260 + statistical codes).
CODE_LENGTH = {DivisionLevel.COUNTY: 6, DivisionLevel.TOWNSHIP: 9, DivisionLevel.VILLAGE: 12}
PARENT_LEVEL = {
    DivisionLevel.TOWNSHIP: DivisionLevel.COUNTY,
    DivisionLevel.VILLAGE: DivisionLevel.TOWNSHIP,
}


class OrganizationKind(models.TextChoices):
    COMMITTEE = "committee", _("Civilization committee")
    OFFICE = "office", _("Civilization office")
    COMMAND = "command", _("Creation command")
    SUB_COMMAND = "sub_command", _("Sub-command")
    WORKING_GROUP = "working_group", _("Working group")
    RESPONSIBLE_UNIT = "responsible_unit", _("Responsible unit")
    CIVILIZED_UNIT = "civilized_unit", _("Civilized unit")
    TOWNSHIP_GOVERNMENT = "township_government", _("Township government")
    VILLAGE_COMMITTEE = "village_committee", _("Village or community committee")
    TEAM = "team", _("Team")


#: Kinds that must carry a unified social credit code.
KINDS_WITH_CREDIT_CODE = {OrganizationKind.RESPONSIBLE_UNIT, OrganizationKind.CIVILIZED_UNIT}

#: Kinds that can own work: criteria, tasks, plan items.
OWNER_KINDS = (
    OrganizationKind.RESPONSIBLE_UNIT,
    OrganizationKind.TOWNSHIP_GOVERNMENT,
    OrganizationKind.CIVILIZED_UNIT,
    OrganizationKind.WORKING_GROUP,
    OrganizationKind.SUB_COMMAND,
    OrganizationKind.OFFICE,
)


class Position(models.TextChoices):
    HEAD = "head", _("Head")
    LIAISON = "liaison", _("Liaison")
    MEMBER = "member", _("Member")
