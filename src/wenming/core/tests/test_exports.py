"""Every export is audited: what, with which filters (masked), how many rows."""

from __future__ import annotations

import io

from django_scopes import scopes_disabled
from openpyxl import load_workbook

from wenming.core.exports import export_action, mask_personal_text
from wenming.core.models import AuditEvent, Jurisdiction
from wenming.testing import client_for


def _export_events(action: str) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_export_actions_are_named_after_the_model():
    from wenming.organizations.models import Organization

    assert export_action(AuditEvent) == "core.audit_event.exported"
    assert export_action(Organization) == "organizations.organization.exported"
    assert export_action(Jurisdiction) == "core.jurisdiction.exported"


def test_personal_numbers_in_filter_text_are_masked():
    assert mask_personal_text("410482199001011232") == "410482********1232"
    assert mask_personal_text("41048219900101123X 王") == "410482********123X 王"
    assert mask_personal_text("电话 13812345678") == "电话 138****5678"
    assert mask_personal_text("2026") == "2026"
    assert mask_personal_text("张三") == "张三"


def test_the_audit_list_export_is_itself_audited(world):
    # Given an auditor and two events in their jurisdiction
    auditor = world.member(world.office, ["core.view_auditevent"], scope="jurisdiction")
    client = client_for(auditor)
    from wenming.core.audit import log_event

    log_event("tests.thing.changed", target=world.unit)
    log_event("tests.thing.changed", target=world.unit)
    # When they export the filtered list
    response = client.get("/system/audit/?action=tests.thing.changed&export=xlsx")
    # Then the export says what and how many rows, as many as the file holds
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    [event] = _export_events("core.audit_event.exported")
    assert event.new_data["rows"] == sheet.max_row - 1 == 2
    assert event.new_data["filters"] == {"action": "tests.thing.changed"}
    assert event.actor_id == auditor.pk and event.jurisdiction_id == world.jurisdiction.pk
