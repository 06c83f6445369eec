"""The lean path of API calls a bearer token authenticates (accounts.TokenApiMiddleware): no
session, CSRF, messages or htmx work, every security header kept; a session-authenticated
call still goes through CSRF."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wenming.accounts.actions import create_api_token
from wenming.core.permissions import RoleScope
from wenming.testing import PASSWORD

pytestmark = pytest.mark.django_db

READ_ALL = "/api/v1/me/notifications/read"
ME = "/api/v1/me/notifications"


@pytest.fixture
def member(world):
    return world.member(
        world.office, ["organizations.view_organization"], scope=RoleScope.JURISDICTION
    )


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user, 'script', actor=user)[1]}"}


def test_a_token_call_needs_no_session_and_sets_no_cookie(member):
    client = Client(enforce_csrf_checks=True, **_bearer(member))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(READ_ALL)  # unsafe, no CSRF token, no session cookie
    assert response.status_code == 200, response.content
    assert not hasattr(response.wsgi_request, "session")
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "django_session" not in " ".join(q["sql"] for q in queries.captured_queries)
    # The headers every response carries are still there.
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers
    assert response["X-Request-ID"]


def test_a_session_call_still_needs_csrf(member):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=member.username, password=PASSWORD)
    refused = client.post(READ_ALL)
    assert refused.status_code == 403
    secret = "a1" * 16  # a CSRF secret as the cookie carries it; the header repeats it
    client.cookies["csrftoken"] = secret
    allowed = client.post(READ_ALL, HTTP_X_CSRFTOKEN=secret)
    assert allowed.status_code == 200


def test_a_session_cookie_beside_a_token_is_ignored(world, member):
    """The token decides who is asking; the session is neither read nor refreshed."""
    other = world.member(world.unit, [])
    client = Client(**_bearer(member))
    client.force_login(other)
    response = client.get("/api/v1/organizations?limit=1")
    assert response.json()["count"] > 0  # the token's owner sees organizations; `other` none
    assert not response.cookies


def test_an_invalid_token_takes_the_full_path_and_is_refused():
    response = Client(HTTP_AUTHORIZATION="Bearer wm_not-a-key").get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_token_path_honours_accept_language(member):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **_bearer(member))
    assert client.get("/api/v1/workorders/NOSUCH").json()["message"] == "Not found."
    chinese = Client(**_bearer(member)).get("/api/v1/workorders/NOSUCH")
    assert chinese.json()["message"] == "未找到。"


def test_pages_with_a_token_header_keep_the_full_path(member):
    """Only /api/ is lean: a page answers as it always has (sessions, CSRF cookie)."""
    response = Client(**_bearer(member)).get("/")
    assert response.status_code == 200
    assert hasattr(response.wsgi_request, "session")
