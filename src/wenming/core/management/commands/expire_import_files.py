"""`wenming expire_import_files`: delete import uploads and error workbooks past retention."""

from django.core.management.base import BaseCommand

from wenming.core.import_files import expire_import_files


class Command(BaseCommand):
    help = "Delete import uploads and error workbooks older than WENMING_IMPORT_FILE_HOURS."

    def handle(self, *args, **options):
        expired = expire_import_files()
        self.stdout.write(
            f"deleted {expired.uploads} import uploads, {expired.workbooks} error workbooks"
        )
