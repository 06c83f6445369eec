"""Compile the translation catalogues when a .po file is newer than its .mo (needs no gettext)."""

from django.core.management.base import BaseCommand

from wenming.core.catalogues import compile_catalogues


class Command(BaseCommand):
    help = "Compile .po catalogues under src/wenming into .mo files where they changed."

    def handle(self, *args, **options):
        self.stdout.write(f"compiled {compile_catalogues()} catalogue(s)")
