"""`wenming open311 issue-key --name CLIENT [--jurisdiction CODE]`: print a new Open311 key."""

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from wenming.core.models import Jurisdiction
from wenming.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Issue an Open311 API key for a client and print it (it is not shown again)."

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["issue-key"])
        parser.add_argument("--name", required=True)
        parser.add_argument("--jurisdiction", default="", help="division code; default: the first")

    def handle(self, *args, operation, name, jurisdiction, **options):
        from wenming.workorders.open311.keys import issue_key

        with scopes_disabled():
            queryset = Jurisdiction.objects.order_by("code")
            target = (
                queryset.filter(code=jurisdiction).first() if jurisdiction else queryset.first()
            )
            if target is None:
                raise CommandError("no such jurisdiction")
            _client, key = issue_key(jurisdiction=target, name=name, actor=SYSTEM)
        self.stdout.write(key)
