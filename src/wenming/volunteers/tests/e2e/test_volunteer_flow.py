"""Browser: a volunteer on a 390 px phone registers, signs up, checks in and out by code and
sees the hours the organiser confirmed; staff import an Excel file and see the row report."""

from __future__ import annotations

import datetime
import io
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from django_scopes import scope
from openpyxl import Workbook

from wenming.core.tests.e2e.fixtures import E2E_PASSWORD, expect, login, screenshot
from wenming.volunteers import actions
from wenming.volunteers.models import Activity, Attendance, Team, Volunteer

STAFF = [
    "volunteers.view_volunteer",
    "volunteers.view_personal_data",
    "volunteers.approve_volunteer",
    "volunteers.import_volunteer",
    "volunteers.view_team",
    "volunteers.view_activity",
    "volunteers.change_activity",
    "volunteers.check_in_volunteer",
    "volunteers.confirm_hours",
]
LAT, LNG = 34.167, 112.845


@pytest.mark.e2e
def test_volunteer_registers_signs_up_checks_in_and_out_and_sees_confirmed_hours(
    phone_page, page, live_server, e2e_world, settings
):
    world = e2e_world.world
    settings.WENMING_DEFAULT_JURISDICTION = world.jurisdiction.code
    organiser = world.member(world.unit, STAFF, username="organiser")
    office = world.member(
        world.office, ["volunteers.approve_volunteer"], scope="jurisdiction", username="approver"
    )
    with scope(jurisdiction=world.jurisdiction):
        team = Team.objects.create(
            jurisdiction=world.jurisdiction, organization=world.unit, name="城管志愿服务队"
        )
        start = timezone.now() + datetime.timedelta(minutes=20)
        activity = actions.publish_activity(
            team=team,
            data={
                "title": "向阳路文明交通劝导",
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=2),
                "quota": 10,
                "place": "向阳路与丹阳路口",
                "latitude": LAT,
                "longitude": LNG,
                "radius_m": 300,
            },
            actor=organiser,
        )

    # Register on the phone.
    phone_page.goto(f"{live_server.url}/volunteer/register/")
    phone_page.fill("#id_name", "王小明")
    phone_page.fill("#id_id_number", "410482199001011232")
    phone_page.fill("#id_phone", "13800138000")
    phone_page.fill("#id_password", "volunteer-pass-42")
    screenshot(phone_page, "volunteers-register")
    phone_page.click("#register-submit")
    # The answer does not log in (it must read the same when the ID number is known already):
    # the person logs in with the phone number and the password just chosen.
    expect(phone_page.locator("#registered")).to_be_visible()
    screenshot(phone_page, "volunteers-registered")
    login(phone_page, live_server, "13800138000", "volunteer-pass-42")
    phone_page.goto(f"{live_server.url}/volunteers/me/")
    expect(phone_page.locator("#volunteer-status")).to_be_visible()
    with scope(jurisdiction=world.jurisdiction):
        volunteer = Volunteer.objects.get(user__isnull=False)
        # A resident who registered themself belongs to no team yet: the office approves.
        actions.approve_volunteer(volunteer=volunteer, actor=office)

    # Sign up.
    phone_page.goto(f"{live_server.url}/volunteers/me/activities/{activity.public_id}/")
    phone_page.click("#sign-up")
    expect(phone_page.locator("#signup-status")).to_contain_text("已报名")
    screenshot(phone_page, "volunteers-signed-up")

    # Check in by scanning the rotating code (the camera opens the URL in the QR).
    phone_page.context.grant_permissions(["geolocation"])
    phone_page.context.set_geolocation({"latitude": LAT, "longitude": LNG})
    query = urlencode(
        {"a": activity.public_id, "k": "check_in", "c": actions.make_code(activity, "check_in")}
    )
    phone_page.goto(f"{live_server.url}/volunteers/scan/?{query}")
    expect(phone_page.locator("#location-status")).to_contain_text("已获取位置")
    phone_page.click("#scan-submit")
    expect(phone_page.locator("#scan-outcome")).to_have_attribute("data-result", "ok")
    screenshot(phone_page, "volunteers-checked-in")

    # Ninety minutes pass (the clock is moved, not waited for); check out by the code.
    with scope(jurisdiction=world.jurisdiction):
        begun = timezone.now() - datetime.timedelta(minutes=90)
        Activity.objects.filter(pk=activity.pk).update(starts_at=begun)
        Attendance.objects.filter(activity=activity).update(checked_in_at=begun)
        activity = Activity.objects.get(pk=activity.pk)
    query = urlencode(
        {"a": activity.public_id, "k": "check_out", "c": actions.make_code(activity, "check_out")}
    )
    phone_page.goto(f"{live_server.url}/volunteers/scan/?{query}")
    expect(phone_page.locator("#location-status")).to_contain_text("已获取位置")
    phone_page.click("#scan-submit")
    expect(phone_page.locator("#scan-outcome")).to_have_attribute("data-result", "ok")

    # The organiser confirms the hours.
    login(page, live_server, "organiser", E2E_PASSWORD)
    page.goto(f"{live_server.url}/volunteers/activities/{activity.pk}/")
    page.click(".confirm-hours")
    expect(page.locator("#attendance")).to_contain_text("已确认")
    screenshot(page, "volunteers-activity-confirmed")

    # The volunteer sees the hours.
    phone_page.goto(f"{live_server.url}/volunteers/me/")
    expect(phone_page.locator("#my-hours")).to_have_text("1.50")
    screenshot(phone_page, "volunteers-my-page")


@pytest.mark.e2e
def test_staff_import_an_excel_file_with_errors_and_see_the_row_report(
    page, live_server, e2e_world, tmp_path
):
    world = e2e_world.world
    world.member(world.office, STAFF, username="registry", scope="jurisdiction")
    book = Workbook()
    book.active.append(["姓名", "身份证号", "手机号", "乡镇街道", "村（社区）", "技能"])
    book.active.append(["甲", "410482199001011232", "13800138000", "煤山街道", "东风社区", "医疗"])
    book.active.append(["乙", 4.10482199001011e17, "13800138001", "", "", ""])
    book.active.append(["丙", "410482199001011231", "1380013800", "火星街道", "", ""])
    path = tmp_path / "志愿者.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())

    login(page, live_server, "registry", E2E_PASSWORD)
    page.goto(f"{live_server.url}/volunteers/import/")
    page.set_input_files("#id_file", str(path))
    page.click("#check-file")
    expect(page.locator("#problems")).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("Excel")
    screenshot(page, "volunteers-import-report")
    page.click("#commit-import")
    expect(page.locator("#import-done")).to_be_visible()
    with scope(jurisdiction=world.jurisdiction):
        assert Volunteer.objects.count() == 1
