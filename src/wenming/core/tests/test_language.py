"""Chinese first: Simplified Chinese unless the person chose English, whatever the browser asks."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_scopes import scopes_disabled

from wenming.testing import PASSWORD

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _choose(client: Client, language: str, next_url: str = "/accounts/login/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


@pytest.mark.django_db
def test_an_english_browser_gets_the_login_page_in_chinese():
    # given a browser that asks for English and has chosen nothing
    client = Client(**ENGLISH_BROWSER)
    # when it opens the login page
    response = client.get("/accounts/login/")
    # then the page is Chinese
    html = response.content.decode()
    assert response.status_code == 200
    assert "登录" in html
    assert "Log in" not in html
    assert '<html lang="zh-hans">' in html
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_after_choosing_english_the_login_page_is_english():
    client = Client(**ENGLISH_BROWSER)
    response = _choose(client, "en")
    assert response.status_code == 302
    assert client.cookies["wenming_language"].value == "en"
    # the choice is remembered beyond the browser session
    assert client.cookies["wenming_language"]["max-age"] == 60 * 60 * 24 * 365
    html = client.get("/accounts/login/").content.decode()
    assert "Log in" in html
    assert '<html lang="en">' in html


def test_the_home_page_is_chinese_for_an_english_browser(world):
    staff = world.member(world.office, [], scope="jurisdiction")
    client = Client(**ENGLISH_BROWSER)
    client.force_login(staff)
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "首页" in html


def test_a_signed_in_choice_is_remembered_on_the_user_and_follows_them(world):
    # given a member who chooses English on one device
    staff = world.member(world.office, [], scope="jurisdiction")
    first = Client(**ENGLISH_BROWSER)
    first.force_login(staff)
    _choose(first, "en", "/")
    with scopes_disabled():
        assert get_user_model().objects.get(pk=staff.pk).language == "en"
    # when they sign in on another device (no language cookie) that asks for Chinese
    second = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh")
    second.post("/accounts/login/", {"username": staff.username, "password": PASSWORD})
    # then their pages are English
    assert '<html lang="en">' in second.get("/").content.decode()
    # and choosing Chinese again is remembered too
    _choose(second, "zh-hans", "/")
    with scopes_disabled():
        assert get_user_model().objects.get(pk=staff.pk).language == "zh-hans"


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_chinese():
    client = Client(**ENGLISH_BROWSER)
    client.cookies["wenming_language"] = "fr"
    assert '<html lang="zh-hans">' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_api_clients_still_choose_their_language_with_accept_language():
    # given a program that asks the API for English on purpose
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/organizations")
    chinese = Client().get("/api/v1/organizations")
    # then the error message follows it (pages do not; see above)
    assert english.status_code == chinese.status_code == 401
    assert english.json()["message"] == "Log in or send a valid API token."
    assert chinese.json()["message"] == "请登录或提供有效的 API 令牌。"
