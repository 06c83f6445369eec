"""Demo data: the SAMPLE county framework, owners for every unit, agreements, a year of evidence.

Evidence rows share three small placeholder files (a PDF, a PNG, an Excel sheet) stored once, so
the seed stays fast; they are records for the demo, not real material.
"""

from __future__ import annotations

import datetime
import io
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from wenming.core.excel import workbook_bytes, write_row
from wenming.organizations.choices import Position
from wenming.organizations.models import Membership
from wenming.standards.actions import generate_agreements, import_framework, set_framework_status
from wenming.standards.choices import (
    AgreementStatus,
    AssignmentRole,
    EvidenceKind,
    EvidenceStatus,
    IndicatorLevel,
)
from wenming.standards.models import (
    AgreementVersion,
    Assignment,
    Evidence,
    Framework,
    Indicator,
    ResponsibilityAgreement,
)
from wenming.standards.sample import SAMPLE_EDITION, SAMPLE_NAME, SAMPLE_NOTE, sample_workbook_bytes

#: `wenming seed` runs the apps by this number, smallest first: after organizations, whose units
#: it assigns.
SEED_ORDER = 20

#: Criteria left without an owner, so the "不缺项、不漏项" overview has something to show.
UNOWNED = 3
PLACEHOLDER_PDF = b"%PDF-1.4\n% Wenming demo placeholder\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _placeholders() -> dict[str, tuple[str, str, int]]:
    from openpyxl import Workbook
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (32, 24), (180, 40, 40)).save(png, "PNG")
    sheet = Workbook()
    write_row(sheet.active, ["示例台账", "演示数据"])
    files = {
        EvidenceKind.DOCUMENT: ("pdf", "application/pdf", PLACEHOLDER_PDF),
        EvidenceKind.PHOTO: ("png", "image/png", png.getvalue()),
        EvidenceKind.TABLE: (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            workbook_bytes(sheet),
        ),
    }
    stored: dict[str, tuple[str, str, int]] = {}
    for kind, (extension, content_type, data) in files.items():
        name = default_storage.save(f"evidence/demo/placeholder.{extension}", ContentFile(data))
        stored[kind] = (name, content_type, len(data))
    return stored


def seed(context) -> None:
    if Framework.objects.exists():
        context.write("standards: already seeded")
        context.shared["framework"] = Framework.objects.filter(is_sample=True).first()
        return
    started = time.monotonic()
    rng, jurisdiction, admin = context.random, context.jurisdiction, context.admin
    today = timezone.localdate()
    outcome = import_framework(
        io.BytesIO(sample_workbook_bytes()),
        jurisdiction=jurisdiction,
        name=SAMPLE_NAME,
        edition=SAMPLE_EDITION,
        actor=admin,
        is_sample=True,
        description=SAMPLE_NOTE,
        submission_start=datetime.date(today.year - 1, 1, 1),
        submission_end=datetime.date(today.year, 12, 31),
    )
    framework = set_framework_status(outcome.framework, "active", actor=admin)
    context.shared["framework"] = framework
    units = list(context.shared.get("responsible_units") or [])
    criteria = list(
        Indicator.objects.filter(framework=framework, level=IndicatorLevel.CRITERION).order_by(
            "position"
        )
    )
    assignments = []
    owned = criteria[:-UNOWNED] if len(criteria) > UNOWNED else criteria
    for index, criterion in enumerate(owned):
        lead = units[index % len(units)]
        assignments.append(
            Assignment(
                jurisdiction=jurisdiction, indicator=criterion, organization=lead, role="lead"
            )
        )
        for co in rng.sample([u for u in units if u.pk != lead.pk], k=min(2, len(units) - 1)):
            assignments.append(
                Assignment(
                    jurisdiction=jurisdiction,
                    indicator=criterion,
                    organization=co,
                    role=AssignmentRole.CO,
                )
            )
    Assignment.objects.bulk_create(assignments)
    _seed_agreements(context, framework, today.year)
    _seed_evidence(context, framework, assignments, today)
    context.write(
        f"standards: sample framework ({len(criteria)} criteria), {len(assignments)} assignments "
        f"in {time.monotonic() - started:.1f}s"
    )


