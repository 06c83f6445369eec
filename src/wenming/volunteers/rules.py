"""Who may act on a volunteer's behalf: the rules the actions, the pages and the API share.

A volunteer acts for themself (signs up, checks in by scanning the activity's code, redeems,
reports to a community); everybody else needs the named permission on the record. Written once
here, so that a page, the API and the action cannot disagree about it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from wenming.core.permissions import PublicActor, SystemActor, has_perm, require
from wenming.volunteers.choices import CheckMethod, VolunteerStatus

CHECK_IN = "volunteers.check_in_volunteer"
REGISTER_SELF = "volunteers.register_self"


def is_self(actor, volunteer) -> bool:
    """Is `actor` the person behind `volunteer` (their own account)?"""
    return (
        volunteer is not None
        and getattr(actor, "is_authenticated", False)
        and volunteer.user_id is not None
        and volunteer.user_id == actor.pk
    )


def require_self_or(actor, volunteer, permission: str, obj) -> None:
    """The volunteer themself, or someone holding `permission` on `obj`."""
    if is_self(actor, volunteer):
        return
    require(actor, permission, obj)


def may_check_in(actor, activity, *, volunteer=None, method: str = CheckMethod.LIST) -> bool:
    """Who may check whom in (or out): the volunteer themself by scanning the activity's code;
    anybody else (the organiser's list) with `volunteers.check_in_volunteer` on the activity."""
    if isinstance(actor, SystemActor):
        return True
    if method != CheckMethod.LIST and is_self(actor, volunteer):
        return True
    return has_perm(actor, CHECK_IN, activity)


def require_check_in(actor, activity, *, volunteer, method: str) -> None:
    if not may_check_in(actor, activity, volunteer=volunteer, method=method):
        raise PermissionDenied(CHECK_IN)


def require_registration(actor, *, organization, team, status: str) -> None:
    """A resident registers themself (pending review); staff register into their organization,
    and only someone who may approve registers a volunteer as already approved."""
    if isinstance(actor, PublicActor):
        require(actor, REGISTER_SELF)
        if status != VolunteerStatus.PENDING:
            raise PermissionDenied(REGISTER_SELF)
        return
    from wenming.volunteers.models import Volunteer

    target = team or organization or Volunteer
    require(actor, "volunteers.add_volunteer", target)
    if status == VolunteerStatus.APPROVED:
        require(actor, "volunteers.approve_volunteer", target)


CLAIM_PROJECT = "volunteers.change_team"
MANAGE_PROJECTS = "volunteers.change_station"


def may_claim_project(actor, group) -> bool:
    """Who claims a service project for a group of civilized units: whoever runs the teams of
    the group's lead unit (`volunteers.change_team` on it), or the office that manages projects
    across the jurisdiction (`volunteers.change_station` everywhere)."""
    if isinstance(actor, SystemActor):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    from wenming.volunteers.models import ServiceProject

    return has_perm(actor, MANAGE_PROJECTS, ServiceProject) or has_perm(
        actor, CLAIM_PROJECT, group.lead_unit
    )


def require_claim_project(actor, group) -> None:
    if not may_claim_project(actor, group):
        raise PermissionDenied(CLAIM_PROJECT)
