"""The API's contract under bad input: bounded parameters, JSON errors only, documented statuses.

Each case here was answered with an HTML 500 page, a misleading 409, an undocumented 400 or a
405 before the shared bounds in `wenming.core.api` and the handlers in `wenming.config.api`.
"""

import json
from decimal import Decimal

import pytest
from django_scopes import scope

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.organizations.roles import REGISTRY
from wenming.standards.tests.factories import workbook_file
from wenming.tasks import actions as task_actions
from wenming.tasks.models import Project, Task
from wenming.testing import api_client_for

PAST_64_BITS = 2**64


@pytest.fixture
def admin(world):
    """An office administrator: every permission across the jurisdiction."""
    return world.member(world.office, sorted(REGISTRY), scope=RoleScope.JURISDICTION)


def post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def assert_json_error(response, status, code="validation_error"):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code


def test_a_task_for_a_unit_id_past_64_bits_is_refused_with_422(world, admin):
    # given an office administrator
    client = api_client_for(admin)
    # when a task names a lead unit past the database's integer range
    response = post(
        client,
        "/api/v1/tasks",
        {"title": "整治", "lead_unit_id": PAST_64_BITS, "due_date": "2026-06-30"},
    )
    # then the body does not validate, and nothing was written
    assert_json_error(response, 422)
    with scope(jurisdiction=world.jurisdiction):
        assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"/api/v1/criteria/{PAST_64_BITS}/assignments", {"co_unit_ids": []}),
        ("/api/v1/criteria/1/assignments", {"lead_id": PAST_64_BITS}),
        ("/api/v1/criteria/1/assignments", {"co_unit_ids": [0]}),
    ],
)
def test_criterion_assignments_with_ids_out_of_range_are_refused_with_422(world, admin, path, body):
    response = post(api_client_for(admin), path, body, method="put")
    assert_json_error(response, 422)


@pytest.mark.parametrize(
    "query",
    [f"offset={PAST_64_BITS}", "offset=-1", "limit=0", "limit=501", f"limit={PAST_64_BITS}"],
)
@pytest.mark.parametrize("path", ["/api/v1/tasks", "/api/v1/evidence", "/api/v1/organizations"])
def test_lists_refuse_offsets_and_limits_out_of_range_with_422(world, admin, path, query):
    response = api_client_for(admin).get(f"{path}?{query}")
    assert_json_error(response, 422)


def test_the_largest_offset_is_an_empty_page_not_an_error(world, admin):
    response = api_client_for(admin).get(f"/api/v1/tasks?offset={2**63 - 1}&limit=500")
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []


def test_a_filter_id_past_64_bits_is_refused_with_422(world, admin):
    response = api_client_for(admin).get(f"/api/v1/evidence?framework_id={PAST_64_BITS}")
    assert_json_error(response, 422)


@pytest.mark.parametrize("body", [b"{", b"\xff\xfe", b'{"title": '])
def test_an_unparseable_body_gets_the_json_error_body_with_422(world, admin, body):
    response = api_client_for(admin).post("/api/v1/tasks", body, content_type="application/json")
    assert_json_error(response, 422)
    assert response.json()["details"][0]["type"] == "json_invalid"


def test_a_nul_character_in_a_body_is_refused_with_422_on_every_database(world, admin):
    # given a valid task body whose title hides a NUL character (SQLite would store it,
    # PostgreSQL refuses it)
    body = {"title": "整治\x00占道", "lead_unit_id": world.unit.pk, "due_date": "2026-06-30"}
    # when it is posted
    response = post(api_client_for(admin), "/api/v1/tasks", body)
    # then it is refused before anything is written
    assert_json_error(response, 422)
    assert response.json()["details"][0]["field"] == "title"
    with scope(jurisdiction=world.jurisdiction):
        assert not Task.objects.exists()


def test_a_nul_character_in_a_query_is_refused_with_422(world, admin):
    response = api_client_for(admin).get("/api/v1/organizations?search=%00")
    assert_json_error(response, 422)


