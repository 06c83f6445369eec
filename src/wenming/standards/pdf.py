"""The agreement PDF in the official layout (WeasyPrint, Noto CJK fonts)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation


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
