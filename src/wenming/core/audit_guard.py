"""The audit trail is append-only in the database itself, not only in the code that writes it.

A trigger refuses every UPDATE and DELETE of `core_auditevent`, so neither a bug, an injected
query nor a hand-typed statement in a database shell (as the application's role) can rewrite
history. Two writes stay possible, each narrow:

- the retention purge (`wenming audit purge`) deletes rows older than the retention period. On
  PostgreSQL it sets the transaction-local `wenming.audit_purge = 'on'` (`SET LOCAL`, gone at
  commit or rollback); SQLite has no session settings, so the purge writes a row into the gate
  table `wenming_audit_purge_gate` and removes it in the same transaction (never committed, and
  SQLite's single writer keeps every other connection out while it exists);
- deleting an account sets `actor_id` to NULL (the foreign key's SET NULL) and changes nothing
  else: `actor_label` still says who acted.

The trigger guards against the application and its role; the database owner can still drop it
(docs/operations.md says how to keep that role apart in production). TRUNCATE is not blocked, so
that a test database can still be flushed.

On SQLite, a later migration that alters `core_auditevent` rebuilds the table and loses the
triggers: such a migration must call `install` again (a test checks that they are in place).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection as default_connection
from django.db import transaction

TABLE = "core_auditevent"
GATE_TABLE = "wenming_audit_purge_gate"
PURGE_SETTING = "wenming.audit_purge"
MESSAGE = "audit events are append-only: only the retention purge may delete them"

#: Every column of the audit table but `actor_id`: an UPDATE may change nothing else.
_UNCHANGEABLE = (
    "id",
    "jurisdiction_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "old_data",
    "new_data",
    "request_id",
    "ip_address",
    "created_at",
)

_POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION wenming_audit_event_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
            RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
           AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS wenming_audit_event_append_only ON {TABLE}",
    f"""
    CREATE TRIGGER wenming_audit_event_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION wenming_audit_event_append_only()
    """,
]

_POSTGRESQL_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS wenming_audit_event_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS wenming_audit_event_append_only()",
]

_SQLITE_UNCHANGED = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in _UNCHANGEABLE)

_SQLITE_INSTALL = [
    f"CREATE TABLE IF NOT EXISTS {GATE_TABLE} (opened integer NOT NULL)",
    "DROP TRIGGER IF EXISTS wenming_audit_event_no_delete",
    """
    CREATE TRIGGER wenming_audit_event_no_delete BEFORE DELETE ON core_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM wenming_audit_purge_gate)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: only the retention purge may delete them'); END
    """,
    "DROP TRIGGER IF EXISTS wenming_audit_event_no_update",
    f"""
    CREATE TRIGGER wenming_audit_event_no_update BEFORE UPDATE ON {TABLE}
    WHEN NOT (OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL AND {_SQLITE_UNCHANGED})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]

_SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS wenming_audit_event_no_update",
    "DROP TRIGGER IF EXISTS wenming_audit_event_no_delete",
    f"DROP TABLE IF EXISTS {GATE_TABLE}",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return _POSTGRESQL_INSTALL if install else _POSTGRESQL_UNINSTALL
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_UNINSTALL
    return []


def install(connection=None) -> None:
    """Create (or recreate) the triggers on `connection`'s database. Idempotent."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=True):
            cursor.execute(statement)


def uninstall(connection=None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=False):
            cursor.execute(statement)


def installed(connection=None) -> bool:
    """Whether the triggers are in place (false on a database vendor without them)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'wenming_audit_event_append_only'"
                " AND tgrelid = %s::regclass AND tgenabled <> 'D'",
                [TABLE],
            )
            return cursor.fetchone()[0] == 1
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s"
                " AND name IN ('wenming_audit_event_no_delete', 'wenming_audit_event_no_update')",
                [TABLE],
            )
            return cursor.fetchone()[0] == 2
    return False


@contextmanager
def purge_gate(connection=None):
    """Open the gate for the retention purge, for the current transaction only.

    Must run inside `transaction.atomic()`; the gate closes when the block ends, whether it
    commits or rolls back. Nothing but `wenming.core.retention.purge_audit_events` uses it."""
    connection = connection or default_connection
    if not transaction.get_connection(connection.alias).in_atomic_block:
        raise RuntimeError("the audit purge gate opens only inside a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL {PURGE_SETTING} = 'on'")
            yield
            # On an error the rollback closes the gate (and an aborted transaction takes no
            # further statement); on success close it before the caller writes anything else.
            cursor.execute(f"SET LOCAL {PURGE_SETTING} = 'off'")
        elif connection.vendor == "sqlite":
            cursor.execute("INSERT INTO wenming_audit_purge_gate (opened) VALUES (1)")
            yield
            cursor.execute("DELETE FROM wenming_audit_purge_gate")
        else:
            yield
