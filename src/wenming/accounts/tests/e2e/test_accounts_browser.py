"""Accounts in a real browser: password change from the user menu, a reset link issued by an
administrator and used by the person, the token page with its expiry."""

from __future__ import annotations

import re

import pytest

from wenming.core.tests.e2e.fixtures import expect, login, screenshot

pytestmark = pytest.mark.e2e

NEW = "new-Password-2026"


def test_password_change_from_the_user_menu(page, live_server, e2e_world):
    login(page, live_server, "unit")
    page.locator("[title='用户菜单']:visible").first.click()
    page.locator("a.dropdown-item:visible", has_text="修改密码").click()
    expect(page.locator("#password-change-form")).to_be_visible()
    page.locator("input[name=current_password]").fill("wrong-password-1")
    page.locator("input[name=new_password1]").fill(NEW)
    page.locator("input[name=new_password2]").fill(NEW)
    page.locator("#password-change-form button[type=submit]").click()
    expect(page.get_by_text("当前密码错误。")).to_be_visible()
    screenshot(page, "accounts-password-change-error")
    page.locator("input[name=current_password]").fill("correct-horse-42")
    page.locator("input[name=new_password1]").fill(NEW)
    page.locator("input[name=new_password2]").fill(NEW)
    page.locator("#password-change-form button[type=submit]").click()
    expect(page.get_by_text("密码已修改")).to_be_visible()
    screenshot(page, "accounts-password-changed")


def test_reset_link_issued_and_used(browser, page, live_server, e2e_world):
    from wenming.core.permissions import RoleScope
    from wenming.testing import make_member

    make_member(
        e2e_world.world.office,
        ["accounts.reset_password"],
        scope=RoleScope.JURISDICTION,
        username="resetter",
    )
    login(page, live_server, "resetter")
    page.goto(f"{live_server.url}/accounts/security/")
    page.get_by_role("link", name="重置密码链接").click()
    page.locator("input[name=username]").fill("unit")
    page.get_by_role("button", name="签发链接").click()
    link = page.locator("#reset-link code").inner_text()
    assert re.search(r"/accounts/password-reset/[\w-]{20,}/$", link)
    screenshot(page, "accounts-reset-link-issued")

    person = browser.new_page(locale="zh-CN")
    person.goto(link)
    person.locator("input[name=new_password1]").fill(NEW)
    person.locator("input[name=new_password2]").fill(NEW)
    screenshot(person, "accounts-reset-link-form")
    person.get_by_role("button", name="设置密码").click()
    expect(person.get_by_text("新密码已设置，请登录。")).to_be_visible()
    login(person, live_server, "unit", NEW)
    person.goto(link)
    expect(person.locator("#link-invalid")).to_be_visible()
    person.close()


def test_token_page_offers_expiry(page, live_server, e2e_world):
    login(page, live_server, "unit")
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.locator("input[name=name]").fill("报表脚本")
    page.locator("select[name=days]").select_option("30")
    page.get_by_role("button", name="创建令牌").click()
    expect(page.locator("#new-token")).to_be_visible()
    expect(page.locator("table")).to_contain_text("报表脚本")
    screenshot(page, "accounts-tokens")