def _seed_agreements(context, framework, year: int) -> None:
    count = generate_agreements(framework, year=year, actor=context.admin)
    agreements = list(ResponsibilityAgreement.objects.filter(framework=framework, year=year))
    heads = dict(
        Membership.objects.filter(
            organization_id__in=[a.organization_id for a in agreements], position=Position.HEAD
        ).values_list("organization_id", "person__user_id")
    )
    moment = timezone.make_aware(datetime.datetime(year, 2, 20, 10, 0))
    acknowledged, issued = [], []
    for agreement in agreements:
        if context.random.random() < 0.9:
            agreement.status = AgreementStatus.ACKNOWLEDGED
            agreement.acknowledged_by_id = heads.get(agreement.organization_id)
            agreement.acknowledged_at = moment + datetime.timedelta(
                hours=context.random.randrange(200)
            )
            acknowledged.append(agreement)
        else:
            agreement.status = AgreementStatus.ISSUED
            issued.append(agreement)
    ResponsibilityAgreement.objects.bulk_update(
        agreements, ["status", "acknowledged_by", "acknowledged_at"]
    )
    versions = list(AgreementVersion.objects.filter(agreement__in=acknowledged))
    by_agreement = {a.pk: a for a in acknowledged}
    for version in versions:
        version.acknowledged_by_id = by_agreement[version.agreement_id].acknowledged_by_id
        version.acknowledged_at = by_agreement[version.agreement_id].acknowledged_at
    AgreementVersion.objects.bulk_update(versions, ["acknowledged_by", "acknowledged_at"])
    context.write(f"standards: {count} agreements ({len(acknowledged)} acknowledged)")


def _seed_evidence(context, framework, assignments, today) -> None:
    rng = context.random
    files = _placeholders()
    start = datetime.date(today.year - 1, 1, 1)
    span = max(1, (today - start).days)
    statuses = (
        [EvidenceStatus.ACCEPTED] * 14
        + [EvidenceStatus.SUBMITTED] * 3
        + [EvidenceStatus.RETURNED] * 2
        + [EvidenceStatus.REJECTED]
    )
    titles = {
        EvidenceKind.DOCUMENT: ["工作方案", "会议纪要", "工作总结", "制度文件"],
        EvidenceKind.PHOTO: ["活动照片", "现场照片", "宣传栏照片"],
        EvidenceKind.TABLE: ["工作台账", "统计表", "签到表"],
    }
    rows = []
    for assignment in assignments:
        pieces = rng.randint(1, 3) if assignment.role == AssignmentRole.LEAD else rng.randint(0, 1)
        for _ in range(pieces):
            kind = rng.choice(list(titles))
            name, content_type, size = files[kind]
            status = rng.choice(statuses)
            submitted = timezone.make_aware(
                datetime.datetime.combine(
                    start + datetime.timedelta(days=rng.randrange(span)), datetime.time(9)
                )
                + datetime.timedelta(minutes=rng.randrange(480))
            )
            reviewed = status != EvidenceStatus.SUBMITTED
            rows.append(
                Evidence(
                    jurisdiction=context.jurisdiction,
                    indicator=assignment.indicator,
                    organization=assignment.organization,
                    title=f"{assignment.indicator.code} {rng.choice(titles[kind])}",
                    kind=kind,
                    file=name,
                    file_name=f"{rng.choice(titles[kind])}.{name.rsplit('.', 1)[-1]}",
                    content_type=content_type,
                    size=size,
                    status=status,
                    review_reason=""
                    if status in (EvidenceStatus.ACCEPTED, EvidenceStatus.SUBMITTED)
                    else rng.choice(["缺少单位盖章", "材料与标准不对应", "照片不清晰，请补充"]),
                    submitted_at=submitted,
                    reviewed_at=submitted + datetime.timedelta(days=rng.randint(1, 7))
                    if reviewed
                    else None,
                    reviewed_by=context.admin if reviewed else None,
                    submitted_by=None,
                )
            )
    Evidence.objects.bulk_create(rows, batch_size=1000)
    context.write(f"standards: {len(rows)} pieces of evidence")
