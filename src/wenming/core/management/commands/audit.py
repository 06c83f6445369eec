"""`wenming audit purge [--days N] [--dry-run]`: remove audit events past the retention period.

The only way rows leave the audit trail (a database trigger refuses every other UPDATE or
DELETE). N defaults to `WENMING_AUDIT_RETENTION_DAYS` and may not be under 180. The purge is
itself audited (`core.audit_event.purged`); it also runs monthly as a periodic job.
"""

from django.core.management.base import BaseCommand, CommandError

from wenming.core.retention import (
    MINIMUM_RETENTION_DAYS,
    RetentionTooShortError,
    purge_audit_events,
    retention_days,
)


class Command(BaseCommand):
    help = "Audit trail maintenance: purge events older than the retention period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        purge = sub.add_parser("purge", help="Delete audit events older than the retention period.")
        purge.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep this many days (at least {MINIMUM_RETENTION_DAYS}; "
            "default WENMING_AUDIT_RETENTION_DAYS).",
        )
        purge.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, operation, days=None, dry_run=False, **options):
        try:
            result = purge_audit_events(days=days, dry_run=dry_run)
        except RetentionTooShortError as error:
            raise CommandError(str(error)) from error
        verb = "would delete" if result.dry_run else "deleted"
        self.stdout.write(
            f"{verb} {result.count} audit events older than {result.cutoff:%Y-%m-%d %H:%M} "
            f"(retention {result.days} days; configured {retention_days()})"
        )
