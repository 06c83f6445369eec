"""`wenming workorders remind`: send today's deadline reminders now (idempotent per day)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Work-order maintenance: `remind` sends today's deadline reminders once."

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["remind"])

    def handle(self, *args, operation, **options):
        from wenming.workorders.tasks import send_reminders

        for code, counts in send_reminders().items():
            self.stdout.write(
                f"{code}: due soon {counts.get('due_soon', 0)}, overdue {counts.get('overdue', 0)}"
            )
