"""The audit trail is append-only (model and database trigger) and leaves only by the purge."""

from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from wenming.core import audit_guard
from wenming.core.audit import log_event
from wenming.core.models import AuditEvent, AuditTrailAppendOnlyError
from wenming.core.retention import (
    RetentionTooShortError,
    purge_audit_events,
)

pytestmark = pytest.mark.django_db


def _event_at(when: datetime.datetime, action: str = "tests.thing.changed", **kwargs):
    """An audit event written as if at `when` (created_at is set on insert, never later)."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        return log_event(action, **kwargs)


def _stored(pk: int) -> AuditEvent:
    with scopes_disabled():
        return AuditEvent.objects.get(pk=pk)


def test_the_triggers_are_installed_by_the_migrations():
    assert audit_guard.installed(connection)


def test_the_model_refuses_to_save_an_existing_event_again(world):
    event = log_event("tests.thing.changed", target=world.unit)
    event.action = "tests.thing.forged"
    with pytest.raises(AuditTrailAppendOnlyError):
        event.save()
    assert _stored(event.pk).action == "tests.thing.changed"


def test_the_model_refuses_delete_and_bulk_update_and_delete(world):
    event = log_event("tests.thing.changed", target=world.unit)
    with pytest.raises(AuditTrailAppendOnlyError):
        event.delete()
    with scopes_disabled():
        events = AuditEvent.objects.filter(pk=event.pk)
        with pytest.raises(AuditTrailAppendOnlyError):
            events.update(action="tests.thing.forged")
        with pytest.raises(AuditTrailAppendOnlyError):
            events.delete()
    assert _stored(event.pk).action == "tests.thing.changed"


def test_raw_sql_update_of_an_audit_row_is_refused_by_the_database(world):
    # Given an event; when a statement bypasses the ORM (an injected or hand-typed UPDATE)
    event = log_event("tests.thing.changed", target=world.unit, new={"state": "a"})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET action = %s WHERE id = %s",
            ["tests.thing.forged", event.pk],
        )
    # then the database refuses it and nothing changed
    assert _stored(event.pk).action == "tests.thing.changed"


def test_raw_sql_delete_of_an_audit_row_is_refused_by_the_database(world):
    event = log_event("tests.thing.changed", target=world.unit)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert _stored(event.pk).pk == event.pk


def test_even_an_old_row_cannot_be_deleted_outside_the_purge(world):
    event = _event_at(timezone.now() - datetime.timedelta(days=400), target=world.unit)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM core_auditevent WHERE created_at < %s",
            [connection.ops.adapt_datetimefield_value(timezone.now())],
        )
    assert _stored(event.pk)


def test_deleting_an_account_only_clears_the_actor_and_keeps_the_label(world):
    # Given an event by a member whose account is later deleted
    user = world.member(world.unit, [])
    event = log_event("tests.thing.changed", actor=user, target=world.unit)
    label = _stored(event.pk).actor_label
    # when the account goes, the foreign key's SET NULL is the one update the trigger allows
    user.delete()
    stored = _stored(event.pk)
    assert stored.actor_id is None and stored.actor_label == label == str(user)


def test_the_purge_removes_only_rows_past_the_retention_and_audits_itself(world):
    now = timezone.now()
    old = _event_at(now - datetime.timedelta(days=200), target=world.unit)
    older = _event_at(now - datetime.timedelta(days=800), target=world.unit)
    recent = _event_at(now - datetime.timedelta(days=170), target=world.unit)
    fresh = log_event("tests.thing.changed", target=world.unit)

    result = purge_audit_events(days=180)

    with scopes_disabled():
        remaining = set(AuditEvent.objects.values_list("pk", flat=True))
        purged = AuditEvent.objects.get(action="core.audit_event.purged")
    assert result.count == 2
    assert old.pk not in remaining and older.pk not in remaining
    assert {recent.pk, fresh.pk, purged.pk} <= remaining
    assert purged.new_data["count"] == 2 and purged.new_data["days"] == 180
    assert purged.new_data["cutoff"] == result.cutoff.isoformat()
    assert purged.actor_label == "系统"


def test_after_the_purge_the_gate_is_closed_again(world):
    _event_at(timezone.now() - datetime.timedelta(days=400), target=world.unit)
    purge_audit_events(days=180)
    event = log_event("tests.thing.changed", target=world.unit)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert _stored(event.pk)


def test_the_purge_refuses_a_retention_under_180_days(world, settings):
    event = _event_at(timezone.now() - datetime.timedelta(days=100), target=world.unit)
    with pytest.raises(RetentionTooShortError):
        purge_audit_events(days=179)
    settings.WENMING_AUDIT_RETENTION_DAYS = 90
    with pytest.raises(RetentionTooShortError):
        purge_audit_events()
    with pytest.raises(CommandError):
        call_command("audit", "purge", "--days", "30")
    assert _stored(event.pk)
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="core.audit_event.purged").exists()


def test_the_purge_command_dry_run_counts_and_deletes_nothing(world, settings):
    settings.WENMING_AUDIT_RETENTION_DAYS = 365
    event = _event_at(timezone.now() - datetime.timedelta(days=400), target=world.unit)
    out = StringIO()
    call_command("audit", "purge", "--dry-run", stdout=out)
    assert "would delete 1 " in out.getvalue()
    assert _stored(event.pk)
    call_command("audit", "purge", stdout=out)
    with scopes_disabled():
        assert not AuditEvent.objects.filter(pk=event.pk).exists()
        assert AuditEvent.objects.filter(action="core.audit_event.purged").count() == 1


def test_the_monthly_job_purges_with_the_configured_retention(world, settings):
    from wenming.core.tasks import purge_expired_audit_events

    settings.WENMING_AUDIT_RETENTION_DAYS = 200
    gone = _event_at(timezone.now() - datetime.timedelta(days=201), target=world.unit)
    kept = _event_at(timezone.now() - datetime.timedelta(days=199), target=world.unit)
    purge_expired_audit_events.call_local()
    with scopes_disabled():
        remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert gone.pk not in remaining and kept.pk in remaining


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_writes_events_can_still_be_flushed():
    # The flush after this test empties the audit table (SQLite: DELETE through the gate).
    log_event("tests.thing.changed", target_label="committed")
    with scopes_disabled():
        assert AuditEvent.objects.filter(target_label="committed").count() == 1


def test_the_system_check_refuses_a_retention_under_180_days(settings):
    from wenming.core.retention import check_retention

    settings.WENMING_AUDIT_RETENTION_DAYS = 179
    assert [error.id for error in check_retention()] == ["wenming.E101"]
    settings.WENMING_AUDIT_RETENTION_DAYS = 180
    assert check_retention() == []
