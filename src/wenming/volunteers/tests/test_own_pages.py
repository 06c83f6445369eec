"""The volunteer's own side: why a short service earned no points, Party posts, project claims."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_scopes import scope

from wenming.core.permissions import SYSTEM
from wenming.organizations.models import UnitGroup
from wenming.testing import client_for
from wenming.volunteers import actions
from wenming.volunteers.models import PartyPost, PostClaim, ServiceProject, Team
from wenming.volunteers.tests.conftest import make_volunteer_for


@pytest.fixture
def me(world):
    user = world.member(world.village)
    volunteer = make_volunteer_for(world, user)
    with scope(jurisdiction=world.jurisdiction):
        team = Team.objects.create(
            jurisdiction=world.jurisdiction, organization=world.unit, name="城管志愿服务队"
        )
    return user, volunteer, team


def test_a_short_service_earns_nothing_and_the_page_says_why(world, me):
    user, volunteer, team = me
    with scope(jurisdiction=world.jurisdiction):
        for hours in ("0.02", "2.00"):
            actions.append_hours(
                volunteer=volunteer,
                team=team,
                hours=Decimal(hours),
                served_on=timezone.localdate(),
                reason="service",
                actor=SYSTEM,
            )
        volunteer.balance.refresh_from_db()
        assert volunteer.balance.points_balance == 20
    page = client_for(user).get("/volunteers/me/").content.decode()
    assert page.count('data-why="too-short"') == 1
    assert "0.02 小时 × 每小时 10 分，四舍五入后为 0 分" in page
    assert "再服务 97.98 小时可达 ★" in page


def test_a_party_member_reports_claims_a_post_and_sees_it(world, me):
    user, volunteer, _team = me
    with scope(jurisdiction=world.jurisdiction):
        post = PartyPost.objects.create(
            jurisdiction=world.jurisdiction, community=world.village, title="楼道劝导岗", places=1
        )
    client = client_for(user)
    response = client.post(
        "/volunteers/me/party/",
        {"action": "register", "community": world.village.pk, "employer": world.unit.pk},
    )
    assert response.status_code == 302
    client.post("/volunteers/me/party/", {"action": "claim", "post": post.pk})
    with scope(jurisdiction=world.jurisdiction):
        assert PostClaim.objects.filter(post=post, registration__volunteer=volunteer).exists()
    page = client.get("/volunteers/me/party/").content.decode()
    assert 'id="my-posts"' in page and "楼道劝导岗" in page
    assert 'href="/volunteers/me/party/"' in page  # 我的党员服务 in the menu


def test_a_project_is_claimed_by_its_groups_lead_unit_only(world):
    keeper = world.member(world.unit, ["volunteers.view_station", "volunteers.change_team"])
    member_keeper = world.member(
        world.sibling_unit, ["volunteers.view_station", "volunteers.change_team"]
    )
    with scope(jurisdiction=world.jurisdiction):
        group = UnitGroup.objects.create(
            jurisdiction=world.jurisdiction, name="第一组", lead_unit=world.unit
        )
        group.units.add(world.unit, world.sibling_unit)
        project = ServiceProject.objects.create(jurisdiction=world.jurisdiction, title="助老")
        with pytest.raises(PermissionDenied):
            actions.claim_service_project(project=project, group=group, actor=member_keeper)
    assert "wm-claim" not in client_for(member_keeper).get("/volunteers/projects/").content.decode()
    assert "wm-claim" in client_for(keeper).get("/volunteers/projects/").content.decode()
    client_for(keeper).post("/volunteers/projects/", {"project": project.pk, "group": group.pk})
    with scope(jurisdiction=world.jurisdiction):
        project.refresh_from_db()
        assert project.group == group and project.claimed_at is not None


def test_becoming_a_party_member_shows_the_members_menu_entry_on_the_next_page(world, me):
    user, _volunteer, _team = me
    client = client_for(user)
    assert 'href="/volunteers/me/party/"' not in client.get("/volunteers/me/").content.decode()
    response = client.post(
        "/volunteers/me/party/",
        {"action": "register", "community": world.village.pk, "employer": world.unit.pk},
    )
    assert response.status_code == 302
    assert 'href="/volunteers/me/party/"' in client.get("/volunteers/me/").content.decode()
