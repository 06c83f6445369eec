"""Registering, approving and organising volunteers; teams, stations and project claims."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.audit import log_event, snapshot
from wenming.core.crypto import keyed_hash
from wenming.core.errors import ConflictError, field_error
from wenming.core.permissions import PublicActor, require
from wenming.core.transitions import lock, transition
from wenming.core.validators import (
    id_number_birth_date,
    id_number_sex,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
)
from wenming.organizations.models import UnitGroup
from wenming.volunteers.choices import VOLUNTEER_TRANSITIONS, VolunteerStatus
from wenming.volunteers.models import (
    ServiceProject,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerBalance,
)
from wenming.volunteers.rules import REGISTER_SELF, require_claim_project, require_registration

NAME_MAX_LENGTH = 50
APPROVE = "volunteers.approve_volunteer"


def clean_name(raw) -> str:
    name = "".join(str(raw or "").split())
    if not name:
        raise field_error("name", _("Enter the volunteer's real name."), "name_required")
    if len(name) > NAME_MAX_LENGTH:
        raise field_error(
            "name",
            _("A name has at most %(max)s characters.") % {"max": NAME_MAX_LENGTH},
            "name_too_long",
        )
    return name


def clean_id_number(raw) -> str:
    """The canonical ID number; errors carry the code `invalid_id_number` and the reason."""
    try:
        return normalize_id_number(raw)
    except ValidationError as error:
        reason = error.error_list[0]
        message = reason.message % reason.params if reason.params else reason.message
        raise field_error("id_number", message, "invalid_id_number", params=None) from None


def clean_phone(raw) -> str:
    try:
        return normalize_phone(raw)
    except ValidationError as error:
        reason = error.error_list[0]
        message = reason.message % reason.params if reason.params else reason.message
        raise field_error("phone", message, "invalid_phone") from None


def build_volunteer(*, jurisdiction, name: str, id_number: str, phone: str, **fields) -> Volunteer:
    """An unsaved volunteer from already-normalised identifiers (shared by form, API, import)."""
    return Volunteer(
        jurisdiction=jurisdiction,
        name=name,
        id_number=id_number,
        id_number_hash=keyed_hash(id_number),
        id_number_mask=mask_id_number(id_number),
        phone=phone,
        phone_hash=keyed_hash(phone),
        phone_tail=phone[-4:],
        phone_mask=mask_phone(phone),
        birth_date=id_number_birth_date(id_number),
        sex=id_number_sex(id_number),
        **fields,
    )


def _duplicate() -> ConflictError:
    return ConflictError(
        _("A volunteer with this ID number is already registered."), code="duplicate_volunteer"
    )


def _clean_registration(*, name, id_number, phone, division) -> dict[str, str]:
    """The name, ID number and phone as stored, or every problem at once, per field."""
    errors = {}
    cleaned = {}
    for field, cleaner, raw in (
        ("name", clean_name, name),
        ("id_number", clean_id_number, id_number),
        ("phone", clean_phone, phone),
    ):
        try:
            cleaned[field] = cleaner(raw)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    if division is not None and division.level not in ("township", "village"):
        raise field_error(
            "division", _("Choose the township or village of residence."), "invalid_division"
        )
    return cleaned


def register_volunteer(
    *,
    jurisdiction,
    name,
    id_number,
    phone,
    division=None,
    organization=None,
    team=None,
    skills: str = "",
    availability: str = "",
    status: str = VolunteerStatus.PENDING,
    actor,
) -> Volunteer:
    """Register one volunteer; a second registration of the same ID number is refused (409)."""
    require_registration(actor, organization=organization, team=team, status=status)
    cleaned = _clean_registration(name=name, id_number=id_number, phone=phone, division=division)
    volunteer = build_volunteer(
        jurisdiction=jurisdiction,
        name=cleaned["name"],
        id_number=cleaned["id_number"],
        phone=cleaned["phone"],
        division=division,
        organization=organization or (team.organization if team else None),
        skills=(skills or "")[:200],
        availability=(availability or "")[:200],
        status=status,
        approved_at=timezone.now() if status == VolunteerStatus.APPROVED else None,
    )
    with transaction.atomic():
        if Volunteer.objects.filter(id_number_hash=volunteer.id_number_hash).exists():
            raise _duplicate()
        try:
            with transaction.atomic():
                volunteer.save()
        except IntegrityError:
            raise _duplicate() from None
        VolunteerBalance.objects.create(jurisdiction=jurisdiction, volunteer=volunteer)
        if team is not None:
            _join_team(volunteer, team)
        log_event(
            "volunteers.volunteer.registered",
            actor=actor,
            target=volunteer,
            target_label=volunteer.name_masked,
            new={
                "id_number": volunteer.id_number,
                "phone": volunteer.phone,
                "status": volunteer.status,
                "team": team.pk if team else None,
            },
        )
    return volunteer


def register_self(
    *,
    jurisdiction,
    name,
    id_number,
    phone,
    password: str,
    division=None,
    skills: str = "",
    availability: str = "",
    actor,
) -> Volunteer | None:
    """A resident registers themself: the volunteer, their balance and their login (by phone)
    in one transaction, so that a failure leaves nothing behind.

    Returns the volunteer, or None when the ID number is registered already or the phone
    already has an account. The caller must answer both outcomes alike: whether an ID number
    or a phone is known is nobody's business on a public page (the person is sent to log in,
    or to appeal to their team or the office). The password is hashed in both outcomes, so
    that the time taken does not tell them apart either.
    """
    from wenming.organizations.actions import set_person_phone
    from wenming.organizations.models import Person

    require(actor, "volunteers.register_self", Volunteer)
    cleaned = _clean_registration(name=name, id_number=id_number, phone=phone, division=division)
    volunteer = build_volunteer(
        jurisdiction=jurisdiction,
        name=cleaned["name"],
        id_number=cleaned["id_number"],
        phone=cleaned["phone"],
        division=division,
        skills=(skills or "")[:200],
        availability=(availability or "")[:200],
        status=VolunteerStatus.PENDING,
    )
    hashed_password = make_password(password)
    with transaction.atomic():
        clash = (
            Volunteer.objects.filter(id_number_hash=volunteer.id_number_hash).exists()
            or Person.objects.filter(phone_hash=volunteer.phone_hash, user__isnull=False).exists()
        )
        if clash:
            return None
        try:
            with transaction.atomic():
                volunteer.save()
        except IntegrityError:  # registered at the same moment by a parallel request
            return None
        VolunteerBalance.objects.create(jurisdiction=jurisdiction, volunteer=volunteer)
        user = get_user_model()(
            username=f"v{volunteer.public_id.hex[:12]}",
            jurisdiction_id=jurisdiction.pk,
            display_name=volunteer.name,
            password=hashed_password,
        )
        user.save()
        person = Person(jurisdiction_id=jurisdiction.pk, name=volunteer.name, user=user)
        set_person_phone(person, volunteer.phone)
        person.save()
        volunteer.user = user
        volunteer.save(update_fields=["user", "updated_at"])
        log_event(
            "volunteers.volunteer.registered",
            actor=user,
            target=volunteer,
            target_label=volunteer.name_masked,
            new={
                "id_number": volunteer.id_number,
                "phone": volunteer.phone,
                "status": volunteer.status,
                "team": None,
                "self_registered": True,
            },
        )
    return volunteer


def create_volunteer_account(*, volunteer: Volunteer, password: str, actor):
    """Give a volunteer a login: an account plus a person with the phone hash, so that the
    foundation's backend lets them sign in by phone number."""
    if isinstance(actor, PublicActor):
        require(actor, REGISTER_SELF)
    else:
        require(actor, "volunteers.change_volunteer", volunteer)
    from wenming.organizations.actions import set_person_phone
    from wenming.organizations.models import Person

    User = get_user_model()
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if volunteer.user_id:
            raise ConflictError(_("This volunteer already has an account."), code="has_account")
        if Person.objects.filter(phone_hash=volunteer.phone_hash, user__isnull=False).exists():
            raise ConflictError(
                _("An account with this mobile number exists already; log in with it."),
                code="phone_has_account",
            )
        user = User(
            username=f"v{volunteer.public_id.hex[:12]}",
            jurisdiction_id=volunteer.jurisdiction_id,
            display_name=volunteer.name,
        )
        user.set_password(password)
        user.save()
        person = Person(jurisdiction_id=volunteer.jurisdiction_id, name=volunteer.name, user=user)
        set_person_phone(person, volunteer.phone)
        person.save()
        volunteer.user = user
        volunteer.save(update_fields=["user", "updated_at"])
        log_event(
            "volunteers.volunteer.account_created",
            actor=user if isinstance(actor, PublicActor) else actor,
            target=volunteer,
            target_label=volunteer.name_masked,
        )
    return user


