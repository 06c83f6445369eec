"""Permission matrix of every standards page and API operation (see testing.matrix).

Frameworks and their indicators are shared by the whole jurisdiction: every member holding the
view permission reads them; managing them takes a jurisdiction-wide grant. Evidence, assignments
and agreements belong to a unit.
"""

import pytest
from django.urls import reverse

from wenming.core.models import Job
from wenming.core.permissions import SYSTEM, RoleScope
from wenming.standards.actions import generate_agreement, issue_agreement, submit_evidence
from wenming.standards.choices import EvidenceKind
from wenming.standards.models import (
    AgreementVersion,
    Assignment,
    Evidence,
    Framework,
    ResponsibilityAgreement,
)
from wenming.standards.tests.factories import (
    assign,
    criterion,
    make_framework,
    pdf_upload,
    workbook_file,
)
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot

VIEW = "standards.view_framework"
MANAGE = "standards.manage_framework"
VIEW_EVIDENCE = "standards.view_evidence"
SUBMIT = "standards.submit_evidence"
REVIEW = "standards.review_evidence"
VIEW_AGREEMENT = "standards.view_agreement"
MANAGE_AGREEMENT = "standards.manage_agreement"
ACKNOWLEDGE = "standards.acknowledge_agreement"
OFFICE = {"owner": "office", "scope": RoleScope.JURISDICTION}
#: Shared rows: the sibling unit holding the view permission reads them too.
SHARED_READ = {"other_unit": 200}
#: Issue 8 §7: an object-less check of a change permission skips the shared-rows rule, so a
#: grant for one's own unit alone passes. The permission gate (model class passed) closes it.


def _framework(world):
    framework = make_framework(world.jurisdiction)
    return {"framework": framework, "indicator": criterion(framework)}


def _owned(world):
    framework = make_framework(world.jurisdiction)
    return {"framework": framework, "indicator": assign(framework, world.unit)}


def _two_editions(world):
    previous = make_framework(world.jurisdiction, edition="2024")
    assign(previous, world.unit)
    framework = make_framework(world.jurisdiction)
    return {"framework": framework, "previous": previous, "indicator": criterion(framework)}


def _evidence(world):
    objects = _owned(world)
    evidence = submit_evidence(
        objects["indicator"],
        world.unit,
        upload=pdf_upload(),
        title="台账照片",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )
    return {**objects, "evidence": evidence}


def _agreement(world, issued=True):
    objects = _owned(world)
    agreement = generate_agreement(world.unit, objects["framework"], year=2025, actor=SYSTEM)
    if issued:
        issue_agreement(agreement, actor=SYSTEM)
    return {**objects, "agreement": agreement}


def _signed(world):
    """An agreement the unit's head has acknowledged (set directly: the system is no head)."""
    from django.utils import timezone

    objects = _agreement(world)
    ResponsibilityAgreement.objects.filter(pk=objects["agreement"].pk).update(
        status="acknowledged", acknowledged_at=timezone.now()
    )
    return objects


def _versions(given):
    return snapshot(AgreementVersion, "number", "targets", "reason")


def _import_job(world, user):
    job = Job.objects.create(
        jurisdiction=world.jurisdiction,
        kind="standards.framework_check",
        title="检查测评体系",
        created_by=user,
        result={"ok": True},
        parameters={"name": "测评体系", "edition": "2026", "kind": "county_city"},
    )
    return {"job": job}


def _frameworks(given):
    return snapshot(
        Framework, "status", "kind", "description", jurisdiction=given.world.jurisdiction
    )


def _assignments(given):
    return snapshot(Assignment, "indicator_id", "organization_id", "role")


def _agreements(given):
    return snapshot(ResponsibilityAgreement, "status", "version", "acknowledged_at")


def _framework_url(name):
    return lambda g: reverse(name, args=[g.framework.pk])


