"""Responsibility agreements: generated from assignments, acknowledged once, amended."""

import pytest

from wenming.core.errors import ConflictError, DomainError
from wenming.core.permissions import SYSTEM
from wenming.standards.actions import (
    acknowledge_agreement,
    amend_agreement,
    generate_agreement,
    generate_agreements,
    issue_agreement,
    update_agreement,
)
from wenming.standards.choices import AgreementStatus
from wenming.standards.models import AgreementVersion, ResponsibilityAgreement
from wenming.standards.tests.factories import assign, make_framework


@pytest.fixture
def agreement(in_scope):
    framework = make_framework(in_scope.jurisdiction)
    assign(framework, in_scope.unit, [in_scope.sibling_unit])
    assign(framework, in_scope.sibling_unit, [in_scope.unit], code="1.1.2.1")
    return generate_agreement(in_scope.unit, framework, year=2025, actor=SYSTEM)


def test_generated_from_assignments(in_scope, agreement):
    items = agreement.versions.get(number=1).items
    assert [(i["code"], i["role"]) for i in items] == [("1.1.1.1", "lead"), ("1.1.2.1", "co")]
    assert items[0]["deadline"] == "2025-12-31"
    with pytest.raises(ConflictError):
        generate_agreement(in_scope.unit, agreement.framework, year=2025, actor=SYSTEM)


def test_generate_for_every_owner(in_scope, agreement):
    assert generate_agreements(agreement.framework, year=2025, actor=SYSTEM) == 1  # sibling only
    assert ResponsibilityAgreement.objects.filter(year=2025).count() == 2


def test_head_acknowledges_once(in_scope, agreement, django_capture_on_commit_callbacks):
    head = in_scope.member(in_scope.unit, ["standards.acknowledge_agreement"], position="head")
    issue_agreement(agreement, actor=SYSTEM)
    with django_capture_on_commit_callbacks(execute=True):
        acknowledge_agreement(agreement, actor=head)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACKNOWLEDGED
    assert agreement.versions.get(number=1).acknowledged_by == head
    assert agreement.pdf.name.endswith(".pdf")
    with pytest.raises(ConflictError) as caught:
        acknowledge_agreement(agreement, actor=head)
    assert caught.value.code == "already_acknowledged"


def test_only_the_head_acknowledges(in_scope, agreement):
    liaison = in_scope.member(
        in_scope.unit, ["standards.acknowledge_agreement"], position="liaison"
    )
    issue_agreement(agreement, actor=SYSTEM)
    with pytest.raises(DomainError) as caught:
        acknowledge_agreement(agreement, actor=liaison)
    assert caught.value.code == "not_head"
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ISSUED


def test_editing_a_signed_agreement_is_refused_amendment_versions_it(in_scope, agreement):
    head = in_scope.member(in_scope.unit, ["standards.acknowledge_agreement"], position="head")
    update_agreement(
        agreement, items=agreement.versions.get().items, targets="年度目标A", actor=SYSTEM
    )
    issue_agreement(agreement, actor=SYSTEM)
    acknowledge_agreement(agreement, actor=head)
    items = agreement.versions.get(number=1).items
    with pytest.raises(ConflictError) as caught:
        update_agreement(agreement, items=items, targets="偷偷改", actor=SYSTEM)
    assert caught.value.code == "agreement_signed"
    assert agreement.versions.get(number=1).targets == "年度目标A"
    with pytest.raises(DomainError):
        amend_agreement(agreement, items=items, targets="B", reason="", actor=SYSTEM)
    amend_agreement(
        agreement, items=items[:1], targets="年度目标B", reason="职责调整", actor=SYSTEM
    )
    agreement.refresh_from_db()
    assert (agreement.version, agreement.status) == (2, AgreementStatus.ISSUED)
    assert AgreementVersion.objects.get(agreement=agreement, number=1).targets == "年度目标A"
    acknowledge_agreement(agreement, actor=head)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACKNOWLEDGED


def test_pdf_is_rendered_with_chinese_text(in_scope, agreement):
    import re

    from weasyprint import HTML

    from wenming.standards.pdf import agreement_html, render_agreement

    version = agreement.versions.get()
    html = agreement_html(agreement, version)
    assert "目标责任书" in html and "1.1.1.1" in html
    assert render_agreement(agreement, version).startswith(b"%PDF")
    fonts = set(
        re.findall(
            rb"/BaseFont\s*/([A-Za-z+\-]+)", HTML(string=html).write_pdf(uncompressed_pdf=True)
        )
    )
    assert any(b"Noto-Serif-CJK-SC" in font for font in fonts), fonts


@pytest.mark.parametrize("year", ["", "二〇二五", "99999"])
def test_the_generate_page_refuses_a_year_out_of_range_and_drafts_nothing(world, year):
    from django.urls import reverse
    from django_scopes import scope

    from wenming.core.permissions import RoleScope
    from wenming.testing import client_for

    with scope(jurisdiction=world.jurisdiction):
        framework = make_framework(world.jurisdiction)
        assign(framework, world.unit)
    office = world.member(
        world.office,
        ["standards.view_framework", "standards.manage_agreement"],
        scope=RoleScope.JURISDICTION,
    )
    response = client_for(office).post(
        reverse("standards:agreement-generate", args=[framework.pk]), {"year": year}
    )
    assert (response.status_code, response["Location"]) == (302, framework.get_absolute_url())
    with scope(jurisdiction=world.jurisdiction):
        assert not ResponsibilityAgreement.objects.exists()
