"""Statements of the hot writes: a resident's report through Open311 and through the 随手拍
form, and an order opened through the API. One short transaction of INSERTs, no extra reads;
the counts are pinned so that a new read on these paths is a decision, not an accident."""

from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wenming.core.permissions import SYSTEM
from wenming.workorders.open311.keys import issue_key
from wenming.workorders.tests.test_open311 import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_key(world):
    return issue_key(jurisdiction=world.jurisdiction, name="12345热线", actor=SYSTEM)[1]


def _statements(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries]


def _kinds(statements) -> list[str]:
    return [sql.split()[0].upper() for sql in statements]


def test_open311_post_is_one_short_transaction(world, categories, api_key):
    client = Client()
    assert post(client, api_key).status_code == 201  # warm: the public jurisdiction cached
    # The throttle's count is its own store's work (Redis, or a table of its own on an
    # embedded install: 11 statements of Django's database cache), left out of this count.
    with (
        mock.patch("wenming.workorders.open311.views.too_many", return_value=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert post(client, api_key).status_code == 201
    statements = _statements(queries)
    kinds = _kinds(statements)
    # The key's client, the category (once), then BEGIN, the order, its history, its audit
    # event, COMMIT (savepoints inside the test's transaction). Before: 11 statements (a
    # second category read, the client's last use written every time, a savepoint per order).
    assert kinds == ["SELECT", "SELECT", "SAVEPOINT", "INSERT", "INSERT", "INSERT", "RELEASE"], (
        statements
    )


def test_a_residents_report_with_a_photo_is_one_short_transaction(world, categories):
    """The 随手拍 form: the order, its history, its audit event and its photo's row; the
    thumbnail is made by the job queue after the commit (not counted here: HUEY_IMMEDIATE)."""
    from wenming.workorders.tests.conftest import jpeg
    from wenming.workorders.tests.test_residents import form

    client = Client()
    client.post("/report/", form(category=categories["general"].pk, photos=[jpeg()]))
    with (
        mock.patch("wenming.workorders.actions.schedule_thumbnail"),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post("/report/", form(category=categories["general"].pk, photos=[jpeg()]))
    assert response.status_code == 302
    statements = _statements(queries)
    writes = [sql for sql in statements if sql.split()[0].upper() in ("INSERT", "UPDATE")]
    assert [sql.split()[2].strip('"') for sql in writes if "throttle" not in sql] == [
        "workorders_workorder",
        "workorders_workorderevent",
        "core_auditevent",
        "workorders_workorderphoto",
    ], writes