CASES = [
    Case("standards:framework-list", [VIEW], setup=_framework, visible="测试体系", shared=True),
    # The empty template holds no data: every member holding the permission may fetch it.
    Case(
        "standards:framework-template", [VIEW], expected={**SHARED_READ, "other_jurisdiction": 200}
    ),
    Case(
        "standards:framework-detail",
        [VIEW],
        setup=_framework,
        url=_framework_url("standards:framework-detail"),
        expected=SHARED_READ,
    ),
    Case(
        "standards:framework-export",
        [VIEW],
        setup=_framework,
        url=_framework_url("standards:framework-export"),
        expected=SHARED_READ,
    ),
    Case(
        "standards:framework-diff",
        [VIEW],
        setup=_two_editions,
        url=lambda g: (
            reverse("standards:framework-diff", args=[g.framework.pk]) + f"?against={g.previous.pk}"
        ),
        expected=SHARED_READ,
    ),
    Case(
        "standards:framework-diff",
        [VIEW, MANAGE],
        **OFFICE,
        label="carry over",
        setup=_two_editions,
        method="post",
        url=_framework_url("standards:framework-diff"),
        data=lambda g: {"against": g.previous.pk},
        changed=_assignments,
    ),
    Case(
        "standards:assignment-list",
        [VIEW],
        setup=_owned,
        url=_framework_url("standards:assignment-list"),
        expected=SHARED_READ,
    ),
    Case(
        "standards:framework-edit",
        [VIEW, MANAGE],
        **OFFICE,
        setup=_framework,
        method="post",
        url=_framework_url("standards:framework-edit"),
        data={"kind": "county_city", "description": "新的说明"},
        changed=_frameworks,
    ),
    Case(
        "standards:framework-status",
        [VIEW, MANAGE],
        **OFFICE,
        setup=_framework,
        method="post",
        url=_framework_url("standards:framework-status"),
        data={"status": "active"},
        changed=_frameworks,
    ),
    Case(
        "standards:framework-import",
        [VIEW, MANAGE],
        **OFFICE,
        method="post",
        data=lambda g: {
            "file": _workbook(),
            "name": "测评体系",
            "edition": "2026",
            "kind": "county_city",
        },
        changed=lambda g: snapshot(Job, "kind", jurisdiction=g.world.jurisdiction),
        # The other jurisdiction's office checks a workbook for its own jurisdiction.
        expected={"other_jurisdiction": 302},
    ),
    Case(
        "standards:framework-import-job",
        [VIEW, MANAGE],
        **OFFICE,
        personal=_import_job,
        url=lambda g: reverse("standards:framework-import-job", args=[g.job.public_id]),
    ),
    Case(
        "standards:assignment-edit",
        [VIEW, MANAGE],
        **OFFICE,
        setup=_framework,
        method="post",
        url=lambda g: reverse("standards:assignment-edit", args=[g.indicator.pk]),
        data=lambda g: {"lead": g.world.unit.pk, "co_units": [g.world.sibling_unit.pk]},
        changed=_assignments,
    ),
    Case(
        "standards:completeness",
        [VIEW, VIEW_EVIDENCE],
        setup=_evidence,
        url=_framework_url("standards:completeness"),
        expected=SHARED_READ,
    ),
    Case(
        "standards:archive-export",
        [VIEW, VIEW_EVIDENCE, REVIEW],
        **OFFICE,
        setup=_evidence,
        method="post",
        url=_framework_url("standards:archive-export"),
        changed=lambda g: snapshot(Job, "kind", jurisdiction=g.world.jurisdiction),
    ),
    Case(
        "standards:agreement-generate",
        [VIEW, VIEW_AGREEMENT, MANAGE_AGREEMENT],
        **OFFICE,
        setup=_owned,
        method="post",
        url=_framework_url("standards:agreement-generate"),
        data={"year": 2025, "targets": "完成年度创建任务"},
        changed=_agreements,
    ),
    Case(
        "standards:agreement-list",
        [VIEW_AGREEMENT],
        setup=_agreement,
        visible=lambda g: g.agreement.title,
    ),
    Case(
        "standards:agreement-detail",
        [VIEW_AGREEMENT, ACKNOWLEDGE],
        position="head",
        setup=_agreement,
        method="post",
        url=lambda g: reverse("standards:agreement-detail", args=[g.agreement.pk]),
        data={"operation": "acknowledge"},
        changed=_agreements,
    ),
    Case(
        "standards:agreement-pdf",
        [VIEW_AGREEMENT],
        setup=_agreement,
        url=lambda g: reverse("standards:agreement-pdf", args=[g.agreement.pk]),
    ),
    Case("standards:evidence-list", [VIEW_EVIDENCE], setup=_evidence, visible="台账照片"),
    Case(
        "standards:evidence-submit",
        [VIEW_EVIDENCE, SUBMIT],
        setup=_owned,
        method="post",
        data=lambda g: {
            "indicator": g.indicator.pk,
            "organization": g.world.unit.pk,
            "kind": "document",
            "title": "整改方案",
            "file": pdf_upload(),
        },
        changed=lambda g: snapshot(Evidence, "title"),
        # The form offers only one's own units: elsewhere it comes back with the error.
        expected={"other_unit": (403, 404, 422), "other_jurisdiction": (403, 404, 422)},
    ),
    Case(
        "standards:evidence-detail",
        [VIEW_EVIDENCE, REVIEW],
        setup=_evidence,
        method="post",
        url=lambda g: reverse("standards:evidence-detail", args=[g.evidence.pk]),
        data={"decision": "returned", "reason": "缺少盖章"},
        changed=lambda g: refreshed(g.evidence, "status", "review_reason"),
    ),
    Case(
        "standards:evidence-file",
        [VIEW_EVIDENCE],
        setup=_evidence,
        url=lambda g: reverse("standards:evidence-file", args=[g.evidence.pk]),
    ),
    # --- API ---
    Case("GET /api/v1/frameworks", [VIEW], setup=_framework, visible="测试体系", shared=True),
    Case(
        "GET /api/v1/frameworks/{framework_id}",
        [VIEW],
        setup=_framework,
        url=lambda g: f"/api/v1/frameworks/{g.framework.pk}",
        expected=SHARED_READ,
    ),
    Case(
        "PATCH /api/v1/frameworks/{framework_id}",
        [VIEW, MANAGE],
        **OFFICE,
        setup=_framework,
        method="patch",
        url=lambda g: f"/api/v1/frameworks/{g.framework.pk}",
        data={"kind": "county_city", "description": "新的说明"},
        changed=_frameworks,
    ),
    Case(
        "POST /api/v1/frameworks/{framework_id}/carry-over",
        [VIEW, MANAGE],
        **OFFICE,
        setup=_two_editions,
        method="post",
        url=lambda g: f"/api/v1/frameworks/{g.framework.pk}/carry-over",
        data=lambda g: {"from_framework_id": g.previous.pk},
        changed=_assignments,
    ),
    Case(
        "GET /api/v1/frameworks/{framework_id}/tree",
        [VIEW],
        setup=_framework,
        url=lambda g: f"/api/v1/frameworks/{g.framework.pk}/tree",
        expected=SHARED_READ,
    ),
    Case(
        "GET /api/v1/frameworks/{framework_id}/assignments",
        [VIEW],
        setup=_owned,
        url=lambda g: f"/api/v1/frameworks/{g.framework.pk}/assignments",
        expected=SHARED_READ,
    ),
    Case(
        "GET /api/v1/frameworks/{framework_id}/unowned",
        [VIEW],
        setup=_framework,
        url=lambda g: f"/api/v1/frameworks/{g.framework.pk}/unowned",
        expected=SHARED_READ,
    ),
    Case(
        "POST /api/v1/frameworks/import",
        [VIEW, MANAGE],
        **OFFICE,
        method="post",
        format="multipart",
        data=lambda g: {"file": _workbook(), "name": "测评体系", "edition": "2026"},
        changed=_frameworks,
        # The other jurisdiction's office imports a framework into its own jurisdiction.
        expected={"other_jurisdiction": 201},
    ),
    Case(
        "PUT /api/v1/criteria/{indicator_id}/assignments",
        [MANAGE],
        **OFFICE,
        setup=_framework,
        method="put",
        url=lambda g: f"/api/v1/criteria/{g.indicator.pk}/assignments",
        data=lambda g: {"lead_id": g.world.unit.pk},
        changed=_assignments,
    ),
    Case("GET /api/v1/evidence", [VIEW_EVIDENCE], setup=_evidence, visible="台账照片"),
    Case(
        "POST /api/v1/evidence",
        [VIEW_EVIDENCE, SUBMIT],
        setup=_owned,
        method="post",
        format="multipart",
        data=lambda g: {
            "file": pdf_upload(),
            "indicator_id": g.indicator.pk,
            "organization_id": g.world.unit.pk,
            "title": "整改方案",
            "kind": "document",
        },
        changed=lambda g: snapshot(Evidence, "title"),
    ),
    Case(
        "POST /api/v1/evidence/{evidence_id}/review",
        [REVIEW],
        setup=_evidence,
        method="post",
        url=lambda g: f"/api/v1/evidence/{g.evidence.pk}/review",
        data={"decision": "accepted"},
        changed=lambda g: refreshed(g.evidence, "status"),
    ),
    Case(
        "GET /api/v1/agreements",
        [VIEW_AGREEMENT],
        setup=_agreement,
        visible=lambda g: g.agreement.title,
    ),
    Case(
        "PATCH /api/v1/agreements/{agreement_id}",
        [VIEW_AGREEMENT, MANAGE_AGREEMENT],
        setup=_agreement,
        method="patch",
        url=lambda g: f"/api/v1/agreements/{g.agreement.pk}",
        data={"targets": "全年创建任务达标"},
        changed=_versions,
    ),
    Case(
        "POST /api/v1/agreements/{agreement_id}/amend",
        [VIEW_AGREEMENT, MANAGE_AGREEMENT],
        setup=_signed,
        method="post",
        url=lambda g: f"/api/v1/agreements/{g.agreement.pk}/amend",
        data={"targets": "新增背街小巷整治", "reason": "年中调整任务"},
        changed=_versions,
    ),
    Case(
        "POST /api/v1/agreements/{agreement_id}/acknowledge",
        [VIEW_AGREEMENT, ACKNOWLEDGE],
        position="head",
        setup=_agreement,
        method="post",
        url=lambda g: f"/api/v1/agreements/{g.agreement.pk}/acknowledge",
        changed=_agreements,
    ),
]


