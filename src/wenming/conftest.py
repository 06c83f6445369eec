"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache, caches
from django_scopes import scope, scopes_disabled

from wenming.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def in_scope(world):
    """Run the test body inside jurisdiction A's scope."""
    with scope(jurisdiction=world.jurisdiction):
        yield world


@pytest.fixture
def unscoped():
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests see the Chinese UI, as users do; passwords hash fast (the hasher is not under test)."""
    settings.LANGUAGE_CODE = "zh-hans"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # cached rows (the public jurisdiction) must not outlive a test's database
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_throttles(request):
    """Every test that touches the database starts with no throttle counts.

    The counts live in a database table (the `throttle` cache alias); a transactional test
    commits its counts, so they are cleared before each test rather than rolled back.
    """
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif marker or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    caches["throttle"].clear()


@pytest.fixture(autouse=True, scope="session")
def _flush_through_the_audit_gate():
    """Let a transactional test's flush empty the audit table on SQLite.

    SQLite has no TRUNCATE: Django flushes with `DELETE FROM`, which the audit trail's trigger
    refuses (`core.audit_guard`). The flush runs in one transaction, so opening the purge gate
    at its start and closing it at its end leaves nothing committed. PostgreSQL flushes with
    TRUNCATE, which row triggers do not see."""
    from django.db import connection

    from wenming.core.audit_guard import GATE_TABLE

    if connection.vendor != "sqlite":
        yield
        return
    DatabaseOperations = type(connection.ops)
    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if not statements:
            return statements
        return [
            f"INSERT INTO {GATE_TABLE} (opened) VALUES (1);",  # noqa: S608
            *statements,
            f"DELETE FROM {GATE_TABLE};",  # noqa: S608
        ]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original
