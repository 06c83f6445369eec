"""A token's owner is cached per process; revoking, deactivating, a new password, an expiry or
a changed grant take effect on the very next request, in every process (the stamps live in the
shared store configured in settings: here the database table, as on an embedded install)."""

import datetime
from unittest import mock

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wenming.accounts import tokens
from wenming.accounts.actions import change_password, create_api_token, revoke_api_token
from wenming.accounts.models import ApiToken
from wenming.core.permissions import RoleScope

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/notifications"
ORGANIZATIONS = "/api/v1/organizations?limit=1"


@pytest.fixture
def owner(world):
    return world.member(
        world.office, ["organizations.view_organization"], scope=RoleScope.JURISDICTION
    )


@pytest.fixture
def key(owner):
    return create_api_token(owner, "hotline", actor=owner)[1]


def _client(key):
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _warm(client):
    """One request: the stamps, then the rows; from then on only the stamps are read."""
    assert client.get(ME).status_code == 200


def _token(key):
    return ApiToken.objects.get(key_hash=tokens.hash_key(key))


class _OtherProcess:
    """Requests answered with a cache of their own, as in another gunicorn worker: only the
    shared store (CACHES["shared"]) is common."""

    def __init__(self):
        self.cache = LocMemCache("other-process", {})

    def get(self, client, url):
        with mock.patch.object(tokens, "cache", self.cache):
            return client.get(url)


def test_a_warm_request_reads_no_token_row(key):
    client = _client(key)
    _warm(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ME).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "accounts_apitoken" not in sql and "accounts_user" not in sql


def test_a_revoked_token_is_refused_on_the_very_next_request(owner, key):
    client = _client(key)
    _warm(client)
    revoke_api_token(_token(key), actor=owner)
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_revoked_in_one_process_is_refused_in_another(owner, key):
    client, other = _client(key), _OtherProcess()
    _warm(client)
    assert other.get(client, ME).status_code == 200
    revoke_api_token(_token(key), actor=owner)  # through this process's code path
    assert other.get(client, ME).status_code == 401
    assert client.get(ME).status_code == 401


def test_a_deactivated_account_is_refused_everywhere(owner, key):
    client, other = _client(key), _OtherProcess()
    _warm(client)
    other.get(client, ME)
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert client.get(ME).status_code == 401
    assert other.get(client, ME).status_code == 401


def test_a_new_password_with_tokens_revoked_refuses_them(owner, key):
    client, other = _client(key), _OtherProcess()
    _warm(client)
    other.get(client, ME)
    change_password(owner, "another-horse-43", actor=owner, revoke_tokens=True)
    assert client.get(ME).status_code == 401
    assert other.get(client, ME).status_code == 401


def test_a_new_password_alone_keeps_tokens_but_reads_them_again(owner, key):
    """Tokens are separate credentials (accounts.actions.change_password): they stay."""
    client = _client(key)
    _warm(client)
    change_password(owner, "another-horse-43", actor=owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ME).status_code == 200
    assert "accounts_apitoken" in " ".join(q["sql"] for q in queries.captured_queries)


def test_an_expired_token_is_refused_without_a_save(key):
    client = _client(key)
    _warm(client)
    later = _token(key).expires_at + datetime.timedelta(seconds=1)
    with mock.patch.object(tokens.timezone, "now", return_value=later):
        assert client.get(ME).status_code == 401


def test_a_token_re_dated_into_the_past_is_refused(key):
    client = _client(key)
    _warm(client)
    token = _token(key)
    token.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    token.save()
    assert client.get(ME).status_code == 401


def test_a_withdrawn_grant_applies_to_the_next_token_request(world, owner, key):
    from wenming.core.permissions import bump_permissions_version
    from wenming.organizations.models import Role

    client, other = _client(key), _OtherProcess()
    for _ in range(2):
        assert client.get(ORGANIZATIONS).json()["count"] > 0
        assert other.get(client, ORGANIZATIONS).json()["count"] > 0
    Role.objects.with_scopes_disabled().filter(memberships__person__user=owner).update(
        permissions=[]
    )
    bump_permissions_version(world.jurisdiction.pk)
    # A list answers an empty page to a member without the permission.
    assert client.get(ORGANIZATIONS).json()["count"] == 0
    assert other.get(client, ORGANIZATIONS).json()["count"] == 0
