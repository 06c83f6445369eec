"""`wenming standards import FILE.xlsx --name NAME --edition EDITION [--dry-run]` and
`wenming standards export NAME EDITION FILE.xlsx`: frameworks in and out of the workbook format.

The import prints the report (every problem by Excel row and column header); with any problem
it imports nothing and exits with status 1.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django_scopes import scope

from wenming.core.errors import DomainError
from wenming.core.excel import WorkbookError
from wenming.core.exports import log_export
from wenming.core.models import Jurisdiction
from wenming.core.permissions import SYSTEM
from wenming.standards.actions import import_framework
from wenming.standards.choices import FrameworkKind
from wenming.standards.models import Framework, Indicator
from wenming.standards.workbook import export_workbook


def _jurisdiction(code: str | None) -> Jurisdiction:
    code = code or settings.WENMING_DEFAULT_JURISDICTION
    if code:
        found = Jurisdiction.objects.filter(code=code).first()
        if found is None:
            raise CommandError(f"no jurisdiction with code {code}")
        return found
    jurisdictions = list(Jurisdiction.objects.all()[:2])
    if len(jurisdictions) != 1:
        raise CommandError("give --jurisdiction CODE (there is not exactly one jurisdiction)")
    return jurisdictions[0]


class Command(BaseCommand):
    help = "Import or export an evaluation framework in the workbook format."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        importer = sub.add_parser("import", help="Import a framework workbook as a new edition.")
        importer.add_argument("file")
        importer.add_argument("--name", required=True)
        importer.add_argument("--edition", required=True)
        importer.add_argument("--kind", choices=FrameworkKind.values, default="county_city")
        importer.add_argument("--dry-run", action="store_true")
        importer.add_argument("--jurisdiction")
        exporter = sub.add_parser("export", help="Export an edition to a workbook.")
        exporter.add_argument("name")
        exporter.add_argument("edition")
        exporter.add_argument("file")
        exporter.add_argument("--jurisdiction")

    def handle(self, *args, operation, **options):
        translation.activate(settings.LANGUAGE_CODE)
        jurisdiction = _jurisdiction(options.pop("jurisdiction", None))
        with scope(jurisdiction=jurisdiction):
            if operation == "import":
                self._import(jurisdiction, **options)
            else:
                self._export(jurisdiction, **options)

    def _import(self, jurisdiction, *, file, name, edition, kind, dry_run, **options):
        try:
            with open(file, "rb") as handle:
                outcome = import_framework(
                    handle,
                    jurisdiction=jurisdiction,
                    name=name,
                    edition=edition,
                    kind=kind,
                    dry_run=dry_run,
                    actor=SYSTEM,
                )
        except OSError as error:
            raise CommandError(str(error)) from error
        except (WorkbookError, DomainError) as error:
            raise CommandError(str(getattr(error, "message", error))) from error
        for line in outcome.lines():
            self.stdout.write(line)
        if not outcome.ok:
            raise CommandError(f"{len(outcome.report.problems)} problems")

    def _export(self, jurisdiction, *, name, edition, file, **options):
        framework = Framework.objects.filter(name=name, edition=edition).first()
        if framework is None:
            raise CommandError(f"no framework {name!r} edition {edition!r}")
        workbook = export_workbook(framework)
        workbook.save(file)
        log_export(
            model=Indicator,
            rows=max(0, workbook.worksheets[0].max_row - 1),
            actor=SYSTEM,
            filters={"framework": framework.pk},
            target=framework,
            details={"file": str(file)},
        )
        self.stdout.write(f"{framework}: {framework.criterion_count} criteria → {file}")
