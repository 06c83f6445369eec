"""Pages that answer without a login and have no other home for their test: each shows an
anonymous visitor what it is meant to and nothing personal (see `PUBLIC_ENDPOINTS`)."""

from django.test import Client
from django.urls import reverse

from wenming.testing import client_for, is_login_redirect


def test_logout_needs_a_post_and_ends_the_session(world):
    # given a signed-in member
    client = client_for(world.member(world.unit))
    # when they fetch the logout page, then nothing happens; a POST logs them out
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert is_login_redirect(response)
    assert is_login_redirect(client.get(reverse("dashboards:home")))


def test_logout_as_anonymous_only_redirects(db):
    response = Client().post(reverse("accounts:logout"))
    assert is_login_redirect(response)


def test_set_language_is_public_and_remembered(db):
    # given an anonymous visitor, when they choose English
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    # then they are sent back and the choice is remembered in a cookie
    assert response.status_code == 302
    assert response.cookies["wenming_language"].value == "en"


def test_javascript_catalog_is_public(db):
    response = Client().get(reverse("javascript-catalog"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")


def test_inspections_index_only_redirects(db):
    # the index is a bare redirect; the page it leads to asks for a login
    client = Client()
    response = client.get(reverse("inspections:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:inspection-list")
    assert is_login_redirect(client.get(response["Location"]))


def test_report_lookup_only_redirects(db):
    client = Client()
    response = client.get(reverse("workorders-public:report-lookup"), {"code": "ab12"})
    assert response["Location"] == reverse("workorders-public:report-status", args=["AB12"])
    response = client.get(reverse("workorders-public:report-lookup"))
    assert response["Location"] == reverse("workorders-public:report")
