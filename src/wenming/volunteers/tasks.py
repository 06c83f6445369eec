"""Background jobs: certificate PDFs and Excel imports (tracked: a person watches them)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.excel import workbook_bytes
from wenming.core.files import random_name
from wenming.core.import_files import discard_import_files
from wenming.core.jobs import tracked_task, update_progress
from wenming.core.permissions import SYSTEM
from wenming.volunteers.choices import CertificateStatus

#: Problems kept in a job's result for the preview (the full list is in the error workbook).
REPORT_LIMIT = 500


@tracked_task
def render_certificate(job, certificate_id: int) -> dict:
    from weasyprint import HTML

    from wenming.volunteers.models import Certificate
    from wenming.volunteers.qr import qr_data_uri

    certificate = Certificate.objects.select_related(
        "volunteer", "team__organization", "jurisdiction"
    ).get(pk=certificate_id)
    verify_url = (
        f"{settings.WENMING_PUBLIC_URL.rstrip('/')}{reverse('volunteers_public:verify')}"
        f"?code={certificate.verification_code}"
    )
    html = render_to_string(
        "volunteers/certificate_pdf.html",
        {
            "certificate": certificate,
            "volunteer": certificate.volunteer,
            "qr": qr_data_uri(verify_url),
            "verify_url": verify_url,
            "today": timezone.localdate(),
        },
    )
    pdf = HTML(string=html).write_pdf()
    # A random stored name: the verification code is what the public check page asks for,
    # so it must not also be the name of the file with the unmasked name in it.
    certificate.pdf.save(random_name("pdf"), ContentFile(pdf), save=False)
    fields = ["pdf", "updated_at"]
    if certificate.status == CertificateStatus.PENDING:
        certificate.status = CertificateStatus.ISSUED
        fields.append("status")
    certificate.save(update_fields=fields)
    job.result_file.name = certificate.pdf.name
    return {"certificate": certificate.pk, "code": certificate.verification_code}


def _summary(plan) -> dict:
    return {
        "rows_read": plan.report.rows_read,
        "good": plan.good_count,
        "bad": len(plan.report.bad_rows),
        "ok": plan.report.ok,
        "seconds": round(plan.seconds, 2),
        "problems": [p.__dict__ for p in plan.report.problems[:REPORT_LIMIT]],
        "more_problems": max(0, len(plan.report.problems) - REPORT_LIMIT),
    }


@tracked_task
def check_volunteer_import(job, path: str) -> dict:
    """The preview: validate the uploaded file and report row by row; writes nothing."""
    from wenming.volunteers.importing import error_workbook, plan_import

    update_progress(job, 10, _("Reading the file…"))
    with default_storage.open(path, "rb") as handle:
        plan = plan_import(handle, jurisdiction=job.jurisdiction)
    result = _summary(plan)
    update_progress(job, 100, "")
    if plan.bad_records:
        job.result_file.save(
            f"volunteer-import-errors-{job.public_id.hex[:8]}.xlsx",
            ContentFile(workbook_bytes(error_workbook(plan))),
            save=False,
        )
    return result


@tracked_task
def run_volunteer_import(job, path: str, skip_invalid: bool = False, team_id=None) -> dict:
    """Validate again (the registry may have changed since the preview) and insert."""
    from wenming.volunteers.importing import commit_import, plan_import
    from wenming.volunteers.models import Team

    with default_storage.open(path, "rb") as handle:
        plan = plan_import(handle, jurisdiction=job.jurisdiction)
    result = _summary(plan)
    if not plan.report.ok and not skip_invalid:
        result["created"] = 0
        raise ValueError(
            _("%(count)s rows have problems; nothing was imported.")
            % {"count": len(plan.report.bad_rows)}
        )
    update_progress(job, 50, _("Saving…"))
    team = Team.objects.get(pk=team_id) if team_id else None
    result["created"] = commit_import(
        plan, jurisdiction=job.jurisdiction, team=team, actor=job.created_by or SYSTEM
    )
    # Committed: the upload and the preview's error workbook are not needed any more.
    discard_import_files(path)
    update_progress(job, 100, "")
    return result
