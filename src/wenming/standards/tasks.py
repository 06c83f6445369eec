"""Background work of the standards area: workbook imports, archive exports, agreement PDFs."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from wenming.core.excel import Column, build_workbook
from wenming.core.exports import log_export
from wenming.core.jobs import task, tracked_task, update_progress
from wenming.core.permissions import SYSTEM
from wenming.standards.choices import EvidenceStatus, IndicatorLevel

UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@tracked_task
def run_framework_import(job, storage_name: str, dry_run: bool = True):
    """Check (dry run) or import the uploaded workbook; the result is the import report."""
    from wenming.core.errors import DomainError
    from wenming.core.excel import WorkbookError
    from wenming.standards.actions import import_framework

    parameters = job.parameters
    update_progress(job, 10, "")
    with default_storage.open(storage_name, "rb") as handle:
        data = handle.read()
    try:
        outcome = import_framework(
            io.BytesIO(data),
            jurisdiction=job.jurisdiction,
            name=parameters["name"],
            edition=parameters["edition"],
            kind=parameters.get("kind") or "county_city",
            actor=job.created_by or SYSTEM,
            dry_run=dry_run,
        )
    except (WorkbookError, DomainError) as error:
        return {"ok": False, "fatal": str(getattr(error, "message", error))}
    result = outcome.as_dict()
    if outcome.framework is not None:
        from wenming.core.import_files import discard_import_files

        discard_import_files(storage_name)
    return result


@task()
def render_agreement_pdf(agreement_id: int, version_number: int) -> None:
    """Render and archive the PDF of one agreement version (issued or acknowledged)."""
    from django_scopes import scopes_disabled

    from wenming.standards.models import AgreementVersion, ResponsibilityAgreement

    with scopes_disabled():
        archive_agreement_pdf(
            ResponsibilityAgreement.objects.select_related(
                "organization", "framework", "jurisdiction"
            ).get(pk=agreement_id),
            AgreementVersion.objects.get(agreement_id=agreement_id, number=version_number),
        )


def archive_agreement_pdf(agreement, version) -> bytes:
    from wenming.standards.models import AgreementVersion, ResponsibilityAgreement
    from wenming.standards.pdf import render_agreement

    data = render_agreement(agreement, version)
    name = f"{agreement.year}-{agreement.organization_id}-v{version.number}.pdf"
    version.pdf.save(name, ContentFile(data), save=False)
    AgreementVersion.objects.with_scopes_disabled().filter(pk=version.pk).update(
        pdf=version.pdf.name
    )
    if version.number == agreement.version:
        ResponsibilityAgreement.objects.with_scopes_disabled().filter(pk=agreement.pk).update(
            pdf=version.pdf.name
        )
        agreement.pdf = version.pdf.name
    return data


INDEX_COLUMNS = [
    Column("number", "序号", width=6),
    Column("code", "编码", width=12),
    Column("criterion", "测评标准", width=50),
    Column("unit", "提交单位", width=24),
    Column("title", "资料名称", width=30),
    Column("kind", "类型", width=8),
    Column("status", "审核状态", width=10),
    Column("path", "文件位置", width=40),
    Column("submitted_at", "提交时间", width=18),
]


def _safe(text: str, limit: int = 40) -> str:
    return UNSAFE.sub("_", text).strip("._")[:limit] or "_"


def write_archive(framework, target, *, statuses=(EvidenceStatus.ACCEPTED,), progress=None) -> dict:
    """Write the evidence of `framework` to the zip `target`: one folder per criterion in
    framework order and an index sheet. Returns counts and bytes written."""
    from wenming.standards.models import Evidence, Indicator

    criteria = list(
        Indicator.objects.filter(framework=framework, level=IndicatorLevel.CRITERION)
        .order_by("position")
        .values_list("pk", "position", "code", "name")
    )
    folder_of = {
        pk: f"{index:03d}_{_safe(code, 20)}_{_safe(name, 24)}"
        for index, (pk, _position, code, name) in enumerate(criteria, start=1)
    }
    order_of = {pk: position for pk, position, _code, _name in criteria}
    evidence = sorted(
        Evidence.objects.filter(indicator__framework=framework, status__in=statuses)
        .select_related("organization", "indicator")
        .only(
            "pk",
            "title",
            "kind",
            "status",
            "file",
            "submitted_at",
            "indicator__code",
            "indicator__name",
            "indicator_id",
            "organization__name",
            "organization__short_name",
        ),
        key=lambda e: (order_of.get(e.indicator_id, 0), e.organization.name, e.pk),
    )
    rows = []
    total_bytes = 0
    used: set[str] = set()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, item in enumerate(evidence, start=1):
            extension = os.path.splitext(item.file.name)[1] or ""
            unit = item.organization.short_name or item.organization.name
            path = f"{folder_of[item.indicator_id]}/{_safe(unit, 20)}_{_safe(item.title, 40)}"
            candidate, suffix = f"{path}{extension}", 2
            while candidate in used:
                candidate, suffix = f"{path}_{suffix}{extension}", suffix + 1
            used.add(candidate)
            with item.file.open("rb") as handle:
                data = handle.read()
            archive.writestr(candidate, data)
            total_bytes += len(data)
            rows.append(
                {
                    "number": number,
                    "code": item.indicator.code,
                    "criterion": item.indicator.name,
                    "unit": item.organization.name,
                    "title": item.title,
                    "kind": item.get_kind_display(),
                    "status": item.get_status_display(),
                    "path": candidate,
                    "submitted_at": timezone.localtime(item.submitted_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                }
            )
            if progress and number % 200 == 0:
                progress(int(number * 90 / max(1, len(evidence))))
        index = io.BytesIO()
        build_workbook(INDEX_COLUMNS, rows, title="资料索引").save(index)
        archive.writestr("000_资料索引.xlsx", index.getvalue())
    return {"files": len(rows), "bytes": total_bytes, "criteria": len(criteria)}


@tracked_task
def export_evidence_archive(job, framework_id: int):
    from wenming.standards.models import Evidence, Framework

    framework = Framework.objects.get(pk=framework_id)
    with tempfile.TemporaryFile() as handle:
        counts = write_archive(
            framework, handle, progress=lambda pct: update_progress(job, pct, "")
        )
        handle.seek(0)
        name = f"资料归档-{_safe(framework.name)}-{framework.edition}-{timezone.localdate():%Y%m%d}.zip"
        job.result_file.save(name, File(handle), save=False)
    log_export(
        model=Evidence,
        rows=counts["files"],
        actor=job.created_by,
        file_format="zip",
        filters={"framework": framework.pk},
        target=framework,
        details={"file": name, "job": str(job.public_id), "bytes": counts["bytes"]},
    )
    return counts
