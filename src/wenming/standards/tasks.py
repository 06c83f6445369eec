"""Background work of the standards area: workbook imports and archive exports.

The agreement PDF task lives in `standards.pdf`, below the actions that schedule it.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from wenming.core.errors import DomainError
from wenming.core.excel import Column, WorkbookError, build_workbook
from wenming.core.exports import log_export
from wenming.core.import_files import discard_import_files
from wenming.core.jobs import tracked_task, update_progress
from wenming.core.permissions import SYSTEM
from wenming.standards.actions import import_framework
from wenming.standards.choices import EvidenceStatus, IndicatorLevel
from wenming.standards.models import Evidence, Framework, Indicator

UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@tracked_task
def run_framework_import(job, storage_name: str, dry_run: bool = True):
    """Check (dry run) or import the uploaded workbook; the result is the import report."""
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
        discard_import_files(storage_name)
    return result


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
