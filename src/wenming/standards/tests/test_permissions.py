"""Permission matrices for assignments, agreements and evidence review (UI and API);
every denial changes nothing."""

import json

import pytest
from django.urls import reverse

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.standards.actions import generate_agreement, issue_agreement, submit_evidence
from wenming.standards.choices import EvidenceKind
from wenming.standards.models import Assignment, Evidence, ResponsibilityAgreement
from wenming.standards.tests.factories import assign, criterion, make_framework, pdf_upload
from wenming.testing import api_client_for, assert_matrix, matrix_users


def _assignments(framework):
    return sorted(
        Assignment.objects.filter(indicator__framework=framework).values_list(
            "indicator_id", "organization_id", "role"
        )
    )


def test_assignment_matrix_ui(in_scope):
    world = in_scope
    framework = make_framework(world.jurisdiction)
    indicator = criterion(framework)
    users = matrix_users(
        world,
        world.office,
        ["standards.manage_framework", "standards.view_framework"],
        scope=RoleScope.JURISDICTION,
    )
    url = reverse("standards:assignment-edit", args=[indicator.pk])
    assert_matrix(
        users,
        lambda client: client.post(
            url, {"lead": world.unit.pk, "co_units": [world.sibling_unit.pk]}
        ),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            # criteria are shared rows: a grant for one unit alone may not reassign them
            "other_unit": 403,
            "member_without": 403,
            "member_with": 302,
        },
        unchanged=lambda: _assignments(framework),
    )
    assert _assignments(framework) == sorted(
        [(indicator.pk, world.unit.pk, "lead"), (indicator.pk, world.sibling_unit.pk, "co")]
    )


def test_assignment_matrix_api(in_scope):
    world = in_scope
    framework = make_framework(world.jurisdiction)
    indicator = criterion(framework)
    users = matrix_users(
        world, world.office, ["standards.manage_framework"], scope=RoleScope.JURISDICTION
    )
    url = f"/api/v1/criteria/{indicator.pk}/assignments"
    assert_matrix(
        users,
        lambda client: client.put(
            url, json.dumps({"lead_id": world.unit.pk}), content_type="application/json"
        ),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            # criteria are shared rows: a grant for one unit alone may not reassign them
            "other_unit": 403,
            "member_without": 403,
            "member_with": 200,
        },
        unchanged=lambda: _assignments(framework),
        client_factory=api_client_for,
    )


@pytest.fixture
def submitted(in_scope):
    world = in_scope
    framework = make_framework(world.jurisdiction)
    indicator = assign(framework, world.unit)
    return submit_evidence(
        indicator,
        world.unit,
        upload=pdf_upload(),
        title="x",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )


def _evidence_state(evidence):
    return tuple(Evidence.objects.filter(pk=evidence.pk).values_list("status", "review_reason")[0])


def test_evidence_review_matrix_ui(in_scope, submitted):
    world = in_scope
    users = matrix_users(
        world, world.unit, ["standards.view_evidence", "standards.review_evidence"]
    )
    url = reverse("standards:evidence-detail", args=[submitted.pk])
    assert_matrix(
        users,
        lambda client: client.post(url, {"decision": "returned", "reason": "缺少盖章"}),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 302,
        },
        unchanged=lambda: _evidence_state(submitted),
    )
    assert _evidence_state(submitted) == ("returned", "缺少盖章")