def test_a_nul_character_in_a_form_field_is_refused_with_422(world, admin):
    response = api_client_for(admin).post(
        "/api/v1/frameworks/import", {"name": "体系\x00", "edition": "2025"}
    )
    assert_json_error(response, 422)


def test_the_framework_import_is_reachable(world, admin):
    # given a framework workbook
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("体系.xlsx", workbook_file())
    # when it is posted to the import operation (the framework-id route used to take it: 405)
    response = api_client_for(admin).post(
        "/api/v1/frameworks/import",
        {"file": upload, "name": "测评体系", "edition": "2026", "dry_run": "true"},
    )
    # then the import runs (a dry run previews and writes nothing)
    assert response.status_code == 200, response.content
    assert response.json()["dry_run"] is True


def test_a_project_report_past_the_column_range_is_refused_with_422(in_scope, admin):
    world = in_scope
    project = task_actions.create_project(
        jurisdiction=world.jurisdiction,
        name="道路改造",
        category="roads",
        lead_unit=world.unit,
        target_quantity=Decimal("51.2"),
        quantity_unit="公里",
        actor=SYSTEM,
    )
    for quantity in ("1e20", "0.001", "NaN", "Infinity"):
        response = post(
            api_client_for(admin), f"/api/v1/projects/{project.pk}/reports", {"quantity": quantity}
        )
        assert_json_error(response, 422)
    assert Project.objects.get(pk=project.pk).completed_quantity == 0


def test_an_unexpected_error_is_the_json_error_body_500_and_logged(
    world, admin, monkeypatch, caplog
):
    # given an action that fails with a bug
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(task_actions, "create_task", broken)
    # when the API calls it
    response = post(
        api_client_for(admin),
        "/api/v1/tasks",
        {"title": "整治", "lead_unit_id": world.unit.pk, "due_date": "2026-06-30"},
    )
    # then the answer is the JSON error body, never an HTML page, and the traceback is logged
    assert_json_error(response, 500, "server_error")
    assert "a bug" not in response.content.decode()
    assert any(record.exc_info for record in caplog.records)


def test_every_operation_documents_its_error_statuses():
    from wenming.config.api import api

    document = api.get_openapi_schema(path_prefix="/api/v1")
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            documented = {int(status) for status in operation["responses"]}
            needed = {401, 403, 404, 422}
            if method in ("post", "put", "patch", "delete"):
                needed |= {400, 409}
            if not needed <= documented:
                missing.append(f"{method.upper()} {path}: {sorted(needed - documented)}")
    assert not missing, "\n".join(missing)


def test_the_openapi_document_bounds_ids_offsets_and_limits():
    from wenming.config.api import api

    document = api.get_openapi_schema(path_prefix="/api/v1")
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in document["paths"]["/api/v1/tasks"]["get"]["parameters"]
    }
    assert parameters["limit"]["minimum"] == 1 and parameters["limit"]["maximum"] == 500
    assert parameters["offset"]["minimum"] == 0
    assert parameters["offset"]["maximum"] == 2**63 - 1
    report = document["paths"]["/api/v1/tasks/{task_id}/reports"]["post"]["parameters"][0]
    assert report["schema"]["minimum"] == 1 and report["schema"]["maximum"] == 2**63 - 1


def test_a_multipart_body_without_a_boundary_gets_the_json_error_body_with_422(world, admin):
    response = api_client_for(admin).post(
        "/api/v1/frameworks/import", b"--x\r\n", content_type="multipart/form-data"
    )
    assert_json_error(response, 422)


def test_new_operations_answer_201_without_a_deprecated_tuple(world, admin, recwarn):
    response = post(
        api_client_for(admin),
        "/api/v1/tasks",
        {"title": "整治", "lead_unit_id": world.unit.pk, "due_date": "2026-06-30"},
    )
    assert response.status_code == 201, response.content
    assert not [w for w in recwarn if "Returning tuple" in str(w.message)]
