"""The whole OpenAPI document under a schema fuzzer (schemathesis), on SQLite and PostgreSQL.

Given a small world and an office administrator's token, every operation is called with the
coverage phase's boundary values (ids, offsets and limits just past their bounds, empty
strings, missing and wrongly typed fields) and the fuzzing phase's random values. No answer may be a 5xx, carry a status the
document does not list, or break its documented schema.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django_scopes import scope
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from wenming.core.permissions import RoleScope

#: Examples per operation and phase: enough to hit the boundaries, bounded so that the whole
#: document runs in about a minute per database on two cores.
MAX_EXAMPLES = 6

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 8,
        "phases": {
            "examples": {"enabled": False},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    }
)

#: What the API promises (docs/api.md): no 5xx, no status the document does not list, every
#: answer of the documented content type and schema. (Whether a schema-valid request succeeds
#: depends on the data — a random id is a 404 — so that check is not among them.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _keep_connection():
    """Keep the test's database connection open across requests, as Django's test client does
    (the WSGI handler would close it around each request)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def admin_token(world, _keep_connection):
    """An office administrator's API token, in a world with a few rows of each kind."""
    from wenming.accounts.actions import create_api_token
    from wenming.organizations.roles import REGISTRY

    admin = world.member(world.office, sorted(REGISTRY), scope=RoleScope.JURISDICTION)
    _seed(world, admin)
    _token, key = create_api_token(admin, "fuzz", actor=admin)
    return key


def _seed(world, admin):
    """A few rows, so that lists answer with items whose schema is checked too."""
    import datetime
    from decimal import Decimal

    from wenming.standards.tests.factories import make_framework
    from wenming.tasks import actions as task_actions
    from wenming.volunteers.choices import VolunteerStatus
    from wenming.volunteers.tests.conftest import make_volunteers

    with scope(jurisdiction=world.jurisdiction):
        make_framework(world.jurisdiction, actor=admin)
        task_actions.create_task(
            jurisdiction=world.jurisdiction,
            title="整治占道经营",
            lead_unit=world.unit,
            co_units=[world.sibling_unit],
            due_date=datetime.date(2026, 6, 30),
            actor=admin,
        )
        task_actions.create_project(
            jurisdiction=world.jurisdiction,
            name="道路改造",
            category="roads",
            lead_unit=world.unit,
            target_quantity=Decimal("51.2"),
            quantity_unit="公里",
            actor=admin,
        )
    make_volunteers(world, 2, status=VolunteerStatus.PENDING, organization=world.unit)


def _load_schema():
    from wenming.config.api import api
    from wenming.config.wsgi import application

    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), default=str))
    loaded = schemathesis.openapi.from_dict(document, config=CONFIG)
    loaded.app = application
    return loaded


schema = _load_schema()


@schema.parametrize()
@hypothesis_settings(
    suppress_health_check=list(HealthCheck), deadline=None, max_examples=MAX_EXAMPLES
)
def test_the_api_answers_every_generated_request_as_documented(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)
