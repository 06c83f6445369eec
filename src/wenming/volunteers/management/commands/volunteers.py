"""`wenming volunteers import|template|verify-ledgers`: thin wrappers over the import and ledgers."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from wenming.core.excel import WorkbookError, workbook_bytes
from wenming.core.models import Jurisdiction
from wenming.core.permissions import SYSTEM


def _jurisdiction(code: str | None) -> Jurisdiction:
    queryset = Jurisdiction.objects.order_by("code")
    jurisdiction = queryset.filter(code=code).first() if code else queryset.first()
    if jurisdiction is None:
        raise CommandError("No such jurisdiction; give --jurisdiction CODE.")
    return jurisdiction


class Command(BaseCommand):
    help = "Volunteer registry: import from Excel, write the template, verify the ledgers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="Import volunteers from an .xlsx file")
        importing.add_argument("file")
        importing.add_argument("--dry-run", action="store_true")
        importing.add_argument("--skip-invalid", action="store_true")
        importing.add_argument("--jurisdiction")
        template = sub.add_parser("template", help="Write the import template")
        template.add_argument("file")
        verify = sub.add_parser("verify-ledgers", help="Recompute balances and report drift")
        verify.add_argument("--jurisdiction")
        verify.add_argument("--fix", action="store_true", help="Rewrite drifted rollups")

    def handle(self, *args, action, **options):
        if action == "template":
            from wenming.volunteers.importing import template_workbook

            Path(options["file"]).write_bytes(workbook_bytes(template_workbook()))
            self.stdout.write(f"Template written to {options['file']}")
            return
        jurisdiction = _jurisdiction(options.get("jurisdiction"))
        with scope(jurisdiction=jurisdiction):
            if action == "import":
                self._import(
                    jurisdiction,
                    file=options["file"],
                    dry_run=options["dry_run"],
                    skip_invalid=options["skip_invalid"],
                )
            else:
                self._verify(options.get("fix", False))

    def _import(self, jurisdiction, *, file, dry_run, skip_invalid):
        from wenming.volunteers.importing import commit_import, plan_import, write_error_workbook

        path = Path(file)
        if not path.exists():
            raise CommandError(f"No such file: {file}")
        try:
            with path.open("rb") as handle:
                plan = plan_import(handle, jurisdiction=jurisdiction)
        except WorkbookError as error:
            raise CommandError(str(error)) from None
        for line in plan.report.lines():
            self.stdout.write(line)
        bad = len(plan.report.bad_rows)
        self.stdout.write(
            f"{plan.report.rows_read} rows read, {plan.good_count} good, {bad} with problems "
            f"({plan.seconds:.1f} s)."
        )
        if bad and skip_invalid:
            target = write_error_workbook(plan, path)
            self.stdout.write(f"Bad rows written to {target}")
        if dry_run:
            self.stdout.write("Dry run: nothing imported.")
            if bad:
                sys.exit(1)
            return
        if bad and not skip_invalid:
            self.stderr.write("Nothing imported: fix the rows above or use --skip-invalid.")
            sys.exit(1)
        created = commit_import(plan, jurisdiction=jurisdiction, actor=SYSTEM)
        self.stdout.write(self.style.SUCCESS(f"{created} volunteers imported."))

    def _verify(self, fix: bool):
        from wenming.volunteers.ledgers_check import ledger_drift, repair_drift

        drift = ledger_drift()
        for row in drift:
            self.stdout.write(
                f"volunteer {row['volunteer_id']}: rollup hours {row['rollup_hours']} vs "
                f"entries {row['hours']}; points {row['rollup_points']} vs {row['points']}; "
                f"stars {row['rollup_stars']} vs {row['stars']}"
            )
        if not drift:
            self.stdout.write(self.style.SUCCESS("Ledgers and rollups agree."))
            return
        if fix:
            repair_drift(drift)
            self.stdout.write(f"{len(drift)} rollups rewritten.")
        sys.exit(1 if not fix else 0)
