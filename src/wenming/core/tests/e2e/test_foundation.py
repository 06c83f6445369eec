"""Foundation in a real browser: login, home counts, organization tree, editing a unit, the
list with filters and Excel export, the audit trail, the language switch, a 360 px phone."""

from __future__ import annotations

import io
import re

import pytest
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from wenming.core.tests.e2e.fixtures import expect, login, screenshot

pytestmark = pytest.mark.e2e

# A valid unified social credit code (GB 32100 check character) and an invalid one.
GOOD_CREDIT_CODE = "91350100M000100Y43"
BAD_CREDIT_CODE = "91350100M000100Y44"


def _unit(city):
    from wenming.organizations.models import Organization

    with scope(jurisdiction=city.jurisdiction):
        return Organization.objects.get(name="汝州市城市管理局")


def test_login_page_and_wrong_password(page, live_server, seeded_city):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    screenshot(page, "core-login")
    page.locator("#login-form input[name=username]").fill("admin")
    page.locator("#login-form input[name=password]").fill("wrong-password-1")
    page.locator("#login-form button[type=submit]").click()
    expect(page.get_by_text("用户名或密码错误。")).to_be_visible()
    screenshot(page, "core-login-error")


def test_home_shows_live_counts(page, live_server, seeded_city):
    from wenming.organizations.models import Division, Organization, Person

    login(page, live_server, "admin")
    expect(page.get_by_role("heading", name="全市概况")).to_be_visible()
    with scope(jurisdiction=seeded_city.jurisdiction):
        expected = {
            "townships": Division.objects.filter(level="township").count(),
            "villages": Division.objects.filter(level="village").count(),
            "responsible_units": Organization.objects.filter(kind="responsible_unit").count(),
            "people": Person.objects.count(),
        }
    for key, value in expected.items():
        assert value > 0
        expect(page.locator(f"[data-figure={key}]")).to_have_text(f"{value:,}")
    # The date in the header reads as a Chinese office writes it.
    expect(page.locator("header")).to_contain_text(re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"))
    # The theme is loaded (a styled sidebar, not a bare list).
    assert page.locator("aside.navbar-vertical").bounding_box()["width"] > 150
    screenshot(page, "core-home")


def test_organization_tree_expands_a_node(page, live_server, seeded_city):
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/organizations/")
    expect(page.get_by_role("heading", name="组织机构")).to_be_visible()
    root = page.locator("#organization-tree > li > details").first
    expect(root).to_be_visible()
    root.locator("summary").click()
    children = root.locator(":scope > ul > li")
    expect(children.first).not_to_have_text("加载中…")
    expect(root.locator(":scope > ul")).to_contain_text("汝州市精神文明建设委员会办公室")
    screenshot(page, "core-organization-tree")


def test_edit_unit_shows_chinese_field_error_then_saves(page, live_server, seeded_city):
    from wenming.core.models import AuditEvent

    unit = _unit(seeded_city)
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/organizations/{unit.pk}/")
    expect(page.get_by_role("heading", name="汝州市城市管理局")).to_be_visible()
    screenshot(page, "core-organization-detail")
    page.get_by_role("link", name="编辑").click()
    expect(page.get_by_role("heading", name="编辑组织")).to_be_visible()

    page.locator("input[name=credit_code]").fill(BAD_CREDIT_CODE)
    page.get_by_role("button", name="保存").click()
    error = page.locator(".invalid-feedback[data-field=credit_code]")
    expect(error).to_contain_text("统一社会信用代码校验码不符")
    expect(page.locator("input[name=credit_code]")).to_have_class(re.compile("is-invalid"))
    screenshot(page, "core-organization-edit-error")
    with scope(jurisdiction=seeded_city.jurisdiction):
        unit.refresh_from_db()
        assert unit.credit_code != BAD_CREDIT_CODE

    page.locator("input[name=credit_code]").fill(GOOD_CREDIT_CODE)
    page.locator("input[name=short_name]").fill("城管局")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存。")
    expect(page.locator("dl")).to_contain_text(GOOD_CREDIT_CODE)
    screenshot(page, "core-organization-saved")
    with scopes_disabled():
        assert AuditEvent.objects.filter(target_id=str(unit.pk)).exists()

    # The audit trail shows the edit.
    page.goto(f"{live_server.url}/system/audit/")
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    row = page.locator("#object-table tbody tr").filter(has_text="汝州市城市管理局").first
    expect(row).to_contain_text(GOOD_CREDIT_CODE)
    expect(row).to_contain_text("系统管理员")  # the actor by name, not by username
    expect(row).to_contain_text("统一社会信用代码：")
    screenshot(page, "core-audit-trail")


def test_organization_list_filters_and_exports(page, live_server, seeded_city):
    from wenming.organizations.models import Organization

    with scope(jurisdiction=seeded_city.jurisdiction):
        responsible = Organization.objects.filter(kind="responsible_unit").count()
        total = Organization.objects.count()
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/organizations/list/")
    expect(page.get_by_role("heading", name="组织机构")).to_be_visible()
    footer = page.locator("#object-table .card-footer p")
    expect(footer).to_have_text(re.compile(rf"^第 1–\d+ 条，共 {total:,} 条$"))
    screenshot(page, "core-organization-list")

    page.locator("select[name=kind]").select_option("responsible_unit")
    expect(footer).to_have_text(re.compile(rf"共 {responsible:,} 条$"))
    expect(page).to_have_url(re.compile(r"kind=responsible_unit"))
    kinds = page.locator("#object-table tbody tr td:nth-child(2)").all_inner_texts()
    assert kinds and set(kinds) == {"责任单位"}
    screenshot(page, "core-organization-list-filtered")

    with page.expect_download() as download_info:
        page.locator("#export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    sheet = workbook.active
    assert sheet.max_row - 1 == responsible
    assert [cell.value for cell in sheet[1]][:3] == ["名称", "简称", "类型"]
    assert {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"责任单位"}


def test_language_switch_to_english_and_back(page, live_server, seeded_city):
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/organizations/list/")
    expect(page.get_by_role("heading", name="组织机构")).to_be_visible()
    with page.expect_navigation():
        page.locator("#language-form button[data-language=en]").click()
    expect(page.get_by_role("heading", name="Organizations")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#export-xlsx")).to_have_text("Export to Excel")
    screenshot(page, "core-organization-list-en")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="City overview")).to_be_visible()
    screenshot(page, "core-home-en")
    with page.expect_navigation():
        page.locator("#language-form button[data-language=zh-hans]").click()
    expect(page.get_by_role("heading", name="全市概况")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_phone_layout_collapses_navigation(phone_page, live_server, seeded_city):
    page = phone_page
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "admin")
    expect(page.get_by_role("heading", name="全市概况")).to_be_visible()
    menu = page.locator("#sidebar-menu")
    expect(menu).to_be_hidden()
    screenshot(page, "core-home-phone")
    page.locator("aside .navbar-toggler").click()
    expect(menu).to_be_visible()
    expect(menu.get_by_text("组织与人员")).to_be_visible()
    screenshot(page, "core-home-phone-menu", full_page=False)
    for path in ("/", "/organizations/list/", "/organizations/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360 px"
    screenshot(page, "core-organization-tree-phone")
    page.goto(f"{live_server.url}/organizations/list/")
    screenshot(page, "core-organization-list-phone")


def test_error_pages_are_chinese(page, live_server, seeded_city):
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page.locator("#error-page")).to_contain_text("页面不存在")
    screenshot(page, "core-error-404")

    login(page, live_server, "unit")
    response = page.goto(f"{live_server.url}/system/audit/")
    assert response.status == 403
    expect(page.locator("#error-page")).to_contain_text("无权访问")
    screenshot(page, "core-error-403")


def test_server_error_page_needs_no_request(page, live_server):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")  # as Django's server_error renders it: no request
    assert "系统出错了" in html and "{%" not in html
    page.set_content(html)
    expect(page.get_by_role("heading", name="系统出错了")).to_be_visible()
    screenshot(page, "core-error-500")


#: Latin words allowed on a Chinese page: names of things that are written so in Chinese too.
ALLOWED_LATIN = {"Excel", "API", "English", "TOTP", "WebP", "JPEG", "admin"}

ENGLISH_LEFT = """() => {
  const words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('code, script, style, [lang=en], .wm-untranslated-ok')) continue;
    for (const word of node.textContent.match(/[A-Za-z]{4,}/g) || []) words.push(word);
  }
  const attributes = Array.from(document.querySelectorAll('[placeholder], [title], [aria-label]'))
    .flatMap(el => [el.placeholder, el.title, el.getAttribute('aria-label')]);
  for (const text of attributes) for (const word of (text || '').match(/[A-Za-z]{4,}/g) || []) words.push(word);
  return words;
}"""

FOUNDATION_PAGES = [
    ("organization-list", "/organizations/list/"),
    ("division-list", "/organizations/divisions/"),
    ("person-list", "/organizations/people/"),
    ("role-list", "/organizations/roles/"),
    ("organization-add", "/organizations/add/"),
    ("audit", "/system/audit/"),
    ("calendar", "/system/calendar/"),
    ("jobs", "/system/jobs/"),
    ("security", "/accounts/security/"),
    ("tokens", "/accounts/tokens/"),
    ("notifications", "/notifications/"),
]


def test_foundation_pages_have_no_english_left(page, live_server, seeded_city):
    from wenming.organizations.models import Person, Role

    with scope(jurisdiction=seeded_city.jurisdiction):
        person = Person.objects.filter(memberships__isnull=False, user__isnull=True).first()
        # Role codes (township_admin, …) are identifiers, shown as such in the role list.
        role_code_words = {
            word for code in Role.objects.values_list("code", flat=True) for word in code.split("_")
        }
    login(page, live_server, "admin")
    pages = [*FOUNDATION_PAGES, ("person-detail", f"/organizations/people/{person.pk}/")]
    problems = {}
    for name, path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{path}: {response.status}"
        english = set(page.evaluate(ENGLISH_LEFT)) - ALLOWED_LATIN - role_code_words
        if english:
            problems[path] = sorted(english)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        screenshot(page, f"core-page-{name}")
    assert not problems, f"English left on Chinese pages: {problems}"
