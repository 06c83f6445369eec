"""`wenming token create --user USERNAME [--name NAME]`: print a new personal API token."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wenming.accounts.actions import create_api_token
from wenming.core.permissions import SYSTEM


class Command(BaseCommand):
    help = (
        "Create a personal API token and print it (it is not stored in clear and not shown again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["create"])
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", default="command line")

    def handle(self, *args, operation, user, name, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user named {user!r}")
        _token, key = create_api_token(account, name, actor=SYSTEM)
        self.stdout.write(key)