def test_evidence_review_matrix_api(in_scope, submitted):
    world = in_scope
    users = matrix_users(world, world.unit, ["standards.review_evidence"])
    url = f"/api/v1/evidence/{submitted.pk}/review"
    assert_matrix(
        users,
        lambda client: client.post(
            url, json.dumps({"decision": "accepted"}), content_type="application/json"
        ),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 200,
        },
        unchanged=lambda: _evidence_state(submitted),
        client_factory=api_client_for,
    )
    # A second review of the same evidence is a refused transition.
    response = api_client_for(users["member_with"]).post(
        url, json.dumps({"decision": "accepted"}), content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


def test_evidence_submission_api_refuses_with_reasons(in_scope):
    world = in_scope
    framework = make_framework(world.jurisdiction)
    owned = assign(framework, world.unit)
    other = criterion(framework, "1.1.1.2")
    user = world.member(world.unit, ["standards.submit_evidence", "standards.view_evidence"])
    client = api_client_for(user)

    def post(indicator, content=None, kind="document"):
        upload = pdf_upload()
        if content is not None:
            upload.file.write(b"")
            from django.core.files.uploadedfile import SimpleUploadedFile

            upload = SimpleUploadedFile("a.pdf", content)
        return client.post(
            "/api/v1/evidence",
            {
                "file": upload,
                "indicator_id": indicator.pk,
                "organization_id": world.unit.pk,
                "kind": kind,
            },
        )

    response = post(other)
    assert (response.status_code, response.json()["code"]) == (400, "not_owner")
    response = post(owned, content=b"GIF89a not allowed")
    assert (response.status_code, response.json()["code"]) == (422, "forbidden_type")
    assert not Evidence.objects.exists()
    response = post(owned)
    assert response.status_code == 201
    sibling_user = world.member(
        world.sibling_unit, ["standards.submit_evidence"], scope=RoleScope.OWN
    )
    response = api_client_for(sibling_user).post(
        "/api/v1/evidence",
        {
            "file": pdf_upload(),
            "indicator_id": owned.pk,
            "organization_id": world.unit.pk,
            "kind": "document",
        },
    )
    assert response.status_code == 404
    assert Evidence.objects.count() == 1


@pytest.fixture
def issued(in_scope):
    world = in_scope
    framework = make_framework(world.jurisdiction, edition="2026")
    assign(framework, world.unit)
    agreement = generate_agreement(world.unit, framework, year=2025, actor=SYSTEM)
    issue_agreement(agreement, actor=SYSTEM)
    return agreement


def _agreement_state(agreement):
    return tuple(
        ResponsibilityAgreement.objects.filter(pk=agreement.pk).values_list(
            "status", "version", "acknowledged_by_id"
        )[0]
    )


def test_agreement_acknowledge_matrix(in_scope, issued):
    world = in_scope
    users = matrix_users(
        world, world.unit, ["standards.view_agreement", "standards.acknowledge_agreement"]
    )
    from wenming.organizations.models import Membership

    Membership.objects.filter(person__user=users["member_with"]).update(position="head")
    url = reverse("standards:agreement-detail", args=[issued.pk])
    assert_matrix(
        users,
        lambda client: client.post(url, {"operation": "acknowledge"}),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 302,
        },
        unchanged=lambda: _agreement_state(issued),
    )
    assert _agreement_state(issued)[0] == "acknowledged"
    again = api_client_for(users["member_with"]).post(f"/api/v1/agreements/{issued.pk}/acknowledge")
    assert (again.status_code, again.json()["code"]) == (409, "already_acknowledged")


def test_agreement_edit_matrix(in_scope, issued):
    world = in_scope
    users = matrix_users(
        world,
        world.office,
        ["standards.view_agreement", "standards.manage_agreement"],
        scope=RoleScope.JURISDICTION,
    )
    url = reverse("standards:agreement-detail", args=[issued.pk])

    def targets():
        return list(issued.versions.values_list("number", "targets"))

    assert_matrix(
        users,
        lambda client: client.post(url, {"operation": "save", "targets": "新目标"}),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 302,
        },
        unchanged=targets,
    )
    assert targets() == [(1, "新目标")]


def test_pages_render_for_the_office(in_scope, submitted, issued, django_assert_max_num_queries):
    world = in_scope
    from wenming.testing import client_for

    framework = submitted.indicator.framework
    user = world.member(
        world.office,
        [
            "standards.view_framework",
            "standards.manage_framework",
            "standards.view_evidence",
            "standards.review_evidence",
            "standards.view_agreement",
            "standards.manage_agreement",
        ],
        scope=RoleScope.JURISDICTION,
    )
    client = client_for(user)
    for name, args in [
        ("standards:framework-list", []),
        ("standards:framework-detail", [framework.pk]),
        ("standards:assignment-list", [framework.pk]),
        ("standards:completeness", [framework.pk]),
        ("standards:evidence-list", []),
        ("standards:evidence-detail", [submitted.pk]),
        ("standards:agreement-list", []),
        ("standards:agreement-detail", [issued.pk]),
        ("standards:framework-import", []),
        ("dashboards:home", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)
    export = client.get(reverse("standards:framework-export", args=[framework.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    # the export is audited with the framework and the number of rows it holds
    from io import BytesIO

    from django_scopes import scopes_disabled
    from openpyxl import load_workbook

    from wenming.core.models import AuditEvent

    with scopes_disabled():
        [event] = AuditEvent.objects.filter(action="standards.indicator.exported")
    assert event.new_data["rows"] == load_workbook(BytesIO(export.content)).active.max_row - 1
    assert event.new_data["rows"] > 0
    assert event.new_data["filters"] == {"framework": framework.pk}
    assert event.target_id == str(framework.pk)
    with django_assert_max_num_queries(25):
        client.get(reverse("standards:completeness", args=[framework.pk]))
