"""Each role logs in on its device and lands on its home, its next action in view.

The office, a unit's liaison and a township on a 1440 px desktop; an inspector and a volunteer
(logged in by phone number) on a 390 px phone. Every home is also photographed on the other
device, for looking at: `var/screenshots/dashboards-home-<role>-<desktop|phone>.png`.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scope

from wenming.core.permissions import SYSTEM
from wenming.core.tests.e2e.fixtures import expect, login, screenshot
from wenming.testing.city import ALL_APPS

pytestmark = pytest.mark.e2e

#: (login, device, the home's own block, its next action)
ROLES = (
    ("office", "desktop", "#jurisdiction-counts", "#next-actions >> text=受理派遣"),
    ("unit", "desktop", "#my-orders", "#next-actions >> text=处理工单"),
    ("township", "desktop", "#jurisdiction-counts", "#next-actions >> text=处理工单"),
    ("inspector", "phone", "#todays-rounds", "#todays-rounds .btn-primary"),
    ("volunteer", "phone", "#next-activities", "#next-activities >> text=立即签到"),
)


def _prepare(city):
    """A round running today for the inspector; the volunteer signed up for an activity under
    way (check-in open); returns the volunteer's phone number to log in with."""
    from wenming.inspections.models import InspectionRound
    from wenming.volunteers import actions
    from wenming.volunteers.models import Activity, Volunteer

    today = timezone.localdate()
    now = timezone.now()
    users = get_user_model().objects
    with scope(jurisdiction=city.jurisdiction):
        inspection_round = InspectionRound.objects.order_by("pk").first()
        InspectionRound.objects.filter(pk=inspection_round.pk).update(
            status="planned",
            start_date=today - datetime.timedelta(days=1),
            end_date=today + datetime.timedelta(days=2),
        )
        inspection_round.inspectors.add(users.get(username="inspector"))
        volunteer = Volunteer.objects.get(user__username="volunteer")
        activity = (
            Activity.objects.filter(status="published", starts_at__gt=now).order_by("pk").first()
        )
        actions.sign_up(activity=activity, volunteer=volunteer, actor=SYSTEM)
        Activity.objects.filter(pk=activity.pk).update(
            starts_at=now - datetime.timedelta(minutes=20),
            ends_at=now + datetime.timedelta(hours=2),
        )
        return volunteer.phone


def test_each_role_lands_on_its_home_with_its_next_action(page, phone_page, live_server, seed_city):
    city = seed_city(ALL_APPS)
    phone_number = _prepare(city)
    devices = {"desktop": page, "phone": phone_page}
    for username, device, block, action in ROLES:
        for name, browser_page in devices.items():
            browser_page.context.clear_cookies()
            login(browser_page, live_server, phone_number if username == "volunteer" else username)
            if username == "volunteer":
                expect(browser_page).to_have_url(f"{live_server.url}/volunteers/me/")
            else:
                expect(browser_page).to_have_url(f"{live_server.url}/")
            expect(browser_page.locator(block)).to_be_visible()
            if name == device:
                target = browser_page.locator(action).first
                expect(target).to_be_visible()
                expect(target).to_be_in_viewport()
            screenshot(browser_page, f"dashboards-home-{username}-{name}")


def test_a_volunteer_is_told_why_a_short_service_earned_no_points(
    phone_page, live_server, seed_city
):
    from wenming.volunteers.actions import append_hours
    from wenming.volunteers.models import Team, Volunteer

    city = seed_city(ALL_APPS)
    with scope(jurisdiction=city.jurisdiction):
        volunteer = Volunteer.objects.get(user__username="volunteer")
        append_hours(
            volunteer=volunteer,
            team=Team.objects.order_by("pk").first(),
            hours="0.02",
            served_on=timezone.localdate(),
            reason="service",
            actor=SYSTEM,
        )
    login(phone_page, live_server, "volunteer")
    why = phone_page.locator("[data-why=too-short]").first
    expect(why).to_contain_text("0.02 小时")
    expect(why).to_contain_text("0 分")
    screenshot(phone_page, "volunteers-me-no-points-phone")
