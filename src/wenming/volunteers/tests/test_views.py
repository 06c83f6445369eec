"""Pages: permission matrices, masking, the public pages, registration, scanning, import."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from openpyxl import Workbook

from wenming.core.permissions import SYSTEM
from wenming.testing import assert_matrix, client_for, matrix_users
from wenming.volunteers import actions
from wenming.volunteers.choices import HoursReason
from wenming.volunteers.models import Activity, Volunteer
from wenming.volunteers.tests.conftest import (
    PLACE,
    make_activity,
    make_volunteers,
    running_activity,
)

STAFF = [
    "volunteers.view_volunteer",
    "volunteers.view_personal_data",
    "volunteers.approve_volunteer",
    "volunteers.import_volunteer",
    "volunteers.view_team",
    "volunteers.change_team",
    "volunteers.view_station",
    "volunteers.view_activity",
    "volunteers.change_activity",
    "volunteers.check_in_volunteer",
    "volunteers.confirm_hours",
    "volunteers.view_partymemberregistration",
    "volunteers.view_rewardshop",
]


@pytest.mark.parametrize(
    "name",
    [
        "volunteer-list",
        "team-list",
        "station-list",
        "activity-list",
        "party-list",
        "shop",
        "volunteer-day",
        "import",
        "activity-add",
        "team-add",
    ],
)
def test_staff_pages_render_for_staff_and_refuse_others(world, name):
    users = matrix_users(world, world.office, STAFF, scope="jurisdiction")
    url = reverse(f"volunteers:{name}")
    assert_matrix(
        users,
        lambda client: client.get(url),
        {"anonymous": 302, "member_without": 403, "member_with": 200},
    )


def test_volunteer_detail_shows_personal_data_only_to_the_team(world, team, sibling_team):
    # The page shows masks to everyone; the team's staff reveal the full numbers by a click
    # ("显示完整信息"), which is audited (see the tests below).
    [volunteer] = make_volunteers(world, 1, team=team)
    with scope(jurisdiction=world.jurisdiction):
        plain = Volunteer.objects.get(pk=volunteer.pk).id_number
    url = reverse("volunteers:volunteer-detail", args=[volunteer.pk])
    reveal = reverse("volunteers:volunteer-personal-data", args=[volunteer.pk])
    ours = world.member(world.unit, STAFF)
    theirs = world.member(world.sibling_unit, STAFF)
    viewer = world.member(world.office, ["volunteers.view_volunteer"], scope="jurisdiction")
    page = client_for(ours).get(url).content.decode()
    assert plain not in page and volunteer.id_number_mask in page and reveal in page
    assert plain in client_for(ours).post(reveal).content.decode()
    assert client_for(theirs).get(url).status_code == 404
    masked = client_for(viewer).get(url).content.decode()
    assert plain not in masked and volunteer.id_number_mask in masked and reveal not in masked


def test_approval_by_post_with_the_permission_only(world, team):
    [volunteer] = make_volunteers(world, 1, team=team, status="pending")
    users = matrix_users(world, world.unit, STAFF)

    def status():
        with scope(jurisdiction=world.jurisdiction):
            return Volunteer.objects.get(pk=volunteer.pk).status

    assert_matrix(
        users,
        lambda client: client.post(
            reverse("volunteers:volunteer-action", args=[volunteer.pk, "approve"])
        ),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 302,
        },
        unchanged=status,
    )
    assert status() == "approved"


def test_the_public_verification_page_shows_only_masked_identity(
    world, team, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    [volunteer] = make_volunteers(world, 1, team=team)
    with scope(jurisdiction=world.jurisdiction):
        volunteer = Volunteer.objects.get(pk=volunteer.pk)
        actions.append_hours(
            volunteer=volunteer,
            team=team,
            hours=Decimal("8"),
            served_on=timezone.localdate(),
            reason=HoursReason.SERVICE,
            actor=SYSTEM,
        )
        with django_capture_on_commit_callbacks(execute=True):
            certificate = actions.issue_certificate(volunteer=volunteer, team=team, actor=SYSTEM)
    url = reverse("volunteers_public:verify")
    page = client_for(None).get(url, {"code": certificate.verification_code}).content.decode()
    assert "8.00" in page and volunteer.name_masked in page
    assert volunteer.id_number_public_mask in page and volunteer.id_number_mask not in page
    for secret in (volunteer.name, volunteer.id_number, volunteer.phone, volunteer.phone_mask):
        assert secret not in page
    with scope(jurisdiction=world.jurisdiction):
        actions.revoke_certificate(certificate=certificate, reason="时长有误", actor=SYSTEM)
    revoked = client_for(None).get(url, {"code": certificate.verification_code}).content.decode()
    assert 'id="revoked"' in revoked
    unknown = client_for(None).get(url, {"code": "NOPE"}).content.decode()
    assert 'id="not-found"' in unknown


def test_registering_on_the_phone_page_creates_an_account_that_logs_in_by_phone(world, settings):
    settings.WENMING_DEFAULT_JURISDICTION = world.jurisdiction.code
    client = client_for(None)
    response = client.post(
        reverse("volunteers_public:register"),
        {
            "name": "张三",
            "id_number": "410482199001011232",
            "phone": "13700137000",
            "password": "volunteer-pass-42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("volunteers_public:registered")
    page = client.get(response["Location"]).content.decode()
    assert "如果您已注册，请登录；如身份证号被他人占用，请联系所在志愿服务队或文明办申诉" in page
    assert 'id="registered-login"' in page
    fresh = client_for(None)
    assert fresh.login(username="13700137000", password="volunteer-pass-42")
    assert fresh.get(reverse("volunteers:me")).status_code == 200


def _register(id_number="410482199001011232", phone="13700137000", address="198.51.100.1"):
    return client_for(None).post(
        reverse("volunteers_public:register"),
        {"name": "张三", "id_number": id_number, "phone": phone, "password": "volunteer-pass-42"},
        REMOTE_ADDR=address,
    )


def _registry_state(world):
    from django.contrib.auth import get_user_model

    from wenming.organizations.models import Person

    with scope(jurisdiction=world.jurisdiction):
        return (
            Volunteer.objects.count(),
            Person.objects.count(),
            get_user_model().objects.count(),
        )


def _same_answer(first, second):
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert first.content == second.content
    assert set(first.cookies) == set(second.cookies)


def test_a_known_id_number_gets_the_same_answer_as_a_new_one_and_creates_nothing(world, settings):
    # Given a registered volunteer
    settings.WENMING_DEFAULT_JURISDICTION = world.jurisdiction.code
    new = _register()
    before = _registry_state(world)
    # When someone registers the same ID number with another phone
    again = _register(phone="13700137001", address="198.51.100.2")
    # Then the answer is the same as for a new person, and nothing was created
    _same_answer(new, again)
    assert _registry_state(world) == before


def test_a_known_phone_gets_the_same_answer_and_leaves_no_orphan(world, settings):
    # Given a phone that already has an account
    settings.WENMING_DEFAULT_JURISDICTION = world.jurisdiction.code
    new = _register()
    before = _registry_state(world)
    # When another person registers their own ID number with that phone
    clash = _register(id_number="410482199001011259", phone="13700137000", address="198.51.100.2")
    # Then the answer is the same, and no pending volunteer is left behind
    _same_answer(new, clash)
    assert _registry_state(world) == before
    # so that the person can still register their own ID number with their own phone
    own = _register(id_number="410482199001011259", phone="13700137002", address="198.51.100.3")
    assert own.status_code == 302
    with scope(jurisdiction=world.jurisdiction):
        assert Volunteer.objects.filter(user__isnull=False).count() == 2
        assert not Volunteer.objects.filter(user__isnull=True).exists()


def test_registration_is_throttled_per_address(world, settings):
    # Given an address that has posted the registration form as often as the rate allows
    from wenming.volunteers.views.phone import REGISTER_RATE

    settings.WENMING_DEFAULT_JURISDICTION = world.jurisdiction.code
    for _ in range(REGISTER_RATE.limit):
        _register(id_number="410482199001011232", address="198.51.100.9")
    before = _registry_state(world)
    # When it posts once more (a new person this time)
    refused = _register(id_number="410482199001011259", phone="13700137009", address="198.51.100.9")
    # Then it gets 429 with a Chinese message and nothing is created; another address is served
    assert refused.status_code == 429
    assert "分钟后再试" in refused.content.decode()
    assert _registry_state(world) == before
    assert (
        _register(
            id_number="410482199001011259", phone="13700137009", address="198.51.100.10"
        ).status_code
        == 302
    )


def test_the_certificate_check_shows_only_the_public_mask_of_the_id_number(
    world, team, tmp_path, settings, django_capture_on_commit_callbacks
):
    # Given an issued certificate of a volunteer with a known birth date
    settings.MEDIA_ROOT = tmp_path
    [volunteer] = make_volunteers(world, 1, team=team)
    with scope(jurisdiction=world.jurisdiction):
        volunteer = Volunteer.objects.get(pk=volunteer.pk)
        actions.append_hours(
            volunteer=volunteer,
            team=team,
            hours=Decimal("2"),
            served_on=timezone.localdate(),
            reason=HoursReason.SERVICE,
            actor=SYSTEM,
        )
        with django_capture_on_commit_callbacks(execute=True):
            certificate = actions.issue_certificate(volunteer=volunteer, team=team, actor=SYSTEM)
    # When anyone checks it
    url = reverse("volunteers_public:verify")
    page = client_for(None).get(url, {"code": certificate.verification_code}).content.decode()
    # Then the ID number shows only its first two and its check character (18 in all)
    id_number = volunteer.id_number
    public = id_number[:2] + "*" * 15 + id_number[-1]
    assert public in page
    assert volunteer.id_number_mask not in page and id_number[-4:] not in page
    assert volunteer.name_masked in page and volunteer.name not in page


def test_the_certificate_check_is_throttled_per_address(world):
    # Given an address that has checked codes as often as the rate allows
    from wenming.volunteers.views.phone import VERIFY_RATE

    url = reverse("volunteers_public:verify")
    client = client_for(None)
    for index in range(VERIFY_RATE.limit):
        assert (
            client.get(url, {"code": f"GUESS{index}"}, REMOTE_ADDR="198.51.100.20").status_code
            == 200
        )
    # When it checks one more
    refused = client.get(url, {"code": "GUESSX"}, REMOTE_ADDR="198.51.100.20")
    # Then it gets 429 with a Chinese message, and another address is served
    assert refused.status_code == 429 and 'id="throttled"' in refused.content.decode()
    assert "分钟后再试" in refused.content.decode()
    assert client.get(url, {"code": "GUESSX"}, REMOTE_ADDR="198.51.100.21").status_code == 200


def test_scanning_the_code_on_the_phone_checks_in(world, team):
    [volunteer] = make_volunteers(world, 1, team=team)
    account = world.member(world.village, [])
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    activity = running_activity(team, [volunteer])
    client = client_for(account)
    code = actions.make_code(activity, "check_in")
    page = client.get(
        reverse("volunteers:scan"), {"a": activity.public_id, "k": "check_in", "c": code}
    )
    assert page.status_code == 200
    body = {
        "a": activity.public_id,
        "k": "check_in",
        "c": code,
        "lat": PLACE[0],
        "lng": PLACE[1],
        "idempotency_key": "k1",
    }
    first = client.post(reverse("volunteers:scan"), body, HTTP_HX_REQUEST="true")
    retry = client.post(reverse("volunteers:scan"), body, HTTP_HX_REQUEST="true")
    assert 'data-result="ok"' in first.content.decode()
    assert 'data-result="ok"' in retry.content.decode()
    with scope(jurisdiction=world.jurisdiction):
        assert Activity.objects.get(pk=activity.pk).checked_in_count == 1


def test_the_rotating_code_screen_needs_the_check_in_permission(world, team):
    activity = running_activity(team)
    users = matrix_users(world, world.unit, ["volunteers.check_in_volunteer"])
    url = reverse("volunteers:activity-code", args=[activity.pk, "check_in"])
    assert_matrix(
        users,
        lambda client: client.get(url),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 200,
        },
    )
    page = client_for(users["member_with"]).get(url).content.decode()
    assert "<svg" in page


def test_import_page_reports_bad_rows_and_imports_nothing(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    staff = world.member(world.office, STAFF, scope="jurisdiction")
    client = client_for(staff)
    book = Workbook()
    book.active.append(["姓名", "身份证号", "手机号"])
    book.active.append(["甲", "410482199001011232", "13800138000"])
    book.active.append(["乙", 4.10482199001011e17, "13800138001"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "volunteers.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:import"), {"file": upload})
    checked = client.get(response["Location"])
    assert 'id="problems"' in checked.content.decode()
    assert [
        (problem["row"], problem["column"], problem["code"])
        for problem in checked.context["result"]["problems"]
    ] == [(3, "身份证号", "invalid_id_number")]
    with scope(jurisdiction=world.jurisdiction):
        assert Volunteer.objects.count() == 0
    not_excel = io.BytesIO(b"hello")
    not_excel.name = "x.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        failed = client.post(reverse("volunteers:import"), {"file": not_excel})
    job = client.get(failed["Location"]).context["job"]
    assert (job.status, job.message) == ("failed", "文件不是 Excel 工作簿（.xlsx）。")


def test_my_page_reads_a_bounded_history_in_a_fixed_number_of_queries(
    world, team, django_assert_max_num_queries
):
    [volunteer] = make_volunteers(world, 1, team=team)
    account = world.member(world.village, [])
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    client = client_for(account)
    url = reverse("volunteers:me")

    def sign_up_for(count, start):
        for index in range(count):
            activity = make_activity(team, starts_in=timezone.timedelta(days=start + index))
            with scope(jurisdiction=world.jurisdiction):
                actions.sign_up(activity=activity, volunteer=volunteer, actor=SYSTEM)

    sign_up_for(1, 1)
    client.get(url)  # warm caches
    with django_assert_max_num_queries(9):
        small = client.get(url)
    sign_up_for(25, 10)
    with django_assert_max_num_queries(9):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    link = re.compile(r"/volunteers/me/activities/[0-9a-f-]{36}/")

    def history(response):  # the history card (the next activities above it show five)
        return response.content.decode().split('id="my-history"')[1]

    assert len(link.findall(history(small))) == 1
    assert len(link.findall(history(large))) == 20  # the latest 20 only


def test_a_volunteer_export_by_exact_id_number_is_audited_without_the_number(world, team):
    from django_scopes import scopes_disabled
    from openpyxl import load_workbook

    from wenming.core.models import AuditEvent

    # Given staff who search the list by a full ID number and export the result
    volunteers = make_volunteers(world, 3, team=team)
    with scope(jurisdiction=world.jurisdiction):
        plain = Volunteer.objects.get(pk=volunteers[1].pk).id_number
    staff = world.member(world.unit, STAFF)
    response = client_for(staff).get(
        reverse("volunteers:volunteer-list"), {"q": plain, "export": "xlsx"}
    )
    # Then the export is audited with the one row it holds and the search masked
    sheet = load_workbook(io.BytesIO(response.content)).active
    with scopes_disabled():
        [event] = AuditEvent.objects.filter(action="volunteers.volunteer.exported")
    assert event.new_data["rows"] == sheet.max_row - 1 == 1
    assert event.new_data["filters"] == {"q": volunteers[1].id_number_mask}
    assert plain not in str(event.new_data) + event.target_label


def _personal_data_events():
    from wenming.core.models import AuditEvent

    return list(
        AuditEvent.objects.with_scopes_disabled().filter(
            action="volunteers.volunteer.personal_data_viewed"
        )
    )


def test_opening_a_volunteer_writes_no_event_and_shows_no_full_number(world, team):
    [volunteer] = make_volunteers(world, 1, team=team)
    with scope(jurisdiction=world.jurisdiction):
        stored = Volunteer.objects.get(pk=volunteer.pk)
    page = client_for(world.member(world.unit, STAFF)).get(
        reverse("volunteers:volunteer-detail", args=[volunteer.pk])
    )
    content = page.content.decode()
    assert stored.id_number not in content and stored.phone not in content
    assert "显示完整信息" in content
    assert _personal_data_events() == []


def test_revealing_personal_data_is_audited_once_without_the_values(world, team):
    # Given the team's staff on a volunteer's page
    [volunteer] = make_volunteers(world, 1, team=team)
    with scope(jurisdiction=world.jurisdiction):
        stored = Volunteer.objects.get(pk=volunteer.pk)
    staff = world.member(world.unit, STAFF)
    # When they click "显示完整信息" (htmx swaps the values in)
    response = client_for(staff).post(
        reverse("volunteers:volunteer-personal-data", args=[volunteer.pk]),
        HTTP_HX_REQUEST="true",
    )
    # Then they see both numbers, and exactly one event says who saw which fields of whom
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert stored.id_number in content and stored.phone in content
    [event] = _personal_data_events()
    assert event.actor_id == staff.pk
    assert event.target_type == "volunteers.volunteer" and event.target_id == str(volunteer.pk)
    assert event.new_data["fields"] == ["id_number", "phone"]
    assert event.request_id and event.ip_address == "127.0.0.1"
    recorded = " ".join(
        str(value)
        for value in (
            event.old_data,
            event.new_data,
            event.target_label,
            event.actor_label,
            event.request_id,
        )
    )
    assert stored.id_number not in recorded and stored.phone not in recorded
    assert stored.id_number[-8:] not in recorded and stored.phone[-8:] not in recorded


def test_revealing_personal_data_is_refused_without_the_permission(world, team, sibling_team):
    [volunteer] = make_volunteers(world, 1, team=team)
    with scope(jurisdiction=world.jurisdiction):
        stored = Volunteer.objects.get(pk=volunteer.pk)
    url = reverse("volunteers:volunteer-personal-data", args=[volunteer.pk])
    users = matrix_users(world, world.unit, STAFF)
    viewer = world.member(world.unit, ["volunteers.view_volunteer"])
    assert_matrix(
        users,
        lambda client: client.post(url),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
        },
        unchanged=lambda: len(_personal_data_events()),
    )
    response = client_for(viewer).post(url)
    assert response.status_code == 403 and stored.id_number not in response.content.decode()
    assert client_for(world.member(world.unit, STAFF)).get(url).status_code == 405
    assert _personal_data_events() == []
