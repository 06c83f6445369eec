"""Evidence files and agreement PDFs: served only to who may see the record."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from wenming.core.files import file_url
from wenming.core.permissions import RoleScope
from wenming.standards.models import Evidence, ResponsibilityAgreement
from wenming.standards.tests.factories import PDF_BYTES, criterion, make_framework
from wenming.testing import client_for, matrix_users

EXPECTED = {
    "anonymous": 302,
    "other_jurisdiction": 404,
    "other_unit": 404,
    "member_without": 404,
    "member_with": 200,
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def check_matrix(users, url, secret: bytes, *, old_view_url: str | None = None):
    # The file URL hides from a member without the permission that the file exists (404);
    # the record's own page answers them as every page does, 403.
    targets = [(url, EXPECTED)]
    if old_view_url:
        targets.append((old_view_url, {**EXPECTED, "member_without": 403}))
    for target, expected in targets:
        for actor, user in users.items():
            response = client_for(user).get(target)
            assert response.status_code == expected[actor], (target, actor, response.status_code)
            if response.status_code == 200:
                assert body(response) == secret
                assert response["X-Content-Type-Options"] == "nosniff"
                assert response["Cache-Control"].startswith("private")
            else:
                assert secret not in body(response)


@pytest.fixture
def evidence(world):
    with scope(jurisdiction=world.jurisdiction):
        framework = make_framework(world.jurisdiction)
        made = Evidence(
            jurisdiction=world.jurisdiction,
            indicator=criterion(framework),
            organization=world.unit,
            title="创建方案",
            kind="document",
            file_name="创建方案.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
            submitted_at=timezone.now(),
        )
        made.file.save("x.pdf", ContentFile(PDF_BYTES), save=False)
        made.save()
    return made


def test_an_evidence_file_reaches_only_who_may_see_the_evidence(world, evidence):
    users = matrix_users(world, world.unit, ["standards.view_evidence"], scope=RoleScope.OWN)
    url = file_url(evidence, "evidence")
    check_matrix(
        users,
        url,
        PDF_BYTES,
        old_view_url=reverse("standards:evidence-file", args=[evidence.pk]),
    )
    response = client_for(users["member_with"]).get(url)
    assert "%E5%88%9B%E5%BB%BA%E6%96%B9%E6%A1%88.pdf" in response["Content-Disposition"]
    # the file used to open at /media/ without a login although the evidence page asks for one
    assert client_for(None).get(f"/media/{evidence.file.name}").status_code == 404


def test_an_agreement_pdf_reaches_only_who_may_see_the_agreement(world):
    with scope(jurisdiction=world.jurisdiction):
        agreement = ResponsibilityAgreement(
            jurisdiction=world.jurisdiction,
            organization=world.unit,
            year=2026,
            title="2026年度目标责任书",
        )
        agreement.pdf.save("2026-1-v1.pdf", ContentFile(PDF_BYTES), save=False)
        agreement.save()
    users = matrix_users(world, world.unit, ["standards.view_agreement"], scope=RoleScope.OWN)
    check_matrix(users, file_url(agreement, "agreement"), PDF_BYTES)
    assert client_for(None).get(f"/media/{agreement.pdf.name}").status_code == 404
