"""Permission-matrix cases of the Party member's own page and API (双报到, 认岗) and of the
service projects that civilized units' groups claim. Joined to `test_permission_matrix.CASES`.

On the Party pages "the member with" is the volunteer themself, registered with the world's
community and holding no post yet; the other unit's member is another volunteer, not
registered; the other jurisdiction's member a volunteer there; the member without is staff
without a volunteer record (sent to register, or 403 from the API).
"""

from __future__ import annotations

import datetime

from django_scopes import scope

from wenming.core.permissions import SYSTEM
from wenming.organizations.models import UnitGroup
from wenming.testing.matrix import Case, refreshed, snapshot
from wenming.volunteers import actions
from wenming.volunteers.models import (
    PartyMemberRegistration,
    PartyPost,
    PostClaim,
    ServiceProject,
)

POST_TITLE = "楼道文明劝导岗"
PROJECT_TITLE = "关爱空巢老人"
VIEW_STATION = "volunteers.view_station"
CLAIM = "volunteers.change_team"
OWN_PAGE = {"other_unit": 200, "other_jurisdiction": 200, "member_without": 302}


def _post(world):
    with scope(jurisdiction=world.jurisdiction):
        return PartyPost.objects.create(
            jurisdiction=world.jurisdiction, community=world.village, title=POST_TITLE, places=3
        )


def party_cases(volunteers) -> list[Case]:
    """`volunteers(world, users)` gives the three volunteer records (`me`, `another`,
    `elsewhere`) of the volunteers' matrix."""

    def registered(world, users):
        objects = volunteers(world, users)
        objects["post"] = _post(world)
        with scope(jurisdiction=world.jurisdiction):
            objects["registration"] = actions.register_party_member(
                volunteer=objects["me"],
                community=world.village,
                employer=world.unit,
                actor=SYSTEM,
                on=datetime.date(2026, 3, 1),
            )
        return objects

    def mine(model, **fields):
        return lambda g: snapshot(model, "pk", **{k: v(g) for k, v in fields.items()})

    return [
        Case(
            "volunteers:my-party",
            everyone=registered,
            visible=POST_TITLE,
            expected=OWN_PAGE,
            label="view",
        ),
        Case(
            "volunteers:my-party",
            everyone=registered,
            method="post",
            data=lambda g: {"action": "claim", "post": g.post.pk},
            changed=mine(PostClaim, registration=lambda g: g.registration),
            expected={"other_unit": 302, "other_jurisdiction": 302, "member_without": 302},
            label="claim",
        ),
        Case(
            "volunteers:my-party",
            everyone=volunteers,
            method="post",
            data=lambda g: {
                "action": "register",
                "community": g.world.village.pk,
                "employer": g.world.unit.pk,
            },
            changed=mine(PartyMemberRegistration, volunteer=lambda g: g.me),
            # Another volunteer reports for themself; elsewhere the community is not a choice.
            expected={"other_unit": 302, "other_jurisdiction": 200, "member_without": 302},
            label="register",
        ),
        Case(
            "GET /api/v1/volunteers/me/party",
            everyone=registered,
            expected={"other_unit": 404, "other_jurisdiction": 404, "member_without": 403},
        ),
        Case(
            "POST /api/v1/volunteers/me/party",
            everyone=volunteers,
            method="post",
            data=lambda g: {"community_id": g.world.village.pk, "employer_id": g.world.unit.pk},
            changed=mine(PartyMemberRegistration, volunteer=lambda g: g.me),
            expected={"other_unit": 201, "other_jurisdiction": 404, "member_without": 403},
        ),
        Case(
            "POST /api/v1/volunteers/me/party/posts/{post_id}/claims",
            everyone=registered,
            method="post",
            url=lambda g: f"/api/v1/volunteers/me/party/posts/{g.post.pk}/claims",
            changed=mine(PostClaim, registration=lambda g: g.registration),
            expected={"other_unit": 404, "other_jurisdiction": 404, "member_without": 403},
        ),
        Case(
            "volunteers:project-list",
            [VIEW_STATION],
            setup=_project,
            visible=PROJECT_TITLE,
            shared=True,
            label="view",
        ),
        Case(
            "volunteers:project-list",
            [VIEW_STATION, CLAIM],
            setup=_project,
            method="post",
            data=lambda g: {"project": g.project.pk, "group": g.group.pk},
            changed=lambda g: refreshed(g.project, "group_id"),
            expected={"other_jurisdiction": 404},
            label="claim",
        ),
        Case(
            "GET /api/v1/service-projects",
            [VIEW_STATION],
            setup=_project,
            visible=PROJECT_TITLE,
            shared=True,
        ),
        Case(
            "POST /api/v1/service-projects/{project_id}/claims",
            [VIEW_STATION, CLAIM],
            setup=_project,
            method="post",
            url=lambda g: f"/api/v1/service-projects/{g.project.pk}/claims",
            data=lambda g: {"group_id": g.group.pk},
            changed=lambda g: refreshed(g.project, "group_id"),
            expected={"other_jurisdiction": 404},
        ),
    ]


def _project(world):
    """A group led by the world's unit, and a project nobody has claimed."""
    with scope(jurisdiction=world.jurisdiction):
        group = UnitGroup.objects.create(
            jurisdiction=world.jurisdiction, name="第一文明单位组", lead_unit=world.unit
        )
        group.units.add(world.unit, world.sibling_unit)
        project = ServiceProject.objects.create(
            jurisdiction=world.jurisdiction, title=PROJECT_TITLE
        )
    return {"group": group, "project": project}
