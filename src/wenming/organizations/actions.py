"""Actions on divisions, organizations, people and memberships."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from wenming.core.audit import log_event, snapshot
from wenming.core.crypto import keyed_hash
from wenming.core.errors import field_error
from wenming.core.permissions import bump_permissions_version, require
from wenming.core.validators import normalize_credit_code, normalize_phone
from wenming.organizations.choices import (
    CODE_LENGTH,
    KINDS_WITH_CREDIT_CODE,
    PARENT_LEVEL,
    DivisionLevel,
)
from wenming.organizations.models import Division, Membership, Organization, Person, Role

ORGANIZATION_FIELDS = [
    "parent",
    "kind",
    "name",
    "short_name",
    "credit_code",
    "division",
    "address",
    "sort_order",
    "is_active",
]
PERSON_FIELDS = ["name", "phone", "title"]


def check_division_code(*, code: str, level: str, parent: Division | None) -> None:
    """A division code has its level's length and starts with its parent's code."""
    expected = CODE_LENGTH[DivisionLevel(level)]
    if not code.isdigit() or len(code) != expected:
        raise field_error(
            "code",
            _("A %(level)s code has %(length)s digits.")
            % {"level": DivisionLevel(level).label, "length": expected},
            "division_code_length",
        )
    parent_level = PARENT_LEVEL.get(DivisionLevel(level))
    if parent_level is not None:
        if parent is None or parent.level != parent_level:
            raise field_error(
                "parent",
                _("Choose the %(level)s this division belongs to.")
                % {"level": DivisionLevel(parent_level).label},
                "division_parent_level",
            )
        if not code.startswith(parent.code):
            raise field_error(
                "code",
                _("The code %(code)s does not start with its parent's code %(parent)s.")
                % {"code": code, "parent": parent.code},
                "division_code_parent",
            )


def save_division(*, jurisdiction, data: dict, instance: Division | None = None, actor) -> Division:
    require(actor, "organizations.change_division", instance or Division)
    check_division_code(code=data["code"], level=data["level"], parent=data.get("parent"))
    with transaction.atomic():
        division = instance or Division(jurisdiction=jurisdiction)
        old = snapshot(division, ["code", "name", "level", "parent"]) if instance else None
        for field in ("code", "name", "level", "kind", "parent"):
            if field in data:
                setattr(
                    division,
                    field,
                    data[field] if data[field] is not None else getattr(division, field),
                )
        if Division.objects.filter(code=division.code).exclude(pk=division.pk).exists():
            raise field_error(
                "code", _("A division with this code already exists."), "duplicate_division_code"
            )
        division.save()
        log_event(
            "organizations.division.changed" if instance else "organizations.division.created",
            actor=actor,
            target=division,
            old=old,
            new=snapshot(division, ["code", "name", "level", "parent"]),
        )
    return division


def _clean_credit_code(kind: str, credit_code: str | None) -> str | None:
    if not credit_code:
        if kind in KINDS_WITH_CREDIT_CODE:
            raise field_error(
                "credit_code",
                _("Responsible and civilized units must have a unified social credit code."),
                "credit_code_required",
            )
        return None
    try:
        return normalize_credit_code(credit_code)
    except ValidationError as error:
        raise ValidationError({"credit_code": error.error_list}) from error


def _check_parent(organization: Organization, parent: Organization | None) -> None:
    if parent is None:
        return
    if parent.jurisdiction_id != organization.jurisdiction_id:
        raise field_error(
            "parent", _("The parent must belong to the same jurisdiction."), "parent_jurisdiction"
        )
    if organization.pk and (
        parent.pk == organization.pk or parent.path.startswith(organization.path)
    ):
        raise field_error(
            "parent",
            _("An organization cannot be placed under itself or one of its own units."),
            "organization_cycle",
        )


def _require_organization(actor, instance: Organization | None, parent) -> None:
    """Change the organization itself; create (or move) only under a parent one may add to."""
    if instance is not None:
        require(actor, "organizations.change_organization", instance)
    if parent is not None:
        permission = "add_organization" if instance is None else "change_organization"
        require(actor, f"organizations.{permission}", parent)
    elif instance is None:
        require(actor, "organizations.add_organization", Organization)


def save_organization(
    *, jurisdiction, data: dict, instance: Organization | None = None, actor
) -> Organization:
    """Create or change an organization; moving it moves its whole subtree."""
    _require_organization(actor, instance, data.get("parent"))
    with transaction.atomic():
        if instance is not None:
            instance = Organization.objects.select_for_update().get(pk=instance.pk)
        organization = instance or Organization(jurisdiction=jurisdiction)
        old = snapshot(organization, ORGANIZATION_FIELDS) if instance else None
        parent = data.get("parent", organization.parent if instance else None)
        if parent is not None:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
        _check_parent(organization, parent)
        kind = data.get("kind", organization.kind)
        credit_code = _clean_credit_code(kind, data.get("credit_code", organization.credit_code))
        if (
            credit_code
            and Organization.objects.filter(credit_code=credit_code)
            .exclude(pk=organization.pk)
            .exists()
        ):
            raise field_error(
                "credit_code",
                _("Another organization already has this credit code."),
                "duplicate_credit_code",
            )
        old_parent_id = organization.parent_id
        for field in ORGANIZATION_FIELDS:
            if field in data:
                setattr(organization, field, data[field])
        organization.parent = parent
        organization.credit_code = credit_code
        organization.kind = kind
        is_new = organization.pk is None
        organization.save()
        if is_new or old_parent_id != organization.parent_id:
            _rewrite_paths(organization)
        bump_permissions_version(organization.jurisdiction_id)
        log_event(
            "organizations.organization.created"
            if is_new
            else "organizations.organization.changed",
            actor=actor,
            target=organization,
            old=old,
            new=snapshot(organization, ORGANIZATION_FIELDS),
        )
    return organization


def _rewrite_paths(organization: Organization) -> None:
    old_path = organization.path
    parent_path = organization.parent.path if organization.parent_id else "/"
    new_path = f"{parent_path}{organization.pk}/"
    depth = new_path.count("/") - 2
    Organization.objects.filter(pk=organization.pk).update(path=new_path, depth=depth)
    if old_path:
        depth_change = depth - organization.depth
        Organization.objects.filter(path__startswith=old_path).exclude(pk=organization.pk).update(
            path=Concat(Value(new_path), Substr("path", Length(Value(old_path)) + 1)),
            depth=F("depth") + depth_change,
        )
    organization.path, organization.depth = new_path, depth


def save_person(*, jurisdiction, data: dict, instance: Person | None = None, actor) -> Person:
    require(actor, "organizations.change_person", instance or Person)
    with transaction.atomic():
        person = instance or Person(jurisdiction=jurisdiction)
        old = snapshot(person, PERSON_FIELDS) if instance else None
        person.name = data.get("name", person.name).strip()
        if not person.name:
            raise field_error("name", _("Enter the name."), "required")
        person.title = data.get("title", person.title)
        if "phone" in data:
            try:
                set_person_phone(person, data["phone"])
            except ValidationError as error:
                # The message names the rule, never the number that broke it.
                raise ValidationError({"phone": error.error_list}) from error
        person.save()
        log_event(
            "organizations.person.changed" if instance else "organizations.person.created",
            actor=actor,
            target=person,
            old=old,
            new=snapshot(person, PERSON_FIELDS),
        )
    return person


def set_person_phone(person: Person, phone: str) -> None:
    phone = normalize_phone(phone) if phone else ""
    person.phone = phone
    person.phone_hash = keyed_hash(phone) if phone else ""
    person.phone_tail = phone[-4:] if phone else ""


def save_membership(
    *, person: Person, organization: Organization, position: str, roles, actor
) -> Membership:
    require(actor, "organizations.change_role", Role)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            person=person,
            organization=organization,
            defaults={"jurisdiction": organization.jurisdiction, "position": position},
        )
        if not created and membership.position != position:
            membership.position = position
            membership.save(update_fields=["position", "updated_at"])
        membership.roles.set(roles)
        bump_permissions_version(organization.jurisdiction_id)
        log_event(
            "organizations.membership.created" if created else "organizations.membership.changed",
            actor=actor,
            target=membership,
            new={
                "person": person.pk,
                "organization": organization.pk,
                "position": position,
                "roles": [role.code for role in roles],
            },
        )
    return membership


def remove_membership(membership: Membership, *, actor) -> None:
    require(actor, "organizations.change_role", Role)
    with transaction.atomic():
        log_event(
            "organizations.membership.removed",
            actor=actor,
            target=membership,
            old={"person": membership.person_id, "organization": membership.organization_id},
        )
        membership.delete()
        bump_permissions_version(membership.jurisdiction_id)


ROLE_FIELDS = ["code", "name", "scope", "permissions", "description"]


def save_role(*, jurisdiction, data: dict, instance=None, actor):
    """Create or change a role; unknown permission names are refused."""
    require(actor, "organizations.change_role", instance or Role)
    from wenming.core.permissions import REGISTRY

    unknown = sorted(set(data.get("permissions", [])) - set(REGISTRY))
    if unknown:
        raise field_error(
            "permissions",
            _("Unknown permissions: %(names)s.") % {"names": ", ".join(unknown)},
            "unknown_permission",
        )
    with transaction.atomic():
        role = instance or Role(jurisdiction=jurisdiction)
        old = snapshot(role, ROLE_FIELDS) if instance else None
        for field in ROLE_FIELDS:
            if field in data:
                setattr(role, field, data[field])
        if Role.objects.filter(code=role.code).exclude(pk=role.pk).exists():
            raise field_error(
                "code", _("A role with this code already exists."), "duplicate_role_code"
            )
        role.save()
        bump_permissions_version(role.jurisdiction_id)
        log_event(
            "organizations.role.changed" if instance else "organizations.role.created",
            actor=actor,
            target=role,
            old=old,
            new=snapshot(role, ROLE_FIELDS),
        )
    from wenming.core.permissions import forget_cached_grants

    forget_cached_grants(actor)
    return role
