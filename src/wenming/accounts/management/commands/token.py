"""`wenming token create --user USERNAME [--name NAME] [--days N]`: print a new personal API token."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wenming.accounts.actions import create_api_token
from wenming.core.errors import DomainError
from wenming.core.permissions import SYSTEM


class Command(BaseCommand):
    help = (
        "Create a personal API token and print it (it is not stored in clear and not shown again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["create"])
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", default="command line")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days until the token expires (default: WENMING_API_TOKEN_DAYS, "
            f"now {settings.WENMING_API_TOKEN_DAYS}).",
        )

    def handle(self, *args, operation, user, name, days, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user named {user!r}")
        try:
            token, key = create_api_token(account, name, actor=SYSTEM, days=days)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(key)
        self.stderr.write(f"expires {token.expires_at:%Y-%m-%d %H:%M %Z}")
