"""The agreement PDF in the official layout (WeasyPrint, Noto CJK fonts), and its archiving.

Below the actions: issuing or amending an agreement schedules `render_agreement_pdf`.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from wenming.core.jobs import task
from wenming.standards.models import AgreementVersion, ResponsibilityAgreement


def agreement_html(agreement, version) -> str:
    with translation.override("zh-hans"):
        return render_to_string(
            "standards/pdf/agreement.html",
            {
                "agreement": agreement,
                "version": version,
                "organization": agreement.organization,
                "jurisdiction": agreement.jurisdiction,
                "lead_items": [i for i in version.items if i.get("role") == "lead"],
                "co_items": [i for i in version.items if i.get("role") != "lead"],
                "generated_at": timezone.localtime(),
            },
        )


def render_agreement(agreement, version) -> bytes:
    from weasyprint import HTML

    return HTML(string=agreement_html(agreement, version)).write_pdf()


@task()
def render_agreement_pdf(agreement_id: int, version_number: int) -> None:
    """Render and archive the PDF of one agreement version (issued or acknowledged)."""
    with scopes_disabled():
        archive_agreement_pdf(
            ResponsibilityAgreement.objects.select_related(
                "organization", "framework", "jurisdiction"
            ).get(pk=agreement_id),
            AgreementVersion.objects.get(agreement_id=agreement_id, number=version_number),
        )


def archive_agreement_pdf(agreement, version) -> bytes:
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