def _set_status(volunteer: Volunteer, target: str, *, actor, event: str, note: str = ""):
    with transaction.atomic():
        volunteer = lock(volunteer)
        old = snapshot(volunteer, ["status"])
        fields = []
        if target == VolunteerStatus.APPROVED and volunteer.approved_at is None:
            volunteer.approved_at = timezone.now()
            fields.append("approved_at")
        transition(
            volunteer,
            target,
            transitions=VOLUNTEER_TRANSITIONS,
            actor=actor,
            event=event,
            fields=fields,
            target_label=volunteer.name_masked,
            old=old,
            new={"status": target, "note": note},
        )
    return volunteer


def approve_volunteer(*, volunteer: Volunteer, actor) -> Volunteer:
    require(actor, APPROVE, volunteer)
    volunteer = _set_status(
        volunteer, VolunteerStatus.APPROVED, actor=actor, event="volunteers.volunteer.approved"
    )
    if volunteer.user_id:
        from wenming.notifications.actions import notify

        transaction.on_commit(
            lambda: notify(
                [volunteer.user],
                jurisdiction=volunteer.jurisdiction,
                category="volunteers.approved",
                title=_("Your volunteer registration was approved"),
            )
        )
    return volunteer


def reject_volunteer(*, volunteer: Volunteer, reason: str, actor) -> Volunteer:
    require(actor, APPROVE, volunteer)
    return _set_status(
        volunteer,
        VolunteerStatus.REJECTED,
        actor=actor,
        event="volunteers.volunteer.rejected",
        note=reason,
    )


