"""Every link and button a role is shown leads somewhere it may go.

For each demo login (office, supervision group, evidence group, unit liaison, township,
civilized unit, volunteer) the test opens the home, follows every link of the site it finds
(breadth first, a few pages per kind of page) and submits every button's form with the values
the page put in it: none may answer 403. A 403 means the page showed a link or a button the
person may not use (the slip of 受理派遣 for a unit, 确认签署 for a viewer).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve
from django_scopes import scope

from wenming.dashboards.roles import Home, home_of

pytestmark = pytest.mark.django_db(transaction=False)

LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"', re.I)
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.I | re.S)
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
BUTTON = re.compile(r"<button\b([^>]*)>", re.I)
#: Not followed: leaving the session, the language switch, downloads and the API.
SKIPPED = ("/accounts/logout", "/i18n/", "/api/", "/static/", "/media/", "/files/")
#: Pages visited per view (the same page for another row says nothing new).
PER_VIEW = 2
PAGES_PER_ROLE = 90

LOGINS = {
    "office": Home.OFFICE,
    "inspector": Home.INSPECTOR,
    "reviewer": Home.OFFICE,
    "unit": Home.UNIT,
    "township": Home.TOWNSHIP,
    "taxbureau": Home.UNIT,
    "volunteer": Home.VOLUNTEER,
}


def _internal(url: str) -> str | None:
    url = unescape(url)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED) or "export=" in parts.query or parts.path.endswith(".pdf"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _view(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


def _forms(html: str, page: str):
    """(action, data) for each POST form's buttons, with the values the page put in it."""
    for attributes, body in FORM.findall(html):
        attrs = dict(ATTRIBUTE.findall(attributes))
        if attrs.get("method", "get").lower() != "post":
            continue
        action = _internal(attrs.get("action") or page)
        if action is None:
            continue
        data = {}
        for field in INPUT.findall(body):
            field_attrs = dict(ATTRIBUTE.findall(field))
            if field_attrs.get("type") == "hidden" and "name" in field_attrs:
                data[field_attrs["name"]] = unescape(field_attrs.get("value", ""))
        buttons = [dict(ATTRIBUTE.findall(b)) for b in BUTTON.findall(body)] or [{}]
        for button in buttons:
            values = dict(data)
            if "name" in button:
                values[button["name"]] = unescape(button.get("value", ""))
            yield action, values


def crawl(client: Client, start: str) -> tuple[list[str], int]:
    refused: list[str] = []
    seen: set[str] = set()
    per_view: Counter[str] = Counter()
    queue = deque([(start, "login")])
    visited = 0
    posts: list[tuple[str, dict, str]] = []
    while queue and visited < PAGES_PER_ROLE:
        path, source = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        view = _view(path)
        if per_view[view] >= PER_VIEW:
            continue
        per_view[view] += 1
        response = client.get(path)
        visited += 1
        if response.status_code == 403:
            refused.append(f"GET {path} (linked from {source})")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for link in LINK.findall(html):
            target = _internal(link)
            if target and target not in seen:
                queue.append((target, path))
        posts.extend((action, data, path) for action, data in _forms(html, path))
    done: set[tuple] = set()
    for action, data, source in posts:
        key = (_view(action), tuple(sorted(data)))
        if key in done:
            continue
        done.add(key)
        response = client.post(action, data)
        if response.status_code == 403:
            refused.append(f"POST {action} {sorted(data)} (a button on {source})")
    return refused, visited


def test_each_role_lands_on_its_home_and_is_never_refused_a_link_or_button(demo_city):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=LOGINS)}
    assert set(users) == set(LOGINS)
    problems = {}
    for username, home in LOGINS.items():
        user = users[username]
        with scope(jurisdiction=demo_city.jurisdiction):
            assert home_of(user) == home, username
        client = Client()
        client.force_login(user)
        landing = client.get("/", follow=True)
        assert landing.status_code == 200
        if home == Home.VOLUNTEER:
            assert landing.redirect_chain[-1][0] == "/volunteers/me/"
        refused, visited = crawl(client, landing.request["PATH_INFO"])
        assert visited > 3, username
        if refused:
            problems[username] = refused
    assert not problems, "\n".join(
        f"{username}: {line}" for username, lines in problems.items() for line in lines
    )
