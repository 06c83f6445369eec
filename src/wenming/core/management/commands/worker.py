"""`wenming worker`: a background-job worker (Huey consumer), embedded SQLite or Redis."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background-job worker. Start as many as needed when REDIS_URL is set."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=None)

    def handle(self, *args, workers=None, **options):
        arguments = ["run_huey"]
        if workers:
            arguments += ["--workers", str(workers)]
        call_command(*arguments)