def suspend_volunteer(*, volunteer: Volunteer, reason: str, actor) -> Volunteer:
    require(actor, APPROVE, volunteer)
    return _set_status(
        volunteer,
        VolunteerStatus.SUSPENDED,
        actor=actor,
        event="volunteers.volunteer.suspended",
        note=reason,
    )


def _join_team(volunteer: Volunteer, team: Team, *, is_organizer: bool = False) -> bool:
    try:
        with transaction.atomic():
            TeamMembership.objects.create(
                jurisdiction_id=volunteer.jurisdiction_id,
                volunteer=volunteer,
                team=team,
                is_organizer=is_organizer,
            )
    except IntegrityError:
        return False
    Team.objects.filter(pk=team.pk).update(member_count=F("member_count") + 1)
    return True


def add_team_member(*, team: Team, volunteer: Volunteer, is_organizer: bool = False, actor) -> None:
    require(actor, "volunteers.change_team", team)
    with transaction.atomic():
        if not _join_team(volunteer, team, is_organizer=is_organizer):
            raise ConflictError(_("The volunteer is already in this team."), code="already_member")
        log_event(
            "volunteers.team.member_added",
            actor=actor,
            target=team,
            new={"volunteer": volunteer.pk, "organizer": is_organizer},
        )


TEAM_FIELDS = ["organization", "name", "description", "leader_name", "is_active"]


def save_team(*, jurisdiction, data: dict, instance: Team | None = None, actor) -> Team:
    """Create a team in an organization, or change one; moving a team needs the permission
    over both organizations."""
    require(actor, "volunteers.change_team", instance or data.get("organization") or Team)
    moved_to = data.get("organization")
    if instance is not None and moved_to is not None and moved_to.pk != instance.organization_id:
        require(actor, "volunteers.change_team", moved_to)
    if "name" in data:
        data = {**data, "name": " ".join(str(data["name"] or "").split())}
        if not data["name"]:
            raise field_error("name", _("Enter the team's name."), "name_required")
    with transaction.atomic():
        team = instance or Team(jurisdiction=jurisdiction)
        old = snapshot(team, TEAM_FIELDS) if instance else None
        for field in TEAM_FIELDS:
            if field in data:
                setattr(team, field, data[field])
        duplicate = field_error(
            "name", _("This organization has a team of that name already."), "duplicate_team"
        )
        if (
            Team.objects.filter(organization=team.organization, name=team.name)
            .exclude(pk=team.pk)
            .exists()
        ):
            raise duplicate
        changed = [field for field in TEAM_FIELDS if field in data]
        try:
            with transaction.atomic():
                team.save(update_fields=[*changed, "updated_at"] if instance else None)
        except IntegrityError:  # the same name saved at the same moment
            raise duplicate from None
        log_event(
            "volunteers.team.changed" if instance else "volunteers.team.created",
            actor=actor,
            target=team,
            old=old,
            new=snapshot(team, TEAM_FIELDS),
        )
    return team


def claim_service_project(*, project: ServiceProject, group: UnitGroup, actor) -> ServiceProject:
    """A unit group claims (认领) a project; a project has one claimant at a time. The lead
    unit's team keepers claim for their group (`rules.may_claim_project`)."""
    require_claim_project(actor, group)
    with transaction.atomic():
        project = ServiceProject.objects.select_for_update().get(pk=project.pk)
        if project.group_id and project.group_id != group.pk:
            raise ConflictError(
                _("Another group has claimed this project."), code="project_claimed"
            )
        project.group = group
        project.claimed_at = timezone.now()
        project.save(update_fields=["group", "claimed_at", "updated_at"])
        log_event(
            "volunteers.service_project.claimed",
            actor=actor,
            target=project,
            new={"group": group.pk},
        )
    return project
