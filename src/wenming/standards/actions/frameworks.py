"""Importing framework editions, their status, and who owns each criterion."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenming.core.audit import log_event, snapshot
from wenming.core.errors import ConflictError, DomainError
from wenming.core.excel import RowReport
from wenming.core.permissions import require
from wenming.core.transitions import check, lock, transition
from wenming.standards.choices import (
    FRAMEWORK_TRANSITIONS,
    LEVEL_DEPTH,
    AssignmentRole,
    FrameworkKind,
    FrameworkStatus,
    IndicatorLevel,
)
from wenming.standards.diff import EditionDiff, diff_criteria, diff_frameworks
from wenming.standards.models import Assignment, Framework, Indicator, NegativeItem
from wenming.standards.workbook import ParsedFramework, parse_workbook


@dataclass
class ImportOutcome:
    """What an import found and did (or, on a dry run, would do)."""

    report: RowReport
    parsed: ParsedFramework
    previous: Framework | None
    diff: EditionDiff | None
    framework: Framework | None
    dry_run: bool

    @property
    def ok(self) -> bool:
        return self.report.ok

    def as_dict(self) -> dict[str, Any]:
        def brief(node) -> dict:
            return {"code": node.code, "name": node.name}

        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "imported": self.framework is not None,
            "framework_id": self.framework.pk if self.framework else None,
            "counts": self.parsed.counts(),
            "total_points": str(self.parsed.total_points),
            "report": self.report.as_dict(),
            "previous_edition": self.previous.edition if self.previous else None,
            "diff": None
            if self.diff is None
            else {
                **self.diff.summary(),
                "added_items": [brief(n) for n in self.diff.added[:200]],
                "removed_items": [brief(n) for n in self.diff.removed[:200]],
                "changed_items": [
                    {
                        "old_code": c.old.code,
                        "code": c.new.code,
                        "name": c.new.name,
                        "matched_by": c.matched_by,
                        "similarity": c.similarity,
                        "fields": sorted(c.fields),
                    }
                    for c in self.diff.changed[:200]
                ],
            },
        }

    def lines(self) -> list[str]:
        counts = self.parsed.counts()
        lines = self.report.lines()
        lines += [
            _("Warning: row %(row)s, column %(column)s: %(message)s")
            % {"row": w.row, "column": w.column or "-", "message": w.message}
            for w in self.report.warnings
        ]
        lines.append(
            _(
                "%(items)s items, %(categories)s categories, %(contents)s contents, "
                "%(criteria)s criteria, %(negative)s negative-list items, %(points)s points."
            )
            % {
                "items": counts["item"],
                "categories": counts["category"],
                "contents": counts["content"],
                "criteria": counts["criterion"],
                "negative": counts["negative"],
                "points": self.parsed.total_points,
            }
        )
        if self.diff is not None:
            lines.append(
                _(
                    "Compared with edition %(edition)s: %(added)s added, %(removed)s removed, "
                    "%(changed)s changed, %(unchanged)s unchanged."
                )
                % {"edition": self.previous.edition, **self.diff.summary()}
            )
        if not self.ok:
            lines.append(
                _("%(count)s problems: nothing was imported.")
                % {"count": len(self.report.problems)}
            )
        elif self.dry_run:
            lines.append(_("Dry run: nothing was imported."))
        else:
            lines.append(_("Imported."))
        return lines


MANAGE = "standards.manage_framework"


def previous_edition(jurisdiction, name: str, edition: str) -> Framework | None:
    return (
        Framework.objects.filter(jurisdiction=jurisdiction, name=name)
        .exclude(edition=edition)
        .order_by("-created_at", "-id")
        .first()
    )


def import_framework(
    source,
    *,
    jurisdiction,
    name: str,
    edition: str,
    actor,
    kind: str = FrameworkKind.COUNTY_CITY,
    dry_run: bool = False,
    is_sample: bool = False,
    submission_start=None,
    submission_end=None,
    description: str = "",
) -> ImportOutcome:
    """Check a framework workbook and, when it is clean and this is no dry run, import it as a
    new edition beside the others. Nothing is written unless every row is clean.

    Raises `WorkbookError` when the file is not a framework workbook at all and
    `ConflictError` (code `edition_exists`) when this edition is already there.
    """
    require(actor, MANAGE, Framework)
    name, edition = name.strip(), edition.strip()
    if not name or not edition:
        raise DomainError(_("Give the framework a name and an edition."), code="required")
    if Framework.objects.filter(jurisdiction=jurisdiction, name=name, edition=edition).exists():
        raise ConflictError(
            _("Edition %(edition)s of “%(name)s” already exists; import a new edition.")
            % {"edition": edition, "name": name},
            code="edition_exists",
        )
    parsed = parse_workbook(source)
    previous = previous_edition(jurisdiction, name, edition)
    diff = None
    if previous is not None:
        old = list(previous.indicators.filter(level=IndicatorLevel.CRITERION).order_by("position"))
        diff = diff_criteria(old, parsed.criteria)
    outcome = ImportOutcome(parsed.report, parsed, previous, diff, None, dry_run)
    if dry_run or not parsed.report.ok:
        return outcome
    try:
        with transaction.atomic():
            outcome.framework = _write(
                parsed,
                jurisdiction=jurisdiction,
                name=name,
                edition=edition,
                kind=kind,
                is_sample=is_sample,
                submission_start=submission_start,
                submission_end=submission_end,
                description=description,
                actor=actor,
            )
    except IntegrityError as error:
        raise ConflictError(
            _("Edition %(edition)s of “%(name)s” already exists; import a new edition.")
            % {"edition": edition, "name": name},
            code="edition_exists",
        ) from error
    return outcome


def _write(parsed: ParsedFramework, *, jurisdiction, actor, **fields) -> Framework:
    framework = Framework.objects.create(
        jurisdiction=jurisdiction,
        criterion_count=len(parsed.criteria),
        total_points=parsed.total_points,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    created: dict[str, Indicator] = {}
    for depth in range(4):
        batch = [
            Indicator(
                jurisdiction=jurisdiction,
                framework=framework,
                parent=created.get(node.parent_code),
                level=node.level,
                code=node.code,
                name=node.name,
                points=node.points or Decimal("0"),
                methods=node.methods,
                site_types=node.site_types,
                grading_rule=node.grading_rule,
                expected_evidence=node.expected_evidence,
                position=node.position,
            )
            for node in parsed.nodes
            if LEVEL_DEPTH[node.level] == depth
        ]
        for indicator in Indicator.objects.bulk_create(batch):
            created[indicator.code] = indicator
    NegativeItem.objects.bulk_create(
        NegativeItem(
            jurisdiction=jurisdiction,
            framework=framework,
            code=row.code,
            name=row.name,
            penalty=row.penalty,
            position=position,
        )
        for position, row in enumerate(parsed.negatives, start=1)
    )
    log_event(
        "standards.framework.imported",
        actor=actor,
        target=framework,
        new={"edition": framework.edition, **parsed.counts()},
    )
    return framework


FRAMEWORK_FIELDS = ["kind", "submission_start", "submission_end", "description", "is_sample"]


def update_framework(framework: Framework, *, data: dict, actor) -> Framework:
    """Change what describes an edition (kind, submission window); the tree is data from the
    workbook and changes only by importing a new edition."""
    require(actor, MANAGE, framework)
    start, end = data.get("submission_start"), data.get("submission_end")
    if start and end and end < start:
        raise DomainError(_("The submission window closes before it opens."), code="invalid_window")
    with transaction.atomic():
        framework = Framework.objects.select_for_update().get(pk=framework.pk)
        old = snapshot(framework, FRAMEWORK_FIELDS)
        changed = [name for name in FRAMEWORK_FIELDS if name in data]
        for name in changed:
            setattr(framework, name, data[name])
        framework.save(update_fields=[*changed, "updated_at"])
        log_event(
            "standards.framework.changed",
            actor=actor,
            target=framework,
            old=old,
            new=snapshot(framework, FRAMEWORK_FIELDS),
        )
    return framework


def set_framework_status(framework: Framework, status: str, *, actor) -> Framework:
    """Activate or archive an edition; activating one archives the other active editions of
    the same framework, so units work against exactly one."""
    require(actor, MANAGE, framework)
    with transaction.atomic():
        framework = lock(framework)
        check(framework, status, transitions=FRAMEWORK_TRANSITIONS)
        old = framework.status
        if status == FrameworkStatus.ACTIVE:
            Framework.objects.filter(
                jurisdiction_id=framework.jurisdiction_id,
                name=framework.name,
                status=FrameworkStatus.ACTIVE,
            ).exclude(pk=framework.pk).update(status=FrameworkStatus.ARCHIVED)
        transition(
            framework,
            status,
            transitions=FRAMEWORK_TRANSITIONS,
            actor=actor,
            event="standards.framework.status_changed",
            old={"status": old},
            new={"status": status},
        )
    return framework


def set_assignments(indicator: Indicator, *, lead, co_units=(), actor) -> list[Assignment]:
    """Give a criterion its lead unit (牵头) and co-units (配合), replacing what it had.

    Criteria are shared rows of the jurisdiction: only a jurisdiction-wide grant may reassign
    them, however many units the caller manages."""
    require(actor, MANAGE, indicator)
    if indicator.level != IndicatorLevel.CRITERION:
        raise DomainError(_("Only criteria are assigned to units."), code="not_a_criterion")
    co_units = [unit for unit in co_units if lead is None or unit.pk != lead.pk]
    for unit in [lead, *co_units]:
        if unit is not None and unit.jurisdiction_id != indicator.jurisdiction_id:
            raise DomainError(_("The unit belongs to another jurisdiction."), code="invalid_unit")
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        existing = list(indicator.assignments.select_related("organization"))
        old = {
            "lead": [a.organization_id for a in existing if a.role == AssignmentRole.LEAD],
            "co": sorted(a.organization_id for a in existing if a.role == AssignmentRole.CO),
        }
        indicator.assignments.all().delete()
        rows = []
        if lead is not None:
            rows.append(Assignment(organization=lead, role=AssignmentRole.LEAD))
        rows += [Assignment(organization=unit, role=AssignmentRole.CO) for unit in co_units]
        for row in rows:
            row.jurisdiction_id = indicator.jurisdiction_id
            row.indicator = indicator
        created = Assignment.objects.bulk_create(rows)
        log_event(
            "standards.assignment.changed",
            actor=actor,
            target=indicator,
            old=old,
            new={
                "lead": [lead.pk] if lead is not None else [],
                "co": sorted(unit.pk for unit in co_units),
            },
        )
    return created


def carry_over_assignments(old: Framework, new: Framework, *, actor) -> int:
    """Copy the owners of every criterion that continues from `old` into `new` (matched by
    code, or by text when the code changed); criteria of `new` that already have owners keep
    them. Returns the number of assignments created."""
    require(actor, MANAGE, new)
    if old.pk == new.pk or old.jurisdiction_id != new.jurisdiction_id:
        raise DomainError(_("Choose another edition to carry over from."), code="invalid_edition")
    diff = diff_frameworks(old, new)
    target_of = {pair.old.pk: pair.new for pair in diff.pairs}
    with transaction.atomic():
        owned = set(
            Assignment.objects.filter(indicator__framework=new).values_list(
                "indicator_id", flat=True
            )
        )
        rows = [
            Assignment(
                jurisdiction_id=new.jurisdiction_id,
                indicator=target_of[assignment.indicator_id],
                organization_id=assignment.organization_id,
                role=assignment.role,
            )
            for assignment in Assignment.objects.filter(indicator_id__in=target_of).order_by(
                "indicator_id", "role", "id"
            )
            if target_of[assignment.indicator_id].pk not in owned
        ]
        Assignment.objects.bulk_create(rows)
        log_event(
            "standards.assignment.carried_over",
            actor=actor,
            target=new,
            new={"from_edition": old.edition, "assignments": len(rows), **diff.summary()},
        )
    return len(rows)
