"""`wenming demo`: migrate, seed the Ruzhou-sized demo city, and serve it."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load the demo city and serve the platform on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="ruzhou")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true")

    def handle(self, *args, scale, port, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compilemessages_if_needed")
        call_command("seed", scale=scale)
        if not no_serve:
            call_command("serve", port=port)
