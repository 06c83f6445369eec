"""Time the audit retention purge: N old events deleted through the trigger's gate.

    DATABASE_URL=sqlite:///var/bench-audit.sqlite3 .venv/bin/python bench/audit_purge.py --rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wenming_bench_audit \\
        .venv/bin/python bench/audit_purge.py --rows 100000

Migrates the database of DATABASE_URL (use a scratch one: the script writes events), inserts
`--rows` events dated 400 days ago and as many recent ones, then runs the purge and prints the
time it took and the rows per second. The recent rows stay.
"""

from __future__ import annotations

import argparse
import datetime
import os
import time
from unittest import mock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from wenming.core import audit_guard
    from wenming.core.models import AuditEvent
    from wenming.core.retention import purge_audit_events

    call_command("migrate", verbosity=0)
    now = timezone.now()

    def insert(when):
        with mock.patch("django.utils.timezone.now", return_value=when):
            AuditEvent.objects.with_scopes_disabled().bulk_create(
                [
                    AuditEvent(action="bench.thing.changed", target_label=str(index))
                    for index in range(options.rows)
                ],
                batch_size=5000,
            )

    insert(now - datetime.timedelta(days=400))
    insert(now - datetime.timedelta(days=10))
    started = time.perf_counter()
    result = purge_audit_events(days=180)
    elapsed = time.perf_counter() - started
    print(
        f"{connection.vendor}: purged {result.count} of {2 * options.rows} events in "
        f"{elapsed:.2f} s ({result.count / elapsed:,.0f} rows/s)"
    )

    # The same deletion without the triggers, for the trigger's cost.
    insert(now - datetime.timedelta(days=400))
    cutoff = connection.ops.adapt_datetimefield_value(now - datetime.timedelta(days=180))
    audit_guard.uninstall(connection)
    try:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE created_at < %s", [cutoff])
            count = cursor.rowcount
        plain = time.perf_counter() - started
    finally:
        audit_guard.install(connection)
    print(
        f"{connection.vendor}: without the trigger {count} rows in {plain:.2f} s "
        f"({count / plain:,.0f} rows/s)"
    )


if __name__ == "__main__":
    main()
