"""Excel import of volunteers: one validating pass, duplicates found in chunks, bulk insert.

Rules: normalise what can be normalised (full-width digits, a lower-case
x, spaces); reject an ID number that Excel turned into a number, with the reason; reject
duplicates inside the file and against the registry; nothing is written unless every row is
good, or the caller chose to skip bad rows (then they go to an error workbook).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wenming.core.audit import log_event
from wenming.core.crypto import keyed_hash
from wenming.core.excel import Column, RowReport, build_workbook, read_rows, workbook_bytes
from wenming.core.permissions import require
from wenming.core.validators import normalize_id_number, normalize_phone
from wenming.organizations.models import Division, Organization
from wenming.volunteers.actions.registry import NAME_MAX_LENGTH, build_volunteer
from wenming.volunteers.choices import VolunteerStatus
from wenming.volunteers.models import Team, TeamMembership, Volunteer, VolunteerBalance

COLUMNS = [
    Column("name", "姓名", required=True, aliases=("名字", "志愿者姓名")),
    Column(
        "id_number", "身份证号", required=True, aliases=("身份证号码", "公民身份号码"), width=22
    ),
    Column("phone", "手机号", required=True, aliases=("手机", "手机号码", "联系电话"), width=14),
    Column("township", "乡镇街道", aliases=("乡镇(街道)", "乡镇", "街道")),
    Column("village", "村（社区）", aliases=("村(社区)", "村社区", "社区", "村")),
    Column("skills", "技能", aliases=("特长", "专业技能"), width=24),
]
HEADERS = {column.key: column.header for column in COLUMNS}
LOOKUP_CHUNK = 1000
BATCH_SIZE = 2000


@dataclass
class ImportPlan:
    """What a file would import: the report, and the good rows ready to insert."""

    report: RowReport
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    bad_records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def good_count(self) -> int:
        return len(self.rows)


def template_workbook():
    from wenming.core.excel import text_cells_template

    return text_cells_template(COLUMNS, title="志愿者", text_keys={"id_number", "phone"})


def _message(error: ValidationError) -> str:
    item = error.error_list[0]
    return str(item.message % item.params if item.params else item.message)


def _text(value) -> str:
    return "" if value is None else "".join(str(value).split())


def plan_import(source, *, jurisdiction) -> ImportPlan:
    """Read and check every row (raises `WorkbookError` when the file as a whole is wrong)."""
    started = time.perf_counter()
    sheet = read_rows(source, COLUMNS)
    report = RowReport()
    townships = {}
    villages = {}
    for division in Division.objects.filter(level__in=["township", "village"]):
        if division.level == "township":
            townships[division.name] = division
            townships[division.code] = division
        else:
            villages[(division.parent_id, division.name)] = division
            villages[(division.parent_id, division.code)] = division
    seen: dict[str, int] = {}
    rows: list[tuple[int, dict[str, Any]]] = []
    bad: dict[int, dict[str, Any]] = {}
    for number, record in sheet:
        report.rows_read += 1
        problems = []
        name = _text(record.get("name"))
        if not name:
            problems.append(
                (HEADERS["name"], pgettext("volunteers", "The name is empty."), "name_required")
            )
        elif len(name) > NAME_MAX_LENGTH:
            problems.append((HEADERS["name"], _("The name is too long."), "name_too_long"))
        id_number = phone = None
        try:
            id_number = normalize_id_number(record.get("id_number"))
        except ValidationError as error:
            problems.append((HEADERS["id_number"], _message(error), "invalid_id_number"))
        try:
            phone = normalize_phone(record.get("phone"))
        except ValidationError as error:
            problems.append((HEADERS["phone"], _message(error), "invalid_phone"))
        division = None
        township_text, village_text = _text(record.get("township")), _text(record.get("village"))
        if township_text:
            township = townships.get(township_text)
            if township is None:
                problems.append(
                    (HEADERS["township"], _("No such township in this city."), "unknown_division")
                )
            else:
                division = township
                if village_text:
                    division = villages.get((township.pk, village_text))
                    if division is None:
                        problems.append(
                            (
                                HEADERS["village"],
                                _("No such village or community in %(township)s.")
                                % {"township": township.name},
                                "unknown_division",
                            )
                        )
        elif village_text:
            problems.append(
                (HEADERS["township"], _("Give the township of the village."), "township_required")
            )
        id_hash = keyed_hash(id_number) if id_number else None
        if id_hash:
            if id_hash in seen:
                problems.append(
                    (
                        HEADERS["id_number"],
                        _("The same ID number is in row %(row)s.") % {"row": seen[id_hash]},
                        "duplicate_in_file",
                    )
                )
            else:
                seen[id_hash] = number
        if problems:
            for column, message, code in problems:
                report.add(number, column, message, code)
            bad[number] = record
            continue
        rows.append(
            (
                number,
                {
                    "name": name,
                    "id_number": id_number,
                    "id_number_hash": id_hash,
                    "phone": phone,
                    "division": division,
                    "skills": str(record.get("skills") or "").strip()[:200],
                },
            )
        )
    registered = _registered_hashes([row["id_number_hash"] for _number, row in rows])
    if registered:
        kept = []
        for number, row in rows:
            if row["id_number_hash"] in registered:
                report.add(
                    number,
                    HEADERS["id_number"],
                    _("A volunteer with this ID number is already registered."),
                    "duplicate_volunteer",
                )
                bad[number] = {"name": row["name"], "id_number": row["id_number"]}
            else:
                kept.append((number, row))
        rows = kept
    return ImportPlan(
        report,
        rows,
        sorted(bad.items()),
        seconds=time.perf_counter() - started,
    )


def _registered_hashes(hashes: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        chunk = hashes[start : start + LOOKUP_CHUNK]
        found.update(
            Volunteer.objects.filter(id_number_hash__in=chunk).values_list(
                "id_number_hash", flat=True
            )
        )
    return found


def commit_import(plan: ImportPlan, *, jurisdiction, team: Team | None = None, actor) -> int:
    """Insert every good row in one transaction; the caller decides whether bad rows block."""
    require(actor, "volunteers.import_volunteer", team or Volunteer)
    organization_by_division = dict(
        Organization.objects.filter(division__isnull=False)
        .filter(kind__in=["village_committee", "township_government"])
        .values_list("division_id", "pk")
    )
    now = timezone.now()
    volunteers = []
    for _number, row in plan.rows:
        division = row["division"]
        volunteer = build_volunteer(
            jurisdiction=jurisdiction,
            name=row["name"],
            id_number=row["id_number"],
            phone=row["phone"],
            division=division,
            organization_id=organization_by_division.get(division.pk) if division else None,
            skills=row["skills"],
            status=VolunteerStatus.APPROVED,
            approved_at=now,
        )
        volunteers.append(volunteer)
    with transaction.atomic():
        Volunteer.objects.bulk_create(volunteers, batch_size=BATCH_SIZE)
        VolunteerBalance.objects.bulk_create(
            [VolunteerBalance(jurisdiction=jurisdiction, volunteer=v) for v in volunteers],
            batch_size=BATCH_SIZE,
        )
        if team is not None:
            TeamMembership.objects.bulk_create(
                [
                    TeamMembership(jurisdiction=jurisdiction, team=team, volunteer=v)
                    for v in volunteers
                ],
                batch_size=BATCH_SIZE,
            )
            from django.db.models import F

            Team.objects.filter(pk=team.pk).update(member_count=F("member_count") + len(volunteers))
        log_event(
            "volunteers.volunteer.imported",
            actor=actor,
            jurisdiction=jurisdiction,
            new={"count": len(volunteers), "team": team.pk if team else None},
        )
    return len(volunteers)


def error_workbook(plan: ImportPlan):
    """The bad rows with their reasons, to fix and import again (ID numbers stay as given)."""
    reasons: dict[int, list[str]] = {}
    for problem in plan.report.problems:
        reasons.setdefault(problem.row, []).append(f"{problem.column}：{problem.message}")
    columns = [
        Column("row", "原行号", width=8),
        *[Column(c.key, c.header, width=c.width) for c in COLUMNS],
        Column("reason", "错误原因", width=60),
    ]
    objects = [
        {
            "row": number,
            **{
                c.key: ("" if record.get(c.key) is None else str(record.get(c.key)))
                for c in COLUMNS
            },
            "reason": "；".join(reasons.get(number, [])),
        }
        for number, record in plan.bad_records
    ]
    return build_workbook(columns, objects, title="错误行")


def write_error_workbook(plan: ImportPlan, source_path: Path) -> Path:
    target = source_path.with_name(f"{source_path.stem}-errors.xlsx")
    target.write_bytes(workbook_bytes(error_workbook(plan)))
    return target
