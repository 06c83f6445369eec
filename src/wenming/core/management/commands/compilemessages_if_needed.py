"""Compile the translation catalogues when a .po file is newer than its .mo (needs no gettext)."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand

import wenming


class Command(BaseCommand):
    help = "Compile .po catalogues under src/wenming into .mo files where they changed."

    def handle(self, *args, **options):
        root = Path(wenming.__file__).parent
        compiled = 0
        for po_path in root.rglob("locale/*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as handle:
                catalog = read_po(handle)
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog)
            compiled += 1
        self.stdout.write(f"compiled {compiled} catalogue(s)")
