"""The office imports a framework and assigns a criterion; a unit submits evidence; the
evidence group returns it, the unit corrects it, the group accepts it."""

import pytest
from django_scopes import scopes_disabled

from wenming.core.permissions import RoleScope
from wenming.core.tests.e2e.fixtures import expect, login, screenshot
from wenming.standards.models import Evidence
from wenming.standards.tests.factories import PDF_BYTES, workbook_file

OFFICE = [
    "standards.view_framework",
    "standards.manage_framework",
    "standards.view_evidence",
    "standards.view_agreement",
]
UNIT = ["standards.view_framework", "standards.view_evidence", "standards.submit_evidence"]
REVIEWER = ["standards.view_framework", "standards.view_evidence", "standards.review_evidence"]


@pytest.mark.e2e
def test_import_assign_submit_return_accept(page, live_server, e2e_world, tmp_path):
    world = e2e_world.world
    e2e_world.member(world.office, OFFICE, username="std_office", scope=RoleScope.JURISDICTION)
    e2e_world.member(world.unit, UNIT, username="std_unit", scope=RoleScope.OWN)
    e2e_world.member(world.office, REVIEWER, username="std_reviewer", scope=RoleScope.JURISDICTION)
    workbook = tmp_path / "体系.xlsx"
    workbook.write_bytes(workbook_file())
    evidence_file = tmp_path / "工作方案.pdf"
    evidence_file.write_bytes(PDF_BYTES)

    # The office imports the framework: check → preview → confirm.
    login(page, live_server, "std_office")
    page.goto(f"{live_server.url}/standards/")
    screenshot(page, "standards-framework-list-empty")
    page.locator("#framework-import").click()
    page.locator("input[name=file]").set_input_files(str(workbook))
    page.locator("input[name=name]").fill("测试测评体系")
    page.locator("input[name=edition]").fill("2025版")
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator("#import-confirm")).to_be_visible()
    screenshot(page, "standards-import-preview")
    page.locator("#import-confirm").click()
    expect(page.locator("#import-done")).to_be_visible()
    page.locator("#import-done a").click()
    expect(page.locator(".wm-tree")).to_be_visible()
    expect(page.locator(f"#criterion-{_criterion_pk()}")).to_be_attached()
    screenshot(page, "standards-framework-detail")

    # … and assigns criterion 1.1.1.1 to the unit.
    page.locator("#owners-link").click()
    screenshot(page, "standards-owners-gaps")
    page.goto(f"{live_server.url}/standards/criteria/{_criterion_pk()}/assign/")
    page.locator("select[name=lead]").select_option(str(world.unit.pk))
    page.locator("#assignment-form button[type=submit]").click()
    expect(page.locator(f"#criterion-{_criterion_pk()}")).to_contain_text(world.unit.name)

    # The unit submits evidence.
    page.context.clear_cookies()
    login(page, live_server, "std_unit")
    page.goto(f"{live_server.url}/standards/evidence/submit/")
    page.locator("select[name=indicator]").select_option(str(_criterion_pk()))
    page.locator("select[name=organization]").select_option(str(world.unit.pk))
    page.locator("select[name=kind]").select_option("document")
    page.locator("input[name=title]").fill("公益广告设置方案")
    page.locator("input[name=file]").set_input_files(str(evidence_file))
    screenshot(page, "standards-evidence-submit")
    page.locator("#evidence-form button[type=submit]").click()
    expect(page.locator("#evidence-status")).to_have_attribute("data-status", "submitted")

    # The evidence group returns it with a reason.
    page.context.clear_cookies()
    login(page, live_server, "std_reviewer")
    page.goto(f"{live_server.url}/standards/evidence/?status=submitted")
    screenshot(page, "standards-review-queue")
    page.get_by_role("link", name="公益广告设置方案").click()
    page.locator("select[name=decision]").select_option("returned")
    page.locator("textarea[name=reason]").fill("缺少单位盖章")
    screenshot(page, "standards-review-return")
    page.locator("#review-form button[type=submit]").click()
    expect(page.locator(".alert, .toast").first).to_be_visible()

    # The unit sends a corrected file.
    page.context.clear_cookies()
    login(page, live_server, "std_unit")
    page.goto(f"{live_server.url}/standards/evidence/{_evidence_pk()}/")
    expect(page.locator("#review-reason")).to_have_text("缺少单位盖章")
    page.locator("#resubmit-form input[name=file]").set_input_files(str(evidence_file))
    page.locator("#resubmit-form button[type=submit]").click()
    expect(page.locator("#evidence-status")).to_have_attribute("data-status", "submitted")

    # The evidence group accepts it.
    page.context.clear_cookies()
    login(page, live_server, "std_reviewer")
    page.goto(f"{live_server.url}/standards/evidence/{_evidence_pk()}/")
    page.locator("select[name=decision]").select_option("accepted")
    page.locator("#review-form button[type=submit]").click()
    page.goto(f"{live_server.url}/standards/evidence/{_evidence_pk()}/")
    expect(page.locator("#evidence-status")).to_have_attribute("data-status", "accepted")
    screenshot(page, "standards-evidence-accepted")
    with scopes_disabled():
        assert Evidence.objects.get().status == "accepted"


def _criterion_pk():
    from wenming.standards.models import Indicator

    with scopes_disabled():
        return Indicator.objects.get(code="1.1.1.1").pk


def _evidence_pk():
    with scopes_disabled():
        return Evidence.objects.get().pk