def _workbook():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "体系.xlsx",
        workbook_file(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run_case(case, world)


# --- Operations added with the permission gate (their setups act as the system) ---


def _draft_by_system(world):
    from wenming.core.permissions import SYSTEM

    objects = _owned(world)
    agreement = generate_agreement(world.unit, objects["framework"], year=2025, actor=SYSTEM)
    return {**objects, "agreement": agreement}


def _returned_by_system(world):
    from wenming.core.permissions import SYSTEM
    from wenming.standards.actions import review_evidence
    from wenming.standards.choices import EvidenceStatus

    objects = _owned(world)
    evidence = submit_evidence(
        objects["indicator"],
        world.unit,
        upload=pdf_upload(),
        title="台账照片",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )
    evidence = review_evidence(evidence, EvidenceStatus.RETURNED, reason="照片不清晰", actor=SYSTEM)
    return {**objects, "evidence": evidence}


GATE_CASES = [
    Case(
        "POST /api/v1/frameworks/{framework_id}/status",
        [VIEW, MANAGE],
        **OFFICE,
        setup=_framework,
        method="post",
        url=lambda g: f"/api/v1/frameworks/{g.framework.pk}/status",
        data={"status": "active"},
        changed=_frameworks,
    ),
    Case(
        "POST /api/v1/frameworks/{framework_id}/agreements",
        [VIEW, VIEW_AGREEMENT, MANAGE_AGREEMENT],
        **OFFICE,
        setup=_owned,
        method="post",
        url=lambda g: f"/api/v1/frameworks/{g.framework.pk}/agreements",
        data={"year": 2025, "targets": "完成年度创建任务"},
        changed=_agreements,
    ),
    Case(
        "POST /api/v1/agreements/{agreement_id}/issue",
        [VIEW_AGREEMENT, MANAGE_AGREEMENT],
        **OFFICE,
        setup=_draft_by_system,
        method="post",
        url=lambda g: f"/api/v1/agreements/{g.agreement.pk}/issue",
        changed=_agreements,
    ),
    Case(
        "POST /api/v1/evidence/{evidence_id}/resubmit",
        [VIEW_EVIDENCE, SUBMIT],
        setup=_returned_by_system,
        method="post",
        format="multipart",
        url=lambda g: f"/api/v1/evidence/{g.evidence.pk}/resubmit",
        data=lambda g: {"file": pdf_upload()},
        changed=lambda g: refreshed(g.evidence, "status", "file"),
    ),
]
CASES += GATE_CASES


@pytest.mark.parametrize("case", params(GATE_CASES))
def test_permission_matrix_of_the_gated_operations(world, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run_case(case, world)
